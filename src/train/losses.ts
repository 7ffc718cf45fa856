/**
 * Losses, built from primitives (their gradients come from autodiff). Each returns the mean
 * over all examples by default (`reduction: "sum"` sums, `"none"` keeps one value per
 * example). Logits-based losses are computed in a numerically stable form.
 */

import { isFloat, isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { add, eq, max, min, mul, sub } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { iota } from "../ops/creation.js";
import { reduceMax, reduceSum } from "../ops/reduce.js";
import { broadcastInDim } from "../ops/shaping.js";
import { stopGradient } from "../ops/stop.js";
import { abs, exp, log, log1p, neg } from "../ops/unary.js";

/** How per-example losses are combined. */
export type Reduction = "mean" | "sum" | "none";

/** Options of the losses. */
export interface LossOptions {
  /** Default "mean". */
  readonly reduction?: Reduction;
}

function reduce(api: string, perExample: Node, reduction: Reduction = "mean"): Node {
  if (reduction === "none") return perExample;
  const s = reduceSum(perExample);
  if (reduction === "sum") return s;
  if (reduction !== "mean") throw new TsmlxError(api, `unknown reduction ${String(reduction)}`);
  return mul(s, 1 / Math.max(1, perExample.shape.size));
}

function checkFloat(api: string, x: Node, what: string): void {
  if (!isFloat(x.dtype)) throw new TsmlxError(api, `${what} must be float, got ${x.typeString}`);
}

function sameShape(api: string, a: Node, b: Node, what: string): void {
  if (!a.shape.equals(b.shape) || a.dtype !== b.dtype) {
    throw new TsmlxError(
      api,
      `predictions ${a.typeString} and ${what} ${b.typeString} must have the same dtype and shape`,
    );
  }
}

/**
 * log(softmax(x)) along the last axis, as x − max − log Σ exp(x − max).
 * `logSoftmaxLastAxis(logits)`
 */
export function logSoftmaxLastAxis(x: Node): Node {
  const axis = x.rank - 1;
  const m = stopGradient(reduceMax(x, [axis], { keepDims: true }));
  const shifted = sub(x, m);
  const lse = log(reduceSum(exp(shifted), [axis], { keepDims: true }));
  return sub(shifted, lse);
}

/**
 * One-hot f-typed rows from integer labels: `[...batch] → [...batch, depth]`.
 * `oneHotLabels(labels, 10, "f32")`
 */
export function oneHotLabels(labels: Node, depth: number, dtype: Node["dtype"] = "f32"): Node {
  const dims = [...labels.shape.dims, depth];
  const classes = iota(labels.graph, labels.dtype, dims, dims.length - 1);
  const wide = broadcastInDim(
    labels,
    dims,
    labels.shape.dims.map((_, i) => i),
  );
  return convert(eq(wide, classes), dtype);
}

/**
 * Cross-entropy of integer class labels `[...batch]` against logits `[...batch, classes]`.
 * `sparseCategoricalCrossEntropy(logits, labels)`
 */
export function sparseCategoricalCrossEntropy(logits: Node, labels: Node, options: LossOptions = {}): Node {
  const api = "sparseCategoricalCrossEntropy";
  checkFloat(api, logits, "logits");
  if (!isInteger(labels.dtype))
    throw new TsmlxError(api, `labels must be integers, got ${labels.typeString}`);
  const batch = logits.shape.dims.slice(0, -1);
  if (labels.rank !== logits.rank - 1 || labels.shape.dims.some((d, i) => d !== batch[i])) {
    throw new TsmlxError(
      api,
      `logits ${logits.typeString} need labels of shape [${batch.join(",")}], got ${labels.typeString}`,
    );
  }
  const classes = logits.shape.dims[logits.rank - 1]!;
  const lp = logSoftmaxLastAxis(logits);
  const perExample = neg(reduceSum(mul(lp, oneHotLabels(labels, classes, logits.dtype)), [logits.rank - 1]));
  return reduce(api, perExample, options.reduction);
}

/**
 * Cross-entropy of target distributions (e.g. one-hot or smoothed labels) against logits,
 * both `[...batch, classes]`. `categoricalCrossEntropy(logits, targets)`
 */
export function categoricalCrossEntropy(logits: Node, targets: Node, options: LossOptions = {}): Node {
  const api = "categoricalCrossEntropy";
  checkFloat(api, logits, "logits");
  sameShape(api, logits, targets, "targets");
  const perExample = neg(reduceSum(mul(logSoftmaxLastAxis(logits), targets), [logits.rank - 1]));
  return reduce(api, perExample, options.reduction);
}

/**
 * Binary cross-entropy from logits: max(x, 0) − x·y + log(1 + e^−|x|), with labels y in [0, 1].
 * `binaryCrossEntropyFromLogits(logits, labels)`
 */
export function binaryCrossEntropyFromLogits(logits: Node, labels: Node, options: LossOptions = {}): Node {
  const api = "binaryCrossEntropyFromLogits";
  checkFloat(api, logits, "logits");
  sameShape(api, logits, labels, "labels");
  const perExample = add(sub(max(logits, 0), mul(logits, labels)), log1p(exp(neg(abs(logits)))));
  return reduce(api, perExample, options.reduction);
}

/**
 * Binary cross-entropy from probabilities p (clipped to [ε, 1 − ε], ε = 1e-7):
 * −(y·log p + (1 − y)·log(1 − p)). `binaryCrossEntropy(probs, labels)`
 */
export function binaryCrossEntropy(
  probs: Node,
  labels: Node,
  options: LossOptions & { epsilon?: number } = {},
): Node {
  const api = "binaryCrossEntropy";
  checkFloat(api, probs, "probabilities");
  sameShape(api, probs, labels, "labels");
  const eps = options.epsilon ?? 1e-7;
  const p = min(max(probs, eps), 1 - eps);
  const perExample = neg(add(mul(labels, log(p)), mul(sub(1, labels), log(sub(1, p)))));
  return reduce(api, perExample, options.reduction);
}

/** Mean squared error. `meanSquaredError(predictions, targets)` */
export function meanSquaredError(predictions: Node, targets: Node, options: LossOptions = {}): Node {
  const api = "meanSquaredError";
  checkFloat(api, predictions, "predictions");
  sameShape(api, predictions, targets, "targets");
  const d = sub(predictions, targets);
  return reduce(api, mul(d, d), options.reduction);
}

/** Mean absolute error. `meanAbsoluteError(predictions, targets)` */
export function meanAbsoluteError(predictions: Node, targets: Node, options: LossOptions = {}): Node {
  const api = "meanAbsoluteError";
  checkFloat(api, predictions, "predictions");
  sameShape(api, predictions, targets, "targets");
  return reduce(api, abs(sub(predictions, targets)), options.reduction);
}

/**
 * Huber loss: ½d² where |d| ≤ δ, δ·(|d| − ½δ) beyond (default δ = 1).
 * `huberLoss(predictions, targets, { delta: 1 })`
 */
export function huberLoss(
  predictions: Node,
  targets: Node,
  options: LossOptions & { delta?: number } = {},
): Node {
  const api = "huberLoss";
  checkFloat(api, predictions, "predictions");
  sameShape(api, predictions, targets, "targets");
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new TsmlxError(api, `delta must be > 0, got ${delta}`);
  const a = abs(sub(predictions, targets));
  const quadratic = min(a, delta);
  const linear = sub(a, quadratic);
  // ½q² + δ·l equals ½d² inside and δ(|d| − ½δ) outside.
  const perExample = add(mul(mul(quadratic, quadratic), 0.5), mul(linear, delta));
  return reduce(api, perExample, options.reduction);
}
