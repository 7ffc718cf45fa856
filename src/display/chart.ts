/**
 * Line charts as standalone SVG text: training curves and any other (x, y) series, shown
 * inline by notebook front ends (image/svg+xml) without a plotting library.
 */
import { escapeHtml } from "../core/mime.js";

/** One named line: points in x order (non-finite y values break the line). */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of {@link lineChartSvg}. */
export interface ChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Size in pixels (default 420 × 260). */
  readonly width?: number;
  readonly height?: number;
  /** A logarithmic y axis (values <= 0 are left out). */
  readonly logY?: boolean;
}

/** Line colours, in series order (repeats after ten). */
export const CHART_COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
] as const;

const MARGIN = { left: 56, right: 12, top: 28, bottom: 40 };

/**
 * About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi].
 * `niceTicks(0, 1, 5)` → `[0, 0.2, 0.4, 0.6, 0.8, 1]`
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  }
  return ticks;
}

/** A short label for a tick value: `1200`, `0.25`, `1e-4`, `3.5e+6`. */
export function tickLabel(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace(/\.0e/, "e");
  return String(Number(v.toPrecision(4)));
}

/**
 * A line chart of `series` as one `<svg>` element: axes with round ticks, one polyline per
 * series, a legend. Without any finite point it draws the frame and "no data yet".
 * `lineChartSvg([{ name: "loss", points: [[1, 2.3], [2, 1.9]] }], { title: "training" })`
 */
export function lineChartSvg(series: readonly ChartSeries[], options: ChartOptions = {}): string {
  const width = options.width ?? 420;
  const height = options.height ?? 260;
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const fy = options.logY ? (y: number) => (y > 0 ? Math.log10(y) : Number.NaN) : (y: number) => y;
  const usable = series.map((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(fy(y))));
  const xs = usable.flatMap((p) => p.map(([x]) => x));
  const ys = usable.flatMap((p) => p.map(([, y]) => fy(y)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title) {
    out.push(
      `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13">${escapeHtml(options.title)}</text>`,
    );
  }
  const frame = `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`;
  if (xs.length === 0) {
    out.push(
      frame,
      `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle" fill="#888">no data yet</text>`,
      "</svg>",
    );
    return out.join("\n");
  }
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - Math.max(1, Math.abs(y0)) * 0.1, y1 + Math.max(1, Math.abs(y1)) * 0.1];
  const pad = (y1 - y0) * 0.05;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const r = (v: number) => Number(v.toFixed(1));
  // Grid and tick labels.
  for (const t of niceTicks(x0, x1, 6)) {
    const x = r(px(t));
    out.push(
      `<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  const yTicks = options.logY
    ? niceTicks(Math.floor(y0), Math.ceil(y1), 5).filter((t) => Number.isInteger(t) && t >= y0 && t <= y1)
    : niceTicks(y0, y1, 5);
  for (const t of yTicks) {
    const y = r(py(t));
    out.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 4}" y="${y + 4}" text-anchor="end">${tickLabel(options.logY ? 10 ** t : t)}</text>`,
    );
  }
  out.push(frame);
  if (options.xLabel) {
    out.push(
      `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    );
  }
  if (options.yLabel) {
    const cy = MARGIN.top + plotH / 2;
    out.push(
      `<text x="12" y="${cy}" text-anchor="middle" transform="rotate(-90 12 ${cy})">${escapeHtml(options.yLabel)}</text>`,
    );
  }
  // Lines: a non-finite value ends one polyline and the next finite one starts another.
  series.forEach((s, i) => {
    const color = CHART_COLORS[i % CHART_COLORS.length]!;
    let run: string[] = [];
    const flush = () => {
      if (run.length === 1) {
        const [x, y] = run[0]!.split(",");
        out.push(`<circle cx="${x}" cy="${y}" r="2" fill="${color}"/>`);
      } else if (run.length > 1) {
        out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${run.join(" ")}"/>`);
      }
      run = [];
    };
    for (const [x, y] of s.points) {
      const v = fy(y);
      if (Number.isFinite(x) && Number.isFinite(v)) run.push(`${r(px(x))},${r(py(v))}`);
      else flush();
    }
    flush();
  });
  // Legend, top right inside the plot.
  series.forEach((s, i) => {
    const color = CHART_COLORS[i % CHART_COLORS.length]!;
    const y = MARGIN.top + 12 + i * 14;
    const x = MARGIN.left + plotW - 8;
    out.push(
      `<line x1="${x - 14}" y1="${y - 4}" x2="${x}" y2="${y - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${x - 18}" y="${y}" text-anchor="end">${escapeHtml(s.name)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}
