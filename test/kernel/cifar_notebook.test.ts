/**
 * notebooks/cifar10.ipynb executed by Debian's nbclient through the kernel, offline: with no
 * CIFAR-10 files and downloads off, it says so and runs every cell on Debian's Fashion-MNIST
 * padded to 32×32×3, labelled as such. The model is grown one cell per layer group with every
 * shape shown, written again as a function that gives the same logits as the cells and as
 * tm.models.c10ConvModel; the summary, the graph, the live Vega-Lite chart, the test accuracy,
 * the confusion heatmap and the classified test images all appear, and the saved outputs have the
 * same shape as this run's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { assertNoErrors, notebookRun, outputShape } from "./helpers.js";

const nb = notebookRun("cifar10.ipynb", {
  // 200 training steps: about 20 s on AVX-512, several minutes where oneDNN runs SSE4.1 code.
  timeoutMs: 600_000,
  // A home without a CIFAR-10 cache, and no download: the notebook must fall back to Fashion-MNIST.
  env: (dir) => ({
    HOME: join(dir, "home"),
    TSMLX_CIFAR10_DOWNLOAD: "0",
    TSMLX_CIFAR10_DIR: undefined,
    XDG_CACHE_HOME: undefined,
  }),
});
const cellWith = nb.cell;
const CHART = ["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"];
const DATA = "Fashion-MNIST padded to 32×32×3 (not CIFAR-10)";

test("every cell runs without an error", () => assertNoErrors(nb.fresh, 16));

test("without CIFAR-10 it says so plainly and goes on with Fashion-MNIST, labelled", () => {
  const c = cellWith("getCifar10()");
  const said = c.outputs
    .filter((o) => o.type === "stream")
    .map((o) => o.text)
    .join("");
  assert.match(
    said,
    /CIFAR-10 is not available: nothing in ~\/\.cache\/tsmlx\/cifar-10, and downloading is off/,
  );
  assert.match(
    said,
    /FASHION-MNIST INSTEAD \(Debian's dataset-fashion-mnist: grey clothing images padded to 32×32×3, not CIFAR-10\)/,
  );
  const r = c.outputs.find((o) => o.type === "execute_result")!;
  assert.equal(r.text, `'${DATA}: training images u8[8000,32,32,3], test images u8[1000,32,32,3]'`);
});

test("sixteen training images are shown as one PNG with their classes drawn in", () => {
  const r = cellWith("tm.imageGrid(tm.copyRows(train.images").outputs.find(
    (o) => o.type === "execute_result",
  )!;
  assert.deepEqual(r.mimes, ["image/png", "text/plain"]);
  assert.match(r.text!, /^16 images u8\[16,32,32,3\]: boot, T-shirt, T-shirt, dress, /);
});

test("each layer-group cell shows the shape of every layer it adds", () => {
  const shapes = (needle: string) =>
    cellWith(needle)
      .outputs.filter((o) => o.type === "display_data" || o.type === "execute_result")
      .map((o) => o.text!.split(" ")[0]);
  assert.deepEqual(shapes('s.input("images"'), ["f32[8,32,32,3]"]);
  assert.deepEqual(shapes('ctx.in("000_conv")'), ["f32[8,32,32,32]", "f32[8,32,32,32]", "f32[8,16,16,32]"]);
  assert.deepEqual(shapes('ctx.in("005_conv")'), ["f32[8,16,16,64]", "f32[8,16,16,64]", "f32[8,8,8,64]"]);
  assert.deepEqual(shapes('ctx.in("010_conv")'), ["f32[8,8,8,128]", "f32[8,8,8,128]", "f32[8,4,4,128]"]);
  assert.deepEqual(shapes('ctx.in("018_dense")'), ["f32[8,2048]", "f32[8,128]", "f32[8,10]"]);
  const logits = cellWith("await s.eval(logits").outputs.find((o) => o.type === "execute_result")!;
  assert.match(
    logits.html!,
    /<b>f32\[8,10\]<\/b> · min [-\d.e]+ · max [-\d.e]+ · mean [-\d.e]+ · 0 NaN · 0 Inf/,
  );
  assert.match(logits.html!, /<img src="data:image\/png;base64,/, "the logits as a heatmap");
});

test("the model written as a function gives the cells' logits, as does tm.models.c10ConvModel", () => {
  const r = cellWith("function model(ctx").outputs.find((o) => o.type === "execute_result")!;
  const m =
    /largest difference from the cells' logits: model ([\d.e-]+), tm\.models\.c10ConvModel ([\d.e-]+)/.exec(
      r.text!,
    );
  assert.ok(m, r.text);
  assert.ok(Number(m[1]) < 1e-5 && Number(m[2]) < 1e-5, r.text);
});

test("the summary lists the layers and 550,570 parameters; the graph is drawn by layer", () => {
  const sum = cellWith("tm.summary(ctx, model").outputs.find((o) => o.type === "execute_result")!;
  assert.match(sum.text!, /\/018_dense\s+f32\[8,10\]\s+1,290/);
  assert.match(sum.text!, /550,570 parameters \(550,570 trainable\) in 16 variables, 2\.10 MiB/);
  assert.match(sum.html!, /<table/);
  const graph = cellWith("summary.graph(").outputs.find((o) => o.type === "execute_result")!;
  assert.deepEqual(graph.mimes, ["image/svg+xml", "text/html", "text/plain"]);
  assert.match(graph.text!, /^graph view: \d+ ops in \d+ boxes \(layers folded\)/);
  assert.match(graph.html!, /<title>000_conv : f32\[8,32,32,32\] · 5 ops<\/title>/);
});

test("training leaves one live Vega-Lite chart with the last step's loss and accuracy", () => {
  const shown = cellWith("curves.live(display)").outputs.filter((o) => o.type === "display_data");
  assert.equal(shown.length, 1, "updates replace the one output");
  assert.deepEqual(shown[0]!.mimes, CHART);
  assert.match(shown[0]!.text!, /^loss [\d.]+ · accuracy [\d.]+ \(step 200\)$/);
});

test("the test accuracy is printed, labelled, and well above chance", () => {
  const c = cellWith("trainer.evaluate(testSet");
  const chart = c.outputs.find((o) => o.type === "display_data")!;
  assert.deepEqual(chart.mimes, CHART);
  assert.match(chart.text!, /eval_loss [\d.]+ · eval_accuracy [\d.]+ \(step 200\)/);
  const text = c.outputs.find((o) => o.type === "execute_result")!.text!;
  const m =
    /^'Fashion-MNIST padded to 32×32×3 \(not CIFAR-10\): test accuracy after 200 steps: ([\d.]+)% \(chance: 10%\)'$/.exec(
      text,
    );
  assert.ok(m, text);
  assert.ok(Number(m[1]) > 40 && Number(m[1]) <= 100, text);
});

test("the confusion heatmap and the per-class table agree with the test accuracy", () => {
  const c = cellWith("tm.confusionMatrix(");
  const heatmap = c.outputs.find((o) => o.type === "display_data" && o.mimes?.includes("image/png"))!;
  assert.deepEqual(heatmap.mimes, CHART);
  const evalText = cellWith("trainer.evaluate(testSet").outputs.find((o) => o.type === "execute_result")!
    .text!;
  const overall = Number(/: ([\d.]+)% \(chance/.exec(evalText)![1]);
  assert.match(
    heatmap.text!,
    new RegExp(`^confusion matrix of 10 classes, 1000 examples \\(accuracy ${overall.toFixed(1)}%\\)$`),
  );
  const md = c.outputs.find((o) => o.type === "display_data" && o.mimes?.includes("text/markdown"))!;
  const rows = [...md.markdown!.matchAll(/^\| ([\w-]+) \| ([\d.]+)% \| (.*) \|$/gm)];
  assert.deepEqual(
    rows.map((r) => r[1]),
    ["T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"],
  );
});

test("sixteen test images are shown with their predicted and true classes", () => {
  const r = cellWith("labelColors").outputs.find((o) => o.type === "execute_result")!;
  assert.deepEqual(r.mimes, ["image/png", "text/plain"]);
  const pairs = [...r.text!.matchAll(/([\w-]+) \/ true: ([\w-]+)/g)];
  assert.equal(pairs.length, 16, r.text);
  assert.deepEqual(pairs[0]!.slice(2, 3), ["boot"], "the first test image is an ankle boot");
});

test("the saved outputs have this run's shape (rerun scripts/run-notebooks.sh after changes)", () => {
  assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
});
