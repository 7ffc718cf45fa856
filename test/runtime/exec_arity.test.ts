/** A compiled function called with the wrong number of arguments says so, naming it and its arity. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tm from "../../src/index.js";

test("an exec'd function called with too few arguments names the function and its arity", async () => {
  const f = tm.exec(function addTwo(a: tm.Node, b: tm.Node) {
    return tm.add(a, b);
  });
  await assert.rejects(f([1, 2]), /^TsmlxError: \[exec\] addTwo takes 2 arguments, got 1$/);
  await assert.rejects(f(), /^TsmlxError: \[exec\] addTwo takes 2 arguments, got 0$/);
  assert.deepEqual([...(await (await f([1, 2], [3, 4])).toTensor()).values()], [4, 6]);
  // A function with rest parameters takes any number.
  const sum = tm.exec((...xs: tm.Node[]) => xs.reduce((p, q) => tm.add(p, q)));
  assert.deepEqual([...(await (await sum(1, 2, 3)).toTensor()).values()], [6]);
});

test("a context-compiled model called with too few inputs names the model and its arity", async () => {
  const ctx = new tm.Context({ seed: 1 });
  const model = ctx.exec(function scaled(c: tm.Context, x: tm.Node, y: tm.Node) {
    return tm.mul(tm.add(x, y), c.variable("s", "f32", [], tm.onesInit()).read(x.graph));
  });
  await assert.rejects(
    model([1]),
    /^TsmlxError: \[exec\] scaled takes 2 inputs \(after the context\), got 1$/,
  );
});
