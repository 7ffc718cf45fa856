/**
 * tsmlx: machine learning in TypeScript. `import * as tm from "tsmlx"`
 *
 * ```ts
 * const g = new tm.Graph();
 * const x = g.parameter("x", "f32", [2, 3]);
 * const y = tm.add(x, 1).mul(2);
 * console.log(tm.toStableHLO(g, [y]));
 * ```
 */

export * from "./autodiff/index.js";
// ---- data, checkpoints, training loop
export * from "./checkpoint/index.js";
// ---- context: variables, hyperparameters, initializers, RNG state
export * from "./context/index.js";
export * from "./core/index.js";
export * from "./data/index.js";
export * from "./display/index.js";
export * from "./graph/index.js";
// ---- layers and models (namespaces: their names would clash with ops, e.g. conv, maxPool)
export * as layers from "./layers/index.js";
export * as models from "./models/index.js";
export * from "./ops/index.js";
// ---- eager ops on host tensors (one-op programs, cached)
export { Eager, type EagerInput, eager, eagerCacheSize, eagerOps, runEager } from "./runtime/eager.js";
export * from "./runtime/index.js";
export * from "./stablehlo/index.js";
// ---- testing: the numeric gradient check (it compiles and runs, so it sits above the runtime)
export * from "./testing/index.js";
// ---- text: tokenizers (a namespace, like layers and models)
export * as text from "./text/index.js";
// ---- train: training curves; losses, metrics, optimizers, schedules; the trainer (one
// compiled step per batch signature), loops, progress output
export * from "./train/curves.js";
export * from "./train/index.js";
export * from "./train/loop.js";
export * from "./train/progress.js";
export * from "./train/trainer.js";
