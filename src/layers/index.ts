/**
 * Layers: functions of a context view and nodes that create or reuse their variables in the
 * view's scope. `const h = layers.dense(ctx.in("dense_0"), x, 128, { activation: "relu" })`
 */
export * from "./activations.js";
export * from "./attention.js";
export * from "./conv.js";
export * from "./dense.js";
export * from "./norms.js";
export * from "./scope.js";
