/**
 * Cached self-attention: prefilling part of a sequence and then decoding one token at a time
 * through the key/value cache gives the same outputs as causal attention over the whole
 * sequence (with RoPE, grouped key/value heads and a sliding window), and bad caches are
 * errors naming what was expected.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import {
  type CachedAttentionOptions,
  cachedSelfAttention,
  emptyKVCache,
  multiHeadAttention,
} from "../../src/layers/attention.js";
import type { DeviceArray } from "../../src/runtime/client.js";
import { assertClose, dotTolerance, randomTensor, runModel } from "./helpers.js";

const [B, S, M, H, KV, D, MAX] = [2, 7, 16, 4, 2, 4, 10];

/** Positions [from, to) of x [B, S, M]. */
function positions(x: Tensor, from: number, to: number): Tensor {
  const v = x.toFloat64Array();
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let s = from; s < to; s++) for (let m = 0; m < M; m++) out.push(v[(b * S + s) * M + m]!);
  return Tensor.fromValues("f32", [B, to - from, M], out);
}

async function decodeMatchesFull(options: CachedAttentionOptions, prefill: number): Promise<void> {
  const ctx = new Context({ seed: 11 });
  const x = randomTensor([B, S, M], 5);
  const [full] = await runModel(
    ctx,
    (c, xs) => multiHeadAttention(c.in("attn"), xs, xs, xs, { ...options, causal: true }),
    x,
  );
  const step = execWithContext(ctx, (c, xs: Node, key: Node, value: Node, position: Node) => {
    const r = cachedSelfAttention(c.in("attn"), xs, { key, value, position }, options);
    return [r.output, r.cache.key, r.cache.value, r.cache.position];
  });
  const empty = emptyKVCache(B, MAX, KV, D);
  let cache: Tensor[] = [empty.key, empty.value, empty.position];
  const got: number[][] = Array.from({ length: B }, () => []);
  let at = 0;
  for (const n of [prefill, ...new Array(S - prefill).fill(1)]) {
    const outs = (await step(positions(x, at, at + n), ...cache)) as DeviceArray[];
    const ts = await Promise.all(outs.map((o) => o.toTensor()));
    const y = ts[0]!.toFloat64Array();
    for (let b = 0; b < B; b++) got[b]!.push(...y.slice(b * n * M, (b + 1) * n * M));
    at += n;
    assert.equal(Number(ts[3]!.values()[0]), at, "position after the step");
    cache = ts.slice(1);
  }
  assertClose(got.flat(), full!.values, dotTolerance(1e-5), "cached vs full attention");
}

test("prefill 4 then decode 3 one at a time equals causal attention with RoPE over 7", async () => {
  await decodeMatchesFull({ numHeads: H, numKvHeads: KV, headDim: D, rope: true }, 4);
});

test("decoding token by token from an empty cache with a sliding window of 3 equals the full pass", async () => {
  await decodeMatchesFull({ numHeads: H, numKvHeads: KV, headDim: D, slidingWindow: 3 }, 1);
});

test("with an attention soft cap, prefill 3 then decode one at a time equals the full pass, and the cap matters", async () => {
  const capped = { numHeads: H, numKvHeads: KV, headDim: D, rope: true, logitSoftcap: 0.05 };
  await decodeMatchesFull(capped, 3);
  const x = randomTensor([B, S, M], 5);
  const ctx = new Context({ seed: 11 });
  const run = async (o: CachedAttentionOptions) =>
    Array.from(
      (
        await runModel(
          ctx,
          (c, xs) => multiHeadAttention(c.in("attn"), xs, xs, xs, { ...o, causal: true }),
          x,
        )
      )[0]!.values,
    );
  const [a, b] = [await run(capped), await run({ ...capped, logitSoftcap: undefined })];
  assert.ok(
    a.some((v, i) => Math.abs(v - b[i]!) > 1e-3),
    "a cap of 0.05 changes the output",
  );
});

test("a prefill that declares its cache empty equals the general path (blocks of query rows, windows across blocks)", async () => {
  // Lengths below, at and above the 128-row query blocks; windows inside one block and across
  // two; one with an attention soft cap.
  const cases: [number, number | undefined, number?][] = [
    [S, undefined],
    [S, 3],
    [128, 50],
    [257, undefined],
    [257, 3],
    [300, 150],
    [257, 50, 0.05],
  ];
  for (const [len, window, cap] of cases) {
    const options: CachedAttentionOptions = {
      numHeads: H,
      numKvHeads: KV,
      headDim: D,
      rope: true,
      ...(window === undefined ? {} : { slidingWindow: window }),
      ...(cap === undefined ? {} : { logitSoftcap: cap }),
    };
    const ctx = new Context({ seed: 13 });
    const x = randomTensor([B, len, M], 6);
    await runModel(ctx, (c, xs) => multiHeadAttention(c.in("attn"), xs, xs, xs, options), x);
    const step = (empty: boolean) =>
      execWithContext(ctx, (c, xs: Node, key: Node, value: Node, position: Node) => {
        const r = cachedSelfAttention(c.in("attn"), xs, { key, value, position, empty }, options);
        return [r.output, r.cache.key, r.cache.value, r.cache.position];
      });
    const e = emptyKVCache(B, len + 3, KV, D);
    const general = await Promise.all(
      ((await step(false)(x, e.key, e.value, e.position)) as DeviceArray[]).map((o) => o.toTensor()),
    );
    const declared = await Promise.all(
      ((await step(true)(x, e.key, e.value, e.position)) as DeviceArray[]).map((o) => o.toTensor()),
    );
    const tag = `${len} positions, window ${window ?? "none"}, soft cap ${cap ?? "none"}`;
    assertClose(
      declared[0]!.toFloat64Array(),
      general[0]!.toFloat64Array(),
      dotTolerance(1e-5),
      `output (${tag})`,
    );
    for (const i of [1, 2, 3]) {
      assert.deepEqual(declared[i]!.values(), general[i]!.values(), `cache part ${i} (${tag})`);
    }
  }
});

test("a cache of the wrong shape or a non-i32 position is an error naming what it needs", () => {
  const g = new Graph("bad_cache");
  const x = g.parameter("x", "f32", [B, 1, M]);
  const ctx = new Context();
  const key = g.parameter("k", "f32", [B, MAX, 4, D]);
  const value = g.parameter("v", "f32", [B, MAX, 4, D]);
  const pos = g.parameter("p", "i32", []);
  const opts = { numHeads: H, numKvHeads: KV, headDim: D };
  assert.throws(
    () => cachedSelfAttention(ctx.in("attn"), x, { key, value, position: pos }, opts),
    /\[attention\] input f32\[2,1,16\] needs cache key and value \[2, maxLen, 2, 4\], got f32\[2,10,4,4\]/,
  );
  const k2 = g.parameter("k2", "f32", [B, MAX, KV, D]);
  const v2 = g.parameter("v2", "f32", [B, MAX, KV, D]);
  const fpos = g.parameter("fp", "f32", []);
  assert.throws(
    () => cachedSelfAttention(ctx.in("attn"), x, { key: k2, value: v2, position: fpos }, opts),
    /\[attention\] cache position must be an i32 scalar, got f32\[\]/,
  );
  assert.throws(
    () => emptyKVCache(1, 0, 2, 4),
    /\[emptyKVCache\] sizes must be positive integers, got \[1, 0, 2, 4\]/,
  );
});
