/**
 * Random numbers with explicit state: `stablehlo.rng_bit_generator` turns a `u64[2]` state
 * into random bits and the next state, and `uniform`, `normal`, `truncatedNormal` and
 * `bernoulli` are built on it. Every function takes a state node and returns
 * `[values, nextState]`, so a context can carry the state from step to step.
 *
 * The bits are a deterministic function of the state on a given plugin; different plugins
 * may produce different bits for the same state (the StableHLO spec leaves the exact stream
 * to the implementation).
 */
import { type DType, isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Shape, type ShapeLike, toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import { constantPrim } from "../graph/creation.js";
import type { Graph } from "../graph/graph.js";
import { Node } from "../graph/node.js";
import type { InferredResults, Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { add, div, lt, min, mul, sub } from "./binary.js";
import { convert } from "./convert.js";
import { reshape, slice } from "./shaping.js";
import { erfinv } from "./special.js";
import { cos, log, neg, sqrt } from "./unary.js";

/** The generator algorithms of rng_bit_generator. */
export type RngAlgorithm = "DEFAULT" | "THREE_FRY" | "PHILOX";

/** Attributes of rng_bit_generator: algorithm and the bits' dtype and shape. */
export interface RngBitGeneratorAttrs {
  readonly [k: string]: unknown;
  readonly algorithm: RngAlgorithm;
  readonly dtype: DType;
  readonly shape: Shape;
}

/** `stablehlo.rng_bit_generator`: (state) -> (next state, bits). */
export const rngBitGeneratorPrim: Primitive<RngBitGeneratorAttrs> = {
  name: "rng_bit_generator",
  api: "randomBits",
  infer([state], { algorithm, dtype, shape }): InferredResults {
    const api = "randomBits";
    if (!["DEFAULT", "THREE_FRY", "PHILOX"].includes(algorithm)) {
      throw new TsmlxError(api, `unknown algorithm ${String(algorithm)}; use THREE_FRY, PHILOX or DEFAULT`);
    }
    const n = state!.shape.dims[0];
    const sizeOk = algorithm === "PHILOX" ? n === 2 || n === 3 : n === 2;
    if (state!.dtype !== "u64" || state!.rank !== 1 || !sizeOk) {
      throw new TsmlxError(
        api,
        `state must be u64[2]${algorithm === "PHILOX" ? " or u64[3]" : ""} for ${algorithm}, got ${state!.typeString}`,
      );
    }
    if (dtype === "bool") throw new TsmlxError(api, "bits must be an integer or float dtype, got bool");
    return {
      results: [
        { dtype: "u64", shape: state!.shape },
        { dtype, shape },
      ],
    };
  },
  lower(node, ctx) {
    const a = node.attributes as RngBitGeneratorAttrs;
    emitOp(ctx, node, [["rng_algorithm", `#stablehlo<rng_algorithm ${a.algorithm}>`]]);
  },
};

function checkState(api: string, state: unknown): Node {
  if (!(state instanceof Node)) throw new TsmlxError(api, `state must be a graph node, got ${typeof state}`);
  return state;
}

/**
 * A fresh generator state `u64[2]` from a seed (key = seed, counter = 0).
 * `let s = rngState(g, 42)`
 */
export function rngState(graph: Graph, seed: number | bigint): Node {
  const key = BigInt.asUintN(64, BigInt(seed));
  return graph.apply(constantPrim, [], { value: Tensor.fromValues("u64", [2], [key, 0n]) });
}

/**
 * Random bits of `dtype` (any integer or float type; every bit pattern equally likely) and
 * the next state. `const [bits, s1] = randomBits(s0, [4], "u32")`
 */
export function randomBits(
  state: Node,
  shape: ShapeLike,
  dtype: DType = "u32",
  algorithm: RngAlgorithm = "THREE_FRY",
): [Node, Node] {
  const s = checkState("randomBits", state);
  const [next, bits] = s.graph.applyMulti(rngBitGeneratorPrim, [s], {
    algorithm,
    dtype,
    shape: toShape(shape),
  });
  return [bits!, next!];
}

/** Largest value below 1 in each float dtype. */
const BELOW_ONE: Record<string, number> = {
  f16: 1 - 2 ** -11,
  bf16: 1 - 2 ** -8,
  f32: 1 - 2 ** -24,
  f64: 1 - 2 ** -53,
};

/** Uniform [0, 1) in f32 (24 random bits) or f64 (53 random bits) and the next state. */
function unitUniform(state: Node, shape: Shape, wide: boolean): [Node, Node] {
  if (wide) {
    const [bits, next] = randomBits(state, shape, "u64");
    return [mul(convert(div(bits, 2n ** 11n), "f64"), 2 ** -53), next];
  }
  const [bits, next] = randomBits(state, shape, "u32");
  return [mul(convert(div(bits, 256), "f32"), 2 ** -24), next];
}

function floatDType(api: string, dtype: DType): void {
  if (!isFloat(dtype)) throw new TsmlxError(api, `needs a float dtype, got ${dtype}`);
}

/** Options of {@link uniform}. */
export interface UniformOptions {
  readonly dtype?: DType;
  /** Lower bound (inclusive), default 0. */
  readonly min?: number;
  /** Upper bound (exclusive), default 1. */
  readonly max?: number;
}

/**
 * Uniform samples in [min, max) (default [0, 1), dtype f32) and the next state.
 * `const [u, s1] = uniform(s0, [2, 3])`
 */
export function uniform(state: Node, shape: ShapeLike, options: UniformOptions = {}): [Node, Node] {
  const s = checkState("uniform", state);
  const dtype = options.dtype ?? "f32";
  floatDType("uniform", dtype);
  const lo = options.min ?? 0;
  const hi = options.max ?? 1;
  if (!(lo < hi)) throw new TsmlxError("uniform", `needs min < max, got [${lo}, ${hi})`);
  let [u, next] = unitUniform(s, toShape(shape), dtype === "f64");
  if (dtype !== "f64" && dtype !== "f32") u = min(convert(u, dtype), BELOW_ONE[dtype]!);
  if (lo !== 0 || hi !== 1) u = add(mul(u, hi - lo), lo);
  return [u, next];
}

/** Options of {@link normal}. */
export interface NormalOptions {
  readonly dtype?: DType;
  readonly mean?: number;
  readonly stddev?: number;
}

/**
 * Normal samples (Box–Muller on two uniform streams) and the next state.
 * `const [z, s1] = normal(s0, [128, 64], { stddev: 0.02 })`
 */
export function normal(state: Node, shape: ShapeLike, options: NormalOptions = {}): [Node, Node] {
  const s = checkState("normal", state);
  const dtype = options.dtype ?? "f32";
  floatDType("normal", dtype);
  const sh = toShape(shape);
  const wide = dtype === "f64";
  const [u, next] = unitUniform(s, new Shape([2, ...sh.dims]), wide);
  const starts = [0, ...sh.dims.map(() => 0)];
  const u1 = reshape(slice(u, starts, [1, ...sh.dims]), sh.dims);
  const u2 = reshape(slice(u, [1, ...sh.dims.map(() => 0)], [2, ...sh.dims]), sh.dims);
  // 1 - u1 lies in (0, 1], so the log is finite.
  const radius = sqrt(mul(log(sub(1, u1)), -2));
  let z = mul(radius, cos(mul(u2, 2 * Math.PI)));
  if (options.stddev !== undefined && options.stddev !== 1) z = mul(z, options.stddev);
  if (options.mean !== undefined && options.mean !== 0) z = add(z, options.mean);
  return [convert(z, dtype), next];
}

/** Options of {@link truncatedNormal}. */
export interface TruncatedNormalOptions {
  readonly dtype?: DType;
  /** Lower bound in standard deviations, default -2. */
  readonly lower?: number;
  /** Upper bound in standard deviations, default 2. */
  readonly upper?: number;
  readonly mean?: number;
  readonly stddev?: number;
}

/**
 * Normal samples restricted to [lower, upper] standard deviations (default [-2, 2]), by the
 * inverse CDF: x = √2·erfinv(u) with u uniform in [erf(lower/√2), erf(upper/√2)].
 * `const [w, s1] = truncatedNormal(s0, [256, 256], { stddev: 0.05 })`
 */
export function truncatedNormal(
  state: Node,
  shape: ShapeLike,
  options: TruncatedNormalOptions = {},
): [Node, Node] {
  const s = checkState("truncatedNormal", state);
  const dtype = options.dtype ?? "f32";
  floatDType("truncatedNormal", dtype);
  const lo = options.lower ?? -2;
  const hi = options.upper ?? 2;
  if (!(lo < hi)) throw new TsmlxError("truncatedNormal", `needs lower < upper, got [${lo}, ${hi}]`);
  const wide = dtype === "f64";
  const [u, next] = unitUniform(s, toShape(shape), wide);
  const a = erfScalar(lo / Math.SQRT2);
  const b = erfScalar(hi / Math.SQRT2);
  let x = mul(erfinv(add(mul(u, b - a), a)), Math.SQRT2);
  // Rounding at the ends may step just outside the bounds.
  x = min(x, hi);
  x = neg(min(neg(x), -lo));
  if (options.stddev !== undefined && options.stddev !== 1) x = mul(x, options.stddev);
  if (options.mean !== undefined && options.mean !== 0) x = add(x, options.mean);
  return [convert(x, dtype), next];
}

/** erf of a JS number (for constants), from the all-positive series; ±1 past 6. */
function erfScalar(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 400 && term > sum * 1e-17; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
  return x < 0 ? -r : r;
}

/**
 * Bernoulli samples: true with probability `p` (a number or a float node broadcastable to
 * `shape`) and the next state. `const [keep, s1] = bernoulli(s0, 0.9, [32, 128])`
 */
export function bernoulli(state: Node, p: number | Node, shape: ShapeLike): [Node, Node] {
  const s = checkState("bernoulli", state);
  if (typeof p === "number" && !(p >= 0 && p <= 1)) {
    throw new TsmlxError("bernoulli", `probability must be in [0, 1], got ${p}`);
  }
  const dtype = p instanceof Node ? p.dtype : "f32";
  if (p instanceof Node && !isFloat(dtype))
    throw new TsmlxError("bernoulli", `probability must be a float node, got ${p.typeString}`);
  const [u, next] = uniform(s, shape, { dtype: dtype === "f64" ? "f64" : "f32" });
  const q = p instanceof Node && p.dtype !== u.dtype ? convert(p, u.dtype) : p;
  return [lt(u, q), next];
}
