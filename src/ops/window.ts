/**
 * Window reductions: reduce_window (sum, max, min over sliding windows with strides,
 * padding and dilations), select_and_scatter (the gradient of a max/min window), and the
 * helpers built on them: maxPool, avgPool, cumsum, cummax.
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, tensorType } from "../stablehlo/text.js";
import { add, and, compareType, div, eq, or, select } from "./binary.js";
import { numWindows, type Padding, padsFor, spatialList } from "./conv.js";
import { lift, normAxis, scalarConstant } from "./operand.js";
import { reduceInit, reduceSum } from "./reduce.js";
import { broadcastInDim, pad, padPrim, slice, slicePrim } from "./shaping.js";
import { not } from "./unary.js";

/** The reductions a window can do. */
export type WindowKind = "sum" | "max" | "min";

const BODY: Record<WindowKind, string> = { sum: "add", max: "maximum", min: "minimum" };

/** The window of reduce_window: one entry per operand dim. */
export interface WindowAttrs {
  readonly [k: string]: unknown;
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly baseDilations: readonly number[];
  readonly windowDilations: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
}

/** Attributes of reduce_window: the kind and its window. */
export interface ReduceWindowAttrs extends WindowAttrs {
  readonly kind: WindowKind;
}

function checkWindow(api: string, x: Node, a: WindowAttrs, dilations: boolean): number[] {
  const r = x.rank;
  const lists: [string, readonly number[]][] = [
    ["windowDimensions", a.windowDimensions],
    ["windowStrides", a.windowStrides],
  ];
  if (dilations) lists.push(["baseDilations", a.baseDilations], ["windowDilations", a.windowDilations]);
  for (const [what, v] of lists) {
    if (!Array.isArray(v) || v.length !== r || v.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new TsmlxError(
        api,
        `${what} must be ${r} positive integers for ${x.typeString}, got ${JSON.stringify(v)}`,
      );
    }
  }
  if (a.padding.length !== r || a.padding.some((p) => p.length !== 2 || !p.every(Number.isInteger))) {
    throw new TsmlxError(
      api,
      `padding must be ${r} [lo, hi] pairs for ${x.typeString}, got ${JSON.stringify(a.padding)}`,
    );
  }
  return x.shape.dims.map((d, i) =>
    numWindows(
      d,
      a.baseDilations[i]!,
      a.padding[i]![0],
      a.padding[i]![1],
      a.windowDimensions[i]!,
      a.windowDilations[i]!,
      a.windowStrides[i]!,
    ),
  );
}

function paddingAttr(p: readonly (readonly [number, number])[]): string {
  return `dense<[${p.map(([lo, hi]) => `[${lo}, ${hi}]`).join(", ")}]> : tensor<${p.length}x2xi64>`;
}

/** A two-argument region applying one binary op: `^bb0(%a, %b): %r = op(%a, %b); return %r`. */
function binaryRegion(
  ctx: Parameters<Primitive["lower"]>[1],
  scalar: string,
  op: string,
  result = scalar,
): string[] {
  const lhs = ctx.fresh("lhs");
  const rhs = ctx.fresh("rhs");
  const out = ctx.fresh("acc");
  return [
    `^bb0(${lhs}: ${scalar}, ${rhs}: ${scalar}):`,
    `${out} = "stablehlo.${op}"(${lhs}, ${rhs}) : (${scalar}, ${scalar}) -> ${result}`,
    `"stablehlo.return"(${out}) : (${result}) -> ()`,
  ];
}

/** `stablehlo.reduce_window` with one operand, one init value and a one-op region. */
export const reduceWindowPrim: Primitive<ReduceWindowAttrs> = {
  name: "reduce_window",
  api: "reduceWindow",
  infer([x, init], a) {
    const api = "reduceWindow";
    if (!BODY[a.kind]) throw new TsmlxError(api, `unknown window reduction ${String(a.kind)}`);
    if (x!.dtype === "bool") throw new TsmlxError(api, `needs a numeric operand, got ${x!.typeString}`);
    if (init!.dtype !== x!.dtype || init!.rank !== 0) {
      throw new TsmlxError(api, `init value must be a ${x!.dtype}[] scalar, got ${init!.typeString}`);
    }
    return { dtype: x!.dtype, shape: new Shape(checkWindow(api, x!, a, true)) };
  },
  lower(node, ctx) {
    const a = node.attributes as ReduceWindowAttrs;
    const region = binaryRegion(ctx, tensorType(node.dtype, []), BODY[a.kind]);
    emitOp(
      ctx,
      node,
      [
        ["window_dimensions", i64Array(a.windowDimensions)],
        ["window_strides", i64Array(a.windowStrides)],
        ["base_dilations", i64Array(a.baseDilations)],
        ["window_dilations", i64Array(a.windowDilations)],
        ["padding", paddingAttr(a.padding)],
      ],
      [region],
    );
  },
  vjp(node, g) {
    const [x] = node.operands as [Node, Node];
    const a = node.attributes as ReduceWindowAttrs;
    if (node.shape.size === 0 || x.shape.size === 0) {
      return [broadcastInDim(lift("grad", x.graph, 0, x.dtype), x.shape, []), undefined];
    }
    if (a.kind === "sum") return [sumWindowGrad(node, g, x, a), undefined];
    const plain = a.baseDilations.every((d) => d === 1) && a.windowDilations.every((d) => d === 1);
    if (!plain || a.padding.some(([lo, hi]) => lo < 0 || hi < 0))
      return [extremumGradByPatches(node, g, x, a), undefined];
    const zero = lift("grad", x.graph, 0, x.dtype);
    return [
      x.graph.apply(selectAndScatterPrim, [x, g, zero], {
        select: a.kind === "max" ? "GE" : "LE",
        windowDimensions: a.windowDimensions,
        windowStrides: a.windowStrides,
        baseDilations: a.baseDilations,
        windowDilations: a.windowDilations,
        padding: a.padding,
      }),
      undefined,
    ];
  },
};

/**
 * The gradient of a sum window: every input element gets the sum of the cotangents of the
 * windows it fell in. The cotangent is spread by the strides (interior padding), padded by
 * the window's reach, and summed over the same window, stepping by the base dilation.
 */
function sumWindowGrad(node: Node, g: Node, x: Node, a: WindowAttrs): Node {
  const lows: number[] = [];
  const highs: number[] = [];
  x.shape.dims.forEach((n, i) => {
    const K = (a.windowDimensions[i]! - 1) * a.windowDilations[i]! + 1;
    const m = node.shape.dims[i]!;
    const lo = a.padding[i]![0];
    lows.push(K - 1 - lo);
    highs.push((n - 1) * a.baseDilations[i]! + lo - (m - 1) * a.windowStrides[i]!);
  });
  const spread = pad(
    g,
    0,
    lows,
    highs,
    a.windowStrides.map((s) => s - 1),
  );
  return reduceWindow(spread, "sum", {
    windowDimensions: a.windowDimensions,
    windowStrides: a.baseDilations,
    windowDilations: a.windowDilations,
  });
}

/**
 * The gradient of a max/min window with dilations or negative padding: the padded, dilated
 * operand is cut into one strided slice per window offset; in each window the first offset
 * whose slice equals the result takes the cotangent (as select_and_scatter would), and the
 * slices' and the padding's own gradients carry it back to the operand.
 */
function extremumGradByPatches(node: Node, g: Node, x: Node, a: ReduceWindowAttrs): Node {
  const init = lift("grad", x.graph, reduceInit(a.kind, x.dtype) as number | bigint, x.dtype);
  const xp = pad(
    x,
    init,
    a.padding.map(([lo]) => lo),
    a.padding.map(([, hi]) => hi),
    a.baseDilations.map((d) => d - 1),
  );
  const m = node.shape.dims;
  const count = a.windowDimensions.reduce((p, d) => p * d, 1);
  let taken: Node | undefined;
  let total: Node | undefined;
  for (let t = 0; t < count; t++) {
    const offset: number[] = [];
    let rest = t;
    for (let i = a.windowDimensions.length - 1; i >= 0; i--) {
      offset[i] = rest % a.windowDimensions[i]!;
      rest = Math.floor(rest / a.windowDimensions[i]!);
    }
    const start = offset.map((o, i) => o * a.windowDilations[i]!);
    const limit = start.map((s0, i) => s0 + (m[i]! - 1) * a.windowStrides[i]! + 1);
    const piece = slice(xp, start, limit, a.windowStrides);
    let hit = eq(piece, node);
    if (taken) hit = and(hit, not(taken));
    taken = taken ? or(taken, hit) : hit;
    const back = slicePrim.vjp!(piece, select(hit, g, 0))[0]!;
    total = total ? add(total, back) : back;
  }
  return padPrim.vjp!(xp, total!)[0]!;
}

/** Attributes of select_and_scatter: the selection and the window (dilations all 1). */
export interface SelectAndScatterAttrs extends WindowAttrs {
  /** GE picks the first maximum of each window, LE the first minimum. */
  readonly select: "GE" | "LE";
}

/**
 * `stablehlo.select_and_scatter`: in each window of the operand the selected element (first
 * max for GE, first min for LE; padding is never selected) receives the window's source
 * value, added onto the init value.
 */
export const selectAndScatterPrim: Primitive<SelectAndScatterAttrs> = {
  name: "select_and_scatter",
  api: "selectAndScatter",
  infer([x, source, init], a) {
    const api = "selectAndScatter";
    if (x!.dtype === "bool") throw new TsmlxError(api, `needs a numeric operand, got ${x!.typeString}`);
    if (a.select !== "GE" && a.select !== "LE")
      throw new TsmlxError(api, `select must be GE or LE, got ${a.select}`);
    const dims = checkWindow(api, x!, a, false);
    if (source!.dtype !== x!.dtype || !source!.shape.equals(new Shape(dims))) {
      throw new TsmlxError(
        api,
        `source must be ${x!.dtype}${formatDims(dims)} (one value per window of ${x!.typeString}), got ${source!.typeString}`,
      );
    }
    if (init!.dtype !== x!.dtype || init!.rank !== 0) {
      throw new TsmlxError(api, `init value must be a ${x!.dtype}[] scalar, got ${init!.typeString}`);
    }
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    const a = node.attributes as SelectAndScatterAttrs;
    const scalar = tensorType(node.dtype, []);
    const lhs = ctx.fresh("lhs");
    const rhs = ctx.fresh("rhs");
    const pick = ctx.fresh("pick");
    const bool = tensorType("bool", []);
    const cmpType = compareType(node.dtype);
    const select = [
      `^bb0(${lhs}: ${scalar}, ${rhs}: ${scalar}):`,
      `${pick} = "stablehlo.compare"(${lhs}, ${rhs}) {comparison_direction = #stablehlo<comparison_direction ${a.select}>, compare_type = #stablehlo<comparison_type ${cmpType}>} : (${scalar}, ${scalar}) -> ${bool}`,
      `"stablehlo.return"(${pick}) : (${bool}) -> ()`,
    ];
    const scatter = binaryRegion(ctx, scalar, "add");
    emitOp(
      ctx,
      node,
      [
        ["window_dimensions", i64Array(a.windowDimensions)],
        ["window_strides", i64Array(a.windowStrides)],
        ["padding", paddingAttr(a.padding)],
      ],
      [select, scatter],
    );
  },
  // Linear in the source and the init value: each window's source value gets the cotangent
  // at the element its window selected (none when only padding was there); the init value
  // gets the sum of the cotangent. The operand's gradient is zero almost everywhere.
  vjp(node, g) {
    const [x, , init] = node.operands as [Node, Node, Node];
    const a = node.attributes as SelectAndScatterAttrs;
    return [undefined, selectedCotangents(x, g, a), init.rank === 0 ? reduceSum(g) : undefined];
  },
};

/** For each window of `x`, the cotangent `g` at the element select_and_scatter selects. */
function selectedCotangents(x: Node, g: Node, a: SelectAndScatterAttrs): Node {
  const kind = a.select === "GE" ? "max" : "min";
  const lo = a.padding.map(([l]) => l);
  const hi = a.padding.map(([, h]) => h);
  const best = reduceWindow(x, kind, {
    windowDimensions: a.windowDimensions,
    windowStrides: a.windowStrides,
    padding: a.padding,
  });
  const xp = pad(x, lift("grad", x.graph, reduceInit(kind, x.dtype) as number | bigint, x.dtype), lo, hi);
  const real = pad(broadcastInDim(lift("grad", x.graph, true, "bool"), x.shape, []), false, lo, hi);
  const gp = pad(g, 0, lo, hi);
  const m = best.shape.dims;
  const count = a.windowDimensions.reduce((p, d) => p * d, 1);
  let taken: Node | undefined;
  let total: Node | undefined;
  for (let t = 0; t < count; t++) {
    const start: number[] = [];
    let rest = t;
    for (let i = a.windowDimensions.length - 1; i >= 0; i--) {
      start[i] = rest % a.windowDimensions[i]!;
      rest = Math.floor(rest / a.windowDimensions[i]!);
    }
    const limit = start.map((s0, i) => s0 + (m[i]! - 1) * a.windowStrides[i]! + 1);
    const cut = (n: Node) => slice(n, start, limit, a.windowStrides);
    let hit = and(eq(cut(xp), best), cut(real));
    if (taken) hit = and(hit, not(taken));
    taken = taken ? or(taken, hit) : hit;
    const picked = select(hit, cut(gp), 0);
    total = total ? add(total, picked) : picked;
  }
  return total!;
}

/** Options of {@link reduceWindow}: one entry per dim of the operand. */
export interface ReduceWindowOptions {
  readonly windowDimensions: readonly number[];
  /** Default 1 per dim. */
  readonly windowStrides?: readonly number[];
  /** Spacing between input elements (holes hold the init value); default 1. */
  readonly baseDilations?: readonly number[];
  /** Spacing between window elements; default 1. */
  readonly windowDilations?: readonly number[];
  /** `[lo, hi]` per dim, filled with the init value; default none. */
  readonly padding?: readonly (readonly [number, number])[];
}

/**
 * Reduces every window of `x` with sum, max or min (StableHLO's reduce_window).
 * `reduceWindow(x, "max", { windowDimensions: [1, 2, 2, 1], windowStrides: [1, 2, 2, 1] })` is a 2x2 max pool
 */
export function reduceWindow(x: Node, kind: WindowKind, options: ReduceWindowOptions): Node {
  if (!(x instanceof Node)) throw new TsmlxError("reduceWindow", `needs a graph node, got ${typeof x}`);
  const ones = x.shape.dims.map(() => 1);
  const init = scalarConstant(x.graph, reduceInit(kind, x.dtype) as number | bigint, x.dtype, "reduceWindow");
  return x.graph.apply(reduceWindowPrim, [x, init], {
    kind,
    windowDimensions: [...options.windowDimensions],
    windowStrides: [...(options.windowStrides ?? ones)],
    baseDilations: [...(options.baseDilations ?? ones)],
    windowDilations: [...(options.windowDilations ?? ones)],
    padding: (options.padding ?? ones.map(() => [0, 0] as const)).map(
      (p) => [p[0], p[1]] as [number, number],
    ),
  });
}

/** Options of {@link maxPool} and {@link avgPool}. */
export interface PoolOptions {
  /** Window size per spatial dim (one number for all). */
  readonly window: number | readonly number[];
  /** Default: the window (non-overlapping). */
  readonly strides?: number | readonly number[];
  /** "valid" (default), "same" or `[lo, hi]` per spatial dim. */
  readonly padding?: Padding;
  /** "NHWC" (default, channels last) or "NCHW". */
  readonly layout?: "NHWC" | "NCHW";
}

/** The full-rank window of a pooling op over the spatial dims of `x`. */
function poolWindow(api: string, x: Node, o: PoolOptions): ReduceWindowOptions {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  if (x.rank < 3) throw new TsmlxError(api, `needs batch, spatial and channel dims, got ${x.typeString}`);
  const n = x.rank - 2;
  const window = spatialList(api, "window", o.window, n, 1);
  const strides = spatialList(api, "strides", o.strides ?? window, n, 1);
  const first = o.layout === "NCHW" ? 2 : 1;
  const spatial = Array.from({ length: n }, (_, k) => first + k);
  const sizes = spatial.map((d) => x.shape.dims[d]!);
  const pads = padsFor(api, o.padding ?? "valid", sizes, window, strides);
  const full = (v: readonly number[], fill: number) =>
    x.shape.dims.map((_, d) => (spatial.includes(d) ? v[spatial.indexOf(d)]! : fill));
  return {
    windowDimensions: full(window, 1),
    windowStrides: full(strides, 1),
    padding: x.shape.dims.map((_, d) => (spatial.includes(d) ? pads[spatial.indexOf(d)]! : [0, 0])),
  };
}

/**
 * Max pooling over the spatial dims (padding never wins). Its gradient goes to the first
 * maximum of each window.
 * `maxPool(x, { window: 2 })` turns f32[8,32,32,16] into f32[8,16,16,16]
 */
export function maxPool(x: Node, options: PoolOptions): Node {
  return reduceWindow(x, "max", poolWindow("maxPool", x, options));
}

/**
 * Average pooling over the spatial dims; with padding, each window is divided by the number
 * of real elements in it.
 * `avgPool(x, { window: 3, strides: 1, padding: "same" })`
 */
export function avgPool(x: Node, options: PoolOptions): Node {
  const w = poolWindow("avgPool", x, options);
  const sums = reduceWindow(x, "sum", w);
  const padded = w.padding!.some(([lo, hi]) => lo !== 0 || hi !== 0);
  if (!padded) {
    const size = w.windowDimensions.reduce((p, d) => p * d, 1);
    return div(sums, size);
  }
  const ones = broadcastInDim(lift("avgPool", x.graph, 1, x.dtype), x.shape, []);
  return div(sums, reduceWindow(ones, "sum", w));
}

function cumulative(api: string, kind: WindowKind, x: Node, axis: number, reverse: boolean): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  const a = normAxis(api, axis, x.rank);
  const n = x.shape.dims[a]!;
  if (n === 0) return x;
  return reduceWindow(x, kind, {
    windowDimensions: x.shape.dims.map((_, d) => (d === a ? n : 1)),
    padding: x.shape.dims.map((_, d): [number, number] =>
      d !== a ? [0, 0] : reverse ? [0, n - 1] : [n - 1, 0],
    ),
  });
}

/** Options of the cumulative ops. */
export interface CumulativeOptions {
  /** Accumulate from the end instead. */
  readonly reverse?: boolean;
}

/**
 * Running sum along `axis` (inclusive). `cumsum(x, 0)` of `[1, 2, 3]` is `[1, 3, 6]`
 */
export function cumsum(x: Node, axis: number, options: CumulativeOptions = {}): Node {
  return cumulative("cumsum", "sum", x, axis, options.reverse ?? false);
}

/**
 * Running maximum along `axis`. `cummax(x, 0)` of `[1, 3, 2]` is `[1, 3, 3]`
 */
export function cummax(x: Node, axis: number, options: CumulativeOptions = {}): Node {
  return cumulative("cummax", "max", x, axis, options.reverse ?? false);
}
