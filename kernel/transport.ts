/**
 * The main thread's side of the kernel's sockets: starts the I/O thread and exchanges
 * decoded messages with it.
 */
import { writeSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Channel, FromIo, IoThreadData, ToIo } from "./io_thread.js";
import type { ConnectionInfo, Message } from "./wire.js";

function log(text: string): void {
  try {
    writeSync(2, `[tsmlx kernel] ${text}\n`);
  } catch {
    // nowhere to report
  }
}

/**
 * A running I/O thread.
 * @example const io = await Transport.start(info, session, (ch, msg) => handle(ch, msg), () => exit(), gate, () => stop())
 */
export class Transport {
  private constructor(private readonly worker: Worker) {}

  /** Starts the I/O thread and resolves once every socket is bound. */
  static start(
    info: ConnectionInfo,
    session: string,
    onMessage: (channel: Channel, msg: Message) => void,
    onShutdown: (restart: boolean) => void,
    gate: SharedArrayBuffer,
    onInterrupt: () => void,
  ): Promise<Transport> {
    const worker = new Worker(new URL("./io_thread.js", import.meta.url), {
      workerData: { info, session, gate } satisfies IoThreadData,
    });
    return new Promise((resolve, reject) => {
      worker.on("message", (m: FromIo) => {
        if (m.kind === "ready") resolve(new Transport(worker));
        else if (m.kind === "recv") {
          try {
            onMessage(m.channel, m.msg);
          } catch (e) {
            log(`${m.channel}: dropped a message: ${(e as Error)?.stack ?? e}`);
          }
        } else if (m.kind === "shutdown") onShutdown(m.restart);
        else if (m.kind === "interrupt") onInterrupt();
        else if (m.kind === "fatal") reject(new Error(`[kernel] the I/O thread failed: ${m.error}`));
      });
      worker.on("error", (e) => {
        log(`the I/O thread failed: ${e.stack ?? e}`);
        reject(e);
      });
    });
  }

  /** Sends a message on a channel (signing happens in the I/O thread). */
  send(channel: Channel, msg: Message): void {
    try {
      this.worker.postMessage({ kind: "send", channel, msg } satisfies ToIo);
    } catch (e) {
      // A value that cannot be cloned (or nests too deep) is not sent; the kernel goes on.
      log(`${channel}: cannot send ${msg.header.msg_type}: ${(e as Error)?.message ?? e}`);
    }
  }

  /** Tells the I/O thread which execute_request runs now (null: none). */
  setRunning(parent: Message["header"] | null): void {
    this.worker.postMessage({ kind: "busy", parent } satisfies ToIo);
  }

  /** Flushes queued messages, closes the sockets and stops the thread. */
  close(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.worker.terminate().then(
          () => resolve(),
          () => resolve(),
        );
      };
      const timer = setTimeout(done, timeoutMs);
      this.worker.on("message", (m: FromIo) => {
        if (m.kind === "closed") done();
      });
      this.worker.postMessage({ kind: "close" } satisfies ToIo);
    });
  }
}
