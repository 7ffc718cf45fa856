export * from "./cifar.js";
export * from "./dataset.js";
export * from "./download.js";
export * from "./idx.js";
export * from "./prefetch.js";
export * from "./shapes.js";
export * from "./tar.js";
