/**
 * The op table covers every primitive: each one exported from src/ops appears in some row,
 * and its StableHLO op appears in some golden file. A new primitive without a row fails here.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Primitive } from "../../src/graph/primitive.js";
import * as ops from "../../src/ops/index.js";
import { GOLDEN_DIR } from "./harness.js";
import { OP_CASES } from "./op_table.js";

function primitives(): Primitive[] {
  return Object.values(ops).filter(
    (v): v is Primitive => typeof v === "object" && v !== null && "name" in v && "infer" in v && "lower" in v,
  );
}

test("every primitive except parameter has a row in the op table and a golden that uses it", () => {
  const prims = primitives().filter((p) => p.name !== "parameter");
  assert.ok(prims.length >= 40, `found only ${prims.length} primitives`);
  const covered = new Set(OP_CASES.flatMap((c) => c.ops));
  const goldens = readdirSync(GOLDEN_DIR)
    .map((f) => readFileSync(join(GOLDEN_DIR, f), "utf8"))
    .join("\n");
  const missing = prims.filter((p) => !covered.has(p.name)).map((p) => p.name);
  assert.deepEqual(missing, [], "primitives without an op-table row");
  const unlowered = prims.filter((p) => !goldens.includes(`"stablehlo.${p.name}"`)).map((p) => p.name);
  assert.deepEqual(unlowered, [], "primitives no golden file lowers");
});
