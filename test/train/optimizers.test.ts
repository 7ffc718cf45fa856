import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import {
  adam,
  adamW,
  cosineSchedule,
  globalStep,
  type Optimizer,
  rmsProp,
  sgd,
  stepSchedule,
} from "../../src/train/optimizers.js";

const W0 = [1, -2, 0.5];
const GRADS = [
  [0.5, -1, 2],
  [0.1, 0.3, -0.7],
  [-0.4, 0.2, 0.9],
];

/** Runs opt.update with fed gradients for each step; returns w after each step. */
async function run(opt: Optimizer, grads: number[][] = GRADS, ctx = new Context()): Promise<number[][]> {
  const w = ctx.variableWithValue("w", tensor(W0, "f32"));
  const step = execWithContext(ctx, (c, g) => {
    const r = opt.update(c, new Map([[w, g]]));
    return [r.learningRate, r.skipped];
  });
  const out: number[][] = [];
  for (const g of grads) {
    await step(tensor(g, "f32"));
    out.push([...(await w.toTensor()).toFloat64Array()]);
  }
  return out;
}

function close(actual: number[][], expected: number[][], tol = 1e-5): void {
  for (const [i, row] of actual.entries()) {
    for (const [j, v] of row.entries()) {
      const e = expected[i]![j]!;
      assert.ok(Math.abs(v - e) <= tol * (1 + Math.abs(e)), `step ${i} elem ${j}: ${v} vs ${e}`);
    }
  }
}

/** A plain-TS reference: per-element state, one closure per optimizer. */
function reference(
  update: (p: number, g: number, t: number, s: Record<string, number>) => number,
): number[][] {
  const p = [...W0];
  const states = p.map(() => ({}) as Record<string, number>);
  return GRADS.map((g, k) => {
    for (let i = 0; i < p.length; i++) p[i] = update(p[i]!, g[i]!, k + 1, states[i]!);
    return [...p];
  });
}

test("SGD without momentum: p ← p − lr·g", async () => {
  close(
    await run(sgd({ learningRate: 0.1 })),
    reference((p, g) => p - 0.1 * g),
  );
});

test("SGD with momentum and with Nesterov momentum match hand-computed steps", async () => {
  close(
    await run(sgd({ learningRate: 0.1, momentum: 0.9 })),
    reference((p, g, _t, s) => {
      s.v = 0.9 * (s.v ?? 0) + g;
      return p - 0.1 * s.v;
    }),
  );
  close(
    await run(sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })),
    reference((p, g, _t, s) => {
      s.v = 0.9 * (s.v ?? 0) + g;
      return p - 0.1 * (g + 0.9 * s.v);
    }),
  );
});

test("Adam applies bias correction: the first step moves each weight by lr·sign(g)", async () => {
  const got = await run(adam({ learningRate: 0.01 }));
  close(
    got,
    reference((p, g, t, s) => {
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      const mh = s.m / (1 - 0.9 ** t);
      const vh = s.v / (1 - 0.999 ** t);
      return p - (0.01 * mh) / (Math.sqrt(vh) + 1e-8);
    }),
  );
  close([got[0]!], [W0.map((w, i) => w - 0.01 * Math.sign(GRADS[0]![i]!))], 1e-5);
});

test("AdamW decays weights decoupled from the gradient statistics", async () => {
  close(
    await run(adamW({ learningRate: 0.01, weightDecay: 0.1 })),
    reference((p, g, t, s) => {
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      const mh = s.m / (1 - 0.9 ** t);
      const vh = s.v / (1 - 0.999 ** t);
      return p - 0.01 * (mh / (Math.sqrt(vh) + 1e-8) + 0.1 * p);
    }),
  );
});

test("RMSProp with and without momentum", async () => {
  close(
    await run(rmsProp({ learningRate: 0.01 })),
    reference((p, g, _t, s) => {
      s.s = 0.9 * (s.s ?? 0) + 0.1 * g * g;
      return p - (0.01 * g) / (Math.sqrt(s.s) + 1e-7);
    }),
  );
  close(
    await run(rmsProp({ learningRate: 0.01, momentum: 0.5 })),
    reference((p, g, _t, s) => {
      s.s = 0.9 * (s.s ?? 0) + 0.1 * g * g;
      s.b = 0.5 * (s.b ?? 0) + g / (Math.sqrt(s.s) + 1e-7);
      return p - 0.01 * s.b;
    }),
  );
});

test("optimizer state lives in the context under /optimizer/<name>/<slot>/<path>", async () => {
  const ctx = new Context();
  await run(adam(), GRADS.slice(0, 2), ctx);
  const paths = ctx.variables().map((v) => v.path);
  assert.ok(paths.includes("/optimizer/adam/m/w") && paths.includes("/optimizer/adam/v/w"), paths.join(" "));
  assert.equal((await globalStep(ctx).toTensor()).get(), 2);
  assert.equal(ctx.variableAt("/optimizer/adam/m/w")!.trainable, false);
});

test("clipping by global norm scales all gradients by clip/norm when the norm is larger", async () => {
  const norm = Math.hypot(...GRADS[0]!);
  const clip = 1;
  const got = await run(sgd({ learningRate: 1, clipGlobalNorm: clip }), [GRADS[0]!]);
  close(got, [W0.map((w, i) => w - (GRADS[0]![i]! * clip) / norm)]);
  // Below the threshold nothing changes.
  const same = await run(sgd({ learningRate: 1, clipGlobalNorm: 100 }), [GRADS[0]!]);
  close(same, [W0.map((w, i) => w - GRADS[0]![i]!)]);
});

test("the NaN guard skips the whole update (weights, state, step) when a gradient is not finite", async () => {
  const ctx = new Context();
  const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
  const got = await run(
    opt,
    [GRADS[0]!, [Number.NaN, 0, 0], [0, Number.POSITIVE_INFINITY, 0], GRADS[1]!],
    ctx,
  );
  const v1 = GRADS[0]!.map((g) => g);
  const after1 = W0.map((w, i) => w - 0.1 * v1[i]!);
  close([got[0]!, got[1]!, got[2]!], [after1, after1, after1]);
  const v2 = v1.map((v, i) => 0.9 * v + GRADS[1]![i]!);
  close([got[3]!], [after1.map((w, i) => w - 0.1 * v2[i]!)]);
  assert.equal((await globalStep(ctx).toTensor()).get(), 2);
});

test("minimize differentiates the loss with respect to the trainable variables it read", async () => {
  const ctx = new Context();
  const w = ctx.variableWithValue("w", tensor([3, -1], "f32"));
  const frozen = ctx.variableWithValue("frozen", tensor([2, 2], "f32"), { trainable: false });
  const step = execWithContext(ctx, (c, x) => {
    const loss = tm.reduceSum(tm.mul(tm.mul(w.read(x.graph), frozen.read(x.graph)), x));
    return sgd({ learningRate: 0.5 }).minimize(c, loss).gradNorm;
  });
  const norm = await step(tensor([1, 2], "f32"));
  // d/dw = frozen · x = [2, 4]
  assert.ok(Math.abs((await norm.toTensor()).toFloat64Array()[0]! - Math.hypot(2, 4)) < 1e-5);
  assert.deepEqual((await w.toTensor()).values(), [2, -3]);
  assert.deepEqual((await frozen.toTensor()).values(), [2, 2]);
});

test("schedules: cosine with warm-up and step decay", async () => {
  const ctx = new Context();
  const cos = cosineSchedule({ base: 1, warmupSteps: 2, totalSteps: 6, minValue: 0.1 });
  const stp = stepSchedule({ base: 0.8, stepSize: 2, gamma: 0.5 });
  const f = execWithContext(ctx, (_c, s: Node) => [cos(s), stp(s)]);
  const steps = [0, 1, 2, 4, 6, 9];
  const expectCos = (s: number) =>
    s < 2 ? (s + 1) / 2 : 0.1 + 0.45 * (1 + Math.cos(Math.PI * Math.min(1, (s - 2) / 4)));
  for (const s of steps) {
    const [a, b] = await f(tensor(s, "f32"));
    assert.ok(Math.abs((await a!.toTensor()).toFloat64Array()[0]! - expectCos(s)) < 1e-6, `cosine at ${s}`);
    assert.ok(
      Math.abs((await b!.toTensor()).toFloat64Array()[0]! - 0.8 * 0.5 ** Math.floor(s / 2)) < 1e-6,
      `step at ${s}`,
    );
  }
  assert.throws(() => cosineSchedule({ base: 1, warmupSteps: 5, totalSteps: 5 }), /\[cosineSchedule\]/);
});
