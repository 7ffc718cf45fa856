/** Graphs and nodes, and the parameter, constant and projection primitives they start from. */

export { type ConstantAttrs, constantPrim, type ParameterAttrs, parameterPrim } from "./creation.js";
export {
  type Attributes,
  Graph,
  type GraphOptions,
  type Inferred,
  type InferredResults,
  type LowerContext,
  Node,
  type Primitive,
  type ResultAttrs,
  resultPrim,
  type VjpMultiRule,
  type VjpRule,
} from "./graph.js";
