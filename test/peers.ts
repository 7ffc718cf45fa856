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
