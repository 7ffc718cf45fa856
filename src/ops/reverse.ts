/**
 * reverse: flips a tensor along some of its dims (used by the convolution gradient).
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array } from "../stablehlo/text.js";
import { normAxis } from "./operand.js";

/** Attributes of reverse: the dims to flip (sorted). */
export interface ReverseAttrs {
  readonly [k: string]: unknown;
  readonly dims: readonly number[];
}

/** `stablehlo.reverse`. Its gradient is the same reverse of the cotangent. */
export const reversePrim: Primitive<ReverseAttrs> = {
  name: "reverse",
  api: "reverse",
  infer([x], { dims }) {
    for (const d of dims) {
      if (!Number.isInteger(d) || d < 0 || d >= x!.rank) {
        throw new TsmlxError("reverse", `dim ${d} is out of range for ${x!.typeString}`);
      }
    }
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["dimensions", i64Array((node.attributes as ReverseAttrs).dims)]]);
  },
  vjp: (node, g) => [reverse(g, (node.attributes as ReverseAttrs).dims)],
};

/**
 * Reverses the order of elements along `axes` (negative counts from the end).
 * `reverse(x, [1])` turns rows `[1, 2, 3]` into `[3, 2, 1]`
 */
export function reverse(x: Node, axes: readonly number[]): Node {
  if (!(x instanceof Node)) throw new TsmlxError("reverse", `needs a graph node, got ${typeof x}`);
  const norm = axes.map((a) => normAxis("reverse", a, x.rank));
  const dims = [...new Set(norm)].sort((a, b) => a - b);
  if (dims.length !== norm.length) throw new TsmlxError("reverse", `axes ${formatDims(axes)} repeat an axis`);
  if (dims.length === 0) return x;
  return x.graph.apply(reversePrim, [x], { dims });
}
