/**
 * The HTML view of a tensor of any rank: a header with its type and summary statistics (min,
 * max, mean, NaN and Inf counts), a picture where the data is one (an image for `[H,W,C]` and
 * `[N,H,W,C]` with 1, 3 or 4 channels of bytes or of floats in [0, 1]; a heatmap for a matrix),
 * and the values as 2-D slices, each its own table under its index (`[1, :, :]`), so that no
 * table holds nested brackets. Colours come from JupyterLab's CSS variables (with light-theme
 * fallbacks elsewhere), so the view reads in dark themes too.
 */
import { type DType, isFloat, type TypedArray } from "./dtype.js";
import { readElement } from "./elements.js";
import { formatElement, SUMMARIZE_THRESHOLD, shownIndices } from "./format.js";
import { encodePng } from "./png.js";

/** Summary statistics of a tensor's elements. */
export interface TensorStats {
  /** Elements in all. */
  readonly size: number;
  /** Smallest, largest and mean of the finite elements (NaN when there are none). */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** NaN elements, and infinite ones (either sign). */
  readonly nan: number;
  readonly inf: number;
}

/**
 * Min, max and mean over the finite elements, and the NaN and Inf counts (booleans count as 0/1).
 * `tensorStats("f32", [3], new Float32Array([1, NaN, 3])).mean === 2`
 */
export function tensorStats(dtype: DType, data: TypedArray): TensorStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let finite = 0;
  let nan = 0;
  let inf = 0;
  const fast =
    dtype === "f32" ||
    dtype === "f64" ||
    dtype === "i32" ||
    dtype === "u8" ||
    dtype === "i8" ||
    dtype === "i16" ||
    dtype === "u32";
  for (let i = 0; i < data.length; i++) {
    const v = fast ? (data[i] as number) : Number(readElement(dtype, data, i));
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      finite++;
    }
  }
  return finite === 0
    ? { size: data.length, min: Number.NaN, max: Number.NaN, mean: Number.NaN, nan, inf }
    : { size: data.length, min, max, mean: sum / finite, nan, inf };
}

const FONT = "font-family:var(--jp-code-font-family,monospace);font-size:var(--jp-code-font-size,12px)";
const MUTED = "color:var(--jp-content-font-color2,#666)";
const TABLE =
  "border-collapse:collapse;text-align:right;margin:2px 0 6px 0;color:var(--jp-content-font-color1,inherit);font:inherit";
const TD = "padding:1px 6px;border:1px solid var(--jp-border-color2,#ddd)";
const TH = `padding:1px 6px;font-weight:normal;${MUTED};font-size:smaller`;
/** Slices shown of a tensor of rank 3 or more (the first ones and the last). */
const MAX_SLICES = 4;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A short number for the header: `0.5`, `-1.234`, `1.2e-5`, `nan`. */
function short(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** The header line: type, then statistics (for numbers) or the count of true (for booleans). */
function header(dtype: DType, dims: readonly number[], stats: TensorStats): string {
  const type = `<b>${esc(`${dtype}[${dims.join(",")}]`)}</b>`;
  if (stats.size === 0) return `${type} · empty`;
  if (dtype === "bool") return `${type} · ${stats.mean * stats.size} of ${stats.size} true`;
  const parts = [type];
  if (stats.size > 1) {
    parts.push(`min ${short(stats.min)}`, `max ${short(stats.max)}`, `mean ${short(stats.mean)}`);
  }
  if (isFloat(dtype)) parts.push(`${stats.nan} NaN`, `${stats.inf} Inf`);
  return parts.join(" · ");
}

/** One 2-D table (rows × cols starting at `offset`) with row and column indices. */
function sliceTable(
  dtype: DType,
  data: TypedArray,
  offset: number,
  rows: number,
  cols: number,
  summarize: boolean,
  indexHeaders: boolean,
): string {
  const ri = shownIndices(rows, summarize);
  const ci = shownIndices(cols, summarize);
  const head = indexHeaders
    ? `<tr><th style="${TH}"></th>${ci.map((c) => `<th style="${TH}">${c < 0 ? "…" : c}</th>`).join("")}</tr>`
    : "";
  const body = ri
    .map((r) => {
      const label = indexHeaders ? `<th style="${TH}">${r < 0 ? "⋮" : r}</th>` : "";
      const cells = ci.map((c) => {
        const text =
          r < 0 || c < 0 ? "…" : esc(formatElement(dtype, readElement(dtype, data, offset + r * cols + c)));
        return `<td style="${TD}">${text}</td>`;
      });
      return `<tr>${label}${cells.join("")}</tr>`;
    })
    .join("");
  return `<table style="${TABLE}">${head}${body}</table>`;
}

/** The leading indices of the slices shown (-1 marks the gap), for a tensor of rank ≥ 3. */
function sliceIndices(lead: readonly number[]): number[][] {
  const count = lead.reduce((a, b) => a * b, 1);
  const flat =
    count <= MAX_SLICES
      ? Array.from({ length: count }, (_, i) => i)
      : [...Array.from({ length: MAX_SLICES - 1 }, (_, i) => i), -1, count - 1];
  return flat.map((f) => {
    if (f < 0) return [];
    const idx = new Array<number>(lead.length);
    for (let a = lead.length - 1; a >= 0; a--) {
      idx[a] = f % lead[a]!;
      f = Math.floor(f / lead[a]!);
    }
    return idx;
  });
}

// ------------------------------------------------------------------ pictures

/** Viridis at 9 evenly spaced points (matplotlib's colour map, dark blue to yellow). */
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
] as const;

/** The viridis colour of `t` in [0, 1]. `viridis(0)` → `[68, 1, 84]` */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** How a tensor can be drawn: as images, as a heatmap, or not at all. */
export type TensorPicture = "image" | "images" | "heatmap" | undefined;

/**
 * Whether a tensor reads as a picture: `[H,W,C]` or `[N,H,W,C]` images (C 1, 3 or 4; bytes, or
 * floats all in [0, 1]; H and W at least 4), or a matrix of at least 4 × 4 finite numbers that
 * are not all equal, drawn as a heatmap.
 * `pictureKind("u8", [28, 28, 1], stats) === "image"`
 */
export function pictureKind(dtype: DType, dims: readonly number[], stats: TensorStats): TensorPicture {
  if (dtype === "bool" || stats.size === 0) return undefined;
  const pixels =
    dtype === "u8" ||
    (isFloat(dtype) && stats.nan === 0 && stats.inf === 0 && stats.min >= 0 && stats.max <= 1);
  const hw = (h: number, w: number) => h >= 4 && w >= 4;
  const channels = (c: number) => c === 1 || c === 3 || c === 4;
  if (pixels && dims.length === 3 && channels(dims[2]!) && hw(dims[0]!, dims[1]!)) return "image";
  if (pixels && dims.length === 4 && channels(dims[3]!) && hw(dims[1]!, dims[2]!) && dims[0]! > 0)
    return "images";
  if (dims.length === 2 && hw(dims[0]!, dims[1]!) && Number.isFinite(stats.min) && stats.max > stats.min)
    return "heatmap";
  return undefined;
}

/** Nearest-neighbour resampling factor: small pictures grow to about 96 px, big ones shrink to 384. */
function zoom(h: number, w: number): number {
  const big = Math.max(h, w);
  if (big > 384) return 384 / big;
  return Math.max(1, Math.min(8, Math.floor(96 / big)));
}

function pngImg(width: number, height: number, channels: number, px: Uint8Array, alt: string): string {
  const src = Buffer.from(encodePng(width, height, channels, px)).toString("base64");
  return `<img src="data:image/png;base64,${src}" alt="${esc(alt)}" width="${width}" height="${height}" style="image-rendering:pixelated;margin:2px 4px 4px 0"/>`;
}

/** Pixels of image `[H,W,C]` at element `offset`, resampled by `z`. */
function imagePixels(
  dtype: DType,
  data: TypedArray,
  offset: number,
  h: number,
  w: number,
  c: number,
  z: number,
) {
  const oh = Math.max(1, Math.round(h * z));
  const ow = Math.max(1, Math.round(w * z));
  const out = new Uint8Array(oh * ow * c);
  const float = isFloat(dtype);
  for (let y = 0; y < oh; y++) {
    const sy = Math.min(h - 1, Math.floor(y / z));
    for (let x = 0; x < ow; x++) {
      const sx = Math.min(w - 1, Math.floor(x / z));
      for (let k = 0; k < c; k++) {
        const v = Number(readElement(dtype, data, offset + (sy * w + sx) * c + k));
        out[(y * ow + x) * c + k] = Math.max(0, Math.min(255, Math.round(float ? v * 255 : v)));
      }
    }
  }
  return { out, oh, ow };
}

/** The picture of a tensor as `<img>` elements (empty when it is none). `tensorPicture(t.dtype, t.shape.dims, t.data, tensorStats(t.dtype, t.data))` */
export function tensorPicture(
  dtype: DType,
  dims: readonly number[],
  data: TypedArray,
  stats: TensorStats,
): string {
  const kind = pictureKind(dtype, dims, stats);
  if (kind === "image" || kind === "images") {
    const [n, h, w, c] = kind === "image" ? [1, ...dims] : dims;
    const z = zoom(h!, w!);
    const shown = Math.min(n!, 8);
    const imgs = Array.from({ length: shown }, (_, i) => {
      const { out, oh, ow } = imagePixels(dtype, data, i * h! * w! * c!, h!, w!, c!, z);
      return pngImg(ow, oh, c!, out, kind === "image" ? "image" : `image ${i}`);
    });
    const more = n! > shown ? `<span style="${MUTED}">… ${n! - shown} more</span>` : "";
    return `<div>${imgs.join("")}${more}</div>`;
  }
  if (kind === "heatmap") {
    const [h, w] = dims as [number, number];
    const z = zoom(h, w);
    const oh = Math.max(1, Math.round(h * z));
    const ow = Math.max(1, Math.round(w * z));
    const px = new Uint8Array(oh * ow * 3);
    const span = stats.max - stats.min;
    for (let y = 0; y < oh; y++) {
      const sy = Math.min(h - 1, Math.floor(y / z));
      for (let x = 0; x < ow; x++) {
        const v = Number(readElement(dtype, data, sy * w + Math.min(w - 1, Math.floor(x / z))));
        // NaN and ±Inf are drawn in grey, apart from the colour map.
        const rgb = Number.isFinite(v) ? viridis((v - stats.min) / span) : [128, 128, 128];
        px.set(rgb, (y * ow + x) * 3);
      }
    }
    const legend = `<span style="${MUTED};font-size:smaller">${short(stats.min)} ▁▂▃▄▅▆▇█ ${short(stats.max)}</span>`;
    return `<div>${pngImg(ow, oh, 3, px, "heatmap")}<br/>${legend}</div>`;
  }
  return "";
}

/**
 * The HTML view of a tensor: header with statistics, a picture where the data is one, and its
 * values as 2-D tables (one per slice for rank ≥ 3, the first and last few when there are many).
 * `tensorView("f32", [2, 2], new Float32Array([1, 2, 3, 4]))`
 */
export function tensorView(dtype: DType, dims: readonly number[], data: TypedArray): string {
  const stats = tensorStats(dtype, data);
  const size = dims.reduce((a, b) => a * b, 1);
  const summarize = size > SUMMARIZE_THRESHOLD;
  const parts = [`<div style="${MUTED}">${header(dtype, dims, stats)}</div>`];
  parts.push(tensorPicture(dtype, dims, data, stats));
  if (size === 0) {
    // nothing more to show
  } else if (dims.length <= 2) {
    const rows = dims.length === 2 ? dims[0]! : 1;
    const cols = dims.length === 0 ? 1 : dims[dims.length - 1]!;
    parts.push(
      sliceTable(dtype, data, 0, rows, cols, summarize, dims.length === 2 && (rows > 1 || cols > 1)),
    );
  } else {
    const lead = dims.slice(0, -2);
    const [rows, cols] = dims.slice(-2) as [number, number];
    for (const idx of sliceIndices(lead)) {
      if (idx.length === 0) {
        const count = lead.reduce((a, b) => a * b, 1);
        parts.push(`<div style="${MUTED}">⋮ ${count - MAX_SLICES} more slices</div>`);
        continue;
      }
      let offset = 0;
      for (let a = 0; a < lead.length; a++) offset = offset * lead[a]! + idx[a]!;
      offset *= rows * cols;
      parts.push(`<div style="${MUTED}">[${[...idx, ":", ":"].join(", ")}]</div>`);
      parts.push(sliceTable(dtype, data, offset, rows, cols, summarize, true));
    }
  }
  return `<div class="tsmlx-tensor" style="${FONT};color:var(--jp-content-font-color1,inherit)">${parts.join("")}</div>`;
}
