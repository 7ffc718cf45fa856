/**
 * The gradient column of the op table: for every row with `grad`, the reverse-mode gradient
 * of the row's function agrees with central finite differences in float64 on the plugin.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkGradients } from "../../src/autodiff/check.js";
import type { Node } from "../../src/graph/node.js";
import type { Primitive } from "../../src/graph/primitive.js";
import * as ops from "../../src/ops/index.js";
import { OP_CASES } from "../ops/op_table.js";

const rows = OP_CASES.filter((c) => c.grad);

test("the op table has gradient rows", () => {
  assert.ok(rows.length >= 40, `only ${rows.length} rows have a gradient check`);
});

test("every primitive with a gradient rule has an op-table row with a gradient check", () => {
  const prims = Object.values(ops).filter(
    (v): v is Primitive =>
      typeof v === "object" &&
      v !== null &&
      "infer" in v &&
      (v.vjp !== undefined || v.vjpMulti !== undefined),
  );
  assert.ok(prims.length >= 30, `found only ${prims.length} differentiable primitives`);
  const checked = new Set(rows.flatMap((c) => c.ops));
  const missing = prims.filter((p) => !checked.has(p.name)).map((p) => `${p.name} (${p.api})`);
  assert.deepEqual(missing, [], "differentiable primitives without a gradient row");
});

for (const c of rows) {
  test(`${c.name}: gradient agrees with central differences`, async () => {
    const spec = c.grad!;
    const r = await checkGradients((...xs: Node[]) => c.build(...xs), spec.inputs ?? c.inputs, {
      wrt: spec.wrt,
      rtol: spec.rtol,
      atol: spec.atol,
      eps: spec.eps,
    });
    assert.ok(r.ok, `${c.name}: ${r.message}`);
  });
}
