import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { Tensor, tensor } from "../../src/core/tensor.js";

test("tensor infers f32 from numbers, bool from booleans and i64 from bigints", () => {
  assert.equal(
    tensor([
      [1, 2],
      [3, 4],
    ]).dtype,
    "f32",
  );
  assert.equal(tensor([true, false]).dtype, "bool");
  assert.equal(tensor([1n, 2n]).dtype, "i64");
  assert.equal(tensor(3).dtype, "f32");
  assert.equal(tensor(3).rank, 0);
  assert.deepEqual(tensor([[1, 2, 3]]).shape.dims, [1, 3]);
  assert.deepEqual(tensor([[], []]).shape.dims, [2, 0]);
});

test("tensor with an explicit dtype converts: integers wrap, floats round to nearest even", () => {
  assert.deepEqual(tensor([257, -1, 3.9], "u8").values(), [1, 255, 3]);
  assert.deepEqual(tensor([2n ** 63n], "i64").values(), [-(2n ** 63n)]);
  assert.deepEqual(tensor([-1], "u64").values(), [2n ** 64n - 1n]);
  assert.deepEqual(tensor([1.00390625], "bf16").values(), [1]); // halfway: rounds to even
  assert.deepEqual(tensor([1.01171875], "bf16").values(), [1.015625]);
  assert.deepEqual(tensor([0.1], "f16").values(), [0.0999755859375]);
  assert.deepEqual(tensor([0, 2, -0.5], "bool").values(), [false, true, true]);
  assert.equal(tensor([0.1], "f32").get(0), Math.fround(0.1));
});

test("bf16 and f16 tensors hold raw 16-bit words", () => {
  const t = tensor([1, -2], "bf16");
  assert.ok(t.data instanceof Uint16Array);
  assert.deepEqual([...t.data], [0x3f80, 0xc000]);
  assert.deepEqual([...tensor([1], "f16").data], [0x3c00]);
});

test("ragged nested arrays and non-scalar elements are rejected with a message", () => {
  assert.throws(
    () => tensor([[1, 2], [3]]),
    /\[tensor\] ragged nested array: expected length 2 at depth 1, got 1/,
  );
  assert.throws(
    () => tensor([["a"]] as never),
    /\[tensor\] elements must be numbers, bigints or booleans, got string/,
  );
});

test("get reads elements by index, with negative indices, and checks ranges", () => {
  const t = tensor(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    "i32",
  );
  assert.equal(t.get(1, 2), 6);
  assert.equal(t.get(-1, 0), 4);
  assert.throws(() => t.get(2, 0), /\[get\] index 2 out of range for axis 0 of i32\[2,3\]/);
  assert.throws(() => t.get(0), /\[get\] i32\[2,3\] needs 2 indices, got 1/);
});

test("toArray nests values; toFloat64Array converts every dtype", () => {
  assert.deepEqual(
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "i32",
    ).toArray(),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.equal(tensor(5, "i32").toArray(), 5);
  assert.deepEqual([...tensor([1n, -2n]).toFloat64Array()], [1, -2]);
  assert.deepEqual([...tensor([true, false]).toFloat64Array()], [1, 0]);
  assert.deepEqual([...tensor([1.5], "bf16").toFloat64Array()], [1.5]);
});

test("fromTypedArray wraps without copying and checks type and length", () => {
  const data = new Float32Array([1, 2, 3, 4]);
  const t = Tensor.fromTypedArray("f32", [2, 2], data);
  assert.equal(t.data, data);
  assert.throws(() => Tensor.fromTypedArray("f32", [3], data), /\[tensor\] f32\[3\] needs 3 elements, got 4/);
  assert.throws(
    () => Tensor.fromTypedArray("i32", [4], data),
    /\[tensor\] a Float32Array cannot hold i32 elements/,
  );
  assert.equal(Tensor.fromTypedArray("bool", [1], new Uint8Array([1])).get(0), true);
});

test("tensors print like numpy, with dtype and shape first", () => {
  assert.equal(
    tensor([
      [1, 2.5],
      [3, 4],
    ]).toString(),
    "f32[2,2]\n[[ 1., 2.5],\n [ 3.,  4.]]",
  );
  assert.equal(tensor([1, 2], "i32").toString(), "i32[2] [1, 2]");
  assert.equal(tensor(0.1).toString(), "f32[] 0.1");
  assert.equal(tensor([Number.NaN, Number.NEGATIVE_INFINITY, -0]).toString(), "f32[3] [ nan, -inf,  -0.]");
  assert.equal(tensor([true, false]).toString(), "bool[2] [ true, false]");
  assert.equal(tensor([2n ** 63n - 1n]).toString(), "i64[1] [9223372036854775807]");
  assert.equal(Tensor.zeros("f32", [0, 2]).toString(), "f32[0,2]\n[]");
  assert.equal(inspect(tensor([1], "u8")), "u8[1] [1]");
});

test("large tensors are summarized with ... on long axes", () => {
  const big = Tensor.fromValues(
    "i32",
    [40, 40],
    Array.from({ length: 1600 }, (_, i) => i),
  );
  const s = big.toString();
  const lines = s.split("\n");
  assert.equal(lines[0], "i32[40,40]");
  assert.equal(lines[1], "[[   0,    1,    2, ...,   37,   38,   39],");
  assert.ok(lines.some((l) => l.trim() === "...,"));
  assert.ok(s.endsWith("1597, 1598, 1599]]"));
  assert.ok(lines.length < 12);
  const small = Tensor.fromValues(
    "i32",
    [10],
    Array.from({ length: 10 }, (_, i) => i),
  );
  assert.ok(!small.toString().includes("..."));
});

test("f16 and bf16 round float64 values directly, without double rounding through f32", () => {
  // 1 + 2^-11 + 2^-40 is just above the f16 halfway point between 1 and 1 + 2^-10;
  // rounding to f32 first would land exactly on the halfway point and round down to 1.
  assert.deepEqual(tensor([1 + 2 ** -11 + 2 ** -40, 1 + 2 ** -11], "f16").values(), [1 + 2 ** -10, 1]);
  assert.deepEqual(
    tensor([1 + 2 ** -8 + 2 ** -40, -(1 + 2 ** -8 + 2 ** -40)], "bf16").values(),
    [1.0078125, -1.0078125],
  );
  assert.deepEqual(tensor([65519, 65520, -1e-30], "f16").values(), [65504, Number.POSITIVE_INFINITY, -0]);
});
