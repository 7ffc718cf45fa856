/**
 * Training: losses, metrics, optimizers and learning-rate schedules; the trainer (one compiled
 * step per batch signature and hyperparameters), loops and callbacks, progress output, and
 * training curves.
 */
export * from "./curves.js";
export * from "./loop.js";
export * from "./losses.js";
export * from "./metrics.js";
export * from "./optimizers.js";
export * from "./progress.js";
export * from "./trainer.js";
