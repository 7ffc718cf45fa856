/**
 * (c) Every op-table case runs through `exec` on the PJRT plugin in use (the bundled CPU
 * plugin by default; TSMLX_PJRT_PLUGIN=cuda or a path runs the same table elsewhere) and its
 * outputs equal the plain-TypeScript reference: exactly for integers, bool and exact float
 * ops, within the row's ulps for transcendental float ops.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { bundledCpuPlugin, type DeviceArray, exec, resolvePlugin } from "../../src/runtime/index.js";
import { mismatch } from "./harness.js";
import { expectedList, OP_CASES } from "./op_table.js";

// On another plugin, rows marked bundledOnly are skipped and IEEE-exact float rows get their
// `ulpsElsewhere` (see OpCase).
const elsewhere = resolvePlugin() !== bundledCpuPlugin();

for (const c of OP_CASES) {
  const skip = elsewhere && c.bundledOnly ? c.bundledOnly : false;
  const ulps = Math.max(c.ulps ?? 0, elsewhere ? (c.ulpsElsewhere ?? 0) : 0);
  test(`${c.name}: values through exec equal the reference`, { skip }, async () => {
    const f = exec((...xs: Node[]) => c.build(...xs) as Node | Node[], { name: c.name });
    const out = await f(...c.inputs);
    const arrays: DeviceArray[] = Array.isArray(out) ? out : [out];
    const expected = expectedList(c);
    assert.equal(arrays.length, expected.length, "number of outputs");
    const got: Tensor[] = [];
    for (const a of arrays) {
      got.push(await a.toTensor());
      a.dispose();
    }
    const problems = got
      .map((g, i) => {
        const m = mismatch(g, expected[i]!, ulps);
        return m && `output ${i}: ${m}\n  got      ${g}\n  expected ${expected[i]}`;
      })
      .filter((m) => m !== undefined);
    assert.deepEqual(problems, [], `${c.name} on the plugin differs from the reference`);
  });
}
