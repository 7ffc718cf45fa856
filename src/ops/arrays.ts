/**
 * Array manipulation composites: where, expandDims, squeeze, flatten, stack, split, repeat,
 * tile. All are reshapes, broadcasts, slices and concatenations underneath.
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { select } from "./binary.js";
import { normAxis, type Operand } from "./operand.js";
import { broadcastInDim, concatenate, reshape, slice } from "./shaping.js";

function check(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  return x;
}

/**
 * An alias of {@link select} under numpy's name: `cond ? a : b` elementwise, the three broadcast
 * together. `where(gt(x, 0), x, 0)`
 */
export function where(cond: Operand, a: Operand, b: Operand): Node {
  return select(cond, a, b);
}

/** Inserts a size-1 dim at `axis` (negative counts from the end of the result). `expandDims(x, 0)` */
export function expandDims(x: Node, axis: number): Node {
  x = check("expandDims", x);
  const a = normAxis("expandDims", axis, x.rank + 1);
  const dims = [...x.shape.dims];
  dims.splice(a, 0, 1);
  return reshape(x, dims);
}

/** Removes size-1 dims: those in `axes`, or all of them. `squeeze(x, [1])` */
export function squeeze(x: Node, axes?: readonly number[]): Node {
  x = check("squeeze", x);
  const drop = axes
    ? axes.map((a) => normAxis("squeeze", a, x.rank))
    : x.shape.dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  for (const a of drop) {
    if (x.shape.dims[a] !== 1) throw new TsmlxError("squeeze", `dim ${a} of ${x.typeString} is not 1`);
  }
  return reshape(
    x,
    x.shape.dims.filter((_, i) => !drop.includes(i)),
  );
}

/**
 * Collapses dims `startAxis..endAxis` (inclusive; default all) into one.
 * `flatten(images, 1)` turns `f32[8,4,4,3]` into `f32[8,48]`
 */
export function flatten(x: Node, startAxis = 0, endAxis = -1): Node {
  x = check("flatten", x);
  if (x.rank === 0) return reshape(x, [1]);
  const s = normAxis("flatten", startAxis, x.rank);
  const e = normAxis("flatten", endAxis, x.rank);
  if (e < s)
    throw new TsmlxError(
      "flatten",
      `endAxis ${endAxis} comes before startAxis ${startAxis} in ${x.typeString}`,
    );
  const d = x.shape.dims;
  const n = d.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...d.slice(0, s), n, ...d.slice(e + 1)]);
}

/** Joins same-shaped nodes along a new dim `axis`. `stack([a, b], 0)` */
export function stack(xs: readonly Node[], axis = 0): Node {
  if (xs.length === 0) throw new TsmlxError("stack", "needs at least one node");
  const first = check("stack", xs[0]);
  for (const x of xs) {
    check("stack", x);
    if (!x.shape.equals(first.shape) || x.dtype !== first.dtype) {
      throw new TsmlxError("stack", `needs equal types, got ${xs.map((n) => n.typeString).join(", ")}`);
    }
  }
  const a = normAxis("stack", axis, first.rank + 1);
  return concatenate(
    xs.map((x) => expandDims(x, a)),
    a,
  );
}

/**
 * Splits `x` along `axis` into `sections` equal parts, or into parts of the given sizes.
 * `const [q, k, v] = split(qkv, 3, -1)`
 */
export function split(x: Node, sections: number | readonly number[], axis = 0): Node[] {
  x = check("split", x);
  const a = normAxis("split", axis, x.rank);
  const n = x.shape.dims[a]!;
  let sizes: number[];
  if (typeof sections === "number") {
    if (!Number.isInteger(sections) || sections < 1 || n % sections !== 0) {
      throw new TsmlxError("split", `cannot split dim ${a} of ${x.typeString} into ${sections} equal parts`);
    }
    sizes = new Array(sections).fill(n / sections);
  } else {
    sizes = [...sections];
    if (sizes.reduce((p, q) => p + q, 0) !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new TsmlxError(
        "split",
        `sizes ${formatDims(sizes)} do not add up to dim ${a} of ${x.typeString}`,
      );
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const start = x.shape.dims.map((_, i) => (i === a ? at : 0));
    at += s;
    const limit = x.shape.dims.map((d, i) => (i === a ? at : d));
    return slice(x, start, limit);
  });
}

/**
 * Repeats each element `repeats` times along `axis` (numpy's repeat).
 * `repeat(kv, 4, 2)` turns `f32[2,8,2,16]` into `f32[2,8,8,16]` (grouped-query attention)
 */
export function repeat(x: Node, repeats: number, axis: number): Node {
  x = check("repeat", x);
  if (!Number.isInteger(repeats) || repeats < 0)
    throw new TsmlxError("repeat", `repeats must be >= 0, got ${repeats}`);
  const a = normAxis("repeat", axis, x.rank);
  const d = x.shape.dims;
  const big = [...d.slice(0, a + 1), repeats, ...d.slice(a + 1)];
  const map = d.map((_, i) => (i <= a ? i : i + 1));
  const b = broadcastInDim(x, big, map);
  return reshape(b, [...d.slice(0, a), d[a]! * repeats, ...d.slice(a + 1)]);
}

/**
 * Tiles `x`: the whole tensor repeated `reps[i]` times along dim i (numpy's tile; `reps`
 * shorter than the rank applies to the last dims). `tile(row, [3, 1])`
 */
export function tile(x: Node, reps: readonly number[]): Node {
  x = check("tile", x);
  const r = Math.max(reps.length, x.rank);
  const dims = [...new Array(r - x.rank).fill(1), ...x.shape.dims] as number[];
  const rp = [...new Array(r - reps.length).fill(1), ...reps] as number[];
  if (rp.some((k) => !Number.isInteger(k) || k < 0))
    throw new TsmlxError("tile", `reps ${formatDims(reps)} must be >= 0`);
  const xr = reshape(x, dims);
  // [r0, d0, r1, d1, ...] then merge each pair.
  const big = dims.flatMap((d, i) => [rp[i]!, d]);
  const b = broadcastInDim(
    xr,
    big,
    dims.map((_, i) => 2 * i + 1),
  );
  return reshape(
    b,
    dims.map((d, i) => d * rp[i]!),
  );
}
