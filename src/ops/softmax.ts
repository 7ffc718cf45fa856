/**
 * Numerically stable softmax, logSoftmax, logSumExp and softmax cross-entropy, as composites.
 * The running maximum that keeps exp() in range goes through `stopGradient`: the result
 * does not depend on it, so its gradient is exactly zero anyway.
 */

import { isFloat, isInteger } from "../core/dtype.js";
import { formatDims, TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { add, div, eq, lt, mul, select, sub } from "./binary.js";
import { iota } from "./creation.js";
import { normAxis } from "./operand.js";
import { reduceMax, reduceSum } from "./reduce.js";
import { broadcastInDim, reshape } from "./shaping.js";
import { stopGradient } from "./stop.js";
import { abs, exp, log, neg } from "./unary.js";

function floatNode(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  if (!isFloat(x.dtype)) throw new TsmlxError(api, `needs a float operand, got ${x.typeString}`);
  return x;
}

function axesOf(api: string, x: Node, axes: number | readonly number[] | undefined): number[] {
  const list = axes === undefined ? [-1] : typeof axes === "number" ? [axes] : [...axes];
  return list.map((a) => normAxis(api, a, x.rank));
}

/** The max over `axes` (kept as size-1 dims), with no gradient, and 0 where it is ±inf. */
function shift(x: Node, axes: number[]): Node {
  const m = stopGradient(reduceMax(x, axes, { keepDims: true }));
  return select(lt(abs(m), Number.POSITIVE_INFINITY), m, 0);
}

/** Options of {@link logSumExp}. */
export interface LogSumExpOptions {
  readonly keepDims?: boolean;
}

/**
 * log(Σ exp(x)) over `axes` (default the last), without overflow.
 * `logSumExp(logits, -1)`
 */
export function logSumExp(x: Node, axes?: number | readonly number[], options: LogSumExpOptions = {}): Node {
  x = floatNode("logSumExp", x);
  const ax = axesOf("logSumExp", x, axes);
  const m = shift(x, ax);
  const s = add(log(reduceSum(exp(sub(x, m)), ax, { keepDims: true })), m);
  return options.keepDims
    ? s
    : reshape(
        s,
        x.shape.dims.filter((_, i) => !ax.includes(i)),
      );
}

/** log(softmax(x)) along `axis` (default the last), computed stably. `logSoftmax(logits)` */
export function logSoftmax(x: Node, axis = -1): Node {
  x = floatNode("logSoftmax", x);
  const ax = axesOf("logSoftmax", x, axis);
  const shifted = sub(x, shift(x, ax));
  return sub(shifted, log(reduceSum(exp(shifted), ax, { keepDims: true })));
}

/** exp(x) / Σ exp(x) along `axis` (default the last), computed stably. `softmax(scores, -1)` */
export function softmax(x: Node, axis = -1): Node {
  x = floatNode("softmax", x);
  const ax = axesOf("softmax", x, axis);
  const e = exp(sub(x, shift(x, ax)));
  return div(e, reduceSum(e, ax, { keepDims: true }));
}

/**
 * Softmax cross-entropy per example, from logits (classes along `axis`, default the last):
 * with integer `labels` (one class index per example, the logits' shape without the class
 * dim) it is −logSoftmax(logits)[label]; with float `labels` shaped like the logits (one-hot
 * or probabilities) it is −Σ labels · logSoftmax(logits). Take `mean` of it for a batch loss.
 *
 * `mean(softmaxCrossEntropy(logits, labels))`
 */
export function softmaxCrossEntropy(logits: Node, labels: Node, axis = -1): Node {
  logits = floatNode("softmaxCrossEntropy", logits);
  const api = "softmaxCrossEntropy";
  if (!(labels instanceof Node))
    throw new TsmlxError(api, `labels must be a graph node, got ${typeof labels}`);
  const ax = normAxis(api, axis, logits.rank);
  const lsm = logSoftmax(logits, ax);
  if (isInteger(labels.dtype)) {
    const want = logits.shape.dims.filter((_, i) => i !== ax);
    if (labels.rank !== want.length || labels.shape.dims.some((d, i) => d !== want[i])) {
      throw new TsmlxError(
        api,
        `integer labels ${labels.typeString} must have the logits' shape ${logits.typeString} without dim ${ax}: ${formatDims(want)}`,
      );
    }
    const classes = iota(logits.graph, labels.dtype, logits.shape, ax);
    const kept = logits.shape.dims.map((_, i) => i).filter((i) => i !== ax);
    const hit = eq(classes, broadcastInDim(labels, logits.shape, kept));
    return neg(reduceSum(select(hit, lsm, 0), [ax]));
  }
  if (!isFloat(labels.dtype) || labels.dtype !== logits.dtype || !labels.shape.equals(logits.shape)) {
    throw new TsmlxError(
      api,
      `labels must be integer class indices or ${logits.typeString} probabilities, got ${labels.typeString}`,
    );
  }
  return neg(reduceSum(mul(labels, lsm), [ax]));
}
