/**
 * Elementwise extras: atan2, cbrt, finite (is_finite) and bitcastConvert (primitives), and erf (a
 * composite of primitives, so it runs on any PJRT plugin).
 */
import { byteSize, type DType, isDType, isFloat } from "../core/dtype.js";
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { add, div, lt, min, mul, select, sub } from "./binary.js";
import { convert } from "./convert.js";
import { liftAndBroadcast, type Operand } from "./operand.js";
import { abs, exp, log, neg, sqrt } from "./unary.js";

type Attrs = Readonly<Record<string, unknown>>;

function checkNode(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  return x;
}

/** `stablehlo.atan2(y, x)`: the angle of (x, y), in (-pi, pi]. */
export const atan2Prim: Primitive<Attrs> = {
  name: "atan2",
  api: "atan2",
  infer([y, x]) {
    if (y!.dtype !== x!.dtype || !y!.shape.equals(x!.shape)) {
      throw new TsmlxError("atan2", `operand types differ: ${y!.typeString} vs ${x!.typeString}`);
    }
    if (!isFloat(y!.dtype)) throw new TsmlxError("atan2", `needs float operands, got ${y!.typeString}`);
    return { dtype: y!.dtype, shape: y!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp(node, ct) {
    // d/dy = x / (x² + y²), d/dx = -y / (x² + y²).
    const [y, x] = node.operands as [Node, Node];
    const r2 = add(mul(x, x), mul(y, y));
    const g = div(ct, r2);
    return [mul(g, x), neg(mul(g, y))];
  },
};

/** Elementwise atan2(y, x) with broadcasting. `atan2(sinT, cosT)` recovers the angle */
export function atan2(y: Operand, x: Operand): Node {
  const [a, b] = liftAndBroadcast("atan2", [y, x]);
  return a!.graph.apply(atan2Prim, [a!, b!], {});
}

/** `stablehlo.cbrt`: the real cube root (negative for negative inputs). */
export const cbrtPrim: Primitive<Attrs> = {
  name: "cbrt",
  api: "cbrt",
  infer([x]) {
    if (!isFloat(x!.dtype)) throw new TsmlxError("cbrt", `needs a float operand, got ${x!.typeString}`);
    return { dtype: x!.dtype, shape: x!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp(node, ct) {
    // d cbrt(x) = 1 / (3 cbrt(x)²), written with the node's own result.
    return [div(ct, mul(mul(node, node), 3))];
  },
};

/** Cube root. `cbrt(x)` */
export function cbrt(x: Node): Node {
  x = checkNode("cbrt", x);
  return x.graph.apply(cbrtPrim, [x], {});
}

/** `stablehlo.is_finite`: true where the element is neither infinite nor NaN. */
export const isFinitePrim: Primitive<Attrs> = {
  name: "is_finite",
  api: "finite",
  infer([x]) {
    if (!isFloat(x!.dtype)) throw new TsmlxError("finite", `needs a float operand, got ${x!.typeString}`);
    return { dtype: "bool", shape: x!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp() {
    return [undefined];
  },
};

/** True where `x` is finite (not ±inf, not NaN): StableHLO's is_finite. `finite(loss)` */
export function finite(x: Node): Node {
  x = checkNode("finite", x);
  return x.graph.apply(isFinitePrim, [x], {});
}

/** Attributes of bitcast_convert. */
export interface BitcastConvertAttrs {
  readonly [k: string]: unknown;
  readonly dtype: DType;
}

/**
 * `stablehlo.bitcast_convert`: the same bits read as another dtype. Equal widths keep the
 * shape; a narrower result appends a dim of (old width / new width); a wider result consumes
 * a last dim of (new width / old width). Element order within a wider element is the
 * platform's (little-endian on the CPU plugin).
 */
export const bitcastConvertPrim: Primitive<BitcastConvertAttrs> = {
  name: "bitcast_convert",
  api: "bitcastConvert",
  infer([x], { dtype }) {
    const api = "bitcastConvert";
    if (!isDType(dtype)) throw new TsmlxError(api, `unknown dtype ${String(dtype)}`);
    if (x!.dtype === "bool" || dtype === "bool") {
      throw new TsmlxError(api, `bool has no bit width to reinterpret: ${x!.typeString} to ${dtype}`);
    }
    const a = byteSize(x!.dtype);
    const b = byteSize(dtype);
    const dims = [...x!.shape.dims];
    if (a > b) dims.push(a / b);
    else if (a < b) {
      if (dims[dims.length - 1] !== b / a) {
        throw new TsmlxError(
          api,
          `${x!.typeString} to ${dtype} needs a last dim of ${b / a} (${b / a} ${x!.dtype} per ${dtype}), got ${formatDims(dims)}`,
        );
      }
      dims.pop();
    }
    return { dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp() {
    return [undefined];
  },
};

/** Reinterprets the bits of `x` as `dtype`. `bitcastConvert(x_f32, "u32")` */
export function bitcastConvert(x: Node, dtype: DType): Node {
  x = checkNode("bitcastConvert", x);
  return x.graph.apply(bitcastConvertPrim, [x], { dtype });
}

// ---------------------------------------------------------------- erf

/*
 * erf as a composite. Two pieces, fitted (weighted least squares at Chebyshev nodes, against
 * erf evaluated to 40 digits) for relative error:
 *   |x| < 1:  erf(x) = x · P(x²)
 *   |x| >= 1: erf(x) = sign(x) · (1 - exp(-x²) · Q(t)),  t = 1 / (1 + |x|/2),  |x| clamped to 6
 * (Q approximates erfc(x)·exp(x²), smooth in t on [1/4, 2/3]). Single-precision coefficients
 * (degrees 6 and 10) give a largest relative error of 1.6e-7 over [-6.5, 6.5] when evaluated
 * in f32; the double-precision set (degrees 12 and 22) gives 7e-15 in f64. f16 and bf16
 * compute in f32 and round once at the end.
 */
const ERF_P32 = [
  1.1283791665078087, -0.3761262883426818, 0.11283612335272504, -0.026854804672959476, 0.005190046035388434,
  -0.0008024285105817027, 7.897971393792613e-5,
];
const ERF_Q32 = [
  6.163946814552077e-6, 0.28192950173598796, 0.2840686347930439, 0.23303517570846963, 0.23860523252654028,
  -0.10463151320080208, 0.37544330689874317, -0.5395598780034034, 0.26569734092990965, -0.020403515536453608,
  -0.014239903858109118,
];
const ERF_P64 = [
  1.1283791670955123, -0.3761263890318335, 0.11283791670933667, -0.02686617064058881, 0.005223977576708601,
  -0.0008548323984835122, 0.0001205521415135656, -1.4922614948179574e-5, 1.6410674828794616e-6,
  -1.5791994696398664e-7, 1.0748793617287153e-8, 4.3081995182149224e-10, -2.1465290058929313e-10,
];
const ERF_Q64 = [
  2.8992995028935093e-7, 0.2820862301662987, 0.2822072561854525, 0.24597259168783375, 0.180506389839334,
  0.07042432731185017, 0.02185765032401771, -0.0824878073414946, -0.0586909801472029, 0.029651984913958974,
  0.051096507973260825, 0.00899505874118041, -0.026295290649852907, -0.022866526792397205,
  0.0006689874120757108, 0.01559774648314881, 0.012099618438246633, -0.0007068891788243822,
  -0.0091928540163011, -0.007133982556133634, 0.001481194094916174, 0.0065994482312320924,
  -0.0017619398831425267,
];

/** c[0] + u·(c[1] + u·(...)), by Horner's rule. */
function horner(u: Node, c: readonly number[]): Node {
  let r = mul(u, c[c.length - 1]!);
  for (let k = c.length - 2; k >= 1; k--) r = mul(add(r, c[k]!), u);
  return add(r, c[0]!);
}

/**
 * The error function, built from primitives (see the approximation above); its gradient
 * follows from theirs. `erf(x)`; `gelu(x) = 0.5·x·(1 + erf(x/√2))`
 */
export function erf(x: Node): Node {
  x = checkNode("erf", x);
  if (!isFloat(x.dtype)) throw new TsmlxError("erf", `needs a float operand, got ${x.typeString}`);
  const wide = x.dtype === "f64";
  const v = wide ? x : convert(x, "f32");
  const [p, q] = wide ? [ERF_P64, ERF_Q64] : [ERF_P32, ERF_Q32];
  const small = mul(v, horner(mul(v, v), p));
  const ax = min(abs(v), 6);
  const t = div(1, add(mul(ax, 0.5), 1));
  const tail = sub(1, mul(exp(neg(mul(ax, ax))), horner(t, q)));
  const large = select(lt(v, 0), neg(tail), tail);
  const r = select(lt(abs(v), 1), small, large);
  return wide ? r : convert(r, x.dtype);
}

// ---------------------------------------------------------------- erfinv

/*
 * erfinv as a composite, in the two-piece form w = -log((1 - x)(1 + x)):
 *   w < 5:  erfinv(x) = x · A(w - 2.5)
 *   w >= 5: erfinv(x) = x · B(√w - 3)
 * with degree-9 polynomials fitted (weighted least squares, relative error) against erfinv
 * evaluated to 40 digits. Largest relative error: 1.7e-7 in f32 over (-1, 1); 1.3e-8 in f64
 * for |x| <= 1 - 6e-8 (past that, f64 inputs lose accuracy). ±1 give ±inf, |x| > 1 NaN.
 * Writing 1 - x² as (1 - x)(1 + x) keeps it exact near ±1.
 */
const ERFINV_A = [
  1.5014093595866944, 0.2466402784830646, -0.004177388505332594, -0.001252725238481751,
  0.00021834591721795783, -4.973059174672102e-6, -3.463102216054744e-6, 4.682639198459079e-7,
  2.3265639946648646e-8, -8.941139096905501e-9,
];
const ERFINV_B = [
  2.8329768030381466, 1.0016748942340599, 0.009445135673617789, -0.007636185249925581, 0.005688394285568662,
  -0.003602044601913974, 0.0014813024782455249, -4.91695117091105e-5, -0.0003065837923973594,
  0.00011126551769738679,
];

/**
 * The inverse error function, built from primitives (see the approximation above).
 * `mul(erfinv(sub(mul(u, 2), 1)), Math.SQRT2)` maps uniform u to a standard normal
 */
export function erfinv(x: Node): Node {
  x = checkNode("erfinv", x);
  if (!isFloat(x.dtype)) throw new TsmlxError("erfinv", `needs a float operand, got ${x.typeString}`);
  const wide = x.dtype === "f64";
  const v = wide ? x : convert(x, "f32");
  const w = neg(log(mul(sub(1, v), add(v, 1))));
  const central = horner(sub(w, 2.5), ERFINV_A);
  const tail = horner(sub(sqrt(w), 3), ERFINV_B);
  const r = mul(v, select(lt(w, 5), central, tail));
  return wide ? r : convert(r, x.dtype);
}
