/**
 * Immutable tensor shapes. A shape is a list of non-negative integer dims; rank 0 is a scalar.
 */
import { inspect } from "node:util";
import { TsmlxError } from "./errors.js";
import { codeBundle, JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";

/** Something that names a shape: a {@link Shape} or a plain list of dims. */
export type ShapeLike = Shape | readonly number[];

/**
 * An immutable shape.
 *
 * `new Shape([2, 3]).size === 6`
 */
export class Shape {
  /** The dims, outermost first (frozen). */
  readonly dims: readonly number[];

  constructor(dims: readonly number[]) {
    for (const d of dims) {
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new TsmlxError("shape", `dims must be non-negative integers, got [${dims.join(",")}]`);
      }
    }
    this.dims = Object.freeze([...dims]);
  }

  /** A shape from dims given as arguments. `Shape.of(2, 3).toString() === "[2,3]"` */
  static of(...dims: number[]): Shape {
    return new Shape(dims);
  }

  /** The scalar shape `[]`. `Shape.scalar().rank === 0` */
  static scalar(): Shape {
    return SCALAR;
  }

  /** Number of dims. `Shape.of(2, 3).rank === 2` */
  get rank(): number {
    return this.dims.length;
  }

  /** Number of elements (1 for a scalar). `Shape.of(2, 0).size === 0` */
  get size(): number {
    let n = 1;
    for (const d of this.dims) n *= d;
    return n;
  }

  /** The dim at `axis`; negative axes count from the end. `Shape.of(2, 3).dim(-1) === 3` */
  dim(axis: number): number {
    const a = axis < 0 ? axis + this.rank : axis;
    if (!Number.isInteger(a) || a < 0 || a >= this.rank) {
      throw new TsmlxError("shape", `axis ${axis} out of range for rank ${this.rank} shape ${this}`);
    }
    return this.dims[a]!;
  }

  /** True when both have the same dims. `Shape.of(2).equals([2]) === true` */
  equals(other: ShapeLike): boolean {
    const o = other instanceof Shape ? other.dims : other;
    return o.length === this.dims.length && o.every((d, i) => d === this.dims[i]);
  }

  /** Row-major strides in elements. `Shape.of(2, 3).strides()` is `[3, 1]` */
  strides(): number[] {
    const s = new Array<number>(this.rank);
    let acc = 1;
    for (let i = this.rank - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= this.dims[i]!;
    }
    return s;
  }

  /** `[2,3]`, `[]` for a scalar. */
  toString(): string {
    return `[${this.dims.join(",")}]`;
  }

  [inspect.custom](): string {
    return `Shape ${this.toString()}`;
  }

  /** Notebook display: `[2,3]`. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return codeBundle(this.toString());
  }
}

const SCALAR = new Shape([]);

/** Converts a {@link ShapeLike} to a {@link Shape}. `toShape([2, 3]).rank === 2` */
export function toShape(s: ShapeLike): Shape {
  return s instanceof Shape ? s : new Shape(s);
}
