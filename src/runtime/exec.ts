/**
 * `exec(fn)`: turns a function of graph nodes into something you call with arrays.
 * The first call with a given input signature (dtypes and shapes) builds the graph,
 * lowers it to StableHLO and compiles it; later calls with that signature reuse it.
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor, tensor } from "../core/tensor.js";
import { Graph, type Node } from "../graph/graph.js";
import { toStableHLO } from "../stablehlo/printer.js";
import { type Client, DeviceArray, defaultClient, type Executable } from "./client.js";

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

/** One compiled specialization of an exec'd function. */
interface Compiled {
  readonly executable: Executable;
  readonly mlir: string;
  readonly multi: boolean;
}

/** A callable made by {@link exec}. */
export interface ExecFn<R> {
  (...inputs: ExecInput[]): Promise<Outputs<R>>;
  /** The StableHLO text compiled for these inputs (builds and compiles if needed). */
  mlir(...inputs: ExecInput[]): Promise<string>;
  /** Number of specializations compiled so far. */
  readonly compiledCount: number;
}

function signatureOf(values: readonly (Tensor | DeviceArray)[]): string {
  return values.map((v) => `${v.dtype}[${v.shape.dims.join(",")}]`).join(";");
}

function toHostOrDevice(x: ExecInput, i: number): Tensor | DeviceArray {
  if (x instanceof Tensor || x instanceof DeviceArray) return x;
  try {
    return tensor(x as Parameters<typeof tensor>[0]);
  } catch (e) {
    throw new Error(`[exec] argument ${i}: ${(e as Error).message}`);
  }
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
  const specializations = new Map<string, Promise<Compiled>>();
  const name = options.name ?? (fn.name || "main");

  const specialize = (values: readonly (Tensor | DeviceArray)[], client: Client): Promise<Compiled> => {
    const key = signatureOf(values);
    let hit = specializations.get(key);
    if (!hit) {
      const graph = new Graph(name);
      const params = values.map((v, i) => graph.parameter(`arg${i}`, v.dtype as DType, v.shape));
      const result = fn(...params);
      const multi = Array.isArray(result);
      const outputs: readonly Node[] = multi ? (result as readonly Node[]) : [result as Node];
      for (const [i, o] of outputs.entries()) {
        if (!o || o.graph !== graph) {
          throw new Error(`[exec] ${name}: output ${i} is not a node of the graph built from its arguments`);
        }
      }
      const mlir = toStableHLO(graph, outputs, { parameters: params, name });
      hit = client.compile(mlir).then((executable) => ({ executable, mlir, multi }));
      hit.catch(() => specializations.delete(key));
      specializations.set(key, hit);
    }
    return hit;
  };

  const prepare = async (inputs: readonly ExecInput[]) => {
    if (inputs.length < fn.length) {
      throw new TsmlxError("exec", `${name} takes ${fn.length} arguments, got ${inputs.length}`);
    }
    const client = options.client ?? defaultClient();
    const values = inputs.map(toHostOrDevice);
    return { client, values, compiled: await specialize(values, client) };
  };

  const call = async (...inputs: ExecInput[]): Promise<Outputs<R>> => {
    const { client, values, compiled } = await prepare(inputs);
    const uploaded: DeviceArray[] = [];
    const args = await Promise.all(
      values.map(async (v) => {
        if (v instanceof DeviceArray) return v;
        const d = await client.upload(v);
        uploaded.push(d);
        return d;
      }),
    );
    // The caller's arrays are donated only when listed in options.donate; the temporaries
    // uploaded here are freed after the run.
    try {
      const outs = await compiled.executable.run(args, {
        donate: options.donate ?? [],
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
      return (compiled.multi ? outs : outs[0]) as Outputs<R>;
    } finally {
      for (const d of uploaded) d.dispose();
    }
  };

  const callable = call as ExecFn<R>;
  Object.defineProperty(callable, "mlir", {
    value: async (...inputs: ExecInput[]) => (await prepare(inputs)).compiled.mlir,
  });
  Object.defineProperty(callable, "compiledCount", { get: () => specializations.size });
  return callable;
}
