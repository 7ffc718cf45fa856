/**
 * Variable initializers. An initializer is a function from a dtype and shape (plus a seeded
 * random source) to the variable's first value, a host Tensor. They run on the host, once,
 * when a variable is created, so they need no compiled program.
 *
 * Fans (for Glorot/He): for a shape `[..., in, out]` (dense `[in, out]`, conv kernels
 * `[kh, kw, in, out]`, i.e. HWIO) the receptive field is the product of the leading dims,
 * `fanIn = in · receptive` and `fanOut = out · receptive`. A rank-1 shape `[n]` has
 * `fanIn = fanOut = n`; a scalar has fans of 1.
 */
import { type DType, isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";

/** A seeded source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** What an initializer gets: the variable's dtype, shape, path and a seeded random source. */
export interface InitSpec {
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** The variable's path, e.g. `/dense/weights` (for error messages). */
  readonly path: string;
  readonly random: RandomSource;
}

/** Makes a variable's first value. `const init: Initializer = zerosInit()` */
export type Initializer = (spec: InitSpec) => Tensor;

/**
 * A seeded uniform generator (mulberry32). `const r = seededRandom(7); r() < 1`
 */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash of a string, used to give each variable path its own seed. `hashString("/w")` */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function standardNormal(random: RandomSource): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function fill(spec: InitSpec, f: () => number | bigint | boolean): Tensor {
  const n = toShape(spec.dims).size;
  const values = new Array(n);
  for (let i = 0; i < n; i++) values[i] = f();
  return Tensor.fromValues(spec.dtype, spec.dims, values);
}

function needFloat(name: string, spec: InitSpec): void {
  if (!isFloat(spec.dtype)) {
    throw new TsmlxError(
      name,
      `${spec.path}: needs a float dtype, got ${spec.dtype}[${spec.dims.join(",")}]`,
    );
  }
}

/** An initializer of all zeros (false for bool). `ctx.variable("b", "f32", [10], zerosInit())` */
export function zerosInit(): Initializer {
  return (spec) => Tensor.zeros(spec.dtype, spec.dims);
}

/** An initializer of all ones (true for bool). `ctx.variable("scale", "f32", [64], onesInit())` */
export function onesInit(): Initializer {
  return (spec) => constantInit(spec.dtype === "bool" ? true : 1)(spec);
}

/** Every element `value`. `ctx.variable("t", "f32", [], constantInit(0.5))` */
export function constantInit(value: number | bigint | boolean): Initializer {
  return (spec) => {
    const v =
      (spec.dtype === "i64" || spec.dtype === "u64") && typeof value === "number" ? BigInt(value) : value;
    return fill(spec, () => v);
  };
}

/** Normal samples with mean and stddev. `normalInit({ stddev: 0.02 })` */
export function normalInit(options: { mean?: number; stddev?: number } = {}): Initializer {
  const mean = options.mean ?? 0;
  const stddev = options.stddev ?? 1;
  return (spec) => {
    needFloat("normalInit", spec);
    return fill(spec, () => mean + stddev * standardNormal(spec.random));
  };
}

/** Uniform samples in [min, max). `uniformInit({ min: -0.1, max: 0.1 })` */
export function uniformInit(options: { min?: number; max?: number } = {}): Initializer {
  const min = options.min ?? 0;
  const max = options.max ?? 1;
  return (spec) => {
    needFloat("uniformInit", spec);
    return fill(spec, () => min + (max - min) * spec.random());
  };
}

/**
 * Normal samples redrawn until they lie within `bound` standard deviations (default 2).
 * `truncatedNormalInit({ stddev: 0.05 })`
 */
export function truncatedNormalInit(
  options: { mean?: number; stddev?: number; bound?: number } = {},
): Initializer {
  const mean = options.mean ?? 0;
  const stddev = options.stddev ?? 1;
  const bound = options.bound ?? 2;
  return (spec) => {
    needFloat("truncatedNormalInit", spec);
    return fill(spec, () => {
      for (;;) {
        const z = standardNormal(spec.random);
        if (Math.abs(z) <= bound) return mean + stddev * z;
      }
    });
  };
}

/**
 * Fan-in and fan-out of a weight shape (see the module doc).
 * `computeFans([3, 3, 16, 32])` is `{ fanIn: 144, fanOut: 288 }`
 */
export function computeFans(dims: readonly number[]): { fanIn: number; fanOut: number } {
  if (dims.length === 0) return { fanIn: 1, fanOut: 1 };
  if (dims.length === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
  const receptive = dims.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: dims[dims.length - 2]! * receptive, fanOut: dims[dims.length - 1]! * receptive };
}

/** Options of the variance-scaling initializers. */
export interface FanOptions {
  /** Overrides the fans computed from the shape. */
  readonly fanIn?: number;
  readonly fanOut?: number;
}

function fans(spec: InitSpec, o: FanOptions): { fanIn: number; fanOut: number } {
  const f = computeFans(spec.dims);
  return { fanIn: o.fanIn ?? f.fanIn, fanOut: o.fanOut ?? f.fanOut };
}

/** Glorot/Xavier uniform: U(-l, l) with l = √(6 / (fanIn + fanOut)). `glorotUniform()` */
export function glorotUniform(options: FanOptions = {}): Initializer {
  return (spec) => {
    needFloat("glorotUniform", spec);
    const { fanIn, fanOut } = fans(spec, options);
    const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
    return fill(spec, () => limit * (2 * spec.random() - 1));
  };
}

/** Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)). `glorotNormal()` */
export function glorotNormal(options: FanOptions = {}): Initializer {
  return (spec) => {
    needFloat("glorotNormal", spec);
    const { fanIn, fanOut } = fans(spec, options);
    const stddev = Math.sqrt(2 / Math.max(1, fanIn + fanOut));
    return fill(spec, () => stddev * standardNormal(spec.random));
  };
}

/** He/Kaiming uniform: U(-l, l) with l = √(6 / fanIn). `heUniform()` */
export function heUniform(options: FanOptions = {}): Initializer {
  return (spec) => {
    needFloat("heUniform", spec);
    const limit = Math.sqrt(6 / Math.max(1, fans(spec, options).fanIn));
    return fill(spec, () => limit * (2 * spec.random() - 1));
  };
}

/** He/Kaiming normal: N(0, 2 / fanIn). `heNormal()` */
export function heNormal(options: FanOptions = {}): Initializer {
  return (spec) => {
    needFloat("heNormal", spec);
    const stddev = Math.sqrt(2 / Math.max(1, fans(spec, options).fanIn));
    return fill(spec, () => stddev * standardNormal(spec.random));
  };
}

/** Xavier is another name for Glorot. `xavierUniform()` */
export const xavierUniform = glorotUniform;
/** Xavier is another name for Glorot. `xavierNormal()` */
export const xavierNormal = glorotNormal;

/**
 * An initializer that returns a given tensor (its dtype and shape must match the variable's).
 * `ctx.variable("table", "f32", [2, 2], tensorInit(tm.tensor([[1, 2], [3, 4]])))`
 */
export function tensorInit(t: Tensor): Initializer {
  return (spec) => {
    const want = toShape(spec.dims);
    if (t.dtype !== spec.dtype || !t.shape.equals(want)) {
      throw new TsmlxError(
        "tensorInit",
        `${spec.path}: initial value is ${t.dtype}${t.shape}, the variable is ${spec.dtype}${want}`,
      );
    }
    return t;
  };
}
