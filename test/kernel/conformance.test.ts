/**
 * The kernel against Debian's jupyter_kernel_test: all 12 standard tests run, pass, and
 * none is skipped (test/kernel/run_conformance.py gives a sample for every feature).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { jupyterPath, killAll, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

const jp = jupyterPath();
after(() => {
  killAll();
  jp.dispose();
});

interface Summary {
  run: number;
  passed: string[];
  failures: string[];
  errors: string[];
  skipped: string[];
}

test("jupyter_kernel_test: all 12 standard tests pass and none is skipped", async () => {
  const r = await run(PYTHON, [join(ROOT, "test", "kernel", "run_conformance.py")], {
    env: pythonEnv(jp.dir),
    timeoutMs: 150_000,
  });
  const summary = lastJson<Summary>(r.stdout);
  assert.deepEqual(summary.failures, [], r.stderr);
  assert.deepEqual(summary.errors, [], r.stderr);
  assert.deepEqual(summary.skipped, []);
  assert.equal(summary.run, 12);
  assert.deepEqual(summary.passed, [
    "test_clear_output",
    "test_completion",
    "test_display_data",
    "test_error",
    "test_execute_result",
    "test_execute_stderr",
    "test_execute_stdout",
    "test_history",
    "test_inspect",
    "test_is_complete",
    "test_kernel_info",
    "test_pager",
  ]);
  assert.equal(r.code, 0);
});
