/**
 * The gradient column of the op table: for every row with `grad`, the reverse-mode gradient
 * of the row's function agrees with central finite differences in float64 on the plugin.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Node } from "../../src/graph/node.js";
import type { Primitive } from "../../src/graph/primitive.js";
import * as lax from "../../src/ops/lax.js";
import { checkGradients } from "../../src/testing/gradients.js";
import { OP_CASES } from "../ops/op_table.js";

const rows = OP_CASES.filter((c) => c.grad);

test("the op table has gradient rows", () => {
  assert.ok(rows.length >= 40, `only ${rows.length} rows have a gradient check`);
});

/**
 * Differentiable primitives whose gradient checks live outside the op table, with where.
 * (Prefer a `grad` column on an op-table row; this list is for checks written elsewhere.)
 */
const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  gather: "test/ops/indexing_grad.test.ts",
  scatter: "test/ops/indexing_grad.test.ts",
  dynamic_slice: "test/ops/indexing_grad.test.ts",
  dynamic_update_slice: "test/ops/indexing_grad.test.ts",
  sort: "test/ops/indexing_grad.test.ts",
  atan2: "test/ops/indexing_grad.test.ts",
  cbrt: "test/ops/indexing_grad.test.ts",
  if: "test/ops/indexing_grad.test.ts",
  case: "test/ops/indexing_grad.test.ts",
  is_finite: "bool result: nothing to check",
  bitcast_convert: "reinterprets bits: zero gradient by definition",
  convolution: "test/ops/conv_grad.test.ts",
  reduce_window: "test/ops/conv_grad.test.ts",
  reverse: "test/ops/conv_grad.test.ts",
  stop_gradient: "test/autodiff/grad.test.ts",
};

test("every primitive with a gradient rule has a gradient check (an op-table row, or a listed test)", () => {
  const prims = Object.values(lax).filter(
    (v): v is Primitive =>
      typeof v === "object" &&
      v !== null &&
      "infer" in v &&
      (v.vjp !== undefined || v.vjpMulti !== undefined),
  );
  assert.ok(prims.length >= 30, `found only ${prims.length} differentiable primitives`);
  const checked = new Set(rows.flatMap((c) => c.ops));
  const missing = prims
    .filter((p) => !checked.has(p.name) && !(p.name in CHECKED_ELSEWHERE))
    .map((p) => `${p.name} (${p.api})`);
  assert.deepEqual(missing, [], "differentiable primitives without a gradient check");
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
