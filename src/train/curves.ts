/**
 * Training curves: metrics recorded over steps and drawn as one Vega-Lite chart, one panel per
 * metric (a training metric and its `eval_`/`val_`/`test_` twin share a panel). Training series
 * are drawn smoothed over their raw values; evaluation series as points joined by a line. In a
 * notebook, `loop.everySteps(20, curves.live(display))` keeps one output up to date, redrawn at
 * most a few times a second and never taking more than a small share of the training time.
 */
import { TsmlxError } from "../core/errors.js";
import { JUPYTER_DISPLAY } from "../core/mime.js";
import {
  type ChartDisplay,
  chartDisplay,
  renderPng,
  renderSvg,
  VEGALITE_MIME,
  VEGALITE_SCHEMA,
  type VegaLiteSpec,
} from "../display/vega.js";
import type { Loop, LoopCallback } from "./loop.js";

/** What {@link TrainingCurves.live} calls to show the chart: the kernel's `display`. */
export type ShowFunction = (value: unknown, options: { displayId: string; update: boolean }) => void;

/** Options of {@link TrainingCurves}. */
export interface CurvesOptions {
  /** Title over the panels. */
  readonly title?: string;
  /** Size of one panel's plot area in pixels (default 320 × 180); panels sit two to a row. */
  readonly panelWidth?: number;
  readonly panelHeight?: number;
  /** Metrics drawn on a logarithmic axis, by panel name (`loss` covers `eval_loss`; default none). */
  readonly logScale?: readonly string[];
  /**
   * Exponential smoothing of training series, 0 (none) to below 1 (default 0.6): each drawn value
   * is `w * previous + (1 - w) * value`, debiased at the start; the raw values stay drawn faintly.
   */
  readonly smoothing?: number;
  /** Live redraws per second at most (default 2). */
  readonly maxUpdatesPerSecond?: number;
  /**
   * The largest share of wall time live redraws may take (default 0.02): after a redraw that took
   * `t`, the next waits until all redraws so far, it and the final one fit in that share (two
   * redraws, the first and the last, are always made: a run of a few seconds may exceed it).
   */
  readonly maxOverhead?: number;
}

/** Counts of what {@link TrainingCurves.live} did, and the time its redraws took. */
export interface LiveStats {
  /** Callbacks that recorded metrics. */
  readonly calls: number;
  /** Redraws shown (the first display, its updates and the final one). */
  readonly shown: number;
  /** Milliseconds spent drawing and showing, in total. */
  readonly showMs: number;
}

const SPLIT_PREFIX = /^(eval|val|valid|validation|test|train)[_/]/;
const EVAL_PREFIX = /^(eval|val|valid|validation|test)[_/]/;
/** Points drawn per series at most (longer series are thinned evenly, the last point kept). */
const MAX_DRAWN = 1000;

let nextId = 0;

/** Debiased exponential moving average of `ys` (TensorBoard's smoothing). `smoothSeries([4, 2], 0.5) // [4, 2.667]` */
export function smoothSeries(ys: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1))
    throw new TsmlxError("TrainingCurves", `smoothing must be in [0, 1), got ${weight}`);
  let acc = 0;
  let norm = 0;
  return ys.map((y) => {
    if (!Number.isFinite(y)) return y;
    acc = weight * acc + (1 - weight) * y;
    norm = weight * norm + (1 - weight);
    return acc / norm;
  });
}

function thin<T>(points: readonly T[]): readonly T[] {
  if (points.length <= MAX_DRAWN) return points;
  const every = Math.ceil(points.length / MAX_DRAWN);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Metrics over training steps, as charts.
 * `const curves = new TrainingCurves(); loop.everySteps(20, curves.live(display)); await loop.runEpochs(2)`
 */
export class TrainingCurves {
  readonly #series = new Map<string, [number, number][]>();
  readonly #options: CurvesOptions;
  readonly #id = `tsmlx-curves-${process.pid}-${nextId++}`;
  #version = 0;
  #rendered: { version: number; display: ChartDisplay } | undefined;
  #stats = { calls: 0, shown: 0, showMs: 0 };

  constructor(options: CurvesOptions = {}) {
    if (options.smoothing !== undefined) smoothSeries([], options.smoothing);
    for (const key of ["maxUpdatesPerSecond", "maxOverhead"] as const) {
      const v = options[key];
      if (v !== undefined && !(v > 0))
        throw new TsmlxError("TrainingCurves", `${key} must be a positive number, got ${v}`);
    }
    this.#options = options;
  }

  /** Adds one value per metric at `step`. `curves.record(100, { loss: 0.42, accuracy: 0.88 })` */
  record(step: number, metrics: Readonly<Record<string, number>>): void {
    if (!Number.isFinite(step))
      throw new TsmlxError("TrainingCurves", `step must be a finite number, got ${step}`);
    for (const [name, value] of Object.entries(metrics)) {
      if (typeof value !== "number") {
        throw new TsmlxError(
          "TrainingCurves",
          `metric ${name} at step ${step} is ${typeof value}, not a number`,
        );
      }
      const s = this.#series.get(name);
      if (s) s.push([step, value]);
      else this.#series.set(name, [[step, value]]);
    }
    this.#version++;
  }

  /** The metric names recorded so far, in first-seen order. */
  get names(): string[] {
    return [...this.#series.keys()];
  }

  /** The (step, value) points of one metric. `curves.points("loss").at(-1)` */
  points(name: string): readonly (readonly [number, number])[] {
    return this.#series.get(name) ?? [];
  }

  /** The panels: panel name (the metric without its split prefix) to the metrics drawn in it. */
  panels(): Map<string, string[]> {
    const panels = new Map<string, string[]>();
    for (const name of this.#series.keys()) {
      const key = name.replace(SPLIT_PREFIX, "");
      const list = panels.get(key);
      if (list) list.push(name);
      else panels.set(key, [name]);
    }
    return panels;
  }

  /** What live updates did so far. `curves.liveStats.shown` */
  get liveStats(): LiveStats {
    return { ...this.#stats };
  }

  /**
   * A loop callback that records the event's metrics at its step, then shows the chart through
   * `show`: first as a new output, then replacing it — at most `maxUpdatesPerSecond` times a
   * second and within `maxOverhead` of the time, as {@link frame}s (spec and SVG) — and, when the
   * loop's run ends, once more as the whole chart with its PNG.
   * `loop.everySteps(25, curves.live(display))`
   */
  live(show: ShowFunction): LoopCallback {
    if (typeof show !== "function") {
      throw new TsmlxError("TrainingCurves", `live needs a display function, got ${typeof show}`);
    }
    const minGap = 1000 / (this.#options.maxUpdatesPerSecond ?? 2);
    const share = this.#options.maxOverhead ?? 0.02;
    const start = performance.now();
    let shown = false;
    let complete = false;
    let shownVersion = -1;
    let lastAt = 0;
    let lastCost = 0;
    let spent = 0;
    const loops = new WeakSet<Loop>();
    const redraw = (final: boolean) => {
      const t0 = performance.now();
      show(final ? this : this.frame(), { displayId: this.#id, update: shown });
      const t1 = performance.now();
      shown = true;
      complete = final;
      shownVersion = this.#version;
      lastAt = t1;
      lastCost = t1 - t0;
      spent += lastCost;
      this.#stats.shown++;
      this.#stats.showMs += lastCost;
    };
    return (e) => {
      this.record(e.step, e.metrics);
      this.#stats.calls++;
      if (!loops.has(e.loop)) {
        loops.add(e.loop);
        // The run's end shows the whole chart, with its PNG, whatever the throttle skipped.
        e.loop.atEnd(() => {
          if (!complete || shownVersion !== this.#version) redraw(true);
        });
      }
      const now = performance.now();
      // A redraw is due when the last is minGap old and all redraws — this one (costed as the
      // last) and the final one with its PNG (costed as two) included — stay within `share` of
      // the time since the callback was made.
      if (!shown || (now - lastAt >= minGap && spent + 3 * lastCost <= share * (now - start))) redraw(false);
    };
  }

  /**
   * The chart as a live frame: the spec, its SVG and the text, without the PNG (which the end of
   * a live run adds), so that redraws during training cost half as much.
   * `display(curves.frame(), { displayId, update: true })`
   */
  frame(): { [JUPYTER_DISPLAY](): { data: Record<string, unknown>; metadata: object }; toString(): string } {
    const text = this.toString();
    return {
      [JUPYTER_DISPLAY]: () => {
        const spec = this.spec();
        return {
          data: { "text/plain": text, [VEGALITE_MIME]: spec, "image/svg+xml": renderSvg(spec) },
          metadata: {},
        };
      },
      toString: () => text,
    };
  }

  /** The chart as a Vega-Lite v5 spec: one panel per metric, two panels to a row. */
  spec(): VegaLiteSpec {
    const width = this.#options.panelWidth ?? 320;
    const height = this.#options.panelHeight ?? 180;
    const weight = this.#options.smoothing ?? 0.6;
    const panels = [...this.panels().entries()];
    const values: Record<string, string | number | null>[] = [];
    for (const [panel, names] of panels) {
      for (const name of names) {
        const pts = this.#series.get(name)!;
        const split = EVAL_PREFIX.test(name) ? "eval" : "train";
        const smooth =
          split === "train" && weight > 0
            ? smoothSeries(
                pts.map(([, v]) => v),
                weight,
              )
            : undefined;
        const rows = pts.map(([step, value], i) => ({
          panel,
          metric: name,
          split,
          step,
          value: finite(value),
          smoothed: finite(smooth ? smooth[i]! : value),
        }));
        values.push(...thin(rows));
      }
    }
    const view = ([panel, names]: [string, string[]], i: number) => {
      const log = this.#options.logScale?.includes(panel) ?? false;
      const y = {
        type: "quantitative",
        title: panel,
        scale: log ? { type: "log" } : { zero: false },
      };
      const filter = (split: string) => ({
        filter: `datum.panel === ${JSON.stringify(panel)} && datum.split === '${split}'${log ? " && datum.value > 0" : ""}`,
      });
      const color = {
        field: "metric",
        type: "nominal",
        title: null,
        sort: names,
        legend: { orient: "bottom", direction: "horizontal" },
      };
      const pick = `pick_${i}`;
      const faded = { condition: { param: pick, value: 1 }, value: 0.15 };
      const tooltip = [
        { field: "metric", type: "nominal" },
        { field: "step", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".4~g" },
      ];
      // The zoom and legend selections live in the first layer drawn.
      const params = [
        { name: `zoom_${i}`, select: "interval", bind: "scales" },
        { name: pick, select: { type: "point", fields: ["metric"] }, bind: "legend" },
      ];
      const hasTrain = names.some((n) => !EVAL_PREFIX.test(n));
      const hasEval = names.some((n) => EVAL_PREFIX.test(n));
      const layers: Record<string, unknown>[] = [];
      if (hasTrain) {
        layers.push({
          transform: [filter("train")],
          params,
          mark: { type: "line", strokeWidth: 2, tooltip: true },
          encoding: {
            y: { field: "smoothed", ...y },
            color,
            opacity: faded,
            tooltip: [...tooltip, { field: "smoothed", type: "quantitative", format: ".4~g" }],
          },
        });
        if (weight > 0) {
          layers.push({
            transform: [filter("train")],
            mark: { type: "line", strokeWidth: 1 },
            encoding: {
              y: { field: "value", ...y },
              color,
              opacity: { condition: { param: pick, value: 0.3 }, value: 0.05 },
            },
          });
        }
      }
      if (hasEval) {
        layers.push({
          transform: [filter("eval")],
          ...(hasTrain ? {} : { params }),
          mark: { type: "line", strokeDash: [4, 3], point: { filled: true, size: 45 }, tooltip: true },
          encoding: { y: { field: "value", ...y }, color, opacity: faded, tooltip },
        });
      }
      return {
        width,
        height,
        // Pixels of room at each end of the x axis: a point at the last step is drawn whole.
        encoding: {
          x: { field: "step", type: "quantitative", title: "step", scale: { nice: false, padding: 8 } },
        },
        layer: layers,
      };
    };
    const spec: Record<string, unknown> = {
      $schema: VEGALITE_SCHEMA,
      ...(this.#options.title ? { title: this.#options.title } : {}),
      // A named dataset: redraws with new points reuse the compiled chart.
      data: { name: "metrics" },
      datasets: { metrics: values },
    };
    if (panels.length === 0) {
      Object.assign(spec, {
        width,
        height,
        datasets: { metrics: [{}] },
        mark: { type: "text", text: "no data yet", color: "gray" },
      });
    } else {
      Object.assign(spec, {
        columns: Math.min(2, panels.length),
        concat: panels.map((p, i) => view(p, i)),
        resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
      });
    }
    return spec as unknown as VegaLiteSpec;
  }

  /** The chart drawn now: spec, PNG, SVG and the text summary (kept until the next record). */
  display(): ChartDisplay {
    if (this.#rendered?.version !== this.#version) {
      const spec = this.spec();
      const svg = renderSvg(spec);
      this.#rendered = {
        version: this.#version,
        display: chartDisplay(spec, svg, renderPng(svg), this.toString()),
      };
    }
    return this.#rendered.display;
  }

  /** The chart as SVG text, drawn by vega. */
  svg(): string {
    return this.display().data["image/svg+xml"];
  }

  /** The chart as PNG bytes (twice the SVG's size). */
  png(): Uint8Array {
    return Buffer.from(this.display().data["image/png"], "base64");
  }

  /** The last value of each metric: `loss 0.4213 · accuracy 0.8812 (step 400)`. */
  toString(): string {
    if (this.#series.size === 0) return "TrainingCurves (nothing recorded yet)";
    let step = Number.NEGATIVE_INFINITY;
    const last = [...this.#series.entries()].map(([name, pts]) => {
      const [s, v] = pts.at(-1)!;
      step = Math.max(step, s);
      return `${name} ${Number(v.toPrecision(4))}`;
    });
    return `${last.join(" · ")} (step ${step})`;
  }

  /** Notebook display: the Vega-Lite chart with its PNG and SVG renderings and the summary as text. */
  [JUPYTER_DISPLAY](): ChartDisplay {
    return this.display();
  }
}
