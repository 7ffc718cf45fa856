/**
 * C10ConvModel (src/models/cifar.ts) grown cell by cell through the real kernel
 * (Debian's jupyter_client, test/kernel/drive_cells.py): one cell per layer group with the
 * model's layers, order and scopes, the shape shown after each, an intermediate node and the
 * logits evaluated on a random batch equal to `ctx.exec` of the same functions, and a shape
 * mistake that fails at its cell's line while the next cell goes on.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jupyterPath, killAll, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

interface Cell {
  status: string;
  outputs: { type: string; text?: string; ename?: string; evalue?: string; traceback?: string[] }[];
}

const conv = (scope: string, filters: number) =>
  `h = tm.models.c10Normalize(ctx.in("${String(Number(scope) + 1).padStart(3, "0")}_norm"), tm.relu(tm.layers.conv(ctx.in("${scope}_conv"), h).filters(${filters}).kernelSize(3).padSame().done()));\nh`;
const pool = (scope: string, rate: number) =>
  `h = tm.layers.dropout(ctx.in("${scope}_dropout"), tm.layers.maxPool(h).window(2).done(), ${rate});\nh`;

/** Cells and the shape each shows (null: checked by its own test). */
const CELLS: [string, string | null][] = [
  [
    [
      'import * as tm from "tsmlx"',
      "const ctx = tm.context({ seed: 3 });",
      "const s = tm.session({ context: ctx });",
      'const images = s.input("images", "f32", [2, 32, 32, 3]);',
      "let h = images;",
      "h",
    ].join("\n"),
    "f32[2,32,32,3]",
  ],
  [conv("000", 32), "f32[2,32,32,32]"],
  [conv("002", 32), "f32[2,32,32,32]"],
  [pool("004", 0.3), "f32[2,16,16,32]"],
  [conv("005", 64), "f32[2,16,16,64]"],
  [conv("007", 64), "f32[2,16,16,64]"],
  [`${pool("009", 0.5)}\nconst block2 = h;\nh`, "f32[2,8,8,64]"],
  [
    // s.eval of the node after the second block vs ctx.exec of the same prefix on existing variables
    [
      "const rand = (n: number) => Array.from({ length: n }, () => Math.random());",
      'const batch = tm.Tensor.fromValues("f32", [2, 32, 32, 3], rand(2 * 32 * 32 * 3));',
      "const viaSession = await s.eval(block2, { images: batch });",
      "const prefix = ctx.exec((c: tm.Context, x: tm.Node) => {",
      "  const r = c.reuse();",
      "  const cv = (sc: string, f: number, y: tm.Node) => tm.relu(tm.layers.conv(r.in(sc), y).filters(f).kernelSize(3).padSame().done());",
      '  let y = tm.layers.maxPool(cv("002_conv", 32, cv("000_conv", 32, x))).window(2).done();',
      '  return tm.layers.maxPool(cv("007_conv", 64, cv("005_conv", 64, y))).window(2).done();',
      "});",
      "const viaExec = await (await prefix(batch)).toTensor();",
      "const sv = viaSession.toFloat64Array(), ev = viaExec.toFloat64Array();",
      "JSON.stringify({ dims: viaSession.shape.dims, execDims: viaExec.shape.dims, maxDiff: Math.max(...sv.map((v, i) => Math.abs(v - ev[i]))), spread: Math.max(...sv) - Math.min(...sv) })",
    ].join("\n"),
    null,
  ],
  [conv("010", 128), "f32[2,8,8,128]"],
  [conv("012", 128), "f32[2,8,8,128]"],
  [pool("014", 0.5), "f32[2,4,4,128]"],
  ["// a mistake: flatten to the wrong size\nh = tm.reshape(h, [2, 1024]);\nh", null],
  ["h = tm.reshape(h, [2, -1]);\nh", "f32[2,2048]"],
  [
    'h = tm.models.c10Normalize(ctx.in("016_norm"), tm.relu(tm.layers.dense(ctx.in("015_dense"), h, 128)));\nh',
    "f32[2,128]",
  ],
  ['h = tm.layers.dropout(ctx.in("017_dropout"), h, 0.5);\nh', "f32[2,128]"],
  ['const logits = tm.layers.dense(ctx.in("018_dense"), h, 10);\nlogits', "f32[2,10]"],
  [
    // the logits vs ctx.exec of the model function itself, on the variables the cells made
    [
      "const nVars = ctx.variables().length;",
      "const viaSession2 = await s.eval(logits, { images: batch });",
      "const model = ctx.exec((c: tm.Context, x: tm.Node) => tm.models.c10ConvModel(c.reuse(), x));",
      "const viaExec2 = await (await model(batch)).toTensor();",
      "const ls = viaSession2.toFloat64Array(), le = viaExec2.toFloat64Array();",
      "JSON.stringify({ dims: viaSession2.shape.dims, nVars, after: ctx.variables().length, paths: ctx.variables().map((v) => v.path), maxDiff: Math.max(...ls.map((v, i) => Math.abs(v - le[i]))), spread: Math.max(...ls) - Math.min(...ls) })",
    ].join("\n"),
    null,
  ],
  [
    '// a mismatched feed\nawait s.eval(logits, { images: tm.Tensor.fromValues("f32", [2, 32, 32, 1], rand(2 * 32 * 32)) })',
    null,
  ],
  ["(await s.eval(logits, { images: batch })).shape.dims", null],
];

const jp = jupyterPath();
const notebookDir = mkdtempSync(join(tmpdir(), "tsmlx-c10-cells-"));
let cells: Cell[] = [];

before(async () => {
  const cellsFile = join(notebookDir, "cells.json");
  writeFileSync(cellsFile, JSON.stringify(CELLS.map(([code]) => code)));
  const out = await run(PYTHON, [join(ROOT, "test", "kernel", "drive_cells.py"), notebookDir, cellsFile], {
    env: pythonEnv(jp.dir),
    timeoutMs: 180_000,
  });
  if (out.code !== 0) throw new Error(`drive_cells.py exited with ${out.code}\n${out.stderr}`);
  cells = lastJson(out.stdout);
});

after(() => {
  killAll();
  jp.dispose();
});

const result = (c: Cell) => c.outputs.find((o) => o.type === "execute_result")?.text;
const json = <T>(c: Cell): T => {
  assert.equal(c.status, "ok", JSON.stringify(c.outputs));
  return JSON.parse(result(c)!.replace(/^'|'$/g, "")) as T;
};
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (s: string) => s.replace(ANSI, "");
const index = (code: string) => CELLS.findIndex(([c]) => c.startsWith(code));

test("each layer-group cell of the C10ConvModel shows the shape the model asserts", () => {
  const shown = CELLS.flatMap(([, want], i) =>
    want === null ? [] : [[i, cells[i]!.status, result(cells[i]!)?.split(" ")[0]]],
  );
  assert.deepEqual(
    shown,
    CELLS.flatMap(([, want], i) => (want === null ? [] : [[i, "ok", want]])),
  );
});

interface Compare {
  dims: number[];
  execDims?: number[];
  maxDiff: number;
  spread: number;
}

test("the node after the second conv block evaluated on a random batch equals ctx.exec of the same prefix", () => {
  const r = json<Compare>(cells[index("const rand")]!);
  assert.deepEqual(r.dims, [2, 8, 8, 64]);
  assert.deepEqual(r.execDims, [2, 8, 8, 64]);
  assert.ok(r.maxDiff <= 1e-5, `max difference ${r.maxDiff}`);
  assert.ok(r.spread > 0, "the values are not all equal");
});

test("the logits grown cell by cell equal ctx.exec of c10ConvModel on the same variables", () => {
  const r = json<Compare & { nVars: number; after: number; paths: string[] }>(cells[index("const nVars")]!);
  assert.deepEqual(r.dims, [2, 10]);
  assert.ok(r.maxDiff <= 1e-5, `max difference ${r.maxDiff}`);
  assert.ok(r.spread > 0, "the logits are not all equal");
  // the model function (on a reuse() view) found every variable; the cells made exactly its set
  assert.equal(r.after, r.nVars);
  assert.deepEqual(r.paths, [
    ...["000_conv", "002_conv", "005_conv", "007_conv", "010_conv", "012_conv"].flatMap((s) => [
      `/${s}/weights`,
      `/${s}/biases`,
    ]),
    "/015_dense/weights",
    "/015_dense/biases",
    "/018_dense/weights",
    "/018_dense/biases",
  ]);
});

test("a wrong flatten fails at its cell's line naming the shapes, and the next cell goes on", () => {
  const i = index("// a mistake");
  const c = cells[i]!;
  assert.equal(c.status, "error");
  const err = c.outputs.find((o) => o.type === "error")!;
  assert.match(err.evalue!, /\[reshape\] cannot reshape f32\[2,4,4,128\] to \[2,1024\]/);
  const tb = plain(err.traceback!.join("\n"));
  assert.match(tb, /In\[\d+\], line 2/);
  assert.match(tb, /> 2 \| h = tm\.reshape\(h, \[2, 1024\]\);/);
  assert.equal(cells[i + 1]!.status, "ok");
  assert.match(result(cells[i + 1]!)!, /^f32\[2,2048\] ← /);
});

test("a feed of the wrong shape names the input and both shapes, and the next eval works", () => {
  const i = index("// a mismatched feed");
  const c = cells[i]!;
  assert.equal(c.status, "error");
  const err = c.outputs.find((o) => o.type === "error")!;
  assert.match(
    err.evalue!,
    /\[session\.eval\] feed "images" is f32\[2,32,32,1\]; input "images" is f32\[2,32,32,3\]/,
  );
  assert.match(plain(err.traceback!.join("\n")), /> 2 \| await s\.eval\(logits/);
  assert.equal(cells[i + 1]!.status, "ok");
  assert.equal(result(cells[i + 1]!), "[ 2, 10 ]");
});
