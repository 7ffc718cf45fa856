/**
 * Runs compiled cells in the kernel's global scope and turns failures into Jupyter errors.
 *
 * Cells run in the main realm (not a separate vm context), so arrays, typed arrays and
 * errors made in a cell are the same kind of object the library and npm packages expect.
 *
 * Interrupts: synchronous code in a cell step is stopped by vm's `breakOnSigint` (the I/O
 * thread raises SIGINT only while a step runs, see interrupt_gate.ts); a cell waiting on a
 * promise is told by `interrupt()` and closed, or abandoned (async mode), and reported as
 * interrupted.
 */
import process from "node:process";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { REPO_ROOT } from "./importer.js";
import { GateInterrupt, InterruptGate } from "./interrupt_gate.js";
import {
  CellSyntaxError,
  type CompiledCell,
  compileCell,
  KERNEL_GLOBAL,
  scriptToEsbuildColumn,
} from "./transpile.js";

/** The error content of an execute_reply / error message. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The outcome of one cell. */
export type CellOutcome =
  | { ok: true; hasValue: boolean; value: unknown }
  | { ok: false; error: ErrorContent; interrupted: boolean };

/** What compiled cells call through the kernel global. */
export interface CellHooks {
  import(spec: string, options?: unknown): Promise<unknown>;
  /** What `import.meta` is in a cell. */
  meta: { url: string; dirname: string; filename: string };
}

interface KernelGlobal extends CellHooks {
  /** Receives the value of a cell's last expression; `runId` tells stale cells apart. */
  result(runId: number, value: unknown): unknown;
  /** Runs the pending step of the cell's generator (called from STEP, under breakOnSigint). */
  step(): IteratorResult<unknown>;
  /** The interrupt handshake at the start and end of each step (see interrupt_gate.ts). */
  enter(): void;
  leave(): void;
}

/**
 * One resumption of a cell's generator, as a script so that it can run with breakOnSigint. The
 * gate is entered and left inside the script, where vm's SIGINT watchdog is certainly armed.
 */
const STEP = new vm.Script(
  `(() => { const k = ${KERNEL_GLOBAL}; k.enter(); try { return k.step(); } finally { k.leave(); } })()`,
  { filename: "kernel-step" },
);

/** Raised in a cell that was interrupted. */
export class InterruptError extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "Interrupt";
  }
}

const RED = "\x1b[0;31m";
const CYAN = "\x1b[0;36m";
const GREEN = "\x1b[0;32m";
const RESET = "\x1b[0m";
const CELL_FRAME = /(In\[[^\]]+\]):(\d+):(\d+)/g;

/** Library frames read `src/ops/dot.ts:143:11` rather than an absolute path of this checkout. */
function relativeToRepo(frame: string): string {
  return frame.split(pathToFileURL(REPO_ROOT).href).join("").split(REPO_ROOT).join("");
}

/**
 * Runs cells one at a time and formats their errors.
 * @example const ex = new Executor(hooks); const out = await ex.run("1 + 1", "In[1]"); out.ok && out.value // => 2
 */
export class Executor {
  private readonly cells = new Map<string, CompiledCell>();
  private readonly interruptListeners = new Set<() => void>();
  /** Shared with the I/O thread, which raises SIGINT only while a step can receive it. */
  readonly gate = new InterruptGate();

  private runId = 0;
  private pendingStep: (() => IteratorResult<unknown>) | undefined;
  private captured: { value: unknown } | undefined;

  constructor(hooks: CellHooks) {
    const global: KernelGlobal = {
      import: (spec, options) => hooks.import(spec, options),
      meta: hooks.meta,
      result: (runId, value) => {
        if (runId === this.runId) this.captured = { value };
        return value;
      },
      step: () => {
        const step = this.pendingStep;
        this.pendingStep = undefined;
        if (!step) throw new Error("[kernel] no cell step is pending");
        return step();
      },
      enter: () => this.gate.enter(),
      leave: () => this.gate.leave(),
    };
    Object.defineProperty(globalThis, KERNEL_GLOBAL, {
      value: global,
      enumerable: false,
      configurable: true,
    });
    process.on("SIGINT", () => this.interrupt());
  }

  /** Interrupts whatever the current cell awaits (SIGINT outside synchronous cell code). */
  interrupt(): void {
    for (const l of [...this.interruptListeners]) l();
  }

  /** Calls `listener` on every interrupt until the returned function is called. */
  onInterrupt(listener: () => void): () => void {
    this.interruptListeners.add(listener);
    return () => this.interruptListeners.delete(listener);
  }

  /** The compiled form of a cell that ran, by file name. */
  cell(filename: string): CompiledCell | undefined {
    return this.cells.get(filename);
  }

  /** Compiles and runs one cell; never throws. */
  async run(source: string, filename: string): Promise<CellOutcome> {
    let compiled: CompiledCell;
    const runId = ++this.runId;
    this.captured = undefined;
    try {
      compiled = compileCell(source, filename, runId);
    } catch (e) {
      return { ok: false, error: this.formatError(e), interrupted: false };
    }
    this.cells.set(filename, compiled);
    for (const name of compiled.names) {
      if (!(name in globalThis)) (globalThis as any)[name] = undefined;
    }
    let interruptRejecter: ((e: Error) => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      interruptRejecter = reject;
    });
    interrupted.catch(() => undefined);
    const stop = this.onInterrupt(() => interruptRejecter?.(new InterruptError()));
    try {
      const script = new vm.Script(compiled.script, { filename });
      const started = this.step(() => ({
        done: false,
        value: script.runInThisContext({ displayErrors: false }),
      })).value;
      if (compiled.mode === "generator") {
        await this.drive(started as Generator<unknown, void, unknown>, interrupted);
      } else {
        const promise = started as Promise<void>;
        promise.catch(() => undefined);
        await Promise.race([promise, interrupted]);
      }
      const out = this.captured as { value: unknown } | undefined;
      return { ok: true, hasValue: out !== undefined, value: out?.value };
    } catch (e) {
      const isInterrupt =
        e instanceof InterruptError || (e as any)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
      return {
        ok: false,
        error: this.formatError(isInterrupt ? new InterruptError() : e),
        interrupted: isInterrupt,
      };
    } finally {
      stop();
      this.captured = undefined;
      // An interrupt that arrives as the cell ends is not carried over to the next one.
      this.gate.clearPending();
    }
  }

  /** Runs one step of a cell's generator under breakOnSigint; an interrupt throws InterruptError. */
  private step(run: () => IteratorResult<unknown>): IteratorResult<unknown> {
    this.pendingStep = run;
    try {
      return STEP.runInThisContext({ breakOnSigint: true, displayErrors: false }) as IteratorResult<unknown>;
    } catch (e) {
      if (e instanceof GateInterrupt || (e as any)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") {
        this.gate.reset();
        throw new InterruptError();
      }
      throw e;
    } finally {
      this.pendingStep = undefined;
    }
  }

  /**
   * Drives a cell compiled as a generator: each yielded value is awaited here and sent back in
   * (a rejection is thrown in at the same place). On an interrupt while waiting the generator is
   * closed (its `finally` blocks run) and never resumed again.
   */
  private async drive(gen: Generator<unknown, void, unknown>, interrupted: Promise<never>): Promise<void> {
    let input: { threw: boolean; value: unknown } = { threw: false, value: undefined };
    for (;;) {
      const { threw, value } = input;
      const r = this.step(() => (threw ? gen.throw(value) : gen.next(value)));
      if (r.done) return;
      try {
        input = { threw: false, value: await Promise.race([r.value, interrupted]) };
      } catch (e) {
        if (e instanceof InterruptError) {
          try {
            this.step(() => gen.return(undefined));
          } catch {
            // the cell's cleanup failed or was interrupted too: it is being abandoned anyway
          }
          throw e;
        }
        input = { threw: true, value: e };
      }
    }
  }

  /** Maps a script position in a cell (1-based, as stack traces print it) to the cell's source. */
  mapPosition(filename: string, line: number, column: number): { line: number; column: number } | undefined {
    const cell = this.cells.get(filename);
    if (!cell) return undefined;
    const genLine = line - 1;
    const genCol = Math.max(0, scriptToEsbuildColumn(cell, genLine, column - 1));
    const pos = cell.map.original({ line: genLine, column: genCol });
    if (!pos) return undefined;
    const ins = cell.resultInsert;
    if (ins && pos.line === ins.line && pos.column >= ins.column) {
      pos.column = Math.max(ins.column, pos.column - ins.length);
    }
    const srcLine = cell.source.split("\n")[pos.line] ?? "";
    return { line: pos.line + 1, column: Math.min(pos.column, srcLine.length) + 1 };
  }

  /** Jupyter error content for anything a cell threw. */
  formatError(err: unknown): ErrorContent {
    if (err instanceof CellSyntaxError) {
      return {
        ename: "SyntaxError",
        evalue: err.message,
        traceback: [
          `${RED}SyntaxError${RESET}: ${err.message}`,
          ...this.codeFrame(err.filename, err.line, err.column + 1, err.lineText),
        ],
      };
    }
    if (err instanceof InterruptError) {
      return { ename: err.name, evalue: err.message, traceback: [`${RED}Interrupt${RESET}: ${err.message}`] };
    }
    const isErrorLike = err !== null && typeof err === "object" && typeof (err as any).stack === "string";
    if (!isErrorLike) {
      const text = String(err);
      return { ename: "Error", evalue: text, traceback: [`${RED}Uncaught${RESET} ${text}`] };
    }
    const e = err as Error;
    const ename = String(e.name ?? e.constructor?.name ?? "Error");
    const evalue = String(e.message ?? "");
    const lines = String(e.stack).split("\n");
    const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
    const frames = firstFrame < 0 ? [] : lines.slice(firstFrame);
    const kept: string[] = [];
    let innermost: { filename: string; line: number; column: number } | undefined;
    for (const f of frames) {
      if (/\/dist\/kernel\/|node:internal\/vm|node:vm|at new Script|at Script\.runInThisContext/.test(f))
        break;
      if (this.isWrapperCall(f) || /^\s+at Generator\.(next|throw|return) \(<anonymous>\)/.test(f)) continue;
      if (/\bkernel-step:/.test(f)) break;
      kept.push(
        f.replace(CELL_FRAME, (whole, filename: string, l: string, c: string) => {
          const pos = this.mapPosition(filename, Number(l), Number(c));
          if (!pos) return whole;
          innermost ??= { filename, ...pos };
          return `${GREEN}${filename}:${pos.line}:${pos.column}${RESET}`;
        }),
      );
    }
    const traceback = [`${RED}${ename}${RESET}: ${evalue}`, ...kept.map(relativeToRepo)];
    if (innermost) {
      const src = this.cells.get(innermost.filename)?.source.split("\n")[innermost.line - 1] ?? "";
      traceback.push("", ...this.codeFrame(innermost.filename, innermost.line, innermost.column, src));
    }
    return { ename, evalue, traceback };
  }

  /** Whether a stack frame is the wrapper's own call on the script's last line (not user code). */
  private isWrapperCall(frame: string): boolean {
    const m = /(In\[[^\]]+\]):(\d+):\d+\)?\s*$/.exec(frame);
    if (!m) return false;
    const cell = this.cells.get(m[1]!);
    return cell !== undefined && Number(m[2]) === cell.script.split("\n").length;
  }

  /** A few lines of a cell around `line`, with a caret under `column` (both 1-based). */
  private codeFrame(filename: string, line: number, column: number, lineText: string): string[] {
    const source = this.cells.get(filename)?.source.split("\n");
    const out = [`${CYAN}${filename}, line ${line}${RESET}:`];
    const width = String(line + 1).length;
    const show = (n: number, text: string, mark: boolean) =>
      out.push(`${mark ? `${RED}>${RESET}` : " "} ${String(n).padStart(width)} | ${text}`);
    if (source) {
      for (let n = Math.max(1, line - 2); n <= Math.min(source.length, line + 1); n++) {
        show(n, source[n - 1]!, n === line);
        if (n === line)
          out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}${RED}^${RESET}`);
      }
    } else {
      show(line, lineText, true);
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}${RED}^${RESET}`);
    }
    return out;
  }
}
