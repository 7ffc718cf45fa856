/** Checkpoints: safetensors files with a JSON sidecar, written atomically, validated before loading. */
export {
  type AtomicWriteOptions,
  type CheckpointInfo,
  type CheckpointState,
  Checkpoints,
  type CheckpointsOptions,
  checkTensors,
  writeFileAtomic,
} from "./checkpoint.js";
export * from "./safetensors.js";
