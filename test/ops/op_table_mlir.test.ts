/**
 * (b) Every golden StableHLO file parses with mlir-opt-19 (generic form, unregistered
 * dialect allowed), which checks the syntax, SSA names and types of each module.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GOLDEN_DIR } from "./harness.js";

const MLIR_OPT = "/usr/bin/mlir-opt-19";

function parse(text: string, split: boolean): { ok: boolean; stderr: string } {
  const args = [
    "--allow-unregistered-dialect",
    ...(split ? ["--split-input-file"] : []),
    "-o",
    "/dev/null",
    "-",
  ];
  const r = spawnSync(MLIR_OPT, args, { input: text, encoding: "utf8" });
  if (r.error) throw r.error;
  return { ok: r.status === 0, stderr: r.stderr };
}

test("mlir-opt-19 parses every golden StableHLO module", () => {
  const files = readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith(".mlir"))
    .sort();
  assert.ok(files.length > 100, `expected the op table's goldens, found ${files.length}`);
  const texts = files.map((f) => readFileSync(join(GOLDEN_DIR, f), "utf8"));
  const all = parse(texts.join("\n// -----\n"), true);
  if (all.ok) return;
  const bad = files.filter((_, i) => !parse(texts[i]!, false).ok);
  assert.fail(`mlir-opt-19 rejects ${bad.join(", ")}:\n${all.stderr.slice(0, 4000)}`);
});

test("mlir-opt-19 rejects a malformed module (the check can fail)", () => {
  const r = parse(
    'module @m {\n  func.func public @main() -> (tensor<f32>) {\n    "func.return"(%0) : (tensor<f32>) -> ()\n  }\n}\n',
    false,
  );
  assert.equal(r.ok, false);
  assert.match(r.stderr, /undeclared SSA value|use of undeclared/);
});
