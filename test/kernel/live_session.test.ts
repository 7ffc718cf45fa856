/**
 * The live session through the real kernel (Debian's jupyter_client, test/kernel/drive_cells.py):
 * a model grown cell by cell shows its shape after each step, a mistake fails at its cell's
 * line with the shapes involved and leaves the session working, and evaluating an
 * intermediate node on a random batch matches `exec` of the same function.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jupyterPath, killAll, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

interface Cell {
  status: string;
  outputs: {
    type: string;
    text?: string;
    name?: string;
    ename?: string;
    evalue?: string;
    traceback?: string[];
  }[];
}

const CELLS = [
  /* 0 */ 'import * as tm from "tsmlx"\nconst s = tm.session();\nconst x = s.input("x", "f32", [4, 3]);\nx',
  /* 1 */ 'const w1 = s.input("w1", "f32", [3, 5]);\nlet h = tm.matmul(x, w1);\nh',
  /* 2 */ "h = tm.tanh(h.add(1));\nh",
  /* 3 */ 'const w2 = s.input("w2", "f32", [5, 2]);\nconst out = tm.matmul(h, w2);\nout',
  /* 4 */ "// a wrong shape\nconst bad = tm.matmul(out, w1);\nbad",
  /* 5 */ '// a wrong type for an input already declared\nconst x2 = s.input("x", "i32", [4, 3]);',
  /* 6 */ 'const w3 = s.input("w3", "f32", [2, 1]);\nconst out2 = tm.matmul(out, w3);\nout2',
  /* 7 */ 'const w1 = s.input("w1", "f32", [3, 5]);\nlet h = tm.matmul(x, w1);\nh', // cell 1 re-run
  /* 8 */ [
    "h = tm.tanh(h.add(1));",
    "const rand = (n: number) => Array.from({ length: n }, () => Math.random() - 0.5);",
    'const feeds = { x: tm.Tensor.fromValues("f32", [4, 3], rand(12)), w1: tm.Tensor.fromValues("f32", [3, 5], rand(15)) };',
    "const viaSession = await s.eval(h, feeds);",
    "const f = tm.exec((a: tm.Node, b: tm.Node) => tm.tanh(tm.matmul(a, b).add(1)));",
    "const viaExec = await (await f(feeds.x, feeds.w1)).toTensor();",
    "const sv = viaSession.toFloat64Array(), ev = viaExec.toFloat64Array();",
    "JSON.stringify({ dims: viaSession.shape.dims, maxDiff: Math.max(...sv.map((v, i) => Math.abs(v - ev[i]))), spread: Math.max(...sv) - Math.min(...sv) })",
  ].join("\n"),
  /* 9 */ "await s.eval(out, feeds)",
  /* 10 */ "s.explain(out2)",
];

const jp = jupyterPath();
const notebookDir = mkdtempSync(join(tmpdir(), "tsmlx-live-session-"));
let cells: Cell[] = [];

before(async () => {
  const cellsFile = join(notebookDir, "cells.json");
  writeFileSync(cellsFile, JSON.stringify(CELLS));
  const out = await run(PYTHON, [join(ROOT, "test", "kernel", "drive_cells.py"), notebookDir, cellsFile], {
    env: pythonEnv(jp.dir),
    timeoutMs: 120_000,
  });
  if (out.code !== 0) throw new Error(`drive_cells.py exited with ${out.code}\n${out.stderr}`);
  cells = lastJson(out.stdout);
});

after(() => {
  killAll();
  jp.dispose();
});

const result = (c: Cell) => c.outputs.find((o) => o.type === "execute_result")?.text;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (s: string) => s.replace(ANSI, "");

test("each cell that grows the model shows the new node's type and ops at once", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 6, 7].map((i) => [cells[i]!.status, result(cells[i]!)]),
    [
      ["ok", 'f32[4,3] ← parameter "x"'],
      ["ok", 'f32[4,5] ← dot_general ← parameter "x"'],
      ["ok", "f32[4,5] ← tanh ← add"],
      ["ok", "f32[4,2] ← dot_general ← tanh"],
      ["ok", "f32[4,1] ← dot_general ← dot_general"],
      ["ok", 'f32[4,5] ← dot_general ← parameter "x"'],
    ],
  );
});

test("a wrong shape fails at the cell's line with the shapes involved, and the next cell works", () => {
  const c = cells[4]!;
  assert.equal(c.status, "error");
  const err = c.outputs.find((o) => o.type === "error")!;
  assert.match(err.evalue!, /\[matmul\] contracting dims of f32\[4,2\] and f32\[3,5\] differ: 2 vs 3/);
  const tb = plain(err.traceback!.join("\n"));
  assert.match(tb, /In\[\d+\], line 2/);
  assert.match(tb, /> 2 \| const bad = tm\.matmul\(out, w1\);/);
  assert.equal(cells[6]!.status, "ok");
});

test("re-declaring an input with another dtype fails naming both types; the session keeps the first", () => {
  const c = cells[5]!;
  assert.equal(c.status, "error");
  const err = c.outputs.find((o) => o.type === "error")!;
  assert.match(
    err.evalue!,
    /\[session\.input\] input "x" is already f32\[4,3\]; cannot declare it again as i32\[4,3\]/,
  );
  assert.match(plain(err.traceback!.join("\n")), /> 2 \| const x2 = s\.input\("x", "i32", \[4, 3\]\);/);
  assert.equal(cells[7]!.status, "ok"); // re-running the cell that declares w1 with the same type is fine
});

test("an intermediate node evaluated on a random batch equals exec of the same function", () => {
  const c = cells[8]!;
  assert.equal(c.status, "ok", JSON.stringify(c.outputs));
  const r = JSON.parse(result(c)!.replace(/^'|'$/g, "")) as {
    dims: number[];
    maxDiff: number;
    spread: number;
  };
  assert.deepEqual(r.dims, [4, 5]);
  assert.ok(r.maxDiff <= 1e-6, `max difference ${r.maxDiff}`);
  assert.ok(r.spread > 0, "the values are not all equal");
});

test("evaluating a node whose inputs lack a feed names the missing input; explain lists the ops back to the inputs", () => {
  const c = cells[9]!;
  assert.equal(c.status, "error");
  assert.match(
    c.outputs.find((o) => o.type === "error")!.evalue!,
    /missing feed for input "w2" \(f32\[5,2\]\)/,
  );
  const trace = result(cells[10]!)!;
  assert.match(trace, /from inputs \(x f32\[4,3\], w1 f32\[3,5\], w2 f32\[5,2\], w3 f32\[2,1\]\)/);
  assert.match(trace, /parameter "w3" : f32\[2,1\]/);
  assert.match(trace, /= dot_general\(%\d+, %\d+\) : f32\[4,1\] {2}◀/);
});
