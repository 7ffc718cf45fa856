/**
 * Plain TypeScript reference implementations for the op table. They work on host Tensors,
 * element by element, and share nothing with the graph builder except the Tensor type
 * (whose storage rounds floats to nearest even and wraps integers, as the engine does).
 */
import { type DType, isFloat, isUnsigned } from "../../src/core/dtype.js";
import type { Scalar } from "../../src/core/elements.js";
import { Tensor } from "../../src/core/tensor.js";

/** Bits of an integer dtype. */
export function intBits(d: DType): number {
  return { i8: 8, i16: 16, i32: 32, i64: 64, u8: 8, u32: 32, u64: 64 }[d as "i8"] ?? 0;
}

/** Row-major strides. */
export function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= dims[i]!;
  }
  return s;
}

/** Multi-index of flat position `i`. */
export function unravel(i: number, dims: readonly number[]): number[] {
  const idx = new Array<number>(dims.length);
  for (let a = dims.length - 1; a >= 0; a--) {
    const d = dims[a]!;
    idx[a] = d === 0 ? 0 : i % d;
    i = d === 0 ? 0 : Math.floor(i / d);
  }
  return idx;
}

/** Flat position of a multi-index. */
export function ravel(idx: readonly number[], dims: readonly number[]): number {
  let off = 0;
  for (let a = 0; a < dims.length; a++) off = off * dims[a]! + idx[a]!;
  return off;
}

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Builds a tensor of `dims` whose element at each multi-index is `f(idx)`. */
export function generate(dtype: DType, dims: readonly number[], f: (idx: number[]) => Scalar): Tensor {
  const n = size(dims);
  const vals: Scalar[] = [];
  for (let i = 0; i < n; i++) vals.push(f(unravel(i, dims)));
  return Tensor.fromValues(dtype, dims, vals);
}

/** numpy-style broadcast of `t` to `dims`. */
export function bcast(t: Tensor, dims: readonly number[]): Tensor {
  const off = dims.length - t.rank;
  const src = t.shape.dims;
  return generate(t.dtype, dims, (idx) => t.get(...src.map((d, a) => (d === 1 ? 0 : idx[a + off]!))));
}

/** The numpy broadcast of several shapes. */
export function bcastDims(shapes: readonly (readonly number[])[]): number[] {
  const r = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 1; k <= r; k++) {
    let d = 1;
    for (const s of shapes) {
      const e = s[s.length - k] ?? 1;
      if (e !== 1) d = e;
    }
    out.unshift(d);
  }
  return out;
}

/** Element type of a host value for a dtype: numbers as f64, integers as bigint, bool as boolean. */
export type Ref = number | bigint | boolean;

function asRef(d: DType, v: Scalar): Ref {
  if (d === "bool") return v as boolean;
  if (isFloat(d)) return v as number;
  return BigInt(v as number | bigint);
}

/**
 * Elementwise map over broadcast inputs: float dtypes get numbers, integer dtypes bigints
 * (exact; the result wraps when stored), bool gets booleans. The result is stored as `out`.
 */
export function map(out: DType, inputs: readonly Tensor[], f: (...xs: Ref[]) => Ref): Tensor {
  const dims = bcastDims(inputs.map((t) => t.shape.dims));
  const bs = inputs.map((t) => bcast(t, dims));
  const n = size(dims);
  const vs = bs.map((t) => t.values());
  const vals: Scalar[] = [];
  for (let i = 0; i < n; i++) {
    const r = f(...bs.map((t, k) => asRef(t.dtype, vs[k]![i]!)));
    vals.push(typeof r === "bigint" && isFloat(out) ? Number(r) : r);
  }
  return Tensor.fromValues(out, dims, vals);
}

/** Rounds an f64 to what a dtype's arithmetic gives (f16/bf16 go through f32 first). */
export function f32(x: number): number {
  return Math.fround(x);
}

/** Integer min and max of a dtype as bigints. */
export function intRange(d: DType): [bigint, bigint] {
  const b = BigInt(intBits(d));
  return isUnsigned(d) ? [0n, 2n ** b - 1n] : [-(2n ** (b - 1n)), 2n ** (b - 1n) - 1n];
}

/** Wraps a bigint into an integer dtype's range. */
export function wrap(d: DType, v: bigint): bigint {
  const b = intBits(d);
  return isUnsigned(d) ? BigInt.asUintN(b, v) : BigInt.asIntN(b, v);
}

/** Integer division: truncates; x/0 is -1 (all ones unsigned); INT_MIN/-1 wraps to INT_MIN. */
export function intDiv(a: bigint, b: bigint): bigint {
  return b === 0n ? -1n : a / b;
}

/** Integer remainder with the dividend's sign; x%0 is x. */
export function intRem(a: bigint, b: bigint): bigint {
  return b === 0n ? a : a % b;
}

/** Integer power with wrapping; negative exponents give 0 except for bases 1 and -1. */
export function intPow(d: DType, a: bigint, b: bigint): bigint {
  if (b < 0n) {
    if (a === 1n) return 1n;
    if (a === -1n) return b % 2n === 0n ? 1n : -1n;
    return 0n;
  }
  let r = 1n;
  let base = wrap(d, a);
  let e = b;
  while (e > 0n) {
    if (e & 1n) r = wrap(d, r * base);
    base = wrap(d, base * base);
    e >>= 1n;
  }
  return r;
}

/** IEEE/C pow (JS's Math.pow differs for 1^NaN and (-1)^±inf, which C defines as 1). */
export function cPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return a ** b;
}

/** max/min that propagate NaN. */
export function fmaxNaN(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
export function fminNaN(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b);
}

/** Round half away from zero. */
export function roundAfz(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  const r = Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
  return r === 0 ? (Object.is(x, -0) || x < 0 ? -0 : 0) : r;
}

/** Round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff > 0.5) r = f + 1;
  else if (diff < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** Sign keeping ±0 and NaN. */
export function fsign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x;
}

/** Float to integer conversion: truncate, NaN to 0, saturate. */
export function floatToInt(d: DType, x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  const [lo, hi] = intRange(d);
  if (x === Number.POSITIVE_INFINITY) return hi;
  if (x === Number.NEGATIVE_INFINITY) return lo;
  const t = BigInt(Math.trunc(x));
  return t < lo ? lo : t > hi ? hi : t;
}

/** Transposes: result dim i is operand dim perm[i]. */
export function transposeRef(t: Tensor, perm: readonly number[]): Tensor {
  const dims = perm.map((p) => t.shape.dims[p]!);
  return generate(t.dtype, dims, (idx) => {
    const src = new Array<number>(t.rank);
    perm.forEach((p, i) => {
      src[p] = idx[i]!;
    });
    return t.get(...src);
  });
}

/** broadcast_in_dim: operand dim i maps to result dim bdims[i]. */
export function broadcastInDimRef(t: Tensor, dims: readonly number[], bdims: readonly number[]): Tensor {
  return generate(t.dtype, dims, (idx) =>
    t.get(...bdims.map((b, i) => (t.shape.dims[i] === 1 ? 0 : idx[b]!))),
  );
}

/** Strided slice. */
export function sliceRef(
  t: Tensor,
  start: readonly number[],
  limit: readonly number[],
  st: readonly number[],
): Tensor {
  const dims = start.map((s, i) => Math.ceil((limit[i]! - s) / st[i]!));
  return generate(t.dtype, dims, (idx) => t.get(...idx.map((v, i) => start[i]! + v * st[i]!)));
}

/** Concatenation along `axis`. */
export function concatRef(ts: readonly Tensor[], axis: number): Tensor {
  const dims = [...ts[0]!.shape.dims];
  dims[axis] = ts.reduce((a, t) => a + t.shape.dims[axis]!, 0);
  return generate(ts[0]!.dtype, dims, (idx) => {
    let k = idx[axis]!;
    for (const t of ts) {
      const n = t.shape.dims[axis]!;
      if (k < n) {
        const j = [...idx];
        j[axis] = k;
        return t.get(...j);
      }
      k -= n;
    }
    throw new Error("unreachable");
  });
}

/** Pad with edge (possibly negative) and interior padding. */
export function padRef(
  t: Tensor,
  value: Scalar,
  low: readonly number[],
  high: readonly number[],
  interior: readonly number[],
): Tensor {
  const dims = t.shape.dims.map((d, i) => low[i]! + high[i]! + d + Math.max(d - 1, 0) * interior[i]!);
  return generate(t.dtype, dims, (idx) => {
    const src: number[] = [];
    for (let i = 0; i < idx.length; i++) {
      const p = idx[i]! - low[i]!;
      const step = interior[i]! + 1;
      if (p < 0 || p % step !== 0 || p / step >= t.shape.dims[i]!) return value;
      src.push(p / step);
    }
    return t.get(...src);
  });
}

/** Reduction over axes with a binary function and init, in index order. */
export function reduceRef(t: Tensor, axes: readonly number[], init: Ref, f: (a: Ref, b: Ref) => Ref): Tensor {
  const keep = t.shape.dims.map((_, i) => i).filter((i) => !axes.includes(i));
  const outDims = keep.map((i) => t.shape.dims[i]!);
  const acc: Ref[] = new Array(size(outDims)).fill(init);
  const n = t.size;
  const vals = t.values();
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, t.shape.dims);
    const o = ravel(
      keep.map((k) => idx[k]!),
      outDims,
    );
    acc[o] = f(acc[o]!, asRef(t.dtype, vals[i]!));
  }
  return Tensor.fromValues(
    t.dtype,
    outDims,
    acc.map((v) => (typeof v === "bigint" ? wrap(t.dtype, v) : v)),
  );
}

/** dot_general over f64/bigint accumulators: result dims batch, lhs free, rhs free. */
export function dotRef(
  l: Tensor,
  r: Tensor,
  lb: readonly number[],
  rb: readonly number[],
  lc: readonly number[],
  rc: readonly number[],
): Tensor {
  const lfree = l.shape.dims.map((_, i) => i).filter((i) => !lb.includes(i) && !lc.includes(i));
  const rfree = r.shape.dims.map((_, i) => i).filter((i) => !rb.includes(i) && !rc.includes(i));
  const dims = [
    ...lb.map((i) => l.shape.dims[i]!),
    ...lfree.map((i) => l.shape.dims[i]!),
    ...rfree.map((i) => r.shape.dims[i]!),
  ];
  const cdims = lc.map((i) => l.shape.dims[i]!);
  const nc = size(cdims);
  const isInt = !isFloat(l.dtype);
  return generate(l.dtype, dims, (idx) => {
    const li = new Array<number>(l.rank);
    const ri = new Array<number>(r.rank);
    lb.forEach((d, k) => {
      li[d] = idx[k]!;
      ri[rb[k]!] = idx[k]!;
    });
    lfree.forEach((d, k) => {
      li[d] = idx[lb.length + k]!;
    });
    rfree.forEach((d, k) => {
      ri[d] = idx[lb.length + lfree.length + k]!;
    });
    let accI = 0n;
    let accF = 0;
    for (let c = 0; c < nc; c++) {
      const ci = unravel(c, cdims);
      lc.forEach((d, k) => {
        li[d] = ci[k]!;
        ri[rc[k]!] = ci[k]!;
      });
      const a = l.get(...li);
      const b = r.get(...ri);
      if (isInt) accI += BigInt(a as number) * BigInt(b as number);
      else accF += (a as number) * (b as number);
    }
    return isInt ? wrap(l.dtype, accI) : accF;
  });
}

/**
 * argmax/argmin along one axis: `[values, indices]`; ties take the smallest index and NaN
 * counts as the extreme (the first NaN wins).
 */
export function argRef(t: Tensor, axis: number, kind: "max" | "min", indexDType: DType): [Tensor, Tensor] {
  const dims = t.shape.dims;
  const outDims = dims.filter((_, i) => i !== axis);
  const vals: Ref[] = [];
  const idxs: Ref[] = [];
  for (let o = 0; o < size(outDims); o++) {
    const oi = unravel(o, outDims);
    let best: number | bigint | undefined;
    let at = 0;
    for (let k = 0; k < dims[axis]!; k++) {
      const idx = [...oi.slice(0, axis), k, ...oi.slice(axis)];
      const v = t.get(...idx) as number | bigint;
      const isNaN_ = typeof v === "number" && Number.isNaN(v);
      if (best === undefined) {
        best = v;
        at = k;
      } else if (typeof best === "number" && Number.isNaN(best)) {
        // the first NaN stays
      } else if (isNaN_ || (kind === "max" ? v > best : v < best)) {
        best = v;
        at = k;
      }
    }
    vals.push(best ?? 0);
    idxs.push(indexDType === "i64" ? BigInt(at) : at);
  }
  return [Tensor.fromValues(t.dtype, outDims, vals), Tensor.fromValues(indexDType, outDims, idxs)];
}
