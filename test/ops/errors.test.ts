/**
 * Graph-building errors: each op family rejects wrong shapes and dtypes with a message that
 * names the op and says what it got versus what it expected.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsmlxError } from "../../src/core/errors.js";
import { tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";

function setup() {
  const g = new Graph("g");
  return {
    g,
    f23: g.parameter("f23", "f32", [2, 3]),
    f4: g.parameter("f4", "f32", [4]),
    i23: g.parameter("i23", "i32", [2, 3]),
    b23: g.parameter("b23", "bool", [2, 3]),
    u8: g.parameter("u8", "u8", [2]),
  };
}

/** Asserts `fn` throws a TsmlxError with exactly `message`. */
function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TsmlxError, `expected a TsmlxError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

test("binary ops: dtype mismatch, broadcast failure, wrong kind, no node operand", () => {
  const { f23, f4, i23, b23 } = setup();
  throwsExactly(() => tm.add(f23, i23), "[add] dtypes differ: f32[2,3] vs i32[2,3]; convert explicitly");
  throwsExactly(() => tm.mul(f23, f4), "[mul] cannot broadcast f32[2,3] with f32[4]: dim -1 is 3 vs 4");
  throwsExactly(() => tm.sub(b23, b23), "[sub] needs numeric operands, got bool[2,3] and bool[2,3]");
  throwsExactly(() => tm.and(f23, f23), "[and] needs bool or integer operands, got f32[2,3] and f32[2,3]");
  throwsExactly(
    () => tm.add(1, 2),
    "[add] needs at least one graph node operand, got number 1, number 2; make a constant with graph.constant(...) first",
  );
  throwsExactly(
    () => tm.add(f23, tensor([1], "f64")),
    "[add] dtypes differ: f32[2,3] vs f64[1] tensor; convert explicitly",
  );
});

test("JS scalars must fit the dtype they adopt", () => {
  const { i23, u8, b23 } = setup();
  throwsExactly(() => tm.mul(i23, 2.5), "[mul] number 2.5 is not an integer, so it cannot be i32");
  throwsExactly(() => tm.add(u8, 256), "[add] 256 is out of range for u8 [0, 255]");
  throwsExactly(() => tm.add(u8, -1), "[add] -1 is out of range for u8 [0, 255]");
  throwsExactly(() => tm.and(b23, 2), "[and] number 2 cannot be a bool; use true or false");
  throwsExactly(() => tm.add(i23, true), "[add] boolean true cannot be i32; use a number");
});

test("unary ops name the operand kind they need", () => {
  const { i23, f23, u8 } = setup();
  throwsExactly(() => tm.exp(i23), "[exp] needs a float operand, got i32[2,3]");
  throwsExactly(() => tm.round(i23), "[round] needs a float operand, got i32[2,3]");
  throwsExactly(() => tm.abs(u8), "[abs] needs a signed integer or float operand, got u8[2]");
  throwsExactly(() => tm.not(f23), "[not] needs a bool or integer operand, got f32[2,3]");
});

test("compare, select and clamp check dtypes and shapes", () => {
  const { f23, i23, b23, f4 } = setup();
  throwsExactly(() => tm.lt(f23, i23), "[lt] dtypes differ: f32[2,3] vs i32[2,3]; convert explicitly");
  throwsExactly(() => tm.eq(f23, f4), "[eq] cannot broadcast f32[2,3] with f32[4]: dim -1 is 3 vs 4");
  throwsExactly(() => tm.select(f23, f23, f23), "[select] predicate must be bool, got f32[2,3]");
  throwsExactly(() => tm.select(b23, f23, i23), "[select] value dtypes differ: f32[2,3] vs i32[2,3]");
  throwsExactly(
    () => tm.select(b23, f4, 0),
    "[select] cannot broadcast bool[2,3] with f32[4] with f32[]: dim -1 is 3 vs 4",
  );
  throwsExactly(() => tm.clamp(0, b23, 1), "[clamp] needs numeric operands, got bool[2,3]");
  throwsExactly(
    () => tm.clamp(f23, i23, f23),
    "[clamp] dtypes differ: f32[2,3] vs i32[2,3] vs f32[2,3]; convert explicitly",
  );
});

test("convert, iota and constants reject unknown dtypes and bad dimensions", () => {
  const { g, f23 } = setup();
  throwsExactly(() => tm.convert(f23, "f8" as never), "[convert] unknown dtype f8 for f32[2,3]");
  throwsExactly(() => tm.iota(g, "i32", [2, 3], 2), "[iota] dimension 2 is out of range for i32[2,3]");
  throwsExactly(() => tm.iota(g, "bool", [2], 0), "[iota] needs a numeric dtype, got bool");
  throwsExactly(
    () => g.constant([[1], [2, 3]]),
    "[tensor] ragged nested array: expected length 1 at depth 1, got 2",
  );
});

test("shape ops: reshape, transpose, slice, concatenate, pad, broadcastInDim", () => {
  const { f23, i23, f4 } = setup();
  throwsExactly(() => tm.reshape(f23, [4]), "[reshape] cannot reshape f32[2,3] to [4]: sizes 6 vs 4");
  throwsExactly(
    () => tm.reshape(f23, [-1, -1]),
    "[reshape] dims [-1,-1] may hold at most one -1 and no other negatives",
  );
  throwsExactly(
    () => tm.transpose(f23, [0, 0]),
    "[transpose] permutation [0,0] is not a permutation of the 2 dims of f32[2,3]",
  );
  throwsExactly(
    () => tm.slice(f23, [0, 0], [2, 4]),
    "[slice] dim 1 of f32[2,3]: need 0 <= start 0 <= limit 4 <= 3",
  );
  throwsExactly(() => tm.slice(f23, [0, 0], [2, 3], [1, 0]), "[slice] stride 0 of dim 1 must be >= 1");
  throwsExactly(() => tm.slice(f23, [0], [2]), "[slice] start [0] needs 2 entries for f32[2,3]");
  throwsExactly(
    () => tm.concatenate([f23, f4], 0),
    "[concatenate] shapes must match except in dim 0: f32[2,3], f32[4]",
  );
  throwsExactly(() => tm.concatenate([f23, i23], 1), "[concatenate] dtypes differ: f32[2,3], i32[2,3]");
  throwsExactly(() => tm.concatenate([f23], 2), "[concatenate] axis 2 is out of range for rank 2");
  throwsExactly(
    () => tm.pad(f23, 0, [0, -3], [0, -1]),
    "[pad] dim 1 of f32[2,3] would have negative size -1",
  );
  throwsExactly(
    () => tm.pad(f23, 0, [0, 0], [0, 0], [0, -1]),
    "[pad] interior padding -1 of dim 1 must be >= 0",
  );
  throwsExactly(
    () => tm.broadcastInDim(f4, [2, 3], [1]),
    "[broadcastInDim] operand dim 0 of f32[4] is 4, must be 1 or 3 (dim 1 of f32[2,3])",
  );
  throwsExactly(
    () => tm.broadcastInDim(f4, [4], []),
    "[broadcastInDim] needs one broadcast dim per operand dim: f32[4] got []",
  );
  throwsExactly(() => tm.broadcastTo(f23, [3]), "[broadcastTo] cannot broadcast f32[2,3] to [3]: rank 2 > 1");
});

test("reductions check axes and operand kinds", () => {
  const { f23, b23 } = setup();
  throwsExactly(() => tm.reduceSum(f23, [2]), "[reduceSum] axis 2 is out of range for rank 2");
  throwsExactly(() => tm.reduceMax(f23, [1, -1]), "[reduceMax] axes [1,-1] repeat an axis");
  throwsExactly(() => tm.reduceSum(b23), "[reduceSum] needs a numeric operand, got bool[2,3]");
  throwsExactly(() => tm.reduceAll(f23), "[reduceAll] needs a bool operand, got f32[2,3]");
});

test("dotGeneral and matmul report mismatched dims with both operand types", () => {
  const g = new Graph();
  const a = g.parameter("a", "f32", [64, 2048]);
  const b = g.parameter("b", "f32", [1024, 128]);
  const c = g.parameter("c", "i32", [2048, 3]);
  throwsExactly(
    () => tm.dotGeneral(a, b, { lhsContracting: [1], rhsContracting: [0] }),
    "[dotGeneral] contracting dims of lhs f32[64,2048] and rhs f32[1024,128] differ: 2048 vs 1024",
  );
  throwsExactly(
    () => tm.dotGeneral(a, b, { lhsContracting: [2], rhsContracting: [0] }),
    "[dotGeneral] lhs dim 2 is out of range for lhs f32[64,2048]",
  );
  throwsExactly(
    () => tm.dotGeneral(a, b, { lhsBatch: [0], rhsBatch: [], lhsContracting: [1], rhsContracting: [0] }),
    "[dotGeneral] lhs and rhs need as many batch dims: [0] vs []",
  );
  throwsExactly(
    () => tm.dotGeneral(a, c, { lhsContracting: [1], rhsContracting: [0] }),
    "[dotGeneral] dtypes differ: lhs f32[64,2048] vs rhs i32[2048,3]",
  );
  throwsExactly(
    () => tm.matmul(a, b),
    "[matmul] contracting dims of f32[64,2048] and f32[1024,128] differ: 2048 vs 1024",
  );
});

test("errors are TsmlxErrors carrying the op name separately", () => {
  const { f23 } = setup();
  try {
    tm.reshape(f23, [5]);
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(e instanceof TsmlxError);
    assert.equal(e.op, "reshape");
    assert.equal(e.detail, "cannot reshape f32[2,3] to [5]: sizes 6 vs 5");
  }
});
