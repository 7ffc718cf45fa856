/**
 * The op table covers every primitive: each one in `tm.lax` (src/ops/lax.ts: the graph's
 * parameter, constant and projection, and every op's) appears in some row, and its StableHLO op appears in some golden file.
 * A new primitive without a row fails here.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Primitive } from "../../src/graph/primitive.js";
import * as lax from "../../src/ops/lax.js";
import { GOLDEN_DIR } from "./harness.js";
import { OP_CASES } from "./op_table.js";

function primitives(): Primitive[] {
  return Object.values(lax).filter(
    (v): v is Primitive => typeof v === "object" && v !== null && "name" in v && "infer" in v && "lower" in v,
  );
}

/** Primitives that emit no StableHLO op of their own, and where they are tested instead. */
const NO_OP: Readonly<Record<string, string>> = {
  parameter: "a function argument (every golden has them)",
  result: "a projection %5#1 of a multi-result op (the multi-result rows)",
  stop_gradient: "its value is its operand's (test/autodiff/grad.test.ts)",
};

test("every primitive that emits an op has a row in the op table and a golden that uses it", () => {
  const prims = primitives().filter((p) => !(p.name in NO_OP));
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
