/**
 * The runtime: PJRT clients, device arrays, compiled executables, the compiled-function core,
 * `exec`, the live session and eager ops on host tensors.
 */

export { cancelRunning, inFlightCount, type StopOptions } from "./cancel.js";
export { Client, type ClientOptions, DeviceArray, defaultClient, Executable } from "./client.js";
export {
  type ArgSpec,
  CompiledFunction,
  type CompiledOptions,
  isTracing,
  type Program,
  ProgramCache,
  type RunOptions,
  recordDependency,
  type StateSlot,
  type TraceDependency,
  type Traced,
} from "./compiled.js";
export { Eager, type EagerInput, eager, eagerCacheSize, eagerOps, runEager } from "./eager.js";
export { type ExecFn, type ExecInput, type ExecOptions, type ExecTraced, exec } from "./exec.js";
export { type DeviceInfo, type RuntimeInfo, runtimeInfo } from "./info.js";
export { bundledCpuPlugin, resolvePlugin } from "./plugin.js";
export { type Feed, Session, type SessionOptions, session, Trace, type VariableSource } from "./session.js";
