/** Contexts: variables by scope path, hyperparameters, initializers, RNG state, running with variables. */
export * from "./context.js";
export * from "./exec.js";
export * from "./initializers.js";
export { TraceRegistry, Variable, VariableTrace } from "./variable.js";
