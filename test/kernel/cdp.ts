/**
 * A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (NUL-separated JSON on
 * file descriptors 3 and 4), enough to drive Debian's headless Chromium in tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { Readable, Writable } from "node:stream";

/** The flags that make Chromium work headless on this kind of machine. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A headless Chromium with a CDP session on one page.
 * @example const b = await Browser.launch(); await b.navigate(url); await b.evaluate("document.title"); b.close()
 */
export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private sessionId = "";
  private buffer = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => {
      this.buffer += chunk;
      for (let at = this.buffer.indexOf("\0"); at >= 0; at = this.buffer.indexOf("\0")) {
        const text = this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + 1);
        const msg = JSON.parse(text);
        const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
        if (!p) continue;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`[cdp] ${msg.error.message}`));
        else p.resolve(msg.result);
      }
    });
  }

  /** Starts Chromium (fresh profile) and attaches to a new blank page. */
  static async launch(binary = "/usr/bin/chromium", size = "1200,900"): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), "tsmlx-chromium-"));
    const child = spawn(
      binary,
      [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        `--window-size=${size}`,
        "--remote-debugging-pipe",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"], detached: true },
    );
    const b = new Browser(child, profile);
    const { targetId } = await b.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await b.send("Target.attachToTarget", { targetId, flatten: true });
    b.sessionId = sessionId;
    await b.send("Page.enable");
    await b.send("Runtime.enable");
    return b;
  }

  /** Sends a CDP command (to the page's session once attached) and resolves with its result. */
  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = this.nextId++;
    const msg: Record<string, unknown> = { id, method, params };
    if (this.sessionId) msg.sessionId = this.sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(msg)}\0`);
    });
  }

  /** Loads a URL in the page. */
  async navigate(url: string): Promise<void> {
    await this.send("Page.navigate", { url });
  }

  /** Evaluates an expression in the page and returns its (JSON) value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails)
      throw new Error(`[page] ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Polls `expression` until it is truthy and returns that value. */
  async waitFor<T>(expression: string, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.evaluate<T>(expression).catch(() => undefined);
      if (v) return v;
      if (Date.now() > deadline)
        throw new Error(`[browser] timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A PNG screenshot of the page. */
  async screenshot(): Promise<Buffer> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    return Buffer.from(data, "base64");
  }

  /** Ends Chromium (its whole process group) and removes its profile. */
  close(): void {
    for (const p of this.pending.values()) p.reject(new Error("[cdp] browser closed"));
    this.pending.clear();
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
  }
}
