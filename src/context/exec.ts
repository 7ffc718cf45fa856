/**
 * Running model functions with a context: `execWithContext(ctx, fn)` (also `ctx.exec(fn)`)
 * compiles `(ctx, ...inputs) => outputs` with the variables it reads as extra inputs and the
 * values it writes as extra outputs, then stores those outputs as the variables' new values
 * (device arrays; nothing is copied to the host).
 *
 * A compiled program is cached per input signature, training flag and hyperparameters; a
 * change of any of them traces the function again (variables made by the first trace are
 * reused, so the function must ask for the same dtypes and shapes).
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor, tensor } from "../core/tensor.js";
import { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { type Client, DeviceArray, defaultClient, type Executable } from "../runtime/client.js";
import type { ExecInput } from "../runtime/exec.js";
import { toStableHLO } from "../stablehlo/printer.js";
import type { Context } from "./context.js";
import type { Variable } from "./variable.js";

/** A model function: a context view and input nodes to output nodes. */
export type ModelFn<R> = (ctx: Context, ...inputs: Node[]) => R;

/** What tracing a model function gave: the graph, its nodes and the variables used. */
export interface ContextGraph {
  readonly graph: Graph;
  /** The input parameter nodes, in argument order. */
  readonly inputs: readonly Node[];
  /** The function's outputs. */
  readonly outputs: readonly Node[];
  /** True when the function returned a list. */
  readonly multi: boolean;
  /** Variables read, in read order, and their parameter nodes (fed after the inputs). */
  readonly reads: readonly Variable[];
  readonly readParams: readonly Node[];
  /** Variables written and the nodes of their new values (returned after the outputs). */
  readonly writes: readonly Variable[];
  readonly writeValues: readonly Node[];
}

/** Input types for tracing: a dtype and dims per input. */
export interface InputSpec {
  readonly dtype: DType;
  readonly dims: readonly number[];
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
  const result = fn(ctx, ...inputs);
  const multi = Array.isArray(result);
  const outputs: readonly Node[] = multi ? (result as readonly Node[]) : [result as Node];
  for (const [i, o] of outputs.entries()) {
    if (!o || (o as Node).graph !== graph) {
      throw new TsmlxError(
        "execWithContext",
        `${name}: output ${i} is not a node of the graph built from its inputs`,
      );
    }
  }
  const trace = ctx.traceOf(graph);
  return {
    graph,
    inputs,
    outputs,
    multi,
    reads: [...trace.reads.keys()],
    readParams: [...trace.reads.values()],
    writes: [...trace.writes.keys()],
    writeValues: [...trace.writes.values()],
  };
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

/** A callable made by {@link execWithContext}. */
export interface ContextExecFn<R> {
  (...inputs: ExecInput[]): Promise<R extends readonly Node[] ? DeviceArray[] : DeviceArray>;
  /** The StableHLO text for these inputs. */
  mlir(...inputs: ExecInput[]): Promise<string>;
  /** Number of programs compiled so far. */
  readonly compiledCount: number;
}

interface Compiled {
  readonly executable: Executable;
  readonly mlir: string;
  readonly traced: ContextGraph;
}

function toValue(x: ExecInput, i: number): Tensor | DeviceArray {
  if (x instanceof Tensor || x instanceof DeviceArray) return x;
  try {
    return tensor(x as Parameters<typeof tensor>[0]);
  } catch (e) {
    throw new TsmlxError("execWithContext", `argument ${i}: ${(e as Error).message}`);
  }
}

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
  const cache = new Map<string, Promise<Compiled>>();

  const specialize = (values: readonly (Tensor | DeviceArray)[], client: Client): Promise<Compiled> => {
    const key = `${values.map((v) => `${v.dtype}[${v.shape.dims.join(",")}]`).join(";")}|${view.training}|${JSON.stringify(view.params())}`;
    let hit = cache.get(key);
    if (!hit) {
      const traced = traceWithContext(
        view,
        fn,
        values.map((v) => ({ dtype: v.dtype, dims: v.shape.dims })),
        name,
      );
      const mlir = toStableHLO(traced.graph, [...traced.outputs, ...traced.writeValues], {
        parameters: [...traced.inputs, ...traced.readParams],
        name,
      });
      hit = client.compile(mlir).then((executable) => ({ executable, mlir, traced }));
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };

  const prepare = async (inputs: readonly ExecInput[]) => {
    const client = options.client ?? defaultClient();
    const values = inputs.map(toValue);
    return { client, values, compiled: await specialize(values, client) };
  };

  const call = async (...inputs: ExecInput[]) => {
    const { client, values, compiled } = await prepare(inputs);
    const { traced } = compiled;
    const uploaded: DeviceArray[] = [];
    const args: DeviceArray[] = [];
    for (const v of values) {
      if (v instanceof DeviceArray) args.push(v);
      else {
        const d = await client.upload(v);
        uploaded.push(d);
        args.push(d);
      }
    }
    for (const v of traced.reads) args.push(await v.deviceValue(client));
    const donate: number[] = [];
    if (options.donateInputs) {
      values.forEach((v, i) => {
        if (v instanceof DeviceArray && values.indexOf(v) === i) donate.push(i);
      });
    }
    if (options.donateVariables) {
      traced.reads.forEach((v, i) => {
        if (traced.writes.includes(v)) donate.push(values.length + i);
      });
    }
    let outs: DeviceArray[];
    try {
      outs = await compiled.executable.run(args, { donate });
    } finally {
      for (const d of uploaded) d.dispose();
    }
    const n = traced.outputs.length;
    traced.writes.forEach((v, i) => {
      v.setValue(outs[n + i]!);
    });
    const user = outs.slice(0, n);
    return (traced.multi ? user : user[0]) as R extends readonly Node[] ? DeviceArray[] : DeviceArray;
  };

  const callable = call as ContextExecFn<R>;
  Object.defineProperty(callable, "mlir", {
    value: async (...inputs: ExecInput[]) => (await prepare(inputs)).compiled.mlir,
  });
  Object.defineProperty(callable, "compiledCount", { get: () => cache.size });
  return callable;
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
