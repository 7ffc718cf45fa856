/**
 * Activation functions, as composites of primitives (their gradients come from the
 * primitives' rules). At x = 0 the gradient is the one of a fixed branch: relu takes 0 and
 * elu alpha (the left branch), leakyRelu 1 (the right branch).
 */
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { add, le, lt, max, mul, select } from "./binary.js";
import { erf } from "./special.js";
import { abs, exp, expm1, log1p, logistic, neg, tanh } from "./unary.js";

function check(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  return x;
}

/** max(x, 0); NaN stays NaN, the gradient at 0 is 0. `relu(h)` */
export function relu(x: Node): Node {
  x = check("relu", x);
  // select(x <= 0, 0, x): NaN fails the test and passes through.
  return select(le(x, 0), 0, x);
}

/** x for x >= 0, `alpha * x` below (default alpha 0.01). `leakyRelu(h, 0.2)` */
export function leakyRelu(x: Node, alpha = 0.01): Node {
  x = check("leakyRelu", x);
  return select(lt(x, 0), mul(x, alpha), x);
}

/** x for x > 0, `alpha * (e^x - 1)` below (default alpha 1). `elu(h)` */
export function elu(x: Node, alpha = 1): Node {
  x = check("elu", x);
  // expm1 of min(x, 0) keeps the unused branch finite, so its zero gradient stays zero.
  const negPart = mul(expm1(select(le(x, 0), x, 0)), alpha);
  return select(le(x, 0), negPart, x);
}

/** log(1 + e^x), computed stably as max(x, 0) + log1p(e^-|x|). `softplus(h)` */
export function softplus(x: Node): Node {
  x = check("softplus", x);
  return add(max(x, 0), log1p(exp(neg(abs(x)))));
}

/** x · logistic(x) (also called swish). `silu(h)` */
export function silu(x: Node): Node {
  x = check("silu", x);
  return mul(x, logistic(x));
}

/** The logistic sigmoid 1 / (1 + e^-x); `logistic` (the StableHLO op's name) is its alias. `sigmoid(z)` */
export function sigmoid(x: Node): Node {
  return logistic(check("sigmoid", x));
}

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** Use the tanh approximation (default true, as in JAX); false is the exact erf form. */
  readonly approximate?: boolean;
}

/**
 * The Gaussian error linear unit x · Φ(x): exactly 0.5 · x · (1 + erf(x / √2)), or with the
 * tanh approximation 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))) (the default).
 * `gelu(h)`; `gelu(h, { approximate: false })`
 */
export function gelu(x: Node, options: GeluOptions = {}): Node {
  x = check("gelu", x);
  if (options.approximate === false) return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}
