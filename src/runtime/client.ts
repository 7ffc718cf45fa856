/**
 * A PJRT client and what lives on its device: compiled executables and device arrays.
 * Nothing here knows which plugin it runs on beyond what the plugin reports.
 */
import { type DType, dtypeFromPjrt, pjrtBufferType, viewTyped } from "../core/dtype.js";
import { Shape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import {
  loadAddon,
  type NamedValue,
  type NativeBuffer,
  type NativeClient,
  type NativeExecutable,
} from "./addon.js";
import { checkStopOptions, launchId, type StopOptions, stoppable } from "./cancel.js";
import { resolvePlugin } from "./plugin.js";

/** Options for {@link Client.open}. */
export interface ClientOptions {
  /** Plugin path or short name (`cpu`, `cuda`); default `TSMLX_PJRT_PLUGIN`, else `cpu`. */
  plugin?: string;
  /** Named options passed to PJRT_Client_Create. */
  createOptions?: Record<string, NamedValue>;
  /** How many compiled executables the compile cache keeps (least recently used go first). Default 64. */
  cacheSize?: number;
}

// Frees a device buffer whose DeviceArray was collected without dispose().
const bufferReaper = new FinalizationRegistry<NativeBuffer>((buf) => buf.delete());

/**
 * An array that lives on a device. Read it with `toTensor()`; free it early with `dispose()`
 * (otherwise it is freed when collected).
 *
 * `const host = await deviceArray.toTensor();`
 */
export class DeviceArray {
  readonly dtype: DType;
  readonly shape: Shape;
  readonly client: Client;
  #buffer: NativeBuffer | undefined;

  /** Wraps a native buffer; used by the runtime. */
  constructor(client: Client, buffer: NativeBuffer) {
    const dtype = dtypeFromPjrt(buffer.elementType);
    if (dtype === undefined) {
      buffer.delete();
      throw new Error(
        `[runtime] device buffer has element type ${buffer.elementType}, which tsmlx does not support`,
      );
    }
    this.client = client;
    this.dtype = dtype;
    this.shape = new Shape(buffer.dims);
    this.#buffer = buffer;
    bufferReaper.register(this, buffer, this);
  }

  /** True once dispose() was called. */
  get disposed(): boolean {
    return this.#buffer === undefined;
  }

  /** The native buffer; throws if disposed. */
  get native(): NativeBuffer {
    if (!this.#buffer) throw new Error(`[DeviceArray] ${this.dtype}${this.shape} was disposed`);
    return this.#buffer;
  }

  /** Copies the array to the host. `const t = await a.toTensor()` */
  async toTensor(): Promise<Tensor> {
    const bytes = await this.native.toHost();
    return Tensor.fromTypedArray(this.dtype, this.shape, viewTyped(this.dtype, bytes, 0, this.shape.size));
  }

  /** Frees the device memory now. Idempotent. `a.dispose()` */
  dispose(): void {
    if (!this.#buffer) return;
    bufferReaper.unregister(this);
    this.#buffer.delete();
    this.#buffer = undefined;
  }

  /** Gives up ownership of the native buffer (it was donated to an execution). */
  detach(): NativeBuffer {
    const b = this.native;
    bufferReaper.unregister(this);
    this.#buffer = undefined;
    return b;
  }

  toString(): string {
    return `DeviceArray ${this.dtype}${this.shape} on ${this.client.platformName}${this.disposed ? " (disposed)" : ""}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString() };
  }
}

/**
 * A compiled program on a client. `const [out] = await exe.run([a, b]);`
 */
export class Executable {
  readonly client: Client;
  readonly mlir: string;
  #native: NativeExecutable | undefined;

  /** Wraps a native executable; made by {@link Client.compile}. */
  constructor(client: Client, native: NativeExecutable, mlir: string) {
    this.client = client;
    this.#native = native;
    this.mlir = mlir;
  }

  /** Number of results. */
  get numOutputs(): number {
    return this.#live().numOutputs;
  }

  #live(): NativeExecutable {
    if (!this.#native) throw new Error("[Executable] was destroyed");
    return this.#native;
  }

  /**
   * Runs on the client's first device. Arguments listed in `donate` are given up: their
   * DeviceArrays are disposed and the plugin may reuse their memory. A run can be stopped by
   * `signal`, by a deadline `timeoutMs` (see runtime/cancel.ts) or by `cancelRunning()`.
   * `const outs = await exe.run([x], { donate: [0], timeoutMs: 60_000 })`
   */
  async run(
    args: readonly DeviceArray[],
    options: { donate?: readonly number[] } & StopOptions = {},
  ): Promise<DeviceArray[]> {
    const exe = this.#live();
    for (const [i, a] of args.entries()) {
      if (a.client !== this.client) throw new Error(`[Executable.run] argument ${i} lives on another client`);
    }
    checkStopOptions("Executable.run", options);
    options.signal?.throwIfAborted();
    const natives = args.map((a) => a.native);
    const donate = options.donate ?? [];
    const given = donate.flatMap((i) => (args[i] ? [args[i]!.detach()] : []));
    try {
      const id = launchId();
      const running = exe.execute(natives, donate.length ? { donate, launchId: id } : { launchId: id });
      const outs = await stoppable(exe, id, running, exe.name || "the executable", options);
      return outs.map((b) => new DeviceArray(this.client, b));
    } finally {
      // Donated buffers are consumed by the run; release their handles now rather than at GC.
      for (const b of given) b.delete();
    }
  }

  /** True once destroyed (for instance evicted from the client's compile cache). */
  get destroyed(): boolean {
    return this.#native === undefined;
  }

  /** Frees the executable now. Idempotent. */
  destroy(): void {
    this.#native?.destroy();
    this.#native = undefined;
  }
}

/**
 * A PJRT client over one plugin. Compiles StableHLO text (with a bounded cache) and moves
 * arrays between host and device.
 *
 * `const client = Client.open({ plugin: "cpu" });`
 */
export class Client {
  readonly pluginPath: string;
  readonly native: NativeClient;
  readonly cacheSize: number;
  readonly #cache = new Map<string, Promise<Executable>>();

  private constructor(pluginPath: string, native: NativeClient, cacheSize: number) {
    this.pluginPath = pluginPath;
    this.native = native;
    this.cacheSize = cacheSize;
  }

  /** Loads a plugin and creates a client on it. `Client.open()` uses `TSMLX_PJRT_PLUGIN`, else `cpu`. */
  static open(options: ClientOptions = {}): Client {
    const path = resolvePlugin(options.plugin);
    const plugin = loadAddon().loadPlugin(path);
    const native = plugin.createClient(options.createOptions ?? {});
    return new Client(path, native, options.cacheSize ?? 64);
  }

  /** The plugin's platform name, e.g. `cpu` or `cuda`. */
  get platformName(): string {
    return this.native.platformName;
  }

  /** Number of executables in the compile cache. */
  get cachedExecutables(): number {
    return this.#cache.size;
  }

  /**
   * Compiles a StableHLO module (text); the same text compiles once while it stays in the cache.
   * `const exe = await client.compile(mlirText)`
   */
  compile(mlir: string): Promise<Executable> {
    const hit = this.#cache.get(mlir);
    if (hit) {
      this.#cache.delete(mlir);
      this.#cache.set(mlir, hit);
      return hit;
    }
    const pending = this.native.compile(mlir).then((n) => new Executable(this, n, mlir));
    pending.catch(() => this.#cache.delete(mlir));
    this.#cache.set(mlir, pending);
    while (this.#cache.size > this.cacheSize) {
      const oldest = this.#cache.keys().next().value as string;
      const evicted = this.#cache.get(oldest)!;
      this.#cache.delete(oldest);
      evicted.then(
        (e) => e.destroy(),
        () => {},
      );
    }
    return pending;
  }

  /** Copies a host tensor to the device. `const a = await client.upload(tm.tensor([1, 2, 3]))` */
  async upload(t: Tensor): Promise<DeviceArray> {
    const native = await this.native.bufferFromHost(t.data, pjrtBufferType(t.dtype), t.shape.dims);
    return new DeviceArray(this, native);
  }
}

let defaultInstance: Client | undefined;

/**
 * The process's default client, created on first use from `TSMLX_PJRT_PLUGIN` (else `cpu`).
 * `const c = defaultClient(); c.platformName`
 */
export function defaultClient(): Client {
  defaultInstance ??= Client.open();
  return defaultInstance;
}
