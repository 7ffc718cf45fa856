/**
 * Training curves: metrics recorded over steps and drawn as line charts, one panel per
 * metric (a training metric and its `eval_`/`val_`/`test_` twin share a panel). In a
 * notebook, `loop.everySteps(20, curves.live(display))` keeps one output up to date.
 */
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import { lineChartSvg } from "../display/chart.js";
import type { LoopCallback } from "./loop.js";

/** What {@link TrainingCurves.live} calls to show the chart: the kernel's `display`. */
export type ShowFunction = (value: unknown, options: { displayId: string; update: boolean }) => void;

/** Options of {@link TrainingCurves}. */
export interface CurvesOptions {
  /** Title over the panels. */
  readonly title?: string;
  /** Size of one panel in pixels (default 360 × 220); panels sit two to a row. */
  readonly panelWidth?: number;
  readonly panelHeight?: number;
  /** Metrics drawn on a logarithmic axis (default: none). */
  readonly logScale?: readonly string[];
}

const SPLIT_PREFIX = /^(eval|val|valid|validation|test|train)[_/]/;

let nextId = 0;

/**
 * Metrics over training steps, as charts.
 * `const curves = new TrainingCurves(); loop.everySteps(20, curves.live(display)); await loop.runEpochs(2)`
 */
export class TrainingCurves {
  readonly #series = new Map<string, [number, number][]>();
  readonly #options: CurvesOptions;
  readonly #id = `tsmlx-curves-${process.pid}-${nextId++}`;

  constructor(options: CurvesOptions = {}) {
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
  }

  /** The metric names recorded so far, in first-seen order. */
  get names(): string[] {
    return [...this.#series.keys()];
  }

  /** The (step, value) points of one metric. `curves.points("loss").at(-1)` */
  points(name: string): readonly (readonly [number, number])[] {
    return this.#series.get(name) ?? [];
  }

  /**
   * A loop callback that records the event's metrics at its step, then shows the chart
   * through `show` (first as a new output, then replacing it).
   * `loop.everySteps(25, curves.live(display))`
   */
  live(show: ShowFunction): LoopCallback {
    if (typeof show !== "function") {
      throw new TsmlxError("TrainingCurves", `live needs a display function, got ${typeof show}`);
    }
    let shown = false;
    return (e) => {
      this.record(e.step, e.metrics);
      show(this, { displayId: this.#id, update: shown });
      shown = true;
    };
  }

  /** The panels as one SVG document. */
  svg(): string {
    const w = this.#options.panelWidth ?? 360;
    const h = this.#options.panelHeight ?? 220;
    const panels = new Map<string, string[]>();
    for (const name of this.#series.keys()) {
      const key = name.replace(SPLIT_PREFIX, "");
      const list = panels.get(key);
      if (list) list.push(name);
      else panels.set(key, [name]);
    }
    const cols = Math.min(2, Math.max(1, panels.size));
    const rows = Math.max(1, Math.ceil(panels.size / cols));
    const top = this.#options.title ? 22 : 0;
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w * cols}" height="${h * rows + top}" font-family="sans-serif">`,
    ];
    if (this.#options.title) {
      parts.push(
        `<text x="${(w * cols) / 2}" y="16" text-anchor="middle" font-size="14">${escapeHtml(this.#options.title)}</text>`,
      );
    }
    if (panels.size === 0)
      parts.push(lineChartSvg([], { width: w, height: h }).replace("<svg ", `<svg y="${top}" `));
    [...panels.entries()].forEach(([key, names], i) => {
      const chart = lineChartSvg(
        names.map((name) => ({ name, points: this.#series.get(name)! })),
        {
          title: key,
          xLabel: "step",
          width: w,
          height: h,
          logY: this.#options.logScale?.includes(key) ?? false,
        },
      );
      parts.push(chart.replace("<svg ", `<svg x="${(i % cols) * w}" y="${top + Math.floor(i / cols) * h}" `));
    });
    parts.push("</svg>");
    return parts.join("\n");
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

  /** Notebook display: the chart as SVG, with the summary as text. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/plain": this.toString(), "image/svg+xml": this.svg() };
  }
}
