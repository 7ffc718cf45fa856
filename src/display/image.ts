/**
 * Images in notebooks: a minimal PNG encoder (node:zlib for deflate and CRC-32) and
 * {@link imageGrid}, which shows a batch of images `[N,H,W,C]` as one PNG plus, when labels
 * are given, an HTML grid with a caption under each image.
 */
import { isFloat } from "../core/dtype.js";
import { readElement } from "../core/elements.js";
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import { encodePng } from "../core/png.js";
import type { Tensor } from "../core/tensor.js";

export { encodePng } from "../core/png.js";

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** A caption per image (e.g. class names), shown under it in the HTML view. */
  readonly labels?: readonly string[];
  /** Images per row (default: up to 8). */
  readonly columns?: number;
  /** Each image pixel becomes `scale`×`scale` screen pixels (default 2). */
  readonly scale?: number;
}

/** Bytes of one image `[H,W,C]` of a batch: floats are taken as [0, 1], integers as 0..255. */
function imageBytes(images: Tensor, index: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const { dtype, data } = images;
  const float = isFloat(dtype);
  for (let k = 0; k < size; k++) {
    const x = Number(readElement(dtype, data, index * size + k));
    const v = float ? x * 255 : x;
    out[k] = Number.isNaN(v) ? 0 : Math.max(0, Math.min(255, Math.round(v)));
  }
  return out;
}

function scaleUp(pixels: Uint8Array, w: number, h: number, c: number, s: number): Uint8Array {
  if (s === 1) return pixels;
  const out = new Uint8Array(w * s * h * s * c);
  for (let y = 0; y < h * s; y++)
    for (let x = 0; x < w * s; x++) {
      const from = (Math.floor(y / s) * w + Math.floor(x / s)) * c;
      out.set(pixels.subarray(from, from + c), (y * w * s + x) * c);
    }
  return out;
}

/** A batch of images shown as a grid; see {@link imageGrid}. */
export class ImageGrid {
  /** The grid as one PNG (images separated by 2 white pixels). */
  readonly png: Uint8Array;
  readonly #html: string;
  readonly #text: string;

  constructor(images: Tensor, options: ImageGridOptions = {}) {
    const dims = images.shape.dims;
    if (dims.length !== 4 || ![1, 3, 4].includes(dims[3]!))
      throw new TsmlxError(
        "imageGrid",
        `images must be [N,H,W,C] with C 1, 3 or 4, got ${images.dtype}[${dims.join(",")}]`,
      );
    const [n, h, w, c] = dims as [number, number, number, number];
    if (n === 0) throw new TsmlxError("imageGrid", "no images to show (N is 0)");
    const labels = options.labels;
    if (labels && labels.length !== n)
      throw new TsmlxError("imageGrid", `${n} images but ${labels.length} labels`);
    const scale = options.scale ?? 2;
    const columns = Math.min(n, options.columns ?? 8);
    const rows = Math.ceil(n / columns);
    const gap = 2;
    const cw = columns * (w * scale + gap) - gap;
    const ch = rows * (h * scale + gap) - gap;
    const grid = new Uint8Array(cw * ch * c).fill(255);
    const tiles: string[] = [];
    for (let i = 0; i < n; i++) {
      const tile = scaleUp(imageBytes(images, i, h * w * c), w, h, c, scale);
      const ox = (i % columns) * (w * scale + gap);
      const oy = Math.floor(i / columns) * (h * scale + gap);
      for (let y = 0; y < h * scale; y++)
        grid.set(tile.subarray(y * w * scale * c, (y + 1) * w * scale * c), ((oy + y) * cw + ox) * c);
      if (labels) {
        const src = Buffer.from(encodePng(w * scale, h * scale, c, tile)).toString("base64");
        tiles.push(
          `<figure style="margin:2px;text-align:center"><img src="data:image/png;base64,${src}" ` +
            `alt="${escapeHtml(labels[i]!)}" style="image-rendering:pixelated"/>` +
            `<figcaption style="font:11px sans-serif">${escapeHtml(labels[i]!)}</figcaption></figure>`,
        );
      }
    }
    this.png = encodePng(cw, ch, c, grid);
    this.#html = labels
      ? `<div style="display:grid;grid-template-columns:repeat(${columns},max-content);gap:2px">${tiles.join("")}</div>`
      : "";
    this.#text = `${n} images ${images.dtype}[${dims.join(",")}]${labels ? `: ${labels.join(", ")}` : ""}`;
  }

  /** The bundle the kernel shows: PNG, the captioned HTML grid when labelled, and a text line. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const bundle: MimeBundle = {
      "text/plain": this.#text,
      "image/png": Buffer.from(this.png).toString("base64"),
    };
    if (this.#html) bundle["text/html"] = this.#html;
    return bundle;
  }

  toString(): string {
    return this.#text;
  }
}

/**
 * A batch of images `[N,H,W,C]` (u8 0..255 or floats in [0, 1]) to show in a notebook,
 * optionally with a caption per image.
 * `display(imageGrid(train.images.slice(0, 8), { labels: names }))`
 */
export function imageGrid(images: Tensor, options: ImageGridOptions = {}): ImageGrid {
  return new ImageGrid(images, options);
}
