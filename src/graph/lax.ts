/**
 * The graph's part of `tm.lax`: what a primitive is (`Primitive`, its shape rule's and
 * gradient's types) and the primitives every graph starts from: parameters, constants and the
 * projection of one result of a multi-result node.
 */

export { type ConstantAttrs, constantPrim, type ParameterAttrs, parameterPrim } from "./creation.js";
export type { Attributes, Inferred, InferredResults, Primitive, VjpMultiRule, VjpRule } from "./primitive.js";
export { type ResultAttrs, resultPrim } from "./result.js";
