/**
 * Every op: primitives (with their shape rules, lowerings and gradient slots) and the public
 * camelCase functions that build them.
 */

// ---- composites (functions of primitives; gradients come from the primitives' rules)
export * from "./activations.js";
// ---- multi-result reductions (argmax/argmin); autodiff composites follow in their own files
export * from "./argminmax.js";
export * from "./arrays.js";
export * from "./binary.js";
// indexing group
export * from "./control.js";
// ---- convolution, window reductions and pooling
export * from "./conv.js";
export * from "./convert.js";
export * from "./creation.js";
export * from "./dot.js";
export * from "./einsum.js";
export * from "./indexing.js";
export {
  broadcastShapes,
  checkScalar,
  describe as describeOperand,
  graphOf,
  type Operand,
  scalarConstant,
} from "./operand.js";
export * from "./random.js";
export * from "./reduce.js";
export * from "./reverse.js";
export * from "./shaping.js";
export * from "./softmax.js";
export * from "./sort.js";
export * from "./special.js";
export * from "./stats.js";
export * from "./stop.js";
export * from "./unary.js";
export * from "./window.js";
