/**
 * The primitives every graph is built from before any op: parameters (function inputs) and
 * constants. They live with the graph so that `graph.parameter(...)` and `graph.constant(...)`
 * need nothing from src/ops.
 */
import { type DType, isDType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type ShapeLike, toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import { emitOp } from "../stablehlo/emit.js";
import { denseAttr } from "../stablehlo/text.js";
import type { Primitive } from "./primitive.js";

/** Attributes of a parameter node. */
export interface ParameterAttrs {
  readonly [k: string]: unknown;
  readonly name: string;
  readonly dtype: DType;
  readonly shape: ShapeLike;
  readonly index: number;
}

/** A function input; lowered as an argument of `@main`, so it emits no op. */
export const parameterPrim: Primitive<ParameterAttrs> = {
  name: "parameter",
  api: "parameter",
  infer(_operands, a) {
    if (!isDType(a.dtype))
      throw new TsmlxError("parameter", `unknown dtype ${String(a.dtype)} for "${a.name}"`);
    return { dtype: a.dtype, shape: toShape(a.shape) };
  },
  lower() {
    throw new TsmlxError("parameter", "parameters are function arguments and are not lowered as ops");
  },
};

/** Attributes of a constant node. */
export interface ConstantAttrs {
  readonly [k: string]: unknown;
  readonly value: Tensor;
}

/** `stablehlo.constant`: a literal tensor (splat when all elements are equal). */
export const constantPrim: Primitive<ConstantAttrs> = {
  name: "constant",
  api: "constant",
  infer(_operands, a) {
    if (!(a.value instanceof Tensor)) throw new TsmlxError("constant", "value must be a Tensor");
    return { dtype: a.value.dtype, shape: a.value.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node, [["value", denseAttr((node.attributes as ConstantAttrs).value)]]);
  },
};
