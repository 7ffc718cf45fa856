/**
 * CIFAR-10's layout for other images: grey 28×28 centred in 32×32 with the grey copied to RGB,
 * checked pixel by pixel, and Debian's Fashion-MNIST loaded that way with its labels.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Tensor } from "../../src/core/tensor.js";
import { fashionMnistAsCifar, toCifarLayout } from "../../src/data/cifar.js";
import { FASHION_MNIST_CLASSES, loadMnist } from "../../src/data/idx.js";

test("a grey 28×28 image sits at rows and columns 2..29 of a black 32×32 RGB image", () => {
  const grey = Tensor.fromTypedArray(
    "u8",
    [1, 28, 28, 1],
    Uint8Array.from({ length: 784 }, (_, i) => 1 + (i % 250)),
  );
  const out = toCifarLayout(grey);
  assert.equal(out.shape.toString(), "[1,32,32,3]");
  const px = out.data as Uint8Array;
  const at = (y: number, x: number, k: number) => px[(y * 32 + x) * 3 + k];
  assert.deepEqual([at(0, 0, 0), at(1, 5, 2), at(30, 30, 1), at(5, 31, 0)], [0, 0, 0, 0]);
  for (const [y, x] of [
    [2, 2],
    [15, 20],
    [29, 29],
  ] as const) {
    const v = 1 + (((y - 2) * 28 + (x - 2)) % 250);
    assert.deepEqual([at(y, x, 0), at(y, x, 1), at(y, x, 2)], [v, v, v]);
  }
  assert.throws(
    () => toCifarLayout(Tensor.zeros("u8", [1, 40, 40, 1])),
    /\[toCifarLayout\] images must be u8\[N,H,W,1 or 3\] with H and W at most 32, got u8\[1,40,40,1\]/,
  );
});

test("Fashion-MNIST as CIFAR: the first images and labels of each split, padded", () => {
  const { train, test } = fashionMnistAsCifar(undefined, { train: 100, test: 20 });
  assert.equal(train.images.shape.toString(), "[100,32,32,3]");
  assert.equal(test.images.shape.toString(), "[20,32,32,3]");
  const raw = loadMnist();
  assert.deepEqual([...train.labels.values()], [...raw.train.labels.values()].slice(0, 100));
  // Pixel (0, 0) of image 3 is pixel (2, 2) of the padded one.
  assert.equal(
    (train.images.data as Uint8Array)[3 * 3072 + (2 * 32 + 2) * 3],
    (raw.train.images.data as Uint8Array)[3 * 784],
  );
  assert.equal(FASHION_MNIST_CLASSES.length, 10);
});
