/**
 * Variables: named, typed, shaped values that live across program runs (weights, optimizer
 * state, running statistics, RNG state, step counters).
 *
 * A variable's current value is a host Tensor or a DeviceArray. Device-resident values are
 * what training uses: after a step the trainer hands the step's output arrays to
 * {@link Variable.setValue} and nothing goes through the host. A host value is uploaded once
 * (on first use by a program) and the device copy is kept.
 *
 * Inside a graph, a variable is read as a parameter node (one per graph, made on first read)
 * and updated by {@link Variable.write}, which records the node holding its new value. A
 * read after a write in the same graph sees the written value. The program that runs the
 * graph feeds the parameters and stores the written values (see `execWithContext`).
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Shape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import type { Graph } from "../graph/graph.js";
import { Node } from "../graph/node.js";
import type { Client } from "../runtime/client.js";
import { DeviceArray } from "../runtime/client.js";
import { isTracing, recordDependency, type StateSlot } from "../runtime/compiled.js";

/**
 * What one graph did with variables: the parameter node made for each variable it read (in
 * read order) and the latest value written to each variable.
 *
 * `const t = ctx.traceOf(graph); [...t.reads.keys()].map((v) => v.path)`
 */
export class VariableTrace {
  readonly graph: Graph;
  /** Variable → its parameter node in this graph, in the order first read. */
  readonly reads = new Map<Variable, Node>();
  /** Variable → the node holding its new value, in the order first written. */
  readonly writes = new Map<Variable, Node>();
  /** Paths asked for by `ctx.variable` in this graph (for checked contexts). */
  readonly declared = new Set<string>();

  constructor(graph: Graph) {
    this.graph = graph;
  }

  /** The parameter nodes of the variables read, in read order. `trace.parameters()` */
  parameters(): Node[] {
    return [...this.reads.values()];
  }
}

/** Where each graph's variable trace is kept (one per variable store). */
export class TraceRegistry {
  readonly #traces = new WeakMap<Graph, VariableTrace>();

  /** The trace of `graph`, made on first use. `registry.of(g)` */
  of(graph: Graph): VariableTrace {
    let t = this.#traces.get(graph);
    if (!t) {
      t = new VariableTrace(graph);
      this.#traces.set(graph, t);
    }
    return t;
  }

  /** The trace of `graph` if it has one. */
  peek(graph: Graph): VariableTrace | undefined {
    return this.#traces.get(graph);
  }
}

/**
 * A variable of a context. Made by `ctx.variable(...)`, never directly.
 *
 * `const w = ctx.in("dense").variable("weights", "f32", [4, 2], glorotUniform()); w.read(x.graph)`
 */
export class Variable implements StateSlot {
  /** Full path, `/dense/weights`. */
  readonly path: string;
  readonly dtype: DType;
  readonly shape: Shape;
  /** Whether optimizers update it (weights yes; running statistics, counters, RNG state no). */
  trainable: boolean;
  /**
   * True for a variable made by `ctx.restore` that no code has asked for yet: the first
   * `ctx.variable()` for it sets its `trainable` flag.
   */
  restored = false;
  readonly #traces: TraceRegistry;
  #host: Tensor | undefined;
  #device: DeviceArray | undefined;
  #deleted = false;

  /** Made by the context. */
  constructor(path: string, value: Tensor, trainable: boolean, traces: TraceRegistry) {
    this.path = path;
    this.dtype = value.dtype;
    this.shape = value.shape;
    this.trainable = trainable;
    this.#traces = traces;
    this.#host = value;
  }

  /** The scope part of the path, `/dense` for `/dense/weights` (`/` at the root). */
  get scope(): string {
    const i = this.path.lastIndexOf("/");
    return i <= 0 ? "/" : this.path.slice(0, i);
  }

  /** The last part of the path, `weights`. */
  get name(): string {
    return this.path.slice(this.path.lastIndexOf("/") + 1);
  }

  /** `f32[4,2]`. */
  get typeString(): string {
    return `${this.dtype}${this.shape}`;
  }

  /** The current value as held: a host Tensor or a DeviceArray. */
  get value(): Tensor | DeviceArray {
    return (this.#device && !this.#device.disposed ? this.#device : this.#host) ?? this.#missing();
  }

  #missing(): never {
    throw new TsmlxError(
      "variable",
      `${this.path} ${this.typeString} has no value (its device array was disposed)`,
    );
  }

  /** True when the current value lives on a device. */
  get onDevice(): boolean {
    return this.#device !== undefined && !this.#device.disposed;
  }

  /**
   * Replaces the value with a host Tensor or a DeviceArray of the same dtype and shape.
   * A previous device array is disposed unless `{ dispose: false }` (or it is the new value).
   * `w.setValue(newDeviceArray)`
   */
  setValue(v: Tensor | DeviceArray, options: { dispose?: boolean } = {}): void {
    if (!(v instanceof Tensor) && !(v instanceof DeviceArray)) {
      throw new TsmlxError("setValue", `${this.path}: needs a Tensor or DeviceArray, got ${typeof v}`);
    }
    if (v.dtype !== this.dtype || !v.shape.equals(this.shape)) {
      throw new TsmlxError(
        "setValue",
        `${this.path} is ${this.typeString}, the new value is ${v.dtype}${v.shape}`,
      );
    }
    const old = this.#device;
    if (v instanceof Tensor) {
      this.#host = v;
      this.#device = undefined;
    } else {
      this.#device = v;
      this.#host = undefined;
    }
    if (old && old !== v && options.dispose !== false) old.dispose();
  }

  /**
   * The value on `client`'s device: the held DeviceArray, or the host value uploaded once
   * (the upload is kept as the value). `const a = await w.deviceValue(client)`
   */
  async deviceValue(client: Client): Promise<DeviceArray> {
    if (this.#device && !this.#device.disposed && this.#device.client === client) return this.#device;
    const host = await this.toTensor();
    const d = await client.upload(host);
    // Another setValue may have happened meanwhile; only keep the upload if not.
    if (this.#host === host || (!this.#host && !this.onDevice)) {
      this.#device = d;
      this.#host = host;
    }
    return d;
  }

  /** The value copied to the host. `const t = await w.toTensor()` */
  async toTensor(): Promise<Tensor> {
    if (this.#host) return this.#host;
    if (this.#device && !this.#device.disposed) return this.#device.toTensor();
    return this.#missing();
  }

  /**
   * The variable's value as a node of `graph`: the value last written in that graph, else
   * its parameter node (made on first read). `const w = v.read(x.graph)`
   */
  read(graph: Graph): Node {
    const t = this.#traces.of(graph);
    const written = t.writes.get(this);
    if (written) return written;
    return this.parameter(graph);
  }

  /** The parameter node of this variable in `graph` (its value before any write). `v.parameter(g)` */
  parameter(graph: Graph): Node {
    const t = this.#traces.of(graph);
    let p = t.reads.get(this);
    if (!p) {
      p = graph.parameter(`var:${this.path}`, this.dtype, this.shape);
      t.reads.set(this, p);
      this.#recordUse();
    }
    return p;
  }

  /** A program traced now feeds and stores this variable: it is reused only while it is held. */
  #recordUse(): void {
    if (!isTracing()) return;
    recordDependency({
      key: `variable ${this.path}`,
      value: "held",
      current: () => (this.#deleted ? "deleted" : "held"),
    });
  }

  /** Called by `ctx.deleteVariable`: programs that used this variable are traced again. `v.markDeleted()` */
  markDeleted(): void {
    this.#deleted = true;
  }

  /**
   * Records `node` as the variable's new value in its graph; the program that runs the graph
   * stores it after the run. `counter.write(counter.read(g).add(1))`
   */
  write(node: Node): void {
    if (!(node instanceof Node))
      throw new TsmlxError("variable.write", `${this.path}: needs a node, got ${typeof node}`);
    if (node.dtype !== this.dtype || !node.shape.equals(this.shape)) {
      throw new TsmlxError(
        "variable.write",
        `${this.path} is ${this.typeString}, the new value is ${node.typeString}`,
      );
    }
    this.#traces.of(node.graph).writes.set(this, node);
    this.#recordUse();
  }

  toString(): string {
    return `Variable ${this.path} ${this.typeString}${this.trainable ? "" : " (not trainable)"}`;
  }
}
