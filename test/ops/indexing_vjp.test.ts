/**
 * The VJP rules of the indexing group, checked without the autodiff driver: for a node y =
 * op(x...) and a cotangent c, the rule's cotangents g must satisfy <c, J·v> = Σ <g_i, v_i>
 * for a direction v, where J·v comes from central differences of op through exec in f64.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DType } from "../../src/core/dtype.js";
import { type NestedValues, Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { exec } from "../../src/runtime/index.js";

const T = (v: NestedValues, d: DType) => tensor(v, d);
const R = (v: number[], dims: number[]) => Tensor.fromValues("f64", dims, v);

/** Deterministic pseudo-random values in [-1, 1). */
function rand(seed: number, count: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const like = (t: Tensor, vals: number[]) => Tensor.fromValues(t.dtype, t.shape.dims, vals);
const dot = (a: Tensor, b: Tensor) =>
  (a.values() as number[]).reduce((s, v, i) => s + v * (b.values()[i] as number), 0);

async function run(f: (...xs: Node[]) => Node | Node[], inputs: Tensor[]): Promise<Tensor[]> {
  const out = await exec(f)(...inputs);
  const arrays = Array.isArray(out) ? out : [out];
  const ts: Tensor[] = [];
  for (const a of arrays) {
    ts.push(await a.toTensor());
    a.dispose();
  }
  return ts;
}

interface VjpCase {
  name: string;
  inputs: Tensor[];
  /** Positions of the float inputs the rule differentiates. */
  wrt: number[];
  build: (...xs: Node[]) => Node;
  h?: number;
}

const CASES: VjpCase[] = [
  {
    name: "gather (take) with clamped out-of-range indices",
    inputs: [
      R(rand(1, 15), [5, 3]),
      T(
        [
          [1, 4],
          [7, -1],
        ],
        "i32",
      ),
    ],
    wrt: [0],
    build: (x, i) => tm.take(x!, i!),
  },
  {
    name: "gather (takeAlongAxis) with batching dims",
    inputs: [
      R(rand(2, 8), [2, 4]),
      T(
        [
          [3, 0, 3],
          [1, 2, 2],
        ],
        "i32",
      ),
    ],
    wrt: [0],
    build: (x, i) => tm.takeAlongAxis(x!, i!, 1),
  },
  {
    name: "gather with 2-D windows, a clamped start, index vector dim 0",
    inputs: [
      R(rand(3, 20), [4, 5]),
      T(
        [
          [0, 4, 2],
          [1, 3, -5],
        ],
        "i64",
      ),
    ],
    wrt: [0],
    build: (x, i) =>
      tm.gather(
        x!,
        i!,
        { offsetDims: [0, 2], collapsedSliceDims: [], startIndexMap: [1, 0], indexVectorDim: 0 },
        [2, 3],
      ),
  },
  {
    name: "scatter add with repeated indices",
    inputs: [R(rand(4, 8), [4, 2]), T([1, 3, 1], "i32"), R(rand(5, 6), [3, 2])],
    wrt: [0, 2],
    build: (x, i, u) => tm.scatterAdd(x!, i!, u!),
  },
  {
    name: "scatter replace with unique indices",
    inputs: [R(rand(6, 12), [3, 4]), T([2, 0], "i32"), R(rand(7, 8), [2, 4])],
    wrt: [0, 2],
    build: (x, i, u) =>
      tm.scatter(
        x!,
        i!,
        u!,
        { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0], indexVectorDim: 1 },
        { combiner: "replace" },
      ),
  },
  {
    name: "dynamic_slice with clamped starts",
    inputs: [R(rand(8, 12), [3, 4]), T(5, "i32"), T(1, "i32")],
    wrt: [0],
    build: (x, a, b) => tm.dynamicSlice(x!, [a!, b!], [2, 2]),
  },
  {
    name: "dynamic_update_slice",
    inputs: [R(rand(9, 12), [3, 4]), R(rand(10, 3), [1, 3]), T(1, "i32"), T(9, "i32")],
    wrt: [0, 1],
    build: (x, u, a, b) => tm.dynamicUpdateSlice(x!, u!, [a!, b!]),
  },
  {
    name: "atan2",
    inputs: [T(rand(11, 6), "f64"), T([0.5, -0.7, 2, -3, 0.1, 1], "f64")],
    wrt: [0, 1],
    build: (y, x) => tm.atan2(y!, x!),
    h: 1e-6,
  },
  {
    name: "cbrt",
    inputs: [T([0.5, -0.7, 2, -3, 0.1, 8], "f64")],
    wrt: [0],
    build: (x) => tm.cbrt(x!),
    h: 1e-6,
  },
];

for (const c of CASES) {
  test(`${c.name}: the VJP rule matches central differences in f64`, async () => {
    const h = c.h ?? 0.5; // the indexing ops are linear in their float inputs
    const [y0] = await run((...xs) => c.build(...xs), c.inputs);
    const ct = like(y0!, rand(99, y0!.size));
    const grads = await run(
      (...xs) => {
        const y = c.build(...xs.slice(0, -1));
        const rule = y.primitive.vjp;
        assert.ok(rule, `${y.op} has a VJP rule`);
        const gs = rule(y, xs[xs.length - 1]!);
        return c.wrt.map((i) => {
          const g = gs[i];
          assert.ok(g, `${y.op} gives a cotangent for operand ${i}`);
          return g;
        });
      },
      [...c.inputs, ct],
    );
    const dirs = c.wrt.map((i, k) => like(c.inputs[i]!, rand(200 + k, c.inputs[i]!.size)));
    const shifted = (sign: number) =>
      c.inputs.map((t, i) => {
        const k = c.wrt.indexOf(i);
        if (k < 0) return t;
        const d = dirs[k]!.values() as number[];
        return like(
          t,
          (t.values() as number[]).map((v, j) => v + sign * h * d[j]!),
        );
      });
    const [plus] = await run((...xs) => c.build(...xs), shifted(1));
    const [minus] = await run((...xs) => c.build(...xs), shifted(-1));
    const jv = like(
      plus!,
      (plus!.values() as number[]).map((v, j) => (v - (minus!.values()[j] as number)) / (2 * h)),
    );
    const numeric = dot(ct, jv);
    const analytic = grads.reduce((s, g, k) => s + dot(g, dirs[k]!), 0);
    assert.ok(
      Math.abs(numeric - analytic) <= 1e-7 * Math.max(1, Math.abs(numeric)),
      `<c, Jv> = ${numeric} but <J^T c, v> = ${analytic}`,
    );
  });
}

test("scatter with a max combiner has no gradient and says which combiners do", () => {
  const g = new Graph("g");
  const x = g.parameter("x", "f32", [3]);
  const i = g.parameter("i", "i32", [1]);
  const u = g.parameter("u", "f32", [1]);
  const y = tm.scatter(
    x,
    i,
    u,
    { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], indexVectorDim: 1 },
    { combiner: "max" },
  );
  assert.throws(
    () => y.primitive.vjp!(y, y),
    /\[scatter\] no gradient for the max combiner; only add and replace/,
  );
});

test("the non-differentiable outputs (finite, bitcastConvert) give no cotangent", () => {
  const g = new Graph("g");
  const x = g.parameter("x", "f32", [3]);
  for (const y of [tm.finite(x), tm.bitcastConvert(x, "i32")])
    assert.deepEqual(y.primitive.vjp!(y, y), [undefined]);
});
