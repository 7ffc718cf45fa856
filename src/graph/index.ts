/**
 * Graphs and nodes. The primitives a graph starts from (parameter, constant, projection) and
 * the `Primitive` interface are in ./lax.ts, public as `tm.lax`.
 */

export { Graph, type GraphOptions } from "./graph.js";
export { Node } from "./node.js";
export { GraphView, type GraphViewOptions, type GraphViewTarget, graphView } from "./view.js";
