/**
 * Every op as the public camelCase function that builds it, with its option types: the flat
 * surface of `tm`. The primitives these functions apply (shape rule, lowering and gradient),
 * their attribute types and the helpers an op is written with are in ./lax.ts (`tm.lax`).
 * Each name of a family file is in exactly one of the two (test/index.test.ts checks it).
 */

// ---- elementwise: unary, binary, comparisons, select and clamp, conversions

export {
  add,
  and,
  type ComparisonDirection,
  clamp,
  compare,
  div,
  eq,
  ge,
  gt,
  le,
  lt,
  max,
  min,
  mul,
  ne,
  or,
  pow,
  rem,
  select,
  sub,
  xor,
} from "./binary.js";
export { convert } from "./convert.js";
export { atan2, bitcastConvert, cbrt, erf, erfinv, finite } from "./special.js";
export {
  abs,
  ceil,
  cos,
  exp,
  expm1,
  floor,
  log,
  log1p,
  logistic,
  neg,
  not,
  round,
  roundEven,
  rsqrt,
  sign,
  sin,
  sqrt,
  tanh,
} from "./unary.js";

// ---- creation, shapes and arrays

export { expandDims, flatten, repeat, split, squeeze, stack, tile, where } from "./arrays.js";
export { constant, full, iota } from "./creation.js";
export { reverse } from "./reverse.js";
export { broadcastInDim, broadcastTo, concatenate, pad, reshape, slice, transpose } from "./shaping.js";

// ---- indexing: gather, scatter, dynamic slices and what is built on them

export {
  dynamicSlice,
  dynamicUpdateSlice,
  type GatherDimensionNumbers,
  gather,
  oneHot,
  type ScatterCombiner,
  type ScatterDimensionNumbers,
  type ScatterOptions,
  type StartIndex,
  scatter,
  scatterAdd,
  take,
  takeAlongAxis,
} from "./indexing.js";

// ---- products, reductions, statistics, sorting

export { type ArgOptions, argmax, argmin, maxWithIndex, minWithIndex } from "./argminmax.js";
export { type DotDims, type DotPrecision, dotGeneral, matmul } from "./dot.js";
export { einsum } from "./einsum.js";
export {
  type ReduceOptions,
  reduceAll,
  reduceAny,
  reduceMax,
  reduceMin,
  reduceProd,
  reduceSum,
} from "./reduce.js";
export { argsort, type Comparator, type SortOptions, sort, sortBy, topK } from "./sort.js";
export { globalNorm, l2Norm, mean, std, type VarianceOptions, variance } from "./stats.js";

// ---- convolution, window reductions and pooling

export {
  type ConvDimensionNumbers,
  type ConvOptions,
  type ConvolutionOptions,
  conv,
  convolution,
  type Padding,
} from "./conv.js";
export {
  avgPool,
  type CumulativeOptions,
  cummax,
  cumsum,
  maxPool,
  type PoolOptions,
  type ReduceWindowOptions,
  reduceWindow,
  type WindowKind,
} from "./window.js";

// ---- composites: activations and softmax

export { elu, type GeluOptions, gelu, leakyRelu, relu, sigmoid, silu, softplus } from "./activations.js";
export { type LogSumExpOptions, logSoftmax, logSumExp, softmax, softmaxCrossEntropy } from "./softmax.js";

// ---- random numbers, control flow, gradient stops

export { cond, forLoop, switchCase, whileLoop } from "./control.js";
export {
  bernoulli,
  type NormalOptions,
  normal,
  type RngAlgorithm,
  randomBits,
  rngState,
  type TruncatedNormalOptions,
  truncatedNormal,
  type UniformOptions,
  uniform,
} from "./random.js";
export { stopGradient } from "./stop.js";

// ---- what any op accepts as an operand

export type { Operand } from "./operand.js";
