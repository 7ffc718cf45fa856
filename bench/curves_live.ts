/**
 * What live training curves cost: the Fashion-MNIST CNN of examples/fashion_mnist.ts trained for
 * the same steps twice per pair, once with a loop callback every `--every` steps that only reads
 * the metrics, once with `curves.live(show)` at the same steps, where `show` builds the bundle and
 * serializes it to JSON as the kernel does before sending it. Pairs alternate which goes first.
 * Reported: the share of each live run spent in redraws (timed around each `show`, the direct
 * measure), and the median over pairs of (live − plain) / plain wall time (noisy on a shared
 * machine), with the redraws the curves made and what each cost.
 *
 *   node dist/bench/curves_live.js [--steps 300] [--every 5] [--pairs 3] [--batch 64]
 */
import { parseArgs } from "node:util";
import { Context } from "../src/context/context.js";
import { JUPYTER_DISPLAY } from "../src/core/mime.js";
import { fromTensors, pixelsToF32 } from "../src/data/dataset.js";
import { FASHION_MNIST_DIR, loadMnist } from "../src/data/idx.js";
import type { Node } from "../src/graph/node.js";
import { conv, maxPool } from "../src/layers/conv.js";
import { dense } from "../src/layers/dense.js";
import { flatten } from "../src/ops/arrays.js";
import { TrainingCurves } from "../src/train/curves.js";
import { Loop } from "../src/train/loop.js";
import { sparseCategoricalCrossEntropy } from "../src/train/losses.js";
import { sparseAccuracy } from "../src/train/metrics.js";
import { adam } from "../src/train/optimizers.js";
import { Trainer } from "../src/train/trainer.js";

const { values: args } = parseArgs({
  options: {
    steps: { type: "string", default: "300" },
    every: { type: "string", default: "5" },
    pairs: { type: "string", default: "3" },
    batch: { type: "string", default: "64" },
  },
});
const steps = Number(args.steps);
const every = Number(args.every);
const pairs = Number(args.pairs);
const batchSize = Number(args.batch);

function cnn(ctx: Context, images: Node): Node {
  let x = conv(ctx.in("conv_0"), images).filters(32).kernelSize(3).activation("relu").done();
  x = conv(ctx.in("conv_1"), x).filters(64).kernelSize(3).activation("relu").done();
  x = maxPool(x).window(2).done();
  x = dense(ctx.in("dense_0"), flatten(x, 1), 128, { activation: "relu" });
  return dense(ctx.in("dense_1"), x, 10);
}

const { train } = loadMnist(FASHION_MNIST_DIR);
const trainSet = fromTensors({ images: pixelsToF32(train.images), labels: train.labels });
const trainer = new Trainer({
  ctx: new Context({ seed: 1 }),
  model: cnn,
  loss: (logits, labels) => sparseCategoricalCrossEntropy(logits, labels),
  optimizer: adam({ learningRate: 1e-3 }),
  inputs: ["images"],
  labels: "labels",
  metrics: { accuracy: sparseAccuracy },
});
const batches = trainSet.shuffle(1).batch(batchSize).repeat();
await new Loop(trainer, batches, { progress: false }).runSteps(3); // compile and warm up

let bytesSent = 0;
/** What the kernel does with a shown value: its bundle, serialized for the wire. */
const show = (value: unknown) => {
  const bundle = (value as { [JUPYTER_DISPLAY](): unknown })[JUPYTER_DISPLAY]();
  bytesSent += JSON.stringify(bundle).length;
};

async function plain(): Promise<number> {
  const t0 = performance.now();
  await new Loop(trainer, batches, { progress: false }).everySteps(every, () => {}).runSteps(steps);
  return performance.now() - t0;
}

async function live(): Promise<{ ms: number; curves: TrainingCurves }> {
  const curves = new TrainingCurves({ title: "Fashion-MNIST" });
  const t0 = performance.now();
  await new Loop(trainer, batches, { progress: false }).everySteps(every, curves.live(show)).runSteps(steps);
  return { ms: performance.now() - t0, curves };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const overheads: number[] = [];
const shares: number[] = [];
for (let p = 0; p < pairs; p++) {
  let base: number;
  let run: Awaited<ReturnType<typeof live>>;
  if (p % 2 === 0) {
    base = await plain();
    run = await live();
  } else {
    run = await live();
    base = await plain();
  }
  const { calls, shown, showMs } = run.curves.liveStats;
  const overhead = (run.ms - base) / base;
  overheads.push(overhead);
  shares.push(showMs / run.ms);
  console.log(
    `pair ${p + 1}: plain ${(base / 1000).toFixed(2)} s, live ${(run.ms / 1000).toFixed(2)} s ` +
      `(${(100 * overhead).toFixed(2)}%); ${calls} callbacks, ${shown} redraws of ${(showMs / Math.max(1, shown)).toFixed(0)} ms ` +
      `(${((100 * showMs) / run.ms).toFixed(2)}% of the live run)`,
  );
}
console.log(
  `live curves, ${steps} steps of batch ${batchSize}, a callback every ${every} steps: redraws took ` +
    `${(100 * median(shares)).toFixed(2)}% of the live run (median; largest ${(100 * Math.max(...shares)).toFixed(2)}%); ` +
    `wall time live vs plain ${(100 * median(overheads)).toFixed(2)}% (median) ` +
    `(${(bytesSent / 1e6).toFixed(1)} MB of bundles sent)`,
);
