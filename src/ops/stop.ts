/**
 * stop_gradient: the identity in the forward pass, a wall for gradients.
 */
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";

/**
 * Identity that blocks gradients. It emits no StableHLO op (its value is its operand's).
 * Autodiff treats its result as a constant.
 */
export const stopGradientPrim: Primitive = {
  name: "stop_gradient",
  api: "stopGradient",
  infer([x]) {
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    ctx.alias(node, ctx.ref(node.operands[0]!));
  },
  vjp: () => [undefined],
};

/**
 * The value of `x`, with no gradient flowing back through it.
 * `const target = stopGradient(tm.add(r, gamma.mul(vNext)))`
 */
export function stopGradient(x: Node): Node {
  if (!(x instanceof Node)) throw new TsmlxError("stopGradient", `needs a graph node, got ${typeof x}`);
  return x.graph.apply(stopGradientPrim, [x], {});
}
