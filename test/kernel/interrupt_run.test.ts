/**
 * Interrupting a cell that awaits a device run that never ends (a whileLoop whose condition
 * never fails), over real ZeroMQ against a kernel process: the interrupt stops the run itself
 * through the plugin, not only the cell, and the kernel computes on and shuts down cleanly.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KernelProcess } from "./wire_client.js";

let k: KernelProcess;
before(async () => {
  k = await KernelProcess.start();
});
after(async () => {
  await k?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("interrupt_request stops a cell awaiting a never-ending whileLoop within 2 s, and stops the run itself", async () => {
  const setup = await k.execute(
    'import * as tm from "tsmlx";\n' +
      "const forever = tm.exec((x: tm.Node) => tm.whileLoop([x], (i) => tm.ge(i, 0), (i) => tm.add(i, 1))[0]!);\n" +
      "await (await tm.exec((a: tm.Node) => tm.add(a, 1))([1])).toTensor();\n1",
    60_000,
  );
  assert.equal(setup.reply.status, "ok", JSON.stringify(setup.reply));
  const cell = k.request("execute_request", {
    code: 'await forever(tm.tensor(0, "f32"))',
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: true,
  });
  await k.sendOn("shell", cell);
  await sleep(500);
  const running = await k.execute("1", 200).catch(() => undefined);
  assert.equal(running, undefined, "the cell is still running (the next request waits behind it)");
  const asked = Date.now();
  await k.sendOn("control", k.request("interrupt_request", {}));
  const reply = await k.reply(cell.header.msg_id, "shell", 5000);
  const elapsed = Date.now() - asked;
  assert.equal(reply.content.status, "error");
  assert.equal(reply.content.ename, "Interrupt");
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  console.log(`interrupted after ${elapsed} ms`);

  // The run itself is gone (the poisoned run ends at its next check: within 2 s even on a
  // loaded machine), and the kernel computes on.
  let left = "";
  for (const t0 = Date.now(); Date.now() - t0 < 2000; await sleep(50)) {
    left = String((await k.execute("tm.inFlightCount()")).result);
    if (left === "0") break;
  }
  assert.equal(left, "0", "no run is left in flight");
  const again = await k.execute(
    "(await (await tm.exec((a: tm.Node) => tm.mul(a, 2))([1, 2, 3])).toTensor()).toString()",
  );
  assert.equal(again.reply.status, "ok", JSON.stringify(again.reply));
  assert.equal(again.result, "'f32[3] [2., 4., 6.]'");
  assert.doesNotMatch(k.stderr, /unhandled promise rejection/);
});

test("after an interrupted run the kernel shuts down cleanly on shutdown_request", async () => {
  const exited = new Promise<number | null>((r) => k.child.once("exit", (code) => r(code)));
  await k.sendOn("control", k.request("shutdown_request", { restart: false }));
  const code = await Promise.race([exited, sleep(10_000).then(() => "timeout" as const)]);
  assert.equal(code, 0);
});
