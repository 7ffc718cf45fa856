/** Models built from tsmlx layers. `models.c10ConvModel(ctx, images)` */
export * from "./cifar.js";
export * from "./gemma.js";
export * from "./gemma_chat.js";
export * from "./gemma_checkpoint.js";
export * from "./sampling.js";
