/**
 * Plain-TypeScript references for convolution and window reductions: naive loops over
 * logical indices, written from the StableHLO specification (not from the engine's kernels).
 */
import type { DType } from "../../src/core/dtype.js";
import { Tensor } from "../../src/core/tensor.js";
import type { ConvDimensionNumbers } from "../../src/ops/conv.js";

const prod = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);
const unravel = (i: number, dims: readonly number[]) => {
  const idx = new Array<number>(dims.length);
  for (let k = dims.length - 1; k >= 0; k--) {
    idx[k] = i % dims[k]!;
    i = Math.floor(i / dims[k]!);
  }
  return idx;
};
const ravel = (idx: readonly number[], dims: readonly number[]) =>
  idx.reduce((o, v, k) => o * dims[k]! + v, 0);
const windows = (n: number, ld: number, lo: number, hi: number, k: number, rd: number, s: number) => {
  const padded = lo + (n === 0 ? 0 : (n - 1) * ld + 1) + hi;
  const w = k === 0 ? 0 : (k - 1) * rd + 1;
  return padded <= 0 || w > padded ? 0 : Math.floor((padded - w) / s) + 1;
};

/** Options of the reference convolution (all fields given). */
export interface ConvRefOptions {
  readonly dn: ConvDimensionNumbers;
  readonly strides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly featureGroups: number;
  readonly batchGroups: number;
}

/** The spec's convolution, computed in float64 and stored as `dtype`. */
export function convRef(x: Tensor, w: Tensor, o: ConvRefOptions, dtype: DType = x.dtype): Tensor {
  const xd = x.shape.dims;
  const wd = w.shape.dims;
  const n = xd.length - 2;
  const xv = x.toFloat64Array();
  const wv = w.toFloat64Array();
  const L = o.dn.lhs;
  const R = o.dn.rhs;
  const O = o.dn.out;
  const sp = (s: string, k: number) => s.indexOf(String(k));
  const batch = xd[L.indexOf("b")]!;
  const cin = wd[R.indexOf("i")]!;
  const cout = wd[R.indexOf("o")]!;
  const ob = batch / o.batchGroups;
  const osz = Array.from({ length: n }, (_, k) =>
    windows(
      xd[sp(L, k)]!,
      o.lhsDilation[k]!,
      o.padding[k]![0],
      o.padding[k]![1],
      wd[sp(R, k)]!,
      o.rhsDilation[k]!,
      o.strides[k]!,
    ),
  );
  const odims = new Array<number>(n + 2);
  odims[O.indexOf("b")] = ob;
  odims[O.indexOf("f")] = cout;
  for (let k = 0; k < n; k++) odims[sp(O, k)] = osz[k]!;
  const ksz = Array.from({ length: n }, (_, k) => wd[sp(R, k)]!);
  const out = new Array<number>(prod(odims)).fill(0);
  for (let e = 0; e < out.length; e++) {
    const oi = unravel(e, odims);
    const b = oi[O.indexOf("b")]!;
    const f = oi[O.indexOf("f")]!;
    const fg = Math.floor(f / (cout / o.featureGroups));
    const bg = Math.floor(f / (cout / o.batchGroups));
    let sum = 0;
    for (let t = 0; t < prod(ksz); t++) {
      const kk = unravel(t, ksz);
      const xi = new Array<number>(n + 2);
      xi[L.indexOf("b")] = bg * ob + b;
      let real = true;
      for (let k = 0; k < n; k++) {
        const p = oi[sp(O, k)]! * o.strides[k]! + kk[k]! * o.rhsDilation[k]! - o.padding[k]![0];
        if (p < 0 || p % o.lhsDilation[k]! !== 0 || p / o.lhsDilation[k]! >= xd[sp(L, k)]!) real = false;
        xi[sp(L, k)] = p / o.lhsDilation[k]!;
      }
      if (!real) continue;
      for (let c = 0; c < cin; c++) {
        xi[L.indexOf("f")] = fg * cin + c;
        const wi = new Array<number>(n + 2);
        wi[R.indexOf("i")] = c;
        wi[R.indexOf("o")] = f;
        for (let k = 0; k < n; k++) wi[sp(R, k)] = kk[k]!;
        sum += xv[ravel(xi, xd)]! * wv[ravel(wi, wd)]!;
      }
    }
    out[e] = sum;
  }
  return Tensor.fromValues(dtype, odims, out);
}

/** Options of the reference window reduction (all fields given, one per dim). */
export interface WindowRefOptions {
  readonly window: readonly number[];
  readonly strides: readonly number[];
  readonly baseDilations: readonly number[];
  readonly windowDilations: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
}

/** The spec's reduce_window: padding and dilation holes hold `init`. */
export function reduceWindowRef(
  x: Tensor,
  o: WindowRefOptions,
  init: number,
  f: (a: number, b: number) => number,
): Tensor {
  const xd = x.shape.dims;
  const xv = x.toFloat64Array();
  const r = xd.length;
  const odims = xd.map((d, i) =>
    windows(
      d,
      o.baseDilations[i]!,
      o.padding[i]![0],
      o.padding[i]![1],
      o.window[i]!,
      o.windowDilations[i]!,
      o.strides[i]!,
    ),
  );
  const out: number[] = [];
  for (let e = 0; e < prod(odims); e++) {
    const oi = unravel(e, odims);
    let acc = init;
    for (let t = 0; t < prod(o.window); t++) {
      const wi = unravel(t, o.window);
      const xi: number[] = [];
      let real = true;
      for (let i = 0; i < r; i++) {
        const p = oi[i]! * o.strides[i]! + wi[i]! * o.windowDilations[i]! - o.padding[i]![0];
        if (p < 0 || p % o.baseDilations[i]! !== 0 || p / o.baseDilations[i]! >= xd[i]!) real = false;
        xi.push(p / o.baseDilations[i]!);
      }
      acc = f(acc, real ? xv[ravel(xi, xd)]! : init);
    }
    out.push(acc);
  }
  return Tensor.fromValues(x.dtype, odims, out);
}
