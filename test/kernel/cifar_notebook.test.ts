/**
 * notebooks/cifar10.ipynb executed by Debian's nbclient through the kernel, offline: with no
 * CIFAR-10 files and downloads off, it says so and runs every cell on the synthetic stand-in
 * (tm.coloredShapes), labelled as such; the image grid, the live chart, the test accuracy and
 * the per-class table all appear, and the saved outputs have the same shape as this run's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { assertNoErrors, notebookRun, outputShape } from "./helpers.js";

const nb = notebookRun("cifar10.ipynb", {
  // 200 training steps: about 20 s on AVX-512, several minutes where oneDNN runs SSE4.1 code.
  timeoutMs: 600_000,
  // A home without a CIFAR-10 cache, and no download: the notebook must fall back to synthetic data.
  env: (dir) => ({
    HOME: join(dir, "home"),
    TSMLX_CIFAR10_DOWNLOAD: "0",
    TSMLX_CIFAR10_DIR: undefined,
    XDG_CACHE_HOME: undefined,
  }),
});
const cellWith = nb.cell;

test("every cell runs without an error", () => assertNoErrors(nb.fresh, 6));

test("without the data it says plainly that CIFAR-10 is missing and that what follows is synthetic", () => {
  const c = cellWith("getCifar10()");
  const said = c.outputs
    .filter((o) => o.type === "stream")
    .map((o) => o.text)
    .join("");
  assert.match(
    said,
    /CIFAR-10 is not available: nothing in ~\/\.cache\/tsmlx\/cifar-10, and downloading is off/,
  );
  assert.match(said, /SYNTHETIC STAND-IN \(coloured shapes, not CIFAR-10\)/);
  const r = c.outputs.find((o) => o.type === "execute_result")!;
  assert.equal(
    r.text,
    "'synthetic shapes (not CIFAR-10): training images u8[2000,32,32,3], test images u8[500,32,32,3]'",
  );
});

test("sixteen images are shown inline as a PNG with a captioned HTML grid", () => {
  const r = cellWith("tm.imageGrid").outputs.find((o) => o.type === "execute_result")!;
  assert.deepEqual(r.mimes, ["image/png", "text/html", "text/plain"]);
  assert.match(r.text!, /^16 images u8\[16,32,32,3\]: warm square, warm disc, /);
  assert.equal((r.html!.match(/<figcaption/g) ?? []).length, 16);
});

test("training leaves one live chart with the last step's loss and accuracy", () => {
  const shown = cellWith("curves.live(display)").outputs.filter((o) => o.type === "display_data");
  assert.equal(shown.length, 1, "updates replace the one output");
  assert.deepEqual(shown[0]!.mimes, [
    "application/vnd.vegalite.v5+json",
    "image/png",
    "image/svg+xml",
    "text/plain",
  ]);
  assert.match(shown[0]!.text!, /^loss [\d.]+ · accuracy [\d.]+ \(step 200\)$/);
});

test("the test accuracy is printed, labelled synthetic, and well above chance", () => {
  const c = cellWith("trainer.evaluate(testSet");
  const chart = c.outputs.find((o) => o.type === "display_data")!;
  assert.match(chart.text!, /eval_loss [\d.]+ · eval_accuracy [\d.]+ \(step 200\)/);
  const text = c.outputs.find((o) => o.type === "execute_result")!.text!;
  const m =
    /^'synthetic shapes \(not CIFAR-10\): test accuracy after 200 steps: ([\d.]+)% \(chance: 10%\)'$/.exec(
      text,
    );
  assert.ok(m, text);
  assert.ok(Number(m[1]) > 25 && Number(m[1]) <= 100, text);
});

test("the per-class table has a row for each of the ten classes, whose accuracies match the total", () => {
  const c = cellWith("confusion");
  const md = c.outputs.find((o) => o.type === "display_data" && o.mimes?.includes("text/markdown"));
  assert.ok(md, JSON.stringify(c.outputs));
  const evalText = cellWith("trainer.evaluate(testSet").outputs.find((o) => o.type === "execute_result")!
    .text!;
  const overall = Number(/: ([\d.]+)% \(chance/.exec(evalText)![1]);
  const rows = [...md.markdown!.matchAll(/^\| (warm|cool) (\w+) \| ([\d.]+)% \| (.*) \|$/gm)];
  assert.equal(rows.length, 10, md.markdown);
  // 50 test images per class: the mean of the per-class accuracies is the overall accuracy.
  const mean = rows.reduce((a, r) => a + Number(r[3]), 0) / 10;
  assert.ok(Math.abs(mean - overall) < 0.1, `${mean} vs ${overall}`);
});

test("the saved outputs have this run's shape (rerun scripts/run-notebooks.sh after changes)", () => {
  assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
});
