/**
 * Datasets: lazy, re-iterable pipelines of examples or batches. A dataset built from
 * in-memory tensors (`fromTensors`) shuffles with a seed, batches by gathering rows into
 * fresh tensors, repeats and maps; iteration is synchronous and deterministic, so the same
 * pipeline gives the same batches every time it is iterated. `prefetch` (./prefetch.ts)
 * turns any dataset into an async iterator that prepares batches ahead of the consumer.
 */
import { allocTyped, type TypedArray } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";

/** Named tensors: one example (rows of the source arrays) or one batch of them. */
export type Example = Record<string, Tensor>;

/** Options of {@link Dataset.batch}. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default true: every batch has the same shape, so one compiled step serves all). */
  dropRemainder?: boolean;
}

/**
 * A lazy, re-iterable sequence. Each iteration starts over; `epoch` counts the iterations of
 * the source, so a shuffled source reshuffles per pass of `repeat`.
 *
 * `for (const b of fromTensors({ x, y }).shuffle(1).batch(32)) console.log(b.x.shape)`
 */
export class Dataset<T> implements Iterable<T> {
  readonly #make: (epoch: number) => Iterator<T>;
  /** Number of items when known without iterating (undefined for infinite or filtered pipelines). */
  readonly length: number | undefined;

  /** Wraps a factory of iterators; `epoch` is the pass number given by {@link Dataset.repeat}. */
  constructor(make: (epoch: number) => Iterator<T>, length?: number) {
    this.#make = make;
    this.length = length;
  }

  /** A dataset over a fixed list. `Dataset.fromArray([1, 2, 3]).map((v) => v * 2)` */
  static fromArray<T>(items: readonly T[]): Dataset<T> {
    return new Dataset(() => items[Symbol.iterator](), items.length);
  }

  /** The items of pass `epoch` (0-based). `ds.iterate(1).next()` */
  iterate(epoch = 0): Iterator<T> {
    return this.#make(epoch);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#make(0);
  }

  /** Applies `fn` to every item, lazily. `ds.map((b) => ({ ...b, x: scale(b.x) }))` */
  map<U>(fn: (item: T, index: number) => U): Dataset<U> {
    return new Dataset<U>((epoch) => {
      const it = this.#make(epoch);
      let i = 0;
      return {
        next: () => {
          const r = it.next();
          return r.done ? { done: true, value: undefined } : { done: false, value: fn(r.value, i++) };
        },
      };
    }, this.length);
  }

  /**
   * Repeats the dataset `times` passes (default: forever); pass k iterates the source with
   * epoch k, so a shuffled source gets a new (seeded) order each pass. `ds.repeat(3)`
   */
  repeat(times = Number.POSITIVE_INFINITY): Dataset<T> {
    if (!(times >= 0)) throw new TsmlxError("Dataset.repeat", `times must be ≥ 0, got ${times}`);
    const len = this.length === undefined || !Number.isFinite(times) ? undefined : this.length * times;
    return new Dataset<T>(() => {
      let pass = 0;
      let it: Iterator<T> | undefined;
      let emptyPasses = 0;
      return {
        next: () => {
          while (pass < times) {
            it ??= this.#make(pass);
            const r = it.next();
            if (!r.done) {
              emptyPasses = 0;
              return r;
            }
            it = undefined;
            pass++;
            // A source that yields nothing would spin forever when repeated without end.
            if (++emptyPasses > 1) break;
          }
          return { done: true, value: undefined };
        },
      };
    }, len);
  }

  /** The first `n` items. `ds.take(10)` */
  take(n: number): Dataset<T> {
    return new Dataset<T>(
      (epoch) => {
        const it = this.#make(epoch);
        let i = 0;
        return {
          next: () => (i++ < n ? it.next() : { done: true, value: undefined }),
        };
      },
      this.length === undefined ? undefined : Math.min(n, this.length),
    );
  }

  /** Skips the first `n` items (e.g. to resume a run at a step). `ds.skip(100)` */
  skip(n: number): Dataset<T> {
    return new Dataset<T>(
      (epoch) => {
        const it = this.#make(epoch);
        for (let i = 0; i < n; i++) if (it.next().done) break;
        return it;
      },
      this.length === undefined ? undefined : Math.max(0, this.length - n),
    );
  }
}

/** splitmix32-style generator: a small, fast, seedable PRNG (not for cryptography). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/**
 * A permutation of 0..n-1 drawn from `seed` (Fisher–Yates). `permutation(5, 42)`
 */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

function rowOrder(size: number, seed: number | undefined, epoch: number): Uint32Array {
  if (seed === undefined) return Uint32Array.from({ length: size }, (_, i) => i);
  return permutation(size, (Math.imul(seed, 0x9e3779b1) + Math.imul(epoch, 0x632be5ab)) >>> 0);
}

/**
 * Copies rows `rows` (indices along axis 0) of a host tensor into a new tensor [rows.length, ...],
 * on the host (the graph op is `take`). `copyRows(train.images, [0, 5, 9])`
 */
export function copyRows(t: Tensor, rows: ArrayLike<number>): Tensor {
  const dims = t.shape.dims;
  const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const out = allocTyped(t.dtype, rows.length * rowSize);
  const src = t.data as TypedArray & { subarray(a: number, b: number): TypedArray };
  const dst = out as TypedArray & { set(a: ArrayLike<unknown>, o: number): void };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    dst.set(src.subarray(r * rowSize, (r + 1) * rowSize) as never, i * rowSize);
  }
  return Tensor.fromTypedArray(t.dtype, [rows.length, ...dims.slice(1)], out);
}

/**
 * The former name of {@link copyRows}, kept for notebooks saved with it (`tsmlx lab` keeps the
 * copies it made). `gatherRows(images, rows)` is `copyRows(images, rows)`
 * @deprecated Use `copyRows`: `gatherRows` reads like the graph op `gather`, and this runs on the host.
 */
export const gatherRows = copyRows;

/**
 * Examples held in memory as arrays of tensors by name, all with the same number of rows
 * (axis 0). Shuffling permutes row indices (no copies); batching gathers rows.
 *
 * `const ds = fromTensors({ images, labels }).shuffle(7).batch(64); for (const b of ds) ...`
 */
export class TensorDataset extends Dataset<Example> {
  readonly arrays: Readonly<Example>;
  /** Number of examples. */
  readonly size: number;
  readonly #seed: number | undefined;

  /** See {@link fromTensors}. */
  constructor(arrays: Example, seed?: number) {
    const names = Object.keys(arrays);
    if (names.length === 0) throw new TsmlxError("fromTensors", "needs at least one named tensor");
    const first = arrays[names[0]!]!;
    for (const n of names) {
      const t = arrays[n]!;
      if (!(t instanceof Tensor)) throw new TsmlxError("fromTensors", `"${n}" is not a Tensor`);
      if (t.rank === 0) throw new TsmlxError("fromTensors", `"${n}" is a scalar; examples run along axis 0`);
      if (t.shape.dims[0] !== first.shape.dims[0]) {
        throw new TsmlxError(
          "fromTensors",
          `"${n}" has ${t.shape.dims[0]} rows but "${names[0]}" has ${first.shape.dims[0]}`,
        );
      }
    }
    const size = first.shape.dims[0]!;
    super((epoch) => {
      const order = rowOrder(size, seed, epoch);
      let i = 0;
      return {
        next: () => {
          if (i >= size) return { done: true, value: undefined };
          const row = [order[i++]!];
          const ex: Example = {};
          for (const n of names) {
            const g = copyRows(arrays[n]!, row);
            ex[n] = Tensor.fromTypedArray(g.dtype, g.shape.dims.slice(1), g.data);
          }
          return { done: false, value: ex };
        },
      };
    }, size);
    this.arrays = arrays;
    this.size = size;
    this.#seed = seed;
  }

  /** Row order of pass `epoch`: identity, or a permutation drawn from (seed, epoch). */
  order(epoch: number): Uint32Array {
    return rowOrder(this.size, this.#seed, epoch);
  }

  /** The same examples in a seeded random order, drawn anew for each pass. `ds.shuffle(42)` */
  shuffle(seed: number): TensorDataset {
    return new TensorDataset(this.arrays as Example, seed);
  }

  /**
   * Batches of `size` examples, each tensor stacked along a new axis 0.
   * `fromTensors({ x }).batch(32, { dropRemainder: false })`
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Example> {
    if (!Number.isInteger(size) || size < 1) {
      throw new TsmlxError("Dataset.batch", `size must be a positive integer, got ${size}`);
    }
    const drop = options.dropRemainder ?? true;
    const n = drop ? Math.floor(this.size / size) : Math.ceil(this.size / size);
    const names = Object.keys(this.arrays);
    return new Dataset<Example>((epoch) => {
      const order = this.order(epoch);
      let b = 0;
      return {
        next: () => {
          if (b >= n) return { done: true, value: undefined };
          const rows = order.subarray(b * size, Math.min(this.size, (b + 1) * size));
          b++;
          const out: Example = {};
          for (const name of names) out[name] = copyRows(this.arrays[name]!, rows);
          return { done: false, value: out };
        },
      };
    }, n);
  }
}

/**
 * An in-memory dataset of named tensors whose axis 0 runs over examples.
 * `fromTensors({ images: f32[60000,28,28,1], labels: i32[60000] })`
 */
export function fromTensors(arrays: Example): TensorDataset {
  return new TensorDataset(arrays);
}

/**
 * Stacks examples (same names, dtypes and shapes) into one batch along a new axis 0.
 * `stackExamples([{ x: a }, { x: b }]).x.shape.dims[0] === 2`
 */
export function stackExamples(examples: readonly Example[]): Example {
  if (examples.length === 0) throw new TsmlxError("stack", "needs at least one example");
  const out: Example = {};
  for (const name of Object.keys(examples[0]!)) {
    const first = examples[0]![name]!;
    const size = first.size;
    const data = allocTyped(first.dtype, size * examples.length) as TypedArray & {
      set(a: ArrayLike<unknown>, o: number): void;
    };
    examples.forEach((ex, i) => {
      const t = ex[name];
      if (!t || t.dtype !== first.dtype || !t.shape.equals(first.shape)) {
        throw new TsmlxError(
          "stack",
          `example ${i} has ${t ? `${t.dtype}${t.shape}` : "nothing"} for "${name}", expected ${first.dtype}${first.shape}`,
        );
      }
      data.set(t.data as never, i * size);
    });
    out[name] = Tensor.fromTypedArray(first.dtype, [examples.length, ...first.shape.dims], data);
  }
  return out;
}

/**
 * Groups any dataset of examples into batches (stacking them); for in-memory data prefer
 * {@link TensorDataset.batch}, which gathers rows directly. `batchOf(ds.map(augment), 32)`
 */
export function batchOf(ds: Dataset<Example>, size: number, options: BatchOptions = {}): Dataset<Example> {
  const drop = options.dropRemainder ?? true;
  const len =
    ds.length === undefined ? undefined : drop ? Math.floor(ds.length / size) : Math.ceil(ds.length / size);
  return new Dataset<Example>((epoch) => {
    const it = ds.iterate(epoch);
    return {
      next: () => {
        const group: Example[] = [];
        while (group.length < size) {
          const r = it.next();
          if (r.done) break;
          group.push(r.value);
        }
        if (group.length === 0 || (drop && group.length < size)) return { done: true, value: undefined };
        return { done: false, value: stackExamples(group) };
      },
    };
  }, len);
}

/**
 * A host tensor's values as f32, each multiplied by `scale` (default 1/255: u8 pixels to
 * [0, 1]); it runs on the host, before any graph. `fromTensors({ images: pixelsToF32(train.images) })`
 */
export function pixelsToF32(t: Tensor, scale = 1 / 255): Tensor {
  const out = new Float32Array(t.size);
  const src = t.data as ArrayLike<number>;
  for (let i = 0; i < out.length; i++) out[i] = src[i]! * scale;
  return Tensor.fromTypedArray("f32", t.shape, out);
}

/**
 * The former name of {@link pixelsToF32}, kept for notebooks saved with it (`tsmlx lab` keeps
 * the copies it made). `toFloat(images)` is `pixelsToF32(images)`
 * @deprecated Use `pixelsToF32`: `toFloat` reads like a graph op, and this runs on the host.
 */
export const toFloat = pixelsToF32;
