/**
 * Statistics and norms over axes, as composites: mean, variance, std, l2Norm, globalNorm.
 */
import { isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { add, div, mul, sub } from "./binary.js";
import { normAxis } from "./operand.js";
import { type ReduceOptions, reduceSum } from "./reduce.js";
import { sqrt } from "./unary.js";

function floatNode(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  if (!isFloat(x.dtype)) throw new TsmlxError(api, `needs a float operand, got ${x.typeString}`);
  return x;
}

function count(api: string, x: Node, axes?: readonly number[]): number {
  const list = axes ?? x.shape.dims.map((_, i) => i);
  return list.reduce((n, a) => n * x.shape.dims[normAxis(api, a, x.rank)]!, 1);
}

/** Mean over `axes` (default all). `mean(x, [1], { keepDims: true })` */
export function mean(x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node {
  x = floatNode("mean", x);
  return div(reduceSum(x, axes, options), count("mean", x, axes));
}

/** Options of {@link variance} and {@link std}. */
export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: divides by n - ddof (default 0, the population variance). */
  readonly ddof?: number;
}

/** Variance over `axes` (default all): mean of squared deviations. `variance(x, [0])` */
export function variance(x: Node, axes?: readonly number[], options: VarianceOptions = {}): Node {
  x = floatNode("variance", x);
  const m = mean(x, axes, { keepDims: true });
  const d = sub(x, m);
  const n = count("variance", x, axes) - (options.ddof ?? 0);
  return div(reduceSum(mul(d, d), axes, options), n);
}

/** Standard deviation over `axes`: sqrt of {@link variance}. `std(x, [0])` */
export function std(x: Node, axes?: readonly number[], options: VarianceOptions = {}): Node {
  return sqrt(variance(floatNode("std", x), axes, options));
}

/** Euclidean norm over `axes` (default all): sqrt(Σ x²). `l2Norm(v, [-1])` */
export function l2Norm(x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node {
  x = floatNode("l2Norm", x);
  return sqrt(reduceSum(mul(x, x), axes, options));
}

/** The l2 norm of several tensors taken together (e.g. all gradients): a scalar. `globalNorm(grads)` */
export function globalNorm(xs: readonly Node[]): Node {
  if (xs.length === 0) throw new TsmlxError("globalNorm", "needs at least one node");
  const sq = xs.map((x) => {
    x = floatNode("globalNorm", x);
    return reduceSum(mul(x, x));
  });
  const dtype = sq[0]!.dtype;
  for (const s of sq) {
    if (s.dtype !== dtype)
      throw new TsmlxError("globalNorm", `dtypes differ: ${sq.map((n) => n.dtype).join(" vs ")}`);
  }
  return sqrt(sq.reduce((a, b) => add(a, b)));
}
