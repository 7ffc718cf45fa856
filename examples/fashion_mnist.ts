/**
 * Trains a small CNN on Fashion-MNIST (real data from Debian's dataset-fashion-mnist under
 * /usr/share/datasets/fashion-mnist) and reports wall time, images/s and test accuracy.
 *
 * Model (the same as bench/fashion_mnist_torch.py), built from tm.layers: conv 3×3×32 + relu,
 * conv 3×3×64 + relu (valid padding), 2×2 max pool, dense 128 + relu, dense 10; Adam 1e-3,
 * batch 64, shuffled each epoch.
 *
 *   node dist/examples/fashion_mnist.js [--epochs 3] [--batch 64] [--seed 1] [--limit N] [--json]
 *
 * `--limit N` trains on the first N images only (a quick check); `--json` prints one JSON
 * line with the figures at the end (for bench/fashion_mnist.ts).
 */
import { parseArgs } from "node:util";
import { Context } from "../src/context/context.js";
import { Tensor } from "../src/core/tensor.js";
import { fromTensors, pixelsToF32 } from "../src/data/dataset.js";
import { FASHION_MNIST_DIR, loadMnist } from "../src/data/idx.js";
import type { Node } from "../src/graph/node.js";
import { conv, maxPool } from "../src/layers/conv.js";
import { dense } from "../src/layers/dense.js";
import { flatten } from "../src/ops/arrays.js";
import { Loop } from "../src/train/loop.js";
import { sparseCategoricalCrossEntropy } from "../src/train/losses.js";
import { sparseAccuracy } from "../src/train/metrics.js";
import { adam } from "../src/train/optimizers.js";
import { Trainer } from "../src/train/trainer.js";

const { values: args } = parseArgs({
  options: {
    epochs: { type: "string", default: "3" },
    batch: { type: "string", default: "64" },
    seed: { type: "string", default: "1" },
    limit: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const seed = Number(args.seed);

/** images f32[B,28,28,1] → logits f32[B,10]. */
function cnn(ctx: Context, images: Node): Node {
  let x = conv(ctx.in("conv_0"), images).filters(32).kernelSize(3).activation("relu").done();
  x = conv(ctx.in("conv_1"), x).filters(64).kernelSize(3).activation("relu").done();
  x = maxPool(x).window(2).done();
  x = dense(ctx.in("dense_0"), flatten(x, 1), 128, { activation: "relu" });
  return dense(ctx.in("dense_1"), x, 10);
}

const t0 = performance.now();
const { train, test } = loadMnist(FASHION_MNIST_DIR);
const limit = args.limit ? Number(args.limit) : undefined;
/** The first n rows of t (all of them without n). */
function pick(t: Tensor, n?: number): Tensor {
  if (n === undefined) return t;
  const row = t.size / t.shape.dims[0]!;
  const data = (t.data as Uint8Array).subarray(0, n * row) as unknown as Tensor["data"];
  return Tensor.fromTypedArray(t.dtype, [n, ...t.shape.dims.slice(1)], data);
}
const trainSet = fromTensors({
  images: pixelsToF32(pick(train.images, limit)),
  labels: pick(train.labels, limit),
});
const testSet = fromTensors({ images: pixelsToF32(test.images), labels: test.labels });
const loadSeconds = (performance.now() - t0) / 1000;

const ctx = new Context({ seed });
const trainer = new Trainer({
  ctx,
  model: cnn,
  loss: (logits, labels) => sparseCategoricalCrossEntropy(logits, labels),
  optimizer: adam({ learningRate: 1e-3 }),
  inputs: ["images"],
  labels: "labels",
  metrics: { accuracy: sparseAccuracy },
});
const batches = trainSet.shuffle(seed).batch(batchSize);
const log = (s: string) => {
  if (!args.json) console.log(s);
};
log(
  `Fashion-MNIST: ${trainSet.size} training and ${testSet.size} test images (loaded in ${loadSeconds.toFixed(1)} s); ${epochs} epochs of ${batches.length} batches of ${batchSize}`,
);

// Compile the train step first, so the timed run is steps only (compile time is reported apart).
const tc = performance.now();
const first = batches.iterate(0).next().value!;
await trainer.compiledTrainStep(first);
const compileSeconds = (performance.now() - tc) / 1000;

const epochAccuracy: number[] = [];
const loop = new Loop(trainer, batches, { progress: !args.json });
const tt = performance.now();
let evalSeconds = 0;
for (let e = 0; e < epochs; e++) {
  await loop.runEpochs(1);
  const te = performance.now();
  const { accuracy } = await trainer.evaluate(testSet.batch(1000, { dropRemainder: false }));
  evalSeconds += (performance.now() - te) / 1000;
  epochAccuracy.push(accuracy!);
  log(`epoch ${e + 1}: test accuracy ${(100 * accuracy!).toFixed(2)}%`);
}
const trainSeconds = (performance.now() - tt) / 1000 - evalSeconds;
const images = trainer.step * batchSize;
const figures = {
  framework: "tsmlx",
  epochs,
  batch: batchSize,
  steps: trainer.step,
  trainSeconds,
  imagesPerSecond: images / trainSeconds,
  compileSeconds,
  evalSeconds,
  testAccuracy: epochAccuracy.at(-1),
  epochAccuracy,
};
if (args.json) console.log(JSON.stringify(figures));
else {
  console.log(
    `trained ${trainer.step} steps (${images} images) in ${trainSeconds.toFixed(1)} s: ${figures.imagesPerSecond.toFixed(0)} images/s; ` +
      `compile ${compileSeconds.toFixed(1)} s; test accuracy ${(100 * epochAccuracy.at(-1)!).toFixed(2)}%`,
  );
}
