/**
 * The HTML view of tensors of rank 0 to 5: statistics in the header (checked against values
 * computed here), one 2-D table per slice with no brackets inside any table, the first and last
 * slices of a long stack, a picture for images and matrices (decoded by Pillow), and colours from
 * JupyterLab's theme variables.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { Tensor } from "../../src/core/tensor.js";
import { pictureKind, tensorStats, tensorView, viridis } from "../../src/core/tensor_view.js";
import { decodePng } from "../display/chart_checks.js";

const iota = (dims: number[], dtype: "f32" | "i32" = "f32") =>
  Tensor.fromValues(
    dtype,
    dims,
    Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i),
  );
const tables = (html: string) => html.match(/<table[^>]*>.*?<\/table>/g) ?? [];
const images = (html: string) =>
  [...html.matchAll(/<img src="data:image\/png;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, "base64"));

test("tensorStats: min, max and mean of the finite values; NaN and Inf counted apart", () => {
  const s = tensorStats(
    "f32",
    new Float32Array([1, Number.NaN, 3, Number.NEGATIVE_INFINITY, 5, Number.POSITIVE_INFINITY]),
  );
  assert.deepEqual(s, { size: 6, min: 1, max: 5, mean: 3, nan: 1, inf: 2 });
  const b = tensorStats("bool", new Uint8Array([1, 0, 1]));
  assert.equal(b.mean * b.size, 2);
  assert.ok(Number.isNaN(tensorStats("f32", new Float32Array([Number.NaN])).mean));
  const big = Tensor.fromValues("i64", [3], [-5n, 0n, 11n]);
  assert.deepEqual(tensorStats(big.dtype, big.data), { size: 3, min: -5, max: 11, mean: 2, nan: 0, inf: 0 });
});

for (const rank of [0, 1, 2, 3, 4, 5]) {
  test(`a rank-${rank} tensor shows its statistics and its values in tables without brackets`, () => {
    const dims = [2, 3, 2, 3, 2].slice(0, rank);
    const t = iota(dims);
    const html = t[JUPYTER_DISPLAY]()["text/html"]!;
    const n = t.shape.size;
    assert.match(html, new RegExp(`<b>f32\\[${dims.join(",")}\\]</b>`));
    if (n > 1) assert.match(html, new RegExp(`min 0 · max ${n - 1} · mean ${(n - 1) / 2} · 0 NaN · 0 Inf`));
    const ts = tables(html);
    const slices =
      rank <= 2
        ? 1
        : Math.min(
            4,
            dims.slice(0, -2).reduce((a, b) => a * b, 1),
          );
    assert.equal(ts.length, slices);
    for (const table of ts) assert.doesNotMatch(table, /[[\]]/, "no brackets inside a table");
    // Every value shown once, in order, when nothing is summarized and all slices are shown.
    const cells = ts.flatMap((x) => [...x.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!));
    if (rank <= 3)
      assert.deepEqual(
        cells,
        Array.from({ length: n }, (_, i) => `${i}.`),
      );
  });
}

test("a stack of many slices shows the first three and the last, each under its index", () => {
  const t = iota([2, 3, 2, 3, 2]); // 12 slices of 3×2
  const html = tensorView(t.dtype, t.shape.dims, t.data);
  const labels = [...html.matchAll(/>(\[\d, \d, \d, :, :\])</g)].map((m) => m[1]);
  assert.deepEqual(labels, ["[0, 0, 0, :, :]", "[0, 0, 1, :, :]", "[0, 1, 0, :, :]", "[1, 2, 1, :, :]"]);
  assert.match(html, /⋮ 8 more slices/);
  // The last slice holds the last six values.
  const last = tables(html).at(-1)!;
  assert.deepEqual(
    [...last.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]),
    ["66.", "67.", "68.", "69.", "70.", "71."],
  );
});

test("NaN and Inf are counted in the header; booleans say how many are true", () => {
  const t = Tensor.fromValues("f32", [4], [1, Number.NaN, Number.POSITIVE_INFINITY, 3]);
  assert.match(t[JUPYTER_DISPLAY]()["text/html"]!, /min 1 · max 3 · mean 2 · 1 NaN · 1 Inf/);
  const b = Tensor.fromValues("bool", [3], [true, false, true]);
  assert.match(b[JUPYTER_DISPLAY]()["text/html"]!, /<b>bool\[3\]<\/b> · 2 of 3 true/);
  const scalar = Tensor.fromValues("i32", [], [7]);
  assert.match(scalar[JUPYTER_DISPLAY]()["text/html"]!, /<b>i32\[\]<\/b><\/div>/);
});

test("images [H,W,C] and [N,H,W,C] are drawn: bytes as they are, floats in [0, 1] scaled", () => {
  const rgb = Tensor.fromTypedArray(
    "u8",
    [8, 8, 3],
    Uint8Array.from({ length: 192 }, (_, i) => (i * 7) % 256),
  );
  const html = rgb[JUPYTER_DISPLAY]()["text/html"]!;
  const [png] = images(html);
  const d = decodePng(png!);
  assert.deepEqual([d.width, d.height, d.mode], [64, 64, "RGB"], "an 8×8 image drawn 8 times larger");
  const batch = Tensor.fromValues(
    "f32",
    [10, 4, 4, 1],
    Array.from({ length: 160 }, (_, i) => (i % 16) / 15),
  );
  const shown = images(batch[JUPYTER_DISPLAY]()["text/html"]!);
  assert.equal(shown.length, 8, "at most eight images of a batch");
  assert.equal(decodePng(shown[0]!).mode, "L");
  assert.match(batch[JUPYTER_DISPLAY]()["text/html"]!, /… 2 more/);
});

test("a matrix is drawn as a viridis heatmap; vectors and tiny matrices are not", () => {
  const m = iota([16, 8]);
  const [png] = images(m[JUPYTER_DISPLAY]()["text/html"]!);
  const d = decodePng(png!);
  assert.deepEqual([d.width, d.height], [48, 96]);
  assert.ok(d.colors >= 16, `${d.colors} colours`);
  assert.equal(pictureKind("f32", [16], tensorStats("f32", new Float32Array(16))), undefined);
  assert.equal(
    pictureKind(
      "f32",
      [3, 3],
      tensorStats(
        "f32",
        new Float32Array(9).map((_, i) => i),
      ),
    ),
    undefined,
  );
  assert.equal(pictureKind("f32", [4, 4], tensorStats("f32", new Float32Array(16))), undefined, "all equal");
  assert.equal(
    pictureKind("f32", [4, 4, 3], tensorStats("f32", new Float32Array(48).fill(2))),
    undefined,
    "not in [0, 1]",
  );
  assert.deepEqual(viridis(0), [68, 1, 84]);
  assert.deepEqual(viridis(1), [253, 231, 37]);
});

test("colours come from JupyterLab's theme variables, with fallbacks", () => {
  const html = iota([2, 2])[JUPYTER_DISPLAY]()["text/html"]!;
  assert.match(html, /color:var\(--jp-content-font-color1,inherit\)/);
  assert.match(html, /border:1px solid var\(--jp-border-color2,#ddd\)/);
  assert.doesNotMatch(html, /background:#fff|color:#000/);
});
