/** StableHLO text output. */
export { emitOp, nodeType, resultType } from "./emit.js";
export { type StableHLOOptions, toStableHLO } from "./printer.js";
export { denseAttr, floatDecimal, i64Array, tensorType } from "./text.js";
