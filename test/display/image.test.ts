import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { encodePng } from "../../src/core/png.js";
import { Tensor } from "../../src/core/tensor.js";
import { imageGrid } from "../../src/display/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-png-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Decodes a PNG with Debian's Pillow: [width, height, mode, pixel bytes as a list]. */
function pillow(png: Uint8Array): [number, number, string, number[]] {
  const path = join(dir, `img-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(path, png);
  const script =
    "import sys, json; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); " +
    "print(json.dumps([im.width, im.height, im.mode, list(im.tobytes())]))";
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8" }));
}

const bytes = (n: number, salt: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + salt) % 256);

describe("encodePng", () => {
  for (const [channels, mode] of [
    [1, "L"],
    [2, "LA"],
    [3, "RGB"],
    [4, "RGBA"],
  ] as const) {
    test(`a 5×3 image of ${channels} channel(s) decodes in Pillow to the same ${mode} pixels`, () => {
      const pixels = bytes(5 * 3 * channels, channels);
      const [w, h, m, data] = pillow(encodePng(5, 3, channels, pixels));
      assert.deepEqual([w, h, m], [5, 3, mode]);
      assert.deepEqual(data, [...pixels]);
    });
  }

  test("wrong sizes and channel counts are errors naming what was given", () => {
    assert.throws(
      () => encodePng(2, 2, 3, new Uint8Array(11)),
      /\[encodePng\] 2×2×3 pixels need 12 bytes, got 11/,
    );
    assert.throws(
      () => encodePng(2, 2, 5, new Uint8Array(20)),
      /\[encodePng\] channels must be 1, 2, 3 or 4, got 5/,
    );
    assert.throws(() => encodePng(0, 2, 3, new Uint8Array(0)), /width and height must be positive integers/);
  });
});

describe("imageGrid", () => {
  test("lays images out in rows with 2-pixel white gaps, each pixel scaled up", () => {
    // Three 2×2 RGB images, image k filled with k*50+10 in every byte.
    const data = new Uint8Array(3 * 2 * 2 * 3);
    for (let k = 0; k < 3; k++) data.fill(k * 50 + 10, k * 12, (k + 1) * 12);
    const grid = imageGrid(Tensor.fromTypedArray("u8", [3, 2, 2, 3], data), { columns: 2, scale: 2 });
    const [w, h, mode, px] = pillow(grid.png);
    // Two columns of 4-pixel tiles with a 2-pixel gap; two rows.
    assert.deepEqual([w, h, mode], [10, 10, "RGB"]);
    const at = (x: number, y: number) => px[(y * w + x) * 3];
    assert.deepEqual(
      [at(0, 0), at(3, 3), at(4, 0), at(6, 0), at(9, 3), at(0, 6), at(3, 9), at(6, 6)],
      [10, 10, 255, 60, 60, 110, 110, 255],
    );
  });

  test("float images are read as [0, 1] and clamped", () => {
    const t = Tensor.fromValues("f32", [1, 1, 3, 1], [0, 0.5, 2]);
    const [, , mode, px] = pillow(imageGrid(t, { scale: 1 }).png);
    assert.equal(mode, "L");
    assert.deepEqual(px, [0, 128, 255]);
  });

  test("labels are drawn into the PNG under each image, at twice the layout size", () => {
    // Two 4×4 images, mid grey and black; captions "cat" and a two-line one.
    const data = new Uint8Array(2 * 4 * 4 * 3);
    data.fill(128, 0, 48);
    const t = Tensor.fromTypedArray("u8", [2, 4, 4, 3], data);
    const grid = imageGrid(t, { labels: ["cat", "pred dog\ntrue cat"], labelColors: ["green", "#c00000"] });
    const { data: bundle, metadata } = grid[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["image/png", "text/plain"]);
    assert.equal(bundle["text/plain"], "2 images u8[2,4,4,3]: cat, pred dog / true cat");
    const [w, h, mode, px] = pillow(Buffer.from(bundle["image/png"]!, "base64"));
    assert.deepEqual(metadata, { "image/png": { width: grid.width, height: grid.height } });
    assert.deepEqual([w, h], [grid.width * 2, grid.height * 2]);
    assert.ok(grid.height >= 8 + 2 * 13, "room for two caption lines under the 8-pixel tiles");
    const channels = mode === "RGBA" ? 4 : 3;
    const at = (x: number, y: number) => px.slice((y * w + x) * channels, (y * w + x) * channels + 3);
    // Inside each cell's image: its pixels; under it: caption ink in its colour.
    const reds: number[] = [];
    const greens: number[] = [];
    for (let y = 16; y < h; y++)
      for (let x = 0; x < w; x++) {
        const [r, g, b] = at(x, y) as [number, number, number];
        if (r > 150 && g < 90 && b < 90) reds.push(x);
        if (g > 90 && r < 60 && b < 60) greens.push(x);
      }
    assert.ok(
      greens.length > 10 && reds.length > 10,
      `caption ink: ${greens.length} green, ${reds.length} red pixels`,
    );
    assert.ok(
      Math.max(...greens) < w / 2 && Math.min(...reds) > w / 2 - 4,
      "each caption under its own image",
    );
    const plain = imageGrid(t)[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(plain.data).sort(), ["image/png", "text/plain"]);
    assert.throws(
      () => imageGrid(t, { labels: ["a", "b"], labelColors: ["red"] }),
      /2 images but 1 label colours/,
    );
    assert.throws(
      () => imageGrid(t, { labels: ["a", "b"], labelColors: ["red", "url(x)"] }),
      /label colour "url\(x\)" is not #rrggbb or a colour name/,
    );
  });

  test("shapes other than [N,H,W,C] and mismatched labels are errors", () => {
    assert.throws(
      () => imageGrid(Tensor.zeros("u8", [4, 4, 3])),
      /\[imageGrid\] images must be \[N,H,W,C\] with C 1, 3 or 4, got u8\[4,4,3\]/,
    );
    assert.throws(
      () => imageGrid(Tensor.zeros("u8", [2, 4, 4, 3]), { labels: ["x"] }),
      /2 images but 1 labels/,
    );
  });
});
