/** Graphs and nodes. */
export {
  type Attributes,
  Graph,
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
