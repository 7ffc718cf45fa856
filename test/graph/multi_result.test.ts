import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";
import * as lax from "../../src/ops/lax.js";
import { toStableHLO } from "../../src/stablehlo/printer.js";

function argNode() {
  const g = new Graph("f");
  const x = g.parameter("x", "f32", [3, 4]);
  const [v, i] = tm.maxWithIndex(x, 1);
  return { g, x, v: v!, i: i!, m: v!.operands[0]! };
}

test("a multi-result node has one type per result and projections that are ordinary nodes", () => {
  const { v, i, m } = argNode();
  assert.ok(m.isMulti);
  assert.equal(m.typeString, "(f32[3], i32[3])");
  assert.ok(v.isProjection && i.isProjection);
  assert.equal(v.typeString, "f32[3]");
  assert.equal(i.typeString, "i32[3]");
  assert.equal(m.result(1), i, "projections are made once and reused");
  assert.equal(i.toString(), 'i32[3] ← reduce argmax #1 ← parameter "x"');
  const added = tm.add(i, 1);
  assert.equal(added.typeString, "i32[3]");
});

test("a multi-result node cannot be an operand, an output, or asked for a result it lacks", () => {
  const { g, m, x } = argNode();
  assert.throws(
    () => tm.neg(m),
    /\[neg\] operand \(f32\[3\], i32\[3\]\) ← reduce argmax has several results; pick one with \.result\(i\)/,
  );
  assert.throws(() => m.result(2), /\[result\] reduce argmax has 2 results, asked for #2/);
  assert.throws(() => x.result(1), /\[result\] f32\[3,4\] ← parameter "x" has one result, asked for #1/);
  assert.equal(x.result(0), x);
  assert.throws(
    () => toStableHLO(g, [m]),
    /\[toStableHLO\] output 0 \(\(f32\[3\], i32\[3\]\) ← reduce argmax\) has several results/,
  );
});

test("a multi-result node prints as %n:k and its projections as %n#i", () => {
  const { g, v, i } = argNode();
  const mlir = toStableHLO(g, [tm.mul(v, 2), i]);
  assert.match(mlir, /%3:2 = "stablehlo\.reduce"\(%arg0, %0, %1, %2\)/);
  assert.match(mlir, /-> \(tensor<3xf32>, tensor<3xi32>\)\n/);
  assert.match(mlir, /"stablehlo\.multiply"\(%3#0, %\d+\)/);
  assert.match(mlir, /"func\.return"\(%\d+, %3#1\)/);
});

test("applyMulti returns one projection per result", () => {
  const g = new Graph();
  const x = g.parameter("x", "i32", [5]);
  const idx = tm.iota(g, "i32", [5], 0);
  const [a, b] = g.applyMulti(lax.argReducePrim, [x, idx, g.constant(0, "i32"), g.constant(0, "i32")], {
    kind: "argmin",
    axis: 0,
  });
  assert.equal(a!.typeString, "i32[]");
  assert.equal(b!.attributes.index, 1);
  assert.throws(() => g.applyMulti(lax.negatePrim, [x], {}), /\[neg\] negate has a single result/);
});

test("fluent composites on nodes: mean, relu, softmax, logSoftmax, argmax; maxWithIndex lists its two results", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2, 5]);
  assert.equal(x.mean([1]).typeString, "f32[2]");
  assert.equal(x.relu().typeString, "f32[2,5]");
  assert.equal(x.softmax().typeString, "f32[2,5]");
  assert.equal(x.logSoftmax(0).typeString, "f32[2,5]");
  assert.equal(x.argmax().typeString, "i32[2]");
  // maxWithIndex keeps the variadic reduce: one node, two projections in the listing.
  tm.maxWithIndex(x, 1);
  assert.match(
    g.toString(),
    /\n {2}%\d+ = reduce argmax\(%0, %\d+, %\d+, %\d+\) : \(f32\[2\], i32\[2\]\)\n {2}%\d+ = %\d+#0 : f32\[2\]\n {2}%\d+ = %\d+#1 : i32\[2\]/,
  );
});
