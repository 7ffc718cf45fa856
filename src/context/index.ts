/** Contexts: variables by scope path, hyperparameters, initializers, RNG state, running with variables. */
export * from "./context.js";
export * from "./exec.js";
export {
  computeFans,
  constantInit,
  type FanOptions,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  type InitSpec,
  normalInit,
  onesInit,
  type RandomSource,
  seededRandom,
  tensorInit,
  truncatedNormalInit,
  uniformInit,
  xavierNormal,
  xavierUniform,
  zerosInit,
} from "./initializers.js";
export * from "./summary.js";
export { TraceRegistry, Variable, VariableTrace } from "./variable.js";
