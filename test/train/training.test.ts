import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import { batchNorm, dense, dropout } from "../../src/layers/index.js";
import { sparseCategoricalCrossEntropy } from "../../src/train/losses.js";
import { sparseAccuracy } from "../../src/train/metrics.js";
import { adam } from "../../src/train/optimizers.js";

test("a small classifier (dense, batch norm, dropout) trained with Adam through ctx.exec learns a separable problem", async () => {
  const n = 64;
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const xs = Float32Array.from({ length: n * 2 }, rand);
  const ys = Int32Array.from({ length: n }, (_, i) => (xs[2 * i]! + 0.5 * xs[2 * i + 1]! > 0 ? 1 : 0));
  const x = new Tensor("f32", [n, 2], xs);
  const y = new Tensor("i32", [n], ys);
  const ctx = new Context({ seed: 7 });
  const model = (c: Context, input: Parameters<typeof dense>[1]) => {
    let h = dense(c.in("hidden"), input, 16, { activation: "relu" });
    h = batchNorm(c.in("bn"), h, { momentum: 0.9 });
    h = dropout(c, h, 0.1);
    return dense(c.in("logits"), h, 2);
  };
  const optimizer = adam({ learningRate: 0.05 });
  const step = ctx.exec(
    (c, input, labels) => {
      const loss = sparseCategoricalCrossEntropy(model(c, input), labels);
      optimizer.minimize(c, loss);
      return loss;
    },
    { training: true },
  );
  const evaluate = ctx.exec((c, input, labels) => sparseAccuracy(model(c, input), labels), {
    training: false,
  });
  const losses: number[] = [];
  for (let i = 0; i < 40; i++) losses.push((await (await step(x, y)).toTensor()).get() as number);
  assert.equal(step.compiledCount, 1, "one compiled train step");
  assert.ok(losses[39]! < 0.5 * losses[0]!, `loss ${losses[0]} → ${losses[39]}`);
  const acc = (await (await evaluate(x, y)).toTensor()).get() as number;
  assert.ok(acc >= 0.9, `accuracy ${acc}`);
  assert.ok(ctx.variableAt("/hidden/weights")!.onDevice, "weights stay on the device between steps");
  assert.ok(ctx.variableAt("/optimizer/adam/m/hidden/weights"), "Adam state in the context");
});

test("snapshot and restore: a restored context continues training exactly like the original (weights, Adam state, step, RNG)", async () => {
  const x = new Tensor(
    "f32",
    [8, 3],
    Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)),
  );
  const y = new Tensor(
    "i32",
    [8],
    Int32Array.from({ length: 8 }, (_, i) => i % 2),
  );
  const makeStep = (ctx: Context) =>
    ctx.exec(
      (c, input, labels) => {
        const h = dropout(c, dense(c.in("h"), input, 6, { activation: "relu" }), 0.25);
        const loss = sparseCategoricalCrossEntropy(dense(c.in("o"), h, 2), labels);
        adam({ learningRate: 0.01 }).minimize(c, loss);
        return loss;
      },
      { training: true },
    );
  const a = new Context({ seed: 2 });
  a.setParam("note", "kept");
  const stepA = makeStep(a);
  await stepA(x, y);
  await stepA(x, y);
  const saved = await a.snapshot();
  const b = new Context({ seed: 99 });
  b.restore(saved);
  assert.equal(b.getParam("note", ""), "kept");
  await stepA(x, y);
  await makeStep(b)(x, y);
  const after = await a.snapshot();
  const restored = await b.snapshot();
  assert.deepEqual(Object.keys(restored.tensors).sort(), Object.keys(after.tensors).sort());
  for (const [path, t] of Object.entries(after.tensors)) {
    assert.deepEqual(restored.tensors[path]!.values(), t.values(), path);
  }
  assert.equal(b.variableAt("/h/weights")!.trainable, true);
  assert.equal(b.variableAt("/optimizer/adam/m/h/weights")!.trainable, false);
  assert.throws(
    () => b.restore({ tensors: { "/h/weights": new Tensor("f32", [1], Float32Array.of(0)) } }),
    /\[context.restore\] \/h\/weights is f32\[3,6\], the saved value is f32\[1\]/,
  );
});
