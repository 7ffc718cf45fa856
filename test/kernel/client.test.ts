/**
 * The kernel driven by Debian's jupyter_client (test/kernel/drive_kernel.py): one kernel runs
 * a series of scenarios; each test below checks what the client observed in one of them.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jupyterPath, killAll, lastJson, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

interface Output {
  type: string;
  text?: string;
  name?: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  data?: Record<string, unknown>;
  transient?: Record<string, unknown>;
  state?: string;
}

interface Exec {
  status: string;
  outputs: Output[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
  user_expressions?: Record<string, any>;
  execution_count?: number;
  elapsed_s?: number;
  after?: Exec;
  exception?: string;
}

const jp = jupyterPath();
const notebookDir = mkdtempSync(join(tmpdir(), "tsmlx-notebook-"));
let r: Record<string, any> = {};

/** A notebook directory with a CommonJS and an ESM-only package and two local modules. */
function writeNotebookDir(dir: string): void {
  const pkg = (name: string, files: Record<string, string>) => {
    const d = join(dir, "node_modules", name);
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  };
  pkg("tiny-cjs", {
    "package.json": JSON.stringify({ name: "tiny-cjs", version: "1.0.0", main: "index.js" }),
    "index.js": 'module.exports = { name: "tiny-cjs", twice: (x) => 2 * x };\n',
  });
  pkg("tiny-esm", {
    "package.json": JSON.stringify({
      name: "tiny-esm",
      version: "1.0.0",
      type: "module",
      exports: { ".": { import: "./index.js" } },
    }),
    "index.js": 'export const shout = (s) => s.toUpperCase() + "!";\n',
  });
  writeFileSync(
    join(dir, "shapes.ts"),
    "export interface Shape { w: number; h: number }\nexport function area(s: Shape): number { return s.w * s.h; }\n",
  );
  writeFileSync(join(dir, "helper.mjs"), "export default (x) => x * 10;\n");
}

before(async () => {
  writeNotebookDir(notebookDir);
  const out = await run(PYTHON, [join(ROOT, "test", "kernel", "drive_kernel.py"), notebookDir], {
    env: pythonEnv(jp.dir),
    timeoutMs: 120_000,
  });
  r = lastJson(out.stdout);
  if (out.code !== 0) throw new Error(`drive_kernel.py exited with ${out.code}\n${out.stderr}`);
});

after(() => {
  killAll();
  jp.dispose();
  rmSync(notebookDir, { recursive: true, force: true });
});

function scenario(name: string): any {
  const s = r[name];
  assert.ok(s, `scenario ${name} did not run`);
  assert.equal(s.exception, undefined, s.exception);
  return s;
}

const results = (e: Exec) => e.outputs.filter((o) => o.type === "execute_result").map((o) => o.text);
const errors = (e: Exec) => e.outputs.filter((o) => o.type === "error");
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (lines: string[] = []) => lines.join("\n").replace(ANSI, "");

test("re-running cells that declare const, let, var, class and function replaces the bindings", () => {
  const s = scenario("redeclare");
  assert.equal(s.first.status, "ok");
  assert.equal(s.again.status, "ok", plain(s.again.traceback));
  assert.equal(s.changed.status, "ok", plain(s.changed.traceback));
  assert.deepEqual(results(s.use), ["[ 10, 20, 2, 2, 3 ]"]);
});

test("top-level await gives the awaited value as the cell's result", () => {
  assert.deepEqual(results(scenario("top_level_await")), ["43"]);
});

test("cells import CommonJS and ESM-only npm packages, the kernel's own packages, built-ins and local files", () => {
  const s = scenario("imports");
  assert.deepEqual(results(s.cjs), ["[ 'tiny-cjs', 8 ]"]);
  assert.deepEqual(results(s.esm_only), ["'HI!'"]);
  assert.deepEqual(results(s.kernel_dep), ["'function'"]);
  assert.deepEqual(results(s.local_ts), ["12"]);
  assert.deepEqual(results(s.local_js), ["20"]);
  assert.deepEqual(results(s.builtin), ["'x/y'"]);
  assert.deepEqual(results(s.dynamic), ["'DYN!'"]);
  assert.equal(s.missing.status, "error");
  assert.match(s.missing.evalue, /cannot find package "no-such-package-xyz"/);
});

test("input() sends input_request on stdin and resolves with the reply; refused without allow_stdin", () => {
  const s = scenario("stdin");
  assert.deepEqual(s.input_request, { prompt: "name? ", password: false });
  assert.equal(s.input_request_parent, true);
  assert.deepEqual(results(s), ["'hello world'"]);
  assert.equal(s.no_stdin.status, "error");
  assert.match(s.no_stdin.evalue, /allow_stdin is false/);
});

const afterInterrupt: Record<string, string> = {
  interrupt_sync: "[ 10, true ]",
  interrupt_async: "11",
  interrupt_sync_after_await: "13",
  interrupt_await_loop: "[ true, 0 ]",
};
for (const [name, what] of [
  ["interrupt_sync", "a busy while (true) {}"],
  ["interrupt_async", "an awaited 60 s promise"],
  ["interrupt_sync_after_await", "while (true) {} after a top-level await"],
  ["interrupt_await_loop", "a loop of awaits (which then stays stopped)"],
] as const) {
  test(`interrupt_request stops ${what} within 2 s; the kernel and its variables survive`, () => {
    const s: Exec = scenario(name);
    assert.equal(s.status, "error");
    assert.equal(s.ename, "Interrupt");
    assert.equal(errors(s).length, 1);
    assert.ok(s.elapsed_s! < 2, `took ${s.elapsed_s} s`);
    assert.equal(s.after!.status, "ok");
    assert.deepEqual(results(s.after!), [afterInterrupt[name]]);
  });
}

test("ten interrupts at random points of a loop of 1 ms awaits each stop the cell; the kernel survives", () => {
  const s = scenario("interrupt_repeated");
  for (const [i, round] of (s.rounds as { status: string; ename: string; elapsed_s: number }[]).entries()) {
    assert.deepEqual([i, round.status, round.ename], [i, "error", "Interrupt"]);
    assert.ok(round.elapsed_s < 2, `round ${i} took ${round.elapsed_s} s`);
  }
  assert.deepEqual(results(s.after), ["14"]);
});

test("an interrupt that cannot stop the code (a sync loop in a called async function) is reported on stderr", () => {
  const s: Exec = scenario("interrupt_uninterruptible");
  const notice = s.outputs.filter((o) => o.type === "stream" && o.name === "stderr").map((o) => o.text);
  assert.equal(notice.length, 1);
  assert.match(notice[0]!, /could not interrupt this cell/);
  assert.equal(s.status, "ok");
  assert.deepEqual(results(s), ["'finished'"]);
  assert.deepEqual(results(s.after!), ["12"]);
});

test("messages with a wrong or missing HMAC are dropped (no reply, no output), logged, and the kernel goes on", () => {
  const s = scenario("bad_hmac");
  assert.deepEqual(s.replies, []);
  assert.deepEqual(s.iopub, []);
  assert.deepEqual(results(s.after), ["'undefined'"]);
  assert.match(r.kernel_stderr, /shell: dropped message: bad signature/);
  assert.match(r.kernel_stderr, /shell: dropped message: missing signature/);
});

test("a cell that throws gives one error output naming the cell's line; the next cell runs", () => {
  const s = scenario("error");
  assert.equal(s.error.status, "error");
  const errs = errors(s.error);
  assert.equal(errs.length, 1);
  assert.equal(errs[0]!.ename, "TypeError");
  const tb = plain(errs[0]!.traceback);
  const count = s.error.execution_count;
  assert.match(tb, new RegExp(`In\\[${count}\\]:2:`));
  assert.match(tb, new RegExp(`In\\[${count}\\], line 2`));
  assert.match(tb, /const q = \(undefined as any\)\.foo;/);
  assert.deepEqual(results(s.next), ["42"]);
});

test("a traceback through a function from an earlier cell shows both cells' TypeScript lines", () => {
  const s = scenario("error_in_function");
  const tb = plain(s.traceback);
  const count = s.execution_count;
  assert.equal(s.ename, "RangeError");
  assert.match(tb, new RegExp(`at thrower \\(In\\[${count - 1}\\]:3:11\\)`));
  assert.match(tb, new RegExp(`at In\\[${count}\\]:2:1`));
  assert.match(tb, /throw new RangeError\(`bad \$\{n\}`\);/);
});

test("after an error, queued execute requests are aborted (stop_on_error), and not when it is false", () => {
  const s = scenario("abort_after_error");
  assert.equal(s.first, "error");
  assert.equal(s.second, "aborted");
  assert.deepEqual(results(s.later), ["'undefined'"]);
  const t = scenario("no_stop_on_error");
  assert.deepEqual([t.first, t.second], ["error", "ok"]);
});

test("display with a display id, update_display_data, and tslab's newDisplay()", () => {
  const s = scenario("display_update");
  const shown = s.outputs.filter((o: Output) => o.type.endsWith("display_data"));
  assert.deepEqual(
    shown.map((o: Output) => [o.type, o.data!["text/plain"], o.transient!.display_id === "d1"]),
    [
      ["display_data", "'one'", true],
      ["update_display_data", "'two'", true],
      ["display_data", "a", false],
      ["update_display_data", "b", false],
    ],
  );
  assert.equal(shown[2].transient.display_id, shown[3].transient.display_id);
});

test("console output streams while the cell still runs, for awaited and for synchronous code", () => {
  const s = scenario("streams_live");
  assert.deepEqual(s.async.texts, ["first\n", "second\n"]);
  assert.ok(
    s.async.first_before_idle_s > 0.7,
    `first line came ${s.async.first_before_idle_s} s before idle`,
  );
  assert.deepEqual(s.sync.texts, ["start\n", "end\n"]);
  assert.ok(s.sync.first_before_idle_s > 0.7, `first line came ${s.sync.first_before_idle_s} s before idle`);
});

test("user_expressions are evaluated after the cell, errors reported per expression", () => {
  const s = scenario("user_expressions");
  assert.equal(s.status, "ok");
  assert.deepEqual(s.user_expressions.double, { status: "ok", data: { "text/plain": "42" }, metadata: {} });
  assert.equal(s.user_expressions.bad.status, "error");
  assert.equal(s.user_expressions.bad.ename, "TypeError");
});

test("silent execution publishes no execute_input, output or result", () => {
  const s = scenario("silent");
  assert.equal(s.status, "ok");
  assert.deepEqual(
    s.outputs.map((o: Output) => o.type),
    ["status", "status"],
  );
});

test("comms: a target registered by a cell is opened by the front end, echoes, is listed and closes", () => {
  const s = scenario("comms");
  assert.deepEqual(s.opened, [{ opened: { hello: 1 } }]);
  assert.deepEqual(s.info.comms, { "c-1": { target_name: "echo" } });
  assert.deepEqual(s.echoed, [{ echo: { x: 2 } }]);
  assert.deepEqual(s.info_after.comms, {});
  assert.ok(s.refused.includes("comm_close"), "an unknown target is answered with comm_close");
  assert.ok(s.kernel_opened.includes("comm_open"));
});

test("restart gives a fresh session; shutdown_request ends the process", () => {
  assert.deepEqual(results(scenario("restart")), ["'undefined'"]);
  const s = scenario("shutdown");
  assert.equal(s.alive, false);
  assert.ok(s.exit_s < 5, `exit took ${s.exit_s} s`);
});
