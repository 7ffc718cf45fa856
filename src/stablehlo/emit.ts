/**
 * Helpers that lowerings use to write one operation in generic form:
 * `%3 = "stablehlo.add"(%1, %2) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>`.
 */
import type { DType } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import { attrDict, tensorType } from "./text.js";

/**
 * What a lowering reads of a node: its op, its operands and its result types. A graph `Node`
 * is one; this module needs nothing else of the graph. `nodeType(x)` takes any of them.
 */
export interface LoweredNode {
  readonly op: string;
  readonly operands: readonly LoweredNode[];
  readonly dtype: DType;
  readonly shape: Shape;
  /** One type per result, for a node with several results. */
  readonly results?: readonly { readonly dtype: DType; readonly shape: Shape }[] | undefined;
}

/**
 * What a lowering writes into: SSA names of nodes, fresh names for region values, and lines.
 * The printer (./printer.ts) and region lowering implement it. `ctx.emit(`${ctx.result(node)} = ...`)`
 */
export interface LowerContext {
  /** The SSA name of an already-lowered node, e.g. `%3`, `%arg0`, or `%5#1` for a projection. */
  ref(node: LoweredNode): string;
  /** The SSA name this node's result gets (`%5:2` for a node with two results). */
  result(node: LoweredNode): string;
  /** A fresh SSA name for a value inside a region, e.g. `%lhs4`. */
  fresh(hint: string): string;
  /** Appends one line (without indentation; the printer indents). */
  emit(line: string): void;
  /**
   * Names `node` by an existing SSA value instead of emitting an op, for primitives that
   * are identities in StableHLO (projections `%5#1`, stop_gradient).
   */
  alias(node: LoweredNode, ssa: string): void;
}

/** The tensor type of a node. `nodeType(x) === "tensor<2x3xf32>"` */
export function nodeType(n: LoweredNode): string {
  return tensorType(n.dtype, n.shape);
}

/**
 * The result type of a node as an op signature writes it: `tensor<2xf32>`, or
 * `(tensor<2xf32>, tensor<2xi32>)` for a multi-result node.
 */
export function resultType(n: LoweredNode): string {
  if (!n.results) return nodeType(n);
  return `(${n.results.map((r) => tensorType(r.dtype, r.shape)).join(", ")})`;
}

/**
 * Emits `node` as `"stablehlo.<op>"` over its operands with the given attributes and optional
 * region lines (each region is a list of lines, its block header included).
 */
export function emitOp(
  ctx: LowerContext,
  node: LoweredNode,
  attrs: readonly (readonly [string, string])[] = [],
  regions: readonly (readonly string[])[] = [],
  op = node.op,
): void {
  const args = node.operands.map((o) => ctx.ref(o)).join(", ");
  const types = node.operands.map(nodeType).join(", ");
  const tail = `${attrDict(attrs)} : (${types}) -> ${resultType(node)}`;
  const head = `${ctx.result(node)} = "stablehlo.${op}"(${args})`;
  if (regions.length === 0) {
    ctx.emit(`${head}${tail}`);
    return;
  }
  ctx.emit(`${head} (${regions.length > 0 ? "{" : ""}`);
  regions.forEach((lines, i) => {
    for (const l of lines) ctx.emit(l.startsWith("^") ? l : `  ${l}`);
    ctx.emit(i === regions.length - 1 ? `})${tail}` : "}, {");
  });
}
