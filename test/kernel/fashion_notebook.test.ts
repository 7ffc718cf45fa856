/**
 * notebooks/fashion_mnist.ipynb executed by Debian's nbclient through the kernel, on Debian's
 * Fashion-MNIST files: every cell runs, the training cell leaves one live chart (SVG) of the
 * loss and accuracy, the classifier reaches a real test accuracy, and the saved outputs have
 * the same shape as this run's (numbers may differ in their last digits between plugins).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoErrors, notebookRun, outputShape } from "./helpers.js";

const nb = notebookRun("fashion_mnist.ipynb");
const cellWith = nb.cell;

test("every cell runs without an error", () => assertNoErrors(nb.fresh, 5));

test("the data cell names the real dataset's shapes", () => {
  const r = cellWith("loadMnist").outputs.find((o) => o.type === "execute_result")!;
  assert.match(
    r.text!,
    /training images u8\[60000,28,28,1\], labels i32\[60000\]; test images u8\[10000,28,28,1\]/,
  );
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
  assert.match(shown[0]!.text!, /^loss [\d.]+ · accuracy [\d.]+ \(step 600\)$/);
});

test("the classifier reaches over 75% on the 10 000 test images", () => {
  const c = cellWith("trainer.evaluate(testSet");
  const chart = c.outputs.find((o) => o.type === "display_data")!;
  assert.match(chart.text!, /eval_loss [\d.]+ · eval_accuracy [\d.]+ \(step 600\)/);
  const text = c.outputs.find((o) => o.type === "execute_result")!.text!;
  const accuracy = Number(/test accuracy after 600 steps: ([\d.]+)%/.exec(text)?.[1]);
  assert.ok(accuracy > 75 && accuracy <= 100, text);
});

test("the saved outputs have this run's shape (rerun scripts/run-notebooks.sh after changes)", () => {
  assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
});
