/**
 * Reductions over axes: sum, prod, max, min (numeric) and all, any (bool).
 */
import { type DType, isFloat, isUnsigned } from "../core/dtype.js";
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive, VjpRule } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, tensorType } from "../stablehlo/text.js";
import { div, eq, mul, select } from "./binary.js";
import { convert } from "./convert.js";
import { iota } from "./creation.js";
import { normAxis, scalarConstant } from "./operand.js";
import { broadcastInDim, reshape, transpose } from "./shaping.js";

/** The reductions: what the region computes. */
export type ReduceKind = "sum" | "prod" | "max" | "min" | "all" | "any";

const BODY: Record<ReduceKind, string> = {
  sum: "add",
  prod: "multiply",
  max: "maximum",
  min: "minimum",
  all: "and",
  any: "or",
};

const API: Record<ReduceKind, string> = {
  sum: "reduceSum",
  prod: "reduceProd",
  max: "reduceMax",
  min: "reduceMin",
  all: "reduceAll",
  any: "reduceAny",
};

/** Attributes of reduce: the kind of reduction and the reduced axes (sorted). */
export interface ReduceAttrs {
  readonly [k: string]: unknown;
  readonly kind: ReduceKind;
  readonly axes: readonly number[];
}

/** `stablehlo.reduce` with one operand, one init value and a region applying the kind's op. */
export const reducePrim: Primitive<ReduceAttrs> = {
  name: "reduce",
  api: "reduce",
  infer([x, init], { kind, axes }) {
    const api = API[kind];
    if (!api) throw new TsmlxError("reduce", `unknown reduction ${String(kind)}`);
    const logical = kind === "all" || kind === "any";
    if (logical !== (x!.dtype === "bool")) {
      throw new TsmlxError(api, `needs ${logical ? "a bool" : "a numeric"} operand, got ${x!.typeString}`);
    }
    if (init!.dtype !== x!.dtype || init!.rank !== 0) {
      throw new TsmlxError(api, `init value must be a ${x!.dtype}[] scalar, got ${init!.typeString}`);
    }
    return { dtype: x!.dtype, shape: new Shape(x!.shape.dims.filter((_, i) => !axes.includes(i))) };
  },
  lower(node, ctx) {
    const a = node.attributes as ReduceAttrs;
    const scalar = tensorType(node.dtype, []);
    const lhs = ctx.fresh("lhs");
    const rhs = ctx.fresh("rhs");
    const out = ctx.fresh("acc");
    const region = [
      `^bb0(${lhs}: ${scalar}, ${rhs}: ${scalar}):`,
      `${out} = "stablehlo.${BODY[a.kind]}"(${lhs}, ${rhs}) : (${scalar}, ${scalar}) -> ${scalar}`,
      `"stablehlo.return"(${out}) : (${scalar}) -> ()`,
    ];
    emitOp(ctx, node, [["dimensions", i64Array(a.axes)]], [region]);
  },
  vjp: (node, g) => reduceVjp(node, g),
};

/**
 * Gradients of the reductions. sum: the cotangent broadcast back (the init value gets its
 * total). max/min: to the positions equal to the result, split evenly among ties (the init
 * value gets none). prod: the product of the other elements, computed without dividing, so
 * zeros are handled (the init value, normally the constant 1, gets none).
 */
const reduceVjp: VjpRule = (node, g) => {
  const [x] = node.operands as [Node, Node];
  const { kind, axes } = node.attributes as ReduceAttrs;
  const kept = x.shape.dims.map((_, i) => i).filter((i) => !axes.includes(i));
  const back = (n: Node) => broadcastInDim(n, x.shape, kept);
  switch (kind) {
    case "sum":
      return [back(g), reduceSum(g)];
    case "max":
    case "min": {
      const hit = eq(x, back(node));
      const count = reduceSum(convert(hit, x.dtype), axes);
      return [select(hit, back(div(g, count)), 0), undefined];
    }
    case "prod":
      return [mul(back(g), productOfOthers(x, axes)), undefined];
    default:
      return [undefined, undefined];
  }
};

/**
 * For each element, the product of the other elements in its reduction group: the reduced
 * axes are moved last and flattened to n, an [.., n, n] tensor with ones on the diagonal is
 * reduced along its last axis.
 */
function productOfOthers(x: Node, axes: readonly number[]): Node {
  const kept = x.shape.dims.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const keptDims = kept.map((i) => x.shape.dims[i]!);
  const n = axes.reduce((p, a) => p * x.shape.dims[a]!, 1);
  const flat = reshape(transpose(x, perm), [...keptDims, n]);
  const k = keptDims.length;
  const rows = broadcastInDim(flat, [...keptDims, n, n], [...kept.map((_, i) => i), k + 1]);
  const g = x.graph;
  const ri = iotaNode(g, [...keptDims, n, n], k);
  const ci = iotaNode(g, [...keptDims, n, n], k + 1);
  const others = select(eq(ri, ci), 1, rows);
  const prod = reduceProd(others, [k + 1]); // [..kept, n]
  const unflat = reshape(prod, [...keptDims, ...axes.map((a) => x.shape.dims[a]!)]);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return transpose(unflat, inverse);
}

const iotaNode = (g: Node["graph"], dims: number[], d: number) => iota(g, "i32", dims, d);

/** The identity of a reduction in `dtype`: 0, 1, lowest, highest, true or false. */
export function reduceInit(kind: ReduceKind, dtype: DType): number | bigint | boolean {
  const big = dtype === "i64" || dtype === "u64";
  const bits = { i8: 8, i16: 16, i32: 32, i64: 64, u8: 8, u32: 32, u64: 64 }[dtype as "i8"] ?? 0;
  const lowest = (): number | bigint => {
    if (isFloat(dtype)) return Number.NEGATIVE_INFINITY;
    if (isUnsigned(dtype)) return big ? 0n : 0;
    return big ? -(2n ** 63n) : -(2 ** (bits - 1));
  };
  const highest = (): number | bigint => {
    if (isFloat(dtype)) return Number.POSITIVE_INFINITY;
    if (isUnsigned(dtype)) return big ? 2n ** 64n - 1n : 2 ** bits - 1;
    return big ? 2n ** 63n - 1n : 2 ** (bits - 1) - 1;
  };
  switch (kind) {
    case "sum":
      return big ? 0n : 0;
    case "prod":
      return big ? 1n : 1;
    case "max":
      return lowest();
    case "min":
      return highest();
    case "all":
      return true;
    case "any":
      return false;
  }
}

/** Options of the reductions. */
export interface ReduceOptions {
  /** Keep reduced axes as size-1 dims (done with a reshape after the reduce). */
  readonly keepDims?: boolean;
}

function reduceWith(
  kind: ReduceKind,
  x: Node,
  axes: readonly number[] | undefined,
  options: ReduceOptions,
): Node {
  const api = API[kind];
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  const list = axes ?? x.shape.dims.map((_, i) => i);
  const norm = list.map((a) => normAxis(api, a, x.rank));
  const sorted = [...new Set(norm)].sort((a, b) => a - b);
  if (sorted.length !== norm.length) throw new TsmlxError(api, `axes ${formatDims(list)} repeat an axis`);
  if (x.dtype === "bool" && kind !== "all" && kind !== "any") {
    throw new TsmlxError(api, `needs a numeric operand, got ${x.typeString}`);
  }
  if (x.dtype !== "bool" && (kind === "all" || kind === "any")) {
    throw new TsmlxError(api, `needs a bool operand, got ${x.typeString}`);
  }
  const init = scalarConstant(x.graph, reduceInit(kind, x.dtype), x.dtype, api);
  const r = x.graph.apply(reducePrim, [x, init], { kind, axes: sorted });
  if (!options.keepDims) return r;
  return reshape(
    r,
    x.shape.dims.map((d, i) => (sorted.includes(i) ? 1 : d)),
  );
}

/** Sum over `axes` (default all). `reduceSum(x, [1], { keepDims: true })` */
export const reduceSum = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("sum", x, axes, options);
/** Product over `axes` (default all). `reduceProd(x, [0])` */
export const reduceProd = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("prod", x, axes, options);
/** Maximum over `axes` (default all; NaN propagates; -inf/lowest for empty axes). `reduceMax(x, [1])` */
export const reduceMax = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("max", x, axes, options);
/** Minimum over `axes` (default all). `reduceMin(x, [1])` */
export const reduceMin = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("min", x, axes, options);
/** Logical and over `axes` of a bool tensor (true for empty axes). `reduceAll(mask)` */
export const reduceAll = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("all", x, axes, options);
/** Logical or over `axes` of a bool tensor (false for empty axes). `reduceAny(mask)` */
export const reduceAny = (x: Node, axes?: readonly number[], options: ReduceOptions = {}): Node =>
  reduceWith("any", x, axes, options);
