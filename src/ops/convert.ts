/**
 * dtype conversion.
 */
import { type DType, isDType, isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";

/** Attributes of convert. */
export interface ConvertAttrs {
  readonly [k: string]: unknown;
  readonly dtype: DType;
}

/**
 * `stablehlo.convert`. Float to integer truncates toward zero, saturates at the integer's
 * range and maps NaN to 0; integer to integer wraps; to bool is `x != 0`; floats round to
 * nearest even.
 */
export const convertPrim: Primitive<ConvertAttrs> = {
  name: "convert",
  api: "convert",
  infer([x], { dtype }) {
    if (!isDType(dtype))
      throw new TsmlxError("convert", `unknown dtype ${String(dtype)} for ${x!.typeString}`);
    return { dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  // float -> float passes the gradient back in the operand's dtype; integers take none.
  vjp(node, g) {
    const x = node.operands[0]!;
    return [isFloat(x.dtype) ? convert(g, x.dtype) : undefined];
  },
};

/** Converts `x` to `dtype` (no node when it already has it). `convert(x, "i32")` */
export function convert(x: Node, dtype: DType): Node {
  if (!(x instanceof Node)) throw new TsmlxError("convert", `needs a graph node, got ${typeof x}`);
  if (x.dtype === dtype) return x;
  return x.graph.apply(convertPrim, [x], { dtype });
}
