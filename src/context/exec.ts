/**
 * Running model functions with a context: `execWithContext(ctx, fn)` (also `ctx.exec(fn)`)
 * compiles `(ctx, ...inputs) => outputs` with the variables it reads as extra inputs and the
 * values it writes as extra outputs, then stores those outputs as the variables' new values
 * (device arrays; nothing is copied to the host).
 *
 * Compiling, caching and running are the compiled-function core's (src/runtime/compiled.ts):
 * a program is keyed by the input signature, the training flag and every hyperparameter the
 * function read while traced; a change of any of them traces the function again (variables
 * made by the first trace are reused, so the function must ask for the same dtypes and shapes).
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { type Client, type DeviceArray, defaultClient } from "../runtime/client.js";
import { CompiledFunction, type Traced } from "../runtime/compiled.js";
import { callableOf, type ExecFn, splitOutputs } from "../runtime/exec.js";
import type { Context } from "./context.js";
import type { Variable } from "./variable.js";

/** A model function: a context view and input nodes to output nodes. */
export type ModelFn<R> = (ctx: Context, ...inputs: Node[]) => R;

/** A traced graph whose state is a context's variables, in the order the program feeds and stores them. */
export interface TracedWithVariables extends Traced {
  /** Variables read, in read order, and their parameter nodes (fed after the inputs). */
  readonly reads: readonly Variable[];
  readonly readParams: readonly Node[];
  /** Variables written and the nodes of their new values (returned after the outputs). */
  readonly writes: readonly Variable[];
  readonly writeValues: readonly Node[];
}

/** The variables one graph read and wrote (see {@link graphVariables}). */
export type GraphVariables = Pick<TracedWithVariables, "reads" | "readParams" | "writes" | "writeValues">;

/** What tracing a model function gave: the graph, its nodes and the variables used. */
export interface ContextGraph extends TracedWithVariables {
  /** The input parameter nodes, in argument order. */
  readonly inputs: readonly Node[];
  /** The function's outputs. */
  readonly outputs: readonly Node[];
  /** True when the function returned a list. */
  readonly multi: boolean;
}

/** Input types for tracing: a dtype and dims per input. */
export interface InputSpec {
  readonly dtype: DType;
  readonly dims: readonly number[];
}

/**
 * The variables `graph` read and wrote in `ctx` (writes left out with `{ writes: false }`).
 * `const { reads, writes } = graphVariables(ctx, g)`
 */
export function graphVariables(
  ctx: Context,
  graph: Graph,
  options: { writes?: boolean } = {},
): GraphVariables {
  const trace = ctx.traceOf(graph);
  const keepWrites = options.writes ?? true;
  return {
    reads: [...trace.reads.keys()],
    readParams: [...trace.reads.values()],
    writes: keepWrites ? [...trace.writes.keys()] : [],
    writeValues: keepWrites ? [...trace.writes.values()] : [],
  };
}

/**
 * Traces `fn` on a fresh graph with parameters of the given types (`in0`, `in1`, ...).
 * `const t = traceWithContext(ctx, (c, x) => dense(c, x, 10), [{ dtype: "f32", dims: [8, 4] }])`
 */
export function traceWithContext<R extends Node | readonly Node[]>(
  ctx: Context,
  fn: ModelFn<R>,
  specs: readonly InputSpec[],
  name = "model",
): ContextGraph {
  if (specs.length < fn.length - 1) {
    throw new TsmlxError(
      "exec",
      `${name} takes ${fn.length - 1} inputs (after the context), got ${specs.length}`,
    );
  }
  const graph = new Graph(name);
  const inputs = specs.map((s, i) => graph.parameter(`in${i}`, s.dtype, s.dims));
  const { outputs, multi } = splitOutputs(fn(ctx, ...inputs));
  for (const [i, o] of outputs.entries()) {
    if (!o || (o as Node).graph !== graph) {
      throw new TsmlxError(
        "execWithContext",
        `${name}: output ${i} is not a node of the graph built from its inputs`,
      );
    }
  }
  return { graph, inputs, outputs, multi, ...graphVariables(ctx, graph) };
}

/** Options of {@link execWithContext}. */
export interface ContextExecOptions {
  /** Module name; default the function's name or `model`. */
  readonly name?: string;
  /** The client; default {@link defaultClient}. */
  readonly client?: Client;
  /** Sets the training flag of the view the function gets (default: the context's). */
  readonly training?: boolean;
  /** Donate the old device arrays of written variables to the run (default false). */
  readonly donateVariables?: boolean;
  /**
   * Donate the device arrays passed as inputs (default false): the caller gives them up, and
   * the plugin may reuse their memory, e.g. for a cache a step rewrites.
   */
  readonly donateInputs?: boolean;
}

/** A callable made by {@link execWithContext}: the same shape as an `exec` callable. */
export type ContextExecFn<R> = ExecFn<R>;

/**
 * Compiles a model function with the context's variables as extra inputs; each call runs it
 * and stores the written variables. Returns the outputs as device arrays.
 *
 * `const predict = execWithContext(ctx, (c, x) => dense(c, x, 10)); const y = await predict(batch)`
 */
export function execWithContext<R extends Node | readonly Node[]>(
  ctx: Context,
  fn: ModelFn<R>,
  options: ContextExecOptions = {},
): ContextExecFn<R> {
  const name = options.name ?? (fn.name || "model");
  const view = options.training === undefined ? ctx : ctx.withTraining(options.training);
  const compiled = new CompiledFunction<ContextGraph>({
    api: "execWithContext",
    name,
    client: options.client,
    donateInputs: options.donateInputs ?? false,
    donateState: options.donateVariables ?? false,
    trace: (specs) => traceWithContext(view, fn, specs, name),
  });
  return callableOf<R>(compiled, "execWithContext");
}

/**
 * The current values of the variables `graph` read, keyed by their parameter names
 * (`var:/dense/weights`), as device arrays on `client`: feeds for a program that evaluates
 * nodes of a graph built outside `execWithContext` (a live session's graph, for instance).
 * Values written in that graph are not stored back. `await variableFeeds(ctx, s.graph)`
 */
export async function variableFeeds(
  ctx: Context,
  graph: Graph,
  client: Client = defaultClient(),
): Promise<Record<string, DeviceArray>> {
  const out: Record<string, DeviceArray> = {};
  for (const [v, p] of ctx.traceOf(graph).reads) out[String(p.attributes.name)] = await v.deviceValue(client);
  return out;
}
