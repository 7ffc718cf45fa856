/**
 * The CIFAR-10 CNN (src/models/cifar.ts, normalization "none") in TensorFlow.js on its
 * WebAssembly backend, for bench/cifar.ts: the same layer shapes, NHWC, random weights, at
 * TF.js's best (fused conv2d + bias + relu and fused matMul + bias + relu, XNNPACK inside).
 * Inference only: the wasm backend registers no kernel for a convolution's filter gradient,
 * which `wasmTrainingGap()` checks and reports rather than assumes.
 *
 * `const run = await tfjsInference(64); const imagesPerS = await run(5);`
 */

import * as wasm from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";

/** Sets the wasm backend up once; returns a line saying what runs (version, threads). */
export async function tfjsSetup(): Promise<string> {
  if (tf.getBackend() !== "wasm") {
    if (!(await tf.setBackend("wasm"))) throw new Error("[cifar_tfjs] the TF.js wasm backend did not start");
    await tf.ready();
  }
  // In Node the backend finds no wasm thread support (setThreadsCount needs the threaded
  // binary, which only cross-origin-isolated browsers load), so it runs one thread.
  const mt = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  return (
    `TF.js ${tf.version_core} wasm backend${simd ? " (SIMD)" : ""}, ${wasm.getThreadsCount()} thread(s)` +
    (mt ? "" : " (no wasm threads in Node: setThreadsCount is not available)")
  );
}

/** The kernels training would need that the wasm backend lacks; empty when it has them all. */
export function wasmTrainingGap(): string[] {
  return ["Conv2DBackpropFilter", "Conv2DBackpropInput", "MaxPoolGrad"].filter(
    (k) => tf.getKernel(k, "wasm") === undefined,
  );
}

interface Weights {
  convs: { filter: tf.Tensor4D; bias: tf.Tensor1D }[];
  dense1: { w: tf.Tensor2D; b: tf.Tensor1D };
  dense2: { w: tf.Tensor2D; b: tf.Tensor1D };
}

function weights(): Weights {
  const convs: Weights["convs"] = [];
  let cin = 3;
  for (const cout of [32, 32, 64, 64, 128, 128]) {
    const scale = Math.sqrt(2 / (9 * cin));
    convs.push({
      filter: tf.mul(tf.randomNormal([3, 3, cin, cout], 0, 1, "float32", 1), scale) as tf.Tensor4D,
      bias: tf.zeros([cout]) as tf.Tensor1D,
    });
    cin = cout;
  }
  return {
    convs,
    dense1: {
      w: tf.mul(tf.randomNormal([2048, 128], 0, 1, "float32", 2), Math.sqrt(2 / 2048)) as tf.Tensor2D,
      b: tf.zeros([128]) as tf.Tensor1D,
    },
    dense2: {
      w: tf.mul(tf.randomNormal([128, 10], 0, 1, "float32", 3), Math.sqrt(2 / 128)) as tf.Tensor2D,
      b: tf.zeros([10]) as tf.Tensor1D,
    },
  };
}

/** Logits [batch, 10] for images [batch, 32, 32, 3]; dropout is the identity at inference. */
function model(w: Weights, x: tf.Tensor4D): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < 6; i++) {
    const c = w.convs[i]!;
    h = tf.fused.conv2d({
      x: h,
      filter: c.filter,
      strides: 1,
      pad: "same",
      bias: c.bias,
      activation: "relu",
    });
    if (i % 2 === 1) h = tf.maxPool(h, 2, 2, "valid");
  }
  const flat = tf.reshape(h, [x.shape[0], 2048]) as tf.Tensor2D;
  const d1 = tf.fused.matMul({ a: flat, b: w.dense1.w, bias: w.dense1.b, activation: "relu" });
  return tf.fused.matMul({ a: d1, b: w.dense2.w, bias: w.dense2.b }) as tf.Tensor2D;
}

/**
 * Builds the model for `batch` images and returns a runner: `steps` timed forward passes
 * (after one warm-up), images/s of the median step.
 */
export async function tfjsInference(batch: number): Promise<(steps: number) => Promise<number>> {
  await tfjsSetup();
  const w = weights();
  const images = tf.randomUniform([batch, 32, 32, 3], 0, 1, "float32", 4) as tf.Tensor4D;
  const once = async () => {
    const logits = tf.tidy(() => model(w, images));
    await logits.data();
    logits.dispose();
  };
  await once();
  return async (steps: number) => {
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      await once();
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    return batch / times[Math.floor(times.length / 2)]!;
  };
}
