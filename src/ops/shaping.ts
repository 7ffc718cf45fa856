/**
 * Ops that move elements without computing: broadcast_in_dim, reshape, transpose, slice,
 * concatenate, pad.
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape, type ShapeLike, toShape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, i64Attr } from "../stablehlo/text.js";
import { broadcastToShape, lift, normAxis, type Operand } from "./operand.js";
import { reduceSum } from "./reduce.js";

function checkNode(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  return x;
}

function intList(api: string, what: string, xs: readonly number[]): void {
  if (!Array.isArray(xs) || xs.some((v) => !Number.isInteger(v))) {
    throw new TsmlxError(api, `${what} must be a list of integers, got ${JSON.stringify(xs)}`);
  }
}

// ---------------------------------------------------------------- broadcast_in_dim

/** Attributes of broadcast_in_dim: result shape and where each operand dim goes. */
export interface BroadcastInDimAttrs {
  readonly [k: string]: unknown;
  readonly shape: Shape;
  readonly dims: readonly number[];
}

/** `stablehlo.broadcast_in_dim`. */
export const broadcastInDimPrim: Primitive<BroadcastInDimAttrs> = {
  name: "broadcast_in_dim",
  api: "broadcastInDim",
  infer([x], { shape, dims }) {
    const api = "broadcastInDim";
    intList(api, "broadcast dims", dims);
    if (dims.length !== x!.rank) {
      throw new TsmlxError(
        api,
        `needs one broadcast dim per operand dim: ${x!.typeString} got ${formatDims(dims)}`,
      );
    }
    dims.forEach((d, i) => {
      if (d < 0 || d >= shape.rank) {
        throw new TsmlxError(api, `broadcast dim ${d} is out of range for result ${x!.dtype}${shape}`);
      }
      if (dims.indexOf(d) !== i) throw new TsmlxError(api, `broadcast dims ${formatDims(dims)} repeat ${d}`);
      const od = x!.shape.dims[i]!;
      if (od !== 1 && od !== shape.dims[d]) {
        throw new TsmlxError(
          api,
          `operand dim ${i} of ${x!.typeString} is ${od}, must be 1 or ${shape.dims[d]} (dim ${d} of ${x!.dtype}${shape})`,
        );
      }
    });
    return { dtype: x!.dtype, shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["broadcast_dimensions", i64Array((node.attributes as BroadcastInDimAttrs).dims)]]);
  },
  // Sum over the dims the broadcast created or stretched, then put the operand's dims back.
  vjp(node, g) {
    const x = node.operands[0]!;
    const { dims } = node.attributes as BroadcastInDimAttrs;
    const kept = dims.filter((d, i) => x.shape.dims[i] === node.shape.dims[d]);
    const summed = node.shape.dims.map((_, d) => d).filter((d) => !kept.includes(d));
    let r = summed.length > 0 ? reduceSum(g, summed) : g;
    // r's dims are the kept result dims in ascending order; order them like the operand's.
    const keptOperand = dims.map((d, i) => [d, i] as const).filter(([d]) => kept.includes(d));
    const ascending = [...keptOperand].sort((p, q) => p[0] - q[0]);
    const perm = keptOperand.map(([d]) => ascending.findIndex(([e]) => e === d));
    if (perm.some((p, i) => p !== i)) r = transpose(r, perm);
    return [reshape(r, x.shape.dims)];
  },
};

/**
 * Broadcasts `x` to `shape`, operand dim i going to result dim `dims[i]` (StableHLO's
 * broadcast_in_dim). `broadcastInDim(v, [2, 3], [1])` repeats a `[3]` vector in 2 rows.
 */
export function broadcastInDim(x: Node, shape: ShapeLike, dims: readonly number[]): Node {
  x = checkNode("broadcastInDim", x);
  return x.graph.apply(broadcastInDimPrim, [x], { shape: toShape(shape), dims: [...dims] });
}

/** Broadcasts `x` to `shape` by numpy rules (trailing dims aligned). `broadcastTo(v, [2, 3])` */
export function broadcastTo(x: Node, shape: ShapeLike): Node {
  return broadcastToShape("broadcastTo", checkNode("broadcastTo", x), toShape(shape));
}

// ---------------------------------------------------------------- reshape

/** Attributes of reshape. */
export interface ReshapeAttrs {
  readonly [k: string]: unknown;
  readonly shape: Shape;
}

/** `stablehlo.reshape`: same elements in row-major order, new dims. */
export const reshapePrim: Primitive<ReshapeAttrs> = {
  name: "reshape",
  api: "reshape",
  infer([x], { shape }) {
    if (shape.size !== x!.shape.size) {
      throw new TsmlxError(
        "reshape",
        `cannot reshape ${x!.typeString} to ${shape}: sizes ${x!.shape.size} vs ${shape.size}`,
      );
    }
    return { dtype: x!.dtype, shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp: (node, g) => [reshape(g, node.operands[0]!.shape.dims)],
};

/**
 * Reshapes `x` (row-major); one dim may be -1 and is then inferred.
 * `reshape(x, [3, -1])` turns `f32[2,3]` into `f32[3,2]`
 */
export function reshape(x: Node, dims: readonly number[]): Node {
  x = checkNode("reshape", x);
  intList("reshape", "dims", dims);
  const free = dims.filter((d) => d === -1).length;
  if (free > 1 || dims.some((d) => d < -1)) {
    throw new TsmlxError(
      "reshape",
      `dims ${formatDims(dims)} may hold at most one -1 and no other negatives`,
    );
  }
  let out = [...dims];
  if (free === 1) {
    const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (known === 0 || x.shape.size % known !== 0) {
      throw new TsmlxError("reshape", `cannot reshape ${x.typeString} to ${formatDims(dims)}`);
    }
    out = dims.map((d) => (d === -1 ? x.shape.size / known : d));
  }
  const shape = new Shape(out);
  if (shape.equals(x.shape)) return x;
  return x.graph.apply(reshapePrim, [x], { shape });
}

// ---------------------------------------------------------------- transpose

/** Attributes of transpose. */
export interface TransposeAttrs {
  readonly [k: string]: unknown;
  readonly permutation: readonly number[];
}

/** `stablehlo.transpose`: result dim i is operand dim `permutation[i]`. */
export const transposePrim: Primitive<TransposeAttrs> = {
  name: "transpose",
  api: "transpose",
  infer([x], { permutation }) {
    intList("transpose", "permutation", permutation);
    const r = x!.rank;
    const sorted = [...permutation].sort((a, b) => a - b);
    if (permutation.length !== r || sorted.some((v, i) => v !== i)) {
      throw new TsmlxError(
        "transpose",
        `permutation ${formatDims(permutation)} is not a permutation of the ${r} dims of ${x!.typeString}`,
      );
    }
    return { dtype: x!.dtype, shape: new Shape(permutation.map((p) => x!.shape.dims[p]!)) };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["permutation", i64Array((node.attributes as TransposeAttrs).permutation)]]);
  },
  vjp(node, g) {
    const p = (node.attributes as TransposeAttrs).permutation;
    const inverse = p.map((_, i) => p.indexOf(i));
    return [transpose(g, inverse)];
  },
};

/** Permutes dims (default: reverses them). `transpose(x, [1, 0])` turns `f32[2,3]` into `f32[3,2]` */
export function transpose(x: Node, permutation?: readonly number[]): Node {
  x = checkNode("transpose", x);
  const perm = permutation ? [...permutation] : x.shape.dims.map((_, i) => x.rank - 1 - i);
  return x.graph.apply(transposePrim, [x], { permutation: perm });
}

// ---------------------------------------------------------------- slice

/** Attributes of slice. */
export interface SliceAttrs {
  readonly [k: string]: unknown;
  readonly start: readonly number[];
  readonly limit: readonly number[];
  readonly strides: readonly number[];
}

/** `stablehlo.slice`: elements from start (inclusive) to limit (exclusive) with strides. */
export const slicePrim: Primitive<SliceAttrs> = {
  name: "slice",
  api: "slice",
  infer([x], { start, limit, strides }) {
    const api = "slice";
    for (const [what, l] of [
      ["start", start],
      ["limit", limit],
      ["strides", strides],
    ] as const) {
      intList(api, what, l);
      if (l.length !== x!.rank) {
        throw new TsmlxError(api, `${what} ${formatDims(l)} needs ${x!.rank} entries for ${x!.typeString}`);
      }
    }
    const dims = x!.shape.dims.map((d, i) => {
      const s = start[i]!;
      const e = limit[i]!;
      const k = strides[i]!;
      if (k < 1) throw new TsmlxError(api, `stride ${k} of dim ${i} must be >= 1`);
      if (s < 0 || s > e || e > d) {
        throw new TsmlxError(api, `dim ${i} of ${x!.typeString}: need 0 <= start ${s} <= limit ${e} <= ${d}`);
      }
      return Math.ceil((e - s) / k);
    });
    return { dtype: x!.dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    const a = node.attributes as SliceAttrs;
    emitOp(ctx, node, [
      ["start_indices", i64Array(a.start)],
      ["limit_indices", i64Array(a.limit)],
      ["strides", i64Array(a.strides)],
    ]);
  },
  // Pads the cotangent back to the operand's shape: zeros between strided picks and outside.
  vjp(node, g) {
    const x = node.operands[0]!;
    const a = node.attributes as SliceAttrs;
    if (node.shape.size === 0) return [zerosOf(x)];
    const low = a.start;
    const high = x.shape.dims.map(
      (d, i) => d - (a.start[i]! + (node.shape.dims[i]! - 1) * a.strides[i]! + 1),
    );
    return [
      pad(
        g,
        0,
        low,
        high,
        a.strides.map((k) => k - 1),
      ),
    ];
  },
};

function zerosOf(x: Node): Node {
  return broadcastInDim(lift("grad", x.graph, 0, x.dtype), x.shape, []);
}

/**
 * A strided slice: `start` inclusive, `limit` exclusive, `strides` default 1 per dim.
 * `slice(x, [0, 1], [2, 3])` takes columns 1 and 2 of an `f32[2,3]`
 */
export function slice(
  x: Node,
  start: readonly number[],
  limit: readonly number[],
  strides?: readonly number[],
): Node {
  x = checkNode("slice", x);
  return x.graph.apply(slicePrim, [x], {
    start: [...start],
    limit: [...limit],
    strides: strides ? [...strides] : start.map(() => 1),
  });
}

// ---------------------------------------------------------------- concatenate

/** Attributes of concatenate. */
export interface ConcatenateAttrs {
  readonly [k: string]: unknown;
  readonly dimension: number;
}

/** `stablehlo.concatenate`: joins operands along one dim. */
export const concatenatePrim: Primitive<ConcatenateAttrs> = {
  name: "concatenate",
  api: "concatenate",
  infer(xs, { dimension }) {
    const api = "concatenate";
    if (xs.length === 0) throw new TsmlxError(api, "needs at least one operand");
    const first = xs[0]!;
    if (first.rank === 0) throw new TsmlxError(api, `cannot concatenate scalars (${first.typeString})`);
    const dims = [...first.shape.dims];
    dims[dimension] = 0;
    for (const x of xs) {
      if (x.dtype !== first.dtype) {
        throw new TsmlxError(api, `dtypes differ: ${xs.map((n) => n.typeString).join(", ")}`);
      }
      const ok =
        x.rank === first.rank && x.shape.dims.every((d, i) => i === dimension || d === first.shape.dims[i]);
      if (!ok) {
        throw new TsmlxError(
          api,
          `shapes must match except in dim ${dimension}: ${xs.map((n) => n.typeString).join(", ")}`,
        );
      }
      dims[dimension]! += x.shape.dims[dimension]!;
    }
    return { dtype: first.dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["dimension", i64Attr((node.attributes as ConcatenateAttrs).dimension)]]);
  },
  vjp(node, g) {
    const { dimension } = node.attributes as ConcatenateAttrs;
    let at = 0;
    return node.operands.map((o) => {
      const start = node.shape.dims.map((_, i) => (i === dimension ? at : 0));
      at += o.shape.dims[dimension]!;
      const limit = node.shape.dims.map((d, i) => (i === dimension ? at : d));
      return slice(g, start, limit);
    });
  },
};

/** Concatenates nodes along `axis` (negative counts from the end). `concatenate([a, b], 0)` */
export function concatenate(xs: readonly Node[], axis = 0): Node {
  if (xs.length === 0) throw new TsmlxError("concatenate", "needs at least one operand");
  const first = checkNode("concatenate", xs[0]);
  const dimension = normAxis("concatenate", axis, first.rank);
  return first.graph.apply(concatenatePrim, xs, { dimension });
}

// ---------------------------------------------------------------- pad

/** Attributes of pad. */
export interface PadAttrs {
  readonly [k: string]: unknown;
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly interior: readonly number[];
}

/** `stablehlo.pad`: edge padding (negative crops) and interior padding between elements. */
export const padPrim: Primitive<PadAttrs> = {
  name: "pad",
  api: "pad",
  infer([x, v], { low, high, interior }) {
    const api = "pad";
    if (v!.rank !== 0 || v!.dtype !== x!.dtype) {
      throw new TsmlxError(api, `padding value must be a ${x!.dtype}[] scalar, got ${v!.typeString}`);
    }
    for (const [what, l] of [
      ["low", low],
      ["high", high],
      ["interior", interior],
    ] as const) {
      intList(api, what, l);
      if (l.length !== x!.rank)
        throw new TsmlxError(api, `${what} ${formatDims(l)} needs ${x!.rank} entries for ${x!.typeString}`);
    }
    const dims = x!.shape.dims.map((d, i) => {
      if (interior[i]! < 0)
        throw new TsmlxError(api, `interior padding ${interior[i]} of dim ${i} must be >= 0`);
      const n = low[i]! + high[i]! + d + Math.max(d - 1, 0) * interior[i]!;
      if (n < 0) throw new TsmlxError(api, `dim ${i} of ${x!.typeString} would have negative size ${n}`);
      return n;
    });
    return { dtype: x!.dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    const a = node.attributes as PadAttrs;
    emitOp(ctx, node, [
      ["edge_padding_low", i64Array(a.low)],
      ["edge_padding_high", i64Array(a.high)],
      ["interior_padding", i64Array(a.interior)],
    ]);
  },
  // The operand's gradient is the strided slice of the cotangent where its elements landed
  // (cropped elements get zeros); the padding value gets the sum over everything else.
  vjp(node, g) {
    const [x, _v] = node.operands as [Node, Node];
    const a = node.attributes as PadAttrs;
    let gx: Node;
    if (x.shape.size === 0) gx = zerosOf(x);
    else {
      const lowP = a.low.map((l) => Math.max(0, -l));
      const highP = a.high.map((h) => Math.max(0, -h));
      const g2 = lowP.some((p) => p > 0) || highP.some((p) => p > 0) ? pad(g, 0, lowP, highP) : g;
      const start = a.low.map((l, i) => l + lowP[i]!);
      const limit = x.shape.dims.map((d, i) => start[i]! + (d - 1) * (a.interior[i]! + 1) + 1);
      gx = slice(
        g2,
        start,
        limit,
        a.interior.map((k) => k + 1),
      );
    }
    const gv = reduceSum(g).sub(reduceSum(gx));
    return [gx, gv];
  },
};

/**
 * Pads `x` with `value`: `low`/`high` elements at each edge (negative values crop) and
 * `interior` between neighbours (default 0).
 * `pad(x, 0, [1, 0], [1, 0])` adds a row of zeros above and below an `f32[2,3]`
 */
export function pad(
  x: Node,
  value: Operand,
  low: readonly number[],
  high: readonly number[],
  interior?: readonly number[],
): Node {
  x = checkNode("pad", x);
  const v = lift("pad", x.graph, value, x.dtype);
  return x.graph.apply(padPrim, [x, v], {
    low: [...low],
    high: [...high],
    interior: interior ? [...interior] : low.map(() => 0),
  });
}
