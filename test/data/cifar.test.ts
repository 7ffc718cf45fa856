import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadCifar10 } from "../../src/data/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-cifar-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** n CIFAR records: label (first + r) % 10, channel c of pixel p = (r + 3c + p) % 256. */
function records(n: number, first: number): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    out[r * 3073] = (first + r) % 10;
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++) out[r * 3073 + 1 + c * 1024 + p] = (r + 3 * c + p) % 256;
  }
  return out;
}

describe("CIFAR-10 binary files", () => {
  test("records become NHWC u8 images and i32 labels across the five training files", () => {
    const root = join(dir, "cifar-10-batches-bin");
    mkdirSync(root);
    for (let i = 1; i <= 5; i++) writeFileSync(join(root, `data_batch_${i}.bin`), records(2, i));
    writeFileSync(join(root, "test_batch.bin"), records(3, 0));
    const { train, test: testSplit } = loadCifar10(dir);
    assert.deepEqual(train.images.shape.dims, [10, 32, 32, 3]);
    assert.deepEqual(train.labels.values(), [1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
    assert.deepEqual(testSplit.images.shape.dims, [3, 32, 32, 3]);
    // Record 1 of the test file, pixel (row 2, col 5) = p 69: channels r, g, b.
    const px = (1 * 1024 + 69) * 3;
    const data = testSplit.images.data as Uint8Array;
    assert.deepEqual([data[px], data[px + 1], data[px + 2]], [70, 73, 76]);
  });

  test("an absent directory says where it looked and how to get the data", () => {
    assert.throws(
      () => loadCifar10(join(dir, "nope")),
      /no CIFAR-10 binary files in .*nope.*cifar-10-binary\.tar\.gz/,
    );
  });

  test("a file that is not whole records is rejected with its size", () => {
    const root = join(dir, "partial");
    mkdirSync(root);
    writeFileSync(join(root, "test_batch.bin"), records(1, 0).subarray(0, 3000));
    for (let i = 1; i <= 5; i++) writeFileSync(join(root, `data_batch_${i}.bin`), records(1, 0));
    assert.throws(
      () => loadCifar10(root),
      /test_batch\.bin: 3000 bytes is not a whole number of 3073-byte records/,
    );
  });
});
