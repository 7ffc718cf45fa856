/**
 * notebooks/tour.ipynb executed by Debian's nbclient through the kernel: every cell runs (only
 * the cell tagged raises-exception fails, with the library's message and the cell's line), the
 * outputs are the rich ones a reader expects, and the outputs saved in the file match this run.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertSameRun,
  type NotebookCell,
  type NotebookOutput,
  notebookRun,
  textsDiffer,
} from "./helpers.js";

const nb = notebookRun("tour.ipynb");
const cellWith = nb.cell;
const result = (c: NotebookCell): NotebookOutput => {
  const r = c.outputs.find((o) => o.type === "execute_result");
  assert.ok(r, `cell has no result: ${c.source}`);
  return r;
};

test("the tour runs top to bottom; only the cell tagged raises-exception fails", () => {
  assert.ok(nb.fresh.length >= 10);
  for (const c of nb.fresh) {
    const errors = c.outputs.filter((o) => o.type === "error");
    if (c.tags.includes("raises-exception")) assert.equal(errors.length, 1, c.source);
    else assert.deepEqual(errors, [], c.source);
  }
});

test("a tensor shows as an HTML table with its type, and as numpy-like text", () => {
  const r = result(cellWith("tm.tensor([[1, 2, 3], [4, 5, 6]])"));
  assert.deepEqual(r.mimes, ["text/html", "text/plain"]);
  assert.match(r.text!, /^f32\[2,3\]\n\[\[1\., 2\., 3\.\],\n \[4\., 5\., 6\.\]\]$/);
  assert.match(r.html!, /<table/);
  assert.equal((r.html!.match(/<td/g) ?? []).length, 6);
});

test("each cell that grows the session's model shows the new node's type and how it was made", () => {
  assert.match(result(cellWith('s.input("x"')).text!, /^f32\[4,3\] ← parameter "x"/);
  assert.match(result(cellWith("tm.tanh(tm.matmul(x, w1)")).text!, /^f32\[4,8\] ← tanh ← add/);
  assert.match(result(cellWith("tm.matmul(h, w2)")).text!, /^f32\[4,2\] ← dot_general ← tanh/);
  const trace = result(nb.fresh.find((c) => c.source.trim() === "s.explain(logits)")!).text!;
  assert.match(trace, /ops from inputs \(x f32\[4,3\], w1 f32\[3,8\], w2 f32\[8,2\]\)/);
  assert.match(trace, /= dot_general\(%\d+, %\d+\) : f32\[4,2\] {2}◀$/);
});

test("a shape error names the op, the operands, and the cell's line", () => {
  const err = cellWith("tm.matmul(logits, w1)").outputs.find((o) => o.type === "error")!;
  assert.match(err.evalue!, /^\[matmul\] contracting dims of f32\[4,2\] and f32\[3,8\] differ: 2 vs 3$/);
  const tb = err.traceback!.join("\n");
  assert.match(tb, /In\[\d+\], line 1:/);
  assert.match(tb, /> 1 \| const wrong = tm\.matmul\(logits, w1\);/);
});

/** The numbers of a tensor's text after its type line. */
const numbers = (text: string) =>
  (text.replace(/^\S+\n/, "").match(/-?\d+(\.\d*)?(e[-+]?\d+)?/g) ?? []).map(Number);

test("session eval of h and of [h, logits] and exec of the same model agree with a plain-JS reference", () => {
  const batch = [
    [1, 2, 3],
    [0, 1, 0],
    [-1, 0, 1],
    [2, 2, 2],
  ];
  const w1 = Array.from({ length: 3 }, (_, r) =>
    Array.from({ length: 8 }, (_, c) => Math.round(10 * Math.sin(r * 8 + c)) / 20),
  );
  const w2 = Array.from({ length: 8 }, (_, r) =>
    Array.from({ length: 2 }, (_, c) => Math.round(10 * Math.cos(r * 2 + c)) / 20),
  );
  const h = batch.map((row) =>
    w1[0]!.map((_, j) => Math.tanh(1 + row.reduce((s, v, k) => s + v * w1[k]![j]!, 0))),
  );
  const logits = h.map((row) => w2[0]!.map((_, j) => row.reduce((s, v, k) => s + v * w2[k]![j]!, 0)));
  const near = (got: number[], want: number[]) => {
    assert.equal(got.length, want.length);
    for (const [i, v] of got.entries()) assert.ok(Math.abs(v - want[i]!) < 1e-3, `${i}: ${v} vs ${want[i]}`);
  };
  const hText = result(cellWith("await s.eval(h, {")).text!;
  assert.match(hText, /^f32\[4,8\]\n/);
  near(numbers(hText), h.flat());
  const outText = result(cellWith("await s.eval([h, logits]")).text!;
  assert.match(outText, /^f32\[4,2\]\n/);
  near(numbers(outText), logits.flat());
  const execText = result(cellWith("tm.exec(")).text!;
  assert.equal(
    textsDiffer(outText, execText, { rel: 1e-6, abs: 1e-7 }),
    undefined,
    "exec and session eval agree",
  );
});

test("a conv layer grown on a context session shows its shapes and variables, and evaluates", () => {
  assert.match(result(cellWith("tm.layers.conv(ctx.in(")).text!, /^f32\[1,4,4,4\] ← /);
  assert.match(result(cellWith("tm.layers.maxPool(features)")).text!, /^f32\[1,2,2,4\] ← reduce_window/);
  const vars = result(cellWith("ctx.variables()")).text!;
  assert.match(vars, /\/000_conv\/weights f32\[3,3,3,4\].*\/000_conv\/biases f32\[4\]/s);
  const text = result(cellWith("await cs.eval(pooled")).text!;
  assert.match(text, /^f32\[1,2,2,4\]\n/);
  const values = numbers(text);
  assert.equal(values.length, 16);
  assert.ok(
    values.every((v) => v >= 0),
    "relu then max-pool gives no negative value",
  );
  assert.ok(
    values.some((v) => v > 0),
    "not all zero",
  );
});

test("the StableHLO cell prints the module of the asked subgraph", () => {
  const hlo = cellWith("toStableHLO").outputs.find((o) => o.type === "stream")!;
  assert.match(hlo.text!, /^module @session/);
  assert.match(hlo.text!, /stablehlo\.dot_general/);
  assert.match(hlo.text!, /stablehlo\.tanh/);
});

test("display.markdown and a newDisplay() updated in place leave their last state", () => {
  const c = cellWith("newDisplay()");
  const shown = c.outputs.filter((o) => o.type === "display_data");
  assert.deepEqual(
    shown.map((o) => o.mimes),
    [["text/markdown"], ["text/plain"]],
  );
  assert.equal(shown[1]!.text, "step 3 of 3");
});

// The saved numbers were computed on another machine: BLAS kernels and thread splits may change
// their last bits, so they are compared within f32 rounding of a short dot product (rel 1e-5).
test("the outputs saved in notebooks/tour.ipynb are those of a real run (rerun scripts/run-notebooks.sh)", () => {
  assertSameRun(nb.saved, nb.fresh, { rel: 1e-5, abs: 1e-6 });
});
