import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/grad.js";
import { Context, execWithContext, type ModelFn } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import {
  attentionMask,
  batchNorm,
  conv,
  dense,
  layerNorm,
  maxPool,
  mlp,
  multiHeadAttention,
  rmsNorm,
} from "../../src/layers/index.js";
import * as tm from "../../src/ops/index.js";
import type { DeviceArray } from "../../src/runtime/client.js";

function f64(dims: number[], seed: number): Tensor {
  let s = seed >>> 0;
  const n = dims.reduce((a, b) => a * b, 1);
  return new Tensor(
    "f64",
    dims,
    Float64Array.from({ length: n }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 2 ** 32) * 2 - 1;
    }),
  );
}

/**
 * Compares the gradient of a scalar model loss with respect to every trainable variable with
 * central differences along one random direction per variable (all in f64).
 */
async function checkModelGradients(build: ModelFn<Node>, input: Tensor, training = false): Promise<void> {
  const ctx = new Context({ seed: 5 }).withTraining(training);
  // One run creates the variables.
  await execWithContext(ctx, build)(input);
  const vars = ctx.trainableVariables();
  const analytic = execWithContext(ctx, (c, x) => {
    const loss = build(c, x);
    const trace = c.traceOf(x.graph);
    return grad(
      loss,
      vars.map((v) => trace.reads.get(v)!),
    );
  });
  // Running stats written by batch norm would change the loss between evaluations: restore them.
  const frozen = await Promise.all(ctx.variables().map(async (v) => [v, await v.toTensor()] as const));
  const restore = () => {
    for (const [v, t] of frozen) if (!v.trainable) v.setValue(t);
  };
  restore();
  const gs = (await analytic(input)) as DeviceArray[];
  const grads = await Promise.all(gs.map(async (g) => (await g.toTensor()).toFloat64Array()));
  const loss = execWithContext(ctx, build);
  const base = await Promise.all(vars.map(async (v) => (await v.toTensor()).toFloat64Array()));
  const dirs = base.map((b, k) => f64([b.length], 100 + k).toFloat64Array());
  const evalAt = async (sign: number) => {
    restore();
    vars.forEach((v, k) => {
      v.setValue(
        new Tensor(
          "f64",
          v.shape,
          base[k]!.map((b, j) => b + sign * 1e-6 * dirs[k]![j]!),
        ),
      );
    });
    return (await (await loss(input)).toTensor()).toFloat64Array()[0]!;
  };
  const numeric = ((await evalAt(1)) - (await evalAt(-1))) / 2e-6;
  let exact = 0;
  grads.forEach((g, k) => {
    for (let j = 0; j < g.length; j++) exact += g[j]! * dirs[k]![j]!;
  });
  assert.ok(
    Math.abs(exact - numeric) <= 1e-6 + 1e-5 * Math.max(Math.abs(exact), Math.abs(numeric)),
    `analytic ${exact} vs numeric ${numeric} over ${vars.map((v) => v.path).join(", ")}`,
  );
}

test("gradients through dense, layer norm, grouped-query attention with RoPE, RMS norm and a gated MLP agree with finite differences", async () => {
  await checkModelGradients(
    (c, x) => {
      let h = dense(c.in("in"), x, 8, { activation: "tanh" });
      h = layerNorm(c.in("ln"), h);
      h = multiHeadAttention(c.in("attn"), h, h, h, { numHeads: 4, numKvHeads: 2, causal: true, rope: true });
      h = rmsNorm(c.in("rms"), h);
      h = mlp(c.in("mlp"), h, { hiddenDim: 12, gated: true });
      return tm.reduceSum(tm.mul(h, h));
    },
    f64([2, 3, 5], 1),
  );
});

test("gradients through the conv builder, max pooling and batch norm in training agree with finite differences", async () => {
  await checkModelGradients(
    (c, x) => {
      let h = conv(c.in("conv"), x).filters(3).kernelSize(3).padSame().activation("silu").done();
      h = batchNorm(c.in("bn"), h, { momentum: 0.5 });
      h = maxPool(h).window(2).done();
      h = dense(c.in("out"), tm.reshape(h, [2, -1]), 2);
      return tm.reduceSum(tm.mul(h, h));
    },
    f64([2, 4, 4, 2], 2),
    true,
  );
});

test("attention masks: causal and sliding-window patterns", async () => {
  const run = async (q: number, k: number, o: { causal?: boolean; window?: number }) => {
    const f = execWithContext(new Context(), (_c, x) =>
      tm.add(tm.convert(attentionMask(x.graph, q, k, o)!, "i32"), x),
    );
    return (await (await f(new Tensor("i32", [], Int32Array.of(0)))).toTensor()).toArray();
  };
  assert.deepEqual(await run(3, 3, { causal: true }), [
    [1, 0, 0],
    [1, 1, 0],
    [1, 1, 1],
  ]);
  assert.deepEqual(await run(4, 4, { window: 2 }), [
    [1, 0, 0, 0],
    [1, 1, 0, 0],
    [0, 1, 1, 0],
    [0, 0, 1, 1],
  ]);
  // Two new queries after three cached keys see everything up to their own position.
  assert.deepEqual(await run(2, 5, { causal: true }), [
    [1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1],
  ]);
  assert.equal(attentionMask(new Graph(), 2, 2, {}), undefined);
});
