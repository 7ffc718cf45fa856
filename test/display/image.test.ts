import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { Tensor } from "../../src/core/tensor.js";
import { encodePng, imageGrid } from "../../src/display/index.js";

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

  test("labels give an HTML grid with one captioned image each; the bundle always has the PNG", () => {
    const t = Tensor.fromTypedArray("u8", [2, 4, 4, 3], bytes(96, 1));
    const bundle = imageGrid(t, { labels: ["cat", "a<b"] })[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["image/png", "text/html", "text/plain"]);
    assert.equal(bundle["text/plain"], "2 images u8[2,4,4,3]: cat, a<b");
    assert.equal((bundle["text/html"]!.match(/<img src="data:image\/png;base64,/g) ?? []).length, 2);
    assert.match(bundle["text/html"]!, /<figcaption[^>]*>a&lt;b<\/figcaption>/);
    assert.equal(Buffer.from(bundle["image/png"]!, "base64").subarray(1, 4).toString(), "PNG");
    const plain = imageGrid(t)[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(plain).sort(), ["image/png", "text/plain"]);
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
