/**
 * A whileLoop that never ends is stopped: by an execute deadline (`timeoutMs`), by an
 * AbortSignal, and by process.exit. Each case runs in a child process (test/runtime/never_ending.ts)
 * with a bounded wait, so a run that cannot be stopped fails the test instead of hanging it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const child = join(fileURLToPath(new URL(".", import.meta.url)), "never_ending.js");

/** Runs the child with `scenario`; kills it after `limitMs`. */
function runChild(
  scenario: string,
  limitMs = 15_000,
): Promise<{ code: number | null; report: any; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const p = spawn(process.execPath, [child, scenario], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      err += d;
    });
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`${scenario}: the process did not end within ${limitMs} ms\n${out}\n${err}`));
    }, limitMs);
    p.on("exit", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve({ code, report: JSON.parse(line), ms: Date.now() - started });
      } catch {
        reject(new Error(`${scenario}: no report (exit ${code})\n${out}\n${err}`));
      }
    });
  });
}

test("exec with timeoutMs stops a never-ending whileLoop within 2 s with DEADLINE_EXCEEDED; the process computes on and exits", async () => {
  const r = await runChild("timeout");
  assert.equal(r.code, 0);
  assert.ok(r.report.stoppedMs < 2000, `stopped after ${r.report.stoppedMs} ms`);
  assert.equal(r.report.error?.codeName, "DEADLINE_EXCEEDED", JSON.stringify(r.report.error));
  assert.match(r.report.error.message, /\[exec\] forever did not finish within 300 ms/);
  assert.deepEqual(r.report.again, [2, 4, 6]);
});

test("exec with an AbortSignal stops a never-ending whileLoop within 2 s of the abort; the process computes on and exits", async () => {
  const r = await runChild("signal");
  assert.equal(r.code, 0);
  assert.ok(r.report.stoppedMs < 2000, `stopped after ${r.report.stoppedMs} ms`);
  assert.equal(r.report.error?.name, "AbortError", JSON.stringify(r.report.error));
  assert.deepEqual(r.report.again, [2, 4, 6]);
});

test("process.exit(0) ends a process whose never-ending whileLoop is still running", async () => {
  const r = await runChild("exit");
  assert.equal(r.code, 0);
  assert.equal(r.report.exiting, true);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
});
