/**
 * Random numbers inside graphs for a context, from a state the context keeps as a variable.
 *
 * The state is a `u32[2]` variable `/rng_state` holding `[key, counter]`. Each draw hashes
 * the element index with the key and counter (a counter-based generator: `lowbias32`, an
 * xor-shift-multiply integer hash, applied twice) and writes the state back with the counter
 * advanced, so each draw in a program, and each run of it, gets fresh numbers, and the same
 * seed gives the same numbers on any plugin (only u32 multiply, add, xor and divide are used).
 */
import type { DType } from "../core/dtype.js";
import { isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type ShapeLike, toShape } from "../core/shape.js";
import type { Node } from "../graph/node.js";
import { add, div, lt, mul, xor } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { iota } from "../ops/creation.js";
import { reshape, slice } from "../ops/shaping.js";
import { cos, log, sqrt } from "../ops/unary.js";

function shr(x: Node, bits: number): Node {
  return div(x, 2 ** bits);
}

/** The lowbias32 integer hash on u32 nodes. `lowbias32(x)` */
export function lowbias32(x: Node): Node {
  let h = xor(x, shr(x, 16));
  h = mul(h, 0x7feb352d);
  h = xor(h, shr(h, 15));
  h = mul(h, 0x846ca68b);
  return xor(h, shr(h, 16));
}

/**
 * Random u32 bits of `shape` from a `u32[2]` state `[key, counter]`, and the next state.
 * `const [bits, next] = hashBits(state, [4, 4])`
 */
export function hashBits(state: Node, shape: ShapeLike): [Node, Node] {
  if (state.dtype !== "u32" || !state.shape.equals([2])) {
    throw new TsmlxError("random", `state must be u32[2] [key, counter], got ${state.typeString}`);
  }
  const s = toShape(shape);
  if (s.size >= 2 ** 32) throw new TsmlxError("random", `shape ${s} has too many elements for one draw`);
  const g = state.graph;
  const key = reshape(slice(state, [0], [1]), []);
  const counter = reshape(slice(state, [1], [2]), []);
  const base = lowbias32(add(key, mul(counter, 0x9e3779b9)));
  const index = s.rank === 0 ? reshape(iota(g, "u32", [1]), []) : reshape(iota(g, "u32", [s.size]), s.dims);
  const h = lowbias32(add(lowbias32(xor(index, base)), key));
  const one = g.constant([0, 1], "u32");
  return [h, add(state, one)];
}

/**
 * Uniform samples in [0, 1) of a float dtype (24 random bits each), and the next state.
 * `const [u, next] = hashUniform(state, [8], "f32")`
 */
export function hashUniform(state: Node, shape: ShapeLike, dtype: DType = "f32"): [Node, Node] {
  if (!isFloat(dtype)) throw new TsmlxError("random", `uniform needs a float dtype, got ${dtype}`);
  const [bits, next] = hashBits(state, shape);
  const u = mul(convert(shr(bits, 8), "f32"), 2 ** -24);
  return [dtype === "f32" ? u : convert(u, dtype), next];
}

/**
 * Standard normal samples (Box–Muller on two uniform draws), and the next state.
 * `const [z, next] = hashNormal(state, [8], "f32")`
 */
export function hashNormal(state: Node, shape: ShapeLike, dtype: DType = "f32"): [Node, Node] {
  const [u1, s1] = hashUniform(state, shape, "f32");
  const [u2, s2] = hashUniform(s1, shape, "f32");
  // 1 - u1 is in (0, 1], so the log is finite.
  const r = sqrt(mul(log(add(mul(u1, -1), 1)), -2));
  const z = mul(r, cos(mul(u2, 2 * Math.PI)));
  return [dtype === "f32" ? z : convert(z, dtype), s2];
}

/**
 * Bernoulli samples (bool, true with probability p), and the next state.
 * `const [keep, next] = hashBernoulli(state, 0.9, [32, 10])`
 */
export function hashBernoulli(state: Node, p: number, shape: ShapeLike): [Node, Node] {
  const [u, next] = hashUniform(state, shape, "f32");
  return [lt(u, p), next];
}
