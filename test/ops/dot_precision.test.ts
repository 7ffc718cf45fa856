/**
 * dot_general's precision option: lowered as precision_config on the op and on both of its
 * gradient dots, left out for "default", and a bad value is an error naming dotGeneral.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/index.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";
import { toStableHLO } from "../../src/stablehlo/printer.js";

function lowered(precision?: tm.DotPrecision): string {
  const g = new Graph("dot_precision");
  const a = g.parameter("a", "f32", [2, 3]);
  const b = g.parameter("b", "f32", [3, 4]);
  const loss = tm.reduceSum(tm.matmul(a, b, precision ? { precision } : {}));
  const [da, db] = grad(loss, [a, b]);
  return toStableHLO(g, [loss, da!, db!], { parameters: [a, b] });
}

test("precision 'highest' marks the dot and both gradient dots", () => {
  const text = lowered("highest");
  const dots = text.split("\n").filter((l) => l.includes("stablehlo.dot_general"));
  assert.equal(dots.length, 3, text);
  for (const d of dots) {
    assert.match(d, /precision_config = \[#stablehlo<precision HIGHEST>, #stablehlo<precision HIGHEST>\]/);
  }
});

test("precision 'default' (or none) adds no precision_config", () => {
  assert.doesNotMatch(lowered("default"), /precision_config/);
  assert.doesNotMatch(lowered(), /precision_config/);
});

test("an unknown precision is an error naming dotGeneral and the value", () => {
  const g = new Graph("bad");
  const a = g.parameter("a", "f32", [2, 2]);
  assert.throws(
    () => tm.matmul(a, a, { precision: "fast" as tm.DotPrecision }),
    /\[dotGeneral\] precision must be one of default, high, highest, got fast/,
  );
});
