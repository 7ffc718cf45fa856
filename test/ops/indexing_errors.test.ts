/**
 * Graph-building errors of the indexing group: each names the op and says what it got
 * versus what it expected.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/index.js";
import { TsmlxError } from "../../src/core/errors.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";

function setup() {
  const g = new Graph("g");
  return {
    g,
    table: g.parameter("table", "f32", [5, 3]),
    ids: g.parameter("ids", "i32", [4]),
    fids: g.parameter("fids", "f32", [4]),
    rows: g.parameter("rows", "f32", [4, 3]),
    pos: g.parameter("pos", "i32", []),
    pos64: g.parameter("pos64", "i64", []),
    i23: g.parameter("i23", "i32", [2, 3]),
  };
}

function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TsmlxError, `expected a TsmlxError, got ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

const ROWS = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], indexVectorDim: 1 };

test("gather: index dtype, slice sizes, start index map, collapsed dims, offset dims", () => {
  const { table, ids, fids } = setup();
  throwsExactly(
    () => tm.gather(table, fids, ROWS, [1, 3]),
    "[gather] start indices must be integers, got f32[4]",
  );
  throwsExactly(
    () => tm.gather(table, ids, ROWS, [1]),
    "[gather] slice sizes [1] need one entry per dim of f32[5,3]",
  );
  throwsExactly(
    () => tm.gather(table, ids, ROWS, [1, 4]),
    "[gather] slice size 4 of dim 1 does not fit f32[5,3]",
  );
  throwsExactly(
    () => tm.gather(table, ids, { ...ROWS, startIndexMap: [0, 1] }, [1, 3]),
    "[gather] start index map [0,1] needs 1 entries, the index vector size of i32[4]",
  );
  throwsExactly(
    () => tm.gather(table, ids, ROWS, [2, 3]),
    "[gather] collapsed dim 0 needs slice size 1, got 2",
  );
  throwsExactly(
    () => tm.gather(table, ids, { ...ROWS, offsetDims: [] }, [1, 3]),
    "[gather] offset dims [] need 1 entries",
  );
  throwsExactly(
    () => tm.gather(table, ids, { ...ROWS, collapsedSliceDims: [0, 0] }, [1, 3]),
    "[gather] collapsed slice dims [0,0] repeats 0",
  );
  throwsExactly(
    () => tm.gather(table, ids, { ...ROWS, indexVectorDim: 3 }, [1, 3]),
    "[gather] index vector dim 3 is out of range [0, 1] for i32[4]",
  );
});

test("take, takeAlongAxis, oneHot: axis, index dtype and shape", () => {
  const { table, ids, fids, i23 } = setup();
  throwsExactly(() => tm.take(table, fids), "[take] indices must be integers, got f32[4]");
  throwsExactly(() => tm.take(table, ids, 2), "[take] axis 2 is out of range for rank 2");
  throwsExactly(
    () => tm.takeAlongAxis(table, i23, 1),
    "[takeAlongAxis] indices i32[2,3] must match f32[5,3] in every dim but axis 1",
  );
  throwsExactly(() => tm.oneHot(fids, 3), "[oneHot] indices must be integers, got f32[4]");
  throwsExactly(() => tm.oneHot(ids, -1), "[oneHot] depth must be a non-negative integer, got -1");
});

test("scatter: updates shape and dtype, combiner, coverage of the input dims", () => {
  const { table, ids, rows, g } = setup();
  const bad = g.parameter("bad", "f32", [3, 3]);
  throwsExactly(
    () => tm.scatterAdd(table, ids, bad),
    "[scatter] updates f32[3,3] have scatter dims [3], but indices i32[4] give [4]",
  );
  const half = g.parameter("half", "f16", [4, 3]);
  throwsExactly(
    () => tm.scatterAdd(table, ids, half),
    "[scatter] updates f16[4,3] and input f32[5,3] differ in dtype",
  );
  throwsExactly(
    () =>
      tm.scatter(table, ids, rows, {
        updateWindowDims: [1],
        insertedWindowDims: [],
        scatterDimsToOperandDims: [0],
        indexVectorDim: 1,
      }),
    "[scatter] update window dims [1], inserted window dims [] and input batching dims [] must cover the 2 dims of f32[5,3]",
  );
  throwsExactly(
    () => tm.scatter(table, ids, rows, ROWS_S, { combiner: "xor" as never }),
    "[scatter] unknown combiner xor; use add, replace, mul, max or min",
  );
});
const ROWS_S = {
  updateWindowDims: [1],
  insertedWindowDims: [0],
  scatterDimsToOperandDims: [0],
  indexVectorDim: 1,
};

test("dynamicSlice and dynamicUpdateSlice: start count, start dtypes, sizes", () => {
  const { table, rows, pos, pos64 } = setup();
  throwsExactly(
    () => tm.dynamicSlice(table, [pos], [1, 3]),
    "[dynamicSlice] needs 2 start indices for f32[5,3], got 1",
  );
  throwsExactly(
    () => tm.dynamicSlice(table, [pos, pos64], [1, 3]),
    "[dynamicSlice] start indices differ in dtype: i64 vs i32",
  );
  throwsExactly(
    () => tm.dynamicSlice(table, [pos, 0], [6, 3]),
    "[dynamicSlice] slice sizes [6,3] do not fit f32[5,3]",
  );
  throwsExactly(
    () => tm.dynamicSlice(table, [rows, 0], [1, 3]),
    "[dynamicSlice] start index f32[4,3] must be an integer scalar",
  );
  throwsExactly(
    () => tm.dynamicUpdateSlice(rows, table, [pos, 0]),
    "[dynamicUpdateSlice] update f32[5,3] does not fit operand f32[4,3]",
  );
});

test("atan2, cbrt, finite, bitcastConvert, erf: kinds and widths", () => {
  const { ids, table, i23, g } = setup();
  throwsExactly(() => tm.atan2(ids, ids), "[atan2] needs float operands, got i32[4]");
  throwsExactly(() => tm.cbrt(ids), "[cbrt] needs a float operand, got i32[4]");
  throwsExactly(() => tm.finite(ids), "[finite] needs a float operand, got i32[4]");
  throwsExactly(() => tm.erf(ids), "[erf] needs a float operand, got i32[4]");
  throwsExactly(
    () => tm.bitcastConvert(i23, "f64"),
    "[bitcastConvert] i32[2,3] to f64 needs a last dim of 2 (2 i32 per f64), got [2,3]",
  );
  const b = g.parameter("b", "bool", [2]);
  throwsExactly(
    () => tm.bitcastConvert(b, "u8"),
    "[bitcastConvert] bool has no bit width to reinterpret: bool[2] to u8",
  );
  assert.equal(tm.bitcastConvert(table, "i16").typeString, "i16[5,3,2]");
});

test("sort, argsort, topK: rank, axis, k", () => {
  const { table, g } = setup();
  const s = g.parameter("s", "f32", []);
  throwsExactly(() => tm.sort(s), "[sort] needs rank >= 1, got f32[]");
  throwsExactly(() => tm.argsort(table, 2), "[argsort] axis 2 is out of range for rank 2");
  throwsExactly(() => tm.topK(table, 4), "[topK] k must be an integer in [0, 3] for f32[5,3], got 4");
  throwsExactly(
    () => tm.sortBy([table, g.parameter("t", "f32", [3, 5])], 0),
    "[sort] operands f32[5,3] and f32[3,5] differ in shape",
  );
});

test("forLoop: a bad count, a step of other types, a captured outer value; whileLoop has no gradient", () => {
  const { table, pos } = setup();
  const x = tm.convert(pos, "f32");
  throwsExactly(
    () => tm.forLoop(-1, [x], (_i, y) => [y!]),
    "[forLoop] n must be a non-negative integer, got -1",
  );
  throwsExactly(
    () => tm.forLoop(2.5, [x], (_i, y) => [y!]),
    "[forLoop] n must be a non-negative integer, got 2.5",
  );
  throwsExactly(() => tm.forLoop(3, [x], (i) => [i]), "[forLoop] step value 0 is i32[], expected f32[]");
  throwsExactly(
    () => tm.forLoop(3, [x], (_i, y) => [tm.add(y!, x)]),
    '[add] operand f32[] belongs to graph "g", not "step"',
  );
  const [w] = tm.whileLoop(
    [x],
    (y) => tm.lt(y!, 3),
    (y) => tm.mul(y!, 2),
  );
  assert.throws(() => grad(tm.reduceSum(tm.mul(w!, table)), [x]), /\[grad\] no gradient for while/);
});

test("whileLoop, cond, switchCase: region types, captured outer values, selectors", () => {
  const { table, ids, pos } = setup();
  throwsExactly(
    () =>
      tm.whileLoop(
        [pos],
        (i) => tm.add(i!, 1),
        (i) => tm.add(i!, 1),
      ),
    "[whileLoop] cond must return one bool scalar, got i32[]",
  );
  throwsExactly(
    () =>
      tm.whileLoop(
        [pos],
        (i) => tm.lt(i!, 3),
        (i) => tm.convert(i!, "f32"),
      ),
    "[whileLoop] body value 0 is f32[], expected i32[]",
  );
  throwsExactly(
    () =>
      tm.whileLoop(
        [pos],
        (i) => tm.lt(i!, 3),
        (i) => tm.add(i!, pos),
      ),
    '[add] operand i32[] belongs to graph "g", not "body"',
  );
  throwsExactly(
    () =>
      tm.cond(
        pos,
        (x) => x!,
        (x) => x!,
        [table],
      ),
    "[cond] pred must be a bool scalar, got i32[]",
  );
  throwsExactly(
    () =>
      tm.cond(
        tm.gt(pos, 0),
        (x) => x!,
        (x) => tm.convert(x!, "f64"),
        [table],
      ),
    "[cond] branch 1 value 0 is f64[5,3], expected f32[5,3]",
  );
  throwsExactly(
    () => tm.switchCase(table, [(x) => x!], []),
    "[switchCase] index must be an integer scalar, got f32[5,3]",
  );
  throwsExactly(
    () => tm.switchCase(ids, [(x) => x!], [table]),
    "[switchCase] index must be an i32 scalar, got i32[4]",
  );
});
