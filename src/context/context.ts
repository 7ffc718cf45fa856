/**
 * Contexts: the variables and hyperparameters of a model, addressed by scope paths.
 *
 * A {@link Context} is a view (a scope plus options) on one shared store. `ctx.in("dense")`
 * returns a child view; `ctx.variable("weights", ...)` in it is the variable
 * `/dense/weights`. Hyperparameters set with `setParam` are found from the view's scope
 * upward to the root, so a layer reads `ctx.getParam("dropout_rate", 0)` and a model sets
 * it once at the top or per block.
 *
 * How a model function `(ctx, ...inputs) => outputs` is traced: each variable it reads
 * becomes a parameter node of the graph (`var:/dense/weights`), each value it writes
 * (running statistics, RNG state, optimizer state) is recorded. `ctx.traceOf(graph)` lists
 * both; `execWithContext` compiles the graph with the variables as extra inputs and the
 * written values as extra outputs, and stores those outputs back as the variables' values
 * (device arrays, no host round trip).
 *
 * Variable creation modes: by default `variable()` gets the variable if it exists (its dtype
 * and shape must match) or creates it. `ctx.reuse()` requires it to exist;
 * `ctx.checked()` refuses to hand the same path out twice in one graph, which catches two
 * layers sharing a scope by accident.
 */
import { type DType, isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type ShapeLike, toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import type { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { bernoulli, normal, uniform } from "../ops/random.js";
import { isTracing, recordDependency } from "../runtime/compiled.js";
import { type ContextExecFn, type ContextExecOptions, execWithContext, type ModelFn } from "./exec.js";
import { glorotUniform, hashString, type Initializer, seededRandom, zerosInit } from "./initializers.js";
import { TraceRegistry, Variable, type VariableTrace } from "./variable.js";

/** A hyperparameter value. */
export type ParamValue = number | string | boolean | readonly number[] | null;

/** The declared type of a hyperparameter default: literals widen (`"none"` → string). */
export type ParamType<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T;

/** Options of {@link Context.variable}. */
export interface VariableOptions {
  /** Whether optimizers update it (default true for float variables, false otherwise). */
  readonly trainable?: boolean;
}

/** Options of a new {@link Context}. */
export interface ContextOptions {
  /** Seed of the initializers and of the in-graph RNG state (default 0). */
  readonly seed?: number;
}

/** The state all views of one context share. */
class Store {
  readonly variables = new Map<string, Variable>();
  readonly params = new Map<string, Map<string, ParamValue>>();
  readonly traces = new TraceRegistry();
  seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }
}

type Mode = "auto" | "reuse" | "checked";

/** The path of the RNG state variable. */
export const RNG_STATE_PATH = "/rng_state";

function joinScope(scope: string, name: string): string {
  return scope === "/" ? `/${name}` : `${scope}/${name}`;
}

function checkName(api: string, name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.includes("/")) {
    throw new TsmlxError(
      api,
      `a scope or variable name must be a non-empty string without "/", got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * Variables, hyperparameters and RNG state of a model, seen from one scope.
 *
 * `const ctx = new Context({ seed: 1 }); const w = ctx.in("dense").variable("weights", "f32", [4, 2])`
 */
export class Context {
  /** The scope of this view, `/` or `/block_1/dense`. */
  readonly scope: string;
  readonly #store: Store;
  readonly #mode: Mode;
  readonly #training: boolean | undefined;
  readonly #initializer: Initializer | undefined;

  constructor(
    options: ContextOptions = {},
    internal?: { store: Store; scope: string; mode: Mode; training?: boolean; initializer?: Initializer },
  ) {
    this.#store = internal?.store ?? new Store(options.seed ?? 0);
    this.scope = internal?.scope ?? "/";
    this.#mode = internal?.mode ?? "auto";
    this.#training = internal?.training;
    this.#initializer = internal?.initializer;
  }

  #view(changes: { scope?: string; mode?: Mode; training?: boolean; initializer?: Initializer }): Context {
    return new Context(
      {},
      {
        store: this.#store,
        scope: changes.scope ?? this.scope,
        mode: changes.mode ?? this.#mode,
        training: "training" in changes ? changes.training : this.#training,
        initializer: changes.initializer ?? this.#initializer,
      },
    );
  }

  // ------------------------------------------------------------------ scopes and modes

  /** A child view: `ctx.in("dense").scope === "/dense"`. */
  in(name: string): Context {
    checkName("context.in", name);
    return this.#view({ scope: joinScope(this.scope, name) });
  }

  /** A view at an absolute scope. `ctx.atScope("/optimizer/adam")` */
  atScope(scope: string): Context {
    if (!scope.startsWith("/"))
      throw new TsmlxError("context.atScope", `a scope starts with "/", got ${JSON.stringify(scope)}`);
    const parts = scope.split("/").filter((p) => p.length > 0);
    return this.#view({ scope: parts.length === 0 ? "/" : `/${parts.join("/")}` });
  }

  /** A view whose `variable()` requires the variable to exist already. `ctx.reuse().in("dense")` */
  reuse(): Context {
    return this.#view({ mode: "reuse" });
  }

  /** A view whose `variable()` refuses a path already handed out in the same graph. `ctx.checked()` */
  checked(): Context {
    return this.#view({ mode: "checked" });
  }

  /** A view with the default get-or-create behaviour. `ctx.unchecked()` */
  unchecked(): Context {
    return this.#view({ mode: "auto" });
  }

  /** The creation mode of this view: `auto`, `reuse` or `checked`. */
  get mode(): Mode {
    return this.#mode;
  }

  /** A view whose new variables use `init` when `variable()` gets none. `ctx.withInitializer(heNormal())` */
  withInitializer(init: Initializer): Context {
    return this.#view({ initializer: init });
  }

  /** A view with the training flag set (dropout and batch norm read it). `ctx.withTraining(true)` */
  withTraining(training: boolean): Context {
    return this.#view({ training });
  }

  /** Training mode: the view's flag, else the `training` hyperparameter, else false. */
  get training(): boolean {
    if (this.#training === undefined) return this.getParam("training", false) === true;
    const flag = this.#training;
    if (isTracing())
      recordDependency({ key: "training flag", value: String(flag), current: () => String(flag) });
    return flag;
  }

  /** The initializer seed. */
  get seed(): number {
    return this.#store.seed;
  }

  // ------------------------------------------------------------------ variables

  /**
   * Gets or creates the variable `name` in this scope. When it exists, its dtype and shape
   * must be `dtype` and `shape`. A new one gets `init` (default: the view's initializer, else
   * Glorot uniform for float weights of rank ≥ 2 and zeros otherwise), seeded by the
   * context seed and the path.
   *
   * `const w = ctx.in("dense").variable("weights", "f32", [784, 10], glorotUniform())`
   */
  variable(
    name: string,
    dtype: DType,
    shape: ShapeLike,
    init?: Initializer,
    options: VariableOptions = {},
  ): Variable {
    checkName("variable", name);
    const path = joinScope(this.scope, name);
    const s = toShape(shape);
    const existing = this.#store.variables.get(path);
    if (existing) {
      if (existing.dtype !== dtype || !existing.shape.equals(s)) {
        throw new TsmlxError("variable", `${path} exists as ${existing.typeString}, asked for ${dtype}${s}`);
      }
      if (existing.restored) {
        existing.trainable = options.trainable ?? isFloat(dtype);
        existing.restored = false;
      }
      return existing;
    }
    if (this.#mode === "reuse") {
      throw new TsmlxError(
        "variable",
        `${path} ${dtype}${s} does not exist and this context only reuses variables`,
      );
    }
    const initializer =
      init ?? this.#initializer ?? (isFloat(dtype) && s.rank >= 2 ? glorotUniform() : zerosInit());
    const random = seededRandom((hashString(path) ^ Math.imul(this.#store.seed + 1, 0x9e3779b1)) >>> 0);
    const value = initializer({ dtype, dims: s.dims, path, random });
    if (!(value instanceof Tensor) || value.dtype !== dtype || !value.shape.equals(s)) {
      throw new TsmlxError(
        "variable",
        `the initializer of ${path} gave ${value instanceof Tensor ? `${value.dtype}${value.shape}` : typeof value}, expected ${dtype}${s}`,
      );
    }
    const v = new Variable(path, value, options.trainable ?? isFloat(dtype), this.#store.traces);
    this.#store.variables.set(path, v);
    return v;
  }

  /**
   * Like {@link variable}, and marks the path as used in `graph` (checked views refuse a
   * second use there). Returns the variable's current value in the graph.
   * `const w = ctx.in("dense").weight(x.graph, "weights", "f32", [4, 2])`
   */
  weight(
    graph: Graph,
    name: string,
    dtype: DType,
    shape: ShapeLike,
    init?: Initializer,
    options: VariableOptions = {},
  ): Node {
    const v = this.variable(name, dtype, shape, init, options);
    const trace = this.#store.traces.of(graph);
    if (this.#mode === "checked" && trace.declared.has(v.path)) {
      throw new TsmlxError(
        "variable",
        `${v.path} is already used in graph "${graph.name}"; use another scope (ctx.in(...)) or ctx.reuse() to share it`,
      );
    }
    trace.declared.add(v.path);
    return v.read(graph);
  }

  /** Creates (or checks) a variable holding `value`. `ctx.variableWithValue("table", tm.tensor([1, 2]))` */
  variableWithValue(name: string, value: Tensor, options: VariableOptions = {}): Variable {
    return this.variable(name, value.dtype, value.shape, () => value, options);
  }

  /** The variable `name` in this scope, or undefined. `ctx.in("dense").getVariable("weights")` */
  getVariable(name: string): Variable | undefined {
    return this.#store.variables.get(joinScope(this.scope, name));
  }

  /** The variable at an absolute path, or undefined. `ctx.variableAt("/dense/weights")` */
  variableAt(path: string): Variable | undefined {
    return this.#store.variables.get(path);
  }

  /** All variables of the context in creation order (every scope). `ctx.variables().map((v) => v.path)` */
  variables(): Variable[] {
    return [...this.#store.variables.values()];
  }

  /** Variables under this view's scope, in creation order. `ctx.in("dense").variablesInScope()` */
  variablesInScope(): Variable[] {
    const prefix = this.scope === "/" ? "/" : `${this.scope}/`;
    return this.variables().filter((v) => v.path.startsWith(prefix));
  }

  /** The trainable variables, in creation order. `ctx.trainableVariables()` */
  trainableVariables(): Variable[] {
    return this.variables().filter((v) => v.trainable);
  }

  /** Removes a variable (e.g. to re-initialize it). `ctx.deleteVariable("/dense/weights")` */
  deleteVariable(path: string): boolean {
    const v = this.#store.variables.get(path);
    if (!v) return false;
    if (v.onDevice) (v.value as { dispose(): void }).dispose();
    v.markDeleted();
    return this.#store.variables.delete(path);
  }

  /** What `graph` read and wrote. `ctx.traceOf(g).writes` */
  traceOf(graph: Graph): VariableTrace {
    return this.#store.traces.of(graph);
  }

  // ------------------------------------------------------------------ hyperparameters

  /** Sets a hyperparameter at this scope. `ctx.setParam("dropout_rate", 0.1)` */
  setParam(name: string, value: ParamValue): this {
    let m = this.#store.params.get(this.scope);
    if (!m) {
      m = new Map();
      this.#store.params.set(this.scope, m);
    }
    m.set(name, value);
    return this;
  }

  /**
   * A hyperparameter, looked up from this scope upward to the root, else `defaultValue`.
   * `const rate = ctx.getParam("dropout_rate", 0)`
   */
  getParam<T extends ParamValue>(name: string, defaultValue: T): ParamType<T> {
    const value = this.#lookup(name, defaultValue);
    if (isTracing()) {
      // A program traced now bakes the value in: it is reused only while the value stays.
      recordDependency({
        key: `hyperparameter ${JSON.stringify(name)} at ${this.scope} (default ${JSON.stringify(defaultValue)})`,
        value: JSON.stringify(value),
        current: () => JSON.stringify(this.#lookup(name, defaultValue)),
      });
    }
    return value;
  }

  #lookup<T extends ParamValue>(name: string, defaultValue: T): ParamType<T> {
    let scope = this.scope;
    for (;;) {
      const m = this.#store.params.get(scope);
      if (m?.has(name)) return m.get(name) as ParamType<T>;
      if (scope === "/") return defaultValue as ParamType<T>;
      const i = scope.lastIndexOf("/");
      scope = i <= 0 ? "/" : scope.slice(0, i);
    }
  }

  /** All hyperparameters as `{ scope: { name: value } }` (for caches and checkpoints). `ctx.params()` */
  params(): Record<string, Record<string, ParamValue>> {
    const out: Record<string, Record<string, ParamValue>> = {};
    for (const [scope, m] of [...this.#store.params.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out[scope] = Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return out;
  }

  // ------------------------------------------------------------------ random numbers

  /**
   * The RNG state variable: `/rng_state`, the `u64[2]` state of `rng_bit_generator`
   * (THREE_FRY; key = the context seed, counter 0 at first), not trainable. Every draw in a
   * graph reads it and writes the next state, so each run gets fresh numbers.
   * `ctx.rngState()`
   */
  rngState(): Variable {
    const seed = BigInt.asUintN(64, BigInt(this.#store.seed));
    return this.atScope("/").variable(
      RNG_STATE_PATH.slice(1),
      "u64",
      [2],
      () => Tensor.fromValues("u64", [2], [seed, 0n]),
      { trainable: false },
    );
  }

  #draw(graph: Graph, f: (state: Node) => [Node, Node]): Node {
    const v = this.rngState();
    const [values, next] = f(v.read(graph));
    v.write(next);
    return values;
  }

  /** Uniform samples in [0, 1) in `graph`; advances the RNG state. `ctx.randomUniform(x.graph, [4], "f32")` */
  randomUniform(graph: Graph, shape: ShapeLike, dtype: DType = "f32"): Node {
    return this.#draw(graph, (s) => uniform(s, shape, { dtype }));
  }

  /** Standard normal samples in `graph`; advances the RNG state. `ctx.randomNormal(x.graph, [4])` */
  randomNormal(graph: Graph, shape: ShapeLike, dtype: DType = "f32"): Node {
    return this.#draw(graph, (s) => normal(s, shape, { dtype }));
  }

  /** Bool samples, true with probability `p`; advances the RNG state. `ctx.randomBernoulli(x.graph, 0.9, [32, 10])` */
  randomBernoulli(graph: Graph, p: number, shape: ShapeLike): Node {
    return this.#draw(graph, (s) => bernoulli(s, p, shape));
  }

  // ------------------------------------------------------------------ saving and restoring

  /**
   * Every variable's value on the host, by path, and the hyperparameters: what a checkpoint
   * stores. `const { tensors, hyperparameters } = await ctx.snapshot()`
   */
  async snapshot(): Promise<{
    tensors: Record<string, Tensor>;
    hyperparameters: Record<string, Record<string, ParamValue>>;
  }> {
    const tensors: Record<string, Tensor> = {};
    for (const v of this.variables()) tensors[v.path] = await v.toTensor();
    return { tensors, hyperparameters: this.params() };
  }

  /**
   * Sets variables (by path) and hyperparameters (by scope) from a snapshot or checkpoint.
   * An existing variable must have the same dtype and shape; a missing one is created (its
   * trainable flag is settled by the first `variable()` call for it). With `strict`, every
   * existing variable must be in `tensors`.
   * `ctx.restore(await checkpoints.load())`
   */
  restore(
    state: { tensors: Record<string, Tensor>; hyperparameters?: Record<string, unknown> },
    options: { strict?: boolean } = {},
  ): void {
    for (const [path, t] of Object.entries(state.tensors)) {
      if (!path.startsWith("/") || !(t instanceof Tensor)) {
        throw new TsmlxError(
          "context.restore",
          `entry ${JSON.stringify(path)} must be a "/path" with a Tensor`,
        );
      }
      const existing = this.#store.variables.get(path);
      if (existing) {
        if (existing.dtype !== t.dtype || !existing.shape.equals(t.shape)) {
          throw new TsmlxError(
            "context.restore",
            `${path} is ${existing.typeString}, the saved value is ${t.dtype}${t.shape}`,
          );
        }
        existing.setValue(t);
      } else {
        const v = new Variable(path, t, false, this.#store.traces);
        v.restored = true;
        this.#store.variables.set(path, v);
      }
    }
    if (options.strict) {
      const missing = this.variables().filter((v) => !(v.path in state.tensors));
      if (missing.length > 0) {
        throw new TsmlxError(
          "context.restore",
          `no saved value for ${missing.map((v) => v.path).join(", ")}`,
        );
      }
    }
    for (const [scope, params] of Object.entries(state.hyperparameters ?? {})) {
      if (!scope.startsWith("/") || typeof params !== "object" || params === null) continue;
      const view = this.atScope(scope);
      for (const [name, value] of Object.entries(params as Record<string, ParamValue>))
        view.setParam(name, value);
    }
  }

  // ------------------------------------------------------------------ running

  /**
   * Compiles a model function with this context's variables (see `execWithContext`).
   * `const predict = ctx.exec((c, x) => layers.dense(c, x, 10)); await predict(batch)`
   */
  exec<R extends Node | readonly Node[]>(fn: ModelFn<R>, options: ContextExecOptions = {}): ContextExecFn<R> {
    return execWithContext(this, fn, options);
  }

  toString(): string {
    return `Context ${this.scope} (${this.#store.variables.size} variables)`;
  }
}

/** A new context: the same as `new Context(options)`, the short form notebooks use. `const ctx = context({ seed: 42 })` */
export function context(options: ContextOptions = {}): Context {
  return new Context(options);
}
