/** Layer scopes: a layer's nodes carry its context's scope, for summaries and graph views. */
import type { Context } from "../context/context.js";
import { Node } from "../graph/node.js";

/**
 * Runs a layer's body with the nodes it makes tagged by `ctx.scope` (when `x` is a node; else
 * the body runs as it is and reports the bad input itself).
 * `return inScope(ctx, x, () => add(x, bias))`
 */
export function inScope<T>(ctx: Context, x: unknown, fn: () => T): T {
  return x instanceof Node ? x.graph.scoped(ctx.scope, fn) : fn();
}
