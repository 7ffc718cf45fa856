/** The runtime: PJRT clients, device arrays, compiled executables and `exec`. */

export { cancelRunning, inFlightCount, type StopOptions } from "./cancel.js";
export { Client, type ClientOptions, DeviceArray, defaultClient, Executable } from "./client.js";
export { type ExecFn, type ExecInput, type ExecOptions, exec } from "./exec.js";
export { type DeviceInfo, type RuntimeInfo, runtimeInfo } from "./info.js";
export { bundledCpuPlugin, resolvePlugin } from "./plugin.js";
export { type Feed, Session, type SessionOptions, session, Trace, type VariableSource } from "./session.js";
