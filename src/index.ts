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
// ---- checkpoints
export * from "./checkpoint/index.js";
// ---- context: variables, hyperparameters, initializers, RNG state
export * from "./context/index.js";
// ---- core: dtypes, shapes, host tensors, errors, MIME bundles; data: datasets and readers
export * from "./core/index.js";
export * from "./data/index.js";
export * from "./display/index.js";
export * from "./graph/index.js";
// ---- layers and models (namespaces: their names would clash with ops, e.g. conv, maxPool)
export * as layers from "./layers/index.js";
export * as models from "./models/index.js";
export * from "./ops/index.js";
// ---- runtime: clients, device arrays, the compiled-function core, exec, session, eager ops
export * from "./runtime/index.js";
// ---- lowering: toStableHLO; the helpers a primitive's lowering writes with, as tm.stablehlo
export * as stablehlo from "./stablehlo/index.js";
export { type StableHLOOptions, toStableHLO } from "./stablehlo/index.js";
// ---- testing: the numeric gradient check (it compiles and runs, so it sits above the runtime)
export * from "./testing/index.js";
// ---- text: tokenizers (a namespace, like layers and models)
export * as text from "./text/index.js";
// ---- train: losses, metrics, optimizers, schedules; the trainer, loops, progress, curves
export * from "./train/index.js";
