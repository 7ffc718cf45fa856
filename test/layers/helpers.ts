import { Context, execWithContext, type ModelFn } from "../../src/context/index.js";
import { type Tensor, tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import type { DeviceArray } from "../../src/runtime/client.js";
import { bundledCpuPlugin, resolvePlugin } from "../../src/runtime/plugin.js";

/** Runs a model function once on host inputs; returns the outputs as Float64Arrays with their dims. */
export async function runModel(
  ctx: Context,
  fn: ModelFn<Node | Node[]>,
  ...inputs: Tensor[]
): Promise<{ values: Float64Array; dims: readonly number[] }[]> {
  const f = execWithContext(ctx, fn);
  const out = await f(...inputs);
  const list = (Array.isArray(out) ? out : [out]) as DeviceArray[];
  const r = [];
  for (const a of list) {
    const t = await a.toTensor();
    r.push({ values: t.toFloat64Array(), dims: t.shape.dims });
  }
  return r;
}

/** A deterministic pseudo-random f32 tensor. */
export function randomTensor(dims: number[], seed = 1, scale = 1): Tensor {
  let s = seed >>> 0;
  const n = dims.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * scale;
  });
  return tensor(v, "f32").shape.size === n ? reshapeTensor(tensor(v, "f32"), dims) : tensor(v, "f32");
}

function reshapeTensor(t: Tensor, dims: number[]): Tensor {
  return new (t.constructor as typeof Tensor)(t.dtype, dims, t.data);
}

/** Values of a variable as float64. */
export async function varValues(ctx: Context, path: string): Promise<Float64Array> {
  const v = ctx.variableAt(path);
  if (!v)
    throw new Error(
      `no variable ${path}; have ${ctx
        .variables()
        .map((x) => x.path)
        .join(", ")}`,
    );
  return (await v.toTensor()).toFloat64Array();
}

/**
 * Tolerance for results of f32 dot products: `tol` on the bundled plugin; `elsewhere`
 * (default 1e-3) on another, since XLA's GPU backend multiplies f32 in TF32 unless a dot asks
 * for precision "highest". Example: assertClose(y, ref, dotTolerance(1e-4));
 */
export function dotTolerance(tol: number, elsewhere = 1e-3): number {
  return resolvePlugin() === bundledCpuPlugin() ? tol : Math.max(tol, elsewhere);
}

/** Asserts two arrays agree within tol (relative to 1 + |expected|). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 1e-5,
  what = "",
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what} lengths differ: ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) throw new Error(`${what} element ${i}: ${a} vs ${e}`);
  }
}

export { Context };
