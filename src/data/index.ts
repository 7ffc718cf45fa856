export * from "./cifar.js";
export * from "./dataset.js";
export * from "./idx.js";
export * from "./prefetch.js";
