/**
 * CIFAR-10 in its binary format: each record is 1 label byte and 3072 image bytes
 * (1024 red, 1024 green, 1024 blue, each 32×32 row-major). Files: data_batch_1..5.bin and
 * test_batch.bin, in a directory (or its `cifar-10-batches-bin` subdirectory).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";

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
