/**
 * Metrics: accuracies computed in the graph, and running means kept as context variables
 * (so a trainer keeps them on the device and reads them when it reports).
 */

import type { Context } from "../context/context.js";
import { zerosInit } from "../context/initializers.js";
import type { Variable } from "../context/variable.js";
import { isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { argmax } from "../ops/argminmax.js";
import { add, div, eq, gt, mul } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { reduceSum } from "../ops/reduce.js";

function meanOf(x: Node): Node {
  return mul(reduceSum(x), 1 / Math.max(1, x.shape.size));
}

/**
 * Fraction of examples whose largest logit is at the label: logits `[...batch, classes]`,
 * integer labels `[...batch]`; an f32 scalar. `sparseAccuracy(logits, labels)`
 */
export function sparseAccuracy(logits: Node, labels: Node): Node {
  if (!isInteger(labels.dtype))
    throw new TsmlxError("sparseAccuracy", `labels must be integers, got ${labels.typeString}`);
  const batch = logits.shape.dims.slice(0, -1);
  if (labels.rank !== logits.rank - 1 || labels.shape.dims.some((d, i) => d !== batch[i])) {
    throw new TsmlxError(
      "sparseAccuracy",
      `logits ${logits.typeString} need labels of shape [${batch.join(",")}], got ${labels.typeString}`,
    );
  }
  const predicted = argmax(logits, -1);
  const labelsAs = labels.dtype === predicted.dtype ? labels : convert(labels, predicted.dtype);
  return meanOf(convert(eq(predicted, labelsAs), "f32"));
}

/**
 * Fraction of examples where (prediction > threshold) equals (label > 0.5). With logits use
 * threshold 0 (the default); with probabilities 0.5. `binaryAccuracy(logits, labels)`
 */
export function binaryAccuracy(predictions: Node, labels: Node, options: { threshold?: number } = {}): Node {
  if (!predictions.shape.equals(labels.shape)) {
    throw new TsmlxError(
      "binaryAccuracy",
      `predictions ${predictions.typeString} and labels ${labels.typeString} differ in shape`,
    );
  }
  const p = gt(predictions, options.threshold ?? 0);
  const y = labels.dtype === "bool" ? labels : gt(labels, isInteger(labels.dtype) ? 0 : 0.5);
  return meanOf(convert(eq(p, y), "f32"));
}

/** The variables of a running mean: a weighted total and a count. */
export interface RunningMeanVariables {
  readonly total: Variable;
  readonly count: Variable;
}

/**
 * A running mean of a scalar across program runs, kept in `/metrics/<name>/{total,count}`
 * (f32, not trainable). Adds `value` (weight `weight`, default 1) in the graph and returns
 * the mean so far. `const meanLoss = runningMean(ctx, "loss", loss)`
 */
export function runningMean(ctx: Context, name: string, value: Node, weight = 1): Node {
  if (value.rank !== 0)
    throw new TsmlxError("runningMean", `${name}: needs a scalar, got ${value.typeString}`);
  const { total, count } = runningMeanVariables(ctx, name);
  const g = value.graph;
  const t = add(total.read(g), mul(convert(value, "f32"), weight));
  const c = add(count.read(g), weight);
  total.write(t);
  count.write(c);
  return div(t, c);
}

/** The variables of the running mean `name` (made on first use). `runningMeanVariables(ctx, "loss")` */
export function runningMeanVariables(ctx: Context, name: string): RunningMeanVariables {
  const scope = ctx.atScope("/metrics").in(name);
  return {
    total: scope.variable("total", "f32", [], zerosInit(), { trainable: false }),
    count: scope.variable("count", "f32", [], zerosInit(), { trainable: false }),
  };
}

/** Sets a running mean back to zero (host values; the next run uploads them). `resetRunningMean(ctx, "loss")` */
export function resetRunningMean(ctx: Context, name: string): void {
  const { total, count } = runningMeanVariables(ctx, name);
  const zero = zerosInit()({ dtype: "f32", dims: [], path: total.path, random: Math.random });
  total.setValue(zero);
  count.setValue(zero);
}

/** The current value of a running mean, read to the host (NaN before any update). `await readRunningMean(ctx, "loss")` */
export async function readRunningMean(ctx: Context, name: string): Promise<number> {
  const { total, count } = runningMeanVariables(ctx, name);
  const t = (await total.toTensor()).toFloat64Array()[0]!;
  const c = (await count.toTensor()).toFloat64Array()[0]!;
  return c === 0 ? Number.NaN : t / c;
}
