/**
 * Images in notebooks: {@link imageGrid} shows a batch of images `[N,H,W,C]` as one PNG, with a
 * caption drawn under each image when labels are given (so that every front end and converter
 * shows the same picture).
 */
import { isFloat } from "../core/dtype.js";
import { readElement } from "../core/elements.js";
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import { encodePng } from "../core/png.js";
import type { Tensor } from "../core/tensor.js";
import { renderPng } from "./vega.js";

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /**
   * A caption per image (e.g. class names), drawn under it in the picture; a `\n` starts a
   * second line (`"pred cat\ntrue dog"`).
   */
  readonly labels?: readonly string[];
  /** A colour per caption (CSS colour names or `#rrggbb`; default dark grey), e.g. green and red for right and wrong. */
  readonly labelColors?: readonly string[];
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

const CAPTION_FONT = 11;
const CAPTION_LINE = 13;

/** A batch of images shown as a grid; see {@link imageGrid}. */
export class ImageGrid {
  /**
   * The grid as one PNG: images separated by 2 white pixels; with labels, each caption drawn
   * under its image (then at twice the layout size, text rendered by resvg).
   */
  readonly png: Uint8Array;
  /** The size the PNG is shown at (its layout size). */
  readonly width: number;
  readonly height: number;
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
    const { labels, labelColors } = options;
    if (labels && labels.length !== n)
      throw new TsmlxError("imageGrid", `${n} images but ${labels.length} labels`);
    if (labelColors && labelColors.length !== n)
      throw new TsmlxError("imageGrid", `${n} images but ${labelColors.length} label colours`);
    const bad = labelColors?.find((col) => !/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$/.test(col));
    if (bad !== undefined)
      throw new TsmlxError(
        "imageGrid",
        `label colour ${JSON.stringify(bad)} is not #rrggbb or a colour name`,
      );
    const scale = options.scale ?? 2;
    const columns = Math.min(n, options.columns ?? 8);
    const rows = Math.ceil(n / columns);
    const gap = 2;
    const tiles = Array.from({ length: n }, (_, i) =>
      scaleUp(imageBytes(images, i, h * w * c), w, h, c, scale),
    );
    const [tw, th] = [w * scale, h * scale];
    if (!labels) {
      const cw = columns * (tw + gap) - gap;
      const ch = rows * (th + gap) - gap;
      const grid = new Uint8Array(cw * ch * c).fill(255);
      tiles.forEach((tile, i) => {
        const ox = (i % columns) * (tw + gap);
        const oy = Math.floor(i / columns) * (th + gap);
        for (let y = 0; y < th; y++)
          grid.set(tile.subarray(y * tw * c, (y + 1) * tw * c), ((oy + y) * cw + ox) * c);
      });
      this.png = encodePng(cw, ch, c, grid);
      [this.width, this.height] = [cw, ch];
    } else {
      // Captions: each cell is as wide as its image or its longest caption line.
      const lines = labels.map((l) => l.split("\n"));
      const most = Math.max(...lines.map((l) => l.length));
      const longest = Math.max(...lines.flat().map((l) => l.length));
      const cellW = Math.max(tw, Math.ceil(longest * CAPTION_FONT * 0.62) + 4);
      const cellH = th + most * CAPTION_LINE + 4;
      const cw = columns * (cellW + gap * 3) - gap * 3;
      const ch = rows * (cellH + gap * 3) - gap * 3;
      const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${cw}" height="${ch}" viewBox="0 0 ${cw} ${ch}" font-family="DejaVu Sans, sans-serif" font-size="${CAPTION_FONT}">`,
        `<rect width="${cw}" height="${ch}" fill="white"/>`,
      ];
      tiles.forEach((tile, i) => {
        const x = (i % columns) * (cellW + gap * 3);
        const y = Math.floor(i / columns) * (cellH + gap * 3);
        const src = Buffer.from(encodePng(tw, th, c, tile)).toString("base64");
        parts.push(
          `<image x="${x + (cellW - tw) / 2}" y="${y}" width="${tw}" height="${th}" image-rendering="optimizeSpeed" href="data:image/png;base64,${src}"/>`,
        );
        const color = labelColors?.[i] ?? "#333";
        lines[i]!.forEach((line, k) => {
          parts.push(
            `<text x="${x + cellW / 2}" y="${y + th + CAPTION_LINE * (k + 1)}" text-anchor="middle" fill="${color}">${escapeHtml(line)}</text>`,
          );
        });
      });
      parts.push("</svg>");
      this.png = renderPng(parts.join(""), { scale: 2 });
      [this.width, this.height] = [cw, ch];
    }
    this.#text = `${n} images ${images.dtype}[${dims.join(",")}]${labels ? `: ${labels.map((l) => l.replace(/\n/g, " / ")).join(", ")}` : ""}`;
  }

  /** The bundle the kernel shows: the PNG (at its layout size) and a line of text. */
  [JUPYTER_DISPLAY](): { data: MimeBundle; metadata: Record<string, unknown> } {
    return {
      data: { "text/plain": this.#text, "image/png": Buffer.from(this.png).toString("base64") },
      metadata: { "image/png": { width: this.width, height: this.height } },
    };
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
