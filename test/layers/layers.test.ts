import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/index.js";
import { tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import {
  avgPool,
  batchNorm,
  conv,
  dense,
  dropout,
  embedding,
  layerNorm,
  maxPool,
  mlp,
  multiHeadAttention,
  rmsNorm,
  rope,
} from "../../src/layers/index.js";
import * as tm from "../../src/ops/index.js";
import { assertClose, dotTolerance, randomTensor, runModel, varValues } from "./helpers.js";

test("dense: x·W + b on the last axis of a rank-3 input, then the activation", async () => {
  const ctx = new Context({ seed: 1 });
  const x = randomTensor([2, 3, 4], 7);
  const [y] = await runModel(ctx, (c, xs) => dense(c.in("d"), xs, 5, { activation: "relu" }), x);
  assert.deepEqual(y!.dims, [2, 3, 5]);
  const w = await varValues(ctx, "/d/weights");
  const b = await varValues(ctx, "/d/biases");
  const xv = x.toFloat64Array();
  const ref = new Float64Array(30);
  for (let r = 0; r < 6; r++)
    for (let o = 0; o < 5; o++) {
      let s = b[o]!;
      for (let i = 0; i < 4; i++) s += xv[r * 4 + i]! * w[i * 5 + o]!;
      ref[r * 5 + o] = Math.max(s, 0);
    }
  assertClose(y!.values, ref, 1e-5, "dense");
  const g = new Graph();
  assert.throws(
    () => dense(new Context(), g.parameter("i", "i32", [64, 100]), 2),
    /\[dense\] input i32\[64,100\] must be float/,
  );
  assert.throws(
    () => dense(new Context(), g.parameter("f", "f32", [64, 100]), 0),
    /\[dense\] input f32\[64,100\]: units must be a positive integer, got 0/,
  );
});

test("dense rejects a wrong reuse with both shapes in the message", async () => {
  const ctx = new Context();
  await runModel(ctx, (c, x) => dense(c.in("d"), x, 5), randomTensor([2, 4]));
  await assert.rejects(
    runModel(ctx, (c, x) => dense(c.in("d"), x, 5), randomTensor([2, 6])),
    /\[variable\] \/d\/weights exists as f32\[4,5\], asked for f32\[6,5\]/,
  );
});

test("conv builder equals the conv primitive with its variables (strides, dilations, groups, SAME)", async () => {
  const ctx = new Context({ seed: 2 });
  const x = randomTensor([2, 7, 6, 4], 3);
  const [a, b] = await runModel(
    ctx,
    (c, xs) => {
      const y = conv(c.in("conv"), xs)
        .filters(6)
        .kernelSize([3, 2])
        .strides(2)
        .dilations([1, 2])
        .groups(2)
        .padSame()
        .done();
      const w = c.variableAt("/conv/weights")!.read(xs.graph);
      const bias = c.variableAt("/conv/biases")!.read(xs.graph);
      const ref = tm.add(tm.conv(xs, w, { strides: 2, dilations: [1, 2], groups: 2, padding: "same" }), bias);
      return [y, ref];
    },
    x,
  );
  assert.deepEqual(a!.dims, [2, 4, 3, 6]);
  assert.deepEqual(ctx.variableAt("/conv/weights")!.shape.dims, [3, 2, 2, 6]);
  assertClose(a!.values, b!.values, 1e-6, "conv");
  assert.throws(
    () =>
      conv(new Context(), new Graph().parameter("x", "f32", [1, 4, 4, 3]))
        .kernelSize(3)
        .done(),
    /\[conv\] input f32\[1,4,4,3\]: set .filters/,
  );
});

test("maxPool and avgPool builders match a plain loop", async () => {
  const x = randomTensor([1, 4, 4, 2], 5);
  const [mx, av] = await runModel(
    new Context(),
    (_c, xs) => [maxPool(xs).window(2).done(), avgPool(xs).window(2).strides(2).done()],
    x,
  );
  const v = x.toFloat64Array();
  const at = (i: number, j: number, ch: number) => v[(i * 4 + j) * 2 + ch]!;
  const refMax: number[] = [];
  const refAvg: number[] = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++)
      for (let ch = 0; ch < 2; ch++) {
        const w = [
          at(2 * i, 2 * j, ch),
          at(2 * i + 1, 2 * j, ch),
          at(2 * i, 2 * j + 1, ch),
          at(2 * i + 1, 2 * j + 1, ch),
        ];
        refMax.push(Math.max(...w));
        refAvg.push(w.reduce((s, e) => s + e, 0) / 4);
      }
  assertClose(mx!.values, refMax, 1e-6, "maxPool");
  assertClose(av!.values, refAvg, 1e-6, "avgPool");
});

test("batch norm: training normalizes with batch statistics and updates running averages; inference uses them", async () => {
  const ctx = new Context();
  const x = randomTensor([8, 3], 11, 3);
  const xv = x.toFloat64Array();
  const mean = [0, 1, 2].map((ch) => [...Array(8).keys()].reduce((s, r) => s + xv[r * 3 + ch]!, 0) / 8);
  const vari = [0, 1, 2].map(
    (ch) => [...Array(8).keys()].reduce((s, r) => s + (xv[r * 3 + ch]! - mean[ch]!) ** 2, 0) / 8,
  );
  const [train] = await runModel(
    ctx.withTraining(true),
    (c, xs) => batchNorm(c.in("bn"), xs, { momentum: 0.9, epsilon: 1e-3 }),
    x,
  );
  const ref = Array.from(xv, (v, i) => (v - mean[i % 3]!) / Math.sqrt(vari[i % 3]! + 1e-3));
  assertClose(train!.values, ref, 1e-4, "train");
  assertClose(
    await varValues(ctx, "/bn/mean"),
    mean.map((m) => 0.1 * m),
    1e-5,
    "running mean",
  );
  assertClose(
    await varValues(ctx, "/bn/variance"),
    vari.map((v) => 0.9 + 0.1 * v),
    1e-5,
    "running variance",
  );
  assert.equal(ctx.variableAt("/bn/mean")!.trainable, false);
  const [infer] = await runModel(
    ctx.withTraining(false),
    (c, xs) => batchNorm(c.in("bn"), xs, { momentum: 0.9, epsilon: 1e-3 }),
    x,
  );
  const rm = mean.map((m) => 0.1 * m);
  const rv = vari.map((v) => 0.9 + 0.1 * v);
  assertClose(
    infer!.values,
    Array.from(xv, (v, i) => (v - rm[i % 3]!) / Math.sqrt(rv[i % 3]! + 1e-3)),
    1e-4,
    "inference",
  );
  assertClose(await varValues(ctx, "/bn/mean"), rm, 1e-6, "inference leaves running stats");
});

test("layer norm and RMS norm match a plain reference", async () => {
  const x = randomTensor([3, 5], 13, 2);
  const xv = x.toFloat64Array();
  const [ln, rms] = await runModel(
    new Context(),
    (c, xs) => [layerNorm(c.in("ln"), xs), rmsNorm(c.in("rms"), xs)],
    x,
  );
  const refLn: number[] = [];
  const refRms: number[] = [];
  for (let r = 0; r < 3; r++) {
    const row = Array.from(xv.slice(r * 5, r * 5 + 5));
    const m = row.reduce((s, v) => s + v, 0) / 5;
    const v = row.reduce((s, e) => s + (e - m) ** 2, 0) / 5;
    const ms = row.reduce((s, e) => s + e * e, 0) / 5;
    for (const e of row) {
      refLn.push((e - m) / Math.sqrt(v + 1e-5));
      refRms.push(e / Math.sqrt(ms + 1e-6));
    }
  }
  assertClose(ln!.values, refLn, 1e-4, "layerNorm");
  assertClose(rms!.values, refRms, 1e-4, "rmsNorm");
});

test("dropout: rate statistics and scaling in training, identity in inference, reproducible per seed", async () => {
  const ones = tensor(new Array(20000).fill(1), "f32");
  const ctx = new Context({ seed: 4 });
  const [a] = await runModel(ctx.withTraining(true), (c, x) => dropout(c, x, 0.3), ones);
  const zeros = a!.values.filter((v) => v === 0).length / a!.values.length;
  assert.ok(Math.abs(zeros - 0.3) < 0.02, `dropped fraction ${zeros}`);
  assert.ok(a!.values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
  const [b] = await runModel(ctx.withTraining(true), (c, x) => dropout(c, x, 0.3), ones);
  assert.notDeepEqual(
    Array.from(a!.values.slice(0, 64)),
    Array.from(b!.values.slice(0, 64)),
    "a new mask each run",
  );
  const [again] = await runModel(
    new Context({ seed: 4 }).withTraining(true),
    (c, x) => dropout(c, x, 0.3),
    ones,
  );
  assert.deepEqual(Array.from(again!.values), Array.from(a!.values), "same seed, same mask");
  const [inf] = await runModel(ctx, (c, x) => dropout(c, x, 0.3), ones);
  assert.ok(inf!.values.every((v) => v === 1));
  ctx.setParam("dropout_rate", 0.5);
  const [p] = await runModel(ctx.withTraining(true), (c, x) => dropout(c, x), ones);
  assert.ok(Math.abs(p!.values.filter((v) => v === 0).length / 20000 - 0.5) < 0.02);
});

test("embedding looks rows up from its table", async () => {
  const ctx = new Context();
  const ids = tensor(
    [
      [3, 0],
      [1, 3],
    ],
    "i32",
  );
  const [e] = await runModel(ctx, (c, i) => embedding(c.in("emb"), i, 5, 4), ids);
  assert.deepEqual(e!.dims, [2, 2, 4]);
  const table = await varValues(ctx, "/emb/embeddings");
  const ref = [3, 0, 1, 3].flatMap((r) => Array.from(table.slice(r * 4, r * 4 + 4)));
  assertClose(e!.values, ref, 0, "embedding");
});

test("RoPE rotates the two halves of each head by position-dependent angles", async () => {
  const x = randomTensor([1, 3, 2, 4], 17);
  const [y] = await runModel(new Context(), (_c, xs) => rope(xs, { base: 100 }), x);
  const v = x.toFloat64Array();
  const ref = new Float64Array(v.length);
  for (let s = 0; s < 3; s++)
    for (let h = 0; h < 2; h++)
      for (let i = 0; i < 2; i++) {
        const th = s * 100 ** (-(2 * i) / 4);
        const o = (s * 2 + h) * 4;
        const x1 = v[o + i]!;
        const x2 = v[o + 2 + i]!;
        ref[o + i] = x1 * Math.cos(th) - x2 * Math.sin(th);
        ref[o + 2 + i] = x2 * Math.cos(th) + x1 * Math.sin(th);
      }
  assertClose(y!.values, ref, 1e-5, "rope");
});

test("grouped-query attention with a causal sliding window matches a naive loop", async () => {
  const ctx = new Context({ seed: 8 });
  const [B, S, M, H, KV, D, W] = [2, 5, 8, 4, 2, 2, 3];
  const x = randomTensor([B, S, M], 19);
  const [y] = await runModel(
    ctx,
    (c, xs) =>
      multiHeadAttention(c.in("attn"), xs, xs, xs, {
        numHeads: H,
        numKvHeads: KV,
        headDim: D,
        slidingWindow: W,
      }),
    x,
  );
  assert.deepEqual(y!.dims, [B, S, M]);
  const wq = await varValues(ctx, "/attn/query/weights");
  const wk = await varValues(ctx, "/attn/key/weights");
  const wv = await varValues(ctx, "/attn/value/weights");
  const wo = await varValues(ctx, "/attn/output/weights");
  const bo = await varValues(ctx, "/attn/output/biases").catch(() => new Float64Array(M));
  const xv = x.toFloat64Array();
  const proj = (w: Float64Array, out: number, b: number, s: number, k: number) => {
    let acc = 0;
    for (let i = 0; i < M; i++) acc += xv[(b * S + s) * M + i]! * w[i * out + k]!;
    return acc;
  };
  const ref: number[] = [];
  for (let b = 0; b < B; b++)
    for (let s = 0; s < S; s++) {
      const heads: number[] = [];
      for (let h = 0; h < H; h++) {
        const g = Math.floor(h / (H / KV));
        const q = [...Array(D).keys()].map((d) => proj(wq, H * D, b, s, h * D + d));
        const allowed = [...Array(S).keys()].filter((t) => t <= s && t > s - W);
        const scores = allowed.map((t) => {
          let acc = 0;
          for (let d = 0; d < D; d++) acc += q[d]! * proj(wk, KV * D, b, t, g * D + d);
          return acc / Math.sqrt(D);
        });
        const m = Math.max(...scores);
        const e = scores.map((sc) => Math.exp(sc - m));
        const z = e.reduce((p, q2) => p + q2, 0);
        for (let d = 0; d < D; d++) {
          heads.push(allowed.reduce((acc, t, k) => acc + (e[k]! / z) * proj(wv, KV * D, b, t, g * D + d), 0));
        }
      }
      for (let o = 0; o < M; o++) ref.push(heads.reduce((acc, hv, k) => acc + hv * wo[k * M + o]!, bo[o]!));
    }
  assertClose(y!.values, ref, dotTolerance(1e-4), "attention");
  assert.equal(ctx.variableAt("/attn/key/weights")!.shape.dims[1], KV * D);
});

test("gated MLP (GeGLU) builds gate, up and down projections", async () => {
  const ctx = new Context();
  const [y] = await runModel(
    ctx,
    (c, xs) => mlp(c.in("mlp"), xs, { hiddenDim: 16, gated: true, useBias: false }),
    randomTensor([2, 3, 8]),
  );
  assert.deepEqual(y!.dims, [2, 3, 8]);
  assert.deepEqual(
    ctx.variables().map((v) => `${v.path} ${v.typeString}`),
    ["/mlp/gate/weights f32[8,16]", "/mlp/up/weights f32[8,16]", "/mlp/down/weights f32[16,8]"],
  );
});
