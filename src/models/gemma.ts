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
  /** Text into ids (a {@link BpeTokenizer} has it): needed only for text prompts of a batch. */
  encode?(text: string, options?: { addSpecialTokens?: boolean }): number[];
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

/** One token of a batch as it is generated: a {@link StreamedToken} and the prompt it continues. */
export interface BatchStreamedToken extends StreamedToken {
  /** The prompt's index in the batch. */
  readonly row: number;
}

/**
 * Options of {@link GemmaSampler.generateBatch} and {@link GemmaSampler.streamBatch}: those of
 * {@link GenerateOptions}, applied to each row on its own (a row ends at its own stop token,
 * stop string or limit), with a limit and a seed per row where wanted.
 */
export interface BatchGenerateOptions extends Omit<GenerateOptions, "maxNewTokens" | "seed" | "onToken"> {
  /** At most this many new tokens: one number for every row, or one per row. */
  readonly maxNewTokens: number | readonly number[];
  /** Seeds of the rows' draws: one per row, or s for the seeds s, s + 1, … (default 0). */
  readonly seed?: number | readonly number[];
  /** Called with each token as it is generated (its `row` says which prompt it continues). */
  readonly onToken?: (token: BatchStreamedToken) => void;
}

type Program = ReturnType<typeof execWithContext>;

/**
 * The new tokens of one sequence and their text: a token is added with {@link push}, which
 * returns the text that became final and marks the row done at a stop token, a stop string or
 * the limit.
 */
class RowText {
  readonly tokens: number[] = [];
  text = "";
  stopReason: StopReason = "length";
  done = false;
  #emitted = 0; // characters of the text already streamed

  constructor(
    readonly maxNew: number,
    readonly stops: ReadonlySet<number>,
    readonly stopStrings: readonly string[],
    readonly tokenizer: TokenDecoder | undefined,
  ) {}

  push(id: number): string {
    const out = this.tokens;
    out.push(id);
    const last = out.length === this.maxNew;
    let fresh = "";
    const tok = this.tokenizer;
    if (tok) {
      this.text = tok.decode(out, { skipSpecial: true });
      let cut = -1;
      for (const s of this.stopStrings) {
        const at = this.text.indexOf(s, Math.max(0, this.#emitted - s.length));
        if (at >= 0 && (cut < 0 || at < cut)) cut = at;
      }
      if (cut >= 0) {
        this.text = this.text.slice(0, cut);
        this.stopReason = "stop_string";
      }
      const final =
        cut >= 0 || this.stops.has(id) || last ? this.text.length : settled(this.text, this.stopStrings);
      if (final > this.#emitted) {
        fresh = this.text.slice(this.#emitted, final);
        this.#emitted = final;
      }
    }
    if (this.stopReason !== "stop_string" && this.stops.has(id)) this.stopReason = "stop_token";
    this.done = this.stopReason !== "length" || last;
    return fresh;
  }
}

/**
 * Decoding for one sequence, or a batch of them ({@link GemmaSampler.generateBatch}): one
 * compiled prefill per prompt length and one compiled decode step, with the caches kept on the
 * device between steps (the previous step's caches are donated to the next, so they update in
 * place). Greedy decoding takes the argmax inside the program; sampling
 * ({@link SamplingOptions}) brings the last position's logits to the host.
 * `const out = await new GemmaSampler(ctx, TINY_GEMMA, 512).generate([2, 651, 1234], { maxNewTokens: 32, temperature: 0.7, topP: 0.95, seed: 1 })`
 */
export class GemmaSampler {
  readonly #ctx: Context;
  readonly #config: GemmaConfig;
  readonly #maxLen: number;
  readonly #programs = new Map<string, { prefill: Program; step: Program }>();
  readonly #padded = new Map<string, { prefill: Program; step: Program }>();

  constructor(ctx: Context, config: GemmaConfig, maxLen: number) {
    checkConfig(config);
    if (!Number.isInteger(maxLen) || maxLen <= 0) {
      throw new TsmlxError("GemmaSampler", `maxLen must be a positive integer, got ${maxLen}`);
    }
    this.#ctx = ctx;
    this.#config = config;
    this.#maxLen = maxLen;
  }

  /** The prefill and step programs, returning the argmax ids `[batch]` or the logits `[batch, vocab]`. */
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
   * The programs of a left-padded batch: those of {@link #program} with one more input after
   * the tokens, `start` i32 `[batch]` (each row's first real slot), given to every cache.
   */
  #paddedProgram(output: "argmax" | "logits"): { prefill: Program; step: Program } {
    const hit = this.#padded.get(output);
    if (hit) return hit;
    const config = this.#config;
    const maxLen = this.#maxLen;
    const layers = config.layers;
    const pick = (logits: Node) => (output === "argmax" ? argmax(logits, 1) : logits);
    const step = execWithContext(
      this.#ctx,
      (c, tokens: Node, start: Node, ...flat: Node[]) => {
        const caches: KVCache[] = [];
        for (let i = 0; i < layers; i++) {
          caches.push({ key: flat[3 * i]!, value: flat[3 * i + 1]!, position: flat[3 * i + 2]!, start });
        }
        const r = gemmaStep(c, tokens, caches, config);
        return [pick(r.logits), ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_padded_step", training: false, donateInputs: true },
    );
    const prefill = execWithContext(
      this.#ctx,
      (c, tokens: Node, start: Node) => {
        const g = tokens.graph;
        const zeros = () =>
          broadcastInDim(
            full(g, "f32", [], 0),
            [tokens.shape.dims[0]!, maxLen, config.kvHeads, config.headDim],
            [],
          );
        const caches: KVCache[] = [];
        for (let i = 0; i < layers; i++) {
          caches.push({
            key: zeros(),
            value: zeros(),
            position: full(g, "i32", [], 0),
            start,
            empty: true,
          });
        }
        const r = gemmaStep(c, tokens, caches, config);
        return [pick(r.logits), ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_padded_prefill", training: false },
    );
    const programs = { prefill, step };
    this.#padded.set(output, programs);
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
    const onHost = onHostSampling(o);
    const { prefill, step } = this.#program(onHost ? "logits" : "argmax");
    const rng = new Rng(o.seed ?? 0);
    const seen = [...prompt];
    const tok = o.tokenizer;
    let caches: DeviceArray[] = [];
    const row = new RowText(maxNew, stops, stopStrings, tok);
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
        seen.push(id);
        if (k === 0) t1 = performance.now();
        const fresh = row.push(id);
        const seconds = (performance.now() - t1) / 1000;
        yield { id, index: k, text: fresh, tokensPerSecond: k > 0 && seconds > 0 ? k / seconds : 0 };
        if (row.done) break;
        input = Tensor.fromValues("i32", [1, 1], [id]);
      }
    } finally {
      for (const old of caches) old.dispose();
    }
    const t2 = performance.now();
    return {
      tokens: row.tokens,
      ...(tok ? { text: row.text } : {}),
      stopReason: row.stopReason,
      prefillSeconds: (t1 - t0) / 1000,
      decodeSeconds: (t2 - t1) / 1000,
    };
  }

  /**
   * Continues every prompt of a batch at once (token ids, or texts encoded with the
   * tokenizer's special tokens): one prefill and one step per token for all rows. Prompts of
   * different lengths are left-padded, with the padding hidden from attention and each row's
   * RoPE positions counted from its first token, so that each row gets what
   * {@link generate} gives it alone (to rounding; with a seed per row, see
   * {@link BatchGenerateOptions}). A row ends at its own stop token, stop string or limit and
   * adds no more tokens; the batch ends when every row has. A batch of one runs
   * {@link generate}. Returns one {@link Generation} per prompt, in order.
   * `const [a, b] = await sampler.generateBatch([[2, 651], [2, 9, 1234, 77]], { maxNewTokens: 32, stopTokens: [1] })`
   */
  async generateBatch(
    prompts: readonly (readonly number[] | string)[],
    options: BatchGenerateOptions,
  ): Promise<Generation[]> {
    const run = this.streamBatch(prompts, options);
    for (;;) {
      const r = await run.next();
      if (r.done) return r.value;
      options.onToken?.(r.value);
    }
  }

  /**
   * The tokens of {@link generateBatch} as an async iterator, each as it is made and marked
   * with its `row`; within a step, rows come in order. The return value is the generations.
   * `for await (const t of sampler.streamBatch(["Hi", "Once upon"], { maxNewTokens: 16, tokenizer: tok })) texts[t.row] += t.text`
   */
  async *streamBatch(
    prompts: readonly (readonly number[] | string)[],
    options: BatchGenerateOptions,
  ): AsyncGenerator<BatchStreamedToken, Generation[]> {
    const api = "GemmaSampler";
    const b = prompts.length;
    if (b === 0) throw new TsmlxError(api, "the batch has no prompts");
    const perRow = (name: string, v: number | readonly number[] | undefined, fallback: number): number[] => {
      if (typeof v !== "object")
        return Array.from({ length: b }, (_, r) => (v ?? fallback) + (name === "seed" ? r : 0));
      if (v.length !== b) throw new TsmlxError(api, `${name} has ${v.length} entries for ${b} prompts`);
      return [...v];
    };
    const maxNew = perRow("maxNewTokens", options.maxNewTokens, 0);
    const seeds = perRow("seed", options.seed, 0);
    maxNew.forEach((m, r) => {
      if (!Number.isInteger(m) || m <= 0) {
        throw new TsmlxError(api, `maxNewTokens of prompt ${r} must be a positive integer, got ${m}`);
      }
    });
    seeds.forEach((x, r) => {
      if (!Number.isInteger(x)) throw new TsmlxError(api, `seed of prompt ${r} must be an integer, got ${x}`);
    });
    const tok = options.tokenizer;
    const ids = prompts.map((p, r) => {
      if (typeof p !== "string") return [...p];
      if (!tok?.encode) throw new TsmlxError(api, `prompt ${r} is text: it needs a tokenizer with encode`);
      return tok.encode(p, { addSpecialTokens: true });
    });
    ids.forEach((p, r) => {
      if (p.length === 0) throw new TsmlxError(api, `prompt ${r} is empty`);
    });
    if (b === 1) {
      const one = this.#run(ids[0]!, {
        ...options,
        maxNewTokens: maxNew[0]!,
        seed: seeds[0]!,
        onToken: undefined,
      });
      for (;;) {
        const r = await one.next();
        if (r.done) return [r.value];
        yield { ...r.value, row: 0 };
      }
    }
    const o: GenerateOptions = { ...options, maxNewTokens: Math.max(...maxNew), seed: 0, onToken: undefined };
    checkSampling(o);
    const longest = Math.max(...ids.map((p) => p.length));
    const steps = o.maxNewTokens;
    if (longest + steps > this.#maxLen) {
      throw new TsmlxError(
        api,
        `the longest prompt ${longest} + ${steps} new tokens exceed the cache of ${this.#maxLen}`,
      );
    }
    const stopStrings = (o.stopStrings ?? []).filter((x) => x.length > 0);
    if (stopStrings.length > 0 && !tok) {
      throw new TsmlxError(api, "stopStrings need a tokenizer to decode the tokens");
    }
    const stops = new Set(o.stopTokens ?? []);
    const onHost = onHostSampling(o);
    // Equal lengths need no padding: the programs of a single sequence, with more rows.
    const padded = ids.some((p) => p.length !== longest);
    const { prefill, step } = padded
      ? this.#paddedProgram(onHost ? "logits" : "argmax")
      : this.#program(onHost ? "logits" : "argmax");
    const starts = ids.map((p) => longest - p.length);
    const start = padded ? [Tensor.fromValues("i32", [b], starts)] : [];
    const rngs = seeds.map((x) => new Rng(x));
    const seen = ids.map((p) => [...p]);
    const rows = maxNew.map((m) => new RowText(m, stops, stopStrings, tok));
    const vocab = this.#config.vocabSize;
    const ended = new Array<number>(b).fill(0);
    let caches: DeviceArray[] = [];
    let input = Tensor.fromValues(
      "i32",
      [b, longest],
      ids.flatMap((p, r) => [...new Array<number>(starts[r]!).fill(0), ...p]),
    );
    const t0 = performance.now();
    let t1 = t0;
    try {
      for (let k = 0; k < steps; k++) {
        const [head, ...rest] = (
          k === 0 ? await prefill(input, ...start) : await step(input, ...start, ...caches)
        ) as DeviceArray[];
        caches = rest;
        const values = (await head!.toTensor()).data;
        head!.dispose();
        if (k === 0) t1 = performance.now();
        const next = new Array<number>(b).fill(0);
        for (let r = 0; r < b; r++) {
          const row = rows[r]!;
          if (row.done) continue;
          const id = onHost
            ? sampleToken(
                (values as Float32Array).subarray(r * vocab, (r + 1) * vocab),
                o,
                rngs[r]!,
                seen[r]!,
              )
            : Number(values[r]);
          seen[r]!.push(id);
          next[r] = id;
          const fresh = row.push(id);
          const now = performance.now();
          if (row.done) ended[r] = now;
          const seconds = (now - t1) / 1000;
          yield {
            row: r,
            id,
            index: k,
            text: fresh,
            tokensPerSecond: k > 0 && seconds > 0 ? k / seconds : 0,
          };
        }
        if (rows.every((x) => x.done)) break;
        input = Tensor.fromValues("i32", [b, 1], next);
      }
    } finally {
      for (const old of caches) old.dispose();
    }
    return rows.map((row, r) => ({
      tokens: row.tokens,
      ...(tok ? { text: row.text } : {}),
      stopReason: row.stopReason,
      prefillSeconds: (t1 - t0) / 1000,
      decodeSeconds: ((ended[r] || performance.now()) - t1) / 1000,
    }));
  }

  /** The context holding the weights. */
  get context(): Context {
    return this.#ctx;
  }
}

/** Whether the next token is chosen on the host (from the logits) rather than by an in-program argmax. */
function onHostSampling(o: SamplingOptions): boolean {
  return !isGreedy(o) || (o.repetitionPenalty !== undefined && o.repetitionPenalty !== 1);
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
