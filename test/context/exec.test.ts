/**
 * ctx.exec: a compiled model function sees the context's hyperparameters as they are at each
 * call, not as they were when it was first compiled.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";

/** |a − e| ≤ rel·|e| elementwise (values are products, exact in f32 up to rounding). */
function assertClose(actual: readonly number[], expected: readonly number[], rel: number): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    assert.ok(Math.abs(a - expected[i]!) <= rel * Math.abs(expected[i]!), `at ${i}: ${a} vs ${expected[i]}`);
  });
}

const scaled = (c: Context, x: Node): Node =>
  x.matmul(c.variableWithValue("w", tensor([[1], [2]], "f32")).read(x.graph)).mul(c.getParam("scale", 1));

test("ctx.exec: setParam after the first call is used by the next call, as by a fresh context", async () => {
  const ctx = new Context();
  const f = ctx.exec(scaled);
  const x = tensor(
    [
      [1, 1],
      [2, -1],
    ],
    "f32",
  );
  const at1 = [...(await (await f(x)).toTensor()).toFloat64Array()];
  assert.deepEqual(at1, [3, 0]);
  ctx.setParam("scale", 10);
  const at10 = [...(await (await f(x)).toTensor()).toFloat64Array()];
  const fresh = new Context().setParam("scale", 10);
  const expected = [...(await (await fresh.exec(scaled)(x)).toTensor()).toFloat64Array()];
  assertClose(at10, expected, 1e-6);
  assertClose(
    at10,
    at1.map((v) => 10 * v),
    1e-6,
  );
  assert.equal(f.compiledCount, 2, "a new value of a hyperparameter it read compiles again");
  ctx.setParam("scale", 1);
  assertClose([...(await (await f(x)).toTensor()).toFloat64Array()], at1, 0);
  assert.equal(f.compiledCount, 2, "going back to scale 1 reuses the first program");
  ctx.setParam("unrelated", 3);
  await f(x);
  assert.equal(f.compiledCount, 2, "a hyperparameter the function never read changes nothing");
});

test("ctx.exec: a hyperparameter set at an inner scope is seen by a function that reads it there", async () => {
  const ctx = new Context();
  const f = ctx.exec((c, x) => scaled(c.in("block"), x));
  const x = tensor([[1, 1]], "f32");
  assert.deepEqual((await (await f(x)).toTensor()).values(), [3]);
  ctx.in("block").setParam("scale", -2);
  assert.deepEqual((await (await f(x)).toTensor()).values(), [-6]);
  ctx.restore({ tensors: {}, hyperparameters: { "/block": { scale: 4 } } });
  assert.deepEqual((await (await f(x)).toTensor()).values(), [12]);
});
