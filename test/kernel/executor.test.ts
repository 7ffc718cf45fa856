import assert from "node:assert/strict";
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
