/**
 * End to end: a two-layer conv net (conv → relu → maxPool → conv → relu → mean pool →
 * dense → softmax cross-entropy) computes its loss and gradients on the plugin in use, and
 * the gradients with respect to every weight and the input agree with finite differences.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../src/autodiff/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { exec } from "../../src/runtime/index.js";
import { checkGradients } from "../../src/testing/index.js";

const relu = (x: Node) => tm.max(x, 0);

/** Mean softmax cross-entropy of logits [B, K] against one-hot labels [B, K], stable form. */
function softmaxCrossEntropy(logits: Node, onehot: Node): Node {
  const m = tm.reduceMax(logits, [1], { keepDims: true });
  const shifted = tm.sub(logits, m);
  const lse = tm.log(tm.reduceSum(tm.exp(shifted), [1], { keepDims: true }));
  const logp = tm.sub(shifted, lse);
  return tm.div(tm.neg(tm.reduceSum(tm.mul(logp, onehot))), logits.shape.dims[0]!);
}

function net(x: Node, k1: Node, k2: Node, w: Node, b: Node, onehot: Node): Node {
  let h = relu(tm.conv(x, k1, { padding: "same" })); // [2,6,6,4]
  h = tm.maxPool(h, { window: 2 }); // [2,3,3,4]
  h = relu(tm.conv(h, k2, { padding: "valid" })); // [2,2,2,5]
  const pooled = tm.div(tm.reduceSum(h, [1, 2]), 4); // mean pool: [2,5]
  const logits = tm.add(tm.matmul(pooled, w), b); // [2,3]
  return softmaxCrossEntropy(logits, onehot);
}

const rand = (dims: number[], k: number, scale = 1) =>
  Tensor.fromValues(
    "f32",
    dims,
    Array.from(
      { length: dims.reduce((a, d) => a * d, 1) },
      (_, i) => Math.sin(i * 12.9898 + k * 78.233) * scale,
    ),
  );

const inputs = () => [
  rand([2, 6, 6, 3], 1),
  rand([3, 3, 3, 4], 2, 0.5),
  rand([2, 2, 4, 5], 3, 0.5),
  rand([5, 3], 4),
  rand([3], 5, 0.1),
  Tensor.fromValues("f32", [2, 3], [1, 0, 0, 0, 0, 1]),
];

test("a two-layer conv net computes a finite loss and gradients of every weight's shape", async () => {
  const f = exec((x: Node, k1: Node, k2: Node, w: Node, b: Node, y: Node) => {
    const loss = net(x, k1, k2, w, b, y);
    return [loss, ...grad(loss, [k1, k2, w, b])];
  });
  const outs = (await f(...inputs())) as { toTensor(): Promise<Tensor>; dispose(): void }[];
  const ts: Tensor[] = [];
  for (const o of outs) {
    ts.push(await o.toTensor());
    o.dispose();
  }
  const loss = ts[0]!.toFloat64Array()[0]!;
  assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
  assert.deepEqual(
    ts.slice(1).map((t) => [...t.shape.dims]),
    [[3, 3, 3, 4], [2, 2, 4, 5], [5, 3], [3]],
  );
  assert.ok(
    ts.slice(1).every((t) => t.toFloat64Array().some((v) => v !== 0)),
    "every gradient is non-zero",
  );
});

test("the conv net's gradients (input, both kernels, dense weights, bias) agree with finite differences", async () => {
  const r = await checkGradients(net, inputs(), { wrt: [0, 1, 2, 3, 4], directions: 4 });
  assert.ok(r.ok, r.message);
});
