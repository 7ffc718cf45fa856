/**
 * Kernel latency: time from starting the kernel process to its first idle status (answering
 * kernel_info, as a front end waits for), the first cell (which loads the compiler), and the
 * round trip of a trivial cell (execute_request to idle), median of N.
 *
 *   node dist/bench/kernel_startup.js [N=30]
 */
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import { type ConnectionInfo, decode, encode, type Message, makeHeader, Signer } from "../kernel/wire.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30);
  const dir = mkdtempSync(join(tmpdir(), "tsmlx-bench-"));
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: await freePort(),
    iopub_port: await freePort(),
    stdin_port: await freePort(),
    control_port: await freePort(),
    hb_port: await freePort(),
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
  };
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info));
  const signer = new Signer(info.key);
  const session = randomUUID();
  const shell = new zmq.Dealer();
  const iopub = new zmq.Subscriber();
  shell.connect(`tcp://127.0.0.1:${info.shell_port}`);
  iopub.connect(`tcp://127.0.0.1:${info.iopub_port}`);
  iopub.subscribe();

  const idle = new Map<string, () => void>();
  void (async () => {
    for await (const frames of iopub) {
      const msg = decode(frames, signer);
      if (msg.header.msg_type === "status" && msg.content.execution_state === "idle") {
        idle.get(String(msg.parent_header.msg_id))?.();
      }
    }
  })().catch(() => undefined);
  let firstReplyAt: number | undefined;
  void (async () => {
    for await (const frames of shell) {
      // Idle on iopub marks the end of each request; the first reply is noted for the start-up figure.
      firstReplyAt ??= decode(frames, signer) && performance.now();
    }
  })().catch(() => undefined);

  const request = (type: string, content: Record<string, unknown>, timeoutMs = 60_000): Promise<number> => {
    const msg: Message = {
      idents: [],
      header: makeHeader(type, session, "bench"),
      parent_header: {},
      metadata: {},
      content,
      buffers: [],
    };
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${type}: no idle within ${timeoutMs} ms`)), timeoutMs);
      idle.set(msg.header.msg_id, () => {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
      void shell.send(encode(msg, signer));
    });
  };
  const exec = (code: string) =>
    request("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
    });

  const t0 = performance.now();
  const kernel = spawn(process.execPath, [join(ROOT, "dist", "kernel", "main.js"), file], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    // Like jupyter_client: ask for kernel_info until an answer (and its idle) comes back.
    let ready = false;
    while (!ready) {
      ready = await request("kernel_info_request", {}, 100).then(
        () => true,
        () => false,
      );
    }
    const startup = performance.now() - t0;
    const firstCell = await exec("1 + 1");
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(await exec(`${i} + 1`));
    console.log(`kernel start to first kernel_info_reply: ${(firstReplyAt! - t0).toFixed(0)} ms`);
    console.log(
      `kernel start to first idle seen on iopub (kernel_info, retried every 100 ms): ${startup.toFixed(0)} ms`,
    );
    console.log(`first cell round trip (loads the TypeScript parser): ${firstCell.toFixed(1)} ms`);
    console.log(
      `trivial cell round trip, median of ${n}: ${median(times).toFixed(2)} ms (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)})`,
    );
  } finally {
    kernel.kill("SIGKILL");
    shell.close();
    iopub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
