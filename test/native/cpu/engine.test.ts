// Runs the CPU plugin engine's C++ unit tests (native/cpu/test) and checks they all pass.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

test("engine C++ unit tests build and all pass", () => {
  execFileSync("make", ["-j2", "build/cpu_engine_test"], { cwd: root, stdio: "pipe" });
  const run = spawnSync(resolve(root, "build/cpu_engine_test"), { cwd: root, encoding: "utf8" });
  const output = `${run.stdout}${run.stderr}`;
  const summary = /(\d+) passed, (\d+) failed/.exec(output);
  assert.ok(summary, `no summary line in output:\n${output}`);
  assert.equal(Number(summary[2]), 0, `failures:\n${output}`);
  assert.ok(Number(summary[1]) > 100, `too few checks ran:\n${output}`);
  assert.equal(run.status, 0, output);
});
