/**
 * The smallest tsmlx program: build a graph, compile it for the CPU plugin, run it, print.
 * Run with `make demo`.
 */
import * as tm from "../src/index.js";

// A small two-layer computation: y = tanh(x·W + b), then a softmax-free score per row.
const layer = tm.exec((x: tm.Node, w: tm.Node, b: tm.Node) => {
  const h = tm.tanh(tm.add(tm.matmul(x, w), b)); // b broadcasts over the rows
  return [h, tm.reduceSum(h, [1])];
});

const x = tm.tensor(
  [
    [1, 2, 3],
    [4, 5, 6],
  ],
  "f32",
);
const w = tm.tensor(
  [
    [0.1, -0.2],
    [0.3, 0.1],
    [-0.1, 0.05],
  ],
  "f32",
);
const b = tm.tensor([0.5, -0.5], "f32");

const client = tm.defaultClient();
console.log(`plugin: ${client.platformName} (${client.pluginPath})`);
console.log("StableHLO:");
console.log(await layer.mlir(x, w, b));
const [h, rowSums] = await layer(x, w, b);
console.log("h =", (await h.toTensor()).toString());
console.log("row sums =", (await rowSums.toTensor()).toString());
