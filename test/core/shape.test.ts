import assert from "node:assert/strict";
import { test } from "node:test";
import { Shape, toShape } from "../../src/core/shape.js";

test("Shape reports rank, size, dims and prints as [2,3]", () => {
  const s = new Shape([2, 3]);
  assert.equal(s.rank, 2);
  assert.equal(s.size, 6);
  assert.deepEqual(s.dims, [2, 3]);
  assert.equal(s.toString(), "[2,3]");
  assert.equal(Shape.scalar().toString(), "[]");
  assert.equal(Shape.scalar().size, 1);
  assert.equal(Shape.of(2, 0, 4).size, 0);
});

test("Shape is immutable: dims are frozen and copied from the input", () => {
  const dims = [2, 3];
  const s = new Shape(dims);
  dims[0] = 7;
  assert.equal(s.dims[0], 2);
  assert.throws(() => {
    (s.dims as number[])[0] = 5;
  });
});

test("Shape.equals compares with shapes and plain arrays", () => {
  assert.ok(Shape.of(2, 3).equals([2, 3]));
  assert.ok(Shape.of(2, 3).equals(Shape.of(2, 3)));
  assert.ok(!Shape.of(2, 3).equals([3, 2]));
  assert.ok(!Shape.of(2).equals([2, 1]));
});

test("Shape.dim accepts negative axes and rejects out-of-range ones", () => {
  assert.equal(Shape.of(2, 3).dim(-1), 3);
  assert.throws(() => Shape.of(2, 3).dim(2), /\[shape\] axis 2 out of range for rank 2 shape \[2,3\]/);
});

test("Shape rejects negative or fractional dims", () => {
  assert.throws(() => new Shape([2, -1]), /\[shape\] dims must be non-negative integers, got \[2,-1\]/);
  assert.throws(() => new Shape([1.5]), /non-negative integers/);
});

test("strides are row-major and toShape passes shapes through", () => {
  assert.deepEqual(Shape.of(2, 3, 4).strides(), [12, 4, 1]);
  const s = Shape.of(1);
  assert.equal(toShape(s), s);
  assert.ok(toShape([4]).equals([4]));
});
