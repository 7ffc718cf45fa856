/**
 * Nodes made from nothing: constants and iota. (The parameter and constant primitives
 * themselves live with the graph, in src/graph/creation.ts.)
 */
import { type DType, isDType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type Shape, type ShapeLike, toShape } from "../core/shape.js";
import { type NestedValues, Tensor, tensor } from "../core/tensor.js";
import { constantPrim } from "../graph/creation.js";
import type { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Attr } from "../stablehlo/text.js";

/**
 * A constant node in `graph` from a Tensor or JS values (dtype inferred as in {@link tensor}).
 *
 * `const c = constant(g, [[1, 2], [3, 4]], "f32")`
 */
export function constant(graph: Graph, value: Tensor | NestedValues, dtype?: DType): Node {
  return graph.apply(constantPrim, [], { value: tensor(value, dtype) });
}

/** The most elements one constant may hold (its values live on the host while the graph does). */
export const MAX_CONSTANT_ELEMENTS = 2 ** 31 - 1;

/**
 * A constant filled with one value. `full(g, "f32", [2, 3], 1.5)`
 */
export function full(graph: Graph, dtype: DType, shape: ShapeLike, value: number | bigint | boolean): Node {
  if (!isDType(dtype)) throw new TsmlxError("full", `unknown dtype ${JSON.stringify(dtype)}`);
  if (typeof value !== "number" && typeof value !== "bigint" && typeof value !== "boolean") {
    throw new TsmlxError(
      "full",
      `value must be a number, bigint or boolean, got ${typeof value === "string" ? JSON.stringify(value) : typeof value}`,
    );
  }
  const dims =
    shape instanceof Object && "dims" in shape ? (shape as Shape).dims : (shape as readonly number[]);
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TsmlxError(
      "full",
      `shape must be a list of non-negative integers, got ${Array.isArray(dims) ? `[${dims.join(",")}]` : String(shape)}`,
    );
  }
  const s = toShape(dims);
  if (s.size > MAX_CONSTANT_ELEMENTS) {
    throw new TsmlxError(
      "full",
      `${dtype}${s} has ${s.size} elements, more than the ${MAX_CONSTANT_ELEMENTS} one constant can hold; ` +
        `broadcast a scalar instead: broadcastTo(constant(g, ${String(value)}, "${dtype}"), [${s.dims.join(", ")}])`,
    );
  }
  // One element converted as the dtype stores it, copied into every slot (no list of values).
  const one = Tensor.fromValues(dtype, [], [value]);
  const data = Tensor.zeros(dtype, s).data as { fill(v: unknown): unknown };
  data.fill((one.data as unknown as ArrayLike<unknown>)[0]);
  return graph.apply(constantPrim, [], { value: Tensor.fromTypedArray(dtype, s, data as Tensor["data"]) });
}

/** Attributes of an iota node. */
export interface IotaAttrs {
  readonly [k: string]: unknown;
  readonly dtype: DType;
  readonly shape: Shape;
  readonly dimension: number;
}

/** `stablehlo.iota`: element values count up along one dimension. */
export const iotaPrim: Primitive<IotaAttrs> = {
  name: "iota",
  api: "iota",
  infer(_operands, a) {
    if (a.dtype === "bool") throw new TsmlxError("iota", `needs a numeric dtype, got bool`);
    if (a.shape.rank === 0) throw new TsmlxError("iota", `needs rank >= 1, got ${a.dtype}${a.shape}`);
    if (!Number.isInteger(a.dimension) || a.dimension < 0 || a.dimension >= a.shape.rank) {
      throw new TsmlxError("iota", `dimension ${a.dimension} is out of range for ${a.dtype}${a.shape}`);
    }
    return { dtype: a.dtype, shape: a.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["iota_dimension", i64Attr((node.attributes as IotaAttrs).dimension)]]);
  },
};

/**
 * A tensor whose values are their index along `dimension` (negative counts from the end).
 *
 * `iota(g, "i32", [2, 3], 1)` holds `[[0, 1, 2], [0, 1, 2]]`
 */
export function iota(graph: Graph, dtype: DType, shape: ShapeLike, dimension = 0): Node {
  const s = toShape(shape);
  const d = dimension < 0 ? dimension + s.rank : dimension;
  return graph.apply(iotaPrim, [], { dtype, shape: s, dimension: d });
}
