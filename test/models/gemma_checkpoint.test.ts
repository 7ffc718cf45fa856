/**
 * Loading Hugging Face Gemma / Gemma 2 checkpoints: tiny checkpoints written here (f32 and bf16,
 * one file and sharded) load to the same logits as the same weights set directly into a
 * context, and to the logits of an independent PyTorch forward pass of HF Gemma
 * (gemma_hf_reference.py) when Debian's python3-torch is present; configs and files the model
 * cannot run are refused with errors naming the file, tensor or setting.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { encodeSafetensors } from "../../src/checkpoint/safetensors.js";
import { Context, execWithContext } from "../../src/context/index.js";
import { f32ToBf16 } from "../../src/core/dtype.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { type GemmaConfig, gemma } from "../../src/models/gemma.js";
import { gemmaConfigFromHf, loadGemmaCheckpoint } from "../../src/models/gemma_checkpoint.js";
import type { DeviceArray } from "../../src/runtime/client.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const REFERENCE = join(ROOT, "test", "models", "gemma_hf_reference.py");
const PYTHON = "/usr/bin/python3";
const HAS_TORCH = spawnSync(PYTHON, ["-c", "import torch"]).status === 0;
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

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function torchLogits(dir: string): number[] {
  const r = spawnSync(PYTHON, [REFERENCE, dir, TOKENS.join(",")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as number[][]).flat();
}

// A cap of 0.5 bends most of these scores, so a model that ignored it would not match PyTorch.
const HF2_CAPPED = { ...HF2, attn_logit_softcapping: 0.5 };

for (const [label, hf] of [
  ["Gemma 2", HF2],
  ["Gemma 2 with attention soft cap", HF2_CAPPED],
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
    test(`${label}, ${bf16 ? "bf16" : "f32"}: logits match an independent PyTorch HF forward pass`, {
      skip: HAS_TORCH ? false : "no torch in /usr/bin/python3 (Debian python3-torch)",
    }, async () => {
      const weights = hfWeights(hf, bf16);
      const dir = writeCheckpoint(`${tag}-torch-${bf16}`, hf, weights, { bf16 });
      const { config, ctx } = loadGemmaCheckpoint(dir);
      const got = await logits(ctx, config);
      const want = torchLogits(dir);
      const diff = maxAbsDiff(got, want);
      assert.ok(diff < 1e-4, `max |tsmlx − torch| = ${diff}`);
      // The comparison is sensitive: the same check against a layer-swapped mapping fails.
      const swapped = Math.max(...want.map((x, i) => Math.abs(x - want[(i + 1) % want.length]!)));
      assert.ok(swapped > 1e-2, `logits are too flat to compare (${swapped})`);
    });
  }
}

test("config.json settings the model lacks are refused by name", () => {
  assert.throws(() => gemmaConfigFromHf({ ...HF1, attn_logit_softcapping: 50 }), /attn_logit_softcapping 50/);
  assert.equal(gemmaConfigFromHf({ ...HF2, attn_logit_softcapping: 50 }).attnSoftcap, 50);
  assert.throws(() => gemmaConfigFromHf({ ...HF2, query_pre_attn_scalar: 144 }), /query_pre_attn_scalar 144/);
  assert.throws(() => gemmaConfigFromHf({ ...HF2, model_type: "gemma3_text" }), /model_type "gemma3_text"/);
  assert.throws(() => gemmaConfigFromHf({ ...HF2, rope_scaling: { factor: 8 } }), /rope_scaling/);
  assert.throws(() => gemmaConfigFromHf({ ...HF2, hidden_activation: "relu" }), /activation "relu"/);
  assert.throws(
    () => gemmaConfigFromHf({ ...HF2, hidden_size: 0 }),
    /hidden_size must be a positive integer/,
  );
  const c = gemmaConfigFromHf(HF2);
  assert.deepEqual([c.slidingWindow, c.finalSoftcap, c.postNorms, c.kvHeads, c.headDim], [3, 5, true, 2, 8]);
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
