/**
 * argmax / argmin along one axis. `maxWithIndex`/`minWithIndex` use a variadic
 * `stablehlo.reduce` over (values, indices), the first user of multi-result nodes (see
 * src/graph/primitive.ts); `argmax`/`argmin`, which return the indices alone, use two plain
 * reductions instead (the extreme value, then the first position holding it), which every
 * backend runs as fast loops.
 *
 * Ties go to the smallest index. NaN counts as the extreme value for both argmax and argmin
 * (as in JAX and NumPy): the result is the first NaN's index and the value is NaN. The body
 * is commutative and associative, so any reduction order gives the same answer.
 */
import { type DType, isFloat, isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { InferredResults, Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, tensorType } from "../stablehlo/text.js";
import { and, comparePrim, compareType, eq, ne, or, select, selectPrim } from "./binary.js";
import { full, iota } from "./creation.js";
import { normAxis, scalarConstant } from "./operand.js";
import { reduceInit, reduceMax, reduceMin } from "./reduce.js";
import { broadcastInDim, broadcastInDimPrim, reshape } from "./shaping.js";

/** Attributes of the arg-reduce: which extreme and along which axis. */
export interface ArgReduceAttrs {
  readonly [k: string]: unknown;
  readonly kind: "argmax" | "argmin";
  readonly axis: number;
}

/**
 * `stablehlo.reduce` with operands (x, index iota, value init, index init) and two results
 * (extreme values, their indices). The indices' dtype is the iota's.
 */
export const argReducePrim: Primitive<ArgReduceAttrs> = {
  name: "reduce",
  api: "argmax",
  infer([x, idx, vInit, iInit], { kind, axis }): InferredResults {
    if (kind !== "argmax" && kind !== "argmin")
      throw new TsmlxError("argmax", `unknown kind ${String(kind)}`);
    if (x!.dtype === "bool") throw new TsmlxError(kind, `needs a numeric operand, got ${x!.typeString}`);
    if (!isInteger(idx!.dtype) || !idx!.shape.equals(x!.shape)) {
      throw new TsmlxError(
        kind,
        `indices must be integers shaped like ${x!.typeString}, got ${idx!.typeString}`,
      );
    }
    if (vInit!.rank !== 0 || vInit!.dtype !== x!.dtype || iInit!.rank !== 0 || iInit!.dtype !== idx!.dtype) {
      throw new TsmlxError(kind, `init values must be ${x!.dtype}[] and ${idx!.dtype}[] scalars`);
    }
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.rank) {
      throw new TsmlxError(kind, `axis ${axis} is out of range for ${x!.typeString}`);
    }
    const shape = new Shape(x!.shape.dims.filter((_, i) => i !== axis));
    return {
      results: [
        { dtype: x!.dtype, shape },
        { dtype: idx!.dtype, shape },
      ],
    };
  },
  lower(node, ctx) {
    const a = node.attributes as ArgReduceAttrs;
    const vd = node.operands[0]!.dtype;
    const id = node.operands[1]!.dtype;
    const v = tensorType(vd, []);
    const it = tensorType(id, []);
    const b = tensorType("bool", []);
    const [av, ai, bv, bi] = [ctx.fresh("av"), ctx.fresh("ai"), ctx.fresh("bv"), ctx.fresh("bi")];
    const lines: string[] = [`^bb0(${av}: ${v}, ${ai}: ${it}, ${bv}: ${v}, ${bi}: ${it}):`];
    const cmp = (x: string, y: string, dir: string, type: string, t: string) => {
      const r = ctx.fresh("c");
      lines.push(
        `${r} = "stablehlo.compare"(${x}, ${y}) {comparison_direction = #stablehlo<comparison_direction ${dir}>, compare_type = #stablehlo<comparison_type ${type}>} : (${t}, ${t}) -> ${b}`,
      );
      return r;
    };
    const bin = (op: string, x: string, y: string) => {
      const r = ctx.fresh("p");
      lines.push(`${r} = "stablehlo.${op}"(${x}, ${y}) : (${b}, ${b}) -> ${b}`);
      return r;
    };
    const vt = compareType(vd);
    let aWins = cmp(av, bv, a.kind === "argmax" ? "GT" : "LT", vt, v);
    let tie = cmp(av, bv, "EQ", vt, v);
    if (isFloat(vd)) {
      // NaN beats any number; two NaNs tie.
      const aNaN = cmp(av, av, "NE", vt, v);
      const bNaN = cmp(bv, bv, "NE", vt, v);
      const bNum = cmp(bv, bv, "EQ", vt, v);
      aWins = bin("or", aWins, bin("and", aNaN, bNum));
      tie = bin("or", tie, bin("and", aNaN, bNaN));
    }
    const first = cmp(ai, bi, "LT", compareType(id), it);
    const pickA = bin("or", aWins, bin("and", tie, first));
    const rv = ctx.fresh("v");
    const ri = ctx.fresh("i");
    lines.push(`${rv} = "stablehlo.select"(${pickA}, ${av}, ${bv}) : (${b}, ${v}, ${v}) -> ${v}`);
    lines.push(`${ri} = "stablehlo.select"(${pickA}, ${ai}, ${bi}) : (${b}, ${it}, ${it}) -> ${it}`);
    lines.push(`"stablehlo.return"(${rv}, ${ri}) : (${v}, ${it}) -> ()`);
    emitOp(ctx, node, [["dimensions", i64Array([a.axis])]], [lines]);
  },
  // The values result takes the gradient to the winning position; indices carry none.
  vjpMulti(node, [ctValues]) {
    if (!ctValues || !isFloat(node.dtype)) return [undefined, undefined, undefined, undefined];
    return [argScatter(node, ctValues), undefined, undefined, undefined];
  },
};

/**
 * Places `ct` (shaped like the reduced result) at the winning index along the axis, zeros
 * elsewhere: `select(iota == index, broadcast(ct), 0)`.
 */
function argScatter(node: Node, ct: Node): Node {
  const { axis } = node.attributes as ArgReduceAttrs;
  const x = node.operands[0]!;
  const idx = node.operands[1]!;
  const g = x.graph;
  const keep = x.shape.dims.map((_, i) => i).filter((i) => i !== axis);
  const winner = node.result(1);
  const bcast = (n: Node) => g.apply(broadcastInDimPrim, [n], { shape: x.shape, dims: keep });
  const hit = g.apply(comparePrim, [idx, bcast(winner)], { direction: "EQ" });
  const zero = g.apply(broadcastInDimPrim, [scalarConstant(g, 0, x.dtype)], { shape: x.shape, dims: [] });
  return g.apply(selectPrim, [hit, bcast(ct), zero], {});
}

/** Options of argmax/argmin. */
export interface ArgOptions {
  /** Keep the reduced axis as a size-1 dim. */
  readonly keepDims?: boolean;
  /** dtype of the indices (default i32). */
  readonly indexDType?: DType;
}

function checkArg(kind: "argmax" | "argmin", x: Node, axis: number, options: ArgOptions): [number, DType] {
  if (!(x instanceof Node)) throw new TsmlxError(kind, `needs a graph node, got ${typeof x}`);
  if (x.rank === 0) throw new TsmlxError(kind, `needs rank >= 1, got ${x.typeString}`);
  const ax = normAxis(kind, axis, x.rank);
  const idt = options.indexDType ?? "i32";
  if (!isInteger(idt)) throw new TsmlxError(kind, `index dtype must be an integer type, got ${idt}`);
  if (x.dtype === "bool") throw new TsmlxError(kind, `needs a numeric operand, got ${x.typeString}`);
  return [ax, idt];
}

function argReduce(kind: "argmax" | "argmin", x: Node, axis: number, options: ArgOptions): [Node, Node] {
  const [ax, idt] = checkArg(kind, x, axis, options);
  const g = x.graph;
  const idx = iota(g, idt, x.shape, ax);
  const vInit = scalarConstant(g, reduceInit(kind === "argmax" ? "max" : "min", x.dtype), x.dtype, kind);
  const iInit = scalarConstant(g, idt === "i64" || idt === "u64" ? 0n : 0, idt, kind);
  const m = g.apply(argReducePrim, [x, idx, vInit, iInit], { kind, axis: ax });
  let [v, i] = [m.result(0), m.result(1)];
  if (options.keepDims) {
    const dims = x.shape.dims.map((d, k) => (k === ax ? 1 : d));
    v = reshape(v, dims);
    i = reshape(i, dims);
  }
  return [v, i];
}

/**
 * The index alone: m = the max (min) along the axis, NaN if any element is NaN; then the
 * smallest position whose element equals m (or is NaN when m is), as a min-reduce over an
 * iota with the other positions set past the end.
 */
function argIndex(kind: "argmax" | "argmin", x: Node, axis: number, options: ArgOptions): Node {
  const [ax, idt] = checkArg(kind, x, axis, options);
  const g = x.graph;
  const n = x.shape.dims[ax]!;
  const outDims = x.shape.dims.flatMap((d, k) => (k === ax ? (options.keepDims ? [1] : []) : [d]));
  const zero = idt === "i64" || idt === "u64" ? 0n : 0;
  if (n === 0) return full(g, idt, outDims, zero);
  const keep = x.shape.dims.map((_, k) => k).filter((k) => k !== ax);
  const m = kind === "argmax" ? reduceMax(x, [ax]) : reduceMin(x, [ax]);
  const mb = broadcastInDim(m, x.shape, keep);
  let hit = eq(x, mb);
  if (isFloat(x.dtype)) hit = or(hit, and(ne(mb, mb), ne(x, x)));
  const past = idt === "i64" || idt === "u64" ? BigInt(n) : n;
  const index = reduceMin(select(hit, iota(g, idt, x.shape, ax), full(g, idt, [], past)), [ax]);
  return options.keepDims ? reshape(index, outDims) : index;
}

/**
 * Index of the largest element along `axis` (ties: the smallest index; NaN counts as largest).
 * `argmax(logits, -1)` gives the predicted class of each row as i32
 */
export function argmax(x: Node, axis = -1, options: ArgOptions = {}): Node {
  return argIndex("argmax", x, axis, options);
}

/**
 * Index of the smallest element along `axis` (ties: the smallest index; NaN counts as smallest).
 * `argmin(distances, 1)`
 */
export function argmin(x: Node, axis = -1, options: ArgOptions = {}): Node {
  return argIndex("argmin", x, axis, options);
}

/**
 * The largest values along `axis` and their indices, from one reduce: `[values, indices]`.
 * The values are differentiable (the gradient goes to the chosen index).
 * `const [best, where] = maxWithIndex(scores, 1)`
 */
export function maxWithIndex(x: Node, axis = -1, options: ArgOptions = {}): [Node, Node] {
  return argReduce("argmax", x, axis, options);
}

/** The smallest values along `axis` and their indices: `[values, indices]`. `minWithIndex(d, 0)` */
export function minWithIndex(x: Node, axis = -1, options: ArgOptions = {}): [Node, Node] {
  return argReduce("argmin", x, axis, options);
}
