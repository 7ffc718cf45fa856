/** Graphs and nodes. */
export {
  type Attributes,
  Graph,
  type Inferred,
  type LowerContext,
  Node,
  type Primitive,
  type VjpRule,
} from "./graph.js";
