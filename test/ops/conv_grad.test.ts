/**
 * Gradients of convolution and the window reductions agree with central finite differences
 * (float64, on the plugin in use) across strides, padding, dilations, groups and layouts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/index.js";
import type { DType } from "../../src/core/dtype.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import * as lax from "../../src/ops/lax.js";
import { checkGradients } from "../../src/testing/index.js";
import { generate } from "./reference.js";

// Distinct, irregular values (no ties, so max windows have one winner).
const values = (dims: number[], k = 0, d: DType = "f64") =>
  generate(d, dims, (idx) => Math.sin(idx.reduce((a, v, i) => a * 7.3 + v * (i + 1.7), k + 0.3)) * 2);

const CONV_CASES: { name: string; x: number[]; w: number[]; f: (x: Node, w: Node) => Node }[] = [
  { name: "NHWC valid", x: [2, 5, 4, 3], w: [3, 2, 3, 2], f: (x, w) => tm.conv(x, w) },
  {
    name: "NHWC same stride 2",
    x: [2, 6, 5, 2],
    w: [3, 3, 2, 3],
    f: (x, w) => tm.conv(x, w, { strides: 2, padding: "same" }),
  },
  {
    name: "NCHW dilation 2",
    x: [1, 2, 7, 6],
    w: [3, 2, 2, 3],
    f: (x, w) => tm.conv(x, w, { dimensionNumbers: "NCHW", dilations: 2 }),
  },
  {
    name: "groups 2 same",
    x: [2, 4, 4, 4],
    w: [2, 2, 2, 6],
    f: (x, w) => tm.conv(x, w, { groups: 2, padding: "same" }),
  },
  {
    name: "depthwise NCHW stride 2",
    x: [1, 3, 5, 5],
    w: [6, 1, 3, 3],
    f: (x, w) => tm.conv(x, w, { dimensionNumbers: "NCHW", groups: 3, strides: 2 }),
  },
  {
    name: "lhs dilation, odd padding, stride 3",
    x: [1, 4, 3, 2],
    w: [2, 3, 2, 2],
    f: (x, w) =>
      tm.conv(x, w, {
        lhsDilation: [2, 1],
        strides: [3, 1],
        padding: [
          [2, 0],
          [1, 3],
        ],
      }),
  },
  {
    name: "batch groups, shuffled layout",
    x: [3, 4, 4, 2],
    w: [2, 2, 4, 3],
    f: (x, w) =>
      tm.convolution(x, w, {
        dimensionNumbers: { lhs: "0b1f", rhs: "0io1", out: "f01b" },
        batchGroupCount: 2,
      }),
  },
  {
    name: "1-D",
    x: [2, 3, 9],
    w: [2, 3, 3],
    f: (x, w) => tm.conv(x, w, { dimensionNumbers: "NCHW", strides: 2, padding: "same" }),
  },
  {
    name: "3-D",
    x: [1, 4, 3, 4, 2],
    w: [2, 2, 3, 2, 2],
    f: (x, w) => tm.conv(x, w, { padding: "same", dilations: [1, 2, 1] }),
  },
];

for (const c of CONV_CASES) {
  test(`convolution gradient (${c.name}) agrees with finite differences`, async () => {
    const r = await checkGradients(c.f, [values(c.x), values(c.w, 5)]);
    assert.ok(r.ok, r.message);
  });
}

const WINDOW_CASES: { name: string; x: number[]; f: (x: Node) => Node }[] = [
  { name: "maxPool 2x2", x: [2, 4, 6, 3], f: (x) => tm.maxPool(x, { window: 2 }) },
  {
    name: "maxPool 3x3 stride 2 same",
    x: [1, 5, 5, 2],
    f: (x) => tm.maxPool(x, { window: 3, strides: 2, padding: "same" }),
  },
  {
    name: "maxPool NCHW overlapping",
    x: [1, 2, 5, 4],
    f: (x) => tm.maxPool(x, { window: [2, 3], strides: 1, layout: "NCHW" }),
  },
  { name: "avgPool 2x2", x: [2, 4, 4, 3], f: (x) => tm.avgPool(x, { window: 2 }) },
  {
    name: "avgPool 3x3 same",
    x: [1, 5, 4, 2],
    f: (x) => tm.avgPool(x, { window: 3, strides: [2, 1], padding: "same" }),
  },
  {
    name: "sum window with dilations and padding",
    x: [5, 6],
    f: (x) =>
      tm.reduceWindow(x, "sum", {
        windowDimensions: [2, 3],
        windowStrides: [2, 1],
        baseDilations: [2, 1],
        windowDilations: [1, 2],
        padding: [
          [1, 0],
          [2, 1],
        ],
      }),
  },
  {
    name: "min window",
    x: [4, 5],
    f: (x) => tm.reduceWindow(x, "min", { windowDimensions: [2, 2], windowStrides: [1, 2] }),
  },
  {
    name: "max window with dilations and padding",
    x: [5, 6],
    f: (x) =>
      tm.reduceWindow(x, "max", {
        windowDimensions: [2, 3],
        windowStrides: [1, 2],
        baseDilations: [2, 1],
        windowDilations: [1, 2],
        padding: [
          [1, 0],
          [1, 2],
        ],
      }),
  },
  {
    name: "min window with negative padding",
    x: [6, 5],
    f: (x) =>
      tm.reduceWindow(x, "min", {
        windowDimensions: [2, 2],
        padding: [
          [-1, 0],
          [0, -1],
        ],
      }),
  },
  { name: "cumsum", x: [3, 5], f: (x) => tm.cumsum(x, 1) },
  { name: "reverse cumsum", x: [4, 3], f: (x) => tm.cumsum(x, 0, { reverse: true }) },
  { name: "cummax", x: [3, 6], f: (x) => tm.cummax(x, -1) },
  { name: "reverse", x: [3, 4], f: (x) => tm.reverse(x, [0, 1]).mul(x) },
];

for (const c of WINDOW_CASES) {
  test(`window gradient (${c.name}) agrees with finite differences`, async () => {
    const r = await checkGradients(c.f, [values(c.x, 2)]);
    assert.ok(r.ok, r.message);
  });
}

test("select_and_scatter gradients (source and init value) agree with finite differences", async () => {
  const sas = (x: Node, src: Node, init: Node) =>
    x.graph.apply(lax.selectAndScatterPrim, [x, src, init], {
      select: "GE",
      windowDimensions: [3, 2],
      windowStrides: [2, 1],
      baseDilations: [1, 1],
      windowDilations: [1, 1],
      padding: [
        [1, 1],
        [0, 1],
      ],
    });
  const r = await checkGradients(sas, [values([5, 4], 1), values([3, 4], 2), values([], 3)], { wrt: [1, 2] });
  assert.ok(r.ok, r.message);
});

test("second order through maxPool: the gradient of a max-pool gradient agrees with finite differences", async () => {
  const f = (x: Node, c: Node) => {
    const [gx] = grad(tm.mul(tm.maxPool(x, { window: 2 }), c).sum(), [x]);
    return tm.mul(gx!, gx!).sum();
  };
  const r = await checkGradients(f, [values([1, 4, 4, 2], 4), values([1, 2, 2, 2], 6)], { wrt: [1] });
  assert.ok(r.ok, r.message);
});

test("conv errors name the op, what it got and what it expected", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [64, 32, 32, 1]);
  const k = g.parameter("k", "f32", [3, 3, 3, 32]);
  assert.throws(
    () => tm.conv(x, k),
    /^TsmlxError: \[conv\] kernel f32\[3,3,3,32\] needs 3 input channels; input f32\[64,32,32,1\] has 1$/,
  );
  const y = g.parameter("y", "f32", [1, 2, 2, 3]);
  assert.throws(
    () => tm.conv(y, k),
    /\[conv\] kernel f32\[3,3,3,32\] \(window \[3,3\]\) is larger than the padded input \[2,2\]/,
  );
  assert.throws(() => tm.maxPool(y, { window: 2, padding: [[0, 0]] }), /\[maxPool\] padding must be/);
});
