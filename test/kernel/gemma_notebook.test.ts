/**
 * notebooks/gemma.ipynb executed by Debian's nbclient through the kernel with no checkpoint
 * ($TSMLX_GEMMA_DIR unset): it says so plainly, runs TINY_GEMMA with random weights labelled
 * as meaningless, reports the sampler's tokens/s, and the cached greedy tokens equal those of
 * full passes; the saved outputs have the same shape as this run's.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoErrors, type NotebookCell, notebookRun, outputShape } from "./helpers.js";

const nb = notebookRun("gemma.ipynb", { timeoutMs: 120_000, env: () => ({ TSMLX_GEMMA_DIR: undefined }) });
const cellWith = nb.cell;
const said = (c: NotebookCell) =>
  c.outputs
    .filter((o) => o.type === "stream")
    .map((o) => o.text)
    .join("");
const result = (c: NotebookCell) => c.outputs.find((o) => o.type === "execute_result")?.text ?? "";

test("every cell runs without an error", () => {
  assertNoErrors(nb.fresh, 4);
});

test("without a checkpoint it says so and labels the random-weight run as meaningless", () => {
  const c = cellWith("loadGemmaCheckpoint");
  assert.match(said(c), /TSMLX_GEMMA_DIR is not set: there is no Gemma checkpoint here\./);
  assert.match(said(c), /TINY_GEMMA with RANDOM WEIGHTS on token ids: the generated tokens are meaningless/);
  assert.equal(
    result(c),
    "'4 layers, hidden 256, 4 heads (4 key/value) of 64, vocabulary 32000: 12.4 M parameters'",
  );
});

test("the sampler reports its decode speed and 32 generated ids, labelled meaningless", () => {
  const c = cellWith("new tm.models.GemmaSampler");
  assert.match(
    said(c),
    /^prefill of 6 tokens: [\d.]+ ms\ndecode: 31 tokens in [\d.]+ ms = [\d.]+ tokens\/s\n$/,
  );
  const m = /^'generated ids \(random weights, meaningless\): \[([\d,]+)\]'$/.exec(result(c));
  assert.ok(m, result(c));
  assert.equal(m[1]!.split(",").length, 32);
});

test("cached greedy decoding picks the same tokens as full passes", () => {
  assert.match(
    result(cellWith("byFullPasses")),
    /^'full passes: \[[\d,]+\]; cached: \[[\d,]+\]; equal: true'$/,
  );
});

test("the saved outputs have this run's shape (rerun scripts/run-notebooks.sh after changes)", () => {
  assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
});
