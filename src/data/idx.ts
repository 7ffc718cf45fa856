/**
 * IDX files (the MNIST family's format): a big-endian header (two zero bytes, a type code,
 * the number of dims, then each dim as u32) followed by the elements, big-endian.
 * gzip-compressed files (`.gz`) are recognized by their magic bytes and inflated.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { DType } from "../core/dtype.js";
import { allocTyped } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";

const IDX_TYPES: Record<number, { dtype: DType; bytes: number }> = {
  8: { dtype: "u8", bytes: 1 },
  9: { dtype: "i8", bytes: 1 },
  11: { dtype: "i16", bytes: 2 },
  12: { dtype: "i32", bytes: 4 },
  13: { dtype: "f32", bytes: 4 },
  14: { dtype: "f64", bytes: 8 },
};

/** True if `bytes` start with the gzip magic (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The header of an IDX buffer: its dtype and dims. `idxHeader(bytes).dims` */
export function idxHeader(
  bytes: Uint8Array,
  what = "IDX data",
): { dtype: DType; dims: number[]; dataOffset: number } {
  if (bytes.length < 4)
    throw new TsmlxError("readIdx", `${what}: ${bytes.length} bytes, too short for a header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new TsmlxError("readIdx", `${what}: magic starts ${bytes[0]}, ${bytes[1]}; expected 0, 0`);
  }
  const type = IDX_TYPES[bytes[2]!];
  if (!type)
    throw new TsmlxError("readIdx", `${what}: unknown element type code 0x${bytes[2]!.toString(16)}`);
  const rank = bytes[3]!;
  const dataOffset = 4 + 4 * rank;
  if (bytes.length < dataOffset) {
    throw new TsmlxError(
      "readIdx",
      `${what}: header needs ${dataOffset} bytes for ${rank} dims, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dtype: type.dtype, dims, dataOffset };
}

/**
 * Parses an IDX buffer (plain or gzip) into a tensor of its element type.
 * `parseIdx(readFileSync("train-labels-idx1-ubyte.gz"))` gives u8[60000]
 */
export function parseIdx(raw: Uint8Array, what = "IDX data"): Tensor {
  const bytes = isGzip(raw) ? new Uint8Array(gunzipSync(raw)) : raw;
  const { dtype, dims, dataOffset } = idxHeader(bytes, what);
  const count = dims.reduce((a, b) => a * b, 1);
  const elemBytes = IDX_TYPES[bytes[2]!]!.bytes;
  const need = dataOffset + count * elemBytes;
  if (bytes.length !== need) {
    throw new TsmlxError(
      "readIdx",
      `${what}: ${dtype}[${dims.join(",")}] needs ${need} bytes, file holds ${bytes.length}`,
    );
  }
  const out = allocTyped(dtype, count);
  if (elemBytes === 1) {
    (out as Uint8Array).set(bytes.subarray(dataOffset, need));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, count * elemBytes);
    for (let i = 0; i < count; i++) {
      const o = i * elemBytes;
      if (dtype === "i16") (out as Int16Array)[i] = view.getInt16(o, false);
      else if (dtype === "i32") (out as Int32Array)[i] = view.getInt32(o, false);
      else if (dtype === "f32") (out as Float32Array)[i] = view.getFloat32(o, false);
      else (out as Float64Array)[i] = view.getFloat64(o, false);
    }
  }
  return Tensor.fromTypedArray(dtype, dims, out);
}

/** Reads an IDX file (plain or gzip). `readIdx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")` */
export function readIdx(path: string): Tensor {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new TsmlxError("readIdx", `cannot read ${path}: ${(e as Error).message}`);
  }
  return parseIdx(raw, path);
}

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Fashion-MNIST's ten class names, by label. */
export const FASHION_MNIST_CLASSES = [
  "T-shirt",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "boot",
] as const;

/** One split of an MNIST-family dataset: u8 images [N,28,28,1] (NHWC) and i32 labels [N]. */
export interface MnistSplit {
  images: Tensor;
  labels: Tensor;
}

function findIdx(dir: string, base: string): string {
  for (const name of [`${base}.gz`, base]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new TsmlxError(
    "loadMnist",
    `${join(dir, base)}(.gz) not found; for Fashion-MNIST install Debian's dataset-fashion-mnist (files under ${FASHION_MNIST_DIR})`,
  );
}

/**
 * Loads an MNIST-family directory (train-/t10k- images and labels, plain or gzip).
 * `const { train, test } = loadMnist(FASHION_MNIST_DIR)`
 */
export function loadMnist(dir: string = FASHION_MNIST_DIR): { train: MnistSplit; test: MnistSplit } {
  const split = (prefix: string): MnistSplit => {
    const images = readIdx(findIdx(dir, `${prefix}-images-idx3-ubyte`));
    const labels = readIdx(findIdx(dir, `${prefix}-labels-idx1-ubyte`));
    const [n, h, w] = images.shape.dims;
    if (images.rank !== 3 || labels.rank !== 1 || labels.shape.dims[0] !== n) {
      throw new TsmlxError(
        "loadMnist",
        `${dir}/${prefix}: images ${images.dtype}${images.shape} and labels ${labels.dtype}${labels.shape} do not pair up`,
      );
    }
    return {
      images: Tensor.fromTypedArray(images.dtype, [n!, h!, w!, 1], images.data),
      labels: Tensor.fromTypedArray("i32", [n!], Int32Array.from(labels.data as Uint8Array)),
    };
  };
  return { train: split("train"), test: split("t10k") };
}
