/**
 * The primitives, public as `tm.lax` (as JAX's `lax` holds its `*_p` primitives): one object
 * per StableHLO op with its shape rule, lowering and gradient, the attribute types a node of it
 * carries, the graph's own primitives (parameter, constant, projection) and the types and
 * helpers a new primitive is written with. `g.apply(tm.lax.negatePrim, [x], {})` builds a node
 * directly; the everyday ops that build these nodes are flat (./index.ts).
 */

export * from "../graph/lax.js";

// ---- elementwise

export {
  addPrim,
  andPrim,
  type CompareAttrs,
  clampPrim,
  comparePrim,
  compareType,
  divPrim,
  maxPrim,
  minPrim,
  mulPrim,
  orPrim,
  powPrim,
  remPrim,
  selectPrim,
  subPrim,
  xorPrim,
} from "./binary.js";
export { type ConvertAttrs, convertPrim } from "./convert.js";
export {
  atan2Prim,
  type BitcastConvertAttrs,
  bitcastConvertPrim,
  cbrtPrim,
  isFinitePrim,
} from "./special.js";
export {
  absPrim,
  ceilPrim,
  cosPrim,
  expm1Prim,
  expPrim,
  floorPrim,
  log1pPrim,
  logisticPrim,
  logPrim,
  negatePrim,
  notPrim,
  roundEvenPrim,
  roundPrim,
  rsqrtPrim,
  signPrim,
  sinPrim,
  sqrtPrim,
  tanhPrim,
} from "./unary.js";

// ---- creation and shapes

export { type IotaAttrs, iotaPrim, MAX_CONSTANT_ELEMENTS } from "./creation.js";
export { type ReverseAttrs, reversePrim } from "./reverse.js";
export {
  type BroadcastInDimAttrs,
  broadcastInDimPrim,
  type ConcatenateAttrs,
  concatenatePrim,
  type PadAttrs,
  padPrim,
  type ReshapeAttrs,
  reshapePrim,
  type SliceAttrs,
  slicePrim,
  type TransposeAttrs,
  transposePrim,
} from "./shaping.js";

// ---- indexing

export {
  type DynamicSliceAttrs,
  dynamicSlicePrim,
  dynamicUpdateSlicePrim,
  type GatherAttrs,
  gatherPrim,
  type ScatterAttrs,
  scatterPrim,
} from "./indexing.js";

// ---- products, reductions, sorting

export { type ArgReduceAttrs, argReducePrim } from "./argminmax.js";
export { type DotGeneralAttrs, dotGeneralPrim } from "./dot.js";
export { type ReduceAttrs, type ReduceKind, reduceInit, reducePrim } from "./reduce.js";
export { type SortAttrs, sortPrim } from "./sort.js";

// ---- convolution and windows

export { type ConvolutionAttrs, convolutionPrim, numWindows, padsFor, spatialList } from "./conv.js";
export {
  type ReduceWindowAttrs,
  reduceWindowPrim,
  type SelectAndScatterAttrs,
  selectAndScatterPrim,
  type WindowAttrs,
} from "./window.js";

// ---- random bits, control flow (regions), gradient stops

export {
  type BranchAttrs,
  casePrim,
  type ForAttrs,
  forPrim,
  ifPrim,
  type WhileAttrs,
  whilePrim,
} from "./control.js";
export { type RngBitGeneratorAttrs, rngBitGeneratorPrim } from "./random.js";
export type { Region } from "./region.js";
export { stopGradientPrim } from "./stop.js";

// ---- operands: lifting numbers to constants, broadcasting shapes, naming what an op received

export {
  broadcastShapes,
  checkScalar,
  describe as describeOperand,
  graphOf,
  scalarConstant,
} from "./operand.js";
