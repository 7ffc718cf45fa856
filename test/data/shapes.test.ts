import assert from "node:assert/strict";
import { test } from "node:test";
import { COLORED_SHAPES_CLASSES, coloredShapes } from "../../src/data/index.js";

test("coloredShapes gives CIFAR-shaped u8 images with labels cycling through ten classes", () => {
  const { images, labels } = coloredShapes(25, 3);
  assert.equal(images.dtype, "u8");
  assert.deepEqual(images.shape.dims, [25, 32, 32, 3]);
  assert.deepEqual(
    labels.values(),
    Array.from({ length: 25 }, (_, i) => i % 10),
  );
  assert.equal(COLORED_SHAPES_CLASSES.length, 10);
});

test("coloredShapes is the same for the same seed and differs for another", () => {
  const a = coloredShapes(10, 7).images.data;
  assert.deepEqual(coloredShapes(10, 7).images.data, a);
  assert.notDeepEqual(coloredShapes(10, 8).images.data, a);
});

test("warm classes are redder than blue and cool classes bluer than red, on average", () => {
  const { images, labels } = coloredShapes(200, 1);
  const data = images.data as Uint8Array;
  const redMinusBlue = [0, 0];
  labels.values().forEach((label, i) => {
    let d = 0;
    for (let p = 0; p < 1024; p++) d += data[(i * 1024 + p) * 3]! - data[(i * 1024 + p) * 3 + 2]!;
    redMinusBlue[(label as number) < 5 ? 0 : 1]! += d / 1024 / 100;
  });
  assert.ok(redMinusBlue[0]! > 5, `warm: ${redMinusBlue[0]}`);
  assert.ok(redMinusBlue[1]! < -5, `cool: ${redMinusBlue[1]}`);
});

test("a negative or fractional count is an error", () => {
  assert.throws(() => coloredShapes(-1), /\[coloredShapes\] count must be a non-negative integer, got -1/);
  assert.throws(() => coloredShapes(1.5), /got 1\.5/);
});
