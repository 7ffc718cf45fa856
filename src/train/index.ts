/** Training: losses, metrics, optimizers and learning-rate schedules. */
export * from "./losses.js";
export * from "./metrics.js";
export * from "./optimizers.js";
