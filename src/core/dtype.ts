/**
 * Element types. Each dtype knows its StableHLO spelling, its PJRT_Buffer_Type code,
 * its size in bytes and the typed array that holds it on the host.
 *
 * f16 and bf16 are stored on the host as raw 16-bit words (Uint16Array); use
 * `f32ToBf16`/`bf16ToF32` and `f32ToF16`/`f16ToF32` to convert.
 */

/** The dtypes tsmlx knows. */
export type DType =
  | "bool"
  | "i8"
  | "i16"
  | "i32"
  | "i64"
  | "u8"
  | "u32"
  | "u64"
  | "f16"
  | "bf16"
  | "f32"
  | "f64";

/** Every dtype, in a stable order. */
export const DTYPES: readonly DType[] = [
  "bool",
  "i8",
  "i16",
  "i32",
  "i64",
  "u8",
  "u32",
  "u64",
  "f16",
  "bf16",
  "f32",
  "f64",
];

/** Typed arrays used to hold each dtype on the host. */
export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

interface DTypeInfo {
  /** StableHLO / MLIR element type name, e.g. `f32`, `i1`, `ui8`. */
  readonly mlir: string;
  /** PJRT_Buffer_Type code. */
  readonly pjrt: number;
  /** Bytes per element. */
  readonly bytes: number;
  readonly kind: "bool" | "int" | "uint" | "float";
  /** Whether elements are bigints on the host (64-bit integers). */
  readonly big: boolean;
}

const INFO: Record<DType, DTypeInfo> = {
  bool: { mlir: "i1", pjrt: 1, bytes: 1, kind: "bool", big: false },
  i8: { mlir: "i8", pjrt: 2, bytes: 1, kind: "int", big: false },
  i16: { mlir: "i16", pjrt: 3, bytes: 2, kind: "int", big: false },
  i32: { mlir: "i32", pjrt: 4, bytes: 4, kind: "int", big: false },
  i64: { mlir: "i64", pjrt: 5, bytes: 8, kind: "int", big: true },
  u8: { mlir: "ui8", pjrt: 6, bytes: 1, kind: "uint", big: false },
  u32: { mlir: "ui32", pjrt: 8, bytes: 4, kind: "uint", big: false },
  u64: { mlir: "ui64", pjrt: 9, bytes: 8, kind: "uint", big: true },
  f16: { mlir: "f16", pjrt: 10, bytes: 2, kind: "float", big: false },
  f32: { mlir: "f32", pjrt: 11, bytes: 4, kind: "float", big: false },
  f64: { mlir: "f64", pjrt: 12, bytes: 8, kind: "float", big: false },
  bf16: { mlir: "bf16", pjrt: 13, bytes: 2, kind: "float", big: false },
};

/** True if `x` names a dtype. `isDType("f32") === true` */
export function isDType(x: unknown): x is DType {
  return typeof x === "string" && Object.hasOwn(INFO, x);
}

/** StableHLO element type name. `mlirElementType("u8") === "ui8"` */
export function mlirElementType(d: DType): string {
  return INFO[d].mlir;
}

/** PJRT_Buffer_Type code of a dtype. `pjrtBufferType("f32") === 11` */
export function pjrtBufferType(d: DType): number {
  return INFO[d].pjrt;
}

/** The dtype for a PJRT_Buffer_Type code, or undefined. `dtypeFromPjrt(11) === "f32"` */
export function dtypeFromPjrt(code: number): DType | undefined {
  return DTYPES.find((d) => INFO[d].pjrt === code);
}

/** Bytes per element. `byteSize("bf16") === 2` */
export function byteSize(d: DType): number {
  return INFO[d].bytes;
}

/** True for f16, bf16, f32, f64. `isFloat("f32") === true` */
export function isFloat(d: DType): boolean {
  return INFO[d].kind === "float";
}

/** True for signed and unsigned integers (not bool). `isInteger("u8") === true` */
export function isInteger(d: DType): boolean {
  return INFO[d].kind === "int" || INFO[d].kind === "uint";
}

/** True for unsigned integers. `isUnsigned("u32") === true` */
export function isUnsigned(d: DType): boolean {
  return INFO[d].kind === "uint";
}

/** True where host elements are bigints (i64, u64). `isBigInt("i64") === true` */
export function isBigInt(d: DType): boolean {
  return INFO[d].big;
}

/** Allocates a zeroed typed array for `n` elements of `d`. `allocTyped("f32", 3)` */
export function allocTyped(d: DType, n: number): TypedArray {
  switch (d) {
    case "bool":
    case "u8":
      return new Uint8Array(n);
    case "i8":
      return new Int8Array(n);
    case "i16":
      return new Int16Array(n);
    case "i32":
      return new Int32Array(n);
    case "i64":
      return new BigInt64Array(n);
    case "u32":
      return new Uint32Array(n);
    case "u64":
      return new BigUint64Array(n);
    case "f16":
    case "bf16":
      return new Uint16Array(n);
    case "f32":
      return new Float32Array(n);
    case "f64":
      return new Float64Array(n);
  }
}

/** Views `bytes` as the typed array of `d` (no copy; `bytes` must be aligned). */
export function viewTyped(d: DType, buffer: ArrayBufferLike, byteOffset = 0, length?: number): TypedArray {
  const n = length ?? (buffer.byteLength - byteOffset) / INFO[d].bytes;
  switch (d) {
    case "bool":
    case "u8":
      return new Uint8Array(buffer, byteOffset, n);
    case "i8":
      return new Int8Array(buffer, byteOffset, n);
    case "i16":
      return new Int16Array(buffer, byteOffset, n);
    case "i32":
      return new Int32Array(buffer, byteOffset, n);
    case "i64":
      return new BigInt64Array(buffer, byteOffset, n);
    case "u32":
      return new Uint32Array(buffer, byteOffset, n);
    case "u64":
      return new BigUint64Array(buffer, byteOffset, n);
    case "f16":
    case "bf16":
      return new Uint16Array(buffer, byteOffset, n);
    case "f32":
      return new Float32Array(buffer, byteOffset, n);
    case "f64":
      return new Float64Array(buffer, byteOffset, n);
  }
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

/** Rounds an f32 value to bf16 (round to nearest even) and returns its 16-bit word. `f32ToBf16(1) === 0x3f80` */
export function f32ToBf16(x: number): number {
  f32buf[0] = x;
  const bits = u32buf[0]!;
  if (Number.isNaN(x)) return ((bits >>> 16) | 0x40) & 0xffff;
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

/** The f32 value of a bf16 word. `bf16ToF32(0x3f80) === 1` */
export function bf16ToF32(w: number): number {
  u32buf[0] = (w & 0xffff) << 16;
  return f32buf[0]!;
}

/**
 * Rounds a number to IEEE half precision (round to nearest even) and returns its 16-bit word.
 * `f32ToF16(1) === 0x3c00`
 */
export function f32ToF16(x: number): number {
  f32buf[0] = x;
  const bits = u32buf[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/** The number value of an IEEE half word. `f16ToF32(0x3c00) === 1` */
export function f16ToF32(w: number): number {
  const sign = w & 0x8000 ? -1 : 1;
  const exp = (w >>> 10) & 0x1f;
  const mant = w & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
