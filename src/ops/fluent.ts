/**
 * The ops that Node's fluent methods call (`x.add(y)`), gathered so node.ts imports one module.
 */

export { relu } from "./activations.js";
export { argmax } from "./argminmax.js";
export { add, div, eq, ge, gt, le, lt, max, min, mul, ne, pow, rem, sub } from "./binary.js";
export { convert } from "./convert.js";
export { matmul } from "./dot.js";
export type { Operand } from "./operand.js";
export { reduceMax, reduceMin, reduceSum } from "./reduce.js";
export { broadcastTo, reshape, slice, transpose } from "./shaping.js";
export { logSoftmax, softmax } from "./softmax.js";
export { mean } from "./stats.js";
export { abs, exp, log, neg, sqrt, tanh } from "./unary.js";
