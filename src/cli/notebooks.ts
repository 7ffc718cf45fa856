/**
 * `tsmlx lab` and `tsmlx notebook`: open the notebooks that ship with tsmlx in JupyterLab or the
 * classic Notebook. The package's notebooks/ folder may be read-only, so they are copied into a
 * folder of the user's (./tsmlx-notebooks by default) first, never overwriting a copy already
 * there. The server gets a private kernelspec for this tsmlx through JUPYTER_PATH, so the
 * notebooks run on it whether or not `tsmlx kernel install` was run.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import process from "node:process";
import { writeKernelSpec } from "../../kernel/kernelspec.js";
import { packageRoot } from "../runtime/addon.js";
import { isExecutable, which } from "./which.js";

/** The two front ends `tsmlx` can open. */
export type FrontEnd = "lab" | "notebook";

/**
 * The folder of the notebooks that ship with tsmlx.
 * @example bundledNotebooksDir() // => "/…/node_modules/tsmlx/notebooks"
 */
export function bundledNotebooksDir(): string {
  return join(packageRoot(), "notebooks");
}

/**
 * Copies the bundled notebooks that `dest` does not have yet into it (creating it) and returns
 * the names copied; notebooks already in `dest` are left as they are.
 * @example copyNotebooks("./tsmlx-notebooks") // => ["cifar10.ipynb", "fashion_mnist.ipynb", ...] the first time, [] after
 */
export function copyNotebooks(dest: string, source: string = bundledNotebooksDir()): string[] {
  mkdirSync(dest, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(source).sort()) {
    if (!name.endsWith(".ipynb") || existsSync(join(dest, name))) continue;
    copyFileSync(join(source, name), join(dest, name));
    copied.push(name);
  }
  return copied;
}

/**
 * The program that serves `frontEnd`: `jupyter-lab` / `jupyter-notebook` on PATH, or next to the
 * `jupyter` on PATH (where jupyter looks for its subcommands); undefined when there is none.
 * @example findFrontEnd("notebook") // => "/usr/bin/jupyter-notebook"
 */
export function findFrontEnd(frontEnd: FrontEnd, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const program = `jupyter-${frontEnd}`;
  const onPath = which(program, env);
  if (onPath) return onPath;
  const jupyter = which("jupyter", env);
  if (!jupyter) return undefined;
  const beside = join(dirname(realpathSync(jupyter)), program);
  return isExecutable(beside) ? beside : undefined;
}

/**
 * What to do when `frontEnd` is not installed: the exact commands that install it.
 * @example frontEndMissing("lab").includes("pipx install jupyterlab") // => true
 */
export function frontEndMissing(frontEnd: FrontEnd): string {
  if (frontEnd === "lab") {
    return [
      "tsmlx lab: JupyterLab is not installed (no jupyter-lab on PATH). Install it with one of:",
      "  pipx install jupyterlab                      (Debian/Ubuntu: apt-get install pipx first; puts jupyter-lab in ~/.local/bin)",
      "  python3 -m venv ~/jupyter && ~/jupyter/bin/pip install jupyterlab && export PATH=~/jupyter/bin:$PATH",
      "  conda install -c conda-forge jupyterlab",
      "then run tsmlx lab again. Debian 12 packages no JupyterLab, but its classic Notebook works too:",
      "  apt-get install jupyter-notebook, then tsmlx notebook",
    ].join("\n");
  }
  return [
    "tsmlx notebook: the Jupyter Notebook is not installed (no jupyter-notebook on PATH). Install it with one of:",
    "  apt-get install jupyter-notebook             (Debian/Ubuntu, as root)",
    "  pipx install notebook",
    "  python3 -m venv ~/jupyter && ~/jupyter/bin/pip install notebook && export PATH=~/jupyter/bin:$PATH",
    "  conda install -c conda-forge notebook",
    "then run tsmlx notebook again.",
  ].join("\n");
}

/** Options of {@link openNotebooks}. */
export interface OpenOptions {
  /** Where the notebooks are copied and served from. Default ./tsmlx-notebooks. */
  dir?: string;
  /** More arguments for the server (`--port=9999`, `--no-browser`, ...). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Where messages go. */
  log?: (line: string) => void;
}

/**
 * Copies the notebooks (see {@link copyNotebooks}) and runs the server on them until it exits;
 * resolves to its exit code (1, after saying how to install it, when the front end is missing).
 * @example process.exitCode = await openNotebooks("lab", { args: ["--no-browser"] })
 */
export async function openNotebooks(frontEnd: FrontEnd, options: OpenOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const program = findFrontEnd(frontEnd, env);
  if (!program) {
    log(frontEndMissing(frontEnd));
    return 1;
  }
  const dir = resolve(options.dir ?? "tsmlx-notebooks");
  const copied = copyNotebooks(dir);
  if (copied.length) log(`tsmlx: copied ${copied.join(", ")} into ${dir}`);
  const jupyterPath = mkdtempSync(join(tmpdir(), "tsmlx-jupyter-"));
  writeKernelSpec(join(jupyterPath, "kernels", "tsmlx"));
  const args = [...(options.args ?? [])];
  if (process.getuid?.() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
  log(`tsmlx: serving ${dir} with ${program} (kernel "TypeScript (tsmlx)" from ${packageRoot()})`);
  const childEnv = {
    ...env,
    JUPYTER_PATH: env.JUPYTER_PATH ? `${jupyterPath}${delimiter}${env.JUPYTER_PATH}` : jupyterPath,
  };
  // Ctrl-C reaches the server too (same process group); it decides whether to stop.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  try {
    return await new Promise<number>((done, fail) => {
      const child = spawn(program, args, { cwd: dir, env: childEnv, stdio: "inherit" });
      child.on("error", (e) => fail(new Error(`[tsmlx ${frontEnd}] cannot run ${program}: ${e.message}`)));
      child.on("exit", (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    process.off("SIGINT", ignore);
    rmSync(jupyterPath, { recursive: true, force: true });
  }
}
