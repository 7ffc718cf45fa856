/**
 * Loads a Hugging Face Gemma or Gemma 2 checkpoint directory (config.json, then either
 * model.safetensors or shards listed by model.safetensors.index.json) into a Context laid out
 * for {@link gemma}: the configuration comes from config.json, every tensor is converted to
 * f32, and HF Linear weights `[out, in]` are transposed to tsmlx dense kernels `[in, out]`.
 *
 * Norm names differ between the two generations: in Gemma, `post_attention_layernorm` is the
 * norm before the MLP; in Gemma 2 it is the norm after attention, and the MLP is framed by
 * `pre_feedforward_layernorm` and `post_feedforward_layernorm`.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { Context } from "../context/context.js";
import { f16ToF32 } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import type { GemmaConfig } from "./gemma.js";

const API = "loadGemmaCheckpoint";

function fail(msg: string): never {
  throw new TsmlxError(API, msg);
}

/** A config.json as written by Hugging Face transformers (the fields Gemma uses). */
export type HfGemmaConfig = Record<string, unknown>;

const TANH_GELU = new Set(["gelu_pytorch_tanh", "gelu_tanh", "gelu_new"]);

/**
 * The {@link GemmaConfig} of a Hugging Face Gemma / Gemma 2 config.json, refusing settings the
 * tsmlx model does not implement. `const c = gemmaConfigFromHf(JSON.parse(text))`
 */
export function gemmaConfigFromHf(hf: HfGemmaConfig, what = "config.json"): GemmaConfig {
  const bad = (msg: string): never => fail(`${what}: ${msg}`);
  const type = hf.model_type;
  if (type !== "gemma" && type !== "gemma2") {
    bad(`model_type ${JSON.stringify(type)} is not supported, expected "gemma" or "gemma2"`);
  }
  const int = (key: string, fallback?: number): number => {
    const v = hf[key] ?? fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      bad(`${key} must be a positive integer, got ${JSON.stringify(hf[key])}`);
    }
    return v as number;
  };
  const num = (key: string, fallback: number): number => {
    const v = hf[key] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v))
      bad(`${key} must be a number, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const hidden = int("hidden_size");
  const heads = int("num_attention_heads");
  const headDim = int("head_dim", hidden / heads);
  const act = hf.hidden_activation ?? hf.hidden_act;
  // Gemma (1) checkpoints say hidden_act "gelu"; transformers runs them with the tanh form.
  const actOk = typeof act === "string" && (TANH_GELU.has(act) || (type === "gemma" && act === "gelu"));
  if (!actOk) bad(`activation ${JSON.stringify(act)} is not supported, the model uses gelu (tanh form)`);
  const attnCap = hf.attn_logit_softcapping;
  if (type !== "gemma2" && attnCap !== undefined && attnCap !== null) {
    bad(`attn_logit_softcapping ${attnCap} is only read for gemma2 checkpoints, got model_type ${type}`);
  }
  const qScalar = hf.query_pre_attn_scalar;
  if (qScalar !== undefined && qScalar !== null && qScalar !== headDim) {
    bad(
      `query_pre_attn_scalar ${qScalar} is not supported: the tsmlx Gemma model scales queries by 1/√head_dim (${headDim})`,
    );
  }
  if (hf.rope_scaling !== undefined && hf.rope_scaling !== null) {
    bad(`rope_scaling ${JSON.stringify(hf.rope_scaling)} is not supported, only plain RoPE`);
  }
  if (hf.attention_bias === true) bad("attention_bias true is not supported, the projections have no bias");
  if (hf.tie_word_embeddings === false) {
    bad("tie_word_embeddings false is not supported, the logits use the embedding table");
  }
  const config: {
    -readonly [K in keyof GemmaConfig]: GemmaConfig[K];
  } = {
    vocabSize: int("vocab_size"),
    hidden,
    layers: int("num_hidden_layers"),
    heads,
    kvHeads: int("num_key_value_heads", heads),
    headDim,
    mlpHidden: int("intermediate_size"),
    ropeBase: num("rope_theta", 10000),
    rmsEpsilon: num("rms_norm_eps", 1e-6),
  };
  if (type === "gemma2") {
    config.postNorms = true;
    if (hf.sliding_window !== undefined && hf.sliding_window !== null)
      config.slidingWindow = int("sliding_window");
    const cap = hf.final_logit_softcapping;
    if (cap !== undefined && cap !== null) config.finalSoftcap = num("final_logit_softcapping", 0);
    if (attnCap !== undefined && attnCap !== null) config.attnSoftcap = num("attn_logit_softcapping", 0);
  }
  return config;
}

const ST_DTYPES: Record<string, number> = { F32: 4, BF16: 2, F16: 2 };

interface Entry {
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** One safetensors file opened for reading tensor by tensor (files may exceed a Buffer's size). */
class SafetensorsFile {
  readonly entries = new Map<string, Entry>();
  readonly #fd: number;
  readonly #dataStart: number;

  constructor(readonly path: string) {
    if (!existsSync(path)) fail(`${path}: file not found`);
    this.#fd = openSync(path, "r");
    const len = Buffer.alloc(8);
    if (readSync(this.#fd, len, 0, 8, 0) !== 8) fail(`${path}: too short for a safetensors header`);
    const n = Number(len.readBigUInt64LE(0));
    if (n > 100 * 1024 * 1024) fail(`${path}: header length ${n} is not plausible (not safetensors?)`);
    const head = Buffer.alloc(n);
    if (readSync(this.#fd, head, 0, n, 8) !== n) fail(`${path}: header truncated`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(head.toString("utf8"));
    } catch (e) {
      fail(`${path}: header is not JSON (${(e as Error).message})`);
    }
    this.#dataStart = 8 + n;
    for (const [name, v] of Object.entries(json)) {
      if (name === "__metadata__") continue;
      const e = v as { dtype: string; shape: number[]; data_offsets: [number, number] };
      this.entries.set(name, {
        dtype: e.dtype,
        shape: e.shape,
        begin: e.data_offsets[0],
        end: e.data_offsets[1],
      });
    }
  }

  /** The tensor `name` as f32. */
  read(name: string): Tensor {
    const e = this.entries.get(name);
    if (!e) fail(`${this.path}: tensor "${name}" is missing`);
    const width = ST_DTYPES[e.dtype];
    if (width === undefined) {
      fail(`${this.path}: tensor "${name}" has dtype ${e.dtype}, expected one of F32, BF16, F16`);
    }
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.end - e.begin !== size * width) {
      fail(
        `${this.path}: tensor "${name}" ${e.dtype}[${e.shape}] spans ${e.end - e.begin} bytes, expected ${size * width}`,
      );
    }
    const bytes = new Uint8Array(size * width);
    let done = 0;
    while (done < bytes.length) {
      const chunk = Math.min(bytes.length - done, 1 << 30);
      const got = readSync(this.#fd, bytes, done, chunk, this.#dataStart + e.begin + done);
      if (got <= 0) fail(`${this.path}: tensor "${name}" is truncated`);
      done += got;
    }
    const out = new Float32Array(size);
    if (e.dtype === "F32") {
      out.set(new Float32Array(bytes.buffer, 0, size));
    } else {
      const words = new Uint16Array(bytes.buffer, 0, size);
      if (e.dtype === "BF16") {
        const bits = new Uint32Array(out.buffer);
        for (let i = 0; i < size; i++) bits[i] = words[i]! << 16;
      } else {
        for (let i = 0; i < size; i++) out[i] = f16ToF32(words[i]!);
      }
    }
    return Tensor.fromTypedArray("f32", e.shape, out);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** The shard of each tensor name, from model.safetensors.index.json or the single file. */
function openShards(dir: string): { files: SafetensorsFile[]; where: Map<string, SafetensorsFile> } {
  const index = join(dir, "model.safetensors.index.json");
  const single = join(dir, "model.safetensors");
  const files: SafetensorsFile[] = [];
  const where = new Map<string, SafetensorsFile>();
  if (existsSync(index)) {
    let map: Record<string, string>;
    try {
      map = JSON.parse(readFileSync(index, "utf8")).weight_map;
    } catch (e) {
      fail(`${index}: not JSON (${(e as Error).message})`);
    }
    if (typeof map !== "object" || map === null) fail(`${index}: has no weight_map`);
    const byFile = new Map<string, SafetensorsFile>();
    for (const [name, file] of Object.entries(map)) {
      let f = byFile.get(file);
      if (!f) {
        f = new SafetensorsFile(join(dir, file));
        byFile.set(file, f);
        files.push(f);
      }
      if (!f.entries.has(name)) fail(`${f.path}: tensor "${name}" is missing (${index} places it there)`);
      where.set(name, f);
    }
  } else if (existsSync(single)) {
    const f = new SafetensorsFile(single);
    files.push(f);
    for (const name of f.entries.keys()) where.set(name, f);
  } else {
    fail(`${dir}: holds neither model.safetensors nor model.safetensors.index.json`);
  }
  return { files, where };
}

function transpose2d(t: Tensor): Tensor {
  const [r, c] = t.shape.dims as [number, number];
  const src = t.data as Float32Array;
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j]!;
  return Tensor.fromTypedArray("f32", [c, r], out);
}

/** What {@link loadGemmaCheckpoint} returns. */
export interface GemmaCheckpoint {
  /** The model sizes derived from config.json. */
  readonly config: GemmaConfig;
  /** A context holding every weight at the paths {@link gemma} uses. */
  readonly ctx: Context;
  /** The path of tokenizer.json when the directory holds one. */
  readonly tokenizerPath?: string;
}

/**
 * Reads a Hugging Face Gemma / Gemma 2 checkpoint directory into a fresh Context (or `ctx`).
 * `const { config, ctx } = loadGemmaCheckpoint("/models/gemma-2b")`
 */
export function loadGemmaCheckpoint(dir: string, ctx: Context = new Context()): GemmaCheckpoint {
  const configPath = join(dir, "config.json");
  if (!existsSync(configPath)) fail(`${dir}: no config.json`);
  let hf: HfGemmaConfig;
  try {
    hf = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (e) {
    fail(`${configPath}: not JSON (${(e as Error).message})`);
  }
  const config = gemmaConfigFromHf(hf, configPath);
  const gemma2 = hf.model_type === "gemma2";
  const { files, where } = openShards(dir);
  try {
    const used = new Set<string>();
    const take = (name: string, shape: number[]): Tensor => {
      const f = where.get(name);
      if (!f) fail(`${dir}: tensor "${name}" is missing from the checkpoint`);
      used.add(name);
      const t = f.read(name);
      const got = t.shape.dims;
      if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
        fail(`${f.path}: tensor "${name}" has shape [${got}], expected [${shape}]`);
      }
      return t;
    };
    const set = (path: string, value: Tensor) => {
      const parts = path.split("/");
      const name = parts.pop()!;
      let c = ctx;
      for (const p of parts) c = c.in(p);
      const existing = c.getVariable(name);
      if (existing) existing.setValue(value);
      else c.variableWithValue(name, value);
    };
    const { hidden: d, heads: h, kvHeads: kvh, headDim: hd, mlpHidden: m } = config;
    set("embed/embeddings", take("model.embed_tokens.weight", [config.vocabSize, d]));
    const norms: [string, string][] = gemma2
      ? [
          ["input_layernorm", "attn_norm"],
          ["post_attention_layernorm", "post_attn_norm"],
          ["pre_feedforward_layernorm", "mlp_norm"],
          ["post_feedforward_layernorm", "post_mlp_norm"],
        ]
      : [
          ["input_layernorm", "attn_norm"],
          ["post_attention_layernorm", "mlp_norm"],
        ];
    for (let i = 0; i < config.layers; i++) {
      const hfp = `model.layers.${i}.`;
      const s = `layer_${String(i).padStart(3, "0")}/`;
      const linear = (hfName: string, out: number, inp: number, path: string) =>
        set(s + path, transpose2d(take(`${hfp}${hfName}.weight`, [out, inp])));
      linear("self_attn.q_proj", h * hd, d, "attn/query/weights");
      linear("self_attn.k_proj", kvh * hd, d, "attn/key/weights");
      linear("self_attn.v_proj", kvh * hd, d, "attn/value/weights");
      linear("self_attn.o_proj", d, h * hd, "attn/output/weights");
      linear("mlp.gate_proj", m, d, "mlp/gate/weights");
      linear("mlp.up_proj", m, d, "mlp/up/weights");
      linear("mlp.down_proj", d, m, "mlp/down/weights");
      for (const [hfName, ours] of norms) set(`${s}${ours}/scale`, take(`${hfp}${hfName}.weight`, [d]));
    }
    set("final_norm/scale", take("model.norm.weight", [d]));
    const extra = [...where.keys()].filter((n) => !used.has(n) && !n.endsWith("rotary_emb.inv_freq"));
    if (extra.length > 0) {
      fail(
        `${dir}: tensors the Gemma model does not use: ${extra.slice(0, 5).join(", ")}${extra.length > 5 ? ", …" : ""}`,
      );
    }
  } finally {
    for (const f of files) f.close();
  }
  const tok = join(dir, "tokenizer.json");
  return { config, ctx, ...(existsSync(tok) ? { tokenizerPath: tok } : {}) };
}
