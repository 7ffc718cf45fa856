/**
 * Activation functions by name, built from primitives (so they need no gradient rules of
 * their own): relu, leaky_relu, elu, gelu (tanh approximation, or exact where erf is used
 * by the caller), silu/swish, sigmoid, tanh, softplus, linear/none.
 */
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { add, max, min, mul } from "../ops/binary.js";
import { abs, exp, expm1, log1p, logistic, neg, tanh as tanhOp } from "../ops/unary.js";

/** max(x, 0). `relu(x)` */
export function relu(x: Node): Node {
  return max(x, 0);
}

/** x for x > 0, alpha·x otherwise (0 ≤ alpha ≤ 1). `leakyRelu(x, 0.01)` */
export function leakyRelu(x: Node, alpha = 0.01): Node {
  if (!(alpha >= 0 && alpha <= 1)) throw new TsmlxError("leakyRelu", `alpha must be in [0, 1], got ${alpha}`);
  return max(x, mul(x, alpha));
}

/** x for x > 0, alpha·(eˣ − 1) otherwise. `elu(x)` */
export function elu(x: Node, alpha = 1): Node {
  return add(max(x, 0), mul(expm1(min(x, 0)), alpha));
}

/** log(1 + eˣ), computed without overflow as max(x, 0) + log1p(e^−|x|). `softplus(x)` */
export function softplus(x: Node): Node {
  return add(max(x, 0), log1p(exp(neg(abs(x)))));
}

/** 1 / (1 + e^−x). `sigmoid(x)` */
export function sigmoid(x: Node): Node {
  return logistic(x);
}

/** x · sigmoid(x) (also called swish). `silu(x)` */
export function silu(x: Node): Node {
  return mul(x, logistic(x));
}

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). `gelu(x)` */
export function gelu(x: Node): Node {
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanhOp(inner), 1));
}

/** tanh. `tanh(x)` */
export function tanh(x: Node): Node {
  return tanhOp(x);
}

/** The names {@link activation} accepts. */
export const ACTIVATIONS = [
  "none",
  "linear",
  "relu",
  "leaky_relu",
  "elu",
  "gelu",
  "silu",
  "swish",
  "sigmoid",
  "tanh",
  "softplus",
] as const;

/** An activation name. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/**
 * Applies an activation by name ("none"/"linear" return x).
 * `activation("gelu", h)`
 */
export function activation(name: ActivationName | string, x: Node): Node {
  switch (name) {
    case "none":
    case "linear":
      return x;
    case "relu":
      return relu(x);
    case "leaky_relu":
      return leakyRelu(x);
    case "elu":
      return elu(x);
    case "gelu":
      return gelu(x);
    case "silu":
    case "swish":
      return silu(x);
    case "sigmoid":
      return sigmoid(x);
    case "tanh":
      return tanh(x);
    case "softplus":
      return softplus(x);
    default:
      throw new TsmlxError("activation", `unknown activation "${name}"; known: ${ACTIVATIONS.join(", ")}`);
  }
}
