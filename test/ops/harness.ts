/**
 * Shared pieces for the op-table tests: building a case's graph, golden file paths, and
 * comparing tensors within a number of ulps.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DType, isFloat } from "../../src/core/dtype.js";
import type { Tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import { toStableHLO } from "../../src/stablehlo/printer.js";
import type { OpCase } from "./op_table.js";

/** Repository root (this file runs as dist/test/ops/harness.js). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Where the golden `.mlir` files live (in the source tree, not dist). */
export const GOLDEN_DIR = join(ROOT, "test", "ops", "golden");

/** Builds a case's graph with one parameter per input and returns it lowered. */
export function lowerCase(c: OpCase): { graph: Graph; outputs: Node[]; mlir: string } {
  const graph = new Graph(c.name);
  const params = c.inputs.map((t, i) => graph.parameter(`x${i}`, t.dtype, t.shape));
  const r = c.build(...params);
  const outputs = Array.isArray(r) ? [...(r as Node[])] : [r as Node];
  return { graph, outputs, mlir: toStableHLO(graph, outputs, { parameters: params, name: c.name }) };
}

const dv = new DataView(new ArrayBuffer(8));

/** An integer that orders floats of `dtype` like their values (for ulp distances). */
function ordered(dtype: DType, data: ArrayLike<number | bigint>, i: number): bigint {
  let bits: bigint;
  let width: bigint;
  switch (dtype) {
    case "f64":
      dv.setFloat64(0, data[i] as number);
      bits = dv.getBigUint64(0);
      width = 64n;
      break;
    case "f32":
      dv.setFloat32(0, data[i] as number);
      bits = BigInt(dv.getUint32(0));
      width = 32n;
      break;
    default:
      bits = BigInt(data[i] as number);
      width = 16n;
  }
  const sign = 1n << (width - 1n);
  return bits & sign ? -(bits & (sign - 1n)) : bits;
}

/**
 * Describes the first mismatch between `actual` and `expected` (dtype, shape, values within
 * `ulps` units in the last place; NaN matches NaN), or returns undefined when they agree.
 */
export function mismatch(actual: Tensor, expected: Tensor, ulps = 0): string | undefined {
  if (actual.dtype !== expected.dtype || !actual.shape.equals(expected.shape)) {
    return `got ${actual.dtype}${actual.shape}, expected ${expected.dtype}${expected.shape}`;
  }
  const a = actual.values();
  const e = expected.values();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (isFloat(expected.dtype)) {
      const xn = x as number;
      const yn = y as number;
      if (Number.isNaN(xn) && Number.isNaN(yn)) continue;
      if (xn === yn) continue;
      if (ulps > 0 && Number.isFinite(xn) && Number.isFinite(yn)) {
        const d =
          ordered(expected.dtype, actual.data as ArrayLike<number>, i) -
          ordered(expected.dtype, expected.data as ArrayLike<number>, i);
        if ((d < 0n ? -d : d) <= BigInt(ulps)) continue;
      }
    } else if (x === y) continue;
    return `element ${i}: got ${String(x)}, expected ${String(y)}${ulps ? ` (within ${ulps} ulps)` : ""}`;
  }
  return undefined;
}
