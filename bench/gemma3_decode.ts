/**
 * A Gemma 3 270M-shaped model (262 144 tokens, hidden 640, 18 layers of 4 heads of 256 with
 * one key/value head, GeGLU 2048, sliding window 512 on 5 of 6 layers; random weights) run by
 * tsmlx from the checkpoint that transformers saved, against transformers on PyTorch (CPU, the
 * same number of threads: TSMLX_NUM_THREADS, default 2) with the same weights, in one run with alternating rounds in long-lived
 * processes: prefill tokens/s and greedy decode tokens/s, f32 and bf16 weights (tsmlx computes
 * in f32 from bf16 weights; PyTorch computes in bf16). The greedy tokens are compared too.
 *
 *   node dist/bench/gemma3_decode.js [prompt=128] [new=32] [rounds=3] [layers=18] [dtypes=float32,bfloat16]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { GemmaSampler, gemmaParameterCount } from "../src/models/gemma.js";
import { loadGemmaCheckpoint } from "../src/models/gemma_checkpoint.js";
import { peersPython, ROOT } from "../test/peers.js";

const [promptLen, newTokens, rounds, layers] = [128, 32, 3, 18].map((d, i) =>
  Number(process.argv[2 + i] ?? d),
) as [number, number, number, number];
const dtypes = (process.argv[6] ?? "float32,bfloat16").split(",");
const threads = process.env.TSMLX_NUM_THREADS ?? "2";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[], d = 0) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;

/** A transformers worker: one JSON answer per request line. */
function worker(dir: string, dtype: string) {
  const p = spawn(
    peersPython(),
    [join(ROOT, "bench", "gemma3_transformers.py"), dir, dtype, String(layers)],
    {
      env: { ...process.env, OMP_NUM_THREADS: threads, BENCH_THREADS: threads, HF_HUB_OFFLINE: "1" },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: p.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error("the transformers worker exited");
    return r.value;
  };
  return {
    ready: next,
    async round(seed: number) {
      p.stdin!.write(`${promptLen} ${newTokens} ${seed}\n`);
      return JSON.parse(await next()) as {
        prefill: number;
        decode: number;
        tokens: number[];
        prompt: number[];
      };
    },
    close: () => p.kill(),
  };
}

let cpu = cpus()[0]?.model ?? "?";
try {
  cpu = execFileSync("lscpu", { encoding: "utf8" }).match(/Model name:\s*(.*)/)?.[1] ?? cpu;
} catch {}
console.log(`CPU: ${cpu}; ${cpus().length} cores; load ${loadavg()[0]!.toFixed(2)}`);
console.log(
  `prompt ${promptLen}, ${newTokens} new tokens, ${rounds} rounds, batch 1, ${threads} thread(s) each`,
);
for (const dtype of dtypes) {
  const dir = mkdtempSync(join(tmpdir(), "gemma3-bench-"));
  const peer = worker(dir, dtype);
  try {
    await peer.ready();
    const { config, ctx } = loadGemmaCheckpoint(dir, undefined, {
      weightDtype: dtype === "bfloat16" ? "bf16" : "f32",
    });
    console.log(
      `\n${dtype}: Gemma 3 270M-shaped, ${layers} layers, ${(gemmaParameterCount(config) / 1e6).toFixed(0)} M parameters`,
    );
    const sampler = new GemmaSampler(ctx, config, promptLen + newTokens);
    const warm = await peer.round(1);
    let t0 = performance.now();
    await sampler.generate(warm.prompt, 2);
    console.log(`tsmlx compile + first prefill and step: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const ours = { prefill: [] as number[], decode: [] as number[] };
    const theirs = { prefill: [] as number[], decode: [] as number[] };
    let same = 0;
    for (let r = 0; r < rounds; r++) {
      const t = await peer.round(r + 2);
      theirs.prefill.push(promptLen / t.prefill);
      theirs.decode.push((newTokens - 1) / t.decode);
      t0 = performance.now();
      const g = await sampler.generate(t.prompt, newTokens);
      ours.prefill.push(promptLen / g.prefillSeconds);
      ours.decode.push((g.tokens.length - 1) / g.decodeSeconds);
      if (JSON.stringify(g.tokens) === JSON.stringify(t.tokens)) same++;
    }
    for (const k of ["prefill", "decode"] as const) {
      const ratios = ours[k].map((v, i) => v / theirs[k][i]!);
      console.log(
        `${k.padEnd(7)}: tsmlx ${median(ours[k]).toFixed(1)} tokens/s (${range(ours[k], 1)}) | transformers ${median(theirs[k]).toFixed(1)} tokens/s (${range(theirs[k], 1)}) | ratio ${median(ratios).toFixed(2)} (${range(ratios, 2)})`,
      );
    }
    console.log(`greedy tokens equal in ${same} of ${rounds} rounds`);
  } finally {
    peer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`load after: ${loadavg()[0]!.toFixed(2)}`);
