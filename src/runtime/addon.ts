/**
 * The shape of the native addon (native/pjrt, built to build/tsmlx_pjrt.node): a thin
 * binding over the PJRT C API. Everything slow (compile, execute, transfers) returns a
 * promise and runs off the JS thread. Failures throw (or reject with) a `PjrtError`-shaped
 * Error: `code` is the PJRT_Error_Code number, `codeName` its name ("INVALID_ARGUMENT").
 *
 * Lifetimes: a buffer or executable keeps its client alive; `destroy()`/`delete()` free
 * native memory at once and are idempotent; anything not freed explicitly is freed when
 * its JS object is garbage collected.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFailureHint, OPENED_AT_RUN_TIME, platformProblem } from "./system_libs.js";

/** A value passed as a PJRT_NamedValue create option. */
export type NamedValue = string | number | bigint | boolean | number[];

export interface NativeAddon {
  /** dlopen()s a PJRT plugin, calls GetPjrtApi and PJRT_Plugin_Initialize. */
  loadPlugin(path: string): NativePlugin;
  /** Number of live native buffers and executables created through this addon. */
  liveObjects(): { buffers: number; executables: number };
}

export interface NativePlugin {
  readonly path: string;
  readonly apiVersion: { major: number; minor: number };
  /**
   * PJRT_Client_Create with the given named options. Strings, booleans and integer lists
   * map to their PJRT kinds; a bigint or an integral number is an int64, any other number a float.
   */
  createClient(options?: Record<string, NamedValue>): NativeClient;
  /** The plugin's PJRT_Api table: its struct_size, how many entries it holds, and which are NULL. */
  apiTable(): { structSize: number; entries: number; nullEntries: number[] };
  /** PJRT_Plugin_Attributes by name (empty when the plugin reports none). */
  attributes(): Record<string, NamedValue>;
}

export interface NativeClient {
  readonly platformName: string;
  readonly platformVersion: string;
  /** PJRT_Client_AddressableDevices. */
  devices(): NativeDevice[];
  /** PJRT_Client_Compile with format "mlir" (text). `compileOptions` is a serialized CompileOptionsProto. */
  compile(code: string, compileOptions?: Uint8Array): Promise<NativeExecutable>;
  /** PJRT_Client_BufferFromHostBuffer; the bytes are copied before the promise settles. */
  bufferFromHost(
    data: ArrayBufferView,
    elementType: number,
    dims: readonly number[],
    device?: NativeDevice,
  ): Promise<NativeBuffer>;
  destroy(): void;
}

export interface NativeDevice {
  readonly id: number;
  readonly kind: string;
  readonly debugString: string;
  readonly localHardwareId: number;
}

export interface NativeExecutable {
  readonly name: string;
  readonly numOutputs: number;
  /**
   * PJRT_LoadedExecutable_Execute on the first addressable device. `donate` lists argument
   * indices the caller gives up; `launchId` (PJRT_ExecuteOptions.launch_id) names the run for `cancel`.
   */
  execute(
    args: readonly NativeBuffer[],
    options?: { donate?: readonly number[]; launchId?: number },
  ): Promise<NativeBuffer[]>;
  /**
   * Stops the run started with `launchId` (PJRT_Device_PoisonExecution): its `execute` rejects
   * with `code` (a PJRT_Error_Code, default 1 CANCELLED) and `message`. Returns whether such a
   * run was in progress; throws UNIMPLEMENTED when the plugin cannot stop runs.
   */
  cancel(launchId: number, code?: number, message?: string): boolean;
  destroy(): void;
}

export interface NativeBuffer {
  readonly elementType: number;
  readonly dims: number[];
  readonly onDeviceSizeInBytes: number;
  readonly isDeleted: boolean;
  /** PJRT_Buffer_ToHostBuffer into a fresh ArrayBuffer. */
  toHost(): Promise<ArrayBuffer>;
  /** Frees the device memory now (PJRT_Buffer_Destroy). Idempotent. */
  delete(): void;
}

let cached: NativeAddon | undefined;

/**
 * Package root: a source checkout or an installed package (dist/src/runtime/addon.js lives three levels down).
 * @example packageRoot() // => "/home/ada/project/node_modules/tsmlx"
 */
export function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
}

/** What rebuilds or restores the native binaries: `make build` in a checkout, a reinstall in a package. */
function rebuildAdvice(): string {
  return existsSync(join(packageRoot(), "native"))
    ? "run 'make build'"
    : "reinstall tsmlx (npm install tsmlx), whose package ships build/tsmlx_pjrt.node and build/libtsmlx_cpu_pjrt.so";
}

/**
 * Loads the native addon once per process. A plugin that fails to load because of missing
 * system libraries says which, and the package that provides them. `loadAddon().loadPlugin(path)`
 */
export function loadAddon(): NativeAddon {
  if (cached) return cached;
  const unsupported = platformProblem();
  if (unsupported) throw new Error(`[runtime] ${unsupported}`);
  const path = join(packageRoot(), "build", "tsmlx_pjrt.node");
  const require = createRequire(import.meta.url);
  let native: NativeAddon;
  try {
    native = require(path) as NativeAddon;
  } catch (e) {
    const message = (e as Error).message;
    const hint = existsSync(path) ? loadFailureHint(message, path) : "";
    throw new Error(
      `[runtime] cannot load the native addon ${path}: ${message}` +
        (hint ? `\n${hint}` : `; ${rebuildAdvice()}`),
    );
  }
  cached = {
    loadPlugin(plugin: string): NativePlugin {
      try {
        return native.loadPlugin(plugin);
      } catch (e) {
        const opened = basename(plugin) === "libtsmlx_cpu_pjrt.so" ? OPENED_AT_RUN_TIME : [];
        const hint = e instanceof Error ? loadFailureHint(e.message, plugin, opened) : "";
        if (hint) (e as Error).message += `\n${hint}`;
        throw e;
      }
    },
    liveObjects: () => native.liveObjects(),
  };
  return cached;
}
