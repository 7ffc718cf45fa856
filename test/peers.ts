/**
 * The Hugging Face peers (transformers 5.17, PyTorch 2.13 CPU, tokenizers) that the Gemma and
 * tokenizer tests check against: a virtual environment that scripts/peers-venv.sh makes in
 * .venv-peers/ the first time a test asks for it (pip from the machine's wheel mirror), then
 * reuses. `TSMLX_PEERS=0` turns these checks into skips, with that reason.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests run from dist/test/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let python: string | undefined;

/** Why the peer checks are skipped, or false when they run. `test("x", { skip: peersSkip() }, ...)` */
export function peersSkip(): string | false {
  return process.env.TSMLX_PEERS === "0" ? "TSMLX_PEERS=0: the Hugging Face peer checks are off" : false;
}

/**
 * The python of the peers' environment, created on first use (about 1.5 minutes from nothing).
 * Throws with pip's output when it cannot be made. `const py = peersPython()`
 */
export function peersPython(): string {
  if (python) return python;
  const r = spawnSync("bash", [join(ROOT, "scripts", "peers-venv.sh")], {
    encoding: "utf8",
    timeout: 15 * 60 * 1000,
  });
  if (r.status !== 0) {
    throw new Error(
      `scripts/peers-venv.sh failed (status ${r.status}): ${r.stderr.slice(-4000)}\n` +
        "set TSMLX_PEERS=0 to skip the checks against Hugging Face transformers and tokenizers",
    );
  }
  python = r.stdout.trim().split("\n").pop()!;
  return python;
}

/**
 * Runs `script` (a path under the repository) with the peers' python; returns stdout.
 * `const out = runPeer("test/models/gemma_hf_reference.py", [spec, result])`
 */
export function runPeer(script: string, args: readonly string[], input?: string): string {
  const r = spawnSync(peersPython(), [join(ROOT, script), ...args], {
    encoding: "utf8",
    input,
    maxBuffer: 1 << 30,
    timeout: 15 * 60 * 1000,
    env: { ...process.env, OMP_NUM_THREADS: "2", TOKENIZERS_PARALLELISM: "false", HF_HUB_OFFLINE: "1" },
  });
  if (r.status !== 0) throw new Error(`${script} failed (status ${r.status}): ${r.stderr.slice(-4000)}`);
  return r.stdout;
}

let jaxPythonPath: string | undefined;

/** Why the checks against JAX and XLA are skipped, or false when they run. */
export function jaxSkip(): string | false {
  return process.env.TSMLX_JAX === "0" ? "TSMLX_JAX=0: the checks against JAX and XLA are off" : false;
}

/**
 * The python of the JAX environment (jax, jaxlib 0.10.2, optax), which scripts/jax-venv.sh
 * makes in .venv-jax/ on first use (about 30 s from nothing). `const py = jaxPython()`
 */
export function jaxPython(): string {
  if (jaxPythonPath) return jaxPythonPath;
  const r = spawnSync("bash", [join(ROOT, "scripts", "jax-venv.sh")], {
    encoding: "utf8",
    timeout: 10 * 60 * 1000,
  });
  if (r.status !== 0) {
    throw new Error(
      `scripts/jax-venv.sh failed (status ${r.status}): ${r.stderr.slice(-4000)}\n` +
        "set TSMLX_JAX=0 to skip the checks against JAX and XLA",
    );
  }
  jaxPythonPath = r.stdout.trim().split("\n").pop()!;
  return jaxPythonPath;
}

/**
 * Runs `script` (a path under the repository) with the JAX environment's python, on XLA's CPU
 * backend only; returns stdout. `const out = runJax("test/native/cpu/jax/gen_modules.py", [dir])`
 */
export function runJax(script: string, args: readonly string[]): string {
  const r = spawnSync(jaxPython(), [join(ROOT, script), ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: 15 * 60 * 1000,
    env: { ...process.env, JAX_PLATFORMS: "cpu", OMP_NUM_THREADS: "2" },
  });
  if (r.status !== 0) throw new Error(`${script} failed (status ${r.status}): ${r.stderr.slice(-4000)}`);
  return r.stdout;
}
