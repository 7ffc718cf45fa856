import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { test } from "node:test";
import { Executor } from "../../kernel/exec/executor.js";

const executor = new Executor({
  import: (spec) => import(spec),
  meta: { url: "file:///tmp/notebook.ts", dirname: "/tmp", filename: "/tmp/notebook.ts" },
});
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

test("cells share one global scope, and a re-run cell redeclares its const", async () => {
  assert.deepEqual(await executor.run("const shared = 20;\nshared", "In[1]"), {
    ok: true,
    hasValue: true,
    value: 20,
  });
  const again = await executor.run("const shared = 21;\nshared * 2", "In[2]");
  assert.deepEqual(again, { ok: true, hasValue: true, value: 42 });
});

test("a cell whose last statement is not an expression has no value", async () => {
  assert.deepEqual(await executor.run("const nothing = 1;", "In[3]"), {
    ok: true,
    hasValue: false,
    value: undefined,
  });
});

test("an error after type-only lines is reported at its TypeScript line with a code frame", async () => {
  const out = await executor.run(
    "interface P { x: number }\ntype Q = P;\nconst p: P = { x: 1 };\n(p as any).missing.deeper",
    "In[4]",
  );
  assert.equal(out.ok, false);
  if (out.ok) return;
  assert.equal(out.error.ename, "TypeError");
  const tb = out.error.traceback.join("\n").replace(ANSI, "");
  assert.match(tb, /at In\[4\]:4:\d+/);
  assert.match(tb, /In\[4\], line 4:/);
  assert.match(tb, /> 4 \| \(p as any\)\.missing\.deeper/);
  assert.doesNotMatch(tb, /dist\/kernel/, "kernel frames are cut from the traceback");
});

test("a thrown non-Error value is still reported", async () => {
  const out = await executor.run('throw "plain string"', "In[5]");
  assert.equal(out.ok, false);
  if (!out.ok) assert.equal(out.error.evalue, "plain string");
});

test("interrupt() abandons a cell waiting on a promise and reports Interrupt", async () => {
  const running = executor.run("await new Promise(() => {})", "In[6]");
  setTimeout(() => executor.interrupt(), 50);
  const out = await running;
  assert.equal(out.ok, false);
  if (!out.ok) {
    assert.equal(out.interrupted, true);
    assert.equal(out.error.ename, "Interrupt");
  }
});

test("columns survive the rewrite of declarations: the frame points at the failing call", async () => {
  const line2 = "const failing: number = 1 + throwing.go(2);";
  const out = await executor.run(
    `const throwing = { go: (n: number): number => { throw new Error("no " + n); } };\n${line2}`,
    "In[7]",
  );
  assert.equal(out.ok, false);
  if (out.ok) return;
  const tb = out.error.traceback.join("\n").replace(ANSI, "");
  const column = line2.indexOf("go(") + 1;
  assert.match(tb, new RegExp(`at In\\[7\\]:2:${column}\\b`), tb);
});

test("an interrupt while a loop awaits stops the loop: no step runs after it, finally blocks do", async () => {
  const running = executor.run(
    "globalThis.ticks = 0; globalThis.cleaned = false;\ntry {\n  for (;;) { (globalThis as any).ticks++; await new Promise((r) => setTimeout(r, 5)); }\n} finally { (globalThis as any).cleaned = true; }",
    "In[8]",
  );
  await new Promise((r) => setTimeout(r, 100));
  executor.interrupt();
  const out = await running;
  assert.equal(out.ok, false);
  const g = globalThis as any;
  const ticks = g.ticks;
  assert.ok(ticks > 0);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(g.ticks, ticks, "the loop did not go on in the background");
  assert.equal(g.cleaned, true);
});

test("SIGINT stops synchronous code that runs after a top-level await", async () => {
  const killer = spawn("sh", ["-c", `sleep 0.5; kill -INT ${process.pid}`], { stdio: "ignore" });
  const t0 = Date.now();
  const out = await executor.run("await null;\nwhile (true) {}", "In[9]");
  killer.kill();
  assert.equal(out.ok, false);
  if (!out.ok) assert.equal(out.error.ename, "Interrupt");
  assert.ok(Date.now() - t0 < 5000);
  assert.deepEqual(await executor.run("'alive'", "In[10]"), { ok: true, hasValue: true, value: "alive" });
});

test("a rejected top-level await is thrown at its line, where the cell can catch it", async () => {
  const out = await executor.run(
    'let caught = "";\ntry {\n  await Promise.reject(new Error("nope"));\n} catch (e) { caught = (e as Error).message; }\ncaught',
    "In[11]",
  );
  assert.deepEqual(out, { ok: true, hasValue: true, value: "nope" });
  const uncaught = await executor.run(
    'const q1 = 1;\nawait Promise.reject(new RangeError("deep"));',
    "In[12]",
  );
  assert.equal(uncaught.ok, false);
  if (!uncaught.ok) {
    assert.equal(uncaught.error.ename, "RangeError");
    assert.doesNotMatch(uncaught.error.traceback.join("\n"), /Generator\.|kernel-step|dist\/kernel/);
  }
});

test("a top-level await of a parenthesized expression is an await, also nested", async () => {
  const out = await executor.run(
    "const boxed = { get: async () => 7 };\nconst got = await (await Promise.resolve(boxed)).get();\nawait (got * 6)",
    "In[40]",
  );
  assert.deepEqual(out, { ok: true, hasValue: true, value: 42 });
});
