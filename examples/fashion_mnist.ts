/**
 * Trains a small CNN on Fashion-MNIST (real data from Debian's dataset-fashion-mnist under
 * /usr/share/datasets/fashion-mnist) and reports wall time, images/s and test accuracy.
 *
 * Model (the same as bench/fashion_mnist_torch.py): conv 3×3×32 + relu, conv 3×3×64 + relu,
 * 2×2 max pool, dense 128 + relu, dense 10; Adam 1e-3, batch 64, shuffled each epoch.
 *
 *   node dist/examples/fashion_mnist.js [--epochs 3] [--batch 64] [--seed 1] [--limit N] [--json]
 *
 * `--limit N` trains on the first N images only (a quick check); `--json` prints one JSON
 * line with the figures at the end (for bench/fashion_mnist.ts).
 */
import { parseArgs } from "node:util";
import { Context } from "../src/context/context.js";
import { zeros } from "../src/context/initializers.js";
import { Tensor } from "../src/core/tensor.js";
import { fromTensors, toFloat } from "../src/data/dataset.js";
import { FASHION_MNIST_DIR, loadMnist } from "../src/data/idx.js";
import type { Node } from "../src/graph/node.js";
import { relu } from "../src/ops/activations.js";
import { conv } from "../src/ops/conv.js";
import { reduceMax } from "../src/ops/reduce.js";
import { broadcastInDim, concatenate, reshape, slice } from "../src/ops/shaping.js";
import { maxPool } from "../src/ops/window.js";
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
    conv: { type: "string", default: "patches" },
    pool: { type: "string", default: "reshape" },
  },
});
const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const seed = Number(args.seed);

/** Adds a per-channel bias (last axis). */
function addBias(x: Node, b: Node): Node {
  return x.add(broadcastInDim(b, x.shape.dims, [x.rank - 1]));
}

/**
 * 3×3 convolution (valid padding) with bias, NHWC; weights are HWIO. With `--conv patches`
 * (the default) it is computed as patches × weights: the nine shifted views of the input are
 * concatenated along channels ([B,H-2,W-2,9C]) and multiplied with the weights reshaped to
 * [9C, F] by one dot_general, which the CPU plugin runs on BLAS; `--conv native` uses the
 * convolution op itself (the plugin's convolution kernel is a plain reference loop today).
 */
function conv3x3(ctx: Context, x: Node, filters: number): Node {
  const g = x.graph;
  const [b, h, w, c] = x.shape.dims as [number, number, number, number];
  const kernel = ctx.variable("weights", "f32", [3, 3, c, filters]).read(g);
  const bias = ctx.variable("biases", "f32", [filters], zeros()).read(g);
  if (args.conv === "native") return addBias(conv(x, kernel), bias);
  const views: Node[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) views.push(slice(x, [0, dy, dx, 0], [b, dy + h - 2, dx + w - 2, c]));
  }
  const patches = reshape(concatenate(views, 3), [b * (h - 2) * (w - 2), 9 * c]);
  const y = patches.matmul(reshape(kernel, [9 * c, filters]));
  return addBias(reshape(y, [b, h - 2, w - 2, filters]), bias);
}

/**
 * 2×2 max pooling, stride 2. `--pool reshape` (default): a reshape to [B,H/2,2,W/2,2,C] and a
 * max over the two window axes; `--pool window`: the maxPool op (reduce_window).
 */
function maxPool2(x: Node): Node {
  if (args.pool === "window") return maxPool(x, { window: 2 });
  const [b, h, w, c] = x.shape.dims as [number, number, number, number];
  return reduceMax(reshape(x, [b, h / 2, 2, w / 2, 2, c]), [2, 4]);
}

function dense(ctx: Context, x: Node, units: number): Node {
  const g = x.graph;
  const w = ctx.variable("weights", "f32", [x.shape.dims[1]!, units]).read(g);
  const b = ctx.variable("biases", "f32", [units], zeros()).read(g);
  return addBias(x.matmul(w), b);
}

/** images f32[B,28,28,1] → logits f32[B,10]. */
function cnn(ctx: Context, images: Node): Node {
  let x = relu(conv3x3(ctx.in("conv_0"), images, 32));
  x = relu(conv3x3(ctx.in("conv_1"), x, 64));
  x = maxPool2(x);
  const [b, h, w, c] = x.shape.dims as [number, number, number, number];
  x = reshape(x, [b, h * w * c]);
  x = relu(dense(ctx.in("dense_0"), x, 128));
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
  images: toFloat(pick(train.images, limit)),
  labels: pick(train.labels, limit),
});
const testSet = fromTensors({ images: toFloat(test.images), labels: test.labels });
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
