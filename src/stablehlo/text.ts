/**
 * Pieces of StableHLO text in MLIR's generic form: tensor types, attributes and literals.
 */
import { type DType, isFloat, mlirElementType, type TypedArray } from "../core/dtype.js";
import { readElement } from "../core/elements.js";
import type { Shape } from "../core/shape.js";
import type { Tensor } from "../core/tensor.js";

/** `tensor<2x3xf32>`, `tensor<f32>` for a scalar. `tensorType("f32", Shape.of(2, 3))` */
export function tensorType(dtype: DType, shape: Shape | readonly number[]): string {
  const dims = Array.isArray(shape) ? (shape as readonly number[]) : (shape as Shape).dims;
  const prefix = dims.map((d) => `${d}x`).join("");
  return `tensor<${prefix}${mlirElementType(dtype)}>`;
}

/** `array<i64: 1, 0>` (`array<i64>` when empty). `i64Array([1, 0]) === "array<i64: 1, 0>"` */
export function i64Array(values: readonly number[]): string {
  return values.length === 0 ? "array<i64>" : `array<i64: ${values.join(", ")}>`;
}

/** An integer attribute, `1 : i64`. */
export function i64Attr(v: number): string {
  return `${v} : i64`;
}

const scratch = new DataView(new ArrayBuffer(8));

/** The bit pattern of a float element as MLIR hex, e.g. `0x7FC00000` for an f32 NaN. */
export function floatHex(dtype: DType, data: TypedArray, i: number): string {
  switch (dtype) {
    case "f16":
    case "bf16":
      return `0x${(data[i] as number).toString(16).toUpperCase().padStart(4, "0")}`;
    case "f32":
      scratch.setFloat32(0, data[i] as number);
      return `0x${scratch.getUint32(0).toString(16).toUpperCase().padStart(8, "0")}`;
    default: {
      scratch.setFloat64(0, data[i] as number);
      return `0x${scratch.getBigUint64(0).toString(16).toUpperCase().padStart(16, "0")}`;
    }
  }
}

/** Most significant digits a decimal float literal may have before hex is used instead. */
const MAX_DECIMAL_DIGITS = 12;

/**
 * A float as an MLIR literal that reads back exactly: a short decimal (`1.0`, `-2.5e-07`) when
 * the value has one, else its hex bit pattern (always for NaN and ±Inf).
 * `floatDecimal(0.5) === "0.5"`; returns undefined where only hex is exact and short.
 */
export function floatDecimal(v: number): string | undefined {
  if (!Number.isFinite(v)) return undefined;
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v); // shortest decimal that reads back as exactly this double
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return undefined;
  const digits = `${m[2]}${m[3] ?? ""}`.replace(/^0+/, "").replace(/0+$/, "");
  if (digits.length > MAX_DECIMAL_DIGITS) return undefined;
  const mant = `${m[1]}${m[2]}.${m[3] ?? "0"}`;
  return m[4] ? `${mant}e${m[4]}` : mant;
}

/** One element of `data` as a literal for a dense attribute. */
export function elementLiteral(
  dtype: DType,
  data: TypedArray,
  i: number,
  value: number | bigint | boolean,
): string {
  if (dtype === "bool") return value ? "true" : "false";
  if (!isFloat(dtype)) return String(value);
  return floatDecimal(value as number) ?? floatHex(dtype, data, i);
}

/**
 * Constants with more elements than this are written as one hex string of their bytes
 * (little-endian, as MLIR reads `dense<"0x...">`), which lowers a large constant in
 * microseconds and keeps small ones readable.
 */
const HEX_BLOB_MIN_ELEMENTS = 64;

/** True when every element of `bytes` (elements of `width` bytes) equals the first. */
function isSplat(bytes: Uint8Array, width: number): boolean {
  for (let i = width; i < bytes.length; i += width) {
    for (let b = 0; b < width; b++) if (bytes[i + b] !== bytes[b]) return false;
  }
  return true;
}

/**
 * A dense elements attribute with its type: `dense<1.0> : tensor<2x3xf32>` for a splat,
 * `dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>` otherwise, and `dense<"0x0000803F...">` for a
 * non-splat constant of more than 64 numbers.
 */
export function denseAttr(t: Tensor): string {
  const n = t.size;
  const type = tensorType(t.dtype, t.shape);
  if (n === 0) return `dense<> : ${type}`;
  if (n > HEX_BLOB_MIN_ELEMENTS && t.dtype !== "bool") {
    const d = t.data;
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    if (isSplat(bytes, d.BYTES_PER_ELEMENT)) {
      return `dense<${elementLiteral(t.dtype, d, 0, readElement(t.dtype, d, 0))}> : ${type}`;
    }
    return `dense<"0x${Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("hex").toUpperCase()}"> : ${type}`;
  }
  const values = t.values();
  const lits = values.map((v, i) => elementLiteral(t.dtype, t.data, i, v));
  if (lits.every((l) => l === lits[0])) return `dense<${lits[0]}> : ${type}`;
  const dims = t.shape.dims;
  let pos = 0;
  const nest = (axis: number): string => {
    if (axis === dims.length) return lits[pos++]!;
    return `[${Array.from({ length: dims[axis]! }, () => nest(axis + 1)).join(", ")}]`;
  };
  return `dense<${nest(0)}> : ${type}`;
}

/** Formats `{a = 1, b = 2}` from entries (empty string when none). */
export function attrDict(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return "";
  return ` {${entries.map(([k, v]) => `${k} = ${v}`).join(", ")}}`;
}

/** A valid MLIR symbol name from any string (`@main`, `@"my model"`). */
export function symbolName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_$.]*$/.test(name)) return `@${name}`;
  return `@"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
