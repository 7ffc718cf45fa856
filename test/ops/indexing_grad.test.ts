/**
 * Gradients of the indexing group through `grad`, checked against central differences in
 * float64 by the numeric checker: the primitives' VJP rules (gather, scatter, dynamic
 * slices, atan2, cbrt, sort) and composites (take, topK, erf, erfinv) whose gradient follows
 * from their parts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/index.js";
import type { DType } from "../../src/core/dtype.js";
import { type NestedValues, Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { checkGradients } from "../../src/testing/index.js";

const T = (v: NestedValues, d: DType) => tensor(v, d);
const R = (dims: number[], seed: number) => {
  let s = seed;
  const size = dims.reduce((a, b) => a * b, 1);
  return Tensor.fromValues(
    "f32",
    dims,
    Array.from({ length: size }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 31 - 1;
    }),
  );
};

interface GradCase {
  name: string;
  fn: (...xs: Node[]) => Node | Node[];
  inputs: Tensor[];
}

const ROWS = {
  updateWindowDims: [1],
  insertedWindowDims: [0],
  scatterDimsToOperandDims: [0],
  indexVectorDim: 1,
};

const CASES: GradCase[] = [
  {
    name: "take with repeated and clamped indices",
    fn: (x, i) => tm.take(x!, i!),
    inputs: [
      R([5, 3], 1),
      T(
        [
          [1, 4, 1],
          [7, -1, 0],
        ],
        "i32",
      ),
    ],
  },
  {
    name: "take along axis 0 of a 3-D tensor",
    fn: (x, i) => tm.take(x!, i!, 1),
    inputs: [R([2, 4, 3], 2), T([3, 3, 0], "i64")],
  },
  {
    name: "takeAlongAxis",
    fn: (x, i) => tm.takeAlongAxis(x!, i!, 1),
    inputs: [
      R([3, 4], 3),
      T(
        [
          [0, 0, 3],
          [1, 2, 2],
          [3, 1, 0],
        ],
        "i32",
      ),
    ],
  },
  {
    name: "gather with 2-D windows",
    fn: (x, i) =>
      tm.gather(
        x!,
        i!,
        { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1], indexVectorDim: 1 },
        [2, 2],
      ),
    inputs: [
      R([4, 5], 4),
      T(
        [
          [1, 1],
          [3, 4],
          [0, 0],
        ],
        "i32",
      ),
    ],
  },
  {
    name: "scatterAdd (input and updates)",
    fn: (x, i, u) => tm.scatterAdd(x!, i!, u!),
    inputs: [R([4, 3], 5), T([2, 0, 2], "i32"), R([3, 3], 6)],
  },
  {
    name: "scatter replace with unique indices",
    fn: (x, i, u) => tm.scatter(x!, i!, u!, ROWS, { combiner: "replace" }),
    inputs: [R([4, 3], 7), T([3, 1], "i32"), R([2, 3], 8)],
  },
  {
    name: "dynamicSlice",
    fn: (x, p) => tm.dynamicSlice(x!, [p!, 1], [2, 2]),
    inputs: [R([4, 3], 9), T(1, "i32")],
  },
  {
    name: "dynamicUpdateSlice (operand and update)",
    fn: (x, u, p) => tm.dynamicUpdateSlice(x!, u!, [p!, 0]),
    inputs: [R([4, 3], 10), R([1, 3], 11), T(2, "i32")],
  },
  {
    name: "atan2",
    fn: (y, x) => tm.atan2(y!, x!),
    inputs: [R([6], 12), T([0.5, -0.7, 2, -3, 0.1, 1], "f32")],
  },
  { name: "cbrt", fn: (x) => tm.cbrt(x!), inputs: [T([0.5, -0.7, 2, -3, 0.1, 8], "f32")] },
  {
    name: "erf (both pieces)",
    fn: (x) => tm.erf(x!),
    inputs: [T([-2.3, -0.4, 0.2, 0.7, 1.6, 3, -5], "f32")],
  },
  {
    name: "erfinv (both pieces)",
    fn: (x) => tm.erfinv(x!),
    inputs: [T([-0.9985, -0.6, -0.1, 0.3, 0.95, 0.998], "f64")],
  },
  { name: "sort along axis 0", fn: (x) => tm.sort(x!, 0), inputs: [R([4, 3], 13)] },
  {
    name: "sortBy carries float values",
    fn: (k, v) => tm.sortBy([k!, v!], 1, { descending: true }),
    inputs: [
      T(
        [
          [3, 1, 2],
          [0, 5, 4],
        ],
        "i32",
      ),
      R([2, 3], 14),
    ],
  },
  { name: "topK values", fn: (x) => tm.topK(x!, 2)[0]!, inputs: [R([3, 5], 15)] },
];

for (const c of CASES) {
  test(`${c.name}: grad agrees with central differences`, async () => {
    const r = await checkGradients(c.fn, c.inputs, { eps: 1e-6 });
    assert.ok(r.ok, r.message);
  });
}

test("grad through whileLoop fails naming the op, since loops are not differentiable", () => {
  const g = new Graph("g");
  const x = g.parameter("x", "f32", [2]);
  const zero = g.constant(0, "i32");
  const [, y] = tm.whileLoop(
    [zero, x],
    (i) => tm.lt(i!, 3),
    (i, v) => [tm.add(i!, 1), tm.mul(v!, 2)],
  );
  assert.throws(() => grad(tm.reduceSum(y!), [x]), /while/);
});

test("cond: grad flows through the chosen branch only, for each predicate value", async () => {
  for (const p of [true, false]) {
    const r = await checkGradients(
      (pred, x, w) =>
        tm.cond(
          pred!,
          (a, b) => tm.mul(tm.sin(a!), b!),
          (a, b) => tm.add(tm.mul(a!, a!), b!),
          [x!, w!],
        ),
      [T(p, "bool"), R([3], 21), R([3], 22)],
    );
    assert.ok(r.ok, `pred ${p}: ${r.message}`);
  }
});

test("switchCase: grad through each branch, integer operands carried without gradient", async () => {
  for (const k of [0, 1, 5]) {
    const r = await checkGradients(
      (i, x, n) =>
        tm.switchCase(
          i!,
          [
            (a, m) => [tm.exp(a!), m!],
            (a, m) => [tm.mul(a!, tm.convert(m!, a!.dtype)), m!],
            (a, m) => [tm.tanh(a!), tm.add(m!, 1)],
          ],
          [x!, n!],
        )[0]!,
      [T(k, "i32"), R([4], 23), T([1, 2, 3, 4], "i32")],
    );
    assert.ok(r.ok, `index ${k}: ${r.message}`);
  }
});

test("sortBy with a custom comparator: grad of the carried values", async () => {
  const r = await checkGradients(
    (k, v) => tm.sortBy([k!, v!], 1, { comparator: (a, b, _c, _d) => tm.gt(tm.abs(a!), tm.abs(b!)) })[1]!,
    [
      T(
        [
          [3, -1, 2],
          [0, -5, 4],
        ],
        "i32",
      ),
      R([2, 3], 31),
    ],
  );
  assert.ok(r.ok, r.message);
});
