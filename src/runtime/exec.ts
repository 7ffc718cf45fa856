/**
 * `exec(fn)`: turns a function of graph nodes into something you call with arrays. It is a
 * thin caller of the compiled-function core (./compiled.ts): the first call with a given
 * input signature (and hyperparameters read while tracing) builds the graph, lowers it to
 * StableHLO and compiles it; later calls with that key reuse it.
 */
import { TsmlxError } from "../core/errors.js";
import { Tensor, tensor } from "../core/tensor.js";
import { Graph, type Node } from "../graph/graph.js";
import { type Client, DeviceArray } from "./client.js";
import { CompiledFunction, type Traced } from "./compiled.js";

/** What an exec'd function accepts for each argument. */
export type ExecInput = Tensor | DeviceArray | number | bigint | boolean | readonly unknown[];

/** Options for {@link exec}. */
export interface ExecOptions {
  /** Module name in the emitted StableHLO; default `main` or the function's name. */
  name?: string;
  /** The client to compile and run on; default {@link defaultClient}. */
  client?: Client;
  /** Argument indices whose device arrays are donated to the run (the caller gives them up). */
  donate?: readonly number[];
  /** Stops every call's run when aborted (the call rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Stops a call's run after this many milliseconds (an error with codeName DEADLINE_EXCEEDED). */
  timeoutMs?: number;
}

type Outputs<R> = R extends readonly Node[] ? DeviceArray[] : DeviceArray;

/** A callable made by {@link exec}. */
export interface ExecFn<R> {
  (...inputs: ExecInput[]): Promise<Outputs<R>>;
  /** The StableHLO text compiled for these inputs (builds and compiles if needed). */
  mlir(...inputs: ExecInput[]): Promise<string>;
  /** Number of specializations compiled and held for the default (or given) client. */
  readonly compiledCount: number;
}

/** A traced function of plain nodes: whether it returned a list. */
export interface ExecTraced extends Traced {
  readonly multi: boolean;
}

/**
 * An exec argument as a host tensor or device array; `api` names the caller in errors.
 * `toValue([1, 2], 0, "exec")` is an f32 tensor
 */
export function toValue(x: ExecInput, i: number, api: string): Tensor | DeviceArray {
  if (x instanceof Tensor || x instanceof DeviceArray) return x;
  try {
    return tensor(x as Parameters<typeof tensor>[0]);
  } catch (e) {
    throw new TsmlxError(api, `argument ${i}: ${(e as Error).message}`);
  }
}

/**
 * The outputs a traced function returned, as a list, and whether it was one.
 * `splitOutputs([a, b]).multi === true`
 */
export function splitOutputs(result: Node | readonly Node[]): { outputs: readonly Node[]; multi: boolean } {
  const multi = Array.isArray(result);
  return { outputs: multi ? (result as readonly Node[]) : [result as Node], multi };
}

/**
 * The callable of a compiled function of plain nodes: arrays in, device arrays out (one, or a
 * list when the function returned a list), with `mlir` and `compiledCount`. `api` names it in
 * argument errors. `const f = callableOf(compiled, "exec")`
 */
export function callableOf<R extends Node | readonly Node[]>(
  compiled: CompiledFunction<ExecTraced>,
  api: string,
  runOptions: { signal?: AbortSignal; timeoutMs?: number } = {},
): ExecFn<R> {
  const values = (inputs: readonly ExecInput[]) => inputs.map((x, i) => toValue(x, i, api));
  const call = async (...inputs: ExecInput[]): Promise<Outputs<R>> => {
    const { outputs, program } = await compiled.run(values(inputs), runOptions);
    return (program.traced.multi ? outputs : outputs[0]) as Outputs<R>;
  };
  const callable = call as ExecFn<R>;
  Object.defineProperty(callable, "mlir", {
    value: async (...inputs: ExecInput[]) => (await compiled.program(values(inputs))).mlir,
  });
  Object.defineProperty(callable, "compiledCount", { get: () => compiled.compiledCount() });
  return callable;
}

/**
 * Makes a compiled, cached callable from a function of graph nodes.
 *
 * `const f = exec((a, b) => tm.add(a, b)); const out = await f([1, 2], [3, 4]); await out.toTensor()`
 */
export function exec<R extends Node | readonly Node[]>(
  fn: (...params: Node[]) => R,
  options: ExecOptions = {},
): ExecFn<R> {
  const name = options.name ?? (fn.name || "main");
  const compiled = new CompiledFunction<ExecTraced>({
    api: "exec",
    name,
    client: options.client,
    donateInputs: options.donate,
    trace: (specs) => {
      if (specs.length < fn.length) {
        throw new TsmlxError("exec", `${name} takes ${fn.length} arguments, got ${specs.length}`);
      }
      const graph = new Graph(name);
      const inputs = specs.map((s, i) => graph.parameter(`arg${i}`, s.dtype, s.dims));
      return { graph, inputs, ...splitOutputs(fn(...inputs)) };
    },
  });
  return callableOf<R>(compiled, "exec", { signal: options.signal, timeoutMs: options.timeoutMs });
}
