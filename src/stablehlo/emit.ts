/**
 * Helpers that lowerings use to write one operation in generic form:
 * `%3 = "stablehlo.add"(%1, %2) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>`.
 */
import type { Node } from "../graph/node.js";
import type { LowerContext } from "../graph/primitive.js";
import { attrDict, tensorType } from "./text.js";

/** The tensor type of a node. `nodeType(x) === "tensor<2x3xf32>"` */
export function nodeType(n: Node): string {
  return tensorType(n.dtype, n.shape);
}

/**
 * The result type of a node as an op signature writes it: `tensor<2xf32>`, or
 * `(tensor<2xf32>, tensor<2xi32>)` for a multi-result node.
 */
export function resultType(n: Node): string {
  if (!n.results) return nodeType(n);
  return `(${n.results.map((r) => tensorType(r.dtype, r.shape)).join(", ")})`;
}

/**
 * Emits `node` as `"stablehlo.<op>"` over its operands with the given attributes and optional
 * region lines (each region is a list of lines, its block header included).
 */
export function emitOp(
  ctx: LowerContext,
  node: Node,
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
