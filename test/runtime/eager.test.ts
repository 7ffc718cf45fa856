import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { eager, eagerCacheSize, eagerOps, runEager } from "../../src/runtime/eager.js";

test("eager chains run ops on host tensors and return Tensors", async () => {
  const y = await eager(
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "f32",
    ),
  )
    .matmul(tensor([[1], [-1]], "f32"))
    .add(10)
    .relu();
  assert.deepEqual(y.shape.dims, [2, 1]);
  assert.deepEqual(y.values(), [9, 9]);
  const s = await eager([1, 2, 3]).exp().log().sum();
  assert.ok(Math.abs((s.get() as number) - 6) < 1e-5);
  const t = await eagerOps.transpose(tensor([[1, 2, 3]], "f32"));
  assert.deepEqual(t.shape.dims, [3, 1]);
});

test("eager ops compile once per op, attributes and signature", async () => {
  const before = eagerCacheSize();
  await eagerOps.mul(tensor([1, 2], "f32"), tensor([3, 4], "f32"));
  await eagerOps.mul(tensor([5, 6], "f32"), tensor([7, 8], "f32"));
  assert.equal(eagerCacheSize(), before + 1, "same op and signature reuse the program");
  await eagerOps.mul(tensor([1, 2, 3], "f32"), tensor([3, 4, 5], "f32"));
  assert.equal(eagerCacheSize(), before + 2, "a new signature compiles again");
  await eagerOps.sum(tensor([[1, 2]], "f32"), [0]);
  await eagerOps.sum(tensor([[1, 2]], "f32"), [1]);
  assert.equal(eagerCacheSize(), before + 4, "attributes are part of the key");
});

test("eager errors name the op", async () => {
  await assert.rejects(
    eagerOps.matmul(tensor([[1, 2]], "f32"), tensor([[1, 2]], "f32")),
    /\[(dotGeneral|matmul)\]/,
  );
});

test("eager: a function that reads a hyperparameter sees its new value after setParam", async () => {
  const ctx = new Context();
  const scaled = (x: Node) => x.mul(ctx.getParam("scale", 1));
  const x = tensor([1, -2, 3], "f32");
  assert.deepEqual((await runEager(scaled, [x])).values(), [1, -2, 3]);
  ctx.setParam("scale", 10);
  assert.deepEqual((await runEager(scaled, [x])).values(), [10, -20, 30]);
});
