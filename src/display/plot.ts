/**
 * Quick plots as Vega-Lite charts: `tm.plotLine`, `tm.plotScatter`, `tm.plotHistogram` (of
 * values or of a tensor's elements) and `tm.plotConfusion` (a confusion-matrix heatmap). Each
 * returns a {@link Chart}, which shows interactively where the front end has Vega and as PNG/SVG
 * elsewhere. Every chart has tooltips; line and scatter plots zoom and pan with the mouse, and
 * clicking a legend entry picks out its series.
 */
import { readElement } from "../core/elements.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { Chart, type VegaLiteSpec } from "./vega.js";

/** Numbers to plot: an array, a typed array, or a tensor (its elements in row-major order). */
export type PlotValues = readonly number[] | ArrayLike<number> | Tensor;

/** Options shared by the plots. */
export interface PlotOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Size of the plot area in pixels (default 400 × 240). */
  readonly width?: number;
  readonly height?: number;
  /** A logarithmic y axis (values ≤ 0 are left out). */
  readonly logY?: boolean;
  /** A logarithmic x axis (values ≤ 0 are left out). */
  readonly logX?: boolean;
}

/** Options of {@link plotScatter}. */
export interface ScatterPlotOptions extends PlotOptions {
  /** A category per point (e.g. a class name), coloured and listed in the legend. */
  readonly groups?: readonly (string | number)[];
}

/** Options of {@link plotHistogram}. */
export interface HistogramPlotOptions extends PlotOptions {
  /** About how many bins (default 30; the edges are round numbers). */
  readonly bins?: number;
}

/** Options of {@link plotConfusion}. */
export interface ConfusionPlotOptions {
  readonly title?: string;
  /** Colour each row by its share of the row's total (default true) rather than by count. */
  readonly normalize?: boolean;
  /** Size of one cell in pixels (default 28). */
  readonly cellSize?: number;
}

/** The numbers of `v` as a plain array; `name` is for errors. `plotNumbers("plotLine", "y", tensor) // [1, 2, 3]` */
export function plotNumbers(api: string, name: string, v: PlotValues): number[] {
  if (v instanceof Tensor) {
    return Array.from({ length: v.shape.size }, (_, i) => Number(readElement(v.dtype, v.data, i)));
  }
  if (v === null || typeof v !== "object" || typeof (v as ArrayLike<number>).length !== "number") {
    throw new TsmlxError(api, `${name} must be numbers (an array, typed array or tensor), got ${typeof v}`);
  }
  const out = Array.from(v as ArrayLike<number>, Number);
  const bad = out.findIndex((x, i) => typeof (v as ArrayLike<unknown>)[i] !== "number" && Number.isNaN(x));
  if (bad >= 0) throw new TsmlxError(api, `${name}[${bad}] is not a number`);
  return out;
}

/** A value for JSON: non-finite numbers become null (Vega-Lite leaves such points out). */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function scale(log: boolean | undefined): Record<string, unknown> {
  return log ? { type: "log" } : { zero: false };
}

/** The invalid-value rule for an axis: on a log axis, values ≤ 0 are no data. */
function positive(field: string, log: boolean | undefined): { filter: string }[] {
  return log ? [{ filter: `datum.${field} > 0` }] : [];
}

/** Zoom and pan on both axes, and a legend that picks out series. */
const INTERACTIVE = [{ name: "zoom", select: "interval", bind: "scales" }] as const;

function base(options: PlotOptions): Record<string, unknown> {
  const spec: Record<string, unknown> = { width: options.width ?? 400, height: options.height ?? 240 };
  if (options.title) spec.title = options.title;
  return spec;
}

/**
 * A line plot: `y` against its index, or against `x`; `y` may name several series.
 * `tm.plotLine(losses)`, `tm.plotLine(steps, { train: a, eval: b }, { logY: true })`
 */
export function plotLine(
  x: PlotValues,
  y?: PlotValues | Readonly<Record<string, PlotValues>> | PlotOptions,
  options: PlotOptions = {},
): Chart {
  const api = "plotLine";
  let xs: number[] | undefined;
  let series: [string, number[]][];
  const isValues = (v: unknown): v is PlotValues =>
    v instanceof Tensor || Array.isArray(v) || ArrayBuffer.isView(v);
  if (y === undefined || (!isValues(y) && !isSeriesRecord(y))) {
    if (y !== undefined) options = y as PlotOptions;
    series = [["y", plotNumbers(api, "y", x)]];
  } else {
    xs = plotNumbers(api, "x", x);
    series = isValues(y)
      ? [["y", plotNumbers(api, "y", y)]]
      : Object.entries(y as Record<string, PlotValues>).map(([k, v]) => [k, plotNumbers(api, k, v)]);
    for (const [name, ys] of series) {
      if (ys.length !== xs.length)
        throw new TsmlxError(api, `x has ${xs.length} values but ${name} has ${ys.length}`);
    }
  }
  if (series.length === 0) throw new TsmlxError(api, "no series to plot");
  const values = series.flatMap(([name, ys]) =>
    ys.map((v, i) => ({ x: xs ? finite(xs[i]!) : i, y: finite(v), series: name })),
  );
  const several = series.length > 1;
  const spec = {
    ...base(options),
    data: { values },
    transform: [...positive("y", options.logY), ...positive("x", options.logX)],
    mark: { type: "line", tooltip: true, point: values.length <= 50 },
    params: several
      ? [...INTERACTIVE, { name: "pick", select: { type: "point", fields: ["series"] }, bind: "legend" }]
      : INTERACTIVE,
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: options.xLabel ?? (xs ? "x" : "index"),
        scale: scale(options.logX),
      },
      y: {
        field: "y",
        type: "quantitative",
        title: options.yLabel ?? (several ? "value" : "y"),
        scale: scale(options.logY),
      },
      ...(several
        ? {
            color: { field: "series", type: "nominal", title: null, sort: series.map(([n]) => n) },
            opacity: { condition: { param: "pick", value: 1 }, value: 0.15 },
          }
        : {}),
    },
  };
  const n = series.map(([name, ys]) => `${name} (${ys.length})`).join(", ");
  return new Chart(
    spec as unknown as VegaLiteSpec,
    `line plot${options.title ? ` "${options.title}"` : ""}: ${n}`,
  );
}

function isSeriesRecord(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  const values = Object.values(v as object);
  return (
    values.length > 0 && values.every((e) => e instanceof Tensor || Array.isArray(e) || ArrayBuffer.isView(e))
  );
}

/**
 * A scatter plot of `y` against `x`, optionally coloured by a group per point.
 * `tm.plotScatter(embedding0, embedding1, { groups: labels.map((l) => classes[l]) })`
 */
export function plotScatter(x: PlotValues, y: PlotValues, options: ScatterPlotOptions = {}): Chart {
  const api = "plotScatter";
  const xs = plotNumbers(api, "x", x);
  const ys = plotNumbers(api, "y", y);
  if (xs.length !== ys.length) throw new TsmlxError(api, `x has ${xs.length} values but y has ${ys.length}`);
  const groups = options.groups;
  if (groups && groups.length !== xs.length)
    throw new TsmlxError(api, `x has ${xs.length} values but groups has ${groups.length}`);
  const values = xs.map((v, i) => ({
    x: finite(v),
    y: finite(ys[i]!),
    ...(groups ? { group: String(groups[i]) } : {}),
  }));
  const spec = {
    ...base(options),
    data: { values },
    transform: [...positive("y", options.logY), ...positive("x", options.logX)],
    mark: { type: "point", filled: true, tooltip: true, size: xs.length > 2000 ? 8 : 30 },
    params: groups
      ? [...INTERACTIVE, { name: "pick", select: { type: "point", fields: ["group"] }, bind: "legend" }]
      : INTERACTIVE,
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xLabel ?? "x", scale: scale(options.logX) },
      y: { field: "y", type: "quantitative", title: options.yLabel ?? "y", scale: scale(options.logY) },
      ...(groups
        ? {
            color: { field: "group", type: "nominal", title: null },
            opacity: { condition: { param: "pick", value: 0.8 }, value: 0.08 },
          }
        : {}),
    },
  };
  return new Chart(
    spec as unknown as VegaLiteSpec,
    `scatter plot${options.title ? ` "${options.title}"` : ""}: ${xs.length} points`,
  );
}

/** Bin edges 1, 2 or 5 times a power of ten apart, about `count` of them over [lo, hi]. `binEdges(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]` */
export function binEdges(lo: number, hi: number, count: number): number[] {
  if (hi === lo) return [lo - 0.5, lo + 0.5];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw * 0.999) ?? 10) * mag;
  const first = Math.floor(lo / step) * step;
  const edges: number[] = [];
  for (let k = 0; ; k++) {
    const e = Number((first + k * step).toPrecision(12));
    edges.push(e);
    if (e > hi || (k > 0 && e === hi && edges.length > 1)) break;
  }
  return edges;
}

/**
 * A histogram of numbers, or of a tensor's elements (NaN and ±Inf are counted apart and named in
 * the title); the bins are computed here, so the spec holds counts, not the values.
 * `tm.plotHistogram(weights)`, `tm.plotHistogram(await s.eval(h), { bins: 50 })`
 */
export function plotHistogram(values: PlotValues, options: HistogramPlotOptions = {}): Chart {
  const api = "plotHistogram";
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1)
    throw new TsmlxError(api, `bins must be a positive integer, got ${bins}`);
  const all = plotNumbers(api, "values", values);
  const xs = all.filter(Number.isFinite);
  const nan = all.filter(Number.isNaN).length;
  const inf = all.length - xs.length - nan;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const edges = xs.length > 0 ? binEdges(lo, hi, bins) : [0, 1];
  const step = edges[1]! - edges[0]!;
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of xs) counts[Math.min(counts.length - 1, Math.floor((v - edges[0]!) / step))]!++;
  const what =
    values instanceof Tensor ? `${values.dtype}[${values.shape.dims.join(",")}]` : `${all.length} values`;
  const extra = [nan ? `${nan} NaN` : "", inf ? `${inf} ±Inf` : ""].filter(Boolean).join(", ");
  const title = options.title ?? `${what}${extra ? ` (${extra} left out)` : ""}`;
  const spec = {
    ...base({ ...options, title }),
    data: { values: counts.map((count, i) => ({ start: edges[i]!, end: edges[i + 1]!, count })) },
    mark: { type: "bar", tooltip: true, binSpacing: 0 },
    encoding: {
      x: {
        field: "start",
        type: "quantitative",
        bin: { binned: true, step },
        title: options.xLabel ?? "value",
      },
      x2: { field: "end" },
      y: {
        field: "count",
        type: "quantitative",
        title: options.yLabel ?? "count",
        ...(options.logY ? { scale: { type: "symlog" } } : {}),
      },
    },
  };
  return new Chart(
    spec as unknown as VegaLiteSpec,
    `histogram of ${what}: ${xs.length} finite values in ${counts.length} bins${extra ? `; ${extra}` : ""}`,
  );
}

/**
 * A confusion matrix from true and predicted class numbers: `m[true][predicted]` counts.
 * `tm.confusionMatrix(labels, predictions, 10)[3][5]` — how often class 3 was taken for 5
 */
export function confusionMatrix(labels: PlotValues, predicted: PlotValues, numClasses: number): number[][] {
  const api = "confusionMatrix";
  const t = plotNumbers(api, "labels", labels);
  const p = plotNumbers(api, "predicted", predicted);
  if (t.length !== p.length)
    throw new TsmlxError(api, `labels has ${t.length} values but predicted has ${p.length}`);
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new TsmlxError(api, `numClasses must be a positive integer, got ${numClasses}`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < t.length; i++) {
    const [a, b] = [t[i]!, p[i]!];
    for (const [name, v] of [
      ["labels", a],
      ["predicted", b],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= numClasses)
        throw new TsmlxError(api, `${name}[${i}] is ${v}, not a class in 0..${numClasses - 1}`);
    }
    m[a]![b]!++;
  }
  return m;
}

/**
 * A confusion-matrix heatmap: true classes down, predicted across, each cell's count written in
 * it and its share of the row in the tooltip.
 * `tm.plotConfusion(tm.confusionMatrix(labels, predictions, 10), tm.CIFAR10_CLASSES)`
 */
export function plotConfusion(
  matrix: readonly (readonly number[])[] | Tensor,
  classes?: readonly string[],
  options: ConfusionPlotOptions = {},
): Chart {
  const api = "plotConfusion";
  let rows: number[][];
  if (matrix instanceof Tensor) {
    const d = matrix.shape.dims;
    if (d.length !== 2 || d[0] !== d[1])
      throw new TsmlxError(api, `a confusion matrix is square, got ${matrix.dtype}[${d.join(",")}]`);
    const flat = plotNumbers(api, "matrix", matrix);
    rows = Array.from({ length: d[0]! }, (_, r) => flat.slice(r * d[0]!, (r + 1) * d[0]!));
  } else {
    rows = matrix.map((r, i) => plotNumbers(api, `matrix[${i}]`, r));
    const bad = rows.findIndex((r) => r.length !== rows.length);
    if (bad >= 0)
      throw new TsmlxError(
        api,
        `a confusion matrix is square: ${rows.length} rows but row ${bad} has ${rows[bad]!.length} values`,
      );
  }
  const n = rows.length;
  if (n === 0) throw new TsmlxError(api, "the matrix is empty");
  const names = classes ?? rows.map((_, i) => String(i));
  if (names.length !== n)
    throw new TsmlxError(api, `the matrix has ${n} classes but ${names.length} names were given`);
  const normalize = options.normalize ?? true;
  const values = rows.flatMap((row, r) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, c) => ({
      true: names[r]!,
      predicted: names[c]!,
      count,
      share: total > 0 ? Number((count / total).toFixed(4)) : 0,
    }));
  });
  const cell = options.cellSize ?? 28;
  const colorField = normalize ? "share" : "count";
  const max = Math.max(...values.map((v) => v[colorField]));
  const spec = {
    ...(options.title ? { title: options.title } : {}),
    width: cell * n,
    height: cell * n,
    data: { values },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: names, title: "predicted", axis: { labelAngle: -45 } },
      y: { field: "true", type: "nominal", sort: names, title: "true class" },
    },
    layer: [
      {
        mark: { type: "rect", tooltip: true },
        encoding: {
          color: {
            field: colorField,
            type: "quantitative",
            title: normalize ? "share of row" : "count",
            scale: { scheme: "blues", domain: [0, max > 0 ? max : 1] },
          },
          tooltip: [
            { field: "true", title: "true class" },
            { field: "predicted" },
            { field: "count", type: "quantitative" },
            { field: "share", type: "quantitative", format: ".1%", title: "share of row" },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: cell >= 24 ? 10 : 8 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: {
            condition: { test: `datum.${colorField} > ${(max > 0 ? max : 1) * 0.5}`, value: "white" },
            value: "black",
          },
        },
      },
    ],
  };
  const total = values.reduce((a, v) => a + v.count, 0);
  const right = rows.reduce((a, row, i) => a + row[i]!, 0);
  const acc = total > 0 ? ` (accuracy ${((100 * right) / total).toFixed(1)}%)` : "";
  return new Chart(
    spec as unknown as VegaLiteSpec,
    `confusion matrix of ${n} classes, ${total} examples${acc}`,
  );
}
