/**
 * Batched prompts of different lengths: left-padded, with the padding hidden from attention
 * and RoPE positions counted from each row's first token (`KVCache.start`). Each row of a
 * batch gets the logits of its prompt run alone (to 1e-5 of the largest logit) through the
 * prefill and the decode steps, in Gemma 2 and Gemma 3 shapes, across the 128-row query
 * blocks of the prefill; without the padding hidden the same check fails. The sampler's
 * batched greedy tokens and seeded draws equal each prompt's own run; a row that stops early
 * leaves the others' tokens unchanged; streaming says which row each token belongs to.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import type { KVCache } from "../../src/layers/attention.js";
import {
  type BatchStreamedToken,
  type GemmaConfig,
  GemmaSampler,
  gemma,
  gemmaStep,
} from "../../src/models/gemma.js";
import { full } from "../../src/ops/creation.js";
import { broadcastInDim } from "../../src/ops/shaping.js";
import type { DeviceArray } from "../../src/runtime/client.js";
import { dotTolerance } from "../layers/helpers.js";

/** Gemma 2 shape: even layers slide over 3 positions, soft caps, post norms. */
const GEMMA2: GemmaConfig = {
  vocabSize: 61,
  hidden: 16,
  layers: 3,
  heads: 4,
  kvHeads: 2,
  headDim: 8,
  mlpHidden: 24,
  slidingWindow: 3,
  postNorms: true,
  finalSoftcap: 5,
  attnSoftcap: 4,
};
/** Gemma 3 shape: layer types, local and global RoPE bases, qk-norm. */
const GEMMA3: GemmaConfig = {
  vocabSize: 61,
  hidden: 16,
  layers: 4,
  heads: 4,
  kvHeads: 1,
  headDim: 8,
  mlpHidden: 24,
  slidingWindow: 4,
  layerTypes: ["sliding", "full", "sliding", "full"],
  ropeBase: 1000,
  ropeLocalBase: 20,
  qkNorm: true,
  queryPreAttnScalar: 12,
  postNorms: true,
};
/** Relative tolerance: max |batched − alone| ≤ TOL · max |logit| (TF32 on XLA's GPU: 1e-2). */
const TOL = dotTolerance(1e-5, 1e-2);
const PROMPTS = [[3, 17, 42, 8, 59], [2, 7], [9, 1, 33, 21, 44, 5, 60, 12], [40]];

function newContext(config: GemmaConfig, seed: number): Promise<Context> {
  const ctx = new Context({ seed });
  const f = execWithContext(ctx, (c, t: Node) => gemma(c, t, config), { training: false });
  return (f(Tensor.fromValues("i32", [1, 1], [0])) as Promise<DeviceArray>).then(() => ctx);
}

/**
 * The logits `[rows, vocab]` of each step of the sampler's kind of run: a prefill of `prompts`
 * into empty caches (left-padded to the longest, with `start` when `hide` is set), then one
 * step per entry of each row's `continuation`.
 */
async function cachedLogits(
  ctx: Context,
  config: GemmaConfig,
  prompts: readonly (readonly number[])[],
  continuation: readonly (readonly number[])[],
  hide: boolean,
): Promise<Float32Array[]> {
  const b = prompts.length;
  const longest = Math.max(...prompts.map((p) => p.length));
  const maxLen = longest + continuation[0]!.length;
  const padded = hide && prompts.some((p) => p.length !== longest);
  const out = (r: { logits: Node; caches: KVCache[] }) => [
    r.logits,
    ...r.caches.flatMap((k) => [k.key, k.value, k.position]),
  ];
  const prefill = execWithContext(
    ctx,
    (c, tokens: Node, ...start: Node[]) => {
      const g = tokens.graph;
      const zeros = () =>
        broadcastInDim(full(g, "f32", [], 0), [b, maxLen, config.kvHeads, config.headDim], []);
      const caches: KVCache[] = [];
      for (let i = 0; i < config.layers; i++) {
        caches.push({
          key: zeros(),
          value: zeros(),
          position: full(g, "i32", [], 0),
          empty: true,
          ...(start[0] ? { start: start[0] } : {}),
        });
      }
      return out(gemmaStep(c, tokens, caches, config));
    },
    { training: false },
  );
  const step = execWithContext(
    ctx,
    (c, tokens: Node, ...flat: Node[]) => {
      const start = padded ? flat.shift() : undefined;
      const caches: KVCache[] = [];
      for (let i = 0; i < config.layers; i++) {
        caches.push({
          key: flat[3 * i]!,
          value: flat[3 * i + 1]!,
          position: flat[3 * i + 2]!,
          ...(start ? { start } : {}),
        });
      }
      return out(gemmaStep(c, tokens, caches, config));
    },
    { training: false },
  );
  const starts = prompts.map((p) => longest - p.length);
  const start = padded ? [Tensor.fromValues("i32", [b], starts)] : [];
  const ids = prompts.flatMap((p, r) => [...new Array<number>(starts[r]!).fill(0), ...p]);
  let [logits, ...caches] = (await prefill(
    Tensor.fromValues("i32", [b, longest], ids),
    ...start,
  )) as DeviceArray[];
  const steps: Float32Array[] = [];
  for (let k = 0; ; k++) {
    steps.push((await logits!.toTensor()).data as Float32Array);
    if (k === continuation[0]!.length) break;
    const next = Tensor.fromValues(
      "i32",
      [b, 1],
      continuation.map((c) => c[k]!),
    );
    [logits, ...caches] = (await step(next, ...start, ...caches)) as DeviceArray[];
  }
  return steps;
}

/** max over rows and steps of max |batched − alone| / max |alone|. */
async function batchVsAlone(
  ctx: Context,
  config: GemmaConfig,
  prompts: readonly (readonly number[])[],
  continuation: readonly (readonly number[])[],
  hide: boolean,
): Promise<number> {
  const v = config.vocabSize;
  const batched = await cachedLogits(ctx, config, prompts, continuation, hide);
  let worst = 0;
  for (let r = 0; r < prompts.length; r++) {
    const alone = await cachedLogits(ctx, config, [prompts[r]!], [continuation[r]!], false);
    for (let k = 0; k < alone.length; k++) {
      const a = alone[k]!;
      const got = batched[k]!.subarray(r * v, (r + 1) * v);
      let d = 0;
      let m = 0;
      for (let j = 0; j < v; j++) {
        d = Math.max(d, Math.abs(got[j]! - a[j]!));
        m = Math.max(m, Math.abs(a[j]!));
      }
      worst = Math.max(worst, d / m);
    }
  }
  return worst;
}

const CONTINUATION = [
  [5, 6, 7, 8],
  [11, 12, 13, 14],
  [1, 2, 3, 4],
  [20, 30, 40, 50],
];

for (const [name, config, seed] of [
  ["Gemma 2 shape", GEMMA2, 11],
  ["Gemma 3 shape", GEMMA3, 12],
] as const) {
  test(`${name}: each row of a left-padded batch gets its prompt's logits alone, prefill and steps (1e-5 relative)`, async () => {
    const ctx = await newContext(config, seed);
    const d = await batchVsAlone(ctx, config, PROMPTS, CONTINUATION, true);
    console.log(`# ${name}: max |batched − alone| / max |logit| = ${d.toExponential(2)}`);
    assert.ok(d <= TOL, `relative difference ${d} exceeds ${TOL}`);
  });
}

test("the check sees the padding: with the padding visible and positions from slot 0, rows miss their logits alone", async () => {
  const ctx = await newContext(GEMMA3, 12);
  const d = await batchVsAlone(ctx, GEMMA3, PROMPTS, CONTINUATION, false);
  console.log(`# padding not hidden: relative difference ${d.toExponential(2)}`);
  assert.ok(d > 100 * TOL, `only ${d}`);
});

test("prompts longer than a 128-row query block of the prefill, next to short ones, match their runs alone", async () => {
  const ctx = await newContext(GEMMA2, 13);
  const long = Array.from({ length: 140 }, (_, i) => (i * 7 + 3) % 61);
  const prompts = [long, [4, 5, 6], long.slice(0, 129)];
  const d = await batchVsAlone(ctx, GEMMA2, prompts, CONTINUATION.slice(0, 3), true);
  console.log(`# 140, 3 and 129 tokens: relative difference ${d.toExponential(2)}`);
  assert.ok(d <= TOL, `relative difference ${d} exceeds ${TOL}`);
});

test("generateBatch: each row's greedy tokens equal generate on that prompt alone", async () => {
  const ctx = await newContext(GEMMA3, 14);
  const sampler = new GemmaSampler(ctx, GEMMA3, 24);
  const out = await sampler.generateBatch(PROMPTS, { maxNewTokens: 10 });
  assert.equal(out.length, PROMPTS.length);
  for (let r = 0; r < PROMPTS.length; r++) {
    const alone = await sampler.generate(PROMPTS[r]!, 10);
    assert.deepEqual(out[r]!.tokens, alone.tokens, `row ${r}`);
    assert.equal(out[r]!.stopReason, "length");
  }
  // Rows of one length need no padding; they too equal their runs alone.
  const same = [PROMPTS[0]!, [8, 59, 3, 17, 42]];
  const even = await sampler.generateBatch(same, { maxNewTokens: 6 });
  for (let r = 0; r < 2; r++) {
    assert.deepEqual(even[r]!.tokens, (await sampler.generate(same[r]!, 6)).tokens);
  }
  // A batch of one is generate itself.
  assert.deepEqual(
    (await sampler.generateBatch([PROMPTS[2]!], { maxNewTokens: 7 }))[0]!.tokens,
    (await sampler.generate(PROMPTS[2]!, 7)).tokens,
  );
});

test("seeded sampling per row: a batch reproduces itself, and row r with seed s + r is that prompt alone with seed s + r", async () => {
  const ctx = await newContext(GEMMA2, 15);
  const sampler = new GemmaSampler(ctx, GEMMA2, 32);
  const o = { maxNewTokens: 12, temperature: 1.5, topK: 20, repetitionPenalty: 1.3 };
  const a = await sampler.generateBatch(PROMPTS, { ...o, seed: 7 });
  const again = await sampler.generateBatch(PROMPTS, { ...o, seed: 7 });
  assert.deepEqual(
    again.map((g) => g.tokens),
    a.map((g) => g.tokens),
  );
  for (let r = 0; r < PROMPTS.length; r++) {
    const alone = await sampler.generate(PROMPTS[r]!, { ...o, seed: 7 + r });
    assert.deepEqual(a[r]!.tokens, alone.tokens, `row ${r}`);
  }
  // Seeds given per row; the same prompt twice with different seeds draws differently.
  const twice = await sampler.generateBatch([PROMPTS[0]!, PROMPTS[0]!, [1, 2]], { ...o, seed: [3, 4, 3] });
  assert.deepEqual(twice[0]!.tokens, (await sampler.generate(PROMPTS[0]!, { ...o, seed: 3 })).tokens);
  assert.notDeepEqual(twice[1]!.tokens, twice[0]!.tokens);
  assert.deepEqual(twice[2]!.tokens, (await sampler.generate([1, 2], { ...o, seed: 3 })).tokens);
});

/** A stand-in tokenizer: token i is the letter a + i mod 26; a text encodes letter by letter. */
const letters = {
  decode: (ids: readonly number[]) => ids.map((i) => String.fromCharCode(97 + (i % 26))).join(""),
  encode: (text: string) => [...text].map((ch) => ch.charCodeAt(0) - 97),
};

test("a row that stops early (stop token, stop string, its own limit) adds nothing more and leaves the other rows' tokens unchanged", async () => {
  const ctx = await newContext(GEMMA2, 16);
  const sampler = new GemmaSampler(ctx, GEMMA2, 32);
  const o = { temperature: 1, seed: 5, tokenizer: letters };
  const base = await sampler.generateBatch(PROMPTS, { ...o, maxNewTokens: 12 });
  // Row 1 stops at its third token's id, row 2 at the text of its tokens 4 and 5, row 3 after 2 tokens.
  const stopId = base[1]!.tokens[2]!;
  const text2 = base[2]!.text!;
  const stop = text2.slice(4, 6);
  const firstStop = (g: (typeof base)[number]) => g.tokens.indexOf(stopId);
  const unaffected = (g: (typeof base)[number]) => firstStop(g) < 0 && !g.text!.includes(stop);
  assert.ok(unaffected(base[0]!), "row 0 must meet neither stop; pick another seed");
  const streamed: BatchStreamedToken[] = [];
  const got = await sampler.generateBatch(PROMPTS, {
    ...o,
    maxNewTokens: [12, 12, 12, 2],
    stopTokens: [stopId],
    stopStrings: [stop],
    onToken: (t) => streamed.push(t),
  });
  assert.deepEqual(got[0]!.tokens, base[0]!.tokens);
  assert.equal(got[0]!.stopReason, "length");
  assert.deepEqual(got[1]!.tokens, base[1]!.tokens.slice(0, firstStop(base[1]!) + 1));
  assert.equal(got[1]!.stopReason, "stop_token");
  assert.equal(got[2]!.stopReason, "stop_string");
  assert.equal(got[2]!.text, text2.slice(0, text2.indexOf(stop)));
  assert.deepEqual(got[3]!.tokens, base[3]!.tokens.slice(0, 2));
  // The stream: each row's tokens in order, its text without the stop string.
  for (let r = 0; r < PROMPTS.length; r++) {
    const mine = streamed.filter((t) => t.row === r);
    assert.deepEqual(
      mine.map((t) => t.id),
      got[r]!.tokens,
      `row ${r}`,
    );
    assert.deepEqual(
      mine.map((t) => t.index),
      got[r]!.tokens.map((_, i) => i),
    );
    assert.equal(mine.map((t) => t.text).join(""), got[r]!.text);
  }
  // Text prompts are encoded with the tokenizer: the same tokens as their ids.
  const texts = await sampler.generateBatch(["dra", "hijklm"], { ...o, maxNewTokens: 5 });
  const asIds = await sampler.generateBatch([letters.encode("dra"), letters.encode("hijklm")], {
    ...o,
    maxNewTokens: 5,
  });
  assert.deepEqual(
    texts.map((g) => g.tokens),
    asIds.map((g) => g.tokens),
  );
});

test("streamBatch yields the tokens generateBatch returns, row by row within each step", async () => {
  const ctx = await newContext(GEMMA3, 17);
  const sampler = new GemmaSampler(ctx, GEMMA3, 24);
  const o = { maxNewTokens: [3, 6], tokenizer: letters };
  const it = sampler.streamBatch([[1, 2, 3], [4]], o);
  const order: number[] = [];
  let r = await it.next();
  while (!r.done) {
    order.push(r.value.row);
    r = await it.next();
  }
  assert.deepEqual(order, [0, 1, 0, 1, 0, 1, 1, 1, 1]);
  const gens = r.value;
  assert.deepEqual(
    gens.map((g) => g.tokens.length),
    [3, 6],
  );
  const again = await sampler.generateBatch([[1, 2, 3], [4]], o);
  assert.deepEqual(
    again.map((g) => g.tokens),
    gens.map((g) => g.tokens),
  );
  assert.ok(gens[0]!.decodeSeconds <= gens[1]!.decodeSeconds);
});

test("bad batches are errors naming the prompt or option", async () => {
  const ctx = await newContext(GEMMA2, 18);
  const sampler = new GemmaSampler(ctx, GEMMA2, 16);
  await assert.rejects(
    sampler.generateBatch([], { maxNewTokens: 4 }),
    /\[GemmaSampler\] the batch has no prompts/,
  );
  await assert.rejects(
    sampler.generateBatch([[1, 2], [3], []], { maxNewTokens: 4 }),
    /\[GemmaSampler\] prompt 2 is empty/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], [2]], { maxNewTokens: [4] }),
    /\[GemmaSampler\] maxNewTokens has 1 entries for 2 prompts/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], [2]], { maxNewTokens: [4, 0] }),
    /\[GemmaSampler\] maxNewTokens of prompt 1 must be a positive integer, got 0/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], [2]], { maxNewTokens: 4, seed: [1, 1.5] }),
    /\[GemmaSampler\] seed of prompt 1 must be an integer, got 1.5/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], "ab"], { maxNewTokens: 4 }),
    /\[GemmaSampler\] prompt 1 is text: it needs a tokenizer with encode/,
  );
  await assert.rejects(
    sampler.generateBatch([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2]], { maxNewTokens: 7 }),
    /\[GemmaSampler\] the longest prompt 10 \+ 7 new tokens exceed the cache of 16/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], [2, 3]], { maxNewTokens: 4, stopStrings: ["x"] }),
    /\[GemmaSampler\] stopStrings need a tokenizer/,
  );
  await assert.rejects(
    sampler.generateBatch([[1], [2, 3]], { maxNewTokens: 4, topP: 2 }),
    /\[sampling\] topP is 2/,
  );
});
