/**
 * Embeddings, rotary position embeddings (RoPE), attention masks and multi-head attention
 * with grouped key/value heads.
 */

import type { Context } from "../context/context.js";
import { type Initializer, normalInit } from "../context/initializers.js";
import { type DType, isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import type { Node } from "../graph/node.js";
import { repeat } from "../ops/arrays.js";
import { add, and, div, ge, gt, le, lt, mul, select, sub } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { full, iota } from "../ops/creation.js";
import { einsum } from "../ops/einsum.js";
import { dynamicUpdateSlice, take } from "../ops/indexing.js";
import { reduceMax, reduceSum } from "../ops/reduce.js";
import { broadcastInDim, concatenate, reshape, slice } from "../ops/shaping.js";
import { stopGradient } from "../ops/stop.js";
import { abs, cos, exp, sin, tanh } from "../ops/unary.js";
import { dense, layerInput } from "./dense.js";
import { rmsNorm } from "./norms.js";
import { inScope } from "./scope.js";

/**
 * An embedding lookup: integer ids of any shape → `[...ids, dim]`, from the variable
 * `embeddings` `[vocabSize, dim]` (normal, stddev 1/√dim, at first). Ids outside the
 * vocabulary clamp. `const h = embedding(ctx.in("embed"), tokens, 32000, 512)`
 */
export function embedding(
  ctx: Context,
  ids: Node,
  vocabSize: number,
  dim: number,
  options: { dtype?: "f32" | "f64" | "bf16" | "f16"; initializer?: Initializer } = {},
): Node {
  return inScope(ctx, ids, () => {
    if (!isInteger(ids.dtype))
      throw new TsmlxError("embedding", `ids must be integers, got ${ids.typeString}`);
    if (!Number.isInteger(vocabSize) || vocabSize <= 0 || !Number.isInteger(dim) || dim <= 0) {
      throw new TsmlxError(
        "embedding",
        `ids ${ids.typeString}: vocabSize and dim must be positive integers, got ${vocabSize} and ${dim}`,
      );
    }
    const table = ctx.weight(
      ids.graph,
      "embeddings",
      options.dtype ?? "f32",
      [vocabSize, dim],
      options.initializer ?? normalInit({ stddev: 1 / Math.sqrt(dim) }),
    );
    return take(table, ids, 0);
  });
}

/** Options of {@link rope}. */
export interface RopeOptions {
  /** Frequency base (default 10000). */
  readonly base?: number;
  /** Positions `[seq]`, or `[batch, seq]` for one row each (integer or float node); default 0..seq-1. */
  readonly positions?: Node;
  /** Linear position scaling: positions are divided by this factor (default 1, none). */
  readonly linearFactor?: number;
}

/**
 * Rotary position embedding on `x` `[batch, seq, heads, headDim]` (headDim even), in the
 * "rotate halves" form: with x = [x₁, x₂] split in halves and θᵢ = pos · base^(−2i/headDim),
 * the result is [x₁cosθ − x₂sinθ, x₂cosθ + x₁sinθ]; with `linearFactor` f, θᵢ is divided by f.
 * `const q = rope(q0, { base: 1e6, linearFactor: 8 })`
 */
export function rope(x: Node, options: RopeOptions = {}): Node {
  x = layerInput("rope", x, 4);
  const [batch, seq, , d] = x.shape.dims as [number, number, number, number];
  if (d % 2 !== 0) throw new TsmlxError("rope", `input ${x.typeString}: headDim ${d} must be even`);
  const half = d / 2;
  const base = options.base ?? 10000;
  const factor = options.linearFactor ?? 1;
  if (!(base > 0) || !(factor > 0)) {
    throw new TsmlxError(
      "rope",
      `input ${x.typeString}: base ${base} and linearFactor ${factor} must be positive`,
    );
  }
  const g = x.graph;
  let pos: Node;
  const perRow = options.positions?.rank === 2;
  if (options.positions) {
    if (!options.positions.shape.equals([seq]) && !options.positions.shape.equals([batch, seq])) {
      throw new TsmlxError(
        "rope",
        `input ${x.typeString}: positions must be [${seq}] or [${batch}, ${seq}], got ${options.positions.typeString}`,
      );
    }
    pos = convert(options.positions, "f32");
  } else {
    pos = iota(g, "f32", [seq], 0);
  }
  const inv = Tensor.fromValues(
    "f32",
    [half],
    Array.from({ length: half }, (_, i) => base ** ((-2 * i) / d) / factor),
  );
  // Angles [seq, half], or [batch, seq, half] with a position per row.
  const lead = perRow ? [batch, seq] : [seq];
  const angles = mul(
    broadcastInDim(pos, [...lead, half], perRow ? [0, 1] : [0]),
    broadcastInDim(g.constant(inv), [...lead, half], [lead.length]),
  );
  const spread = (t: Node) => {
    const c = x.dtype === "f32" ? t : convert(t, x.dtype);
    return broadcastInDim(c, [batch, seq, x.shape.dims[2]!, half], perRow ? [0, 1, 3] : [1, 3]);
  };
  const c = spread(cos(angles));
  const s = spread(sin(angles));
  const lim = x.shape.dims;
  const x1 = slice(x, [0, 0, 0, 0], [lim[0]!, seq, lim[2]!, half]);
  const x2 = slice(x, [0, 0, 0, half], [lim[0]!, seq, lim[2]!, d]);
  return concatenate([sub(mul(x1, c), mul(x2, s)), add(mul(x2, c), mul(x1, s))], 3);
}

/**
 * A bool mask `[q, k]`: true where query i may attend to key j. Causal: j ≤ i + (k − q)
 * (queries are the last q of the k positions); a sliding window w also needs
 * j > i + (k − q) − w. `attentionMask(g, 8, 8, { causal: true, window: 4 })`
 */
export function attentionMask(
  graph: Node["graph"],
  q: number,
  k: number,
  options: { causal?: boolean; window?: number },
): Node | undefined {
  if (!options.causal && options.window === undefined) return undefined;
  const i = broadcastInDim(add(iota(graph, "i32", [q], 0), k - q), [q, k], [0]);
  return positionMask(
    i,
    broadcastInDim(iota(graph, "i32", [k], 0), [q, k], [1]),
    options.causal ?? true,
    options.window,
  );
}

/**
 * The mask over query positions `i` and key positions `j` (i32 nodes of one shape): j <= i
 * when causal, and j > i − window with a window.
 */
function positionMask(i: Node, j: Node, causal: boolean, window: number | undefined): Node | undefined {
  let m = causal ? le(j, i) : undefined;
  if (window !== undefined) {
    if (!Number.isInteger(window) || window <= 0) {
      throw new TsmlxError("attention", `window must be a positive integer, got ${window}`);
    }
    const w = gt(j, sub(i, window));
    m = m ? and(m, w) : w;
  }
  return m;
}

/** Options of {@link multiHeadAttention}. */
export interface AttentionOptions {
  readonly numHeads: number;
  /** Key/value heads (default numHeads); must divide numHeads (grouped-query attention). */
  readonly numKvHeads?: number;
  /** Per-head width (default modelDim / numHeads). */
  readonly headDim?: number;
  /** Output width (default: the query's last dim). */
  readonly outDim?: number;
  /** Causal mask (a query sees keys at or before its position). */
  readonly causal?: boolean;
  /** Sliding window: a query sees at most this many most recent keys (implies causal). */
  readonly slidingWindow?: number;
  /** A bool mask broadcastable to `[batch, heads, q, k]` (true = may attend). */
  readonly mask?: Node;
  /** Apply RoPE to queries and keys (default false). */
  readonly rope?: boolean | RopeOptions;
  /** Biases on the projections (default false). */
  readonly useBias?: boolean;
  /** Soft cap of the scaled scores, cap·tanh(scores / cap), before masking (Gemma 2 uses 50). */
  readonly logitSoftcap?: number;
  /** Scale of the scores q·k (default 1/√headDim; Gemma 2 and 3 use query_pre_attn_scalar^-½). */
  readonly scoreScale?: number;
  /**
   * RMS norms of each query and key head over headDim before RoPE (Gemma 3), with variables
   * `query_norm/scale` and `key_norm/scale` in the attention's scope.
   */
  readonly qkNorm?: { readonly epsilon?: number; readonly zeroCentered?: boolean };
  /** The dtype the projections and norms are stored in (default the input's; bf16 weights, f32 compute). */
  readonly weightDtype?: DType;
}

/**
 * Scaled dot-product attention on projected heads: q `[b, s, h, d]`, k and v
 * `[b, t, kvh, d]` (kvh divides h), optional bool mask broadcastable to `[b, h, s, t]`, and
 * optional soft cap of the scaled scores (cap·tanh(scores / cap), before the mask).
 * Returns `[b, s, h, d]`; scores are scaled by `scale` (default 1/√d).
 * `const o = dotProductAttention(q, k, v, mask)`
 */
export function dotProductAttention(
  q: Node,
  k: Node,
  v: Node,
  mask?: Node,
  softcap?: number,
  scale?: number,
): Node {
  const [b, s, h, d] = q.shape.dims as [number, number, number, number];
  if (
    q.rank !== 4 ||
    k.rank !== 4 ||
    v.rank !== 4 ||
    !k.shape.equals(v.shape) ||
    k.shape.dims[0] !== b ||
    k.shape.dims[3] !== d
  ) {
    throw new TsmlxError(
      "attention",
      `query ${q.typeString} needs key and value [${b},t,kvHeads,${d}], got ${k.typeString} and ${v.typeString}`,
    );
  }
  const kvh = k.shape.dims[2]!;
  if (h % kvh !== 0)
    throw new TsmlxError("attention", `query heads ${h} are not a multiple of key/value heads ${kvh}`);
  const kk = kvh === h ? k : repeat(k, h / kvh, 2);
  const vv = kvh === h ? v : repeat(v, h / kvh, 2);
  let scores = mul(einsum("bshd,bthd->bhst", q, kk), scale ?? 1 / Math.sqrt(d));
  if (softcap !== undefined) {
    if (!(softcap > 0)) throw new TsmlxError("attention", `logit soft cap must be positive, got ${softcap}`);
    scores = mul(tanh(div(scores, softcap)), softcap);
  }
  if (mask) {
    const t = k.shape.dims[1]!;
    const full = broadcastInDim(
      mask,
      [b, h, s, t],
      mask.shape.dims.map((_, i) => 4 - mask.rank + i),
    );
    scores = select(full, scores, -1e9);
  }
  // softmax(scores)·v with the normalisation after the product: exp(scores − max)·v divided
  // by Σ exp(scores − max) touches [b, s, h, d] once instead of [b, h, s, t].
  const m = stopGradient(reduceMax(scores, [3], { keepDims: true }));
  const e = exp(sub(scores, select(lt(abs(m), Number.POSITIVE_INFINITY), m, 0)));
  const sum = reshape(reduceSum(e, [3], { keepDims: true }), [b, h, s]);
  return div(einsum("bhst,bthd->bshd", e, vv), broadcastInDim(sum, [b, s, h, d], [0, 2, 1]));
}

/**
 * Multi-head attention with projections in scopes `query`, `key`, `value`, `output`:
 * query `[b, s, model]`, key/value `[b, t, model']` (default: self-attention on the query).
 * `const y = multiHeadAttention(ctx.in("attn"), x, x, x, { numHeads: 8, numKvHeads: 2, causal: true })`
 */
export function multiHeadAttention(
  ctx: Context,
  query: Node,
  key: Node,
  value: Node,
  options: AttentionOptions,
): Node {
  return inScope(ctx, query, () => {
    query = layerInput("attention", query, 3);
    key = layerInput("attention", key, 3);
    value = layerInput("attention", value, 3);
    if (query.rank !== 3 || key.rank !== 3 || value.rank !== 3) {
      throw new TsmlxError(
        "attention",
        `query ${query.typeString}, key ${key.typeString}, value ${value.typeString} must be [batch, seq, features]`,
      );
    }
    const [b, s] = query.shape.dims as [number, number, number];
    const t = key.shape.dims[1]!;
    const { h, kvh, d } = headLayout(query, options);
    const { q, k, v } = projectHeads(ctx, query, key, value, { h, kvh, d }, options);
    let mask = attentionMask(query.graph, s, t, { causal: options.causal, window: options.slidingWindow });
    if (options.mask) mask = mask ? and(mask, options.mask) : options.mask;
    const o = dotProductAttention(q, k, v, mask, options.logitSoftcap, options.scoreScale);
    return dense(ctx.in("output"), reshape(o, [b, s, h * d]), options.outDim ?? query.shape.dims[2]!, {
      useBias: options.useBias ?? false,
      ...(options.weightDtype ? { weightDtype: options.weightDtype } : {}),
    });
  });
}

/**
 * The query, key and value heads `[b, s|t, heads, d]` from the projections in scopes `query`,
 * `key`, `value`, with RoPE when `options.rope` is set (at `positions` when given).
 */
function projectHeads(
  ctx: Context,
  query: Node,
  key: Node,
  value: Node,
  { h, kvh, d }: { h: number; kvh: number; d: number },
  options: Pick<AttentionOptions, "rope" | "useBias" | "qkNorm" | "weightDtype">,
  positions?: Node,
): { q: Node; k: Node; v: Node } {
  const useBias = options.useBias ?? false;
  const wd = options.weightDtype ? { weightDtype: options.weightDtype } : {};
  const [b, s] = query.shape.dims as [number, number];
  const t = key.shape.dims[1]!;
  let q = reshape(dense(ctx.in("query"), query, h * d, { useBias, ...wd }), [b, s, h, d]);
  let k = reshape(dense(ctx.in("key"), key, kvh * d, { useBias, ...wd }), [b, t, kvh, d]);
  const v = reshape(dense(ctx.in("value"), value, kvh * d, { useBias, ...wd }), [b, t, kvh, d]);
  if (options.qkNorm) {
    const no = { ...options.qkNorm, ...(options.weightDtype ? { scaleDtype: options.weightDtype } : {}) };
    q = rmsNorm(ctx.in("query_norm"), q, no);
    k = rmsNorm(ctx.in("key_norm"), k, no);
  }
  if (options.rope) {
    const ro = { ...(options.rope === true ? {} : options.rope), ...(positions ? { positions } : {}) };
    q = rope(q, ro);
    k = rope(k, ro);
  }
  return { q, k, v };
}

/** Heads, key/value heads and head width of an attention over `query` `[b, s, model]`. */
function headLayout(query: Node, options: AttentionOptions): { h: number; kvh: number; d: number } {
  const model = query.shape.dims[2]!;
  const h = options.numHeads;
  const kvh = options.numKvHeads ?? h;
  if (!Number.isInteger(h) || h <= 0 || !Number.isInteger(kvh) || kvh <= 0 || h % kvh !== 0) {
    throw new TsmlxError(
      "attention",
      `query ${query.typeString}: numHeads ${h} must be a positive multiple of numKvHeads ${kvh}`,
    );
  }
  const d = options.headDim ?? model / h;
  if (!Number.isInteger(d))
    throw new TsmlxError(
      "attention",
      `query ${query.typeString}: ${model} features do not split into ${h} heads; set headDim`,
    );
  return { h, kvh, d };
}

/**
 * The key/value cache of one self-attention layer: keys and values `[batch, maxLen, kvHeads,
 * headDim]` and `position`, an i32 scalar counting the positions already written.
 */
export interface KVCache {
  readonly key: Node;
  readonly value: Node;
  readonly position: Node;
  /**
   * For a batch of left-padded sequences of different lengths: i32 `[batch]`, the slot of each
   * row's first real token. Slots before it (the padding) are hidden from that row's queries,
   * and RoPE counts the row's positions from it (slot `start` is position 0): scores depend
   * only on position differences, but so each row rounds as it would alone. Without it every
   * row starts at slot 0.
   */
  readonly start?: Node;
  /**
   * Set by a caller that knows nothing is cached yet (position 0, a prefill): key and value
   * then only give the cache's shape and dtype (their contents are not read), the new cache
   * is the new keys and values followed by zeros, and attention runs over the new positions
   * only instead of all `maxLen` slots (the same result as an all-zero cache, less work).
   */
  readonly empty?: boolean;
}

/** Host tensors of a cache holding nothing yet, to feed as inputs of the first step. */
export interface KVCacheTensors {
  readonly key: Tensor;
  readonly value: Tensor;
  readonly position: Tensor;
}

/**
 * An empty cache: zero keys and values and position 0.
 * `const c = emptyKVCache(1, 512, 2, 64)` gives key and value `f32[1,512,2,64]`
 */
export function emptyKVCache(
  batch: number,
  maxLen: number,
  kvHeads: number,
  headDim: number,
  dtype: "f32" | "bf16" | "f16" | "f64" = "f32",
): KVCacheTensors {
  const dims = [batch, maxLen, kvHeads, headDim];
  if (!dims.every((v) => Number.isInteger(v) && v > 0)) {
    throw new TsmlxError("emptyKVCache", `sizes must be positive integers, got [${dims.join(", ")}]`);
  }
  const n = dims.reduce((a, v) => a * v, 1);
  const zeros = () => Tensor.fromValues(dtype, dims, new Array<number>(n).fill(0));
  return { key: zeros(), value: zeros(), position: Tensor.fromValues("i32", [], [0]) };
}

/** Options of {@link cachedSelfAttention}: those of multi-head attention, always causal. */
export type CachedAttentionOptions = Omit<AttentionOptions, "causal" | "mask" | "outDim">;

/** Query rows per block of {@link blockedCausalAttention}. */
const QUERY_BLOCK = 128;

/**
 * Causal self-attention of q `[b, s, h, d]` over k, v `[b, s, kvh, d]` (positions 0..s-1, an
 * optional sliding window), in blocks of query rows: each block attends over the keys it can
 * see (up to its last row; with a window, from its first row's window on), so the score
 * entries above the diagonal or outside the band are never computed. Equals
 * `dotProductAttention(q, k, v, causal mask)`. With `start` (i32 `[b]`), row r's keys before
 * slot start[r] are hidden too.
 */
function blockedCausalAttention(
  q: Node,
  k: Node,
  v: Node,
  window: number | undefined,
  softcap: number | undefined,
  scale: number | undefined,
  start?: Node,
): Node {
  const [b, s, h, d] = q.shape.dims as [number, number, number, number];
  const kvh = k.shape.dims[2]!;
  const g = q.graph;
  const blocks: Node[] = [];
  for (let q0 = 0; q0 < s; q0 += QUERY_BLOCK) {
    const q1 = Math.min(s, q0 + QUERY_BLOCK);
    const lo = window === undefined ? 0 : Math.max(0, q0 - window + 1);
    const rows = (t: Node, from: number, to: number, heads: number) =>
      from === 0 && to === s ? t : slice(t, [0, from, 0, 0], [b, to, heads, d]);
    const qi = broadcastInDim(add(iota(g, "i32", [q1 - q0], 0), q0), [q1 - q0, q1 - lo], [0]);
    const kj = broadcastInDim(add(iota(g, "i32", [q1 - lo], 0), lo), [q1 - q0, q1 - lo], [1]);
    let mask = positionMask(qi, kj, true, window)!;
    if (start) mask = hidePadding(mask, kj, start, h);
    blocks.push(
      dotProductAttention(
        rows(q, q0, q1, h),
        rows(k, lo, q1, kvh),
        rows(v, lo, q1, kvh),
        mask,
        softcap,
        scale,
      ),
    );
  }
  return blocks.length === 1 ? blocks[0]! : concatenate(blocks, 1);
}

/**
 * `mask` `[q, k]` over key slots `kj` `[q, k]` (i32), made per row of a batch and per head:
 * `[b, h, q, k]`, also false where a key slot is before the row's `start` `[b]`.
 */
function hidePadding(mask: Node, kj: Node, start: Node, heads: number): Node {
  const [q, k] = mask.shape.dims as [number, number];
  const b = start.shape.dims[0]!;
  const rows = and(
    broadcastInDim(mask, [b, q, k], [1, 2]),
    ge(broadcastInDim(kj, [b, q, k], [1, 2]), broadcastInDim(start, [b, q, k], [0])),
  );
  return broadcastInDim(rows, [b, heads, q, k], [0, 2, 3]);
}

/**
 * Causal self-attention over `x` `[b, s, model]` that first appends the new keys and values to
 * `cache` at `cache.position`, then attends over everything cached so far: prefill with s > 1,
 * then decode one token at a time. It reads the same variables as
 * {@link multiHeadAttention} in the same scope, so a model trained with that decodes with
 * this. RoPE (when set) uses absolute positions `cache.position + i` (less `cache.start` of the
 * row, for a left-padded batch, whose padding slots are also hidden). The caller keeps
 * `position + s <= maxLen` (a write past the end would be clamped by dynamic_update_slice).
 * `const { output, cache: next } = cachedSelfAttention(ctx.in("attn"), x, cache, { numHeads: 8, rope: true })`
 */
export function cachedSelfAttention(
  ctx: Context,
  x: Node,
  cache: KVCache,
  options: CachedAttentionOptions,
): { output: Node; cache: KVCache } {
  return inScope(ctx, x, () => {
    x = layerInput("attention", x, 3);
    if (x.rank !== 3)
      throw new TsmlxError("attention", `input ${x.typeString} must be [batch, seq, features]`);
    const [b, s, model] = x.shape.dims as [number, number, number];
    const { h, kvh, d } = headLayout(x, options);
    const want = `[${b}, maxLen, ${kvh}, ${d}]`;
    const { key: ck, value: cv, position: pos } = cache;
    if (
      ck.rank !== 4 ||
      !ck.shape.equals(cv.shape) ||
      ck.shape.dims[0] !== b ||
      ck.shape.dims[2] !== kvh ||
      ck.shape.dims[3] !== d ||
      ck.dtype !== cv.dtype
    ) {
      throw new TsmlxError(
        "attention",
        `input ${x.typeString} needs cache key and value ${want}, got ${ck.typeString} and ${cv.typeString}`,
      );
    }
    const maxLen = ck.shape.dims[1]!;
    if (s > maxLen) {
      throw new TsmlxError(
        "attention",
        `input ${x.typeString}: ${s} positions do not fit a cache of ${maxLen}`,
      );
    }
    if (pos.dtype !== "i32" || pos.rank !== 0) {
      throw new TsmlxError("attention", `cache position must be an i32 scalar, got ${pos.typeString}`);
    }
    const start = cache.start;
    if (start && (start.dtype !== "i32" || !start.shape.equals([b]))) {
      throw new TsmlxError("attention", `cache start must be i32 [${b}], got ${start.typeString}`);
    }
    const g = x.graph;
    // Slots pos + i of the new tokens; their positions are the slots, less each row's start.
    const positions = add(iota(g, "i32", [s], 0), broadcastInDim(pos, [s], []));
    const ropePositions = start
      ? sub(broadcastInDim(positions, [b, s], [1]), broadcastInDim(start, [b, s], [0]))
      : positions;
    const { q, k, v } = projectHeads(
      ctx,
      x,
      x,
      x,
      { h, kvh, d },
      options,
      options.rope ? ropePositions : undefined,
    );
    const toCache = (t: Node) => (t.dtype === ck.dtype ? t : convert(t, ck.dtype));
    // An empty cache is not read: the new keys and values followed by zeros, each slot
    // written once.
    const write = (c: Node, t: Node) =>
      !cache.empty
        ? dynamicUpdateSlice(c, t, [0, pos, 0, 0])
        : s === maxLen
          ? t
          : concatenate([t, broadcastInDim(full(g, c.dtype, [], 0), [b, maxLen - s, kvh, d], [])], 1);
    const key = write(ck, toCache(k));
    const value = write(cv, toCache(v));
    // Query i sits at absolute position pos + i and sees cached keys j <= pos + i (and, with a
    // sliding window w, j > pos + i - w); slots past pos + s - 1 are never visible, so an empty
    // cache needs only the s new keys (as stored in the cache: the same values either way).
    let o: Node;
    if (cache.empty) {
      const asQuery = (t: Node) => {
        const c = toCache(t);
        return c.dtype === q.dtype ? c : convert(c, q.dtype);
      };
      o = blockedCausalAttention(
        q,
        asQuery(k),
        asQuery(v),
        options.slidingWindow,
        options.logitSoftcap,
        options.scoreScale,
        start,
      );
    } else {
      // The mask comes from two short iotas broadcast inside one fused compare, not from
      // [s, maxLen] iotas of their own.
      const qi = broadcastInDim(positions, [s, maxLen], [0]);
      const kj = broadcastInDim(iota(g, "i32", [maxLen], 0), [s, maxLen], [1]);
      let mask = positionMask(qi, kj, true, options.slidingWindow)!;
      if (start) mask = hidePadding(mask, kj, start, h);
      const kq = key.dtype === q.dtype ? key : convert(key, q.dtype);
      const vq = value.dtype === q.dtype ? value : convert(value, q.dtype);
      o = dotProductAttention(q, kq, vq, mask, options.logitSoftcap, options.scoreScale);
    }
    const output = dense(ctx.in("output"), reshape(o, [b, s, h * d]), model, {
      useBias: options.useBias ?? false,
      ...(options.weightDtype ? { weightDtype: options.weightDtype } : {}),
    });
    return { output, cache: { key, value, position: add(pos, s), ...(start ? { start } : {}) } };
  });
}
