/**
 * The seed's CIFAR-10 CNN (src/models/cifar.ts, normalization "none") through tsmlx's CPU
 * plugin against PyTorch (bench/cifar_torch.py, same architecture) on the same CPU, in one
 * run with alternating rounds. Train step (Adam 1e-3, sparse cross-entropy, dropout on) and
 * inference, images/s, medians with min–max spread, and the ratio tsmlx/PyTorch per round.
 * PyTorch runs with 2 threads in its best configuration, picked in a first pass over
 * NCHW / channels_last × OMP_WAIT_POLICY=PASSIVE or not.
 *
 *   node dist/bench/cifar.js [rounds] [steps] [batches, e.g. 64,256]
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Context, execWithContext } from "../src/context/index.js";
import type { Node } from "../src/graph/node.js";
import { Tensor } from "../src/index.js";
import { c10ConvModel } from "../src/models/cifar.js";
import { sparseCategoricalCrossEntropy } from "../src/train/losses.js";
import { adam } from "../src/train/optimizers.js";

type Mode = "train" | "infer";
interface TorchConfig {
  layout: "nchw" | "cl";
  passive: boolean;
}

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 5);
const batches = (process.argv[4] ?? "64,256").split(",").map(Number);
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, "..", "..", "bench", "cifar_torch.py");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

function randomImages(batch: number): Tensor {
  const data = new Float32Array(batch * 32 * 32 * 3);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s / 2 ** 32;
  }
  return Tensor.fromTypedArray("f32", [batch, 32, 32, 3], data);
}

function randomLabels(batch: number): Tensor {
  const data = new Int32Array(batch);
  for (let i = 0; i < batch; i++) data[i] = (i * 7) % 10;
  return Tensor.fromTypedArray("i32", [batch], data);
}

/** A tsmlx runner: compiles once (timed), then returns images/s of `steps` steps. */
async function tsmlxRunner(
  mode: Mode,
  batch: number,
): Promise<{ compileS: number; run: () => Promise<number> }> {
  const ctx = new Context({ seed: 1 });
  const images = randomImages(batch);
  const labels = randomLabels(batch);
  const opt = adam({ learningRate: 1e-3 });
  const fn =
    mode === "train"
      ? execWithContext(
          ctx,
          (c, x: Node, y: Node) =>
            opt.minimize(c, sparseCategoricalCrossEntropy(c10ConvModel(c, x), y)).gradNorm,
          { training: true, name: "train_step" },
        )
      : execWithContext(ctx, (c, x: Node) => c10ConvModel(c, x), { name: "infer" });
  const args = mode === "train" ? [images, labels] : [images];
  if (mode === "infer") {
    // Variables come into being in a first (training) trace.
    await (
      await execWithContext(ctx, (c, x: Node) => c10ConvModel(c, x), { training: true })(images)
    ).toTensor();
  }
  const t0 = performance.now();
  await (await fn(...args)).toTensor(); // compile + first step
  const compileS = (performance.now() - t0) / 1000;
  return {
    compileS,
    run: async () => {
      const times: number[] = [];
      for (let i = 0; i < steps; i++) {
        const t = performance.now();
        await (await fn(...args)).toTensor();
        times.push((performance.now() - t) / 1000);
      }
      return batch / median(times);
    },
  };
}

function torchImagesPerS(mode: Mode, batch: number, c: TorchConfig): number {
  const env = { ...process.env, OMP_NUM_THREADS: "2" } as NodeJS.ProcessEnv;
  if (c.passive) env.OMP_WAIT_POLICY = "PASSIVE";
  else delete env.OMP_WAIT_POLICY;
  const out = execFileSync("/usr/bin/python3", [script, mode, String(batch), String(steps), c.layout], {
    env,
    encoding: "utf8",
  });
  return batch / median(JSON.parse(out.trim().split("\n").pop()!) as number[]);
}

const CONFIGS: TorchConfig[] = [
  { layout: "nchw", passive: false },
  { layout: "nchw", passive: true },
  { layout: "cl", passive: false },
  { layout: "cl", passive: true },
];
const name = (c: TorchConfig) =>
  `${c.layout === "cl" ? "channels_last" : "NCHW"}${c.passive ? "+PASSIVE" : ""}`;

async function main(): Promise<void> {
  console.log(
    `CIFAR-10 CNN: 3×[conv3×3 same+relu ×2, maxpool 2, dropout] 32/64/128, dense 128+relu, dropout, dense 10`,
  );
  console.log(
    `${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  for (const batch of batches) {
    for (const mode of ["train", "infer"] as Mode[]) {
      const runner = await tsmlxRunner(mode, batch);
      const best = CONFIGS.map((c) => ({ c, ips: torchImagesPerS(mode, batch, c) })).sort(
        (a, b) => b.ips - a.ips,
      )[0]!;
      const ours: number[] = [];
      const theirs: number[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const a = await runner.run();
        const b = torchImagesPerS(mode, batch, best.c);
        ours.push(a);
        theirs.push(b);
        ratios.push(a / b);
      }
      console.log(
        `${mode} batch ${batch}: tsmlx ${median(ours).toFixed(0)} img/s (${spread(ours)}, compile+first step ${runner.compileS.toFixed(2)} s)` +
          ` | PyTorch ${name(best.c)} ${median(theirs).toFixed(0)} img/s (${spread(theirs)})` +
          ` | ratio ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
      );
    }
  }
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
}

await main();
