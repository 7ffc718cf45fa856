/**
 * Every op: primitives (with their shape rules, lowerings and gradient slots) and the public
 * camelCase functions that build them.
 */

// ---- multi-result reductions (argmax/argmin); autodiff composites follow in their own files
export * from "./argminmax.js";
export * from "./binary.js";
export * from "./convert.js";
export * from "./creation.js";
export * from "./dot.js";
// indexing group
export * from "./indexing.js";
export {
  broadcastShapes,
  checkScalar,
  describe as describeOperand,
  graphOf,
  type Operand,
  scalarConstant,
} from "./operand.js";
export * from "./reduce.js";
export * from "./shaping.js";
export * from "./special.js";
export * from "./unary.js";
