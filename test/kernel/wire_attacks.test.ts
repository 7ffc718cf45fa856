/**
 * The kernel's sockets under attack, over real ZeroMQ against a real kernel process: replayed,
 * forged, altered, unsigned, truncated, oversized and deeply nested messages. Whatever arrives,
 * a message that must not run gets no reply, is logged, and the kernel keeps answering.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Message } from "../../kernel/wire.js";
import { DELIMITER, Signer } from "../../kernel/wire.js";
import { KernelProcess } from "./wire_client.js";

let k: KernelProcess;
before(async () => {
  k = await KernelProcess.start();
});
after(async () => {
  await k?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many lines of the kernel's log match `re`. */
const logged = (re: RegExp) => k.stderr.split("\n").filter((l) => re.test(l)).length;

/** Waits (at most `ms`) until the kernel has logged `count` lines matching `re`. */
async function untilLogged(re: RegExp, count: number, ms = 10_000): Promise<number> {
  const deadline = Date.now() + ms;
  while (logged(re) < count && Date.now() < deadline) await sleep(20);
  return logged(re);
}

const execRequest = (code: string): Message =>
  k.request("execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: true,
  });

test("an execute_request replayed on the same connection, on a second connection and on control runs once; each copy is dropped as a duplicate signature", async () => {
  const first = await k.execute("globalThis.__runs = (globalThis.__runs ?? 0) + 1");
  assert.equal(first.reply.status, "ok");
  const original = execRequest("globalThis.__runs = (globalThis.__runs ?? 0) + 1");
  const frames = k.frames(original);
  await k.sendFrames("shell", frames);
  await k.reply(original.header.msg_id);
  const before = logged(/dropped message: duplicate signature/);
  const other = k.secondShell();
  const copies = 3;
  await k.sendFrames("shell", frames);
  await k.sendFrames("shell", frames, other);
  await k.sendFrames("control", frames);
  const rejected = (await untilLogged(/dropped message: duplicate signature/, before + copies)) - before;
  const counted = await k.execute("globalThis.__runs");
  assert.equal(counted.result, "2", "the original ran once and no copy ran");
  assert.equal(k.repliesTo(original.header.msg_id).filter((r) => r.channel !== "iopub").length, 1);
  assert.equal(rejected, copies);
  console.log(`replayed: ${copies} sent, ${rejected} rejected`);
});

test("forged, altered, unsigned, truncated and oversized messages get no reply and are logged; the kernel goes on", async () => {
  const kinds: Record<string, () => Buffer[]> = {
    forged: () => {
      const m = execRequest("globalThis.__bad = 1");
      const frames = k.frames(m);
      frames[1] = Buffer.from(new Signer("not-the-key").sign(frames.slice(2, 6)));
      return frames;
    },
    altered: () => {
      const frames = k.frames(execRequest("1"));
      frames[5] = Buffer.from(JSON.stringify({ code: "globalThis.__bad = 1", silent: false }));
      return frames;
    },
    unsigned: () => {
      const frames = k.frames(execRequest("globalThis.__bad = 1"));
      frames[1] = Buffer.alloc(0);
      return frames;
    },
    truncated: () => k.frames(execRequest("globalThis.__bad = 1")).slice(0, 4),
    oversized: () => {
      const frames = k.frames(execRequest("globalThis.__bad = 1"));
      frames[5] = Buffer.alloc(64 << 20, 0x20);
      return frames;
    },
  };
  const perKind = 5;
  const counts: Record<string, { sent: number; replies: number }> = {};
  const droppedBefore = logged(/shell: dropped message/);
  for (const [kind, make] of Object.entries(kinds)) {
    counts[kind] = { sent: 0, replies: 0 };
    for (let i = 0; i < (kind === "oversized" ? 2 : perKind); i++) {
      await k.sendFrames("shell", make());
      counts[kind]!.sent++;
    }
  }
  const sent = Object.values(counts).reduce((a, c) => a + c.sent, 0);
  const dropped = (await untilLogged(/shell: dropped message/, droppedBefore + sent)) - droppedBefore;
  const check = await k.execute("typeof globalThis.__bad");
  assert.equal(check.result, "'undefined'");
  assert.equal(dropped, sent);
  for (const [kind, c] of Object.entries(counts)) console.log(`${kind}: ${c.sent} sent, ${c.sent} rejected`);
});

/** `[[[…]]]` nested `depth` deep, as JSON text (too deep for JSON.stringify to make). */
const deepJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Signed frames of an execute_request with one of its four JSON frames replaced by `text`. */
function signedWith(frame: number, text: string): { frames: Buffer[]; msgId: string } {
  const m = execRequest("globalThis.__deep = (globalThis.__deep ?? 0) + 1");
  const body = k.frames(m).slice(2, 6);
  body[frame] = Buffer.from(text);
  return {
    frames: [Buffer.from(DELIMITER), Buffer.from(k.signer.sign(body)), ...body],
    msgId: m.header.msg_id,
  };
}

test("validly signed messages nested 20,000 deep are dropped and logged, and the shell and control loops go on", async () => {
  const depth = 20_000;
  const attempts = [
    signedWith(3, `{"code":"globalThis.__deep = 1","deep":${deepJson(depth)}}`),
    signedWith(2, `{"deep":${deepJson(depth)}}`),
    signedWith(1, `{"deep":${deepJson(depth)}}`),
  ];
  const before = logged(/dropped message: .*nested/);
  for (const a of attempts) await k.sendFrames("shell", a.frames);
  await k.sendFrames("control", signedWith(3, `{"deep":${deepJson(depth)}}`).frames);
  const sent = attempts.length + 1;
  const rejected = (await untilLogged(/dropped message: .*nested/, before + sent)) - before;
  // The loops still run: a normal request on each channel is answered.
  const after = await k.execute("typeof globalThis.__deep");
  assert.equal(after.reply.status, "ok");
  assert.equal(after.result, "'undefined'");
  const info = k.request("kernel_info_request", {});
  await k.sendOn("control", info);
  assert.equal((await k.reply(info.header.msg_id, "control", 5000)).header.msg_type, "kernel_info_reply");
  assert.doesNotMatch(k.stderr, /socket loop ended/);
  assert.equal(rejected, sent);
  assert.ok(k.alive);
  console.log(`nested ${depth} deep: ${sent} sent, ${rejected} rejected`);
});
