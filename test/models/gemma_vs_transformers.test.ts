/**
 * Gemma, Gemma 2 and Gemma 3 against Hugging Face transformers itself: tiny random-weight
 * models built from transformers' own config classes and written by its save_pretrained (f32
 * and bf16, one file and sharded, config.json in the transformers 5 and 4 spellings; a Gemma 3
 * multimodal checkpoint) load into tsmlx with full-sequence logits equal to transformers' to
 * 1e-5 of the largest logit, and greedy decoding through tsmlx's caches gives transformers'
 * `generate` tokens, one prompt or a batch of prompts of different lengths (left-padded, as
 * transformers' batched `generate` takes them). Each feature is shown to matter: running the same weights with the
 * sliding window, a soft cap, a RoPE base or scaling, the qk-norm, the score scale or the GELU
 * form changed makes the logits miss transformers' by far more than the tolerance.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Context } from "../../src/context/index.js";
import { execWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { type GemmaConfig, GemmaSampler, gemma } from "../../src/models/gemma.js";
import { loadGemmaCheckpoint } from "../../src/models/gemma_checkpoint.js";
import type { DeviceArray } from "../../src/runtime/client.js";
import { dotTolerance } from "../layers/helpers.js";
import { peersSkip, runPeer } from "../peers.js";

const skip = peersSkip();
const TOKENS = [3, 17, 42, 8, 59, 11, 29, 5, 33, 2, 7, 50];
const PROMPT = [3, 17, 42, 8, 59];
const NEW_TOKENS = 8;
/** Prompts of different lengths (longer than the sliding windows), generated as one batch. */
const BATCH_PROMPTS = [PROMPT, [7, 50, 2], [33, 2, 7, 50, 11, 29, 5, 3], [44]];
/** Relative tolerance: max |tsmlx − transformers| ≤ TOL · max |logit| (TF32 on XLA's GPU: 1e-2). */
const TOL = dotTolerance(1e-5, 1e-2);
/** A changed feature must move the logits by at least this many tolerances. */
const SENSITIVITY = 10;

const small = {
  vocab_size: 61,
  hidden_size: 16,
  intermediate_size: 24,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
};
const layerTypes = (s: string) => [...s].map((c) => (c === "s" ? "sliding_attention" : "full_attention"));

interface Case {
  name: string;
  label: string;
  family: "gemma" | "gemma2" | "gemma3_text" | "gemma3";
  config: Record<string, unknown>;
  dtype?: "float32" | "bfloat16";
  max_shard_size?: string;
  spelling?: "v4" | "v5";
  v4_pattern?: number;
  seed: number;
  /** Changes to the tsmlx configuration, each of which must break the match. */
  perturb?: Record<string, Partial<Record<keyof GemmaConfig, unknown>>>;
}

const CASES: Case[] = [
  {
    name: "gemma-f32",
    label: "Gemma, f32, one file, tanh GELU",
    family: "gemma",
    config: {
      ...small,
      num_hidden_layers: 2,
      num_key_value_heads: 1,
      hidden_act: "gelu_pytorch_tanh",
      rope_theta: 50,
    },
    seed: 1,
    perturb: {
      "the exact GELU": { activation: "gelu_exact" },
      "RoPE base 10000": { ropeBase: 10000 },
    },
  },
  {
    name: "gemma-gelu-bf16-sharded-v4",
    label: 'Gemma, bf16, sharded, hidden_act "gelu" (exact), transformers 4 spelling',
    family: "gemma",
    config: { ...small, num_hidden_layers: 2, hidden_act: "gelu", rope_theta: 50 },
    dtype: "bfloat16",
    max_shard_size: "4KB",
    spelling: "v4",
    seed: 2,
    perturb: { "the tanh GELU": { activation: "gelu_tanh" } },
  },
  {
    name: "gemma2-f32",
    label: "Gemma 2, f32, one file, soft caps, query_pre_attn_scalar ≠ head_dim",
    family: "gemma2",
    config: {
      ...small,
      num_hidden_layers: 3,
      sliding_window: 4,
      attn_logit_softcapping: 1.0,
      final_logit_softcapping: 2.0,
      query_pre_attn_scalar: 24,
      rope_theta: 50,
    },
    seed: 3,
    perturb: {
      "no sliding window": { slidingWindow: undefined, layerTypes: undefined },
      "no attention soft cap": { attnSoftcap: undefined },
      "no final soft cap": { finalSoftcap: undefined },
      "RoPE base 10000": { ropeBase: 10000 },
      "scores scaled by head_dim^-½": { queryPreAttnScalar: undefined },
    },
  },
  {
    name: "gemma2-bf16-sharded-v4",
    label: "Gemma 2, bf16, sharded, transformers 4 spelling",
    family: "gemma2",
    config: {
      ...small,
      num_hidden_layers: 3,
      sliding_window: 4,
      attn_logit_softcapping: 1.0,
      final_logit_softcapping: 2.0,
      query_pre_attn_scalar: 24,
      rope_theta: 50,
    },
    dtype: "bfloat16",
    max_shard_size: "4KB",
    spelling: "v4",
    seed: 4,
  },
  {
    name: "gemma3-text-f32",
    label: "Gemma 3 text, f32, one file, layer_types, linear RoPE scaling on full layers",
    family: "gemma3_text",
    config: {
      ...small,
      num_hidden_layers: 4,
      sliding_window: 4,
      layer_types: layerTypes("ssfs"),
      query_pre_attn_scalar: 24,
      rope_parameters: {
        full_attention: { rope_type: "linear", factor: 8.0, rope_theta: 10000.0 },
        sliding_attention: { rope_type: "default", rope_theta: 20.0 },
      },
    },
    seed: 5,
    perturb: {
      "no sliding window": { slidingWindow: undefined, layerTypes: undefined },
      "the global RoPE base on sliding layers": { ropeLocalBase: undefined },
      "no RoPE scaling": { ropeScale: undefined },
      "no qk-norm": { qkNorm: false },
      "scores scaled by head_dim^-½": { queryPreAttnScalar: undefined },
    },
  },
  {
    name: "gemma3-text-bf16-sharded-v4",
    label:
      "Gemma 3 text, bf16, sharded, transformers 4 spelling (sliding_window_pattern, rope_local_base_freq, rope_scaling), final soft cap",
    family: "gemma3_text",
    config: {
      ...small,
      num_hidden_layers: 6,
      sliding_window: 3,
      sliding_window_pattern: 3,
      final_logit_softcapping: 2.0,
      query_pre_attn_scalar: 8,
      rope_theta: 1000.0,
      rope_local_base_freq: 10.0,
      rope_scaling: { rope_type: "linear", factor: 4.0 },
    },
    dtype: "bfloat16",
    max_shard_size: "4KB",
    spelling: "v4",
    v4_pattern: 3,
    seed: 6,
    perturb: {
      "no final soft cap": { finalSoftcap: undefined },
      "the window of Gemma 2 (even layers)": { layerTypes: undefined },
    },
  },
  {
    name: "gemma3-multimodal-f32",
    label: "Gemma 3 multimodal checkpoint (text model read, vision tower skipped), f32",
    family: "gemma3",
    config: {
      ...small,
      num_hidden_layers: 3,
      sliding_window: 4,
      layer_types: layerTypes("sfs"),
      query_pre_attn_scalar: 8,
    },
    seed: 7,
  },
];

interface Reference {
  dir: string;
  vocab: number;
  logits: number[];
  generated: number[];
  batch_generated: number[][];
  files: string[];
}

const tmp = mkdtempSync(join(tmpdir(), "gemma-hf-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
let refs: Record<string, Reference> = {};
let version = "";

before(() => {
  if (skip) return;
  const spec = join(tmp, "spec.json");
  const result = join(tmp, "result.json");
  const cases = CASES.map(({ label: _l, perturb: _p, ...c }) => ({
    ...c,
    tokens: TOKENS,
    prompt: PROMPT,
    new_tokens: NEW_TOKENS,
    batch_prompts: BATCH_PROMPTS,
  }));
  writeFileSync(spec, JSON.stringify({ root: join(tmp, "models"), cases }));
  runPeer("test/models/gemma_hf_reference.py", [spec, result]);
  const r = JSON.parse(readFileSync(result, "utf8"));
  refs = r.cases;
  version = `transformers ${r.transformers}`;
});

async function logits(ctx: Context, config: GemmaConfig): Promise<Float64Array> {
  const f = execWithContext(ctx, (c, t: Node) => gemma(c, t, config), { training: false });
  const out = (await f(Tensor.fromValues("i32", [1, TOKENS.length], TOKENS))) as DeviceArray;
  return (await out.toTensor()).toFloat64Array();
}

/** max |a − b| / max |b|. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
}

for (const c of CASES) {
  test(`${c.label}: full-sequence logits equal transformers' to 1e-5 relative`, { skip }, async () => {
    const ref = refs[c.name]!;
    if (c.max_shard_size) assert.ok(ref.files.includes("model.safetensors.index.json"), ref.files.join(" "));
    const { config, ctx } = loadGemmaCheckpoint(ref.dir);
    const before = ctx.variables().length;
    const got = await logits(ctx, config);
    assert.equal(ctx.variables().length, before, "the model made variables the checkpoint lacked");
    assert.equal(got.length, TOKENS.length * ref.vocab);
    const d = relDiff(got, ref.logits);
    console.log(`# ${c.name}: max |tsmlx − ${version}| / max |logit| = ${d.toExponential(2)}`);
    assert.ok(d <= TOL, `relative difference ${d} exceeds ${TOL}`);
  });

  test(`${c.label}: greedy decoding through the caches gives transformers' generate tokens`, {
    skip,
  }, async () => {
    const ref = refs[c.name]!;
    const { config, ctx } = loadGemmaCheckpoint(ref.dir);
    const sampler = new GemmaSampler(ctx, config, PROMPT.length + NEW_TOKENS);
    const out = await sampler.generate(PROMPT, NEW_TOKENS);
    assert.deepEqual(out.tokens, ref.generated);
  });

  test(`${c.label}: a batch of prompts of different lengths gives transformers' left-padded batched generate tokens`, {
    skip,
  }, async () => {
    const ref = refs[c.name]!;
    const { config, ctx } = loadGemmaCheckpoint(ref.dir);
    const longest = Math.max(...BATCH_PROMPTS.map((p) => p.length));
    const sampler = new GemmaSampler(ctx, config, longest + NEW_TOKENS);
    const out = await sampler.generateBatch(BATCH_PROMPTS, { maxNewTokens: NEW_TOKENS });
    assert.deepEqual(
      out.map((g) => g.tokens),
      ref.batch_generated,
    );
  });

  if (c.dtype === "bfloat16") {
    test(`${c.label}: kept as bf16 weights (half the bytes), the logits still equal transformers'`, {
      skip,
    }, async () => {
      const ref = refs[c.name]!;
      const wide = loadGemmaCheckpoint(ref.dir);
      const { config, ctx } = loadGemmaCheckpoint(ref.dir, undefined, { weightDtype: "bf16" });
      assert.equal(config.weightDtype, "bf16");
      assert.ok(ctx.variables().every((v) => v.dtype === "bf16"));
      const bytes = (x: Context) =>
        x.variables().reduce((n, v) => n + v.shape.size * (v.dtype === "bf16" ? 2 : 4), 0);
      assert.equal(bytes(ctx) * 2, bytes(wide.ctx));
      const got = await logits(ctx, config);
      // bf16 → f32 is exact: the same numbers as the f32 copy of the same weights.
      assert.deepEqual(got, await logits(wide.ctx, wide.config));
      assert.ok(relDiff(got, ref.logits) <= TOL);
      const out = await new GemmaSampler(ctx, config, PROMPT.length + NEW_TOKENS).generate(
        PROMPT,
        NEW_TOKENS,
      );
      assert.deepEqual(out.tokens, ref.generated);
    });
  }

  for (const [what, change] of Object.entries(c.perturb ?? {})) {
    test(`${c.label}: with ${what} the logits miss transformers' by over ${SENSITIVITY}× the tolerance`, {
      skip,
    }, async () => {
      const ref = refs[c.name]!;
      const { config, ctx } = loadGemmaCheckpoint(ref.dir);
      const changed = { ...config, ...change } as GemmaConfig;
      assert.notDeepEqual(changed, config, "the change must alter the configuration");
      const d = relDiff(await logits(ctx, changed), ref.logits);
      console.log(`# ${c.name} with ${what}: relative difference ${d.toExponential(2)}`);
      assert.ok(d > SENSITIVITY * TOL, `only ${d}: the comparison does not see ${what}`);
    });
  }
}
