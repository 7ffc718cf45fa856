/**
 * Loading Hugging Face Gemma checkpoints, the mechanics: tiny checkpoints written here (f32 and
 * bf16, one file and sharded) load to the same logits as the same weights set directly into a
 * context; config.json fields are read in the transformers 4 and 5 spellings; configs and files
 * the model cannot run are refused with errors naming the file, tensor or field. (The logits
 * against transformers itself: gemma_vs_transformers.test.ts.)
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { encodeSafetensors } from "../../src/checkpoint/safetensors.js";
import { Context, execWithContext } from "../../src/context/index.js";
import { f32ToBf16 } from "../../src/core/dtype.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { type GemmaConfig, gemma } from "../../src/models/gemma.js";
import { gemmaConfigFromHf, loadGemmaCheckpoint } from "../../src/models/gemma_checkpoint.js";
import type { DeviceArray } from "../../src/runtime/client.js";

const TOKENS = [3, 17, 36, 8, 29, 0, 11];

const tmp = mkdtempSync(join(tmpdir(), "gemma-ckpt-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const HF2 = {
  model_type: "gemma2",
  vocab_size: 37,
  hidden_size: 16,
  num_hidden_layers: 3,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 8,
  intermediate_size: 24,
  rope_theta: 10000.0,
  rms_norm_eps: 1e-6,
  sliding_window: 3,
  final_logit_softcapping: 5.0,
  attn_logit_softcapping: null as number | null,
  query_pre_attn_scalar: 8,
  hidden_activation: "gelu_pytorch_tanh",
};
const HF1 = {
  model_type: "gemma",
  vocab_size: 37,
  hidden_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  head_dim: 16,
  intermediate_size: 40,
  rope_theta: 500.0,
  rms_norm_eps: 1e-5,
  hidden_act: "gelu",
};

/** A small deterministic generator (mulberry32), values in [-scale, scale). */
function random(seed: number): (scale: number) => number {
  let a = seed >>> 0;
  return (scale) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  };
}

/** HF-named f32 weights (values already rounded to bf16 when `bf16`), by name → [shape, values]. */
function hfWeights(hf: typeof HF1 | typeof HF2, bf16: boolean): Map<string, [number[], Float32Array]> {
  const r = random(7);
  const round = (x: number) =>
    bf16 ? new Float32Array(new Uint32Array([f32ToBf16(x) << 16]).buffer)[0]! : x;
  const w = new Map<string, [number[], Float32Array]>();
  const add = (name: string, shape: number[], scale: number, offset = 0) => {
    const n = shape.reduce((a, b) => a * b, 1);
    w.set(name, [shape, Float32Array.from({ length: n }, () => round(offset + r(scale)))]);
  };
  const d = hf.hidden_size;
  const hd = hf.head_dim;
  const h = hf.num_attention_heads;
  const kv = hf.num_key_value_heads;
  const m = hf.intermediate_size;
  add("model.embed_tokens.weight", [hf.vocab_size, d], 1);
  const norms =
    hf.model_type === "gemma2"
      ? [
          "input_layernorm",
          "post_attention_layernorm",
          "pre_feedforward_layernorm",
          "post_feedforward_layernorm",
        ]
      : ["input_layernorm", "post_attention_layernorm"];
  for (let i = 0; i < hf.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    add(`${p}self_attn.q_proj.weight`, [h * hd, d], 0.5);
    add(`${p}self_attn.k_proj.weight`, [kv * hd, d], 0.5);
    add(`${p}self_attn.v_proj.weight`, [kv * hd, d], 0.5);
    add(`${p}self_attn.o_proj.weight`, [d, h * hd], 0.3);
    add(`${p}mlp.gate_proj.weight`, [m, d], 0.4);
    add(`${p}mlp.up_proj.weight`, [m, d], 0.4);
    add(`${p}mlp.down_proj.weight`, [d, m], 0.3);
    for (const n of norms) add(`${p}${n}.weight`, [d], 0.5);
  }
  add("model.norm.weight", [d], 0.5);
  return w;
}

function toTensor(shape: number[], v: Float32Array, bf16: boolean): Tensor {
  if (!bf16) return Tensor.fromTypedArray("f32", shape, v);
  return Tensor.fromTypedArray(
    "bf16",
    shape,
    Uint16Array.from(v, (x) => f32ToBf16(x)),
  );
}

/** Writes a checkpoint directory; with `shards` > 1, an index and that many files. */
function writeCheckpoint(
  name: string,
  hf: object,
  weights: Map<string, [number[], Float32Array]>,
  opts: { bf16: boolean; shards?: number },
): string {
  const dir = mkdtempSync(join(tmp, `${name}-`));
  writeFileSync(join(dir, "config.json"), JSON.stringify(hf));
  const names = [...weights.keys()];
  const shards = opts.shards ?? 1;
  if (shards === 1) {
    const all = Object.fromEntries(names.map((n) => [n, toTensor(...weights.get(n)!, opts.bf16)]));
    writeFileSync(join(dir, "model.safetensors"), encodeSafetensors(all, { format: "pt" }));
    return dir;
  }
  const map: Record<string, string> = {};
  for (let s = 0; s < shards; s++) {
    const file = `model-${String(s + 1).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.safetensors`;
    const part = names.filter((_, i) => i % shards === s);
    for (const n of part) map[n] = file;
    const tensors = Object.fromEntries(part.map((n) => [n, toTensor(...weights.get(n)!, opts.bf16)]));
    writeFileSync(join(dir, file), encodeSafetensors(tensors));
  }
  writeFileSync(join(dir, "model.safetensors.index.json"), JSON.stringify({ metadata: {}, weight_map: map }));
  return dir;
}

/** The same weights put into a context by hand: kernels are HF weights transposed. */
function directContext(hf: typeof HF1 | typeof HF2, weights: Map<string, [number[], Float32Array]>): Context {
  const ctx = new Context();
  const get = (n: string) => weights.get(n)!;
  const set = (path: string, shape: number[], v: Float32Array) => {
    let c = ctx;
    const parts = path.split("/");
    const last = parts.pop()!;
    for (const p of parts) c = c.in(p);
    c.variableWithValue(last, Tensor.fromTypedArray("f32", shape, v));
  };
  const kernel = (path: string, n: string) => {
    const [[o, i], v] = get(n) as [[number, number], Float32Array];
    const t = new Float32Array(o * i);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) t[b * o + a] = v[a * i + b]!;
    set(path, [i, o], t);
  };
  set("embed/embeddings", ...get("model.embed_tokens.weight"));
  const names: Record<string, string> =
    hf.model_type === "gemma2"
      ? {
          input_layernorm: "attn_norm",
          post_attention_layernorm: "post_attn_norm",
          pre_feedforward_layernorm: "mlp_norm",
          post_feedforward_layernorm: "post_mlp_norm",
        }
      : { input_layernorm: "attn_norm", post_attention_layernorm: "mlp_norm" };
  for (let i = 0; i < hf.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    const s = `layer_${String(i).padStart(3, "0")}/`;
    for (const [hfn, ours] of [
      ["q", "query"],
      ["k", "key"],
      ["v", "value"],
      ["o", "output"],
    ])
      kernel(`${s}attn/${ours}/weights`, `${p}self_attn.${hfn}_proj.weight`);
    for (const n of ["gate", "up", "down"]) kernel(`${s}mlp/${n}/weights`, `${p}mlp.${n}_proj.weight`);
    for (const [hfn, ours] of Object.entries(names)) set(`${s}${ours}/scale`, ...get(`${p}${hfn}.weight`));
  }
  set("final_norm/scale", ...get("model.norm.weight"));
  return ctx;
}

async function logits(ctx: Context, config: GemmaConfig): Promise<Float64Array> {
  const before = ctx.variables().length;
  const f = execWithContext(ctx, (c, t: Node) => gemma(c, t, config), { training: false });
  const out = (await f(Tensor.fromValues("i32", [1, TOKENS.length], TOKENS))) as DeviceArray;
  // Every weight came from the checkpoint: the model created no variable of its own.
  assert.equal(ctx.variables().length, before, "the model initialized variables the checkpoint lacked");
  return (await out.toTensor()).toFloat64Array();
}

// Checkpoints written here (f32 and bf16, one file and sharded) load to the same logits as
// the same weights set directly into a context.
for (const [label, hf] of [
  ["Gemma 2", HF2],
  ["Gemma", HF1],
] as const) {
  const tag = label.replaceAll(" ", "_");
  for (const bf16 of [false, true]) {
    for (const shards of [1, 3]) {
      const what = `${label}, ${bf16 ? "bf16" : "f32"}, ${shards === 1 ? "one file" : `${shards} shards`}`;
      test(`${what}: loaded logits equal those of the same weights set directly`, async () => {
        const weights = hfWeights(hf, bf16);
        const dir = writeCheckpoint(`${tag}-${bf16}-${shards}`, hf, weights, { bf16, shards });
        const { config, ctx } = loadGemmaCheckpoint(dir);
        assert.equal(config.layers, hf.num_hidden_layers);
        assert.equal(config.postNorms, hf.model_type === "gemma2" ? true : undefined);
        const got = await logits(ctx, config);
        const want = await logits(directContext(hf, weights), config);
        assert.deepEqual(got, want);
      });
    }
  }
}

test("config.json values the model does not implement are errors naming the field", () => {
  const refuse = (hf: Record<string, unknown>, re: RegExp) => assert.throws(() => gemmaConfigFromHf(hf), re);
  refuse({ ...HF1, attn_logit_softcapping: 50 }, /\[gemma\] config field "attn_logit_softcapping" is 50/);
  refuse({ ...HF1, final_logit_softcapping: 30 }, /config field "final_logit_softcapping" is 30/);
  refuse({ ...HF2, model_type: "gemma3_text", attn_logit_softcapping: 50 }, /"attn_logit_softcapping" is 50/);
  refuse({ ...HF2, model_type: "llama" }, /config field "model_type" is "llama"; supported: gemma, gemma2/);
  refuse(
    { ...HF2, rope_scaling: { rope_type: "yarn", factor: 8 } },
    /config field "rope_scaling\.rope_type" is "yarn"; supported: default, linear/,
  );
  refuse(
    { ...HF2, rope_parameters: { rope_type: "dynamic", rope_theta: 1e4 } },
    /config field "rope_parameters\.rope_type" is "dynamic"/,
  );
  refuse({ ...HF2, rope_scaling: { type: "ntk", factor: 2 } }, /"rope_scaling\.type" is "ntk"/);
  refuse(
    { ...HF2, rope_parameters: { rope_type: "default", rope_theta: 1e4, partial_rotary_factor: 0.5 } },
    /"rope_parameters\.partial_rotary_factor" is 0\.5; supported: 1/,
  );
  refuse({ ...HF2, hidden_activation: "relu" }, /config field "hidden_activation" is "relu"; supported: /);
  refuse({ ...HF1, hidden_act: "silu" }, /config field "hidden_act" is "silu"/);
  refuse(
    { ...HF1, hidden_act: "gelu", hidden_activation: "gelu_pytorch_tanh" },
    /"hidden_act" is "gelu" but "hidden_activation" is "gelu_pytorch_tanh"/,
  );
  refuse({ ...HF2, attention_bias: true }, /config field "attention_bias" is true; supported: false/);
  refuse({ ...HF2, use_bidirectional_attention: true }, /"use_bidirectional_attention" is true/);
  refuse({ ...HF2, tie_word_embeddings: false }, /"tie_word_embeddings" is false/);
  refuse(
    { ...HF2, layer_types: ["sliding_attention", "chunked_attention", "full_attention"] },
    /"layer_types\[1\]" is "chunked_attention"/,
  );
  refuse({ ...HF2, layer_types: ["full_attention"] }, /"layer_types" must list 3 layer types/);
  refuse({ ...HF2, sliding_window: null }, /"sliding_window" is null, but some layers slide/);
  refuse({ ...HF2, hidden_size: 0 }, /config field "hidden_size" must be a positive integer, got 0/);
  refuse(
    { model_type: "gemma3", text_config: { ...HF2, model_type: "gemma2" } },
    /"text_config\.model_type" is "gemma2"/,
  );
  refuse({ model_type: "gemma3" }, /"text_config" is missing/);
});

test("config.json fields are read in the transformers 4 and the transformers 5 spelling", () => {
  const c = gemmaConfigFromHf(HF2);
  assert.deepEqual([c.slidingWindow, c.finalSoftcap, c.postNorms, c.kvHeads, c.headDim], [3, 5, true, 2, 8]);
  assert.deepEqual(c.layerTypes, ["sliding", "full", "sliding"]);
  assert.equal(c.queryPreAttnScalar, 8);
  assert.equal(gemmaConfigFromHf({ ...HF2, query_pre_attn_scalar: 144 }).queryPreAttnScalar, 144);
  // Gemma 2's defaults when a field is missing are transformers' (50 and 30); null is none.
  const { attn_logit_softcapping: _a, final_logit_softcapping: _f, ...bare } = HF2;
  assert.deepEqual([gemmaConfigFromHf(bare).attnSoftcap, gemmaConfigFromHf(bare).finalSoftcap], [50, 30]);
  assert.equal(gemmaConfigFromHf(HF2).attnSoftcap, undefined);
  // The RoPE base: rope_theta (4) or rope_parameters.rope_theta (5); linear scaling either way.
  const { rope_theta: _t, ...noTheta } = HF2;
  const v5 = gemmaConfigFromHf({
    ...noTheta,
    rope_parameters: { rope_type: "linear", rope_theta: 500, factor: 4 },
  });
  const v4 = gemmaConfigFromHf({ ...HF2, rope_theta: 500, rope_scaling: { type: "linear", factor: 4 } });
  assert.deepEqual([v5.ropeBase, v5.ropeScale], [500, 4]);
  assert.deepEqual([v4.ropeBase, v4.ropeScale], [500, 4]);
  // Gemma's activation: hidden_act "gelu" is the exact (erf) form, as in transformers 5.
  assert.equal(gemmaConfigFromHf(HF1).activation, "gelu_exact");
  assert.equal(gemmaConfigFromHf({ ...HF1, hidden_act: "gelu_pytorch_tanh" }).activation, "gelu_tanh");
  assert.equal(gemmaConfigFromHf({ ...HF2, hidden_activation: "gelu" }).activation, "gelu_exact");
  // Gemma 3: local and global bases, layer pattern, qk-norm, in either spelling.
  const g3 = { ...noTheta, model_type: "gemma3_text", num_hidden_layers: 7, query_pre_attn_scalar: 256 };
  const a = gemmaConfigFromHf({
    ...g3,
    rope_theta: 1e6,
    rope_local_base_freq: 1e4,
    rope_scaling: { rope_type: "linear", factor: 8 },
    sliding_window_pattern: 3,
  });
  const b = gemmaConfigFromHf({
    ...g3,
    rope_parameters: {
      full_attention: { rope_type: "linear", factor: 8, rope_theta: 1e6 },
      sliding_attention: { rope_type: "default", rope_theta: 1e4 },
    },
    layer_types: ["s", "s", "f", "s", "s", "f", "s"].map((t) =>
      t === "s" ? "sliding_attention" : "full_attention",
    ),
  });
  for (const x of [a, b]) {
    assert.deepEqual(
      [x.ropeBase, x.ropeScale, x.ropeLocalBase, x.ropeLocalScale, x.qkNorm, x.queryPreAttnScalar],
      [1e6, 8, 1e4, undefined, true, 256],
    );
    assert.deepEqual(x.layerTypes, ["sliding", "sliding", "full", "sliding", "sliding", "full", "sliding"]);
  }
  // Without a pattern, Gemma 3 has 5 sliding layers to each full one (transformers' default).
  assert.deepEqual(gemmaConfigFromHf(g3).layerTypes, [
    "sliding",
    "sliding",
    "sliding",
    "sliding",
    "sliding",
    "full",
    "sliding",
  ]);
  // A multimodal Gemma 3 config gives its text model.
  const mm = gemmaConfigFromHf({ model_type: "gemma3", text_config: { ...g3, model_type: "gemma3_text" } });
  assert.deepEqual(mm, gemmaConfigFromHf(g3));
});

test("published Gemma 3 config.json files (1B text, 4B multimodal) give their models", () => {
  // As google/gemma-3-1b-it ships it (transformers 4.50 spelling).
  const oneB = gemmaConfigFromHf({
    architectures: ["Gemma3ForCausalLM"],
    attn_logit_softcapping: null,
    bos_token_id: 2,
    eos_token_id: [1, 106],
    final_logit_softcapping: null,
    head_dim: 256,
    hidden_activation: "gelu_pytorch_tanh",
    hidden_size: 1152,
    intermediate_size: 6912,
    max_position_embeddings: 32768,
    model_type: "gemma3_text",
    num_attention_heads: 4,
    num_hidden_layers: 26,
    num_key_value_heads: 1,
    query_pre_attn_scalar: 256,
    rms_norm_eps: 1e-6,
    rope_local_base_freq: 10000,
    rope_scaling: null,
    rope_theta: 1000000,
    sliding_window: 512,
    sliding_window_pattern: 6,
    torch_dtype: "bfloat16",
    vocab_size: 262144,
  });
  assert.deepEqual(
    [
      oneB.hidden,
      oneB.layers,
      oneB.heads,
      oneB.kvHeads,
      oneB.headDim,
      oneB.slidingWindow,
      oneB.ropeBase,
      oneB.ropeLocalBase,
    ],
    [1152, 26, 4, 1, 256, 512, 1e6, 1e4],
  );
  assert.equal(oneB.layerTypes!.filter((t) => t === "full").length, 4);
  assert.equal(oneB.layerTypes![5], "full");
  // The 4B multimodal config leaves the head sizes and vocabulary to transformers' defaults.
  const fourB = gemmaConfigFromHf({
    architectures: ["Gemma3ForConditionalGeneration"],
    model_type: "gemma3",
    text_config: {
      hidden_size: 2560,
      intermediate_size: 10240,
      model_type: "gemma3_text",
      num_hidden_layers: 34,
      rope_scaling: { factor: 8.0, rope_type: "linear" },
      sliding_window: 1024,
    },
    vision_config: { model_type: "siglip_vision_model" },
  });
  assert.deepEqual(
    [
      fourB.vocabSize,
      fourB.heads,
      fourB.kvHeads,
      fourB.headDim,
      fourB.ropeBase,
      fourB.ropeScale,
      fourB.ropeLocalScale,
    ],
    [262208, 8, 4, 256, 1e6, 8, undefined],
  );
  assert.equal(fourB.queryPreAttnScalar, 256);
});

test("missing tensors, wrong shapes and unsupported dtypes name the file and tensor", () => {
  const weights = hfWeights(HF2, false);
  const missing = new Map(weights);
  missing.delete("model.layers.1.mlp.up_proj.weight");
  const d1 = writeCheckpoint("missing", HF2, missing, { bf16: false });
  assert.throws(() => loadGemmaCheckpoint(d1), /tensor "model\.layers\.1\.mlp\.up_proj\.weight" is missing/);

  const wrong = new Map(weights);
  wrong.set("model.norm.weight", [[15], new Float32Array(15)]);
  const d2 = writeCheckpoint("shape", HF2, wrong, { bf16: false });
  assert.throws(
    () => loadGemmaCheckpoint(d2),
    (e: Error) =>
      e.message.includes("model.safetensors") &&
      /"model\.norm\.weight" has shape \[15\], expected \[16\]/.test(e.message),
  );

  const d3 = writeCheckpoint("dtype", HF2, weights, { bf16: false });
  const all = Object.fromEntries([...weights].map(([n, [s, v]]) => [n, Tensor.fromTypedArray("f32", s, v)]));
  all["model.norm.weight"] = Tensor.fromTypedArray("f64", [16], new Float64Array(16));
  writeFileSync(join(d3, "model.safetensors"), encodeSafetensors(all));
  assert.throws(
    () => loadGemmaCheckpoint(d3),
    /"model\.norm\.weight" has dtype F64, expected one of F32, BF16, F16/,
  );

  assert.throws(() => loadGemmaCheckpoint(join(tmp, "nowhere")), /nowhere: no config\.json/);
});
