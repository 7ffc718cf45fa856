/**
 * A minimal PNG encoder (node:zlib for deflate and CRC-32): 8-bit grey, grey and alpha, RGB or
 * RGBA, no filtering. Tensors use it for their inline images and heatmaps; `tm.imageGrid` for grids.
 */
import { crc32, deflateSync } from "node:zlib";
import { TsmlxError } from "./errors.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_TYPES: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  v.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/**
 * An 8-bit PNG of `height` rows of `width` pixels with `channels` bytes each (1 grey, 2 grey
 * and alpha, 3 RGB, 4 RGBA), row-major.
 * `writeFileSync("dot.png", encodePng(1, 1, 3, new Uint8Array([255, 0, 0])))`
 */
export function encodePng(width: number, height: number, channels: number, pixels: Uint8Array): Uint8Array {
  const colorType = COLOR_TYPES[channels];
  if (colorType === undefined)
    throw new TsmlxError("encodePng", `channels must be 1, 2, 3 or 4, got ${channels}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new TsmlxError("encodePng", `width and height must be positive integers, got ${width}×${height}`);
  const row = width * channels;
  if (pixels.length !== row * height)
    throw new TsmlxError(
      "encodePng",
      `${width}×${height}×${channels} pixels need ${row * height} bytes, got ${pixels.length}`,
    );
  // Each scanline starts with its filter type (0: none).
  const raw = new Uint8Array((row + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * row, (y + 1) * row), y * (row + 1) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
