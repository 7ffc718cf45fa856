/**
 * A Jupyter client written for the attack and fault tests: it starts the kernel as its own
 * process (`node dist/kernel/main.js <connection-file>`, as kernel.json does) on loopback
 * ports, and speaks the wire protocol over real ZeroMQ sockets with the kernel's own signer,
 * so a test can send exactly the frames it wants (replayed, forged, truncated, deep, ...).
 * Every wait is bounded by a timeout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import { type ConnectionInfo, decode, encode, type Message, makeHeader, Signer } from "../../kernel/wire.js";

/** This checkout's root (dist/test/kernel/wire_client.js is three levels down). */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** A free TCP port on 127.0.0.1 (the kernel binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A message as the client received it, with the channel it came on. */
export interface Received {
  channel: "shell" | "control" | "iopub";
  msg: Message;
}

/**
 * One kernel process and a client connected to it.
 * @example const k = await KernelProcess.start(); const r = await k.execute("1 + 1"); await k.stop();
 */
export class KernelProcess {
  readonly signer: Signer;
  readonly session = randomUUID();
  stderr = "";
  private readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly sockets: zmq.Socket[] = [];
  private closed = false;

  private constructor(
    readonly info: ConnectionInfo,
    readonly child: ChildProcess,
    readonly dir: string,
    readonly shell: zmq.Dealer,
    readonly control: zmq.Dealer,
    readonly iopub: zmq.Subscriber,
  ) {
    this.signer = new Signer(info.key, info.signature_scheme);
    child.stderr!.on("data", (d) => {
      this.stderr += d;
    });
    this.sockets.push(shell, control, iopub);
    void this.pump("shell", shell);
    void this.pump("control", control);
    void this.pump("iopub", iopub);
  }

  /**
   * Starts a kernel in `cwd` (default: a fresh temp dir) with `env` added to its environment,
   * connects, and waits until it answers kernel_info_request.
   */
  static async start(options: { cwd?: string; env?: Record<string, string> } = {}): Promise<KernelProcess> {
    const dir = mkdtempSync(join(tmpdir(), "tsmlx-wire-client-"));
    const ports = [];
    for (let i = 0; i < 5; i++) ports.push(await freePort());
    const info: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0]!,
      iopub_port: ports[1]!,
      stdin_port: ports[2]!,
      control_port: ports[3]!,
      hb_port: ports[4]!,
      key: randomBytes(16).toString("hex"),
      signature_scheme: "hmac-sha256",
    };
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify(info));
    const child = spawn(process.execPath, [join(ROOT, "dist", "kernel", "main.js"), file], {
      cwd: options.cwd ?? dir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const shell = new zmq.Dealer({ routingId: `shell-${randomUUID()}`, linger: 0 });
    const control = new zmq.Dealer({ routingId: `control-${randomUUID()}`, linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(`tcp://127.0.0.1:${info.shell_port}`);
    control.connect(`tcp://127.0.0.1:${info.control_port}`);
    iopub.connect(`tcp://127.0.0.1:${info.iopub_port}`);
    iopub.subscribe();
    const k = new KernelProcess(info, child, dir, shell, control, iopub);
    // Until the kernel has bound its sockets a request is queued by ZeroMQ, and the iopub
    // subscription may miss the first messages; kernel_info answers once both are up.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the kernel exited with ${child.exitCode}:\n${k.stderr}`);
      const req = k.request("kernel_info_request", {});
      await k.sendOn("shell", req);
      const reply = await k
        .waitFor((r) => r.msg.parent_header.msg_id === req.header.msg_id, 1000)
        .catch(() => undefined);
      const sawIopub = k.received.some((r) => r.channel === "iopub");
      if (reply && sawIopub) return k;
      if (Date.now() > deadline) throw new Error(`the kernel did not answer within 30 s:\n${k.stderr}`);
    }
  }

  private async pump(channel: Received["channel"], sock: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of sock) {
        try {
          this.received.push({ channel, msg: decode(frames, this.signer) });
        } catch {
          // a frame this client cannot read is not the kernel's answer to anything
        }
        for (const w of [...this.waiters]) w();
      }
    } catch {
      // socket closed
    }
  }

  /** A fresh request message (signed when sent). */
  request(msgType: string, content: Record<string, unknown>, extra: Partial<Message> = {}): Message {
    return {
      idents: [],
      header: makeHeader(msgType, this.session, "test"),
      parent_header: {},
      metadata: {},
      content,
      buffers: [],
      ...extra,
    };
  }

  /** The signed frames of a message, as the kernel expects them. */
  frames(msg: Message): Buffer[] {
    return encode(msg, this.signer);
  }

  /** Sends a message (signed) on shell or control. */
  sendOn(channel: "shell" | "control", msg: Message): Promise<void> {
    return this.sendFrames(channel, this.frames(msg));
  }

  /** Sends raw frames on shell or control. */
  sendFrames(channel: "shell" | "control", frames: Buffer[], via?: zmq.Dealer): Promise<void> {
    return (via ?? (channel === "shell" ? this.shell : this.control)).send(frames);
  }

  /** A second shell connection (another client), closed with the kernel. */
  secondShell(): zmq.Dealer {
    const s = new zmq.Dealer({ routingId: `shell-${randomUUID()}`, linger: 0 });
    s.connect(`tcp://127.0.0.1:${this.info.shell_port}`);
    this.sockets.push(s);
    void this.pump("shell", s);
    return s;
  }

  /** Resolves with the first received message (past or future) that `match` accepts. */
  waitFor(match: (r: Received) => boolean, timeoutMs = 20_000): Promise<Received> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.received.find(match);
        if (!hit) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Every received message whose parent is `msgId`. */
  repliesTo(msgId: string): Received[] {
    return this.received.filter((r) => r.msg.parent_header.msg_id === msgId);
  }

  /** The reply on `channel` to the request `msgId`, waiting at most `timeoutMs`. */
  reply(msgId: string, channel: "shell" | "control" = "shell", timeoutMs = 20_000): Promise<Message> {
    return this.waitFor((r) => r.channel === channel && r.msg.parent_header.msg_id === msgId, timeoutMs).then(
      (r) => r.msg,
    );
  }

  /** Sends execute_request for `code` and resolves with its execute_reply content and the text result. */
  async execute(
    code: string,
    timeoutMs = 20_000,
  ): Promise<{ reply: Record<string, any>; result?: string; msgId: string }> {
    const req = this.request("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    await this.sendOn("shell", req);
    const reply = await this.reply(req.header.msg_id, "shell", timeoutMs);
    // Outputs come on iopub before the idle status that ends the request.
    await this.waitFor(
      (r) =>
        r.channel === "iopub" &&
        r.msg.parent_header.msg_id === req.header.msg_id &&
        r.msg.header.msg_type === "status" &&
        r.msg.content.execution_state === "idle",
      timeoutMs,
    );
    const result = this.repliesTo(req.header.msg_id).find((r) => r.msg.header.msg_type === "execute_result");
    return { reply: reply.content, result: result?.msg.content.data["text/plain"], msgId: req.header.msg_id };
  }

  /** Whether the kernel process is still running. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the kernel, closes the sockets and removes the connection file's directory. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.close();
    if (this.alive) {
      const gone = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGKILL");
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
