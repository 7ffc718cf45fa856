/**
 * `tsmlx kernel install`: registers the "TypeScript (tsmlx)" kernel with Jupyter. The kernelspec
 * runs the node that ran the install on this package's dist/kernel/main.js (the installed
 * package's files, or a checkout's build).
 *
 * Jupyter is asked to install it (so it lands where that Jupyter looks, whether pip, conda or
 * Debian installed it): `jupyter-kernelspec` on PATH, else `jupyter kernelspec`, else the Python
 * behind `jupyter` or Debian's /usr/bin/python3 running `-m jupyter_client.kernelspecapp`. With no
 * Jupyter client at all, kernel.json is written straight into Jupyter's data directory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { type KernelSpec, writeKernelSpec } from "../../kernel/kernelspec.js";
import { isExecutable, which } from "./which.js";

/** Where a kernel is installed, as `jupyter kernelspec install` takes it. */
export type KernelTarget = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; dir: string };

/** A program that installs kernelspecs: the command line before `install ...`. */
export interface KernelspecClient {
  argv: string[];
}

/** Debian's Python, which has jupyter_client when python3-jupyter-client is installed. */
const DEBIAN_PYTHON = "/usr/bin/python3";

/** The Python interpreter a script's `#!` line runs (pip's `#!/bin/sh` wrapper for long paths too). */
function scriptInterpreter(script: string, env: NodeJS.ProcessEnv): string | undefined {
  let head: string;
  try {
    head = readFileSync(script, "utf8").slice(0, 1024);
  } catch {
    return undefined;
  }
  const first = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  if (!first) return undefined;
  if (first[1]!.endsWith("/env") && first[2]) return which(first[2], env);
  if (/python/.test(first[1]!)) return first[1];
  const wrapped = /'''exec' "?([^"'\s]*python[^"'\s]*)"?/.exec(head);
  return wrapped?.[1];
}

/**
 * The kernelspec installers to try, in order: `jupyter-kernelspec`, `jupyter kernelspec`, the
 * Python behind `jupyter`, Debian's Python, each running `jupyter_client.kernelspecapp`.
 * @example kernelspecClientCandidates()[0]?.argv // => ["/usr/bin/jupyter-kernelspec"]
 */
export function kernelspecClientCandidates(env: NodeJS.ProcessEnv = process.env): KernelspecClient[] {
  const out: KernelspecClient[] = [];
  const kernelspec = which("jupyter-kernelspec", env);
  if (kernelspec) out.push({ argv: [kernelspec] });
  const jupyter = which("jupyter", env);
  const pythons: string[] = [];
  if (jupyter) {
    out.push({ argv: [jupyter, "kernelspec"] });
    const python = scriptInterpreter(jupyter, env);
    if (python) pythons.push(python);
  }
  pythons.push(DEBIAN_PYTHON);
  for (const python of new Set(pythons)) {
    if (isExecutable(python)) out.push({ argv: [python, "-m", "jupyter_client.kernelspecapp"] });
  }
  return out;
}

/**
 * The first kernelspec installer that runs (`--version` succeeds), or undefined when none does.
 * @example findKernelspecClient()?.argv.join(" ") // => "/usr/bin/python3 -m jupyter_client.kernelspecapp"
 */
export function findKernelspecClient(env: NodeJS.ProcessEnv = process.env): KernelspecClient | undefined {
  for (const c of kernelspecClientCandidates(env)) {
    const r = spawnSync(c.argv[0]!, [...c.argv.slice(1), "--version"], {
      env,
      stdio: "ignore",
      timeout: 60_000,
    });
    if (r.status === 0) return c;
  }
  return undefined;
}

/**
 * Jupyter's per-user data directory, as jupyter_core computes it on Linux: `$JUPYTER_DATA_DIR`,
 * else `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`.
 * @example jupyterUserDataDir({ HOME: "/home/ada" }) // => "/home/ada/.local/share/jupyter"
 */
export function jupyterUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  const data = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(data, "jupyter");
}

/** What `installKernel` did. */
export interface KernelInstall {
  /** The installed kernelspec directory (holding kernel.json). */
  dir: string;
  /** The installer's command line, or undefined when kernel.json was written directly. */
  client?: string[];
  spec: KernelSpec;
}

/** Options of {@link installKernel}. */
export interface KernelInstallOptions {
  /** The kernelspec's name (its directory under kernels/). Default "tsmlx". */
  name?: string;
  /** The environment the installer runs in (PATH, JUPYTER_* variables). */
  env?: NodeJS.ProcessEnv;
  /** The installer to use; `null` writes kernel.json directly. Default: {@link findKernelspecClient}. */
  client?: KernelspecClient | null;
}

/**
 * Registers the kernel with Jupyter (see the module comment for how).
 * @example installKernel({ kind: "prefix", dir: "/tmp/jp" }).dir // => "/tmp/jp/share/jupyter/kernels/tsmlx"
 */
export function installKernel(target: KernelTarget, options: KernelInstallOptions = {}): KernelInstall {
  const name = options.name ?? "tsmlx";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new Error(
      `[kernel install] the kernel name ${JSON.stringify(name)} may hold only letters, digits, '.', '_' and '-'`,
    );
  }
  const env = options.env ?? process.env;
  const client = options.client === undefined ? findKernelspecClient(env) : options.client;
  if (!client) {
    const base =
      target.kind === "prefix"
        ? join(resolve(target.dir), "share", "jupyter")
        : target.kind === "user"
          ? jupyterUserDataDir(env)
          : undefined;
    if (!base) {
      throw new Error(
        "[kernel install] --sys-prefix names the prefix of Jupyter's Python, and no Jupyter was found " +
          "(no jupyter-kernelspec or jupyter on PATH, no jupyter_client in /usr/bin/python3); install Jupyter " +
          "first, or use --user or --prefix DIR",
      );
    }
    const dir = join(base, "kernels", name);
    rmSync(dir, { recursive: true, force: true });
    return { dir, spec: writeKernelSpec(dir) };
  }
  const staging = mkdtempSync(join(tmpdir(), "tsmlx-kernelspec-"));
  try {
    const source = join(staging, name);
    const spec = writeKernelSpec(source);
    const where =
      target.kind === "user"
        ? ["--user"]
        : target.kind === "sys-prefix"
          ? ["--sys-prefix"]
          : [`--prefix=${resolve(target.dir)}`];
    const args = [...client.argv.slice(1), "install", `--name=${name}`, ...where, source];
    const r = spawnSync(client.argv[0]!, args, { env, encoding: "utf8", timeout: 120_000 });
    const said = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
    if (r.status !== 0) {
      throw new Error(
        `[kernel install] ${[client.argv[0], ...args].join(" ")} failed (${r.error?.message ?? `exit code ${r.status}`})` +
          (said ? `:\n${said}` : ""),
      );
    }
    const installed = /Installed kernelspec \S+ in (.+)$/m.exec(said)?.[1]?.trim();
    const dir =
      installed ??
      (target.kind === "prefix"
        ? join(resolve(target.dir), "share", "jupyter", "kernels", name)
        : target.kind === "user"
          ? join(jupyterUserDataDir(env), "kernels", name)
          : "(the kernels/ directory under the sys.prefix of Jupyter's Python)");
    return { dir, client: client.argv, spec };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
