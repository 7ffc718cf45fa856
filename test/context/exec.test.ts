/**
 * ctx.exec: a compiled model function sees the context's hyperparameters as they are at each
 * call, not as they were when it was first compiled.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { type Tensor, tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import type { DeviceArray } from "../../src/runtime/client.js";

/** |a − e| ≤ tol·max(1, |e|) elementwise: the values go through a dot product (BLAS). */
function assertClose(actual: readonly number[], expected: readonly number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `at ${i}: ${a} vs ${e} (tolerance ${tol})`);
  });
}

const run = async (f: (x: Tensor) => Promise<DeviceArray>, x: Tensor) => [
  ...(await (await f(x)).toTensor()).toFloat64Array(),
];

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
  const at1 = await run(f, x);
  assertClose(at1, [3, 0]);
  ctx.setParam("scale", 10);
  const at10 = await run(f, x);
  const fresh = new Context().setParam("scale", 10);
  const expected = await run(fresh.exec(scaled), x);
  assertClose(at10, expected, 1e-6);
  assertClose(
    at10,
    at1.map((v) => 10 * v),
    1e-6,
  );
  assert.equal(f.compiledCount, 2, "a new value of a hyperparameter it read compiles again");
  ctx.setParam("scale", 1);
  assertClose(await run(f, x), at1);
  assert.equal(f.compiledCount, 2, "going back to scale 1 reuses the first program");
  ctx.setParam("unrelated", 3);
  await f(x);
  assert.equal(f.compiledCount, 2, "a hyperparameter the function never read changes nothing");
});

test("ctx.exec: a hyperparameter set at an inner scope is seen by a function that reads it there", async () => {
  const ctx = new Context();
  const f = ctx.exec((c, x) => scaled(c.in("block"), x));
  const x = tensor([[1, 1]], "f32");
  assertClose(await run(f, x), [3]);
  ctx.in("block").setParam("scale", -2);
  assertClose(await run(f, x), [-6]);
  ctx.restore({ tensors: {}, hyperparameters: { "/block": { scale: 4 } } });
  assertClose(await run(f, x), [12]);
});
