#!/usr/bin/env node
// Draws the kernel's logos (kernelspec/logo-32x32.png, logo-64x64.png): "TS" in a blocky
// white font on a blue tile with an orange bar. Writes PNGs with zlib and a hand-made CRC.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const GLYPHS = {
  T: ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
  S: ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const px = new Uint8Array(size * size * 4);
  const set = (x, y, [r, g, b, a]) => {
    const i = (y * size + x) * 4;
    px.set([r, g, b, a], i);
  };
  const radius = size / 8;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.max(radius - x - 0.5, x + 0.5 - (size - radius), 0);
      const dy = Math.max(radius - y - 0.5, y + 0.5 - (size - radius), 0);
      const inside = Math.hypot(dx, dy) <= radius;
      set(x, y, inside ? [49, 120, 198, 255] : [0, 0, 0, 0]);
    }
  }
  const cell = size / 16; // glyphs are 5x7 cells; "TS" spans 11 cells
  const left = Math.round((size - 11 * cell) / 2);
  const top = Math.round(size * 0.18);
  ["T", "S"].forEach((g, gi) => {
    GLYPHS[g].forEach((row, ry) => {
      [...row].forEach((bit, rx) => {
        if (bit !== "1") return;
        const x0 = left + (gi * 6 + rx) * cell;
        const y0 = top + ry * cell;
        for (let y = Math.round(y0); y < Math.round(y0 + cell); y++)
          for (let x = Math.round(x0); x < Math.round(x0 + cell); x++) set(x, y, [255, 255, 255, 255]);
      });
    });
  });
  const barTop = Math.round(size * 0.74);
  for (let y = barTop; y < barTop + Math.max(2, Math.round(size / 12)); y++)
    for (let x = left; x < size - left; x++) set(x, y, [247, 148, 29, 255]);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(px.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "kernelspec");
for (const size of [32, 64]) writeFileSync(join(out, `logo-${size}x${size}.png`), png(size));
