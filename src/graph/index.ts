/** Graphs and nodes. */
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
