/**
 * Loads a Hugging Face Gemma, Gemma 2 or Gemma 3 checkpoint directory (config.json, then either
 * model.safetensors or shards listed by model.safetensors.index.json) into a Context laid out
 * for {@link gemma}: the configuration comes from config.json, every tensor is converted to
 * f32 (or kept in bf16 on request), and HF Linear weights `[out, in]` are transposed to tsmlx
 * dense kernels `[in, out]`.
 *
 * Norm names differ between the generations: in Gemma, `post_attention_layernorm` is the
 * norm before the MLP; in Gemma 2 and 3 it is the norm after attention, and the MLP is framed
 * by `pre_feedforward_layernorm` and `post_feedforward_layernorm`; Gemma 3 adds per-head
 * `self_attn.q_norm` and `self_attn.k_norm`. A Gemma 3 multimodal checkpoint loads its text
 * model (the vision tower is not read).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { Context } from "../context/context.js";
import { f16ToF32, f32ToBf16 } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import type { GemmaConfig, GemmaLayerType } from "./gemma.js";

const API = "loadGemmaCheckpoint";

function fail(msg: string): never {
  throw new TsmlxError(API, msg);
}

/** A config.json as written by Hugging Face transformers (the fields Gemma uses). */
export type HfGemmaConfig = Record<string, unknown>;

const TANH_GELU = ["gelu_pytorch_tanh", "gelu_new", "gelu_python_tanh"];
const EXACT_GELU = ["gelu", "gelu_python"];
const MODEL_TYPES = ["gemma", "gemma2", "gemma3_text", "gemma3"];

/** transformers' defaults of the size fields, used where a config.json leaves one out. */
const SIZE_DEFAULTS: Record<string, Record<string, number>> = {
  gemma: {
    vocab_size: 256000,
    hidden_size: 3072,
    intermediate_size: 24576,
    num_hidden_layers: 28,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    head_dim: 256,
  },
  gemma2: {
    vocab_size: 256000,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
  },
  gemma3_text: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
  },
};

/** Reads the fields of one config object, with errors naming the field and the file. */
class Fields {
  constructor(
    readonly hf: Record<string, unknown>,
    readonly where: string,
    readonly prefix = "",
  ) {}

  fail(field: string, msg: string): never {
    throw new TsmlxError("gemma", `config field "${this.prefix}${field}" ${msg} (${this.where})`);
  }

  /** Whether `field` holds a value (null counts as absent, as transformers writes unset fields). */
  has(field: string): boolean {
    return this.hf[field] !== undefined && this.hf[field] !== null;
  }

  int(field: string, fallback?: number): number {
    const v = this.has(field) ? this.hf[field] : fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      this.fail(field, `must be a positive integer, got ${JSON.stringify(this.hf[field])}`);
    }
    return v;
  }

  num(field: string, fallback?: number): number {
    const v = this.has(field) ? this.hf[field] : fallback;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      this.fail(field, `must be a number, got ${JSON.stringify(this.hf[field])}`);
    }
    return v;
  }

  positive(field: string, fallback?: number): number {
    const v = this.num(field, fallback);
    if (!(v > 0)) this.fail(field, `must be positive, got ${v}`);
    return v;
  }

  /** A positive number; null means none, a missing field `missing` (transformers' default). */
  optionalPositive(field: string, missing?: number): number | undefined {
    if (this.hf[field] === undefined) return missing;
    return this.has(field) ? this.positive(field) : undefined;
  }

  str(field: string): string | undefined {
    if (!this.has(field)) return undefined;
    const v = this.hf[field];
    if (typeof v !== "string") this.fail(field, `must be a string, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A nested object (`rope_parameters`, `rope_scaling`, `text_config`), or undefined. */
  object(field: string): Fields | undefined {
    if (!this.has(field)) return undefined;
    const v = this.hf[field];
    if (typeof v !== "object" || Array.isArray(v)) {
      this.fail(field, `must be an object, got ${JSON.stringify(v)}`);
    }
    return new Fields(v as Record<string, unknown>, this.where, `${this.prefix}${field}.`);
  }

  /** Refuses a value other than the one the model implements. */
  only(field: string, allowed: unknown, what: string): void {
    if (this.has(field) && this.hf[field] !== allowed) {
      this.fail(field, `is ${JSON.stringify(this.hf[field])}; supported: ${what}`);
    }
  }
}

/** RoPE settings of one kind of layer: base and linear factor. */
interface Rope {
  base: number;
  factor?: number;
}

/**
 * One RoPE parameter set, in transformers 5's `rope_parameters` form (`rope_type`,
 * `rope_theta`, `factor`) or transformers 4's `rope_scaling` form (`rope_type` or `type`,
 * `factor`; the base then comes from elsewhere).
 */
function ropeSet(f: Fields, baseFallback: number): Rope {
  const type = f.str("rope_type") ?? f.str("type") ?? "default";
  const typeField = f.has("rope_type") ? "rope_type" : "type";
  if (type !== "default" && type !== "linear") f.fail(typeField, `is "${type}"; supported: default, linear`);
  const partial = f.has("partial_rotary_factor") ? f.num("partial_rotary_factor") : 1;
  if (partial !== 1) f.fail("partial_rotary_factor", `is ${partial}; supported: 1`);
  const base = f.positive("rope_theta", baseFallback);
  if (type === "default") {
    if (f.has("factor") && f.hf.factor !== 1)
      f.fail("factor", `is ${JSON.stringify(f.hf.factor)} but the rope_type is default`);
    return { base };
  }
  const factor = f.positive("factor");
  return factor === 1 ? { base } : { base, factor };
}

/**
 * The {@link GemmaConfig} of a Hugging Face Gemma, Gemma 2 or Gemma 3 config.json, in the
 * spelling of transformers 4 or 5. A Gemma 3 multimodal config ("gemma3") gives its text
 * model (`text_config`). Every field that changes the numbers is read (a missing one has
 * transformers' default for that model type); a value the model does not implement is an error
 * naming the field. `const c = gemmaConfigFromHf(JSON.parse(text))`
 */
export function gemmaConfigFromHf(hf: HfGemmaConfig, what = "config.json"): GemmaConfig {
  const top: Fields = new Fields(hf, what);
  const type0 = top.str("model_type");
  if (type0 === undefined || !MODEL_TYPES.includes(type0)) {
    top.fail("model_type", `is ${JSON.stringify(hf.model_type)}; supported: ${MODEL_TYPES.join(", ")}`);
  }
  let f: Fields = top;
  let type = type0;
  if (type0 === "gemma3") {
    const text: Fields | undefined = top.object("text_config");
    if (!text) return top.fail("text_config", "is missing: a gemma3 config holds its text model there");
    const inner = text.str("model_type") ?? "gemma3_text";
    if (inner !== "gemma3_text") text.fail("model_type", `is "${inner}"; supported: gemma3_text`);
    top.only("tie_word_embeddings", true, "true (logits against the embedding table)");
    f = text;
    type = "gemma3_text";
  }
  const gemma1 = type === "gemma";
  const gemma3 = type === "gemma3_text";

  const sizes = SIZE_DEFAULTS[type]!;
  const size = (field: string) => f.int(field, sizes[field]);
  const hidden = size("hidden_size");
  const heads = size("num_attention_heads");
  const headDim = size("head_dim");
  const layers = size("num_hidden_layers");

  // The MLP activation. transformers 5 reads hidden_act for Gemma and hidden_activation for
  // Gemma 2 and 3; transformers 4 read hidden_activation for all three (tanh when unset).
  let actField = "hidden_activation";
  let act = f.str("hidden_activation");
  if (gemma1) {
    const a = f.str("hidden_act");
    if (a !== undefined && act !== undefined && a !== act) {
      f.fail(
        "hidden_act",
        `is "${a}" but "hidden_activation" is "${act}": transformers 5 runs the first, transformers 4 the second; keep one`,
      );
    }
    if (a !== undefined) {
      act = a;
      actField = "hidden_act";
    }
  }
  act ??= "gelu_pytorch_tanh";
  let activation: "gelu_tanh" | "gelu_exact";
  if (TANH_GELU.includes(act)) activation = "gelu_tanh";
  else if (EXACT_GELU.includes(act)) activation = "gelu_exact";
  else return f.fail(actField, `is "${act}"; supported: ${[...TANH_GELU, ...EXACT_GELU].join(", ")}`);

  f.only("attention_bias", false, "false (the projections have no bias)");
  f.only("mlp_bias", false, "false (the MLP has no bias)");
  f.only("use_bidirectional_attention", false, "false (causal attention)");
  if (type0 !== "gemma3") f.only("tie_word_embeddings", true, "true (logits against the embedding table)");

  // Soft caps: Gemma 2 applies both (50 and 30 when the fields are missing); Gemma 3's
  // modelling code applies the final one only; Gemma applies none.
  const gemma2 = type === "gemma2";
  if (gemma1) f.only("final_logit_softcapping", null, "null (Gemma has no soft cap)");
  if (!gemma2) f.only("attn_logit_softcapping", null, `null (${type} applies no attention soft cap)`);
  const finalSoftcap = gemma1
    ? undefined
    : f.optionalPositive("final_logit_softcapping", gemma2 ? 30 : undefined);
  const attnSoftcap = gemma2 ? f.optionalPositive("attn_logit_softcapping", 50) : undefined;

  // RoPE: transformers 5 writes rope_parameters (flat for Gemma and Gemma 2, one set per
  // layer type for Gemma 3); transformers 4 wrote rope_theta, rope_local_base_freq (Gemma 3)
  // and rope_scaling (for Gemma 3 the full layers only).
  const params = f.object("rope_parameters");
  const scaling = f.object("rope_scaling");
  let full: Rope;
  let local: Rope | undefined;
  const flatBase = f.positive("rope_theta", gemma3 ? 1e6 : 10000);
  if (gemma3) {
    const pf = params?.object("full_attention");
    const pl = params?.object("sliding_attention");
    if (params && !pf && !pl && params.has("rope_theta")) {
      params.fail("rope_theta", "is flat, but Gemma 3 needs full_attention and sliding_attention entries");
    }
    full = pf ? ropeSet(pf, flatBase) : scaling ? ropeSet(scaling, flatBase) : { base: flatBase };
    if (pf && scaling) {
      const s = ropeSet(scaling, full.base);
      if (s.factor !== full.factor) {
        scaling.fail("factor", `disagrees with rope_parameters.full_attention (${full.factor ?? 1})`);
      }
    }
    local = pl
      ? ropeSet(pl, f.positive("rope_local_base_freq", 10000))
      : { base: f.positive("rope_local_base_freq", 10000) };
  } else {
    full = params ? ropeSet(params, flatBase) : scaling ? ropeSet(scaling, flatBase) : { base: flatBase };
  }

  // Which layers slide.
  let slidingWindow: number | undefined;
  let layerTypes: GemmaLayerType[] | undefined;
  if (!gemma1) {
    const lt = f.hf.layer_types;
    if (lt !== undefined && lt !== null) {
      if (!Array.isArray(lt) || lt.length !== layers) {
        return f.fail("layer_types", `must list ${layers} layer types, got ${JSON.stringify(lt)}`);
      }
      layerTypes = lt.map((t: unknown, i): GemmaLayerType => {
        if (t === "sliding_attention") return "sliding";
        if (t === "full_attention") return "full";
        return f.fail(
          `layer_types[${i}]`,
          `is ${JSON.stringify(t)}; supported: sliding_attention, full_attention`,
        );
      });
    } else if (gemma3) {
      const patternField = f.has("sliding_window_pattern")
        ? "sliding_window_pattern"
        : "_sliding_window_pattern";
      const pattern = f.int(patternField, 6);
      layerTypes = Array.from({ length: layers }, (_, i) => ((i + 1) % pattern === 0 ? "full" : "sliding"));
    } else {
      layerTypes = Array.from({ length: layers }, (_, i) => (i % 2 === 0 ? "sliding" : "full"));
    }
    if (layerTypes?.includes("sliding")) {
      if (f.hf.sliding_window === null) f.fail("sliding_window", "is null, but some layers slide");
      slidingWindow = f.int("sliding_window", 4096);
    } else {
      layerTypes = undefined;
    }
  }

  const config: { -readonly [K in keyof GemmaConfig]: GemmaConfig[K] } = {
    vocabSize: size("vocab_size"),
    hidden,
    layers,
    heads,
    kvHeads: size("num_key_value_heads"),
    headDim,
    mlpHidden: size("intermediate_size"),
    ropeBase: full.base,
    rmsEpsilon: f.positive("rms_norm_eps", 1e-6),
    activation,
  };
  if (full.factor !== undefined) config.ropeScale = full.factor;
  if (local) {
    config.ropeLocalBase = local.base;
    if (local.factor !== undefined) config.ropeLocalScale = local.factor;
  }
  if (!gemma1) {
    config.postNorms = true;
    config.queryPreAttnScalar = f.positive("query_pre_attn_scalar", 256);
  }
  if (gemma3) config.qkNorm = true;
  if (slidingWindow !== undefined) config.slidingWindow = slidingWindow;
  if (layerTypes) config.layerTypes = layerTypes;
  if (finalSoftcap !== undefined) config.finalSoftcap = finalSoftcap;
  if (attnSoftcap !== undefined) config.attnSoftcap = attnSoftcap;
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

  /** The tensor `name` as f32, or as bf16 (a BF16 tensor as stored, others rounded). */
  read(name: string, as: "f32" | "bf16" = "f32"): Tensor {
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
    if (as === "bf16") {
      if (e.dtype === "BF16")
        return Tensor.fromTypedArray("bf16", e.shape, new Uint16Array(bytes.buffer, 0, size));
      const wide = this.#toF32(e.dtype, bytes, size);
      return Tensor.fromTypedArray(
        "bf16",
        e.shape,
        Uint16Array.from(wide, (x) => f32ToBf16(x)),
      );
    }
    return Tensor.fromTypedArray("f32", e.shape, this.#toF32(e.dtype, bytes, size));
  }

  #toF32(dtype: string, bytes: Uint8Array, size: number): Float32Array {
    const out = new Float32Array(size);
    if (dtype === "F32") {
      out.set(new Float32Array(bytes.buffer, 0, size));
    } else {
      const words = new Uint16Array(bytes.buffer, 0, size);
      if (dtype === "BF16") {
        const bits = new Uint32Array(out.buffer);
        for (let i = 0; i < size; i++) bits[i] = words[i]! << 16;
      } else {
        for (let i = 0; i < size; i++) out[i] = f16ToF32(words[i]!);
      }
    }
    return out;
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
  const src = t.data as Float32Array | Uint16Array;
  const out = new (src.constructor as Float32ArrayConstructor | Uint16ArrayConstructor)(r * c);
  // In tiles, so that both sides are read and written in runs.
  const B = 32;
  for (let i0 = 0; i0 < r; i0 += B) {
    for (let j0 = 0; j0 < c; j0 += B) {
      const i1 = Math.min(r, i0 + B);
      const j1 = Math.min(c, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * r + i] = src[i * c + j]!;
    }
  }
  return Tensor.fromTypedArray(t.dtype as "f32" | "bf16", [c, r], out);
}

/** Options of {@link loadGemmaCheckpoint}. */
export interface LoadGemmaOptions {
  /**
   * The dtype the weights are kept in (default "f32"). "bf16" keeps a bf16 checkpoint's
   * tensors as they are stored (others are rounded), half the memory; the model then computes
   * in f32 from them (`config.weightDtype`).
   */
  readonly weightDtype?: "f32" | "bf16";
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
 * Reads a Hugging Face Gemma / Gemma 2 / Gemma 3 checkpoint directory into a fresh Context (or
 * `ctx`), tensor by tensor; `{ weightDtype: "bf16" }` keeps the weights in bf16.
 * `const { config, ctx } = loadGemmaCheckpoint("/models/gemma-3-1b-it", undefined, { weightDtype: "bf16" })`
 */
export function loadGemmaCheckpoint(
  dir: string,
  ctx: Context = new Context(),
  options: LoadGemmaOptions = {},
): GemmaCheckpoint {
  const as = options.weightDtype ?? "f32";
  if (as !== "f32" && as !== "bf16") fail(`weightDtype is "${as}"; supported: f32, bf16`);
  const configPath = join(dir, "config.json");
  if (!existsSync(configPath)) fail(`${dir}: no config.json`);
  let hf: HfGemmaConfig;
  try {
    hf = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (e) {
    fail(`${configPath}: not JSON (${(e as Error).message})`);
  }
  const config0 = gemmaConfigFromHf(hf, configPath);
  const config = as === "bf16" ? { ...config0, weightDtype: "bf16" as const } : config0;
  const gemma1 = hf.model_type === "gemma";
  const { files, where } = openShards(dir);
  try {
    const used = new Set<string>();
    // The text model's tensors: "model." in a causal LM; in a Gemma 3 multimodal checkpoint
    // "model.language_model." (transformers 5) or "language_model.model." (transformers 4),
    // beside a vision tower and projector that the text model does not use.
    const prefix = ["model.", "model.language_model.", "language_model.model."].find((p) =>
      where.has(`${p}embed_tokens.weight`),
    );
    if (prefix === undefined)
      fail(`${dir}: tensor "model.embed_tokens.weight" is missing from the checkpoint`);
    const unused = (n: string) =>
      n.endsWith("rotary_emb.inv_freq") ||
      // A tied head saved anyway is the embedding table again.
      n === "lm_head.weight" ||
      n === "language_model.lm_head.weight" ||
      (hf.model_type === "gemma3" && /(^|\.)(vision_tower|multi_modal_projector)\./.test(n));
    const take = (name: string, shape: number[]): Tensor => {
      const f = where.get(name);
      if (!f) fail(`${dir}: tensor "${name}" is missing from the checkpoint`);
      used.add(name);
      const t = f.read(name, as);
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
    set("embed/embeddings", take(`${prefix}embed_tokens.weight`, [config.vocabSize, d]));
    const norms: [string, string][] = !gemma1
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
      const hfp = `${prefix}layers.${i}.`;
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
      if (config.qkNorm) {
        set(`${s}attn/query_norm/scale`, take(`${hfp}self_attn.q_norm.weight`, [hd]));
        set(`${s}attn/key_norm/scale`, take(`${hfp}self_attn.k_norm.weight`, [hd]));
      }
    }
    set("final_norm/scale", take(`${prefix}norm.weight`, [d]));
    const extra = [...where.keys()].filter((n) => !used.has(n) && !unused(n));
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
