/**
 * The Gemma-shaped decoder: its variables and parameter count, the cached step (prefill, then
 * one token at a time, through sliding-window and global layers) giving the same last-position
 * logits as the full causal pass, the sampler's greedy tokens equal to greedy decoding by
 * full passes, and its sampling, streaming, stop tokens and stop strings.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { emptyKVCache, type KVCache } from "../../src/layers/attention.js";
import {
  type GemmaConfig,
  GemmaSampler,
  gemma,
  gemmaParameterCount,
  gemmaStep,
} from "../../src/models/gemma.js";
import type { DeviceArray } from "../../src/runtime/client.js";
import { dotTolerance } from "../layers/helpers.js";

const MICRO: GemmaConfig = {
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
};
const PROMPT = [3, 17, 42, 8, 59];

async function fullLogits(ctx: Context, ids: readonly number[]): Promise<Float64Array> {
  const f = execWithContext(ctx, (c, t: Node) => gemma(c, t, MICRO), { training: false });
  const out = (await f(Tensor.fromValues("i32", [1, ids.length], [...ids]))) as DeviceArray;
  return (await out.toTensor()).toFloat64Array();
}

function argmaxRow(v: Float64Array, row: number): number {
  let best = 0;
  for (let j = 1; j < MICRO.vocabSize; j++) {
    if (v[row * MICRO.vocabSize + j]! > v[row * MICRO.vocabSize + best]!) best = j;
  }
  return best;
}

test("variables follow the documented paths and add up to the parameter count", async () => {
  const ctx = new Context({ seed: 2 });
  await fullLogits(ctx, PROMPT);
  const paths = ctx.variables().map((v) => v.path);
  for (const p of [
    "/embed/embeddings",
    "/layer_000/attn_norm/scale",
    "/layer_000/attn/query/weights",
    "/layer_002/post_mlp_norm/scale",
    "/layer_001/mlp/gate/weights",
    "/final_norm/scale",
  ]) {
    assert.ok(paths.includes(p), `${p} in ${paths.join(", ")}`);
  }
  const total = ctx.variables().reduce((n, v) => n + v.shape.size, 0);
  assert.equal(total, gemmaParameterCount(MICRO));
});

test("prefill then one-token steps through the caches give the full pass's logits", async () => {
  const ctx = new Context({ seed: 3 });
  const ids = [...PROMPT, 11, 29, 5];
  const full = await fullLogits(ctx, ids);
  const step = execWithContext(
    ctx,
    (c, t: Node, ...flat: Node[]) => {
      const caches: KVCache[] = [];
      for (let i = 0; i < MICRO.layers; i++) {
        caches.push({ key: flat[3 * i]!, value: flat[3 * i + 1]!, position: flat[3 * i + 2]! });
      }
      const r = gemmaStep(c, t, caches, MICRO);
      return [r.logits, ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
    },
    { training: false },
  );
  const empty = emptyKVCache(1, 10, MICRO.kvHeads, MICRO.headDim);
  let caches: (Tensor | DeviceArray)[] = [];
  for (let i = 0; i < MICRO.layers; i++) caches.push(empty.key, empty.value, empty.position);
  let at = 0;
  // TF32 dots on XLA's GPU backend: the cached and full passes round differently through
  // three layers (1.4e-3 seen on an H200).
  const tol = dotTolerance(1e-4, 1e-2);
  for (const n of [PROMPT.length, 1, 1, 1]) {
    const [logits, ...rest] = (await step(
      Tensor.fromValues("i32", [1, n], ids.slice(at, at + n)),
      ...caches,
    )) as DeviceArray[];
    at += n;
    caches = rest;
    const got = (await logits!.toTensor()).toFloat64Array();
    const want = full.slice((at - 1) * MICRO.vocabSize, at * MICRO.vocabSize);
    for (let j = 0; j < MICRO.vocabSize; j++) {
      assert.ok(
        Math.abs(got[j]! - want[j]!) < tol * (1 + Math.abs(want[j]!)),
        `position ${at - 1}, token ${j}: ${got[j]} vs ${want[j]}`,
      );
    }
  }
});

test("the sampler's greedy tokens equal greedy decoding by full passes", async () => {
  const ctx = new Context({ seed: 4 });
  await fullLogits(ctx, PROMPT); // creates the variables
  const sampler = new GemmaSampler(ctx, MICRO, 16);
  const out = await sampler.generate(PROMPT, 6);
  assert.equal(out.tokens.length, 6);
  const ids = [...PROMPT];
  for (let k = 0; k < 6; k++) {
    const logits = await fullLogits(ctx, ids);
    ids.push(argmaxRow(logits, ids.length - 1));
  }
  assert.deepEqual(out.tokens, ids.slice(PROMPT.length));
  assert.ok(out.prefillSeconds > 0 && out.decodeSeconds > 0);
  await assert.rejects(
    sampler.generate(PROMPT, 20),
    /\[GemmaSampler\] prompt 5 \+ 20 new tokens exceed the cache of 16/,
  );
});

test("bad configurations and inputs are errors naming what is wrong", () => {
  const ctx = new Context();
  assert.throws(
    () => new GemmaSampler(ctx, { ...MICRO, kvHeads: 3 }, 8),
    /\[gemma\] config.heads 4 must be a multiple of kvHeads 3/,
  );
  assert.throws(
    () => new GemmaSampler(ctx, { ...MICRO, hidden: 0 }, 8),
    /\[gemma\] config.hidden must be a positive integer, got 0/,
  );
  assert.throws(
    () => new GemmaSampler(ctx, MICRO, 0),
    /\[GemmaSampler\] maxLen must be a positive integer, got 0/,
  );
});

/** A stand-in tokenizer: token i is the letter a + i mod 26. */
const letters = {
  decode: (ids: readonly number[]) => ids.map((i) => String.fromCharCode(97 + (i % 26))).join(""),
};

test("sampling: a seed reproduces the tokens, another seed changes them, temperature 0 is greedy", async () => {
  const ctx = new Context({ seed: 4 });
  await fullLogits(ctx, PROMPT);
  const sampler = new GemmaSampler(ctx, MICRO, 32);
  const run = (seed: number) =>
    sampler.generate(PROMPT, { maxNewTokens: 12, temperature: 1.5, topK: 20, seed });
  const a = await run(1);
  assert.deepEqual((await run(1)).tokens, a.tokens);
  assert.notDeepEqual((await run(2)).tokens, a.tokens);
  assert.equal(a.stopReason, "length");
  const greedy = await sampler.generate(PROMPT, 6);
  assert.deepEqual(
    (await sampler.generate(PROMPT, { maxNewTokens: 6, temperature: 0 })).tokens,
    greedy.tokens,
  );
  // Greedy through the host's logits (a repetition penalty of 1 changes nothing) equals the in-program argmax.
  assert.deepEqual(
    (await sampler.generate(PROMPT, { maxNewTokens: 6, topK: 1, repetitionPenalty: 1 })).tokens,
    greedy.tokens,
  );
});

test("streaming yields each token as generate makes it, with text and a decode rate", async () => {
  const ctx = new Context({ seed: 4 });
  await fullLogits(ctx, PROMPT);
  const sampler = new GemmaSampler(ctx, MICRO, 32);
  const o = { maxNewTokens: 8, temperature: 1, seed: 3, tokenizer: letters };
  const seen: number[] = [];
  let text = "";
  const it = sampler.stream(PROMPT, o);
  let r = await it.next();
  while (!r.done) {
    assert.equal(r.value.index, seen.length);
    seen.push(r.value.id);
    text += r.value.text;
    r = await it.next();
  }
  const gen = r.value;
  assert.deepEqual(seen, gen.tokens);
  assert.equal(text, gen.text);
  assert.equal(gen.text, letters.decode(gen.tokens));
  const called: number[] = [];
  const rates: number[] = [];
  const again = await sampler.generate(PROMPT, {
    ...o,
    onToken: (t) => {
      called.push(t.id);
      rates.push(t.tokensPerSecond);
    },
  });
  assert.deepEqual(called, again.tokens);
  assert.deepEqual(again.tokens, gen.tokens);
  assert.equal(rates[0], 0);
  assert.ok(rates.slice(1).every((x) => x > 0));
});

test("stop tokens and stop strings end generation; a stop string is cut from the text and never streamed", async () => {
  const ctx = new Context({ seed: 4 });
  await fullLogits(ctx, PROMPT);
  const sampler = new GemmaSampler(ctx, MICRO, 32);
  const base = await sampler.generate(PROMPT, {
    maxNewTokens: 10,
    temperature: 1,
    seed: 5,
    tokenizer: letters,
  });
  const text = base.text!;
  // Stop at the third token's id (its first occurrence).
  const third = base.tokens[2]!;
  const byToken = await sampler.generate(PROMPT, {
    maxNewTokens: 10,
    temperature: 1,
    seed: 5,
    stopTokens: [third],
  });
  assert.deepEqual(byToken.tokens, base.tokens.slice(0, base.tokens.indexOf(third) + 1));
  assert.equal(byToken.stopReason, "stop_token");
  // Stop at the text of tokens 4 and 5.
  const stop = text.slice(4, 6);
  const at = text.indexOf(stop);
  let streamed = "";
  const byString = await sampler.generate(PROMPT, {
    maxNewTokens: 10,
    temperature: 1,
    seed: 5,
    tokenizer: letters,
    stopStrings: ["zzzzzz", stop],
    onToken: (t) => {
      streamed += t.text;
    },
  });
  assert.equal(byString.stopReason, "stop_string");
  assert.equal(byString.text, text.slice(0, at));
  assert.equal(streamed, byString.text);
  assert.deepEqual(byString.tokens, base.tokens.slice(0, at + 2));
  await assert.rejects(
    sampler.generate(PROMPT, { maxNewTokens: 4, stopStrings: ["x"] }),
    /\[GemmaSampler\] stopStrings need a tokenizer/,
  );
  await assert.rejects(
    sampler.generate(PROMPT, { maxNewTokens: 0 }),
    /maxNewTokens must be a positive integer, got 0/,
  );
  await assert.rejects(sampler.generate(PROMPT, { maxNewTokens: 4, topP: 1.5 }), /\[sampling\] topP is 1\.5/);
});
