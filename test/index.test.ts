import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tm from "../src/index.js";

/** The compiled src/ beside this test's compiled file. */
const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** Exports of a directory's files that its barrel leaves out on purpose: plumbing between modules. */
const INTERNAL: Readonly<Record<string, readonly string[]>> = {
  "core/elements.js": ["readNumber", "toF32RoundToOdd", "writeElement"],
  "core/format.js": ["EDGE_ITEMS", "SUMMARIZE_THRESHOLD", "shortestDecimal", "shownIndices"],
  "ops/operand.js": [
    "broadcastAll",
    "broadcastToShape",
    "describe",
    "isUnsigned",
    "lift",
    "liftAndBroadcast",
    "liftSameDType",
    "normAxis",
    "zerosOf",
  ],
  "ops/region.js": ["lowerRegion", "replayRegion", "traceRegion", "typeOf"],
  "runtime/addon.js": ["loadAddon", "packageRoot"],
  "runtime/cancel.js": ["checkStopOptions", "launchId", "stoppable"],
  // the system library check, used by the tsmlx command and the addon's load errors
  "runtime/system_libs.js": [
    "DEBIAN_PACKAGES",
    "OPENED_AT_RUN_TIME",
    "librariesNamedIn",
    "libraryProblems",
    "libraryReport",
    "loadFailureHint",
    "missingOpenedLibraries",
    "platformProblem",
    "withOpened",
  ],
  "runtime/exec.js": ["callableOf", "splitOutputs", "toValue"],
};

test("the public entry exports core, graph, ops, lowering, display and runtime", () => {
  for (const name of [
    "Shape",
    "Tensor",
    "tensor",
    "TsmlxError",
    "Graph",
    "Node",
    "add",
    "matmul",
    "dotGeneral",
    "reduceSum",
    "select",
    "toStableHLO",
    "JUPYTER_DISPLAY",
    "exec",
    "DeviceArray",
  ]) {
    assert.ok(name in tm, `tsmlx exports ${name}`);
  }
});

test("a graph built through the public entry runs through exec", async () => {
  const f = tm.exec((a: tm.Node, b: tm.Node) => tm.add(a, b).mul(2));
  const out = await f([1, 2], [3, 4]);
  const t = await out.toTensor();
  out.dispose();
  assert.deepEqual(t.toArray(), [8, 12]);
  assert.equal(t.dtype, "f32");
});

test("every directory's barrel exports what its files export (less the listed plumbing)", async () => {
  const gaps: string[] = [];
  // src/cli is the tsmlx command, an application with no barrel of its own.
  for (const dir of readdirSync(SRC, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && d.name !== "cli",
  )) {
    const barrel = (await import(pathToFileURL(join(SRC, dir.name, "index.js")).href)) as object;
    for (const file of readdirSync(join(SRC, dir.name)).filter(
      (f) => f.endsWith(".js") && f !== "index.js",
    )) {
      const mod = (await import(pathToFileURL(join(SRC, dir.name, file)).href)) as object;
      const internal = INTERNAL[`${dir.name}/${file}`] ?? [];
      for (const name of Object.keys(mod)) {
        if (!(name in barrel) && !internal.includes(name)) gaps.push(`${dir.name}/${file}: ${name}`);
      }
    }
  }
  assert.deepEqual(gaps, []);
});

test("the trainer and the loop come with the train barrel; lowering helpers sit under tm.stablehlo", () => {
  for (const name of ["Trainer", "Loop", "TrainingCurves", "adam", "softmaxCrossEntropy"])
    assert.ok(name in tm, name);
  assert.equal(typeof tm.stablehlo.emitOp, "function");
  assert.equal(typeof tm.stablehlo.denseAttr, "function");
  for (const name of ["emitOp", "denseAttr", "floatDecimal", "i64Array", "tensorType", "nodeType"]) {
    assert.ok(!(name in tm), `${name} is not in the flat surface`);
  }
  assert.equal(tm.toStableHLO, tm.stablehlo.toStableHLO);
});
