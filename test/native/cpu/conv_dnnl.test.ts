/**
 * The CPU plugin's f32 convolutions and max-pools (oneDNN and the channels-last pooling
 * kernels) against its f64 path (the reference kernels): a conv net with SAME and strided
 * convs, channel counts around oneDNN's 16-wide blocks and a 2x2 max-pool gives the same
 * loss and gradients (input, both kernels) in both precisions, within f32 rounding.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../../../src/autodiff/index.js";
import type { DType } from "../../../src/core/dtype.js";
import { Tensor } from "../../../src/core/tensor.js";
import type { Node } from "../../../src/graph/node.js";
import * as tm from "../../../src/ops/index.js";
import { exec } from "../../../src/runtime/index.js";

function net(x: Node, k1: Node, k2: Node, k3: Node): Node {
  let h = tm.max(tm.conv(x, k1, { padding: "same" }), 0); // [3,9,9,17]
  h = tm.maxPool(h, { window: 2 }); // [3,4,4,17]
  h = tm.max(tm.conv(h, k2, { padding: "same", strides: 2 }), 0); // [3,2,2,33]
  h = tm.conv(h, k3, {
    padding: [
      [0, 1],
      [1, 0],
    ],
  }); // [3,2,2,16]
  return tm.reduceSum(tm.mul(h, h));
}

const values = (dims: number[], k: number, scale: number) =>
  Array.from(
    { length: dims.reduce((a, d) => a * d, 1) },
    (_, i) => Math.sin(i * 12.9898 + k * 78.233) * scale,
  );

const SHAPES: [number[], number][] = [
  [[3, 9, 9, 5], 1],
  [[3, 3, 5, 17], 0.4],
  [[3, 3, 17, 33], 0.2],
  [[2, 2, 33, 16], 0.2],
];

async function run(dtype: DType): Promise<Float64Array[]> {
  const f = exec((x: Node, k1: Node, k2: Node, k3: Node) => {
    const loss = net(x, k1, k2, k3);
    return [loss, ...grad(loss, [x, k1, k2, k3])];
  });
  const args = SHAPES.map(([dims, scale], k) => Tensor.fromValues(dtype, dims, values(dims, k + 1, scale)));
  const outs = (await f(...args)) as { toTensor(): Promise<Tensor>; dispose(): void }[];
  const res: Float64Array[] = [];
  for (const o of outs) {
    res.push((await o.toTensor()).toFloat64Array());
    o.dispose();
  }
  return res;
}

test("a conv net's f32 loss and gradients (oneDNN convs, fast max-pool) match its f64 ones (reference kernels)", async () => {
  const [f32, f64] = [await run("f32"), await run("f64")];
  const names = ["loss", "d input", "d kernel 1", "d kernel 2", "d kernel 3"];
  for (let i = 0; i < names.length; i++) {
    const a = f32[i]!;
    const b = f64[i]!;
    assert.equal(a.length, b.length, names[i]);
    const scale = Math.max(...b.map(Math.abs));
    let worst = 0;
    for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
    assert.ok(scale > 0, `${names[i]} is not all zero`);
    assert.ok(worst <= 1e-4 * scale, `${names[i]}: max |f32 - f64| = ${worst} of ${scale}`);
  }
});
