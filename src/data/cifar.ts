/**
 * CIFAR-10 in its binary format: each record is 1 label byte and 3072 image bytes
 * (1024 red, 1024 green, 1024 blue, each 32×32 row-major). Files: data_batch_1..5.bin and
 * test_batch.bin, in a directory (or its `cifar-10-batches-bin` subdirectory).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { FASHION_MNIST_DIR, loadMnist } from "./idx.js";

const SIDE = 32;
const PIXELS = SIDE * SIDE;
const RECORD = 1 + 3 * PIXELS;

/** One CIFAR-10 split: u8 images [N,32,32,3] (NHWC) and i32 labels [N]. */
export interface CifarSplit {
  images: Tensor;
  labels: Tensor;
}

/** The ten class names, by label. */
export const CIFAR10_CLASSES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
] as const;

/**
 * Parses the records of CIFAR-10 binary files into NHWC images and labels.
 * `parseCifar10([readFileSync("test_batch.bin")])`
 */
export function parseCifar10(files: readonly Uint8Array[], names: readonly string[] = []): CifarSplit {
  let n = 0;
  files.forEach((f, i) => {
    if (f.length % RECORD !== 0) {
      throw new TsmlxError(
        "loadCifar10",
        `${names[i] ?? `file ${i}`}: ${f.length} bytes is not a whole number of ${RECORD}-byte records`,
      );
    }
    n += f.length / RECORD;
  });
  const images = new Uint8Array(n * 3 * PIXELS);
  const labels = new Int32Array(n);
  let k = 0;
  files.forEach((f, fi) => {
    for (let r = 0; r < f.length / RECORD; r++, k++) {
      const base = r * RECORD;
      const label = f[base]!;
      if (label > 9) {
        throw new TsmlxError(
          "loadCifar10",
          `${names[fi] ?? `file ${fi}`}: record ${r} has label ${label}, expected 0..9`,
        );
      }
      labels[k] = label;
      const out = k * 3 * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        images[out + 3 * p] = f[base + 1 + p]!;
        images[out + 3 * p + 1] = f[base + 1 + PIXELS + p]!;
        images[out + 3 * p + 2] = f[base + 1 + 2 * PIXELS + p]!;
      }
    }
  });
  return {
    images: Tensor.fromTypedArray("u8", [n, SIDE, SIDE, 3], images),
    labels: Tensor.fromTypedArray("i32", [n], labels),
  };
}

/**
 * Loads CIFAR-10 (binary version) from `dir` or `dir/cifar-10-batches-bin`; a missing
 * directory or file is an error naming what is missing.
 * `const { train, test } = loadCifar10("/data/cifar10")`
 */
export function loadCifar10(dir: string): { train: CifarSplit; test: CifarSplit } {
  const candidates = [join(dir, "cifar-10-batches-bin"), dir];
  const root = candidates.find((d) => existsSync(join(d, "test_batch.bin")));
  if (!root) {
    throw new TsmlxError(
      "loadCifar10",
      `no CIFAR-10 binary files in ${dir} (looked for test_batch.bin there and in cifar-10-batches-bin/); ` +
        "download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and extract it there",
    );
  }
  const read = (names: string[]): CifarSplit => {
    const paths = names.map((n) => join(root, n));
    for (const p of paths) {
      if (!existsSync(p)) throw new TsmlxError("loadCifar10", `${p} is missing`);
    }
    return parseCifar10(
      paths.map((p) => readFileSync(p)),
      paths,
    );
  };
  return {
    train: read([1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`)),
    test: read(["test_batch.bin"]),
  };
}

/**
 * Grey or colour byte images `[N,H,W,1|3]` of at most 32×32 laid out as CIFAR-10's `[N,32,32,3]`:
 * centred on a black border, a grey value copied to all three channels.
 * `toCifarLayout(mnist.train.images)` → `u8[60000,32,32,3]`
 */
export function toCifarLayout(images: Tensor): Tensor {
  const d = images.shape.dims;
  if (images.dtype !== "u8" || d.length !== 4 || (d[3] !== 1 && d[3] !== 3) || d[1]! > SIDE || d[2]! > SIDE) {
    throw new TsmlxError(
      "toCifarLayout",
      `images must be u8[N,H,W,1 or 3] with H and W at most ${SIDE}, got ${images.dtype}${images.shape}`,
    );
  }
  const [n, h, w, c] = d as [number, number, number, number];
  const src = images.data as Uint8Array;
  const out = new Uint8Array(n * PIXELS * 3);
  const top = Math.floor((SIDE - h) / 2);
  const left = Math.floor((SIDE - w) / 2);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const from = ((i * h + y) * w + x) * c;
        const to = ((i * SIDE + y + top) * SIDE + x + left) * 3;
        for (let k = 0; k < 3; k++) out[to + k] = src[from + (c === 1 ? 0 : k)]!;
      }
  return Tensor.fromTypedArray("u8", [n, SIDE, SIDE, 3], out);
}

function firstRows(t: Tensor, n: number | undefined): Tensor {
  const rows = t.shape.dims[0]!;
  if (n === undefined || n >= rows) return t;
  const per = t.shape.size / rows;
  return Tensor.fromTypedArray(
    t.dtype,
    [n, ...t.shape.dims.slice(1)],
    t.data.slice(0, n * per) as Tensor["data"],
  );
}

/**
 * Fashion-MNIST (Debian's dataset-fashion-mnist, real data that needs no network) in CIFAR-10's
 * layout, `u8[N,32,32,3]`: the stand-in a CIFAR-10 model trains on where CIFAR-10 cannot be had.
 * `const { train, test } = fashionMnistAsCifar(FASHION_MNIST_DIR, { train: 8000, test: 1000 })`
 */
export function fashionMnistAsCifar(
  dir: string = FASHION_MNIST_DIR,
  limits: { readonly train?: number; readonly test?: number } = {},
): { train: CifarSplit; test: CifarSplit } {
  const { train, test } = loadMnist(dir);
  const split = (s: { images: Tensor; labels: Tensor }, n: number | undefined): CifarSplit => ({
    images: toCifarLayout(firstRows(s.images, n)),
    labels: firstRows(s.labels, n),
  });
  return { train: split(train, limits.train), test: split(test, limits.test) };
}
