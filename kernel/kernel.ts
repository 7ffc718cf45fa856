/**
 * The kernel: Jupyter request handlers over one persistent TypeScript session.
 *
 * Shell requests are handled one at a time in arrival order; control requests are handled
 * as they arrive. Every request is bracketed by busy/idle status messages on iopub that
 * carry the request's header as parent.
 */
import { randomUUID } from "node:crypto";
import { readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { setImmediate } from "node:timers";
import { pathToFileURL } from "node:url";
import { cancelRunning } from "../src/runtime/cancel.js";
import { CommManager } from "./comm.js";
import { type DisplayContent, makeDisplayApi, mimeBundle } from "./display.js";
import { type CellOutcome, Executor, InterruptError } from "./exec/executor.js";
import { Importer, REPO_ROOT } from "./exec/importer.js";
import { typescript, typescriptVersion } from "./exec/typescript.js";
import { History, type HistoryQuery } from "./history.js";
import type { Channel } from "./io_thread.js";
import { isComplete } from "./is_complete.js";
import { CellLanguage } from "./language.js";
import { OutputStreams, type StreamName } from "./streams.js";
import { Transport } from "./transport.js";
import { type ConnectionInfo, type Message, makeHeader, PROTOCOL_VERSION } from "./wire.js";

/** The kernel's own version: the package's. */
export const KERNEL_VERSION: string = JSON.parse(
  readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
).version;

/**
 * Writes a line to the kernel's stderr (the terminal of whoever started it), never to a cell.
 * @example log("dropped a message")
 */
export function log(text: string): void {
  try {
    writeSync(2, `[tsmlx kernel] ${text}\n`);
  } catch {
    // nowhere to report
  }
}

const PAGER = /^\s*([\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*)\s*\?\??\s*$/u;

/** Converts a cursor in Unicode code points (the protocol's unit) to a UTF-16 index. */
function cpToIndex(code: string, cp: number): number {
  return [...code].slice(0, cp).join("").length;
}

/** Converts a UTF-16 index to a cursor in Unicode code points. */
function indexToCp(code: string, index: number): number {
  return [...code.slice(0, index)].length;
}

/**
 * A kernel bound to one connection file.
 * @example await Kernel.start(JSON.parse(readFileSync(connectionFile, "utf8")), process.cwd())
 */
export class Kernel {
  readonly session = randomUUID();
  private io!: Transport;
  private executionCount = 0;
  private hiddenCount = 0;
  private seq = 0;
  private abortUpTo = -1;
  private readonly shellQueue: { seq: number; msg: Message }[] = [];
  private draining = false;
  /** The execute_request whose outputs are being produced (kept after it ends, for late output). */
  private parent: Message | undefined;
  private silent = false;
  private allowStdin = false;
  private pendingInput: { resolve: (v: string) => void; reject: (e: Error) => void } | undefined;
  private readonly history = new History(1);
  private readonly streams: OutputStreams;
  private readonly executor: Executor;
  private readonly importer: Importer;
  private readonly comms: CommManager;
  private readonly language: CellLanguage;
  private exiting = false;
  private warmed = false;
  /** With TSMLX_KERNEL_TYPECHECK=1, type errors of each cell are shown as warnings before it runs. */
  private readonly typeCheck = process.env.TSMLX_KERNEL_TYPECHECK === "1";

  private constructor(readonly notebookDir: string) {
    this.streams = new OutputStreams((name, text) => this.publish("stream", { name, text }));
    this.comms = new CommManager((type, content) => this.publish(type, content));
    const api = makeDisplayApi({
      display: (content, id, update) => this.showDisplay(content, id, update),
      clear: (wait) => this.publish("clear_output", { wait }),
    });
    const tslab = {
      display: api.display,
      newDisplay: api.newDisplay,
      versions: { tslab: KERNEL_VERSION, typescript: typescriptVersion(), node: process.versions.node },
    };
    this.importer = new Importer(notebookDir, { tslab });
    const cellFile = join(notebookDir, "notebook.ts");
    this.executor = new Executor({
      import: (spec, options) => this.importer.import(spec, options as any),
      meta: { url: pathToFileURL(cellFile).href, dirname: notebookDir, filename: cellFile },
    });
    this.executor.onInterrupt(() => {
      const p = this.pendingInput;
      this.pendingInput = undefined;
      p?.reject(new InterruptError());
      // A device run the cell awaits is stopped too (through the plugin), not left to run on.
      const stopped = cancelRunning("the cell was interrupted");
      if (stopped > 0) log(`interrupt: stopped ${stopped} device run(s)`);
    });
    this.language = new CellLanguage(notebookDir);
    const input = (prompt?: string, options?: { password?: boolean }) => this.input(prompt, options);
    const globals: Record<string, unknown> = {
      display: api.display,
      clearOutput: api.clearOutput,
      input,
      prompt: input,
      comms: this.comms,
    };
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(globalThis, name, {
        value,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    this.captureProcessStreams();
  }

  /** Starts a kernel on a connection and begins answering requests. */
  static async start(info: ConnectionInfo, notebookDir: string): Promise<Kernel> {
    const k = new Kernel(notebookDir);
    k.io = await Transport.start(
      info,
      k.session,
      (channel, msg) => k.receive(channel, msg),
      () => void k.exit(),
      k.executor.gate.buffer,
      () => {
        if (k.executor.gate.takeOutside()) k.executor.interrupt();
      },
    );
    k.publish("status", { execution_state: "starting" }, {});
    return k;
  }

  private captureProcessStreams(): void {
    for (const name of ["stdout", "stderr"] as StreamName[]) {
      const stream = process[name];
      stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
        const text =
          typeof chunk === "string"
            ? chunk
            : Buffer.from(chunk as Uint8Array).toString(
                typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8",
              );
        this.streams.write(name, text);
        const callback = typeof encoding === "function" ? encoding : cb;
        if (typeof callback === "function") queueMicrotask(() => callback());
        return true;
      }) as typeof stream.write;
    }
    process.on("uncaughtException", (e) => this.backgroundError("uncaught exception", e));
    process.on("unhandledRejection", (e) => this.backgroundError("unhandled promise rejection", e));
  }

  private backgroundError(what: string, e: unknown): void {
    const err = this.executor.formatError(e);
    log(`${what} outside a cell: ${err.ename}: ${err.evalue}`);
    this.streams.write("stderr", `${what}: ${err.traceback.join("\n")}\n`);
  }

  // ----- sending -------------------------------------------------------------------------

  private send(
    channel: Channel,
    msgType: string,
    content: Record<string, unknown>,
    parent: Message | undefined,
    idents: Uint8Array[] = [],
    metadata: Record<string, unknown> = {},
  ): void {
    this.io.send(channel, {
      idents,
      header: makeHeader(msgType, this.session),
      parent_header: parent?.header ?? {},
      metadata,
      content,
      buffers: [],
    });
  }

  /** Publishes on iopub; streamed text goes out first so outputs keep their order. */
  private publish(
    msgType: string,
    content: Record<string, unknown>,
    parent: Message | {} | undefined = this.parent,
  ): void {
    if (msgType === "stream") {
      if (this.silent) return;
    } else {
      this.streams.flush();
    }
    this.send("iopub", msgType, content, parent && "header" in parent ? parent : undefined);
  }

  private reply(channel: Channel, req: Message, msgType: string, content: Record<string, unknown>): void {
    this.send(channel, msgType, content, req, req.idents);
  }

  private showDisplay(content: DisplayContent, displayId: string | undefined, update: boolean): void {
    if (this.silent) return;
    const transient = displayId === undefined ? {} : { display_id: displayId };
    this.publish(update ? "update_display_data" : "display_data", { ...content, transient });
  }

  // ----- receiving -----------------------------------------------------------------------

  private receive(channel: Channel, msg: Message): void {
    if (channel === "shell") {
      this.shellQueue.push({ seq: ++this.seq, msg });
      void this.drain();
    } else if (channel === "control") {
      void this.handle("control", msg, 0);
    } else if (channel === "stdin") {
      if (msg.header.msg_type === "input_reply" && this.pendingInput) {
        const p = this.pendingInput;
        this.pendingInput = undefined;
        p.resolve(String(msg.content.value ?? ""));
      }
    }
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.shellQueue.shift(); next; next = this.shellQueue.shift()) {
        try {
          await this.handle("shell", next.msg, next.seq);
        } catch (e) {
          log(`shell: ${next.msg.header.msg_type} failed: ${(e as Error)?.stack ?? e}`);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async handle(channel: Channel, msg: Message, seq: number): Promise<void> {
    const type = msg.header.msg_type;
    try {
      this.publish("status", { execution_state: "busy" }, msg);
      switch (type) {
        case "kernel_info_request":
          this.reply(channel, msg, "kernel_info_reply", this.kernelInfo());
          break;
        case "execute_request":
          await this.execute(channel, msg, seq);
          break;
        case "complete_request":
          this.reply(channel, msg, "complete_reply", this.complete(msg.content));
          break;
        case "inspect_request":
          this.reply(channel, msg, "inspect_reply", this.inspect(msg.content));
          break;
        case "is_complete_request":
          this.reply(channel, msg, "is_complete_reply", isComplete(String(msg.content.code ?? "")));
          break;
        case "history_request":
          this.reply(channel, msg, "history_reply", {
            status: "ok",
            history: this.history.query(msg.content as HistoryQuery),
          });
          break;
        case "comm_info_request":
          this.reply(channel, msg, "comm_info_reply", {
            status: "ok",
            comms: this.comms.info(msg.content.target_name ?? undefined),
          });
          break;
        case "comm_open":
        case "comm_msg":
        case "comm_close":
          this.commMessage(msg);
          break;
        case "shutdown_request":
          this.reply(channel, msg, "shutdown_reply", { status: "ok", restart: Boolean(msg.content.restart) });
          this.publish("shutdown_reply", { status: "ok", restart: Boolean(msg.content.restart) }, msg);
          setTimeout(() => void this.exit(), 50);
          break;
        default:
          log(`${channel}: ignoring unknown message type ${JSON.stringify(type)}`);
      }
    } catch (e) {
      log(`${channel}: ${type} failed: ${(e as Error).stack ?? e}`);
    } finally {
      this.publish("status", { execution_state: "idle" }, msg);
      this.warmUp();
    }
  }

  /**
   * Loads the TypeScript compiler shortly after the first request (kernel_info, as front ends
   * send first) is answered: loading blocks for a moment, and then the first cell need not.
   */
  private warmUp(): void {
    if (this.warmed) return;
    this.warmed = true;
    setTimeout(() => {
      try {
        typescript();
      } catch (e) {
        log(`cannot load typescript: ${(e as Error).message}`);
      }
    }, 100).unref();
  }

  // ----- handlers ------------------------------------------------------------------------

  private kernelInfo(): Record<string, unknown> {
    const tsVersion = typescriptVersion();
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "tsmlx",
      implementation_version: KERNEL_VERSION,
      language_info: {
        name: "typescript",
        version: tsVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true },
        pygments_lexer: "typescript",
      },
      banner: `tsmlx ${KERNEL_VERSION}: TypeScript ${tsVersion} on Node.js ${process.versions.node}`,
      help_links: [
        { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
        { text: "Node.js API", url: `https://nodejs.org/docs/v${process.versions.node}/api/` },
      ],
      debugger: false,
    };
  }

  private async execute(channel: Channel, req: Message, seq: number): Promise<void> {
    const c = req.content;
    const code = String(c.code ?? "");
    const silent = Boolean(c.silent);
    const storeHistory = !silent && c.store_history !== false;
    const stopOnError = c.stop_on_error !== false;
    if (seq <= this.abortUpTo) {
      this.reply(channel, req, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      return;
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.parent = req;
    this.silent = silent;
    this.allowStdin = Boolean(c.allow_stdin);
    if (!silent) this.publish("execute_input", { code, execution_count: count });
    this.streams.restart();
    const entry = storeHistory ? this.history.add(count, code) : undefined;
    const filename = storeHistory ? `In[${count}]` : `In[-${++this.hiddenCount}]`;

    let outcome: CellOutcome;
    const payload: Record<string, unknown>[] = [];
    const page = PAGER.exec(code);
    if (page) {
      payload.push({ source: "page", data: this.page(page[1]!), start: 0 });
      outcome = { ok: true, hasValue: false, value: undefined };
    } else {
      if (this.typeCheck) this.warnTypeErrors(code, filename);
      this.io.setRunning(req.header);
      try {
        outcome = await this.executor.run(code, filename);
      } finally {
        this.io.setRunning(null);
      }
      if (outcome.ok || outcome.error.ename !== "SyntaxError") this.language.addCell(code);
    }
    if (outcome.ok && outcome.hasValue && outcome.value !== undefined && !silent) {
      try {
        const { data, metadata } = mimeBundle(outcome.value);
        this.publish("execute_result", { execution_count: count, data, metadata });
        if (entry) entry.output = String(data["text/plain"] ?? "");
      } catch (e) {
        outcome = { ok: false, error: this.executor.formatError(e), interrupted: false };
      }
    }
    if (!outcome.ok && !silent) this.publish("error", { ...outcome.error });
    const userExpressions = await this.userExpressions(c.user_expressions);
    this.streams.flush();
    this.silent = false;
    if (outcome.ok) {
      this.reply(channel, req, "execute_reply", {
        status: "ok",
        execution_count: count,
        payload,
        user_expressions: userExpressions,
      });
    } else {
      this.reply(channel, req, "execute_reply", {
        status: "error",
        execution_count: count,
        ...outcome.error,
        payload: [],
        user_expressions: userExpressions,
      });
      if (stopOnError) {
        // Let requests that are already on their way reach the queue, then abort them all.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        this.abortUpTo = this.seq;
      }
    }
  }

  /** Reports type errors of a cell on its stderr, as warnings: the cell runs regardless. */
  private warnTypeErrors(code: string, filename: string): void {
    try {
      for (const e of this.language.typeErrors(code)) {
        this.streams.write(
          "stderr",
          `\x1b[0;33mwarning\x1b[0m ${filename} line ${e.line}:${e.column}: TS${e.code}: ${e.message}\n`,
        );
      }
    } catch (e) {
      log(`type check failed: ${(e as Error).message}`);
    }
  }

  private async userExpressions(exprs: unknown): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (!exprs || typeof exprs !== "object") return out;
    const wasSilent = this.silent;
    this.silent = true;
    try {
      for (const [name, expr] of Object.entries(exprs as Record<string, unknown>)) {
        const r = await this.executor.run(String(expr), `In[expr-${++this.hiddenCount}]`);
        if (r.ok) {
          out[name] = { status: "ok", ...mimeBundle(r.value) };
        } else {
          out[name] = { status: "error", ...r.error };
        }
      }
    } finally {
      this.silent = wasSilent;
    }
    return out;
  }

  private page(expr: string): Record<string, string> {
    try {
      const info = this.language.inspect(expr, expr.length);
      if (info.found) return info.data;
    } catch (e) {
      log(`inspect failed: ${(e as Error).message}`);
    }
    return { "text/plain": `no information about ${expr}` };
  }

  private complete(content: Record<string, any>): Record<string, unknown> {
    const code = String(content.code ?? "");
    const cursor = cpToIndex(code, Number(content.cursor_pos ?? [...code].length));
    try {
      const r = this.language.complete(code, cursor);
      return {
        status: "ok",
        matches: r.matches,
        cursor_start: indexToCp(code, r.cursor_start),
        cursor_end: indexToCp(code, r.cursor_end),
        metadata: r.metadata,
      };
    } catch (e) {
      log(`completion failed: ${(e as Error).stack}`);
      return {
        status: "ok",
        matches: [],
        cursor_start: content.cursor_pos,
        cursor_end: content.cursor_pos,
        metadata: {},
      };
    }
  }

  private inspect(content: Record<string, any>): Record<string, unknown> {
    const code = String(content.code ?? "");
    const cursor = cpToIndex(code, Number(content.cursor_pos ?? [...code].length));
    try {
      const r = this.language.inspect(code, cursor);
      return { status: "ok", found: r.found, data: r.data, metadata: {} };
    } catch (e) {
      log(`inspect failed: ${(e as Error).stack}`);
      return { status: "ok", found: false, data: {}, metadata: {} };
    }
  }

  private commMessage(msg: Message): void {
    const previous = this.parent;
    this.parent = msg;
    try {
      const type = msg.header.msg_type;
      if (type === "comm_open") this.comms.handleOpen(msg.content);
      else this.comms.handle(type === "comm_msg" ? "msg" : "close", msg.content, msg.buffers);
    } catch (e) {
      log((e as Error).message);
    } finally {
      this.parent = previous;
    }
  }

  private input(prompt = "", options: { password?: boolean } = {}): Promise<string> {
    const parent = this.parent;
    if (!this.allowStdin || !parent) {
      return Promise.reject(new Error("[input] this front end does not accept input (allow_stdin is false)"));
    }
    if (this.pendingInput)
      return Promise.reject(new Error("[input] another input() is still waiting for an answer"));
    this.streams.flush();
    const answer = new Promise<string>((resolve, reject) => {
      this.pendingInput = { resolve, reject };
    });
    this.send(
      "stdin",
      "input_request",
      { prompt: String(prompt), password: Boolean(options.password) },
      parent,
      parent.idents,
    );
    return answer;
  }

  /** Closes the sockets and ends the process. */
  async exit(): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    this.streams.flush();
    this.importer.dispose();
    await this.io.close();
    process.exit(0);
  }
}
