/**
 * Reading and writing single elements of host typed arrays in a dtype's own terms:
 * f16/bf16 words become numbers, i64/u64 are bigints, bool is `true`/`false`.
 */
import { bf16ToF32, type DType, f16ToF32, f32ToBf16, f32ToF16, isBigInt, type TypedArray } from "./dtype.js";

/** A single host element: number for most dtypes, bigint for i64/u64, boolean for bool. */
export type Scalar = number | bigint | boolean;

/** Reads element `i` of `data` holding `dtype`. `readElement("bf16", new Uint16Array([0x3f80]), 0) === 1` */
export function readElement(dtype: DType, data: TypedArray, i: number): Scalar {
  const v = data[i]!;
  switch (dtype) {
    case "bool":
      return v !== 0;
    case "f16":
      return f16ToF32(v as number);
    case "bf16":
      return bf16ToF32(v as number);
    default:
      return v;
  }
}

/** Reads element `i` as a float64 number (bigints and booleans converted). */
export function readNumber(dtype: DType, data: TypedArray, i: number): number {
  const v = readElement(dtype, data, i);
  return typeof v === "number" ? v : Number(v);
}

const BITS: Partial<Record<DType, number>> = { i8: 8, i16: 16, i32: 32, i64: 64, u8: 8, u32: 32, u64: 64 };

/**
 * Converts a JS value to the stored form of `dtype`: integers wrap modulo 2^bits (numbers are
 * truncated first; NaN becomes 0), floats round to nearest even, bool is 1 for any non-zero value.
 * `storedValue("u8", 257) === 1`
 */
export function storedValue(dtype: DType, v: Scalar): number | bigint {
  if (dtype === "bool") return v === true || (typeof v !== "boolean" && v !== 0 && v !== 0n) ? 1 : 0;
  if (typeof v === "boolean") v = v ? 1 : 0;
  if (isBigInt(dtype)) {
    let b: bigint;
    if (typeof v === "bigint") b = v;
    else if (Number.isFinite(v)) b = BigInt(Math.trunc(v));
    else b = 0n;
    return dtype === "u64" ? BigInt.asUintN(64, b) : BigInt.asIntN(64, b);
  }
  const bits = BITS[dtype];
  if (bits !== undefined) {
    if (typeof v === "bigint") {
      const w = dtype.startsWith("u") ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
      return Number(w);
    }
    return v; // the typed array store wraps (ToInt32/ToUint8...), NaN -> 0
  }
  const n = Number(v);
  switch (dtype) {
    case "f16":
      return f32ToF16(toF32RoundToOdd(n));
    case "bf16":
      return f32ToBf16(toF32RoundToOdd(n));
    default:
      return n;
  }
}

/** Writes `v` into element `i` of `data` holding `dtype`, converting as {@link storedValue} does. */
export function writeElement(dtype: DType, data: TypedArray, i: number, v: Scalar): void {
  (data as unknown as (number | bigint)[])[i] = storedValue(dtype, v);
}

const oddF32 = new Float32Array(1);
const oddU32 = new Uint32Array(oddF32.buffer);

/**
 * Rounds a float64 to float32 with round-to-odd: an inexact result gets an odd last bit. A
 * following round-to-nearest-even to a narrower format (f16, bf16) then rounds exactly as a
 * direct float64 rounding would, with no double-rounding error.
 * `f32ToF16(toF32RoundToOdd(x))` is the f16 nearest to `x`.
 */
export function toF32RoundToOdd(x: number): number {
  oddF32[0] = x;
  const r = oddF32[0]!;
  if (r === x || !Number.isFinite(r) || Number.isNaN(x)) return r;
  if ((oddU32[0]! & 1) === 0) {
    // Step one ulp toward x: magnitude up when |r| < |x|, down otherwise.
    if (Math.abs(r) < Math.abs(x)) oddU32[0]! += 1;
    else oddU32[0]! -= 1;
    // Zero rounded from a tiny x steps to the smallest subnormal of x's sign.
    if (r === 0 && x < 0) oddU32[0] = 0x80000001;
  }
  return oddF32[0]!;
}
