/**
 * notebooks/gemma.ipynb executed by Debian's nbclient through the kernel with no checkpoint
 * ($TSMLX_GEMMA_DIR unset): it says so plainly, runs TINY_GEMMA with random weights labelled
 * as meaningless, reports the sampler's tokens/s, the cached greedy tokens equal those of
 * full passes, sampling streams into one output updated in place and repeats with its seed,
 * and the chat cell shows Gemma's prompt format; the saved outputs have the same shape as
 * this run's.
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

test("sampling streams into one output (token ids, labelled meaningless) and its seed repeats the tokens", () => {
  const c = cellWith("new tm.LiveText");
  assert.match(
    result(c),
    /^'32 tokens sampled, stop reason "length"; the same seed again gives the same tokens: true'$/,
  );
  const shown = c.outputs.filter((o) => o.type === "display_data");
  assert.equal(shown.length, 1, "one output, updated in place");
  assert.match(
    shown[0]!.text ?? "",
    /^TINY_GEMMA, random weights: token ids, meaningless\n(\[\d+\] ?){32}\n— 32 tokens, [\d.]+ tokens\/s$/,
  );
});

test("the chat cell shows the prompt in Gemma's chat format", () => {
  assert.equal(
    said(cellWith("gemmaChatPrompt")),
    "<bos><start_of_turn>user\nIn one sentence, what does a key/value cache save?<end_of_turn>\n<start_of_turn>model\n\n",
  );
});

test("the saved outputs have this run's shape (rerun scripts/run-notebooks.sh after changes)", () => {
  assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
});
