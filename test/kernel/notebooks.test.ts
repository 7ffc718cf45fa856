/**
 * notebooks/tour.ipynb executed by Debian's nbclient through the kernel: every cell runs (only
 * the cell tagged raises-exception fails, with the library's message and the cell's line), the
 * outputs are the rich ones a reader expects, and the outputs saved in the file match this run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jupyterPath, killAll, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

interface Out {
  type: string;
  name?: string;
  text?: string;
  html?: string;
  mimes?: string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Cell {
  source: string;
  tags: string[];
  outputs: Out[];
}

const jp = jupyterPath();
let fresh: Cell[] = [];
let saved: Cell[] = [];

before(async () => {
  const r = await run(
    PYTHON,
    [join(ROOT, "test", "kernel", "run_notebook.py"), join(ROOT, "notebooks", "tour.ipynb")],
    {
      env: pythonEnv(jp.dir),
      timeoutMs: 120_000,
    },
  );
  if (r.code !== 0) throw new Error(`run_notebook.py failed:\n${r.stderr.slice(-4000)}`);
  ({ fresh, saved } = lastJson<{ fresh: Cell[]; saved: Cell[] }>(r.stdout));
});

after(() => {
  killAll();
  jp.dispose();
});

const cellWith = (needle: string): Cell => {
  const c = fresh.find((x) => x.source.includes(needle));
  assert.ok(c, `no cell contains ${needle}`);
  return c;
};
const result = (c: Cell): Out => {
  const r = c.outputs.find((o) => o.type === "execute_result");
  assert.ok(r, `cell has no result: ${c.source}`);
  return r;
};

test("the tour runs top to bottom; only the cell tagged raises-exception fails", () => {
  assert.ok(fresh.length >= 10);
  for (const c of fresh) {
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

test("each graph-building cell shows the new node's type and how it was made", () => {
  assert.match(result(cellWith('g.parameter("x"')).text!, /^f32\[2,3\] ← parameter "x"/);
  assert.match(result(cellWith("tm.add(x, 1).mul(2)")).text!, /^f32\[2,3\] ← multiply ← add/);
  assert.match(result(cellWith("tm.matmul(h, w)")).text!, /^f32\[2,4\] ← dot_general/);
  assert.match(result(cellWith("tm.reduceSum(y, [1])")).text!, /^f32\[2\] ← reduce/);
  assert.match(result(fresh.find((c) => c.source.trim() === "g")!).text!, /^graph tour \(\d+ nodes\)/);
});

test("a shape error names the op, the operands, and the cell's line", () => {
  const err = cellWith("tm.matmul(x, x)").outputs.find((o) => o.type === "error")!;
  assert.match(err.evalue!, /^\[matmul\] contracting dims of f32\[2,3\] and f32\[2,3\] differ: 3 vs 2$/);
  const tb = err.traceback!.join("\n");
  assert.match(tb, /In\[\d+\], line 1:/);
  assert.match(tb, /> 1 \| const wrong = tm\.matmul\(x, x\);/);
});

test("the StableHLO cell prints a module, and exec computes ((a + 1) * 2) @ w summed per row", () => {
  const hlo = cellWith("toStableHLO").outputs.find((o) => o.type === "stream")!;
  assert.match(hlo.text!, /^module @tour/);
  assert.match(hlo.text!, /stablehlo\.dot_general/);
  const a = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const w = [
    [1, 0, 0, 1],
    [0, 1, 0, 1],
    [0, 0, 1, 1],
  ];
  const expected = a.map((row) => {
    const h = row.map((v) => (v + 1) * 2);
    return w[0]!.map((_, j) => h.reduce((s, hv, k) => s + hv * w[k]![j]!, 0)).reduce((s, v) => s + v, 0);
  });
  const text = result(cellWith("tm.exec(")).text!;
  assert.match(text, /^f32\[2\]\s/);
  const values = (text.replace(/^f32\[2\]/, "").match(/-?\d+(\.\d*)?/g) ?? []).map(Number);
  assert.deepEqual(values, expected);
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

test("the outputs saved in notebooks/tour.ipynb are those of a real run (rerun scripts/run-notebooks.sh)", () => {
  const strip = (cells: Cell[]) =>
    cells.map((c) => ({
      source: c.source,
      outputs: c.outputs.map((o) => ({ type: o.type, text: o.text, ename: o.ename, evalue: o.evalue })),
    }));
  assert.deepEqual(strip(saved), strip(fresh));
});
