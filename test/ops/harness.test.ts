import assert from "node:assert/strict";
import { test } from "node:test";
import { tensor } from "../../src/core/tensor.js";
import { mismatch } from "./harness.js";
import { expectedList, OP_CASES } from "./op_table.js";

test("mismatch reports dtype, shape and value differences and accepts equal tensors", () => {
  assert.equal(mismatch(tensor([1, 2], "i32"), tensor([1, 2], "i32")), undefined);
  assert.equal(mismatch(tensor([1, 2], "i32"), tensor([1, 3], "i32")), "element 1: got 2, expected 3");
  assert.equal(mismatch(tensor([1], "i32"), tensor([1], "i64")), "got i32[1], expected i64[1]");
  assert.equal(mismatch(tensor([1, 2], "f32"), tensor([[1, 2]], "f32")), "got f32[2], expected f32[1,2]");
  assert.equal(mismatch(tensor([Number.NaN], "f32"), tensor([Number.NaN], "f32")), undefined);
  assert.match(mismatch(tensor([Number.NaN], "f32"), tensor([1], "f32"))!, /element 0: got NaN, expected 1/);
});

test("mismatch allows the given number of ulps for floats and no more", () => {
  const one = tensor([1], "f32");
  const next = tensor([1 + 2 ** -23], "f32");
  const twoUp = tensor([1 + 2 ** -22], "f32");
  assert.ok(mismatch(next, one, 0));
  assert.equal(mismatch(next, one, 1), undefined);
  assert.ok(mismatch(twoUp, one, 1));
  assert.equal(mismatch(tensor([-1 - 2 ** -52], "f64"), tensor([-1], "f64"), 1), undefined);
  assert.equal(mismatch(tensor([1.0078125], "bf16"), tensor([1], "bf16"), 1), undefined);
  assert.ok(mismatch(tensor([Number.POSITIVE_INFINITY], "f32"), tensor([3e38], "f32"), 4));
});

test("the op table has unique names and every reference runs", () => {
  assert.equal(new Set(OP_CASES.map((c) => c.name)).size, OP_CASES.length);
  for (const c of OP_CASES) assert.ok(expectedList(c).length > 0, c.name);
});
