/**
 * Child process of cancel.test.ts: runs a whileLoop that never ends, stops it the way argv[2]
 * names, checks the process can still compute, and prints one JSON line of what happened.
 *   timeout: exec(fn, { timeoutMs: 300 });   signal: exec(fn, { signal }) aborted after 300 ms;
 *   exit: process.exit(0) 300 ms into the run (nothing cancels it but the exit itself).
 */
import process from "node:process";
import * as tm from "../../src/index.js";

// Run without a scenario (as the test runner does with every file under test/), it does nothing.
const scenario = process.argv[2];
const forever = (x: tm.Node) =>
  tm.whileLoop(
    [x],
    (i) => tm.ge(i, 0),
    (i) => tm.add(i, 1),
  )[0]!;

async function main(): Promise<void> {
  const started = Date.now();
  const report = (extra: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ scenario, ms: Date.now() - started, ...extra })}\n`);
  if (scenario === "exit") {
    const f = tm.exec(forever);
    void f(tm.tensor(0, "f32")).catch(() => undefined);
    setTimeout(() => {
      report({ exiting: true });
      process.exit(0);
    }, 300);
    return;
  }
  const controller = new AbortController();
  const f =
    scenario === "timeout"
      ? tm.exec(forever, { timeoutMs: 300 })
      : tm.exec(forever, { signal: controller.signal });
  if (scenario === "signal") setTimeout(() => controller.abort(), 300);
  let error: { message: string; name: string; codeName?: unknown } | undefined;
  try {
    await f(tm.tensor(0, "f32"));
  } catch (e) {
    const err = e as Error & { codeName?: unknown };
    error = { message: err.message, name: err.name, codeName: err.codeName };
  }
  const stoppedMs = Date.now() - started;
  // The process still computes (and the thread that ran the loop is free again).
  const g = tm.exec((a: tm.Node) => tm.mul(a, 2));
  const again = [...(await (await g([1, 2, 3])).toTensor()).data];
  report({ stoppedMs, error, again });
  process.exit(0);
}

if (scenario) void main();
