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
import { mlp } from "../layers/dense.js";
import { rmsNorm } from "../layers/norms.js";
import { argmax } from "../ops/argminmax.js";
import { add, div, mul } from "../ops/binary.js";
import { full } from "../ops/creation.js";
import { dotGeneral } from "../ops/dot.js";
import { broadcastInDim, reshape, slice } from "../ops/shaping.js";
import { tanh } from "../ops/unary.js";
import type { DeviceArray } from "../runtime/client.js";

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
  };
}

/** One decoder block around an attention function (full or cached). */
function block(ctx: Context, c: GemmaConfig, x: Node, attend: (normed: Node) => Node): Node {
  const eps = c.rmsEpsilon ?? 1e-6;
  const norm = (name: string, h: Node) => rmsNorm(ctx.in(name), h, { epsilon: eps, zeroCentered: true });
  let a = attend(norm("attn_norm", x));
  if (c.postNorms) a = norm("post_attn_norm", a);
  const h = add(x, a);
  let m = mlp(ctx.in("mlp"), norm("mlp_norm", h), {
    hiddenDim: c.mlpHidden,
    gated: true,
    activation: c.activation ?? "gelu_tanh",
    useBias: false,
  });
  if (c.postNorms) m = norm("post_mlp_norm", m);
  return add(h, m);
}

function embed(ctx: Context, c: GemmaConfig, tokens: Node): Node {
  return mul(embedding(ctx.in("embed"), tokens, c.vocabSize, c.hidden), Math.sqrt(c.hidden));
}

/** Final norm, tied logits, soft cap. */
function head(ctx: Context, c: GemmaConfig, h: Node): Node {
  const x = rmsNorm(ctx.in("final_norm"), h, { epsilon: c.rmsEpsilon ?? 1e-6, zeroCentered: true });
  const table = ctx.in("embed").weight(h.graph, "embeddings", h.dtype, [c.vocabSize, c.hidden]);
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

/** What {@link GemmaSampler.generate} returns. */
export interface Generation {
  /** The new token ids (after the prompt). */
  readonly tokens: number[];
  /** Seconds of the prefill step (prompt → first new token) and of the decode steps after it. */
  readonly prefillSeconds: number;
  readonly decodeSeconds: number;
}

/**
 * Greedy decoding for one sequence: one compiled prefill per prompt length and one compiled
 * decode step, with the caches kept on the device between steps (the previous step's caches
 * are donated to the next, so they update in place).
 * `const out = await new GemmaSampler(ctx, TINY_GEMMA, 512).generate([2, 651, 1234], 32)`
 */
export class GemmaSampler {
  readonly #ctx: Context;
  readonly #maxLen: number;
  readonly #step;
  readonly #prefill;

  constructor(ctx: Context, config: GemmaConfig, maxLen: number) {
    checkConfig(config);
    if (!Number.isInteger(maxLen) || maxLen <= 0) {
      throw new TsmlxError("GemmaSampler", `maxLen must be a positive integer, got ${maxLen}`);
    }
    this.#ctx = ctx;
    this.#maxLen = maxLen;
    const layers = config.layers;
    this.#step = execWithContext(
      ctx,
      (c, tokens: Node, ...flat: Node[]) => {
        const caches: KVCache[] = [];
        for (let i = 0; i < layers; i++) {
          caches.push({ key: flat[3 * i]!, value: flat[3 * i + 1]!, position: flat[3 * i + 2]! });
        }
        const r = gemmaStep(c, tokens, caches, config);
        const next = argmax(r.logits, 1);
        return [next, ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_step", training: false, donateInputs: true },
    );
    // The prefill starts from empty caches made inside the program (zeros the run owns, so
    // the prompt's keys and values are written into them in place): nothing to upload.
    this.#prefill = execWithContext(
      ctx,
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
        const next = argmax(r.logits, 1);
        return [next, ...r.caches.flatMap((k) => [k.key, k.value, k.position])];
      },
      { name: "gemma_prefill", training: false },
    );
  }

  /** Greedy continuation of `prompt` by `maxNewTokens` tokens (stops early at `stopToken`). */
  async generate(prompt: readonly number[], maxNewTokens: number, stopToken?: number): Promise<Generation> {
    if (prompt.length === 0) throw new TsmlxError("GemmaSampler", "the prompt is empty");
    if (prompt.length + maxNewTokens > this.#maxLen) {
      throw new TsmlxError(
        "GemmaSampler",
        `prompt ${prompt.length} + ${maxNewTokens} new tokens exceed the cache of ${this.#maxLen}`,
      );
    }
    let caches: DeviceArray[] = [];
    const out: number[] = [];
    let input = Tensor.fromValues("i32", [1, prompt.length], [...prompt]);
    const t0 = performance.now();
    let t1 = t0;
    for (let k = 0; k < maxNewTokens; k++) {
      const [next, ...rest] = (
        k === 0 ? await this.#prefill(input) : await this.#step(input, ...caches)
      ) as DeviceArray[];
      caches = rest;
      const id = Number((await next!.toTensor()).values()[0]);
      next!.dispose();
      out.push(id);
      if (k === 0) t1 = performance.now();
      if (id === stopToken) break;
      input = Tensor.fromValues("i32", [1, 1], [id]);
    }
    for (const old of caches) old.dispose();
    const t2 = performance.now();
    return { tokens: out, prefillSeconds: (t1 - t0) / 1000, decodeSeconds: (t2 - t1) / 1000 };
  }

  /** The context holding the weights. */
  get context(): Context {
    return this.#ctx;
  }
}
