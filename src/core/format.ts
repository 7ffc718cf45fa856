/**
 * Text formatting of host tensors, in a numpy-like style:
 *
 * ```
 * f32[2,2]
 * [[1. , 2.5],
 *  [3. , 4. ]]
 * ```
 * Large tensors are summarized: an axis longer than 6 shows its first and last 3 entries
 * around `...` once the tensor holds more than 1000 elements.
 */
import { bf16ToF32, type DType, f16ToF32, f32ToBf16, f32ToF16, isFloat, type TypedArray } from "./dtype.js";
import { readElement, type Scalar } from "./elements.js";

/** Tensors with more elements than this are summarized with `...`. */
export const SUMMARIZE_THRESHOLD = 1000;
/** Entries shown at each end of a summarized axis. */
export const EDGE_ITEMS = 3;

function roundTrips(dtype: DType, s: string, v: number): boolean {
  const x = Number(s);
  switch (dtype) {
    case "f64":
      return x === v;
    case "f32":
      return Math.fround(x) === v;
    case "f16":
      return f16ToF32(f32ToF16(x)) === v;
    case "bf16":
      return bf16ToF32(f32ToBf16(x)) === v;
    default:
      return x === v;
  }
}

/**
 * The shortest decimal that reads back as `v` in `dtype` (v must be a value of that dtype).
 * `shortestDecimal("f32", Math.fround(0.1)) === "0.1"`
 */
export function shortestDecimal(dtype: DType, v: number): string {
  if (!Number.isFinite(v) || dtype === "f64") return String(v);
  for (let p = 1; p <= 17; p++) {
    const s = Number(v.toPrecision(p)).toString();
    if (roundTrips(dtype, s, v)) return s;
  }
  return String(v);
}

/** Formats one element for display: `1.`, `0.5`, `nan`, `-inf`, `42`, `true`. */
export function formatElement(dtype: DType, v: Scalar): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (!isFloat(dtype)) return String(v);
  if (Number.isNaN(v)) return "nan";
  if (v === Number.POSITIVE_INFINITY) return "inf";
  if (v === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(v, -0)) return "-0.";
  let s = shortestDecimal(dtype, v);
  if (/^-?\d+$/.test(s)) s += ".";
  return s;
}

type Nested = string | Nested[];

/** Indices shown along an axis of length n (`-1` marks the `...` gap). */
export function shownIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

function collect(
  dtype: DType,
  dims: readonly number[],
  data: TypedArray,
  summarize: boolean,
  axis: number,
  offset: number,
  strides: readonly number[],
  cells: string[],
): Nested {
  if (axis === dims.length) {
    const s = formatElement(dtype, readElement(dtype, data, offset));
    cells.push(s);
    return s;
  }
  return shownIndices(dims[axis]!, summarize).map((i) =>
    i < 0
      ? "..."
      : collect(dtype, dims, data, summarize, axis + 1, offset + i * strides[axis]!, strides, cells),
  );
}

function render(x: Nested, width: number, depth: number, rank: number, indent: number): string {
  if (typeof x === "string") return x === "..." ? "..." : x.padStart(width);
  if (depth === rank - 1)
    return `[${x.map((e) => render(e, width, depth + 1, rank, indent + 1)).join(", ")}]`;
  const sep = `,${"\n".repeat(rank - 1 - depth)}${" ".repeat(indent + 1)}`;
  return `[${x.map((e) => render(e, width, depth + 1, rank, indent + 1)).join(sep)}]`;
}

/**
 * The body text of a tensor's values (no dtype header).
 * `formatValues("f32", [2], new Float32Array([1, 2])) === "[1., 2.]"`
 */
export function formatValues(dtype: DType, dims: readonly number[], data: TypedArray): string {
  let size = 1;
  for (const d of dims) size *= d;
  const summarize = size > SUMMARIZE_THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= dims[i]!;
  }
  if (size === 0) return render(emptyNest(dims, 0), 0, 0, dims.length, 0);
  const cells: string[] = [];
  const nested = collect(dtype, dims, data, summarize, 0, 0, strides, cells);
  const width = Math.max(0, ...cells.map((c) => c.length));
  return render(nested, width, 0, dims.length, 0);
}

function emptyNest(dims: readonly number[], axis: number): Nested {
  if (axis === dims.length) return "";
  const n = dims[axis]!;
  if (n === 0) return [];
  return Array.from({ length: n }, () => emptyNest(dims, axis + 1));
}
