/**
 * Plain TypeScript references for the indexing ops, written from the StableHLO spec's
 * formulas element by element: gather, scatter, dynamic slices, bitcast, erf.
 */
import type { DType } from "../../src/core/dtype.js";
import type { Scalar } from "../../src/core/elements.js";
import { Tensor } from "../../src/core/tensor.js";
import { generate, ravel, unravel } from "./reference.js";

/** Gather dimension numbers with every list present. */
export interface GatherRefDims {
  offsetDims: number[];
  collapsedSliceDims: number[];
  operandBatchingDims: number[];
  startIndicesBatchingDims: number[];
  startIndexMap: number[];
  indexVectorDim: number;
}

const num = (v: Scalar) => Number(v);
const clampInt = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** The spec's gather: result[i] = operand[full_start + full_batching + full_offset]. */
export function gatherRef(
  x: Tensor,
  idx: Tensor,
  g: GatherRefDims,
  sizes: number[],
  outDims: number[],
): Tensor {
  const batchDims = outDims.map((_, d) => d).filter((d) => !g.offsetDims.includes(d));
  const keptOperandDims = x.shape.dims
    .map((_, d) => d)
    .filter((d) => !g.collapsedSliceDims.includes(d) && !g.operandBatchingDims.includes(d));
  return generate(x.dtype, outDims, (ri) => {
    const batch = batchDims.map((d) => ri[d]!);
    const startAt = (k: number) => {
      const pos = [...batch];
      if (g.indexVectorDim < idx.rank) pos.splice(g.indexVectorDim, 0, k);
      return num(idx.get(...pos));
    };
    const operandIndex = x.shape.dims.map(() => 0);
    g.startIndexMap.forEach((d, k) => {
      operandIndex[d]! += clampInt(startAt(k), 0, x.shape.dims[d]! - sizes[d]!);
    });
    g.operandBatchingDims.forEach((d, i) => {
      const sd = g.startIndicesBatchingDims[i]!;
      operandIndex[d]! += batch[sd < g.indexVectorDim ? sd : sd - 1]!;
    });
    keptOperandDims.forEach((d, k) => {
      operandIndex[d]! += ri[g.offsetDims[k]!]!;
    });
    return x.get(...operandIndex);
  });
}

/** Scatter dimension numbers with every list present. */
export interface ScatterRefDims {
  updateWindowDims: number[];
  insertedWindowDims: number[];
  inputBatchingDims: number[];
  scatterIndicesBatchingDims: number[];
  scatterDimsToOperandDims: number[];
  indexVectorDim: number;
}

/** The spec's scatter, updates applied in row-major order; out-of-range targets skipped. */
export function scatterRef(
  x: Tensor,
  idx: Tensor,
  u: Tensor,
  s: ScatterRefDims,
  combine: (cur: Scalar, upd: Scalar) => Scalar,
): Tensor {
  const out = x.values();
  const xd = x.shape.dims;
  const ud = u.shape.dims;
  const scatterDims = ud.map((_, d) => d).filter((d) => !s.updateWindowDims.includes(d));
  const windowOperandDims = xd
    .map((_, d) => d)
    .filter((d) => !s.insertedWindowDims.includes(d) && !s.inputBatchingDims.includes(d));
  const uv = u.values();
  for (let i = 0; i < uv.length; i++) {
    const ui = unravel(i, ud);
    const batch = scatterDims.map((d) => ui[d]!);
    const target = xd.map(() => 0);
    s.scatterDimsToOperandDims.forEach((d, k) => {
      const pos = [...batch];
      if (s.indexVectorDim < idx.rank) pos.splice(s.indexVectorDim, 0, k);
      target[d]! += num(idx.get(...pos));
    });
    s.inputBatchingDims.forEach((d, j) => {
      const sd = s.scatterIndicesBatchingDims[j]!;
      target[d]! += batch[sd < s.indexVectorDim ? sd : sd - 1]!;
    });
    windowOperandDims.forEach((d, k) => {
      target[d]! += ui[s.updateWindowDims[k]!]!;
    });
    if (target.some((t, d) => t < 0 || t >= xd[d]!)) continue;
    const o = ravel(target, xd);
    out[o] = combine(out[o]!, uv[i]!);
  }
  return Tensor.fromValues(x.dtype, xd, out);
}

/** dynamic_slice with the spec's clamping. */
export function dynamicSliceRef(x: Tensor, starts: number[], sizes: number[]): Tensor {
  const s = starts.map((v, d) => clampInt(v, 0, x.shape.dims[d]! - sizes[d]!));
  return generate(x.dtype, sizes, (i) => x.get(...i.map((v, d) => v + s[d]!)));
}

/** dynamic_update_slice with the spec's clamping. */
export function dynamicUpdateSliceRef(x: Tensor, u: Tensor, starts: number[]): Tensor {
  const s = starts.map((v, d) => clampInt(v, 0, x.shape.dims[d]! - u.shape.dims[d]!));
  return generate(x.dtype, x.shape.dims, (i) => {
    const inside = i.every((v, d) => v >= s[d]! && v < s[d]! + u.shape.dims[d]!);
    return inside ? u.get(...i.map((v, d) => v - s[d]!)) : x.get(...i);
  });
}

/** Reinterprets the little-endian bytes of `x` as `dtype` with result dims `dims`. */
export function bitcastRef(x: Tensor, dtype: DType, dims: number[]): Tensor {
  const bytes = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength).slice();
  const t = Tensor.zeros(dtype, dims);
  new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).set(bytes);
  return t;
}

/**
 * erf in double precision from the all-positive series
 * erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), which has no cancellation; ±1 past 6.
 */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  let term = a;
  let sum = a;
  for (let n = 1; n < 400; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  return x < 0 ? -r : r;
}

/** IEEE total order on numbers (positive NaN last, -0 before +0); bigints and bools by value. */
export function totalLess(a: Scalar, b: Scalar): boolean {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return false;
    if (Number.isNaN(b)) return true;
    if (a === b) return Object.is(a, -0) && Object.is(b, 0);
    return a < b;
  }
  return Number(a) < Number(b) || (typeof a === "bigint" && typeof b === "bigint" && a < b);
}

/**
 * A stable sort of `ts` (same shape) along `axis` by `ts[0]`, ascending or descending in
 * total order; every operand moves with the key.
 */
export function sortRef(ts: readonly Tensor[], axis: number, descending: boolean): Tensor[] {
  const dims = ts[0]!.shape.dims;
  const n = dims[axis]!;
  const perms = new Map<string, number[]>();
  const permOf = (idx: number[]) => {
    const key = idx.map((v, d) => (d === axis ? "*" : v)).join(",");
    let p = perms.get(key);
    if (!p) {
      const at = (j: number) => ts[0]!.get(...idx.map((v, d) => (d === axis ? j : v)));
      p = Array.from({ length: n }, (_, j) => j);
      p.sort((i, j) => {
        const [a, b] = [at(i), at(j)];
        const before = descending ? totalLess(b, a) : totalLess(a, b);
        const after = descending ? totalLess(a, b) : totalLess(b, a);
        return before ? -1 : after ? 1 : 0;
      });
      perms.set(key, p);
    }
    return p;
  };
  return ts.map((t) =>
    generate(t.dtype, dims, (idx) => t.get(...idx.map((v, d) => (d === axis ? permOf(idx)[v]! : v)))),
  );
}
