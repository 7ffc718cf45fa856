/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON header, then the
 * tensor bytes. The header maps each tensor name to `{dtype, shape, data_offsets: [begin,
 * end]}` (offsets into the byte buffer after the header) and may hold `__metadata__`, a map
 * of strings to strings. Elements are little-endian, row-major; the buffer has no holes.
 */
import { byteSize, type DType, viewTyped } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";

const TO_ST: Record<DType, string> = {
  bool: "BOOL",
  i8: "I8",
  i16: "I16",
  i32: "I32",
  i64: "I64",
  u8: "U8",
  u32: "U32",
  u64: "U64",
  f16: "F16",
  bf16: "BF16",
  f32: "F32",
  f64: "F64",
};
const FROM_ST: Record<string, DType> = Object.fromEntries(
  Object.entries(TO_ST).map(([d, s]) => [s, d as DType]),
);

/** One header entry. */
export interface SafetensorsEntry {
  dtype: DType;
  shape: number[];
  /** [begin, end) byte offsets into the data section. */
  offsets: [number, number];
}

/** A decoded file: tensors by name (in file order) and the `__metadata__` strings. */
export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const HEADER_ALIGN = 8;
const MAX_HEADER = 100 * 1024 * 1024;

/**
 * Serializes named tensors (in the order given) and string metadata. The header is padded
 * with spaces so the data section starts 8-byte aligned.
 * `writeFileSync("w.safetensors", encodeSafetensors({ w }, { step: "10" }))`
 */
export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string")
        throw new TsmlxError("safetensors", `metadata "${k}" must be a string, got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "__metadata__") throw new TsmlxError("safetensors", `"__metadata__" cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new TsmlxError("safetensors", `"${name}" is not a Tensor`);
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.size * byteSize(t.dtype));
    header[name] = {
      dtype: TO_ST[t.dtype],
      shape: t.shape.dims,
      data_offsets: [offset, offset + bytes.length],
    };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  const raw = new TextEncoder().encode(json);
  const pad = (HEADER_ALIGN - ((8 + raw.length) % HEADER_ALIGN)) % HEADER_ALIGN;
  json += " ".repeat(pad);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Reads and fully validates the header of a safetensors buffer: sizes, dtypes, shapes and
 * that the offsets tile the data section exactly. `what` names the file in errors.
 * `const { entries, dataStart } = parseSafetensorsHeader(bytes)`
 */
export function parseSafetensorsHeader(
  bytes: Uint8Array,
  what = "safetensors data",
): { entries: Map<string, SafetensorsEntry>; metadata: Record<string, string>; dataStart: number } {
  const fail = (msg: string): never => {
    throw new TsmlxError("safetensors", `${what}: ${msg}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes, too short for the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) {
    fail(`header length ${n} exceeds the ${bytes.length - 8} bytes after it (truncated or not safetensors)`);
  }
  const dataStart = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    fail("header is not a JSON object");
  const dataLength = bytes.length - dataStart;
  const entries = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof v !== "object" || v === null || Object.values(v).some((x) => typeof x !== "string")) {
        fail("__metadata__ must map strings to strings");
      }
      metadata = v as Record<string, string>;
      continue;
    }
    const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof e?.dtype === "string" ? FROM_ST[e.dtype] : undefined;
    if (!dtype)
      fail(
        `tensor "${name}" has dtype ${JSON.stringify(e?.dtype)}, expected one of ${Object.values(TO_ST).join(", ")}`,
      );
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor "${name}" has shape ${JSON.stringify(shape)}, expected a list of non-negative integers`);
    }
    const off = e.data_offsets;
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      !off.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      off[0] > off[1]
    ) {
      fail(
        `tensor "${name}" has data_offsets ${JSON.stringify(off)}, expected [begin, end] with begin ≤ end`,
      );
    }
    const need = (shape as number[]).reduce((a, b) => a * b, 1) * byteSize(dtype!);
    const [b, en] = off as [number, number];
    if (en - b !== need) {
      fail(
        `tensor "${name}" ${dtype}[${(shape as number[]).join(",")}] needs ${need} bytes, data_offsets span ${en - b}`,
      );
    }
    if (en > dataLength) {
      fail(`tensor "${name}" ends at byte ${en} of the data but the file holds ${dataLength} (truncated)`);
    }
    entries.set(name, { dtype: dtype!, shape: shape as number[], offsets: [b, en] });
  }
  // The offsets must tile [0, dataLength) with no holes or overlaps.
  const spans = [...entries.values()].map((e) => e.offsets).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let at = 0;
  for (const [b, e] of spans) {
    if (b !== at) fail(b > at ? `data has a hole at bytes ${at}..${b}` : `tensors overlap at byte ${b}`);
    at = e;
  }
  if (at !== dataLength) fail(`data section holds ${dataLength} bytes but the tensors cover ${at}`);
  return { entries, metadata, dataStart };
}

/**
 * Decodes a safetensors buffer into host tensors (copied, so they own aligned memory).
 * `const { tensors, metadata } = decodeSafetensors(readFileSync("w.safetensors"))`
 */
export function decodeSafetensors(bytes: Uint8Array, what?: string): SafetensorsContents {
  const { entries, metadata, dataStart } = parseSafetensorsHeader(bytes, what);
  const tensors: Record<string, Tensor> = {};
  for (const [name, e] of entries) {
    // A fresh, aligned copy (Buffer#slice would give a view into Node's shared pool).
    const copy = new Uint8Array(e.offsets[1] - e.offsets[0]);
    copy.set(bytes.subarray(dataStart + e.offsets[0], dataStart + e.offsets[1]));
    const size = e.shape.reduce((a, b) => a * b, 1);
    tensors[name] = Tensor.fromTypedArray(e.dtype, e.shape, viewTyped(e.dtype, copy.buffer, 0, size));
  }
  return { tensors, metadata };
}
