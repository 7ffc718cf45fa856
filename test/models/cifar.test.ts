import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext, traceWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import { c10ConvModel } from "../../src/models/cifar.js";

/** The shapes of the conv, pooling and dense outputs, in order. */
function traceShapes(ctx: Context, batch: number): string[] {
  const t = traceWithContext(ctx, (c, x) => c10ConvModel(c, x), [{ dtype: "f32", dims: [batch, 32, 32, 3] }]);
  const seen: string[] = [];
  for (const n of t.graph.reachable(t.outputs)) {
    if (n.op === "convolution" || n.op === "reduce_window" || n.op === "dot_general")
      seen.push(`${n.op} ${n.typeString}`);
  }
  return seen;
}

test("C10ConvModel: every intermediate shape as in the seed model", () => {
  const ctx = new Context();
  assert.deepEqual(traceShapes(ctx, 4), [
    "convolution f32[4,32,32,32]",
    "convolution f32[4,32,32,32]",
    "reduce_window f32[4,16,16,32]",
    "convolution f32[4,16,16,64]",
    "convolution f32[4,16,16,64]",
    "reduce_window f32[4,8,8,64]",
    "convolution f32[4,8,8,128]",
    "convolution f32[4,8,8,128]",
    "reduce_window f32[4,4,4,128]",
    "dot_general f32[4,128]",
    "dot_general f32[4,10]",
  ]);
  assert.deepEqual(
    ctx.trainableVariables().map((v) => `${v.path} ${v.typeString}`),
    [
      "/000_conv/weights f32[3,3,3,32]",
      "/000_conv/biases f32[32]",
      "/002_conv/weights f32[3,3,32,32]",
      "/002_conv/biases f32[32]",
      "/005_conv/weights f32[3,3,32,64]",
      "/005_conv/biases f32[64]",
      "/007_conv/weights f32[3,3,64,64]",
      "/007_conv/biases f32[64]",
      "/010_conv/weights f32[3,3,64,128]",
      "/010_conv/biases f32[128]",
      "/012_conv/weights f32[3,3,128,128]",
      "/012_conv/biases f32[128]",
      "/015_dense/weights f32[2048,128]",
      "/015_dense/biases f32[128]",
      "/018_dense/weights f32[128,10]",
      "/018_dense/biases f32[10]",
    ],
  );
});

test("C10ConvModel with batch norm runs in training and inference mode and gives finite logits", async () => {
  const ctx = new Context({ seed: 3 });
  ctx.setParam("cnn_normalization", "batch");
  const images = new Tensor(
    "f32",
    [2, 32, 32, 3],
    Float32Array.from({ length: 2 * 32 * 32 * 3 }, (_, i) => (i % 97) / 97),
  );
  const train = execWithContext(ctx, (c, x: Node) => c10ConvModel(c, x), { training: true });
  const logits = await (await train(images)).toTensor();
  assert.deepEqual(logits.shape.dims, [2, 10]);
  assert.ok(logits.toFloat64Array().every(Number.isFinite));
  assert.ok(ctx.variableAt("/001_norm/mean")!.onDevice, "batch-norm running mean was updated on the device");
  const infer = execWithContext(ctx, (c, x: Node) => c10ConvModel(c, x));
  const out = await (await infer(images)).toTensor();
  assert.ok(out.toFloat64Array().every(Number.isFinite));
  const g = new Graph();
  assert.throws(
    () => c10ConvModel(ctx, g.parameter("x", "f32", [2, 28, 28, 1])),
    /\[c10ConvModel\] images must be \[batch,32,32,3\], got f32\[2,28,28,1\]/,
  );
});
