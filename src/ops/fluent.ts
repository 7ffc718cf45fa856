/**
 * The ops that Node's fluent methods call (`x.add(y)`), gathered so node.ts imports one module.
 */
export { add, div, mul, pow, sub } from "./binary.js";
export { convert } from "./convert.js";
export { matmul } from "./dot.js";
export type { Operand } from "./operand.js";
export { reduceSum } from "./reduce.js";
export { reshape, transpose } from "./shaping.js";
export { neg } from "./unary.js";
