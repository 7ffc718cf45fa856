/**
 * tsmlx: machine learning in TypeScript. `import * as tm from "tsmlx"`
 *
 * The everyday surface is flat (`tm.add`, `tm.Trainer`, `tm.session`); layers, models,
 * tokenizers, the primitives (`tm.lax`) and the StableHLO text helpers (`tm.stablehlo`) are
 * namespaces. Every name of src/ is exported once, flat or in one namespace, or is plumbing
 * between modules (test/index.test.ts checks both).
 *
 * ```ts
 * const g = new tm.Graph();
 * const x = g.parameter("x", "f32", [2, 3]);
 * const y = tm.add(x, 1).mul(2);
 * console.log(tm.toStableHLO(g, [y]));
 * ```
 */

// ---- core: dtypes, shapes, host tensors, errors, MIME bundles

export * from "./core/index.js";

// ---- graphs and the ops that build them; reverse-mode autodiff

export * from "./autodiff/index.js";
export * from "./graph/index.js";
export * from "./ops/index.js";

// ---- lowering: toStableHLO (the helpers a primitive's lowering writes with are tm.stablehlo)

export { type StableHLOOptions, toStableHLO } from "./stablehlo/index.js";

// ---- runtime: clients, device arrays, the compiled-function core, exec, session, eager ops

export * from "./runtime/index.js";

// ---- context: variables, hyperparameters, initializers, RNG state, ctx.exec

export * from "./context/index.js";

// ---- data: datasets and readers; checkpoints

export * from "./checkpoint/index.js";
export * from "./data/index.js";

// ---- display: charts, image grids, live text

export * from "./display/index.js";

// ---- train: losses, metrics, optimizers, schedules, the trainer, loops, progress, curves;
// testing: the numeric gradient check (it compiles and runs, so it sits above the runtime)

export * from "./testing/index.js";
export * from "./train/index.js";

// ---- namespaces: layers and models (their names would clash with ops, e.g. conv, maxPool),
// tokenizers, the primitives (tm.lax) and the StableHLO text helpers (tm.stablehlo)

export * as layers from "./layers/index.js";
export * as models from "./models/index.js";
export * as lax from "./ops/lax.js";
export * as stablehlo from "./stablehlo/index.js";
export * as text from "./text/index.js";
