/**
 * The CIFAR-10 CNN (src/models/cifar.ts, normalization "none") through tsmlx's CPU
 * plugin against PyTorch (bench/cifar_torch.py, same architecture) and TensorFlow.js on its
 * wasm backend (bench/cifar_tfjs.ts, same layer shapes, inference only) on the same CPU, in
 * one run with alternating rounds. Train step (Adam 1e-3, sparse cross-entropy, dropout on)
 * and inference, images/s, medians with min–max spread, and the ratios per round.
 * PyTorch runs with 2 threads in its best configuration, picked in a first short pass over
 * NCHW / channels_last × OMP_WAIT_POLICY=PASSIVE or not. TF.js wasm runs one thread (Node
 * has no wasm threads) and cannot train this CNN (no filter-gradient kernel): the bench
 * checks and says so.
 *
 *   node dist/bench/cifar.js [rounds=3] [steps=5] [batches=64] [peers=torch,tfjs]
 *
 * The default run (batch 64) takes a minute or two on a quiet 2-core machine; batch 256
 * (`node dist/bench/cifar.js 3 5 64,256`) about four times as long. More rounds or steps
 * give tighter figures.
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
import { tfjsInference, tfjsSetup, wasmTrainingGap } from "./cifar_tfjs.js";

type Mode = "train" | "infer";
interface TorchConfig {
  layout: "nchw" | "cl";
  passive: boolean;
}

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 5);
const batches = (process.argv[4] ?? "64").split(",").map(Number);
const peers = new Set((process.argv[5] ?? "torch,tfjs").split(","));
const probeSteps = 2;
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

function torchImagesPerS(mode: Mode, batch: number, c: TorchConfig, n = steps): number {
  const env = { ...process.env, OMP_NUM_THREADS: "2" } as NodeJS.ProcessEnv;
  if (c.passive) env.OMP_WAIT_POLICY = "PASSIVE";
  else delete env.OMP_WAIT_POLICY;
  const out = execFileSync("/usr/bin/python3", [script, mode, String(batch), String(n), c.layout], {
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

const ratioText = (xs: number[]) =>
  `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;

async function main(): Promise<void> {
  console.log(
    `CIFAR-10 CNN: 3×[conv3×3 same+relu ×2, maxpool 2, dropout] 32/64/128, dense 128+relu, dropout, dense 10`,
  );
  console.log(
    `${cpus().length} CPUs (${cpus()[0]?.model}), load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}; ${rounds} rounds of ${steps} steps`,
  );
  let tfjsGap: string[] = [];
  if (peers.has("tfjs")) {
    console.log(await tfjsSetup());
    tfjsGap = wasmTrainingGap();
  }
  for (const batch of batches) {
    for (const mode of ["train", "infer"] as Mode[]) {
      const runner = await tsmlxRunner(mode, batch);
      const best = peers.has("torch")
        ? CONFIGS.map((c) => ({ c, ips: torchImagesPerS(mode, batch, c, probeSteps) })).sort(
            (a, b) => b.ips - a.ips,
          )[0]!
        : undefined;
      const tfjs = peers.has("tfjs") && mode === "infer" ? await tfjsInference(batch) : undefined;
      const ours: number[] = [];
      const torch: number[] = [];
      const tfw: number[] = [];
      const rTorch: number[] = [];
      const rTf: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const a = await runner.run();
        ours.push(a);
        if (best) {
          const b = torchImagesPerS(mode, batch, best.c);
          torch.push(b);
          rTorch.push(a / b);
        }
        if (tfjs) {
          const t = await tfjs(steps);
          tfw.push(t);
          rTf.push(a / t);
        }
      }
      let line =
        `${mode} batch ${batch}: tsmlx ${median(ours).toFixed(0)} img/s (${spread(ours)}, ` +
        `compile+first step ${runner.compileS.toFixed(2)} s)`;
      if (best)
        line += ` | PyTorch ${name(best.c)} ${median(torch).toFixed(0)} img/s (${spread(torch)}) | tsmlx/PyTorch ${ratioText(rTorch)}`;
      if (tfjs)
        line += ` | TF.js wasm ${median(tfw).toFixed(0)} img/s (${spread(tfw)}) | tsmlx/TF.js ${ratioText(rTf)}`;
      console.log(line);
      if (mode === "train" && peers.has("tfjs")) {
        console.log(
          tfjsGap.length > 0
            ? `  TF.js wasm training: not measurable, the wasm backend has no ${tfjsGap.join(", ")} kernel`
            : "  TF.js wasm training: kernels present but not measured by this bench",
        );
      }
    }
  }
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
}

await main();
