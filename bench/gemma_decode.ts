/**
 * Greedy decoding with the Gemma-shaped decoder (src/models/gemma.ts, TINY_GEMMA: 12.4 M
 * parameters, random weights, f32, batch 1) through tsmlx's plugin against the same model in
 * PyTorch (bench/gemma_torch.py), in one run with alternating rounds: prefill of the prompt
 * (tokens/s) and decoding one token at a time through the key/value cache (tokens/s).
 *
 *   node dist/bench/gemma_decode.js [prompt=512] [new=32] [rounds=3]
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Context, execWithContext } from "../src/context/index.js";
import { Tensor } from "../src/core/tensor.js";
import type { Node } from "../src/graph/node.js";
import { GemmaSampler, gemma, gemmaParameterCount, TINY_GEMMA } from "../src/models/gemma.js";

const promptLen = Number(process.argv[2] ?? 512);
const newTokens = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, "..", "..", "bench", "gemma_torch.py");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

function prompt(seed: number): number[] {
  let s = seed;
  return Array.from({ length: promptLen }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s % TINY_GEMMA.vocabSize;
  });
}

function torchRound(): { prefill: number; decode: number } {
  const out = execFileSync("/usr/bin/python3", [script, String(promptLen), String(newTokens), "1"], {
    env: { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE" },
    encoding: "utf8",
  });
  const r = JSON.parse(out.trim().split("\n").pop()!) as { prefill: number[]; decode: number[] };
  return { prefill: promptLen / r.prefill[0]!, decode: 1 / r.decode[0]! };
}

async function main(): Promise<void> {
  console.log(
    `Gemma-shaped decoder, ${(gemmaParameterCount(TINY_GEMMA) / 1e6).toFixed(1)} M parameters, f32, batch 1: prompt ${promptLen}, ${newTokens} new tokens`,
  );
  console.log(
    `${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  const ctx = new Context({ seed: 1 });
  // Variables come into being in a first trace of the full model.
  await execWithContext(ctx, (c, t: Node) => gemma(c, t, TINY_GEMMA), { training: false }).mlir(
    Tensor.fromValues("i32", [1, 1], [0]),
  );
  const sampler = new GemmaSampler(ctx, TINY_GEMMA, promptLen + newTokens);
  const t0 = performance.now();
  await sampler.generate(prompt(1), 2); // compiles the prefill and the decode step
  console.log(`compile + first prefill and step: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  torchRound(); // warm-up
  const ours = { prefill: [] as number[], decode: [] as number[] };
  const theirs = { prefill: [] as number[], decode: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const g = await sampler.generate(prompt(r + 2), newTokens);
    ours.prefill.push(promptLen / g.prefillSeconds);
    ours.decode.push((g.tokens.length - 1) / g.decodeSeconds);
    const t = torchRound();
    theirs.prefill.push(t.prefill);
    theirs.decode.push(t.decode);
  }
  for (const k of ["prefill", "decode"] as const) {
    const ratios = ours[k].map((v, i) => v / theirs[k][i]!);
    console.log(
      `${k}: tsmlx ${median(ours[k]).toFixed(0)} tokens/s (${spread(ours[k])}) | PyTorch ${median(theirs[k]).toFixed(0)} tokens/s (${spread(theirs[k])}) | ratio ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  }
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
}

await main();
