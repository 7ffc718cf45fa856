/**
 * Normalization layers: batch norm (batch statistics and running averages in training,
 * running statistics in inference), layer norm, RMS norm; and dropout.
 */

import type { Context } from "../context/context.js";
import { onesInit, zerosInit } from "../context/initializers.js";
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { add, div, mul, select, sub } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { normAxis } from "../ops/operand.js";
import { reduceSum } from "../ops/reduce.js";
import { broadcastInDim, reshape } from "../ops/shaping.js";
import { stopGradient } from "../ops/stop.js";
import { rsqrt } from "../ops/unary.js";
import { layerInput } from "./dense.js";
import { inScope } from "./scope.js";

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** The feature axis (default -1, channels-last). */
  readonly axis?: number;
  /** Running-average momentum: running ← m·running + (1 − m)·batch (default 0.99). */
  readonly momentum?: number;
  /** Added to the variance (default 1e-3). */
  readonly epsilon?: number;
  /** Learn an offset β (default true) and a scale γ (default true). */
  readonly center?: boolean;
  readonly scale?: boolean;
}

function meanOver(x: Node, axes: readonly number[]): Node {
  const n = axes.reduce((p, a) => p * x.shape.dims[a]!, 1);
  return mul(reduceSum(x, axes), 1 / n);
}

/** Broadcasts a per-feature vector `[f]` to x's shape along `axis`. */
function along(v: Node, x: Node, axis: number): Node {
  return broadcastInDim(v, x.shape, [axis]);
}

/**
 * Batch normalization over every axis but the feature axis. In training (`ctx.training`) it
 * normalizes with the batch mean and (biased) variance and updates the running `mean` and
 * `variance` variables; in inference it uses them. Variables: `mean`, `variance` (not
 * trainable), `offset` (β), `scale` (γ).
 *
 * `h = batchNorm(ctx.in("bn_0"), h)`
 */
export function batchNorm(ctx: Context, x: Node, options: BatchNormOptions = {}): Node {
  return inScope(ctx, x, () => {
    x = layerInput("batchNorm", x, 2);
    const axis = normAxis("batchNorm", options.axis ?? -1, x.rank);
    const f = x.shape.dims[axis]!;
    const momentum = options.momentum ?? 0.99;
    const eps = options.epsilon ?? 1e-3;
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new TsmlxError("batchNorm", `input ${x.typeString}: momentum must be in [0, 1], got ${momentum}`);
    }
    const g = x.graph;
    const runMean = ctx.variable("mean", x.dtype, [f], zerosInit(), { trainable: false });
    const runVar = ctx.variable("variance", x.dtype, [f], onesInit(), { trainable: false });
    const reduceAxes = x.shape.dims.map((_, i) => i).filter((i) => i !== axis);
    let mean: Node;
    let variance: Node;
    if (ctx.training) {
      mean = meanOver(x, reduceAxes);
      const centered = sub(x, along(mean, x, axis));
      variance = meanOver(mul(centered, centered), reduceAxes);
      runMean.write(add(mul(runMean.read(g), momentum), mul(stopGradient(mean), 1 - momentum)));
      runVar.write(add(mul(runVar.read(g), momentum), mul(stopGradient(variance), 1 - momentum)));
    } else {
      mean = runMean.read(g);
      variance = runVar.read(g);
    }
    let inv = rsqrt(add(variance, eps));
    if (options.scale ?? true) inv = mul(inv, ctx.weight(g, "scale", x.dtype, [f], onesInit()));
    let shift = mul(mean, inv);
    if (options.center ?? true) shift = sub(shift, ctx.weight(g, "offset", x.dtype, [f], zerosInit()));
    return sub(mul(x, along(inv, x, axis)), along(shift, x, axis));
  });
}

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** Axes normalized together (default [-1]). */
  readonly axes?: readonly number[];
  /** Added to the variance (default 1e-5). */
  readonly epsilon?: number;
  readonly center?: boolean;
  readonly scale?: boolean;
}

/**
 * Layer normalization over `axes` (default the last), with a learned `scale` (gain) and
 * `offset` of the normalized axes' shape. `h = layerNorm(ctx.in("ln"), h)`
 */
export function layerNorm(ctx: Context, x: Node, options: LayerNormOptions = {}): Node {
  return inScope(ctx, x, () => {
    x = layerInput("layerNorm", x);
    const axes = [...new Set((options.axes ?? [-1]).map((a) => normAxis("layerNorm", a, x.rank)))].sort(
      (a, b) => a - b,
    );
    const eps = options.epsilon ?? 1e-5;
    const n = axes.reduce((p, a) => p * x.shape.dims[a]!, 1);
    const keep = x.shape.dims.map((d, i) => (axes.includes(i) ? 1 : d));
    const mean = reshape(mul(reduceSum(x, axes), 1 / n), keep);
    const centered = sub(x, mean);
    const variance = reshape(mul(reduceSum(mul(centered, centered), axes), 1 / n), keep);
    let y = mul(centered, rsqrt(add(variance, eps)));
    const paramShape = axes.map((a) => x.shape.dims[a]!);
    const spread = (p: Node) => broadcastInDim(p, x.shape, axes);
    if (options.scale ?? true)
      y = mul(y, spread(ctx.weight(x.graph, "scale", x.dtype, paramShape, onesInit())));
    if (options.center ?? true)
      y = add(y, spread(ctx.weight(x.graph, "offset", x.dtype, paramShape, zerosInit())));
    return y;
  });
}

/**
 * RMS normalization on the last axis: x / √(mean(x²) + ε) · scale, with `scale` of ones at
 * first (set `{ zeroCentered: true }` for the Gemma form x·(1 + scale) with scale zeros;
 * `scaleDtype` stores the scale in another dtype, converted where it is read).
 * `h = rmsNorm(ctx.in("norm"), h)`
 */
export function rmsNorm(
  ctx: Context,
  x: Node,
  options: { epsilon?: number; zeroCentered?: boolean; scaleDtype?: DType } = {},
): Node {
  return inScope(ctx, x, () => {
    x = layerInput("rmsNorm", x);
    const d = x.shape.dims[x.rank - 1]!;
    const eps = options.epsilon ?? 1e-6;
    const keep = [...x.shape.dims.slice(0, -1), 1];
    const ms = reshape(mul(reduceSum(mul(x, x), [x.rank - 1]), 1 / d), keep);
    const y = mul(x, rsqrt(add(ms, eps)));
    const sd = options.scaleDtype ?? x.dtype;
    let scale = ctx.weight(x.graph, "scale", sd, [d], options.zeroCentered ? zerosInit() : onesInit());
    if (sd !== x.dtype) scale = convert(scale, x.dtype);
    const s = options.zeroCentered ? add(scale, 1) : scale;
    return mul(y, broadcastInDim(s, x.shape, [x.rank - 1]));
  });
}

/**
 * Dropout: in training, zeroes each element with probability `rate` (default the
 * `dropout_rate` hyperparameter, else 0) and scales the rest by 1/(1 − rate); in inference
 * (or with rate 0) returns x. Draws from the context's RNG state.
 * `h = dropout(ctx, h, 0.5)`
 */
export function dropout(ctx: Context, x: Node, rate?: number): Node {
  return inScope(ctx, x, () => {
    x = layerInput("dropout", x, 0);
    const r = rate ?? ctx.getParam("dropout_rate", 0);
    if (!(r >= 0 && r < 1))
      throw new TsmlxError("dropout", `input ${x.typeString}: rate must be in [0, 1), got ${r}`);
    if (!ctx.training || r === 0) return x;
    const keep = ctx.randomBernoulli(x.graph, 1 - r, x.shape);
    return select(keep, div(x, 1 - r), 0);
  });
}
