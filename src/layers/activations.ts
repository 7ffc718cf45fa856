/**
 * Activation functions by name, over the composites in src/ops/activations.ts.
 */
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { elu, gelu, leakyRelu, relu, sigmoid, silu, softplus } from "../ops/activations.js";
import { tanh } from "../ops/unary.js";

/** The names {@link activation} accepts. */
export const ACTIVATIONS = [
  "none",
  "linear",
  "relu",
  "leaky_relu",
  "elu",
  "gelu",
  "gelu_tanh",
  "gelu_exact",
  "silu",
  "swish",
  "sigmoid",
  "tanh",
  "softplus",
] as const;

/** An activation name. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/**
 * Applies an activation by name. "none"/"linear" return x; "gelu" and "gelu_tanh" are the tanh
 * approximation, "gelu_exact" the erf form (PyTorch's default `nn.GELU()`).
 * `activation("gelu_exact", h)`
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
    case "gelu_tanh":
      return gelu(x);
    case "gelu_exact":
      return gelu(x, { approximate: false });
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
