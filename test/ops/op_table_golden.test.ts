/**
 * (a) Each op-table case lowers to exactly its golden StableHLO file.
 * Regenerate the goldens after an intended change to the printer or an op with
 *   TSMLX_UPDATE_GOLDEN=1 node --test dist/test/ops/op_table_golden.test.js
 * and review the diff under test/ops/golden/.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GOLDEN_DIR, lowerCase } from "./harness.js";
import { OP_CASES } from "./op_table.js";

const update = process.env.TSMLX_UPDATE_GOLDEN === "1";

for (const c of OP_CASES) {
  test(`${c.name}: lowering matches golden/${c.name}.mlir`, () => {
    const { mlir } = lowerCase(c);
    const path = join(GOLDEN_DIR, `${c.name}.mlir`);
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, mlir);
      return;
    }
    assert.ok(existsSync(path), `missing golden ${path}; run with TSMLX_UPDATE_GOLDEN=1 to create it`);
    assert.equal(mlir, readFileSync(path, "utf8"));
  });
}

test("every golden file belongs to an op-table case", () => {
  const names = new Set(OP_CASES.map((c) => `${c.name}.mlir`));
  const stale = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".mlir") && !names.has(f));
  assert.deepEqual(stale, [], "stale golden files (delete them)");
});
