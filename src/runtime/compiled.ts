/**
 * The compiled-function core. Everything that compiles — `exec`, `ctx.exec`, the trainer's
 * steps, the live session's `eval`, eager ops — is a {@link CompiledFunction}: it traces a
 * function into a graph, lowers it to StableHLO, compiles it once per full key and runs it.
 *
 * The key of a program is
 * - the input signature (dtype and dims of every argument),
 * - the static values the caller passes (an eager op's attributes),
 * - the client (so the plugin),
 * - every dependency recorded while the function was traced: the hyperparameters it read
 *   (with their scope and default), the training flag, the variables it read or wrote.
 *
 * Dependencies are recorded by whatever is read, not by the caller: `ctx.getParam` and
 * variable reads call {@link recordDependency} while a trace runs, so no caller can leave one
 * out. A program is reused only while every recorded dependency still has the value it had
 * when traced; otherwise the function is traced again (and the old program stays cached, so
 * switching back costs nothing).
 *
 * A run uploads host arguments (freed after the run), feeds the state the program reads (a
 * context's variables, through {@link StateSlot}), donates what the caller asked for, and
 * stores the state the program wrote; `setValue` frees the arrays it replaces.
 *
 * ```ts
 * const f = new CompiledFunction({ api: "exec", name: "double", trace: ([s]) => {
 *   const g = new Graph("double"); const x = g.parameter("x", s.dtype, s.dims);
 *   return { graph: g, inputs: [x], outputs: [x.mul(2)] };
 * } });
 * const { outputs } = await f.run([tm.tensor([1, 2])]);
 * ```
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Tensor } from "../core/tensor.js";
import type { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { toStableHLO } from "../stablehlo/printer.js";
import { type Client, DeviceArray, defaultClient, type Executable } from "./client.js";

/** The type of one argument of a traced function. */
export interface ArgSpec {
  readonly dtype: DType;
  readonly dims: readonly number[];
}

/**
 * A value a program keeps between runs, as the runtime sees it: a context variable is one.
 * `const slot: StateSlot = ctx.variableAt("/dense/weights")!`
 */
export interface StateSlot {
  /** Where it lives, for messages: `/dense/weights`. */
  readonly path: string;
  /** Its current value on `client`'s device (a host value is uploaded once and kept). */
  deviceValue(client: Client): Promise<DeviceArray>;
  /** Stores a program's result as the new value; frees the array it replaces. */
  setValue(value: DeviceArray): void;
}

/**
 * Something a trace read whose value the program bakes in: a hyperparameter, the training
 * flag, a variable being the one held at its path. `{ key: 'hyperparameter "scale" at /', value: "1", current: () => "10" }`
 */
export interface TraceDependency {
  /** What was read; one dependency per key in a trace (the first read counts). */
  readonly key: string;
  /** Its value as the trace saw it, as text. */
  readonly value: string;
  /** Its value now, as text. A program is reused only while this equals `value`. */
  current(): string;
}

/** What tracing gave: a graph and how the program's arguments and results map to it. */
export interface Traced {
  readonly graph: Graph;
  /** Parameters fed from the call's arguments, in argument order. */
  readonly inputs: readonly Node[];
  /** Results given back to the caller, in order. */
  readonly outputs: readonly Node[];
  /** State read by the program, fed after the inputs through `readParams` (same order). */
  readonly reads?: readonly StateSlot[];
  readonly readParams?: readonly Node[];
  /** State written by the program: the nodes of the new values, results after the outputs. */
  readonly writes?: readonly StateSlot[];
  readonly writeValues?: readonly Node[];
}

/** One compiled program of a {@link CompiledFunction}. */
export interface Program<T extends Traced = Traced> {
  /** What the trace gave (with whatever the caller's trace function added). */
  readonly traced: T;
  /** The StableHLO text compiled. */
  readonly mlir: string;
  /** The executable (compiled again if the client's cache evicted it). */
  readonly executable: Executable;
  /** State fed after the inputs, and state stored from the results after the outputs. */
  readonly reads: readonly StateSlot[];
  readonly writes: readonly StateSlot[];
  /** Argument indices of the state arrays donated to each run (state read and written). */
  readonly donate: readonly number[];
  /** What the trace read, with the values it read. */
  readonly dependencies: readonly TraceDependency[];
}

/** Options of a {@link CompiledFunction}. */
export interface CompiledOptions<T extends Traced, S> {
  /** The public operation, for error messages: `exec`, `Trainer`, `session.eval`. */
  readonly api: string;
  /** The StableHLO module name. */
  readonly name: string;
  /**
   * Builds the graph for arguments of these types (and the call's static value). What it
   * reads is recorded through {@link recordDependency} while it runs.
   */
  readonly trace: (specs: readonly ArgSpec[], statics: S) => T;
  /** The client; default {@link defaultClient} at each call. */
  readonly client?: Client;
  /**
   * Arguments whose device arrays are donated to the run (the caller gives them up): `true`
   * for every device-array argument, or a list of indices. Default none.
   */
  readonly donateInputs?: boolean | readonly number[];
  /** Donate the current arrays of the state the program reads and writes (default false). */
  readonly donateState?: boolean;
  /** Where programs are cached; default a cache of this function's own. */
  readonly cache?: ProgramCache;
}

/** What a run may pass besides the arguments. */
export interface RunOptions<S> {
  /** The client for this call (default the function's, else {@link defaultClient}). */
  readonly client?: Client;
  /** The static value given to `trace` and made part of the key (JSON-serializable). */
  readonly statics?: S;
  /** Stops the run when aborted (the call rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Stops the run after this many milliseconds (an error with codeName DEADLINE_EXCEEDED). */
  readonly timeoutMs?: number;
}

// ---------------------------------------------------------------------- dependency recording

const recorders: Map<string, TraceDependency>[] = [];

/** True while a {@link CompiledFunction} traces (dependencies are being recorded). `isTracing()` */
export function isTracing(): boolean {
  return recorders.length > 0;
}

/**
 * Records that the function being traced read something whose value its program bakes in;
 * nothing happens outside a trace. `recordDependency({ key, value: "1", current: () => read() })`
 */
export function recordDependency(dependency: TraceDependency): void {
  const top = recorders[recorders.length - 1];
  if (top && !top.has(dependency.key)) top.set(dependency.key, dependency);
}

function traceRecording<R>(f: () => R): { result: R; dependencies: TraceDependency[] } {
  const recorder = new Map<string, TraceDependency>();
  recorders.push(recorder);
  try {
    const result = f();
    return { result, dependencies: [...recorder.values()] };
  } finally {
    recorders.pop();
  }
}

function unchanged(dependencies: readonly TraceDependency[]): boolean {
  for (const d of dependencies) if (d.current() !== d.value) return false;
  return true;
}

// ---------------------------------------------------------------------- the program cache

interface MutableProgram<T extends Traced> {
  traced: T;
  mlir: string;
  executable: Executable;
  reads: readonly StateSlot[];
  writes: readonly StateSlot[];
  donate: readonly number[];
  dependencies: readonly TraceDependency[];
}

interface Entry {
  /** The compiled function it belongs to. */
  readonly owner: number;
  readonly key: string;
  readonly dependencies: readonly TraceDependency[];
  readonly program: Promise<MutableProgram<Traced>>;
}

interface ClientCache {
  /** Entries by key, each list in insertion order. */
  readonly byKey: Map<string, Entry[]>;
  /** Every entry, least recently used first. */
  readonly lru: Set<Entry>;
}

/**
 * Compiled programs by key, per client, least recently used dropped first. Several compiled
 * functions may share one (eager ops do). `const cache = new ProgramCache(256)`
 */
export class ProgramCache {
  /** How many programs it keeps per client. */
  readonly capacity: number;
  readonly #clients = new WeakMap<Client, ClientCache>();

  constructor(capacity = 64) {
    this.capacity = Math.max(1, capacity);
  }

  /** Number of programs held for `client`. `cache.size(defaultClient())` */
  size(client: Client): number {
    return this.#clients.get(client)?.lru.size ?? 0;
  }

  /** Number of programs of one compiled function held for `client`. `cache.countOf(client, 3)` */
  countOf(client: Client, owner: number): number {
    let n = 0;
    for (const e of this.#clients.get(client)?.lru ?? []) if (e.owner === owner) n++;
    return n;
  }

  #of(client: Client): ClientCache {
    let c = this.#clients.get(client);
    if (!c) {
      c = { byKey: new Map(), lru: new Set() };
      this.#clients.set(client, c);
    }
    return c;
  }

  /** The entry for `key` whose dependencies are all unchanged (marked most recently used). `cache.find(client, key)` */
  find(client: Client, key: string): Entry | undefined {
    const c = this.#clients.get(client);
    const list = c?.byKey.get(key);
    if (!list) return undefined;
    for (const e of list) {
      if (unchanged(e.dependencies)) {
        c!.lru.delete(e);
        c!.lru.add(e);
        return e;
      }
    }
    return undefined;
  }

  /** Adds an entry, dropping the least recently used beyond capacity. `cache.add(client, entry)` */
  add(client: Client, entry: Entry): void {
    const c = this.#of(client);
    let list = c.byKey.get(entry.key);
    if (!list) {
      list = [];
      c.byKey.set(entry.key, list);
    }
    list.push(entry);
    c.lru.add(entry);
    while (c.lru.size > this.capacity) this.remove(client, c.lru.values().next().value as Entry);
  }

  /** Removes an entry (a failed compile, or the least recently used). `cache.remove(client, entry)` */
  remove(client: Client, entry: Entry): void {
    const c = this.#clients.get(client);
    if (!c?.lru.delete(entry)) return;
    const list = c.byKey.get(entry.key)!;
    list.splice(list.indexOf(entry), 1);
    if (list.length === 0) c.byKey.delete(entry.key);
  }

  /** Drops every program held for `client`. `cache.clear(defaultClient())` */
  clear(client: Client): void {
    this.#clients.delete(client);
  }
}

let nextFunctionId = 0;

function signatureOf(values: readonly (Tensor | DeviceArray)[]): string {
  let s = "";
  for (const v of values) s += `${v.dtype}[${v.shape.dims.join(",")}];`;
  return s;
}

// ---------------------------------------------------------------------- compiled functions

/**
 * A traced function, compiled once per full key (see the module doc) and run on arguments.
 * `const { outputs } = await new CompiledFunction({ api: "exec", name: "f", trace }).run([x])`
 */
export class CompiledFunction<T extends Traced = Traced, S = undefined> {
  readonly api: string;
  readonly name: string;
  readonly #options: CompiledOptions<T, S>;
  readonly #cache: ProgramCache;
  readonly #id = nextFunctionId++;
  #traces = 0;

  constructor(options: CompiledOptions<T, S>) {
    this.#options = options;
    this.api = options.api;
    this.name = options.name;
    this.#cache = options.cache ?? new ProgramCache();
  }

  /** How many times the function was traced and lowered (one per program compiled). `f.traceCount` */
  get traceCount(): number {
    return this.#traces;
  }

  /** The client a call with these options runs on. `f.clientFor().platformName` */
  clientFor(options: RunOptions<S> = {}): Client {
    return options.client ?? this.#options.client ?? defaultClient();
  }

  /**
   * The program for arguments like `args` (traced, lowered and compiled on a miss).
   * `const { mlir } = await f.program([x])`
   */
  async program(args: readonly (Tensor | DeviceArray)[], options: RunOptions<S> = {}): Promise<Program<T>> {
    const client = this.clientFor(options);
    const program = await this.#entry(args, options.statics as S, client).program;
    if (program.executable.destroyed) {
      // the client's compile cache evicted it: compile again (the client may hold a newer copy)
      program.executable = await client.compile(program.mlir);
    }
    return program as unknown as Program<T>;
  }

  #entry(args: readonly (Tensor | DeviceArray)[], statics: S, client: Client): Entry {
    const key = `${this.#id}|${signatureOf(args)}|${statics === undefined ? "" : JSON.stringify(statics)}`;
    const hit = this.#cache.find(client, key);
    if (hit) return hit;
    const specs = args.map((a) => ({ dtype: a.dtype, dims: a.shape.dims }));
    const { result: traced, dependencies } = traceRecording(() => this.#options.trace(specs, statics));
    const mlir = this.#lower(traced);
    this.#traces++;
    const reads = traced.reads ?? [];
    const writes = traced.writes ?? [];
    const donate = this.#options.donateState
      ? reads.flatMap((v, i) => (writes.includes(v) ? [args.length + i] : []))
      : [];
    const program = client
      .compile(mlir)
      .then((executable) => ({ traced, mlir, executable, reads, writes, donate, dependencies }));
    const entry: Entry = {
      owner: this.#id,
      key,
      dependencies,
      program: program as Promise<MutableProgram<Traced>>,
    };
    program.catch(() => this.#cache.remove(client, entry));
    this.#cache.add(client, entry);
    return entry;
  }

  #lower(t: T): string {
    const { graph } = t;
    for (const [i, o] of t.outputs.entries()) {
      if (!o || o.graph !== graph) {
        throw new TsmlxError(
          this.api,
          `${this.name}: output ${i} is not a node of the graph built from its arguments`,
        );
      }
    }
    const readParams = t.readParams ?? [];
    const writeValues = t.writeValues ?? [];
    if (readParams.length !== (t.reads?.length ?? 0) || writeValues.length !== (t.writes?.length ?? 0)) {
      throw new TsmlxError(
        this.api,
        `${this.name}: the trace gave state slots and nodes of different counts`,
      );
    }
    return toStableHLO(graph, [...t.outputs, ...writeValues], {
      parameters: [...t.inputs, ...readParams],
      name: this.name,
    });
  }

  /**
   * Runs the program for `args` (host tensors are uploaded for the run and freed after it):
   * feeds the state it reads, donates what was asked, stores the state it writes. Returns the
   * outputs as device arrays (the caller owns them) and the program that ran.
   * `const { outputs: [y] } = await f.run([x])`
   */
  async run(
    args: readonly (Tensor | DeviceArray)[],
    options: RunOptions<S> = {},
  ): Promise<{ outputs: DeviceArray[]; program: Program<T> }> {
    const client = this.clientFor(options);
    const program = await this.program(args, { ...options, client });
    const temporaries: DeviceArray[] = [];
    let outs: DeviceArray[];
    try {
      // Uploads and state reads start together (each is a round trip to the plugin).
      const feeds = await Promise.all([
        ...args.map(async (a) => {
          if (a instanceof DeviceArray) return a;
          const d = await client.upload(a as Tensor);
          temporaries.push(d);
          return d;
        }),
        ...program.reads.map((s) => s.deviceValue(client)),
      ]);
      outs = await program.executable.run(feeds, {
        donate: this.#donation(args, program),
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
    } finally {
      for (const d of temporaries) d.dispose();
    }
    const n = program.traced.outputs.length;
    program.writes.forEach((s, i) => {
      s.setValue(outs[n + i]!);
    });
    return { outputs: outs.slice(0, n), program };
  }

  #donation(args: readonly (Tensor | DeviceArray)[], program: Program<T>): readonly number[] {
    const asked = this.#options.donateInputs;
    if (!asked) return program.donate;
    const inputs =
      asked === true
        ? args.flatMap((a, i) => (a instanceof DeviceArray && args.indexOf(a) === i ? [i] : []))
        : asked;
    return program.donate.length === 0 ? inputs : [...inputs, ...program.donate];
  }

  /** Number of this function's programs the cache holds for `client` (default: the function's client). `f.compiledCount()` */
  compiledCount(client: Client = this.clientFor()): number {
    return this.#cache.countOf(client, this.#id);
  }
}
