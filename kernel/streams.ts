/**
 * stdout/stderr of cells as Jupyter `stream` messages.
 *
 * Writes are sent at once when the stream has been quiet for a moment and coalesced
 * when they come in bursts, so a loop printing every iteration does not flood the
 * front end, and a lone print from a long computation shows up when it happens.
 */
import { clearTimeout, setTimeout } from "node:timers";

/** The two stream names of the protocol. */
export type StreamName = "stdout" | "stderr";

/**
 * Buffers text per stream and hands it to `send` in order.
 * @example const s = new OutputStreams((n, t) => publish(n, t)); s.write("stdout", "hi\n")
 */
export class OutputStreams {
  private pending: { name: StreamName; text: string }[] = [];
  private lastFlush = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (name: StreamName, text: string) => void,
    private readonly coalesceMs = 30,
  ) {}

  /** Queues text; sends at once unless another send happened within the coalescing window. */
  write(name: StreamName, text: string): void {
    if (text === "") return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.name === name) last.text += text;
    else this.pending.push({ name, text });
    const now = performance.now();
    if (now - this.lastFlush >= this.coalesceMs) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.coalesceMs);
    }
  }

  /** Sends what is queued and lets the next write go out at once (a new cell starts). */
  restart(): void {
    this.flush();
    this.lastFlush = 0;
  }

  /** Sends everything queued. Called before any other output so order is kept. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const out = this.pending;
    if (out.length === 0) return;
    this.pending = [];
    this.lastFlush = performance.now();
    for (const { name, text } of out) this.send(name, text);
  }
}
