/**
 * Live training curves through the real kernel (Debian's jupyter_client, drive_cells.py): a
 * cell training a small model with `loop.everySteps(n, curves.live(display))` publishes one
 * display_data and then update_display_data messages with the same display id, each a Vega-Lite
 * chart with its SVG rendering and the latest values as text (throttling off here), the last
 * one with the PNG as well.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jupyterPath, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

interface Output {
  type: string;
  text?: string;
  mimes?: string[];
  display_id?: string | null;
}

const CELLS = [
  [
    'import * as tm from "tsmlx"',
    "const n = 32;",
    "const xs = Array.from({ length: n * 2 }, (_, i) => Math.cos(i * 0.7));",
    "const ys = Array.from({ length: n }, (_, r) => 2 * xs[2 * r]! - xs[2 * r + 1]! + 0.5);",
    "const data = tm.fromTensors({",
    '  x: tm.Tensor.fromValues("f32", [n, 2], xs),',
    '  y: tm.Tensor.fromValues("f32", [n, 1], ys),',
    "});",
    "const trainer = new tm.Trainer({",
    "  ctx: new tm.Context({ seed: 3 }),",
    '  model: (c, x) => tm.layers.dense(c.in("out"), x, 1),',
    "  loss: (p, y) => tm.meanSquaredError(p, y),",
    "  optimizer: tm.sgd({ learningRate: 0.1 }),",
    '  inputs: ["x"],',
    '  labels: "y",',
    "});",
    'const curves = new tm.TrainingCurves({ title: "fit", maxUpdatesPerSecond: 1e6, maxOverhead: 1e6 });',
    "await new tm.Loop(trainer, data.batch(8).repeat(), { progress: false })",
    "  .everySteps(4, curves.live(display))",
    "  .runSteps(12);",
  ].join("\n"),
  "curves.points('loss').length",
];

let outputs: Output[][] = [];
let statuses: string[] = [];
const jp = jupyterPath();
after(() => jp.dispose());

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "tsmlx-curves-"));
  const cellsFile = join(dir, "cells.json");
  writeFileSync(cellsFile, JSON.stringify(CELLS));
  const out = await run(PYTHON, [join(ROOT, "test", "kernel", "drive_cells.py"), dir, cellsFile], {
    env: pythonEnv(jp.dir),
    timeoutMs: 120_000,
  });
  if (out.code !== 0) throw new Error(`drive_cells.py exited with ${out.code}\n${out.stderr}`);
  const cells = lastJson<{ status: string; outputs: Output[] }[]>(out.stdout);
  statuses = cells.map((c) => c.status);
  outputs = cells.map((c) => c.outputs);
});

test("the training cell shows the chart once, updates that output every 4 steps, then completes it", () => {
  assert.deepEqual(statuses, ["ok", "ok"], JSON.stringify(outputs));
  const shown = outputs[0]!.filter((o) => o.type.endsWith("display_data"));
  assert.deepEqual(
    shown.map((o) => o.type),
    ["display_data", "update_display_data", "update_display_data", "update_display_data"],
  );
  const ids = new Set(shown.map((o) => o.display_id));
  assert.equal(ids.size, 1);
  assert.ok([...ids][0], "a display id is set");
  // Frames during training: the spec and its SVG; the last update adds the PNG.
  for (const o of shown.slice(0, -1)) {
    assert.deepEqual(o.mimes, ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
  }
  assert.deepEqual(shown.at(-1)!.mimes, [
    "application/vnd.vegalite.v5+json",
    "image/png",
    "image/svg+xml",
    "text/plain",
  ]);
  for (const o of shown) assert.match(o.text ?? "", /^loss [\d.e+-]+ \(step (4|8|12)\)$/);
  assert.match(shown.at(-1)!.text!, /\(step 12\)/);
});

test("the curves keep one point per callback", () => {
  assert.equal(outputs[1]!.find((o) => o.type === "execute_result")?.text, "3");
});
