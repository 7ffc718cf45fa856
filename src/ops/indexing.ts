/**
 * Indexing ops: gather and scatter with StableHLO's full dimension numbers, dynamic_slice and
 * dynamic_update_slice (start indices as scalar operands), and the helpers built on them:
 * `take` (embedding lookup), `takeAlongAxis`, `scatterAdd`, `oneHot`.
 *
 * Out-of-range starts follow the spec: gather and the dynamic slices clamp each start so the
 * whole slice lies inside the operand; scatter skips update elements whose target lies outside.
 */
import { type DType, isBigInt, isInteger } from "../core/dtype.js";
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape, type ShapeLike, toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import { constantPrim } from "../graph/creation.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, tensorType } from "../stablehlo/text.js";
import { compare, max, min } from "./binary.js";
import { convert } from "./convert.js";
import { iota } from "./creation.js";
import { normAxis, scalarConstant } from "./operand.js";
import { lowerRegion, type Region, traceRegion } from "./region.js";
import { broadcastInDim, reshape } from "./shaping.js";

function checkNode(api: string, x: unknown, what = "operand"): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `${what} must be a graph node, got ${typeof x}`);
  return x;
}

function intList(api: string, what: string, xs: unknown): readonly number[] {
  if (!Array.isArray(xs) || xs.some((v) => !Number.isInteger(v))) {
    throw new TsmlxError(api, `${what} must be a list of integers, got ${JSON.stringify(xs)}`);
  }
  return xs as number[];
}

/** Unique entries in [0, bound); optionally sorted. */
function checkDims(api: string, what: string, v: readonly number[], bound: number, sorted = false): void {
  v.forEach((d, i) => {
    if (d < 0 || d >= bound)
      throw new TsmlxError(api, `${what} ${formatDims(v)}: ${d} is out of range [0, ${bound})`);
    if (v.indexOf(d) !== i) throw new TsmlxError(api, `${what} ${formatDims(v)} repeats ${d}`);
    if (sorted && i > 0 && v[i - 1]! > d)
      throw new TsmlxError(api, `${what} ${formatDims(v)} must be sorted`);
  });
}

/** A zero-filled node shaped like `shape` (a broadcast scalar). */
function zeros(like: Node, dtype: DType = like.dtype, shape: Shape = like.shape): Node {
  const z = scalarConstant(like.graph, 0, dtype, "zeros");
  return shape.rank === 0 ? z : broadcastInDim(z, shape, []);
}

// ---------------------------------------------------------------- gather

/** StableHLO's gather dimension numbers (camelCase). Batching lists default to empty. */
export interface GatherDimensionNumbers {
  readonly offsetDims: readonly number[];
  readonly collapsedSliceDims: readonly number[];
  readonly operandBatchingDims?: readonly number[];
  readonly startIndicesBatchingDims?: readonly number[];
  readonly startIndexMap: readonly number[];
  readonly indexVectorDim: number;
}

/** Attributes of gather: complete dimension numbers, slice sizes, the sorted hint. */
export interface GatherAttrs {
  readonly [k: string]: unknown;
  readonly dims: Required<GatherDimensionNumbers>;
  readonly sliceSizes: readonly number[];
  readonly indicesAreSorted: boolean;
}

function gatherShape(
  api: string,
  x: Node,
  idx: Node,
  g: Required<GatherDimensionNumbers>,
  sizes: readonly number[],
) {
  const xr = x.rank;
  const ir = idx.rank;
  if (!isInteger(idx.dtype))
    throw new TsmlxError(api, `start indices must be integers, got ${idx.typeString}`);
  intList(api, "slice sizes", sizes);
  if (sizes.length !== xr) {
    throw new TsmlxError(api, `slice sizes ${formatDims(sizes)} need one entry per dim of ${x.typeString}`);
  }
  sizes.forEach((s, d) => {
    if (s < 0 || s > x.shape.dims[d]!) {
      throw new TsmlxError(api, `slice size ${s} of dim ${d} does not fit ${x.typeString}`);
    }
  });
  const ivd = g.indexVectorDim;
  if (!Number.isInteger(ivd) || ivd < 0 || ivd > ir) {
    throw new TsmlxError(api, `index vector dim ${ivd} is out of range [0, ${ir}] for ${idx.typeString}`);
  }
  const nvec = ivd < ir ? idx.shape.dims[ivd]! : 1;
  for (const [what, v] of Object.entries(g)) if (what !== "indexVectorDim") intList(api, what, v);
  checkDims(api, "offset dims", g.offsetDims, Number.MAX_SAFE_INTEGER, true);
  checkDims(api, "collapsed slice dims", g.collapsedSliceDims, xr, true);
  checkDims(api, "operand batching dims", g.operandBatchingDims, xr, true);
  checkDims(api, "start index map", g.startIndexMap, xr);
  checkDims(api, "start indices batching dims", g.startIndicesBatchingDims, ir);
  for (const d of g.collapsedSliceDims) {
    if (g.operandBatchingDims.includes(d))
      throw new TsmlxError(api, `dim ${d} is both collapsed and batching`);
    if (sizes[d]! > 1) throw new TsmlxError(api, `collapsed dim ${d} needs slice size 1, got ${sizes[d]}`);
  }
  for (const d of g.operandBatchingDims) {
    if (g.startIndexMap.includes(d))
      throw new TsmlxError(api, `batching dim ${d} is also in the start index map`);
    if (sizes[d]! > 1) throw new TsmlxError(api, `batching dim ${d} needs slice size 1, got ${sizes[d]}`);
  }
  if (g.startIndicesBatchingDims.includes(ivd)) {
    throw new TsmlxError(
      api,
      `start indices batching dims ${formatDims(g.startIndicesBatchingDims)} hold the index vector dim ${ivd}`,
    );
  }
  if (g.operandBatchingDims.length !== g.startIndicesBatchingDims.length) {
    throw new TsmlxError(
      api,
      `operand batching dims ${formatDims(g.operandBatchingDims)} and start indices batching dims ${formatDims(g.startIndicesBatchingDims)} differ in length`,
    );
  }
  g.operandBatchingDims.forEach((d, i) => {
    const a = x.shape.dims[d]!;
    const b = idx.shape.dims[g.startIndicesBatchingDims[i]!]!;
    if (a !== b)
      throw new TsmlxError(
        api,
        `batching dim sizes differ: ${x.typeString} dim ${d} is ${a}, ${idx.typeString} dim ${g.startIndicesBatchingDims[i]} is ${b}`,
      );
  });
  if (g.startIndexMap.length !== nvec) {
    throw new TsmlxError(
      api,
      `start index map ${formatDims(g.startIndexMap)} needs ${nvec} entries, the index vector size of ${idx.typeString}`,
    );
  }
  const batch = idx.shape.dims.filter((_, d) => d !== ivd);
  const offsets = sizes.filter(
    (_, d) => !g.collapsedSliceDims.includes(d) && !g.operandBatchingDims.includes(d),
  );
  if (offsets.length !== g.offsetDims.length) {
    throw new TsmlxError(api, `offset dims ${formatDims(g.offsetDims)} need ${offsets.length} entries`);
  }
  const rank = batch.length + offsets.length;
  const out: number[] = [];
  let bi = 0;
  let oi = 0;
  for (let d = 0; d < rank; d++) out.push(g.offsetDims.includes(d) ? offsets[oi++]! : batch[bi++]!);
  if (g.offsetDims.some((d) => d >= rank)) {
    throw new TsmlxError(
      api,
      `offset dims ${formatDims(g.offsetDims)} are out of range for a rank-${rank} result`,
    );
  }
  return new Shape(out);
}

function dimList(key: string, v: readonly number[]): string | undefined {
  return v.length === 0 ? undefined : `${key} = [${v.join(", ")}]`;
}

/** `stablehlo.gather`: slices of `operand` at starts read from `start_indices`. */
export const gatherPrim: Primitive<GatherAttrs> = {
  name: "gather",
  api: "gather",
  infer([x, idx], a) {
    return { dtype: x!.dtype, shape: gatherShape("gather", x!, idx!, a.dims, a.sliceSizes) };
  },
  lower(node, ctx) {
    const a = node.attributes as GatherAttrs;
    const g = a.dims;
    const fields = [
      dimList("offset_dims", g.offsetDims),
      dimList("collapsed_slice_dims", g.collapsedSliceDims),
      dimList("operand_batching_dims", g.operandBatchingDims),
      dimList("start_indices_batching_dims", g.startIndicesBatchingDims),
      dimList("start_index_map", g.startIndexMap),
      `index_vector_dim = ${g.indexVectorDim}`,
    ].filter((f) => f !== undefined);
    emitOp(ctx, node, [
      ["dimension_numbers", `#stablehlo.gather<${fields.join(", ")}>`],
      ["slice_sizes", i64Array(a.sliceSizes)],
      ["indices_are_sorted", String(a.indicesAreSorted)],
    ]);
  },
  vjp(node, ct) {
    // The operand's cotangent: the cotangent scatter-added at the starts gather used (clamped).
    const [x, idx] = node.operands as [Node, Node];
    const a = node.attributes as GatherAttrs;
    const g = a.dims;
    const starts = clampStarts(x, idx, g.indexVectorDim, g.startIndexMap, a.sliceSizes);
    const dx = scatter(zeros(x), starts, ct, {
      updateWindowDims: g.offsetDims,
      insertedWindowDims: g.collapsedSliceDims,
      inputBatchingDims: g.operandBatchingDims,
      scatterIndicesBatchingDims: g.startIndicesBatchingDims,
      scatterDimsToOperandDims: g.startIndexMap,
      indexVectorDim: g.indexVectorDim,
    });
    return [dx, undefined];
  },
};

/** The start indices clamped as gather clamps them: into [0, dim - slice size] per mapped dim. */
function clampStarts(
  x: Node,
  idx: Node,
  ivd: number,
  map: readonly number[],
  sizes: readonly number[],
): Node {
  const his = map.map((d) => x.shape.dims[d]! - sizes[d]!);
  const big = isBigInt(idx.dtype);
  const value = Tensor.fromValues(
    idx.dtype,
    [his.length],
    his.map((h) => (big ? BigInt(h) : h)),
  );
  const hiVec = x.graph.apply(constantPrim, [], { value });
  let hi: Node;
  if (ivd < idx.rank) hi = broadcastInDim(hiVec, idx.shape, [ivd]);
  else {
    const scalar = reshape(hiVec, []);
    hi = idx.rank === 0 ? scalar : broadcastInDim(scalar, idx.shape, []);
  }
  return max(min(idx, hi), 0);
}

/**
 * StableHLO gather with full dimension numbers (see the spec). Starts clamp so each slice lies
 * inside `operand`. `gather(table, ids, { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], indexVectorDim: 1 }, [1, 64])`
 */
export function gather(
  operand: Node,
  startIndices: Node,
  dims: GatherDimensionNumbers,
  sliceSizes: readonly number[],
  options: { readonly indicesAreSorted?: boolean } = {},
): Node {
  const x = checkNode("gather", operand);
  const idx = checkNode("gather", startIndices, "start indices");
  const full: Required<GatherDimensionNumbers> = {
    offsetDims: [...dims.offsetDims],
    collapsedSliceDims: [...dims.collapsedSliceDims],
    operandBatchingDims: [...(dims.operandBatchingDims ?? [])],
    startIndicesBatchingDims: [...(dims.startIndicesBatchingDims ?? [])],
    startIndexMap: [...dims.startIndexMap],
    indexVectorDim: dims.indexVectorDim,
  };
  return x.graph.apply(gatherPrim, [x, idx], {
    dims: full,
    sliceSizes: [...sliceSizes],
    indicesAreSorted: options.indicesAreSorted ?? false,
  });
}

// ---------------------------------------------------------------- scatter

/** StableHLO's scatter dimension numbers (camelCase). Batching lists default to empty. */
export interface ScatterDimensionNumbers {
  readonly updateWindowDims: readonly number[];
  readonly insertedWindowDims: readonly number[];
  readonly inputBatchingDims?: readonly number[];
  readonly scatterIndicesBatchingDims?: readonly number[];
  readonly scatterDimsToOperandDims: readonly number[];
  readonly indexVectorDim: number;
}

/** How scatter combines the current value with an update: its update computation. */
export type ScatterCombiner = "add" | "replace" | "mul" | "max" | "min";

const COMBINER_OP: Record<Exclude<ScatterCombiner, "replace">, string> = {
  add: "add",
  mul: "multiply",
  max: "maximum",
  min: "minimum",
};

/** Attributes of scatter. */
export interface ScatterAttrs {
  readonly [k: string]: unknown;
  readonly dims: Required<ScatterDimensionNumbers>;
  /** A named update computation, or `custom` with the traced `region`. */
  readonly combiner: ScatterCombiner | "custom";
  readonly region?: Region;
  readonly indicesAreSorted: boolean;
  readonly uniqueIndices: boolean;
}

function checkScatter(api: string, x: Node, idx: Node, u: Node, s: Required<ScatterDimensionNumbers>): void {
  if (!isInteger(idx.dtype))
    throw new TsmlxError(api, `scatter indices must be integers, got ${idx.typeString}`);
  if (u.dtype !== x.dtype)
    throw new TsmlxError(api, `updates ${u.typeString} and input ${x.typeString} differ in dtype`);
  const xr = x.rank;
  const ir = idx.rank;
  const ur = u.rank;
  const ivd = s.indexVectorDim;
  if (!Number.isInteger(ivd) || ivd < 0 || ivd > ir) {
    throw new TsmlxError(api, `index vector dim ${ivd} is out of range [0, ${ir}] for ${idx.typeString}`);
  }
  for (const [what, v] of Object.entries(s)) if (what !== "indexVectorDim") intList(api, what, v);
  const nvec = ivd < ir ? idx.shape.dims[ivd]! : 1;
  checkDims(api, "update window dims", s.updateWindowDims, ur, true);
  checkDims(api, "inserted window dims", s.insertedWindowDims, xr, true);
  checkDims(api, "input batching dims", s.inputBatchingDims, xr, true);
  checkDims(api, "scatter dims to operand dims", s.scatterDimsToOperandDims, xr);
  checkDims(api, "scatter indices batching dims", s.scatterIndicesBatchingDims, ir);
  for (const d of s.insertedWindowDims) {
    if (s.inputBatchingDims.includes(d)) throw new TsmlxError(api, `dim ${d} is both inserted and batching`);
  }
  for (const d of s.inputBatchingDims) {
    if (s.scatterDimsToOperandDims.includes(d))
      throw new TsmlxError(api, `batching dim ${d} is also a scatter dim`);
  }
  if (s.scatterIndicesBatchingDims.includes(ivd)) {
    throw new TsmlxError(api, `scatter indices batching dims hold the index vector dim ${ivd}`);
  }
  if (s.inputBatchingDims.length !== s.scatterIndicesBatchingDims.length) {
    throw new TsmlxError(api, "input batching dims and scatter indices batching dims differ in length");
  }
  s.inputBatchingDims.forEach((d, i) => {
    const a = x.shape.dims[d]!;
    const b = idx.shape.dims[s.scatterIndicesBatchingDims[i]!]!;
    if (a !== b)
      throw new TsmlxError(
        api,
        `batching dim sizes differ: ${x.typeString} dim ${d} is ${a}, ${idx.typeString} is ${b}`,
      );
  });
  if (s.scatterDimsToOperandDims.length !== nvec) {
    throw new TsmlxError(
      api,
      `scatter dims to operand dims ${formatDims(s.scatterDimsToOperandDims)} need ${nvec} entries, the index vector size of ${idx.typeString}`,
    );
  }
  if (s.updateWindowDims.length + s.insertedWindowDims.length + s.inputBatchingDims.length !== xr) {
    throw new TsmlxError(
      api,
      `update window dims ${formatDims(s.updateWindowDims)}, inserted window dims ${formatDims(s.insertedWindowDims)} and input batching dims ${formatDims(s.inputBatchingDims)} must cover the ${xr} dims of ${x.typeString}`,
    );
  }
  const batch = idx.shape.dims.filter((_, d) => d !== ivd);
  const scatterDims = u.shape.dims.filter((_, d) => !s.updateWindowDims.includes(d));
  if (batch.length !== scatterDims.length || batch.some((b, i) => b !== scatterDims[i])) {
    throw new TsmlxError(
      api,
      `updates ${u.typeString} have scatter dims ${formatDims(scatterDims)}, but indices ${idx.typeString} give ${formatDims(batch)}`,
    );
  }
  let wi = 0;
  for (let d = 0; d < xr; d++) {
    if (s.insertedWindowDims.includes(d) || s.inputBatchingDims.includes(d)) continue;
    const w = u.shape.dims[s.updateWindowDims[wi++]!]!;
    if (w > x.shape.dims[d]!) {
      throw new TsmlxError(
        api,
        `update window ${u.typeString} is larger than input ${x.typeString} in dim ${d}`,
      );
    }
  }
}

/** The gather that reads, per update element, the position scatter writes (for gradients). */
function gatherAtScatter(ct: Node, idx: Node, u: Node, s: Required<ScatterDimensionNumbers>): Node {
  const sizes: number[] = [];
  let wi = 0;
  for (let d = 0; d < ct.rank; d++) {
    if (s.insertedWindowDims.includes(d) || s.inputBatchingDims.includes(d)) sizes.push(1);
    else sizes.push(u.shape.dims[s.updateWindowDims[wi++]!]!);
  }
  return gather(
    ct,
    idx,
    {
      offsetDims: s.updateWindowDims,
      collapsedSliceDims: s.insertedWindowDims,
      operandBatchingDims: s.inputBatchingDims,
      startIndicesBatchingDims: s.scatterIndicesBatchingDims,
      startIndexMap: s.scatterDimsToOperandDims,
      indexVectorDim: s.indexVectorDim,
    },
    sizes,
  );
}

/** `stablehlo.scatter` of one input with an add/replace/multiply/max/min update computation. */
export const scatterPrim: Primitive<ScatterAttrs> = {
  name: "scatter",
  api: "scatter",
  infer([x, idx, u], a) {
    if (a.combiner === "custom") {
      const r = a.region;
      const sc = `${x!.dtype}[]`;
      const outs = r?.outputs ?? [];
      if (outs.length !== 1 || outs[0]!.dtype !== x!.dtype || outs[0]!.rank !== 0) {
        throw new TsmlxError(
          "scatter",
          `the combine function must return one ${sc} scalar, got ${outs.map((o) => o.typeString).join(", ") || "nothing"}`,
        );
      }
    } else if (!(a.combiner in COMBINER_OP) && a.combiner !== "replace") {
      throw new TsmlxError(
        "scatter",
        `unknown combiner ${String(a.combiner)}; use add, replace, mul, max or min`,
      );
    }
    if (x!.dtype === "bool" && a.combiner !== "replace") {
      throw new TsmlxError("scatter", `combiner ${a.combiner} needs a numeric input, got ${x!.typeString}`);
    }
    checkScatter("scatter", x!, idx!, u!, a.dims);
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    const a = node.attributes as ScatterAttrs;
    const s = a.dims;
    const sc = tensorType(node.dtype, []);
    const cur = ctx.fresh("cur");
    const upd = ctx.fresh("upd");
    let region = [`^bb0(${cur}: ${sc}, ${upd}: ${sc}):`];
    if (a.combiner === "custom") {
      region = lowerRegion(ctx, a.region!, [cur, upd], true);
    } else if (a.combiner === "replace") {
      region.push(`"stablehlo.return"(${upd}) : (${sc}) -> ()`);
    } else {
      const out = ctx.fresh("new");
      region.push(
        `${out} = "stablehlo.${COMBINER_OP[a.combiner]}"(${cur}, ${upd}) : (${sc}, ${sc}) -> ${sc}`,
      );
      region.push(`"stablehlo.return"(${out}) : (${sc}) -> ()`);
    }
    const fields = [
      dimList("update_window_dims", s.updateWindowDims),
      dimList("inserted_window_dims", s.insertedWindowDims),
      dimList("input_batching_dims", s.inputBatchingDims),
      dimList("scatter_indices_batching_dims", s.scatterIndicesBatchingDims),
      dimList("scatter_dims_to_operand_dims", s.scatterDimsToOperandDims),
      `index_vector_dim = ${s.indexVectorDim}`,
    ].filter((f) => f !== undefined);
    emitOp(
      ctx,
      node,
      [
        ["scatter_dimension_numbers", `#stablehlo.scatter<${fields.join(", ")}>`],
        ["indices_are_sorted", String(a.indicesAreSorted)],
        ["unique_indices", String(a.uniqueIndices)],
      ],
      [region],
    );
  },
  vjp(node, ct) {
    const [, idx, u] = node.operands as [Node, Node, Node];
    const a = node.attributes as ScatterAttrs;
    if (a.combiner === "add") {
      // Updates at in-range targets read the cotangent there (out-of-range ones read a clamped
      // position: keep indices in range when differentiating).
      return [ct, undefined, gatherAtScatter(ct, idx, u, a.dims)];
    }
    if (a.combiner === "replace") {
      // Overwritten input elements get no gradient; each update gets the cotangent where it
      // landed (exact for unique indices).
      const dx = scatter(ct, idx, zeros(u), a.dims, { combiner: "replace" });
      return [dx, undefined, gatherAtScatter(ct, idx, u, a.dims)];
    }
    throw new TsmlxError(
      "scatter",
      `no gradient for the ${a.combiner} combiner; only add and replace are differentiable`,
    );
  },
};

/** Options of {@link scatter}. */
export interface ScatterOptions {
  /**
   * The update computation: a named one (default `add`), or a function of two scalars
   * (current value, update) returning the new value, traced into the op's region
   * (not differentiable).
   */
  readonly combiner?: ScatterCombiner | ((current: Node, update: Node) => Node);
  readonly indicesAreSorted?: boolean;
  readonly uniqueIndices?: boolean;
}

/**
 * StableHLO scatter with full dimension numbers: combines `updates` into a copy of `input` at
 * positions read from `indices` (update elements landing outside `input` are skipped).
 * `scatter(zeros, ids, rows, { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0], indexVectorDim: 1 })`
 */
export function scatter(
  input: Node,
  indices: Node,
  updates: Node,
  dims: ScatterDimensionNumbers,
  options: ScatterOptions = {},
): Node {
  const x = checkNode("scatter", input);
  const idx = checkNode("scatter", indices, "indices");
  const u = checkNode("scatter", updates, "updates");
  const full: Required<ScatterDimensionNumbers> = {
    updateWindowDims: [...dims.updateWindowDims],
    insertedWindowDims: [...dims.insertedWindowDims],
    inputBatchingDims: [...(dims.inputBatchingDims ?? [])],
    scatterIndicesBatchingDims: [...(dims.scatterIndicesBatchingDims ?? [])],
    scatterDimsToOperandDims: [...dims.scatterDimsToOperandDims],
    indexVectorDim: dims.indexVectorDim,
  };
  const c = options.combiner ?? "add";
  const custom = typeof c === "function";
  const scalar = { dtype: x.dtype, shape: new Shape([]) };
  return x.graph.apply(scatterPrim, [x, idx, u], {
    dims: full,
    combiner: custom ? "custom" : c,
    ...(custom ? { region: traceRegion("scatter", "combine", [scalar, scalar], c) } : {}),
    indicesAreSorted: options.indicesAreSorted ?? false,
    uniqueIndices: options.uniqueIndices ?? false,
  });
}

// ---------------------------------------------------------------- take, takeAlongAxis, scatterAdd

/** Dimension numbers of `take` along `axis` with indices of rank `ir` (shared by scatterAdd). */
function takeDims(rank: number, axis: number, ir: number) {
  const offset: number[] = [];
  for (let d = 0; d < rank; d++) if (d !== axis) offset.push(d < axis ? d : d - 1 + ir);
  return { offset, ivd: ir };
}

/**
 * Picks entries of `x` along `axis` at integer `indices` (any shape): the result's dims are
 * `x`'s before `axis`, then `indices`', then `x`'s after. Indices outside [0, n) clamp.
 * `take(embeddings, tokenIds)` is an embedding lookup: `f32[V,D]` and `i32[B,T]` give `f32[B,T,D]`
 */
export function take(x: Node, indices: Node, axis = 0): Node {
  x = checkNode("take", x);
  const idx = checkNode("take", indices, "indices");
  if (!isInteger(idx.dtype)) throw new TsmlxError("take", `indices must be integers, got ${idx.typeString}`);
  const a = normAxis("take", axis, x.rank);
  const { offset, ivd } = takeDims(x.rank, a, idx.rank);
  return gather(
    x,
    idx,
    { offsetDims: offset, collapsedSliceDims: [a], startIndexMap: [a], indexVectorDim: ivd },
    x.shape.dims.map((d, i) => (i === a ? 1 : d)),
  );
}

/**
 * numpy's take_along_axis: `out[..., j, ...] = x[..., indices[..., j, ...], ...]` along `axis`;
 * `indices` has `x`'s rank and dims except along `axis`. Indices outside [0, n) clamp.
 * `takeAlongAxis(logits, argmaxIds, 1)`
 */
export function takeAlongAxis(x: Node, indices: Node, axis: number): Node {
  x = checkNode("takeAlongAxis", x);
  const idx = checkNode("takeAlongAxis", indices, "indices");
  if (!isInteger(idx.dtype))
    throw new TsmlxError("takeAlongAxis", `indices must be integers, got ${idx.typeString}`);
  const a = normAxis("takeAlongAxis", axis, x.rank);
  if (idx.rank !== x.rank || idx.shape.dims.some((d, i) => i !== a && d !== x.shape.dims[i])) {
    throw new TsmlxError(
      "takeAlongAxis",
      `indices ${idx.typeString} must match ${x.typeString} in every dim but axis ${a}`,
    );
  }
  const batch = x.shape.dims.map((_, i) => i).filter((i) => i !== a);
  return gather(
    x,
    idx,
    {
      offsetDims: [],
      collapsedSliceDims: [a],
      operandBatchingDims: batch,
      startIndicesBatchingDims: batch,
      startIndexMap: [a],
      indexVectorDim: idx.rank,
    },
    x.shape.dims.map(() => 1),
  );
}

/**
 * Adds `updates` into `x` at `indices` along `axis` (repeated indices accumulate; indices
 * outside [0, n) are skipped): the transpose of {@link take}. `updates` has the shape
 * `take(x, indices, axis)` would have. `scatterAdd(zeros, tokenIds, grads)`
 */
export function scatterAdd(x: Node, indices: Node, updates: Node, axis = 0): Node {
  x = checkNode("scatterAdd", x);
  const idx = checkNode("scatterAdd", indices, "indices");
  const a = normAxis("scatterAdd", axis, x.rank);
  const { offset, ivd } = takeDims(x.rank, a, idx.rank);
  return scatter(x, idx, updates, {
    updateWindowDims: offset,
    insertedWindowDims: [a],
    scatterDimsToOperandDims: [a],
    indexVectorDim: ivd,
  });
}

/**
 * One-hot encoding: appends a dim of size `depth`, 1 where it equals the index, else 0
 * (indices outside [0, depth) give all zeros). `oneHot(labels, 10)` turns `i32[B]` into `f32[B,10]`
 */
export function oneHot(indices: Node, depth: number, dtype: DType = "f32"): Node {
  const idx = checkNode("oneHot", indices, "indices");
  if (!isInteger(idx.dtype))
    throw new TsmlxError("oneHot", `indices must be integers, got ${idx.typeString}`);
  if (!Number.isInteger(depth) || depth < 0)
    throw new TsmlxError("oneHot", `depth must be a non-negative integer, got ${depth}`);
  const shape = new Shape([...idx.shape.dims, depth]);
  const b = broadcastInDim(
    idx,
    shape,
    idx.shape.dims.map((_, i) => i),
  );
  const positions = iota(idx.graph, idx.dtype, shape, idx.rank);
  return convert(compare(b, positions, "EQ"), dtype);
}

// ---------------------------------------------------------------- dynamic_slice, dynamic_update_slice

/** A start index: a scalar integer node or a JS integer. */
export type StartIndex = Node | number | bigint;

/** Turns start indices into scalar nodes of one integer dtype (that of the node starts, else i32). */
function startNodes(api: string, x: Node, starts: readonly StartIndex[]): Node[] {
  if (!Array.isArray(starts) || starts.length !== x.rank) {
    throw new TsmlxError(
      api,
      `needs ${x.rank} start indices for ${x.typeString}, got ${Array.isArray(starts) ? starts.length : typeof starts}`,
    );
  }
  const nodes = starts.filter((s): s is Node => s instanceof Node);
  const dtype = nodes[0]?.dtype ?? (starts.some((s) => typeof s === "bigint") ? "i64" : "i32");
  return starts.map((s) => {
    if (s instanceof Node) {
      if (s.rank !== 0 || !isInteger(s.dtype))
        throw new TsmlxError(api, `start index ${s.typeString} must be an integer scalar`);
      if (s.dtype !== dtype)
        throw new TsmlxError(api, `start indices differ in dtype: ${s.dtype} vs ${dtype}`);
      return s;
    }
    return scalarConstant(x.graph, s, dtype, api);
  });
}

function checkStarts(api: string, x: Node, starts: readonly Node[]): void {
  if (starts.length !== x.rank)
    throw new TsmlxError(api, `needs ${x.rank} start indices for ${x.typeString}, got ${starts.length}`);
  for (const s of starts) {
    if (s.rank !== 0 || !isInteger(s.dtype))
      throw new TsmlxError(api, `start index ${s.typeString} must be an integer scalar`);
    if (s.dtype !== starts[0]!.dtype)
      throw new TsmlxError(api, `start indices differ in dtype: ${s.dtype} vs ${starts[0]!.dtype}`);
  }
}

/** Attributes of dynamic_slice. */
export interface DynamicSliceAttrs {
  readonly [k: string]: unknown;
  readonly sliceSizes: readonly number[];
}

/** `stablehlo.dynamic_slice`: a slice of static size at runtime starts (clamped into range). */
export const dynamicSlicePrim: Primitive<DynamicSliceAttrs> = {
  name: "dynamic_slice",
  api: "dynamicSlice",
  infer([x, ...starts], { sliceSizes }) {
    const api = "dynamicSlice";
    checkStarts(api, x!, starts);
    intList(api, "slice sizes", sliceSizes);
    if (sliceSizes.length !== x!.rank || sliceSizes.some((s, i) => s < 0 || s > x!.shape.dims[i]!)) {
      throw new TsmlxError(api, `slice sizes ${formatDims(sliceSizes)} do not fit ${x!.typeString}`);
    }
    return { dtype: x!.dtype, shape: new Shape(sliceSizes) };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["slice_sizes", i64Array((node.attributes as DynamicSliceAttrs).sliceSizes)]]);
  },
  vjp(node, ct) {
    const [x, ...starts] = node.operands as Node[];
    const dx = node.graph.apply(dynamicUpdateSlicePrim, [zeros(x!), ct, ...starts], {});
    return [dx, ...starts.map(() => undefined)];
  },
};

/**
 * A slice of size `sizes` starting at `starts` (nodes or numbers), each start clamped into
 * [0, dim - size]. `dynamicSlice(cache, [0, pos, 0], [1, 1, 64])`
 */
export function dynamicSlice(x: Node, starts: readonly StartIndex[], sizes: ShapeLike): Node {
  x = checkNode("dynamicSlice", x);
  const s = startNodes("dynamicSlice", x, starts);
  return x.graph.apply(dynamicSlicePrim, [x, ...s], { sliceSizes: [...toShape(sizes).dims] });
}

/** `stablehlo.dynamic_update_slice`: `operand` with `update` written at runtime starts (clamped). */
export const dynamicUpdateSlicePrim: Primitive = {
  name: "dynamic_update_slice",
  api: "dynamicUpdateSlice",
  infer([x, u, ...starts]) {
    const api = "dynamicUpdateSlice";
    if (u!.dtype !== x!.dtype || u!.rank !== x!.rank || u!.shape.dims.some((d, i) => d > x!.shape.dims[i]!)) {
      throw new TsmlxError(api, `update ${u!.typeString} does not fit operand ${x!.typeString}`);
    }
    checkStarts(api, x!, starts);
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp(node, ct) {
    const [, u, ...starts] = node.operands as Node[];
    const dx = node.graph.apply(dynamicUpdateSlicePrim, [ct, zeros(u!), ...starts], {});
    const du = node.graph.apply(dynamicSlicePrim, [ct, ...starts], { sliceSizes: [...u!.shape.dims] });
    return [dx, du, ...starts.map(() => undefined)];
  },
};

/**
 * `x` with `update` written at `starts` (each clamped into [0, dim - update dim]); the
 * KV-cache write. `dynamicUpdateSlice(cache, step, [0, pos, 0])`
 */
export function dynamicUpdateSlice(x: Node, update: Node, starts: readonly StartIndex[]): Node {
  x = checkNode("dynamicUpdateSlice", x);
  const u = checkNode("dynamicUpdateSlice", update, "update");
  const s = startNodes("dynamicUpdateSlice", x, starts);
  return x.graph.apply(dynamicUpdateSlicePrim, [x, u, ...s], {});
}
