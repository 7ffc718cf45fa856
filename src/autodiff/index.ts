/** Reverse-mode autodiff: grad, vjp, valueAndGrad (stopGradient is an op, in src/ops/stop.ts). */

export { grad, type ValueAndGradOptions, valueAndGrad, vjp } from "./grad.js";
