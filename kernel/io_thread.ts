/**
 * The kernel's I/O thread: a worker that owns every ZeroMQ socket.
 *
 * Running the sockets off the main thread keeps the heartbeat answering, output streaming
 * and interrupt requests arriving while a cell blocks the main thread in synchronous code.
 * Signatures are checked here; messages that fail the check are dropped and logged.
 * The main thread receives decoded messages and posts back messages to send.
 *
 * interrupt_request (control) is handled here: the interrupt is marked pending in the shared
 * gate and posted to the main thread (which takes it when it is free, e.g. while a cell
 * awaits); while the main thread runs a cell step, SIGINT stops it (see exec/interrupt_gate.ts).
 */
import { writeSync } from "node:fs";
import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { InterruptGate } from "./exec/interrupt_gate.js";
import {
  type ConnectionInfo,
  DigestHistory,
  decode,
  encode,
  endpoint,
  type Message,
  makeHeader,
  Signer,
  WireError,
} from "./wire.js";

/** The channels whose messages carry the Jupyter wire format. */
export type Channel = "shell" | "control" | "stdin" | "iopub";

/** What the main thread posts to the I/O thread. */
export type ToIo =
  | { kind: "send"; channel: Channel; msg: Message }
  /** The execute_request now running (null when none), so a stuck interrupt can be reported. */
  | { kind: "busy"; parent: Message["header"] | null }
  | { kind: "close" };

/** How long an interrupt may go unanswered before the user is told the code cannot be interrupted. */
const INTERRUPT_NOTICE_MS = 3000;

/** What the I/O thread posts to the main thread. */
export type FromIo =
  | { kind: "ready" }
  | { kind: "recv"; channel: Channel; msg: Message }
  | { kind: "shutdown"; restart: boolean }
  | { kind: "closed" }
  | { kind: "fatal"; error: string }
  /** An interrupt_request arrived: take it from the gate if it is still pending. */
  | { kind: "interrupt" };

/** The data the main thread starts the I/O thread with. */
export interface IoThreadData {
  info: ConnectionInfo;
  session: string;
  /** The main thread's interrupt gate (a SharedArrayBuffer). */
  gate: SharedArrayBuffer;
}

function log(text: string): void {
  try {
    writeSync(2, `[tsmlx kernel io] ${text}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
}

/** A message's type and id for the log (never its contents). */
function describe(msg: Message): string {
  return `message ${String(msg.header.msg_type).slice(0, 64)} ${String(msg.header.msg_id).slice(0, 64)}`;
}

/** A socket with its own send queue, since ZeroMQ sockets allow one send at a time. */
class Outbox {
  private tail: Promise<void> = Promise.resolve();
  constructor(
    readonly name: string,
    readonly sock: zmq.Writable,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(
      () => this.sock.send(frames),
      () => this.sock.send(frames),
    );
    this.tail.catch((e) => log(`${this.name}: send failed: ${(e as Error).message}`));
    return this.tail;
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  drain(): Promise<void> {
    return this.tail.catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { info, session } = workerData as IoThreadData;
  const gate = new InterruptGate(workerData.gate);
  const signer = new Signer(info.key, info.signature_scheme);
  // One history for every socket: a message replayed on another channel or connection is refused too.
  const history = new DigestHistory();

  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const iopub = new zmq.Publisher();
  const hb = new zmq.Reply();
  for (const s of [shell, control, stdin, iopub, hb]) s.linger = 1000;
  await Promise.all([
    shell.bind(endpoint(info, info.shell_port)),
    control.bind(endpoint(info, info.control_port)),
    stdin.bind(endpoint(info, info.stdin_port)),
    iopub.bind(endpoint(info, info.iopub_port)),
    hb.bind(endpoint(info, info.hb_port)),
  ]);

  const out: Record<Channel, Outbox> = {
    shell: new Outbox("shell", shell),
    control: new Outbox("control", control),
    stdin: new Outbox("stdin", stdin),
    iopub: new Outbox("iopub", iopub),
  };
  let closing = false;

  const send = (channel: Channel, msg: Message): Promise<void> => {
    if (channel === "iopub" && msg.idents.length === 0) {
      msg = { ...msg, idents: [Buffer.from(`kernel.${session}.${msg.header.msg_type}`)] };
    }
    return out[channel].send(encode(msg, signer));
  };
  const reply = (channel: Channel, req: Message, msgType: string, content: Record<string, unknown>) =>
    send(channel, {
      idents: req.idents,
      header: makeHeader(msgType, session),
      parent_header: req.header,
      metadata: {},
      content,
      buffers: [],
    });
  const status = (req: Message, state: string) =>
    send("iopub", {
      idents: [],
      header: makeHeader("status", session),
      parent_header: req.header,
      metadata: {},
      content: { execution_state: state },
      buffers: [],
    });

  let running: Message["header"] | null = null;
  const noticeIfStuck = (cell: Message["header"]) => {
    setTimeout(() => {
      if (running !== cell || !gate.pending()) return;
      // Withdraw the interrupt: the cell goes on, and must not be stopped later by surprise.
      gate.clearPending();
      log("an interrupt was not answered within 3 s: the cell runs code that cannot be interrupted");
      void send("iopub", {
        idents: [],
        header: makeHeader("stream", session),
        parent_header: cell,
        metadata: {},
        content: {
          name: "stderr",
          text:
            "The kernel could not interrupt this cell: it is running synchronous code outside the cell's own " +
            "statements (after an `await`, or in a native call). Restart the kernel to stop it.\n",
        },
        buffers: [],
      });
    }, INTERRUPT_NOTICE_MS).unref();
  };

  // Raise SIGINT once the main thread is inside a cell step, for as long as the interrupt is pending.
  let polling = false;
  const signalWhenInStep = () => {
    if (polling) return;
    polling = true;
    const poll = () => {
      if (gate.claimForSignal()) process.kill(process.pid, "SIGINT");
      if (gate.pending()) setTimeout(poll, 5);
      else polling = false;
    };
    poll();
  };

  const onControl = async (msg: Message): Promise<boolean> => {
    const type = msg.header.msg_type;
    if (type === "interrupt_request") {
      await status(msg, "busy");
      gate.request();
      port.postMessage({ kind: "interrupt" } satisfies FromIo);
      signalWhenInStep();
      if (running) noticeIfStuck(running);
      await reply("control", msg, "interrupt_reply", { status: "ok" });
      await status(msg, "idle");
      return true;
    }
    if (type === "shutdown_request") {
      const restart = Boolean(msg.content.restart);
      await status(msg, "busy");
      await reply("control", msg, "shutdown_reply", { status: "ok", restart });
      await reply("iopub", { ...msg, idents: [] }, "shutdown_reply", { status: "ok", restart });
      await status(msg, "idle");
      port.postMessage({ kind: "shutdown", restart } satisfies FromIo);
      // The main thread exits; if it is stuck in synchronous code, end the process from here.
      setTimeout(() => {
        log("main thread did not exit after shutdown_request; killing the process");
        process.kill(process.pid, "SIGKILL");
      }, 3000).unref();
      return true;
    }
    return false;
  };

  // Nothing one message holds may end a loop: each is decoded, handled and handed to the main
  // thread (a structured clone) under a guard; a message that fails anywhere is dropped and logged.
  const receive = async (channel: Channel, sock: zmq.Router) => {
    for await (const frames of sock) {
      let msg: Message;
      try {
        msg = decode(frames, signer, { history });
      } catch (e) {
        if (e instanceof WireError) log(`${channel}: dropped message: ${e.message}`);
        else log(`${channel}: dropped message: ${(e as Error)?.stack ?? e}`);
        continue;
      }
      try {
        if (channel === "control" && (await onControl(msg))) continue;
        port.postMessage({ kind: "recv", channel, msg } satisfies FromIo);
      } catch (e) {
        log(`${channel}: dropped ${describe(msg)}: ${(e as Error)?.message ?? e}`);
      }
    }
  };
  const heartbeat = async () => {
    for await (const frames of hb) await hb.send(frames);
  };
  const loops = [receive("shell", shell), receive("control", control), receive("stdin", stdin), heartbeat()];
  for (const l of loops) {
    l.catch((e) => {
      if (!closing) log(`socket loop ended: ${(e as Error).message}`);
    });
  }

  port.on("message", async (m: ToIo) => {
    if (m.kind === "busy") {
      running = m.parent;
    } else if (m.kind === "send") {
      await send(m.channel, m.msg).catch(() => undefined);
    } else if (m.kind === "close") {
      closing = true;
      await Promise.all(Object.values(out).map((o) => o.drain()));
      for (const s of [shell, control, stdin, iopub, hb]) s.close();
      port.postMessage({ kind: "closed" } satisfies FromIo);
    }
  });
  // Like ipykernel's parent poller: if whoever started the kernel dies, do not linger.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) {
      log(`parent process ${parentPid} is gone; exiting`);
      process.kill(process.pid, "SIGKILL");
    }
  }, 1000).unref();
  port.postMessage({ kind: "ready" } satisfies FromIo);
}

main().catch((e) => {
  log(`failed to start: ${(e as Error).stack}`);
  parentPort?.postMessage({ kind: "fatal", error: String((e as Error).message) } satisfies FromIo);
});
