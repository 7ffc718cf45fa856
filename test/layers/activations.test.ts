/**
 * Activations by name: every listed name runs, the two gelu forms are the tanh and erf
 * formulas, and an unknown name is an error listing the known ones.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import { ACTIVATIONS, activation } from "../../src/layers/activations.js";
import { exec } from "../../src/runtime/index.js";

const XS = [-3, -1, -0.5, 0, 0.5, 1, 2.5];

async function run(name: string): Promise<number[]> {
  const f = exec((x: Node) => activation(name, x), { name: `act_${name}` });
  const out = await f(tensor(XS, "f64"));
  return Array.from((await (Array.isArray(out) ? out[0]! : out).toTensor()).toFloat64Array());
}

/** erf by its Taylor series (converges fast for |x| <= 2). */
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

test("gelu_exact is x·Φ(x) with erf; gelu and gelu_tanh are the tanh approximation", async () => {
  const exact = await run("gelu_exact");
  const tanhForm = await run("gelu_tanh");
  const plain = await run("gelu");
  XS.forEach((x, i) => {
    const e = 0.5 * x * (1 + erf(x / Math.SQRT2));
    const t = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    assert.ok(Math.abs(exact[i]! - e) < 1e-12, `gelu_exact(${x}) = ${exact[i]}, expected ${e}`);
    assert.ok(Math.abs(tanhForm[i]! - t) < 1e-12, `gelu_tanh(${x}) = ${tanhForm[i]}, expected ${t}`);
    assert.equal(plain[i], tanhForm[i]);
  });
  // The forms differ measurably (about 1.6e-4 at x = 1): the names are not aliases.
  assert.ok(Math.abs(exact[5]! - tanhForm[5]!) > 1e-5);
});

test("every listed activation runs and keeps the shape", async () => {
  for (const name of ACTIVATIONS) {
    const ys = await run(name);
    assert.equal(ys.length, XS.length, name);
    assert.ok(ys.every(Number.isFinite), `${name}: ${ys}`);
  }
});

test("an unknown activation names itself and the known ones", () => {
  const g = new Graph("bad");
  const x = g.parameter("x", "f32", [2]);
  assert.throws(
    () => activation("gelu_fast", x),
    /\[activation\] unknown activation "gelu_fast"; known: none, linear/,
  );
});
