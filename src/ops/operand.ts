/**
 * What public ops accept as operands, and how they become nodes.
 *
 * Operands may be nodes, host Tensors, or JS scalars (number, bigint, boolean). A JS scalar
 * becomes a constant of the dtype of the op's node operands (a number must be exactly
 * representable in an integer dtype: `x_i32.mul(2)` is fine, `x_i32.mul(2.5)` is an error).
 * A Tensor becomes a constant as it is and must have the same dtype as the node operands.
 * There is no other promotion: node operands of different dtypes are an error.
 *
 * Broadcasting (binary, compare, select, clamp): shapes are aligned at their last dim; missing
 * leading dims count as 1; along each dim the sizes must be equal or one of them 1, and the
 * result takes the other size (so 1 and 0 give 0). Every operand whose shape differs from the
 * result gets an explicit `broadcast_in_dim` node, since StableHLO has no implicit broadcasting.
 */
import { type DType, isBigInt, isFloat, isUnsigned } from "../core/dtype.js";
import type { Scalar } from "../core/elements.js";
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import { constantPrim } from "../graph/creation.js";
import type { Graph } from "../graph/graph.js";
import { Node } from "../graph/node.js";
import { broadcastInDimPrim } from "./shaping.js";

/** What public ops accept: a node, a host tensor, or a JS scalar. */
export type Operand = Node | Tensor | number | bigint | boolean;

/** Describes an operand for error messages: `f32[2,3]`, `number 2.5`. */
export function describe(x: Operand): string {
  if (x instanceof Node) return x.typeString;
  if (x instanceof Tensor) return `${x.dtype}${x.shape} tensor`;
  return `${typeof x} ${String(x)}`;
}

/** The graph of the first node among `xs`; an error when none is a node. */
export function graphOf(api: string, xs: readonly Operand[]): Graph {
  for (const x of xs) if (x instanceof Node) return x.graph;
  throw new TsmlxError(
    api,
    `needs at least one graph node operand, got ${xs.map(describe).join(", ")}; make a constant with graph.constant(...) first`,
  );
}

const INT_RANGE: Partial<Record<DType, readonly [bigint, bigint]>> = {
  i8: [-128n, 127n],
  i16: [-32768n, 32767n],
  i32: [-2147483648n, 2147483647n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0n, 255n],
  u32: [0n, 4294967295n],
  u64: [0n, 2n ** 64n - 1n],
};

/** Checks a JS scalar fits `dtype` exactly (for integers) and returns it. */
export function checkScalar(api: string, v: Scalar, dtype: DType): Scalar {
  if (dtype === "bool") {
    if (typeof v === "boolean" || v === 0 || v === 1) return v;
    throw new TsmlxError(api, `${typeof v} ${String(v)} cannot be a bool; use true or false`);
  }
  if (typeof v === "boolean") throw new TsmlxError(api, `boolean ${v} cannot be ${dtype}; use a number`);
  if (isFloat(dtype)) return v;
  if (typeof v === "number" && !Number.isInteger(v)) {
    throw new TsmlxError(api, `number ${v} is not an integer, so it cannot be ${dtype}`);
  }
  const b = BigInt(v);
  const [lo, hi] = INT_RANGE[dtype]!;
  if (b < lo || b > hi) throw new TsmlxError(api, `${String(v)} is out of range for ${dtype} [${lo}, ${hi}]`);
  return isBigInt(dtype) ? b : Number(b);
}

/** A scalar constant node of `dtype` in `graph`. `scalarConstant(g, 2, "i32", "mul")` */
export function scalarConstant(graph: Graph, v: Scalar, dtype: DType, api = "constant"): Node {
  const checked = checkScalar(api, v, dtype);
  return graph.apply(constantPrim, [], { value: Tensor.fromValues(dtype, [], [checked]) });
}

/**
 * Zeros (false for bool) of `dtype` and `dims` as one scalar constant, broadcast unless `dims`
 * is empty. `zerosOf(g, "f32", [2, 3])`
 */
export function zerosOf(graph: Graph, dtype: DType, dims: readonly number[]): Node {
  const zero = dtype === "bool" ? false : isBigInt(dtype) ? 0n : 0;
  const scalar = graph.apply(constantPrim, [], { value: Tensor.fromValues(dtype, [], [zero]) });
  return dims.length === 0
    ? scalar
    : graph.apply(broadcastInDimPrim, [scalar], { shape: new Shape(dims), dims: [] });
}

/** Turns an operand into a node of `graph` with `dtype` (JS scalars and Tensors become constants). */
export function lift(api: string, graph: Graph, x: Operand, dtype: DType): Node {
  if (x instanceof Node) return x;
  if (x instanceof Tensor) {
    if (x.dtype !== dtype) {
      throw new TsmlxError(api, `dtypes differ: ${describe(x)} vs ${dtype}; convert one of them first`);
    }
    return graph.apply(constantPrim, [], { value: x });
  }
  if (typeof x !== "number" && typeof x !== "bigint" && typeof x !== "boolean") {
    throw new TsmlxError(api, `operands must be nodes, tensors or scalars, got ${typeof x}`);
  }
  return scalarConstant(graph, x, dtype, api);
}

/**
 * Lifts operands that must share one dtype: the dtype of the node operands (all must agree),
 * else of the Tensor operands. Returns nodes in the same order.
 */
export function liftSameDType(api: string, xs: readonly Operand[]): Node[] {
  const graph = graphOf(api, xs);
  const typed = xs.filter((x): x is Node | Tensor => x instanceof Node || x instanceof Tensor);
  const dtype = typed[0]!.dtype;
  for (const t of typed) {
    if (t.dtype !== dtype) {
      throw new TsmlxError(api, `dtypes differ: ${typed.map(describe).join(" vs ")}; convert explicitly`);
    }
  }
  return xs.map((x) => lift(api, graph, x, dtype));
}

/**
 * The numpy-style broadcast of shapes (see the module doc).
 * `broadcastShapes("add", [[2, 1], [3]])` is `[2,3]`
 */
export function broadcastShapes(api: string, shapes: readonly (readonly number[])[], what?: string): Shape {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 1; k <= rank; k++) {
    let d = 1;
    for (const s of shapes) {
      const e = s.length - k >= 0 ? s[s.length - k]! : 1;
      if (e === 1) continue;
      if (d === 1) d = e;
      else if (d !== e) {
        throw new TsmlxError(
          api,
          `cannot broadcast ${what ?? shapes.map(formatDims).join(" with ")}: dim ${-k} is ${d} vs ${e}`,
        );
      }
    }
    out.unshift(d);
  }
  return new Shape(out);
}

/** `broadcast_in_dim` of `x` to `shape` by numpy rules; returns `x` when the shape already matches. */
export function broadcastToShape(api: string, x: Node, shape: Shape): Node {
  if (x.shape.equals(shape)) return x;
  const offset = shape.rank - x.rank;
  if (offset < 0)
    throw new TsmlxError(api, `cannot broadcast ${x.typeString} to ${shape}: rank ${x.rank} > ${shape.rank}`);
  const dims = x.shape.dims.map((_, i) => i + offset);
  x.shape.dims.forEach((d, i) => {
    const t = shape.dims[i + offset]!;
    if (d !== 1 && d !== t) {
      throw new TsmlxError(api, `cannot broadcast ${x.typeString} to ${shape}: dim ${i} is ${d} vs ${t}`);
    }
  });
  return x.graph.apply(broadcastInDimPrim, [x], { shape, dims });
}

/** Lifts operands to one dtype and broadcasts them to a common shape. */
export function liftAndBroadcast(api: string, xs: readonly Operand[]): Node[] {
  const nodes = liftSameDType(api, xs);
  return broadcastAll(api, nodes);
}

/** Broadcasts nodes (any dtypes) to their common shape. */
export function broadcastAll(api: string, nodes: readonly Node[]): Node[] {
  const shape = broadcastShapes(
    api,
    nodes.map((n) => n.shape.dims),
    nodes.map((n) => n.typeString).join(" with "),
  );
  return nodes.map((n) => broadcastToShape(api, n, shape));
}

/** Normalizes an axis (negative counts from the end) or throws. */
export function normAxis(api: string, axis: number, rank: number, what = "axis"): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new TsmlxError(api, `${what} ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/** Unsigned check re-exported for op files. */
export { isUnsigned };
