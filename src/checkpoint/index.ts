export * from "./checkpoint.js";
export * from "./safetensors.js";
