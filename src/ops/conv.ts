/**
 * convolution (StableHLO's general convolution) and `conv`, the everyday layer-style API.
 *
 * Dimension numbers are written as three layout strings, one letter per dim in order:
 * the input uses `b` (batch), `f` (feature) and digits for spatial dims, the kernel `i`
 * (input feature), `o` (output feature) and digits, the output `b`, `f` and digits. NHWC
 * with an HWIO kernel is `{ lhs: "b01f", rhs: "01io", out: "b01f" }`; NCHW with OIHW is
 * `{ lhs: "bf01", rhs: "oi01", out: "bf01" }`. In StableHLO text this is
 * `#stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>`.
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { i64Array, i64Attr } from "../stablehlo/text.js";
import { lift } from "./operand.js";
import { reverse } from "./reverse.js";
import { broadcastInDim, reshape, transpose } from "./shaping.js";

/** Dimension numbers as layout strings (see the module doc). */
export interface ConvDimensionNumbers {
  readonly lhs: string;
  readonly rhs: string;
  readonly out: string;
}

/** Attributes of convolution: all fields present, one entry per spatial dim. */
export interface ConvolutionAttrs {
  readonly [k: string]: unknown;
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/** Options of {@link convolution}; everything but the dimension numbers has a default. */
export interface ConvolutionOptions {
  readonly dimensionNumbers: ConvDimensionNumbers;
  /** Default 1 per spatial dim. */
  readonly windowStrides?: readonly number[];
  /** `[lo, hi]` per spatial dim (negative crops); default no padding. */
  readonly padding?: readonly (readonly [number, number])[];
  /** Input dilation (a transposed convolution); default 1. */
  readonly lhsDilation?: readonly number[];
  /** Kernel dilation (atrous convolution); default 1. */
  readonly rhsDilation?: readonly number[];
  readonly featureGroupCount?: number;
  readonly batchGroupCount?: number;
}

/** Positions of the roles in one layout string: two letters and the spatial digits. */
interface Layout {
  readonly a: number;
  readonly b: number;
  readonly spatial: readonly number[];
}

function parseLayout(api: string, what: string, s: string, letters: string, rank: number): Layout {
  const bad = () =>
    new TsmlxError(
      api,
      `${what} layout "${s}" must hold ${letters[0]}, ${letters[1]} and the spatial digits 0..${rank - 3} once each (rank ${rank})`,
    );
  if (typeof s !== "string" || s.length !== rank) throw bad();
  const a = s.indexOf(letters[0]!);
  const b = s.indexOf(letters[1]!);
  if (a < 0 || b < 0) throw bad();
  const spatial: number[] = [];
  for (let k = 0; k < rank - 2; k++) {
    const p = s.indexOf(String(k));
    if (p < 0) throw bad();
    spatial.push(p);
  }
  if (new Set([a, b, ...spatial]).size !== rank) throw bad();
  return { a, b, spatial };
}

/** The `#stablehlo.conv<...>` text of layout strings. */
function convAttrText(d: ConvDimensionNumbers): string {
  const part = (s: string) => `[${[...s].join(", ")}]`;
  return `#stablehlo.conv<${part(d.lhs)}x${part(d.rhs)}->${part(d.out)}>`;
}

/**
 * Number of windows along one dim (StableHLO's num_windows): the input dilated and padded,
 * the window dilated, stepping by `stride`. `numWindows(32, 1, 1, 1, 3, 1, 2) === 16`
 */
export function numWindows(
  size: number,
  inputDilation: number,
  lo: number,
  hi: number,
  window: number,
  windowDilation: number,
  stride: number,
): number {
  const dilated = size === 0 ? 0 : (size - 1) * inputDilation + 1;
  const padded = lo + dilated + hi;
  const w = window === 0 ? 0 : (window - 1) * windowDilation + 1;
  if (padded <= 0 || w > padded) return 0;
  return Math.floor((padded - w) / stride) + 1;
}

function positiveList(api: string, what: string, v: readonly number[], n: number): void {
  if (!Array.isArray(v) || v.length !== n || v.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new TsmlxError(api, `${what} must be ${n} positive integers, got ${JSON.stringify(v)}`);
  }
}

/** `stablehlo.convolution`. */
export const convolutionPrim: Primitive<ConvolutionAttrs> = {
  name: "convolution",
  api: "convolution",
  infer([l, r], a) {
    const api = "convolution";
    if (l!.dtype !== r!.dtype) {
      throw new TsmlxError(api, `dtypes differ: input ${l!.typeString} vs kernel ${r!.typeString}`);
    }
    if (l!.dtype === "bool") throw new TsmlxError(api, `needs numeric operands, got ${l!.typeString}`);
    if (l!.rank < 2 || r!.rank !== l!.rank) {
      throw new TsmlxError(
        api,
        `input ${l!.typeString} and kernel ${r!.typeString} need the same rank, at least 2`,
      );
    }
    const rank = l!.rank;
    const n = rank - 2;
    const dn = a.dimensionNumbers;
    const lhs = parseLayout(api, "input", dn.lhs, "bf", rank);
    const rhs = parseLayout(api, "kernel", dn.rhs, "io", rank);
    const out = parseLayout(api, "output", dn.out, "bf", rank);
    positiveList(api, "windowStrides", a.windowStrides, n);
    positiveList(api, "lhsDilation", a.lhsDilation, n);
    positiveList(api, "rhsDilation", a.rhsDilation, n);
    if (
      a.padding.length !== n ||
      a.padding.some((p) => p.length !== 2 || !Number.isInteger(p[0]) || !Number.isInteger(p[1]))
    ) {
      throw new TsmlxError(api, `padding must be ${n} [lo, hi] pairs, got ${JSON.stringify(a.padding)}`);
    }
    const fg = a.featureGroupCount;
    const bg = a.batchGroupCount;
    if (!Number.isInteger(fg) || !Number.isInteger(bg) || fg < 1 || bg < 1 || (fg > 1 && bg > 1)) {
      throw new TsmlxError(
        api,
        `featureGroupCount ${fg} and batchGroupCount ${bg} must be positive and one of them 1`,
      );
    }
    const ld = l!.shape.dims;
    const rd = r!.shape.dims;
    const batch = ld[lhs.a]!;
    const feat = ld[lhs.b]!;
    const kin = rd[rhs.a]!;
    const kout = rd[rhs.b]!;
    if (feat % fg !== 0) {
      throw new TsmlxError(
        api,
        `input ${l!.typeString} has ${feat} features, not a multiple of ${fg} groups`,
      );
    }
    if (kin !== feat / fg) {
      throw new TsmlxError(
        api,
        `kernel ${r!.typeString} needs ${kin} input features${fg > 1 ? ` per group (${fg} groups)` : ""}; input ${l!.typeString} has ${feat}`,
      );
    }
    if (batch % bg !== 0) {
      throw new TsmlxError(
        api,
        `input batch ${batch} of ${l!.typeString} is not a multiple of ${bg} batch groups`,
      );
    }
    if (kout % fg !== 0 || kout % bg !== 0) {
      throw new TsmlxError(
        api,
        `kernel ${r!.typeString} has ${kout} output features, not a multiple of the group count ${Math.max(fg, bg)}`,
      );
    }
    const dims = new Array<number>(rank).fill(0);
    dims[out.a] = batch / bg;
    dims[out.b] = kout;
    for (let k = 0; k < n; k++) {
      const [lo, hi] = a.padding[k]!;
      dims[out.spatial[k]!] = numWindows(
        ld[lhs.spatial[k]!]!,
        a.lhsDilation[k]!,
        lo,
        hi,
        rd[rhs.spatial[k]!]!,
        a.rhsDilation[k]!,
        a.windowStrides[k]!,
      );
    }
    return { dtype: l!.dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    const a = node.attributes as ConvolutionAttrs;
    const n = node.rank - 2;
    const attrs: [string, string][] = [["dimension_numbers", convAttrText(a.dimensionNumbers)]];
    if (n > 0) {
      attrs.push(
        ["window_strides", i64Array(a.windowStrides)],
        [
          "padding",
          `dense<[${a.padding.map(([lo, hi]) => `[${lo}, ${hi}]`).join(", ")}]> : tensor<${n}x2xi64>`,
        ],
        ["lhs_dilation", i64Array(a.lhsDilation)],
        ["rhs_dilation", i64Array(a.rhsDilation)],
      );
    }
    attrs.push(
      ["feature_group_count", i64Attr(a.featureGroupCount)],
      ["batch_group_count", i64Attr(a.batchGroupCount)],
    );
    emitOp(ctx, node, attrs);
  },
  vjp(node, g) {
    const [x, w] = node.operands as [Node, Node];
    if (node.shape.size === 0) return [zerosLike(x), zerosLike(w)];
    return [convLhsGrad(node, g, x, w), convRhsGrad(node, g, x, w)];
  },
};

function zerosLike(x: Node): Node {
  return broadcastInDim(lift("grad", x.graph, 0, x.dtype), x.shape, []);
}

/** Replaces letters in a layout string: `swap("01io", { i: "o", o: "i" }) === "01oi"`. */
function relabel(s: string, map: Record<string, string>): string {
  return [...s].map((c) => map[c] ?? c).join("");
}

/** The spatial digits of rank-2+n layouts, in order: "0", "1", ... */
function digits(n: number): string {
  return Array.from({ length: n }, (_, k) => String(k)).join("");
}

/** Transposes `x` from layout `from` to layout `to` (same letters). */
function toLayout(x: Node, from: string, to: string): Node {
  if (from === to) return x;
  return transpose(
    x,
    [...to].map((c) => from.indexOf(c)),
  );
}

/**
 * The gradient with respect to the input: the cotangent, dilated by the strides, convolved
 * with the spatially reversed kernel whose input and output features trade places. Groups
 * move the group index from the kernel's output features into its input features.
 */
function convLhsGrad(node: Node, g: Node, x: Node, w: Node): Node {
  const a = node.attributes as ConvolutionAttrs;
  const dn = a.dimensionNumbers;
  const n = x.rank - 2;
  const sp = digits(n);
  const lhs = parseLayout("convolution", "input", dn.lhs, "bf", x.rank);
  const rhs = parseLayout("convolution", "kernel", dn.rhs, "io", x.rank);
  const out = parseLayout("convolution", "output", dn.out, "bf", x.rank);
  const groups = Math.max(a.featureGroupCount, a.batchGroupCount);
  let kernel = reverse(w, rhs.spatial);
  let kernelLayout = relabel(dn.rhs, { i: "o", o: "i" });
  if (groups > 1) {
    // [sp, I, O] -> [sp, I, G, O/G] -> [sp, G, I, O/G] -> [sp, G*I, O/G]
    const canon = `${sp}io`;
    const c = toLayout(kernel, dn.rhs, canon);
    const sdims = c.shape.dims.slice(0, n);
    const I = c.shape.dims[n]!;
    const O = c.shape.dims[n + 1]!;
    const split = reshape(c, [...sdims, I, groups, O / groups]);
    const moved = transpose(split, [...sdims.map((_, k) => k), n + 1, n, n + 2]);
    kernel = reshape(moved, [...sdims, groups * I, O / groups]);
    kernelLayout = `${sp}oi`;
  }
  const padding = Array.from({ length: n }, (_, k) => {
    const xs = x.shape.dims[lhs.spatial[k]!]!;
    const ks = w.shape.dims[rhs.spatial[k]!]!;
    const m = node.shape.dims[out.spatial[k]!]!;
    const K = (ks - 1) * a.rhsDilation[k]! + 1;
    const [lo] = a.padding[k]!;
    return [K - 1 - lo, (xs - 1) * a.lhsDilation[k]! + lo - (m - 1) * a.windowStrides[k]!] as [
      number,
      number,
    ];
  });
  const outLayout = a.batchGroupCount > 1 ? `bf${sp}` : dn.lhs;
  let r = convolution(g, kernel, {
    dimensionNumbers: { lhs: dn.out, rhs: kernelLayout, out: outLayout },
    windowStrides: a.lhsDilation,
    padding,
    lhsDilation: a.windowStrides,
    rhsDilation: a.rhsDilation,
    featureGroupCount: groups,
  });
  if (a.batchGroupCount > 1) {
    // [Nb, G*C, sp] -> [Nb, G, C, sp] -> [G, Nb, C, sp] -> [G*Nb, C, sp]
    const [nb, gc, ...sdims] = r.shape.dims as number[];
    const G = a.batchGroupCount;
    const split = reshape(r, [nb!, G, gc! / G, ...sdims]);
    const moved = transpose(split, [1, 0, 2, ...sdims.map((_, k) => k + 3)]);
    r = toLayout(reshape(moved, [G * nb!, gc! / G, ...sdims]), `bf${sp}`, dn.lhs);
  }
  return r;
}

/**
 * The gradient with respect to the kernel: the input (batch and features trading places)
 * convolved with the cotangent as the kernel, dilated by the strides; feature groups become
 * batch groups and batch groups feature groups.
 */
function convRhsGrad(node: Node, g: Node, x: Node, w: Node): Node {
  const a = node.attributes as ConvolutionAttrs;
  const dn = a.dimensionNumbers;
  const n = x.rank - 2;
  const lhs = parseLayout("convolution", "input", dn.lhs, "bf", x.rank);
  const rhs = parseLayout("convolution", "kernel", dn.rhs, "io", x.rank);
  const out = parseLayout("convolution", "output", dn.out, "bf", x.rank);
  const padding = Array.from({ length: n }, (_, k) => {
    const xs = x.shape.dims[lhs.spatial[k]!]!;
    const ks = w.shape.dims[rhs.spatial[k]!]!;
    const m = node.shape.dims[out.spatial[k]!]!;
    const [lo] = a.padding[k]!;
    const hi =
      (ks - 1) * a.rhsDilation[k]! +
      (m - 1) * a.windowStrides[k]! +
      1 -
      lo -
      ((xs - 1) * a.lhsDilation[k]! + 1);
    return [lo, hi] as [number, number];
  });
  return convolution(x, g, {
    dimensionNumbers: {
      lhs: relabel(dn.lhs, { b: "f", f: "b" }),
      rhs: relabel(dn.out, { b: "i", f: "o" }),
      out: relabel(dn.rhs, { i: "b", o: "f" }),
    },
    windowStrides: a.rhsDilation,
    padding,
    lhsDilation: a.lhsDilation,
    rhsDilation: a.windowStrides,
    featureGroupCount: a.batchGroupCount,
    batchGroupCount: a.featureGroupCount,
  });
}

/**
 * StableHLO's general convolution with explicit dimension numbers (see the module doc).
 * `convolution(x, k, { dimensionNumbers: { lhs: "b01f", rhs: "01io", out: "b01f" }, padding: [[1, 1], [1, 1]] })`
 */
export function convolution(lhs: Node, rhs: Node, options: ConvolutionOptions): Node {
  if (!(lhs instanceof Node) || !(rhs instanceof Node)) {
    throw new TsmlxError("convolution", "needs an input and a kernel node");
  }
  const n = Math.max(lhs.rank - 2, 0);
  const ones = new Array<number>(n).fill(1);
  if (!options?.dimensionNumbers) {
    throw new TsmlxError(
      "convolution",
      'needs dimensionNumbers, e.g. { lhs: "b01f", rhs: "01io", out: "b01f" }',
    );
  }
  return lhs.graph.apply(convolutionPrim, [lhs, rhs], {
    dimensionNumbers: { ...options.dimensionNumbers },
    windowStrides: [...(options.windowStrides ?? ones)],
    padding: (options.padding ?? ones.map(() => [0, 0] as const)).map(
      (p) => [p[0], p[1]] as [number, number],
    ),
    lhsDilation: [...(options.lhsDilation ?? ones)],
    rhsDilation: [...(options.rhsDilation ?? ones)],
    featureGroupCount: options.featureGroupCount ?? 1,
    batchGroupCount: options.batchGroupCount ?? 1,
  });
}

/** Padding of `conv`/pooling: SAME (output = ceil(input / stride)), VALID (none) or explicit pairs. */
export type Padding = "same" | "valid" | readonly (readonly [number, number])[];

/**
 * The `[lo, hi]` pairs of a padding spec for the given (already dilated) input sizes,
 * window sizes (already dilated) and strides. SAME puts the odd extra element at the end.
 * `padsFor("same", [32], [3], [1])` is `[[1, 1]]`
 */
export function padsFor(
  api: string,
  padding: Padding,
  inputs: readonly number[],
  windows: readonly number[],
  strides: readonly number[],
): [number, number][] {
  const n = inputs.length;
  if (padding === "valid") return inputs.map(() => [0, 0]);
  if (padding === "same") {
    return inputs.map((size, k) => {
      const outSize = Math.ceil(size / strides[k]!);
      const total = Math.max((outSize - 1) * strides[k]! + windows[k]! - size, 0);
      const lo = Math.floor(total / 2);
      return [lo, total - lo];
    });
  }
  if (
    !Array.isArray(padding) ||
    padding.length !== n ||
    padding.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isInteger))
  ) {
    throw new TsmlxError(
      api,
      `padding must be "same", "valid" or ${n} [lo, hi] pairs, got ${JSON.stringify(padding)}`,
    );
  }
  return padding.map((p) => [p[0]!, p[1]!]);
}

/**
 * A per-spatial-dim option given as one number or a list, checked to be positive integers.
 * `spatialList("conv", "strides", 2, 2, 1)` is `[2, 2]`
 */
export function spatialList(
  api: string,
  what: string,
  v: number | readonly number[] | undefined,
  n: number,
  fill: number,
): number[] {
  if (v === undefined) return new Array<number>(n).fill(fill);
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  positiveList(api, what, list, n);
  return list;
}

/** Options of {@link conv}. */
export interface ConvOptions {
  /** Window strides, one number for every spatial dim or one per dim (default 1). */
  readonly strides?: number | readonly number[];
  /** "same", "valid" (default) or `[lo, hi]` per spatial dim. */
  readonly padding?: Padding;
  /** Kernel dilation (atrous), default 1. */
  readonly dilations?: number | readonly number[];
  /** Input dilation (transposed convolution), default 1. */
  readonly lhsDilation?: number | readonly number[];
  /** Feature groups: input channels and filters split into this many groups (default 1). */
  readonly groups?: number;
  /**
   * "NHWC" (default: channels last, kernel HWIO), "NCHW" (channels first, kernel OIHW),
   * or explicit layout strings. The names stand for any number of spatial dims.
   */
  readonly dimensionNumbers?: "NHWC" | "NCHW" | ConvDimensionNumbers;
}

/**
 * Convolution as layers use it: channels-last by default, SAME/VALID padding computed here.
 * `conv(images, kernel, { strides: 2, padding: "same" })` maps f32[64,32,32,3] with an
 * f32[3,3,3,32] kernel to f32[64,16,16,32]
 */
export function conv(x: Node, kernel: Node, options: ConvOptions = {}): Node {
  const api = "conv";
  if (!(x instanceof Node) || !(kernel instanceof Node))
    throw new TsmlxError(api, "needs an input and a kernel node");
  if (x.rank < 3 || kernel.rank !== x.rank) {
    throw new TsmlxError(
      api,
      `input ${x.typeString} and kernel ${kernel.typeString} need the same rank, at least 3 (batch, spatial dims, channels)`,
    );
  }
  if (x.dtype === "bool") throw new TsmlxError(api, `needs numeric operands, got ${x.typeString}`);
  const n = x.rank - 2;
  const sp = digits(n);
  const layout = options.dimensionNumbers ?? "NHWC";
  const dn: ConvDimensionNumbers =
    layout === "NHWC"
      ? { lhs: `b${sp}f`, rhs: `${sp}io`, out: `b${sp}f` }
      : layout === "NCHW"
        ? { lhs: `bf${sp}`, rhs: `oi${sp}`, out: `bf${sp}` }
        : layout;
  if (typeof dn !== "object" || !dn.lhs || !dn.rhs || !dn.out) {
    throw new TsmlxError(
      api,
      `dimensionNumbers must be "NHWC", "NCHW" or { lhs, rhs, out }, got ${JSON.stringify(layout)}`,
    );
  }
  const lhs = parseLayout(api, "input", dn.lhs, "bf", x.rank);
  const rhs = parseLayout(api, "kernel", dn.rhs, "io", x.rank);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new TsmlxError(api, `groups must be a positive integer, got ${groups}`);
  const channels = x.shape.dims[lhs.b]!;
  const kin = kernel.shape.dims[rhs.a]!;
  if (channels % groups !== 0 || kin !== channels / groups) {
    throw new TsmlxError(
      api,
      `kernel ${kernel.typeString} needs ${kin * groups} input channels${groups > 1 ? ` (${kin} per group, ${groups} groups)` : ""}; input ${x.typeString} has ${channels}`,
    );
  }
  const filters = kernel.shape.dims[rhs.b]!;
  if (filters % groups !== 0) {
    throw new TsmlxError(
      api,
      `kernel ${kernel.typeString} has ${filters} filters, not a multiple of ${groups} groups`,
    );
  }
  const strides = spatialList(api, "strides", options.strides, n, 1);
  const dilations = spatialList(api, "dilations", options.dilations, n, 1);
  const lhsDilation = spatialList(api, "lhsDilation", options.lhsDilation, n, 1);
  const inputs = lhs.spatial.map((d, k) => (x.shape.dims[d]! - 1) * lhsDilation[k]! + 1);
  const windows = rhs.spatial.map((d, k) => (kernel.shape.dims[d]! - 1) * dilations[k]! + 1);
  const padding = padsFor(api, options.padding ?? "valid", inputs, windows, strides);
  const sizes = inputs.map((s, k) => s + padding[k]![0] + padding[k]![1]);
  const small = sizes.findIndex((s, k) => s < windows[k]!);
  if (small >= 0) {
    throw new TsmlxError(
      api,
      `kernel ${kernel.typeString} (window ${formatDims(windows)}) is larger than the padded input ${formatDims(sizes)} of ${x.typeString}`,
    );
  }
  return convolution(x, kernel, {
    dimensionNumbers: dn,
    windowStrides: strides,
    padding,
    lhsDilation,
    rhsDilation: dilations,
    featureGroupCount: groups,
  });
}
