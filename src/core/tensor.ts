/**
 * Host tensors: a dtype, an immutable shape and a row-major typed array.
 * f16 and bf16 elements are stored as raw 16-bit words; i64/u64 as bigints.
 */
import { inspect } from "node:util";
import { allocTyped, type DType, isDType, type TypedArray } from "./dtype.js";
import { readElement, readNumber, type Scalar, writeElement } from "./elements.js";
import { TsmlxError } from "./errors.js";
import { formatValues } from "./format.js";
import { JUPYTER_DISPLAY, type MimeBundle, tensorHtml } from "./mime.js";
import { type Shape, type ShapeLike, toShape } from "./shape.js";

/** Dtypes whose typed array stores a JS number exactly as {@link writeElement} would. */
const STORES_NUMBERS: ReadonlySet<DType> = new Set(["f32", "f64", "i8", "i16", "i32", "u8", "u32"]);

/** Nested JS arrays of scalars, as accepted by {@link tensor}. */
export type NestedValues = Scalar | readonly NestedValues[];

/** The nested-array form of a tensor's values (a scalar for rank 0). */
export type NestedArray = Scalar | NestedArray[];

function typedArrayDType(data: TypedArray): DType[] {
  if (data instanceof Float32Array) return ["f32"];
  if (data instanceof Float64Array) return ["f64"];
  if (data instanceof Int32Array) return ["i32"];
  if (data instanceof Int16Array) return ["i16"];
  if (data instanceof Int8Array) return ["i8"];
  if (data instanceof BigInt64Array) return ["i64"];
  if (data instanceof BigUint64Array) return ["u64"];
  if (data instanceof Uint32Array) return ["u32"];
  if (data instanceof Uint16Array) return ["f16", "bf16"];
  if (data instanceof Uint8Array) return ["u8", "bool"];
  return [];
}

/**
 * A host tensor.
 *
 * `const t = tensor([[1, 2], [3, 4]]); t.get(1, 0) === 3`
 */
export class Tensor {
  /** Element type. */
  readonly dtype: DType;
  /** Dims of the tensor. */
  readonly shape: Shape;
  /** Row-major elements (16-bit words for f16/bf16). */
  readonly data: TypedArray;

  /** Wraps `data` (not copied); checks that its type and length fit `dtype` and `shape`. */
  constructor(dtype: DType, shape: ShapeLike, data: TypedArray) {
    if (!isDType(dtype)) throw new TsmlxError("tensor", `unknown dtype ${String(dtype)}`);
    const s = toShape(shape);
    if (!typedArrayDType(data).includes(dtype)) {
      throw new TsmlxError("tensor", `a ${data.constructor.name} cannot hold ${dtype} elements`);
    }
    if (data.length !== s.size) {
      throw new TsmlxError("tensor", `${dtype}${s} needs ${s.size} elements, got ${data.length}`);
    }
    this.dtype = dtype;
    this.shape = s;
    this.data = data;
  }

  /** Wraps a typed array without copying. `Tensor.fromTypedArray("f32", [2], new Float32Array([1, 2]))` */
  static fromTypedArray(dtype: DType, shape: ShapeLike, data: TypedArray): Tensor {
    return new Tensor(dtype, shape, data);
  }

  /** A tensor of zeros (false for bool). `Tensor.zeros("i32", [2, 3])` */
  static zeros(dtype: DType, shape: ShapeLike): Tensor {
    const s = toShape(shape);
    return new Tensor(dtype, s, allocTyped(dtype, s.size));
  }

  /** A tensor from a flat list of values in row-major order. `Tensor.fromValues("i32", [2], [1, 2])` */
  static fromValues(dtype: DType, shape: ShapeLike, values: readonly Scalar[]): Tensor {
    const s = toShape(shape);
    if (values.length !== s.size) {
      throw new TsmlxError("tensor", `${dtype}${s} needs ${s.size} values, got ${values.length}`);
    }
    const data = allocTyped(dtype, s.size);
    if (STORES_NUMBERS.has(dtype)) {
      // The typed array's own store rounds (f32) or wraps (integers) numbers as storedValue does.
      const out = data as unknown as number[];
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (typeof v === "number") out[i] = v;
        else writeElement(dtype, data, i, v);
      }
    } else {
      for (let i = 0; i < values.length; i++) writeElement(dtype, data, i, values[i]!);
    }
    return new Tensor(dtype, s, data);
  }

  /** Number of dims. */
  get rank(): number {
    return this.shape.rank;
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.size;
  }

  /** One element by its indices (negative indices count from the end). `tensor([1, 2]).get(-1) === 2` */
  get(...idx: number[]): Scalar {
    const dims = this.shape.dims;
    if (idx.length !== dims.length) {
      throw new TsmlxError(
        "get",
        `${this.dtype}${this.shape} needs ${dims.length} indices, got ${idx.length}`,
      );
    }
    let off = 0;
    for (let a = 0; a < dims.length; a++) {
      let i = idx[a]!;
      if (i < 0) i += dims[a]!;
      if (!Number.isInteger(i) || i < 0 || i >= dims[a]!) {
        throw new TsmlxError(
          "get",
          `index ${idx[a]} out of range for axis ${a} of ${this.dtype}${this.shape}`,
        );
      }
      off = off * dims[a]! + i;
    }
    return readElement(this.dtype, this.data, off);
  }

  /** All elements in row-major order as JS values. `tensor([[1], [2]]).values()` is `[1, 2]` */
  values(): Scalar[] {
    const out = new Array<Scalar>(this.size);
    for (let i = 0; i < out.length; i++) out[i] = readElement(this.dtype, this.data, i);
    return out;
  }

  /** The values as nested JS arrays (a scalar for rank 0). `tensor([[1, 2]]).toArray()` is `[[1, 2]]` */
  toArray(): NestedArray {
    const dims = this.shape.dims;
    let pos = 0;
    const build = (axis: number): NestedArray => {
      if (axis === dims.length) return readElement(this.dtype, this.data, pos++);
      return Array.from({ length: dims[axis]! }, () => build(axis + 1));
    };
    return build(0);
  }

  /** The values converted to float64, row-major. `tensor([1n, 2n]).toFloat64Array()` */
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = readNumber(this.dtype, this.data, i);
    return out;
  }

  /** Numpy-like text: `f32[2] [1., 2.]`, with a line per row for rank ≥ 2. */
  toString(): string {
    const body = formatValues(this.dtype, this.shape.dims, this.data);
    return `${this.dtype}${this.shape}${this.rank >= 2 ? "\n" : " "}${body}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Notebook display: the numpy-like text and an HTML table (summarized when large). */
  [JUPYTER_DISPLAY](): MimeBundle {
    const text = this.toString();
    return { "text/plain": text, "text/html": tensorHtml(this.dtype, this.shape.dims, this.data, text) };
  }
}

function inferShape(v: NestedValues, dims: number[]): void {
  let cur: NestedValues = v;
  while (Array.isArray(cur)) {
    dims.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
}

function flatten(v: NestedValues, dims: readonly number[], axis: number, out: Scalar[]): void {
  if (axis === dims.length) {
    if (Array.isArray(v))
      throw new TsmlxError("tensor", `ragged nested array: expected a scalar at depth ${axis}`);
    const t = typeof v;
    if (t !== "number" && t !== "bigint" && t !== "boolean") {
      throw new TsmlxError("tensor", `elements must be numbers, bigints or booleans, got ${t}`);
    }
    out.push(v as Scalar);
    return;
  }
  if (!Array.isArray(v) || v.length !== dims[axis]) {
    throw new TsmlxError(
      "tensor",
      `ragged nested array: expected length ${dims[axis]} at depth ${axis}, got ${Array.isArray(v) ? v.length : "a scalar"}`,
    );
  }
  for (const e of v) flatten(e, dims, axis + 1, out);
}

function inferDType(values: readonly Scalar[]): DType {
  if (values.length === 0) return "f32";
  if (values.some((v) => typeof v === "bigint")) {
    if (values.some((v) => typeof v === "number" && !Number.isInteger(v))) {
      throw new TsmlxError("tensor", "cannot mix bigints with non-integer numbers; pass a dtype");
    }
    return "i64";
  }
  if (values.every((v) => typeof v === "boolean")) return "bool";
  return "f32";
}

/**
 * Builds a host tensor from a number, bigint, boolean, nested arrays of them, or a typed array.
 * Without a dtype: bigints give i64, booleans give bool, numbers give f32. With a dtype, values
 * are converted (integers wrap, floats round to nearest even).
 *
 * `tensor([[1, 2], [3, 4]], "i32").shape.toString() === "[2,2]"`
 */
export function tensor(values: NestedValues | TypedArray | Tensor, dtype?: DType): Tensor {
  if (values instanceof Tensor) {
    if (dtype === undefined || dtype === values.dtype) return values;
    return Tensor.fromValues(dtype, values.shape, values.values());
  }
  if (ArrayBuffer.isView(values)) {
    const arr = values as TypedArray;
    const own = typedArrayDType(arr);
    const d = dtype ?? own[0];
    if (d === undefined) throw new TsmlxError("tensor", `unsupported typed array ${arr.constructor.name}`);
    if (own.includes(d)) return new Tensor(d, [arr.length], arr.slice() as TypedArray);
    return Tensor.fromValues(d, [arr.length], Array.from(arr as ArrayLike<Scalar>));
  }
  const dims: number[] = [];
  inferShape(values as NestedValues, dims);
  const flat: Scalar[] = [];
  flatten(values as NestedValues, dims, 0, flat);
  const d = dtype ?? inferDType(flat);
  if (!isDType(d)) throw new TsmlxError("tensor", `unknown dtype ${String(d)}`);
  return Tensor.fromValues(d, dims, flat);
}
