import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { isInteractiveTerminal, progressSink } from "../../src/train/progress.js";

function capture(isTTY: boolean) {
  const s = new PassThrough();
  let text = "";
  s.on("data", (c) => {
    text += String(c);
  });
  Object.assign(s, { isTTY });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text };
}

describe("progress output", () => {
  test("a terminal gets one bar redrawn in place, ending with a newline", async () => {
    const c = capture(true);
    const p = progressSink({ stream: c.stream, interactive: true });
    p.update(5, 10, 20, { loss: 0.5 });
    p.update(10, 10, 20, { loss: 0.25 });
    p.done(10, 10, 20, { loss: 0.25 }, 0.5);
    await new Promise((r) => setImmediate(r));
    const out = c.text();
    assert.ok(
      out.startsWith(`\r\u001b[2K[${"#".repeat(12)}${".".repeat(12)}] train 5/10 20.0 steps/s loss=0.5000`),
      out,
    );
    assert.match(out, /\[#{24}\] train 10\/10/);
    assert.equal(out.split("\n").length, 2, "only the final line ends with a newline");
  });

  test("elsewhere (pipes, notebooks) each update is a plain line", async () => {
    const c = capture(false);
    const p = progressSink({ stream: c.stream });
    p.update(3, undefined, 0.5, { loss: 1e-5 });
    p.done(4, undefined, 0.5, {}, 8);
    await new Promise((r) => setImmediate(r));
    assert.equal(c.text(), "train 3 2.00 s/step loss=1.000e-5\ntrain 4 2.00 s/step (8.0 s)\n");
  });

  test("a Jupyter kernel is never treated as a terminal", () => {
    const c = capture(true);
    const saved = process.env.JPY_PARENT_PID;
    process.env.JPY_PARENT_PID = "1";
    try {
      assert.equal(isInteractiveTerminal(c.stream), false);
    } finally {
      if (saved === undefined) delete process.env.JPY_PARENT_PID;
      else process.env.JPY_PARENT_PID = saved;
    }
    assert.equal(isInteractiveTerminal(capture(false).stream), false);
  });
});
