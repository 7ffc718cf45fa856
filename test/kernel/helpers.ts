/**
 * Helpers for the kernel tests: a private Jupyter data dir with this checkout's kernelspec,
 * and running Debian's Python (which has jupyter_client, jupyter_kernel_test, nbclient).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { writeKernelSpec } from "../../kernel/kernelspec.js";

/** This checkout's root (dist/test/kernel/helpers.js is three levels down). */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Debian's Python: `python3` on PATH may be another interpreter without the Jupyter packages. */
export const PYTHON = "/usr/bin/python3";

/**
 * A temporary JUPYTER_PATH holding kernels/tsmlx; `dispose()` removes it.
 * @example const jp = jupyterPath(); spawn(PYTHON, [...], { env: { ...process.env, JUPYTER_PATH: jp.dir } })
 */
export function jupyterPath(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tsmlx-jupyter-"));
  writeKernelSpec(join(dir, "kernels", "tsmlx"));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment for Debian's Python with a private kernelspec dir. */
export function pythonEnv(jupyterDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: jupyterDir, ...extra };
  delete env.PYTHONHOME;
  delete env.PYTHONPATH;
  // Keep Jupyter from reading or writing the user's runtime files.
  env.JUPYTER_RUNTIME_DIR = join(jupyterDir, "runtime");
  env.JUPYTER_CONFIG_DIR = join(jupyterDir, "config");
  env.JUPYTER_DATA_DIR = join(jupyterDir, "data");
  env.IPYTHONDIR = join(jupyterDir, "ipython");
  return env;
}

/** What a finished process printed and how it ended. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Children started by `run`, killed by `killAll` (tests call it in `after`). */
const running = new Set<ChildProcess>();

/**
 * Runs a command to completion (in its own process group, killed whole on timeout).
 * @example const r = await run(PYTHON, ["-c", "print(1)"]); r.stdout // => "1\n"
 */
export function run(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? process.env,
      cwd: options.cwd ?? ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
    });
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      killGroup(child);
      reject(
        new Error(`${cmd} ${args.join(" ")} timed out after ${options.timeoutMs} ms\n${stderr.slice(-4000)}`),
      );
    }, options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Kills every process group `run` started that is still alive. */
export function killAll(): void {
  for (const c of running) killGroup(c);
  running.clear();
}

/** The last line of output that parses as JSON. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!) as T;
    } catch {
      // not JSON: keep looking
    }
  }
  throw new Error(`no JSON line in output:\n${stdout.slice(-2000)}`);
}

/** One output of a notebook cell as run_notebook.py reports it. */
export interface NotebookOutput {
  type: string;
  name?: string;
  text?: string;
  html?: string;
  markdown?: string;
  mimes?: string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** A code cell as run_notebook.py reports it. */
export interface NotebookCell {
  source: string;
  tags: string[];
  outputs: NotebookOutput[];
}

/**
 * Executes notebooks/<name> with Debian's nbclient through the kernel (run_notebook.py,
 * nothing saved) and returns its code cells as run now (`fresh`) and as saved in the file.
 * `env` adds variables to the kernel's environment (`undefined` removes one).
 * Example: const { fresh, saved } = await executeNotebook("tour.ipynb", jp.dir);
 */
export async function executeNotebook(
  name: string,
  jupyterDir: string,
  timeoutMs = 180_000,
  env: Record<string, string | undefined> = {},
): Promise<{ fresh: NotebookCell[]; saved: NotebookCell[] }> {
  const vars = pythonEnv(jupyterDir);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete vars[k];
    else vars[k] = v;
  }
  const r = await run(
    PYTHON,
    // One cell may take the whole budget (a training cell on a slow or loaded machine).
    [
      join(ROOT, "test", "kernel", "run_notebook.py"),
      join(ROOT, "notebooks", name),
      String(Math.ceil(timeoutMs / 1000)),
    ],
    { env: vars, timeoutMs },
  );
  if (r.code !== 0) throw new Error(`run_notebook.py ${name} failed:\n${r.stderr.slice(-4000)}`);
  return lastJson<{ fresh: NotebookCell[]; saved: NotebookCell[] }>(r.stdout);
}

/**
 * The first cell whose source contains `needle`; fails the test when there is none.
 * Example: const c = findCell(fresh, "loadMnist");
 */
export function findCell(cells: NotebookCell[], needle: string): NotebookCell {
  const c = cells.find((x) => x.source.includes(needle));
  if (!c) throw new Error(`no cell contains ${needle}`);
  return c;
}

/**
 * Fails unless there are at least `minCells` cells and none has an error output (naming the
 * failing cell's source). Example: assertNoErrors(fresh, 5);
 */
export function assertNoErrors(cells: NotebookCell[], minCells: number): void {
  if (cells.length < minCells) throw new Error(`expected at least ${minCells} cells, got ${cells.length}`);
  for (const c of cells) {
    const errors = c.outputs.filter((o) => o.type === "error");
    if (errors.length)
      throw new Error(`cell failed: ${c.source}\n${errors.map((e) => `${e.ename}: ${e.evalue}`).join("\n")}`);
  }
}

/** A notebook executed once for a test file: its cells as run now and as saved. */
export interface NotebookRun {
  fresh: NotebookCell[];
  saved: NotebookCell[];
  /** The first fresh cell whose source contains `needle`. */
  cell(needle: string): NotebookCell;
}

/**
 * Registers before/after hooks that execute notebooks/<name> once with a private Jupyter dir
 * (see executeNotebook; `env` may depend on that dir) and clean up; the cells are filled in
 * by the time tests run. Example: const nb = notebookRun("tour.ipynb");
 */
export function notebookRun(
  name: string,
  options: { timeoutMs?: number; env?: (jupyterDir: string) => Record<string, string | undefined> } = {},
): NotebookRun {
  const jp = jupyterPath();
  const run: NotebookRun = { fresh: [], saved: [], cell: (needle) => findCell(run.fresh, needle) };
  before(async () => {
    const r = await executeNotebook(name, jp.dir, options.timeoutMs ?? 180_000, options.env?.(jp.dir) ?? {});
    run.fresh = r.fresh;
    run.saved = r.saved;
  });
  after(() => {
    killAll();
    jp.dispose();
  });
  return run;
}

/**
 * Cells reduced to what must not change between runs of a notebook whose numbers may differ in
 * their digits: sources, output types and MIME types, texts with digits masked.
 * Example: assert.deepEqual(outputShape(nb.saved), outputShape(nb.fresh));
 */
export function outputShape(cells: NotebookCell[]): unknown {
  return cells.map((c) => ({
    source: c.source,
    outputs: c.outputs.map((o) => ({ type: o.type, mimes: o.mimes, text: o.text?.replace(/\d+/g, "#") })),
  }));
}

/** How far two printed numbers may differ: |a - b| <= abs + rel * max(|a|, |b|). */
export interface NumberTolerance {
  rel: number;
  abs: number;
}

// A printed number: sign, digits with an optional point or a leading point, optional exponent.
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf|NaN|Infinity)/g;

/** Splits text into the numbers and the parts between them (trimmed, inner whitespace runs collapsed). */
function splitNumbers(text: string): { words: string[]; numbers: string[] } {
  const numbers = text.match(NUMBER) ?? [];
  const words = text.split(NUMBER).map((w) => w.trim().replace(/\s+/g, " "));
  return { words, numbers };
}

const isInteger = (s: string) => /^[-+]?\d+$/.test(s);

/**
 * Why two printed texts differ beyond `tol`, or undefined when they agree: the text between
 * numbers must be equal (whitespace next to a number is ignored and inner runs count as one
 * space, as column padding follows the widest number), integers written without a point or exponent (shapes, indices, counts) equal
 * exactly, and every other number within the tolerance.
 * Example: textsDiffer("f32[2]\n[0.19737531]", "f32[2]\n[0.19737537]", { rel: 1e-5, abs: 1e-6 }) // => undefined
 */
export function textsDiffer(saved: string, fresh: string, tol: NumberTolerance): string | undefined {
  const a = splitNumbers(saved);
  const b = splitNumbers(fresh);
  if (a.numbers.length !== b.numbers.length || a.words.length !== b.words.length)
    return `${a.numbers.length} numbers saved, ${b.numbers.length} now`;
  for (const [i, w] of a.words.entries()) {
    if (w !== b.words[i]) return `text ${JSON.stringify(w)} saved, ${JSON.stringify(b.words[i])} now`;
  }
  for (const [i, s] of a.numbers.entries()) {
    const f = b.numbers[i]!;
    if (isInteger(s) && isInteger(f)) {
      if (s !== f) return `integer ${s} saved, ${f} now`;
      continue;
    }
    const x = Number(s);
    const y = Number(f);
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return `number ${s} saved, ${f} now`;
      continue;
    }
    if (x === y) continue;
    if (!(Math.abs(x - y) <= tol.abs + tol.rel * Math.max(Math.abs(x), Math.abs(y))))
      return `number ${s} saved, ${f} now (tolerance rel ${tol.rel}, abs ${tol.abs})`;
  }
  return undefined;
}

/**
 * Fails unless two runs of a notebook agree: the same cells and sources, the same outputs in the
 * same order with the same types, MIME types and error names, and texts (plain, HTML, markdown,
 * error values) equal up to numbers within `tol` (see textsDiffer).
 * Example: assertSameRun(nb.saved, nb.fresh, { rel: 1e-5, abs: 1e-6 });
 */
export function assertSameRun(saved: NotebookCell[], fresh: NotebookCell[], tol: NumberTolerance): void {
  if (saved.length !== fresh.length) throw new Error(`${saved.length} code cells saved, ${fresh.length} now`);
  for (const [i, s] of saved.entries()) {
    const f = fresh[i]!;
    const where = `cell ${i + 1} (${s.source.split("\n")[0]})`;
    if (s.source !== f.source) throw new Error(`${where}: the saved source differs from the notebook's`);
    const kinds = (c: NotebookCell) =>
      c.outputs.map((o) => `${o.type}:${(o.mimes ?? []).join("+")}:${o.ename ?? ""}`);
    const [ks, kf] = [kinds(s), kinds(f)];
    if (ks.join("|") !== kf.join("|"))
      throw new Error(`${where}: outputs ${ks.join(", ")} saved, ${kf.join(", ")} now`);
    for (const [j, o] of s.outputs.entries()) {
      const p = f.outputs[j]!;
      for (const field of ["text", "html", "markdown", "evalue"] as const) {
        const [a, b] = [o[field] ?? undefined, p[field] ?? undefined];
        if ((a === undefined) !== (b === undefined))
          throw new Error(`${where}, output ${j + 1}: ${field} saved and now differ in presence`);
        const why = a === undefined || b === undefined ? undefined : textsDiffer(a, b, tol);
        if (why) throw new Error(`${where}, output ${j + 1} ${field}: ${why}`);
      }
    }
  }
}
