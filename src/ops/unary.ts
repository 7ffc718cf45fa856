/**
 * Elementwise unary ops. Each keeps its operand's dtype and shape.
 */
import { type DType, isFloat, isInteger, isUnsigned } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import type { Primitive, VjpRule } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { add, div, mul, sub } from "./binary.js";

type Attrs = Readonly<Record<string, unknown>>;

function unaryPrim(
  name: string,
  api: string,
  accepts: (d: DType) => boolean,
  kinds: string,
  vjp?: VjpRule,
): Primitive<Attrs> {
  return {
    name,
    api,
    vjp,
    infer([x]) {
      if (!accepts(x!.dtype)) throw new TsmlxError(api, `needs ${kinds} operand, got ${x!.typeString}`);
      return { dtype: x!.dtype, shape: x!.shape };
    },
    lower(node, ctx) {
      emitOp(ctx, node);
    },
  };
}

const float = (d: DType) => isFloat(d);
/** The gradient of a piecewise-constant function: zero almost everywhere. */
const zero: VjpRule = () => [undefined];
const signedOrFloat = (d: DType) => isFloat(d) || (isInteger(d) && !isUnsigned(d));
const numeric = (d: DType) => d !== "bool";
const boolOrInt = (d: DType) => d === "bool" || isInteger(d);

/** `stablehlo.negate` (integers wrap: -INT_MIN is INT_MIN; unsigned negate is 2^n - x). */
export const negatePrim = unaryPrim("negate", "neg", numeric, "a numeric", (_n, g) => [neg(g)]);
/** `stablehlo.abs` (abs(INT_MIN) is INT_MIN). */
export const absPrim = unaryPrim("abs", "abs", signedOrFloat, "a signed integer or float", (n, g) => [
  mul(g, sign(n.operands[0]!)),
]);
/** `stablehlo.sign`: -1, 0 or 1 (NaN stays NaN, ±0 stays ±0). */
export const signPrim = unaryPrim("sign", "sign", signedOrFloat, "a signed integer or float", zero);
/** `stablehlo.exponential`. */
export const expPrim = unaryPrim("exponential", "exp", float, "a float", (n, g) => [mul(g, n)]);
/** `stablehlo.exponential_minus_one`. */
export const expm1Prim = unaryPrim("exponential_minus_one", "expm1", float, "a float", (n, g) => [
  mul(g, add(n, 1)),
]);
/** `stablehlo.log`. */
export const logPrim = unaryPrim("log", "log", float, "a float", (n, g) => [div(g, n.operands[0]!)]);
/** `stablehlo.log_plus_one`. */
export const log1pPrim = unaryPrim("log_plus_one", "log1p", float, "a float", (n, g) => [
  div(g, add(n.operands[0]!, 1)),
]);
/** `stablehlo.sqrt`. */
export const sqrtPrim = unaryPrim("sqrt", "sqrt", float, "a float", (n, g) => [div(mul(g, 0.5), n)]);
/** `stablehlo.rsqrt`. */
export const rsqrtPrim = unaryPrim("rsqrt", "rsqrt", float, "a float", (n, g) => [
  mul(g, mul(-0.5, div(n, n.operands[0]!))),
]);
/** `stablehlo.tanh`. */
export const tanhPrim = unaryPrim("tanh", "tanh", float, "a float", (n, g) => [mul(g, sub(1, mul(n, n)))]);
/** `stablehlo.logistic`. */
export const logisticPrim = unaryPrim("logistic", "logistic", float, "a float", (n, g) => [
  mul(g, mul(n, sub(1, n))),
]);
/** `stablehlo.sine`. */
export const sinPrim = unaryPrim("sine", "sin", float, "a float", (n, g) => [mul(g, cos(n.operands[0]!))]);
/** `stablehlo.cosine`. */
export const cosPrim = unaryPrim("cosine", "cos", float, "a float", (n, g) => [
  neg(mul(g, sin(n.operands[0]!))),
]);
/** `stablehlo.floor`. */
export const floorPrim = unaryPrim("floor", "floor", float, "a float", zero);
/** `stablehlo.ceil`. */
export const ceilPrim = unaryPrim("ceil", "ceil", float, "a float", zero);
/** `stablehlo.round_nearest_afz`: halves round away from zero. */
export const roundPrim = unaryPrim("round_nearest_afz", "round", float, "a float", zero);
/** `stablehlo.round_nearest_even`: halves round to even. */
export const roundEvenPrim = unaryPrim("round_nearest_even", "roundEven", float, "a float", zero);
/** `stablehlo.not`: logical not for bool, bitwise not for integers. */
export const notPrim = unaryPrim("not", "not", boolOrInt, "a bool or integer");

function apply1(p: Primitive<Attrs>, x: Node): Node {
  if (!(x instanceof Node)) throw new TsmlxError(p.api, `needs a graph node, got ${typeof x}`);
  return x.graph.apply(p, [x], {});
}

/** Negation. `neg(x)` */
export const neg = (x: Node): Node => apply1(negatePrim, x);
/** Absolute value. `abs(x)` */
export const abs = (x: Node): Node => apply1(absPrim, x);
/** Sign: -1, 0 or 1. `sign(x)` */
export const sign = (x: Node): Node => apply1(signPrim, x);
/** e^x. `exp(x)` */
export const exp = (x: Node): Node => apply1(expPrim, x);
/** e^x - 1, accurate near 0. `expm1(x)` */
export const expm1 = (x: Node): Node => apply1(expm1Prim, x);
/** Natural log. `log(x)` */
export const log = (x: Node): Node => apply1(logPrim, x);
/** log(1 + x), accurate near 0. `log1p(x)` */
export const log1p = (x: Node): Node => apply1(log1pPrim, x);
/** Square root. `sqrt(x)` */
export const sqrt = (x: Node): Node => apply1(sqrtPrim, x);
/** 1 / sqrt(x). `rsqrt(x)` */
export const rsqrt = (x: Node): Node => apply1(rsqrtPrim, x);
/** Hyperbolic tangent. `tanh(x)` */
export const tanh = (x: Node): Node => apply1(tanhPrim, x);
/** 1 / (1 + e^-x), the StableHLO op by its name; an alias of `sigmoid`. `logistic(x)` */
export const logistic = (x: Node): Node => apply1(logisticPrim, x);
/** Sine. `sin(x)` */
export const sin = (x: Node): Node => apply1(sinPrim, x);
/** Cosine. `cos(x)` */
export const cos = (x: Node): Node => apply1(cosPrim, x);
/** Round down. `floor(x)` */
export const floor = (x: Node): Node => apply1(floorPrim, x);
/** Round up. `ceil(x)` */
export const ceil = (x: Node): Node => apply1(ceilPrim, x);
/** Round to nearest, halves away from zero (2.5 → 3, -2.5 → -3). `round(x)` */
export const round = (x: Node): Node => apply1(roundPrim, x);
/** Round to nearest, halves to even (2.5 → 2). `roundEven(x)` */
export const roundEven = (x: Node): Node => apply1(roundEvenPrim, x);
/** Logical not (bool) or bitwise not (integers). `not(mask)` */
export const not = (x: Node): Node => apply1(notPrim, x);
