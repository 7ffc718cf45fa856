/** Reverse-mode autodiff: grad, vjp, valueAndGrad, stopGradient, and the numeric gradient check. */

export {
  checkGradients,
  type DirectionCheck,
  type GradCheckOptions,
  type GradCheckResult,
} from "./check.js";
export { grad, type ValueAndGradOptions, valueAndGrad, vjp } from "./grad.js";
export { stopGradient, stopGradientPrim } from "./stop.js";
