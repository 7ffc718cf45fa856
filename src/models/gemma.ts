/**
 * A Gemma-shaped decoder-only transformer, written with tsmlx layers, and a greedy sampler
 * that decodes through a key/value cache.
 *
 * For token ids `[batch, seq]`: embeddings scaled by √hidden; per layer an RMS norm (the
 * Gemma form x·(1 + scale)), grouped-query self-attention with RoPE (causal; a sliding layer
 * sees only the `slidingWindow` most recent positions: the layers `layerTypes` marks
 * "sliding", or without it every even layer, as in Gemma 2), optional query/key RMS norms
 * per head (Gemma 3), scores scaled by `queryPreAttnScalar`^-½ (default headDim), optional
 * post-attention norm, a residual add, then the same around a GeGLU MLP (gelu, tanh form
 * unless `activation` says "gelu_exact"); a final RMS norm and logits against the embedding
 * table (tied), optionally soft-capped as cap·tanh(logits / cap); attention scores may be
 * soft-capped the same way (`attnSoftcap`). Sliding layers may have a RoPE base and linear
 * scaling of their own (`ropeLocalBase`, `ropeLocalScale`; Gemma 3).
 *
 * Variables: `/embed/embeddings`, `/layer_000/{attn_norm,attn/{query,key,value,output,
 * query_norm?,key_norm?},post_attn_norm?,mlp_norm,mlp/{gate,up,down},post_mlp_norm?}`,
 * `/final_norm/scale`.
 */
import type { Context } from "../context/context.js";
import { execWithContext } from "../context/exec.js";
import { isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import type { Node } from "../graph/node.js";
import {
  type AttentionOptions,
  cachedSelfAttention,
  embedding,
  type KVCache,
  multiHeadAttention,
} from "../layers/attention.js";
import { asDtype, mlp } from "../layers/dense.js";
import { rmsNorm } from "../layers/norms.js";
import { argmax } from "../ops/argminmax.js";
import { add, div, mul } from "../ops/binary.js";
import { full } from "../ops/creation.js";
import { dotGeneral } from "../ops/dot.js";
import { broadcastInDim, reshape, slice } from "../ops/shaping.js";
import { tanh } from "../ops/unary.js";
import type { DeviceArray } from "../runtime/client.js";
import { checkSampling, isGreedy, Rng, type SamplingOptions, sampleToken } from "./sampling.js";

/** The attention of one layer: over a sliding window of recent positions, or over all. */
export type GemmaLayerType = "sliding" | "full";

/** The sizes of a Gemma-shaped model. */
export interface GemmaConfig {
  readonly vocabSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly mlpHidden: number;
  /** RoPE frequency base (default 10000) of the full layers, and of sliding ones without `ropeLocalBase`. */
  readonly ropeBase?: number;
  /** Linear RoPE scaling factor of the full layers (default none: 1). */
  readonly ropeScale?: number;
  /** RoPE base of the sliding layers (Gemma 3: 10000 where full layers use 1e6). */
  readonly ropeLocalBase?: number;
  /** Linear RoPE scaling factor of the sliding layers (default none: 1). */
  readonly ropeLocalScale?: number;
  /** RMS norm epsilon (default 1e-6). */
  readonly rmsEpsilon?: number;
  /** Window of the sliding layers; none: every layer is full. */
  readonly slidingWindow?: number;
  /** Each layer's attention (Gemma 3's 5 sliding : 1 full); default: even layers slide when `slidingWindow` is set. */
  readonly layerTypes?: readonly GemmaLayerType[];
  /** Scores are scaled by this^-½ (Gemma 2 and 3's query_pre_attn_scalar); default headDim. */
  readonly queryPreAttnScalar?: number;
  /** RMS norms of each query and key head before RoPE (Gemma 3). */
  readonly qkNorm?: boolean;
  /** The MLP's gate activation: "gelu_tanh" (default) or "gelu_exact" (erf). */
  readonly activation?: "gelu_tanh" | "gelu_exact";
  /**
   * The dtype the weights are stored in (default f32). With "bf16" they take half the memory
   * and are converted to f32 where they are read: the computation stays f32.
   */
  readonly weightDtype?: "f32" | "bf16";
  /** Norms after attention and after the MLP, before the residual add (Gemma 2). */
  readonly postNorms?: boolean;
  /** Soft cap of the final logits (Gemma 2 uses 30). */
  readonly finalSoftcap?: number;
  /** Soft cap of the attention scores (Gemma 2 uses 50). */
  readonly attnSoftcap?: number;
}

/** A small Gemma-2-shaped configuration: 32 000 tokens, hidden 256, 4 layers, 12.4 M parameters. */
export const TINY_GEMMA: GemmaConfig = {
  vocabSize: 32000,
  hidden: 256,
  layers: 4,
  heads: 4,
  kvHeads: 4,
  headDim: 64,
  mlpHidden: 1024,
  slidingWindow: 128,
  postNorms: true,
  finalSoftcap: 30,
};

/** Number of parameters of a configuration. `gemmaParameterCount(TINY_GEMMA)` */
export function gemmaParameterCount(c: GemmaConfig): number {
  const attn = c.hidden * c.heads * c.headDim * 2 + c.hidden * c.kvHeads * c.headDim * 2;
  const mlpParams = 3 * c.hidden * c.mlpHidden;
  const norms = (c.postNorms ? 4 : 2) * c.hidden + (c.qkNorm ? 2 * c.headDim : 0);
  return c.vocabSize * c.hidden + c.layers * (attn + mlpParams + norms) + c.hidden;
}

function checkConfig(c: GemmaConfig): void {
  const sizes = ["vocabSize", "hidden", "layers", "heads", "kvHeads", "headDim", "mlpHidden"] as const;
  for (const k of sizes) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) {
      throw new TsmlxError("gemma", `config.${k} must be a positive integer, got ${c[k]}`);
    }
  }
  if (c.heads % c.kvHeads !== 0) {
    throw new TsmlxError("gemma", `config.heads ${c.heads} must be a multiple of kvHeads ${c.kvHeads}`);
  }
  if (c.layerTypes !== undefined) {
    if (c.layerTypes.length !== c.layers || c.layerTypes.some((t) => t !== "sliding" && t !== "full")) {
      throw new TsmlxError(
        "gemma",
        `config.layerTypes must hold ${c.layers} entries "sliding" or "full", got ${JSON.stringify(c.layerTypes)}`,
      );
    }
    if (c.layerTypes.includes("sliding") && c.slidingWindow === undefined) {
      throw new TsmlxError(
        "gemma",
        "config.layerTypes has sliding layers but config.slidingWindow is not set",
      );
    }
  }
  if (c.weightDtype !== undefined && c.weightDtype !== "f32" && c.weightDtype !== "bf16") {
    throw new TsmlxError("gemma", `config.weightDtype is "${c.weightDtype}"; supported: f32, bf16`);
  }
  if (c.activation !== undefined && c.activation !== "gelu_tanh" && c.activation !== "gelu_exact") {
    throw new TsmlxError("gemma", `config.activation is "${c.activation}"; supported: gelu_tanh, gelu_exact`);
  }
}

/** Whether layer `i` attends over a sliding window. `isSlidingLayer(TINY_GEMMA, 0) === true` */
export function isSlidingLayer(c: GemmaConfig, i: number): boolean {
  if (c.slidingWindow === undefined) return false;
  return c.layerTypes ? c.layerTypes[i] === "sliding" : i % 2 === 0;
}

function checkTokens(tokens: Node): void {
  if (tokens.rank !== 2 || !isInteger(tokens.dtype)) {
    throw new TsmlxError("gemma", `tokens must be integer ids [batch, seq], got ${tokens.typeString}`);
  }
}

function layerScope(ctx: Context, i: number): Context {
  return ctx.in(`layer_${String(i).padStart(3, "0")}`);
}

function attentionOptions(c: GemmaConfig, layer: number): AttentionOptions {
  const sliding = isSlidingLayer(c, layer);
  const base = (sliding ? c.ropeLocalBase : undefined) ?? c.ropeBase ?? 10000;
  const factor = sliding ? c.ropeLocalScale : c.ropeScale;
  return {
    numHeads: c.heads,
    numKvHeads: c.kvHeads,
    headDim: c.headDim,
    rope: { base, ...(factor !== undefined && factor !== 1 ? { linearFactor: factor } : {}) },
    scoreScale: (c.queryPreAttnScalar ?? c.headDim) ** -0.5,
    ...(sliding ? { slidingWindow: c.slidingWindow } : {}),
    ...(c.attnSoftcap !== undefined ? { logitSoftcap: c.attnSoftcap } : {}),
    ...(c.qkNorm ? { qkNorm: { epsilon: c.rmsEpsilon ?? 1e-6, zeroCentered: true } } : {}),
    ...(c.weightDtype === "bf16" ? { weightDtype: "bf16" as const } : {}),
  };
}

/** One decoder block around an attention function (full or cached). */
function block(ctx: Context, c: GemmaConfig, x: Node, attend: (normed: Node) => Node): Node {
  const eps = c.rmsEpsilon ?? 1e-6;
  const wd = c.weightDtype === "bf16" ? ({ weightDtype: "bf16" } as const) : {};
  const norm = (name: string, h: Node) =>
    rmsNorm(ctx.in(name), h, {
      epsilon: eps,
      zeroCentered: true,
      ...(wd.weightDtype ? { scaleDtype: "bf16" } : {}),
    });
  let a = attend(norm("attn_norm", x));
  if (c.postNorms) a = norm("post_attn_norm", a);
  const h = add(x, a);
  let m = mlp(ctx.in("mlp"), norm("mlp_norm", h), {
    hiddenDim: c.mlpHidden,
    gated: true,
    activation: c.activation ?? "gelu_tanh",
    useBias: false,
    ...wd,
  });
  if (c.postNorms) m = norm("post_mlp_norm", m);
  return add(h, m);
}

function embed(ctx: Context, c: GemmaConfig, tokens: Node): Node {
  const rows = embedding(ctx.in("embed"), tokens, c.vocabSize, c.hidden, { dtype: c.weightDtype ?? "f32" });
  return mul(asDtype(rows, "f32"), Math.sqrt(c.hidden));
}

/** Final norm, tied logits, soft cap. */
function head(ctx: Context, c: GemmaConfig, h: Node): Node {
  const wd = c.weightDtype ?? "f32";
  const x = rmsNorm(ctx.in("final_norm"), h, {
    epsilon: c.rmsEpsilon ?? 1e-6,
    zeroCentered: true,
    scaleDtype: wd,
  });
  const table = asDtype(ctx.in("embed").weight(h.graph, "embeddings", wd, [c.vocabSize, c.hidden]), h.dtype);
  let logits = dotGeneral(x, table, { lhsContracting: [2], rhsContracting: [1] });
  if (c.finalSoftcap !== undefined) logits = mul(tanh(div(logits, c.finalSoftcap)), c.finalSoftcap);
  return logits;
}

/**
 * Logits `[batch, seq, vocab]` of every position of `tokens` `[batch, seq]` (causal): the
 * training and scoring pass. `const logits = gemma(ctx, tokens, TINY_GEMMA)`
 */
export function gemma(ctx: Context, tokens: Node, config: GemmaConfig): Node {
  checkConfig(config);
  checkTokens(tokens);
  let h = embed(ctx, config, tokens);
  for (let i = 0; i < config.layers; i++) {
    const c = layerScope(ctx, i);
    h = block(c, config, h, (x) =>
      multiHeadAttention(c.in("attn"), x, x, x, { ...attentionOptions(config, i), causal: true }),
    );
  }
  return head(ctx, config, h);
}

/**
 * One step through the key/value caches (one per layer): appends `tokens` `[batch, s]` at the
 * caches' position and returns the logits of the last position `[batch, vocab]` and the new
 * caches. Prefill with s = prompt length, then decode with s = 1.
 * `const { logits, caches } = gemmaStep(ctx, tokens, caches, TINY_GEMMA)`
 */
export function gemmaStep(
  ctx: Context,
  tokens: Node,
  caches: readonly KVCache[],
  config: GemmaConfig,
): { logits: Node; caches: KVCache[] } {
  checkConfig(config);
  checkTokens(tokens);
  if (caches.length !== config.layers) {
    throw new TsmlxError("gemma", `needs ${config.layers} caches (one per layer), got ${caches.length}`);
  }
  let h = embed(ctx, config, tokens);
  const next: KVCache[] = [];
  for (let i = 0; i < config.layers; i++) {
    const c = layerScope(ctx, i);
    h = block(c, config, h, (x) => {
      const r = cachedSelfAttention(c.in("attn"), x, caches[i]!, attentionOptions(config, i));
      next.push(r.cache);
      return r.output;
    });
  }
  const [b, s] = tokens.shape.dims as [number, number];
  const last = reshape(slice(h, [0, s - 1, 0], [b, s, config.hidden]), [b, 1, config.hidden]);
  return { logits: reshape(head(ctx, config, last), [b, config.vocabSize]), caches: next };
}

/** Why a generation ended. */
export type StopReason = "length" | "stop_token" | "stop_string";

/** What {@link GemmaSampler.generate} returns. */
export interface Generation {
  /** The new token ids (after the prompt), a stop token included. */
  readonly tokens: number[];
  /** Their text (special tokens skipped, cut before a stop string), when a tokenizer was given. */
  readonly text?: string;
  /** Why generation ended: the token limit, a stop token, or a stop string. */
  readonly stopReason: StopReason;
  /** Seconds of the prefill step (prompt → first new token) and of the decode steps after it. */
  readonly prefillSeconds: number;
  readonly decodeSeconds: number;
}

/** One token as it is generated (what a stream yields and `onToken` receives). */
export interface StreamedToken {
  /** The token id. */
  readonly id: number;
  /** Its position among the new tokens (0 = first). */
  readonly index: number;
  /**
   * Text that became final with this token (empty without a tokenizer, while a character's
   * bytes are incomplete, or while the text might be the start of a stop string).
   */
  readonly text: string;
  /** Decode rate so far (tokens after the first per second of decoding; 0 for the first). */
  readonly tokensPerSecond: number;
}

/** Turns ids into text: a {@link BpeTokenizer} or anything with its `decode`. */
export interface TokenDecoder {
  decode(ids: readonly number[], options?: { skipSpecial?: boolean }): string;
}

/** Options of {@link GemmaSampler.generate} and {@link GemmaSampler.stream}. */
export interface GenerateOptions extends SamplingOptions {
  /** At most this many new tokens. */
  readonly maxNewTokens: number;
  /** Ids that end generation (kept as the last token), e.g. `<eos>` and `<end_of_turn>`. */
  readonly stopTokens?: readonly number[];
  /** Texts that end generation (cut from the text); needs `tokenizer`. */
  readonly stopStrings?: readonly string[];
  /** Decodes the tokens for `text`, streaming and stop strings. */
  readonly tokenizer?: TokenDecoder;
  /** Called with each token as it is generated. */
  readonly onToken?: (token: StreamedToken) => void;
}

type Program = ReturnType<typeof execWithContext>;

/**
 * Decoding for one sequence: one compiled prefill per prompt length and one compiled decode
 * step, with the caches kept on the device between steps (the previous step's caches are
 * donated to the next, so they update in place). Greedy decoding takes the argmax inside the
 * program; sampling ({@link SamplingOptions}) brings the last position's logits to the host.
 * `const out = await new GemmaSampler(ctx, TINY_GEMMA, 512).generate([2, 651, 1234], { maxNewTokens: 32, temperature: 0.7, topP: 0.95, seed: 1 })`
 */
export class GemmaSampler {
  readonly #ctx: Context;
  readonly #config: GemmaConfig;
  readonly #maxLen: number;
  readonly #programs = new Map<string, { prefill: Program; step: Program }>();

  constructor(ctx: Context, config: GemmaConfig, maxLen: number) {
    checkConfig(config);
    if (!Number.isInteger(maxLen) || maxLen <= 0) {
      throw new TsmlxError("GemmaSampler", `maxLen must be a positive integer, got ${maxLen}`);
    }
    this.#ctx = ctx;
    this.#config = config;
    this.#maxLen = maxLen;
  }

  /** The prefill and step programs, returning the argmax id or the logits `[1, vocab]`. */
  #program(output: "argmax" | "logits"): { prefill: Program; step: Program } {
    const hit = this.#programs.get(output);
    if (hit) return hit;
    const config = this.#config;
    const maxLen = this.#maxLen;
    const layers = config.layers;
    const pick = (logits: Node) => (output === "argmax" ? argmax(logits, 1) : logits);
    const step = execWithContext(
      this.#ctx,
      (c, tokens: Node, ...flat: Node[]) => {
        const caches: KVCache[] = [];
        for (let i = 0; i < layers; i++) {
          caches.push({ key: flat[3 * i]!, value: flat[3 * i + 1]!, position: flat[3 * i + 2]! });
        }
        const r = gemmaStep(c, tokens, caches, config);
        return [pick(r.logits), ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_step", training: false, donateInputs: true },
    );
    // The prefill starts from empty caches made inside the program (zeros the run owns, so
    // the prompt's keys and values are written into them in place): nothing to upload.
    const prefill = execWithContext(
      this.#ctx,
      (c, tokens: Node) => {
        const g = tokens.graph;
        const zeros = () =>
          broadcastInDim(
            full(g, "f32", [], 0),
            [tokens.shape.dims[0]!, maxLen, config.kvHeads, config.headDim],
            [],
          );
        const caches: KVCache[] = [];
        for (let i = 0; i < layers; i++) {
          caches.push({ key: zeros(), value: zeros(), position: full(g, "i32", [], 0), empty: true });
        }
        const r = gemmaStep(c, tokens, caches, config);
        return [pick(r.logits), ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_prefill", training: false },
    );
    const programs = { prefill, step };
    this.#programs.set(output, programs);
    return programs;
  }

  /**
   * Continues `prompt` (greedy unless sampling options are given) until `maxNewTokens`, a stop
   * token or a stop string; calls `onToken` as each token is made. The older form
   * `generate(prompt, maxNewTokens, stopToken)` is greedy.
   * `await sampler.generate(ids, { maxNewTokens: 64, temperature: 0.8, topK: 40, stopTokens: [1, 106], tokenizer: tok })`
   */
  async generate(
    prompt: readonly number[],
    options: GenerateOptions | number,
    stopToken?: number,
  ): Promise<Generation> {
    const o: GenerateOptions =
      typeof options === "number"
        ? { maxNewTokens: options, ...(stopToken !== undefined ? { stopTokens: [stopToken] } : {}) }
        : options;
    const run = this.#run(prompt, o);
    for (;;) {
      const r = await run.next();
      if (r.done) return r.value;
      o.onToken?.(r.value);
    }
  }

  /**
   * The tokens of {@link generate} as an async iterator, each as it is made (for a display
   * updated in place); the iterator's return value is the {@link Generation}.
   * `for await (const t of sampler.stream(ids, { maxNewTokens: 64, tokenizer: tok })) process.stdout.write(t.text)`
   */
  stream(prompt: readonly number[], options: GenerateOptions): AsyncGenerator<StreamedToken, Generation> {
    return this.#run(prompt, options);
  }

  async *#run(prompt: readonly number[], o: GenerateOptions): AsyncGenerator<StreamedToken, Generation> {
    const api = "GemmaSampler";
    checkSampling(o);
    const maxNew = o.maxNewTokens;
    if (!Number.isInteger(maxNew) || maxNew <= 0) {
      throw new TsmlxError(api, `maxNewTokens must be a positive integer, got ${maxNew}`);
    }
    if (prompt.length === 0) throw new TsmlxError(api, "the prompt is empty");
    if (prompt.length + maxNew > this.#maxLen) {
      throw new TsmlxError(
        api,
        `prompt ${prompt.length} + ${maxNew} new tokens exceed the cache of ${this.#maxLen}`,
      );
    }
    const stopStrings = (o.stopStrings ?? []).filter((x) => x.length > 0);
    if (stopStrings.length > 0 && !o.tokenizer) {
      throw new TsmlxError(api, "stopStrings need a tokenizer to decode the tokens");
    }
    const stops = new Set(o.stopTokens ?? []);
    const onHost = !isGreedy(o) || (o.repetitionPenalty !== undefined && o.repetitionPenalty !== 1);
    const { prefill, step } = this.#program(onHost ? "logits" : "argmax");
    const rng = new Rng(o.seed ?? 0);
    const seen = [...prompt];
    const tok = o.tokenizer;
    let caches: DeviceArray[] = [];
    const out: number[] = [];
    let emitted = 0; // characters of the text already streamed
    let text = "";
    let stopReason: StopReason = "length";
    let input = Tensor.fromValues("i32", [1, prompt.length], [...prompt]);
    const t0 = performance.now();
    let t1 = t0;
    try {
      for (let k = 0; k < maxNew; k++) {
        const [head, ...rest] = (
          k === 0 ? await prefill(input) : await step(input, ...caches)
        ) as DeviceArray[];
        caches = rest;
        const values = (await head!.toTensor()).data;
        head!.dispose();
        const id = onHost ? sampleToken(values as Float32Array, o, rng, seen) : Number(values[0]);
        out.push(id);
        seen.push(id);
        if (k === 0) t1 = performance.now();
        let fresh = "";
        if (tok) {
          text = tok.decode(out, { skipSpecial: true });
          let cut = -1;
          for (const s of stopStrings) {
            const at = text.indexOf(s, Math.max(0, emitted - s.length));
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
          }
          if (cut >= 0) {
            text = text.slice(0, cut);
            stopReason = "stop_string";
          }
          const final =
            cut >= 0 || stops.has(id) || k === maxNew - 1 ? text.length : settled(text, stopStrings);
          if (final > emitted) {
            fresh = text.slice(emitted, final);
            emitted = final;
          }
        }
        const seconds = (performance.now() - t1) / 1000;
        yield { id, index: k, text: fresh, tokensPerSecond: k > 0 && seconds > 0 ? k / seconds : 0 };
        if (stopReason === "stop_string") break;
        if (stops.has(id)) {
          stopReason = "stop_token";
          break;
        }
        input = Tensor.fromValues("i32", [1, 1], [id]);
      }
    } finally {
      for (const old of caches) old.dispose();
    }
    const t2 = performance.now();
    return {
      tokens: out,
      ...(tok ? { text } : {}),
      stopReason,
      prefillSeconds: (t1 - t0) / 1000,
      decodeSeconds: (t2 - t1) / 1000,
    };
  }

  /** The context holding the weights. */
  get context(): Context {
    return this.#ctx;
  }
}

/**
 * How much of `text` is final: all but an incomplete character at the end (U+FFFD from a byte
 * run still growing) and any end that could be the start of a stop string.
 */
function settled(text: string, stopStrings: readonly string[]): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0xfffd) end--;
  let hold = 0;
  for (const s of stopStrings) {
    for (let n = Math.min(s.length - 1, end); n > hold; n--) {
      if (text.endsWith(s.slice(0, n), end)) {
        hold = n;
        break;
      }
    }
  }
  return end - hold;
}
