/**
 * Soak: N train steps of a small dense model (Adam) and N eager ops, with the process's RSS
 * and the addon's live native objects before and after each, after a warm-up and a GC.
 * Memory that grows with N is a leak.
 *
 *   node --expose-gc dist/bench/soak.js [N=10000]
 */
import process from "node:process";
import * as tm from "../src/index.js";
import { loadAddon } from "../src/runtime/addon.js";

const n = Number(process.argv[2] ?? 10_000);
const mb = () => process.memoryUsage().rss / 2 ** 20;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function trainSoak(): Promise<string> {
  const ctx = new tm.Context({ seed: 1 });
  const trainer = new tm.Trainer({
    ctx,
    model: (c, x) =>
      tm.layers
        .dense(c.in("d"), x, 8)
        .relu()
        .matmul(c.variable("out", "f32", [8, 1]).read(x.graph)),
    loss: (pred, y) => tm.mean(tm.mul(tm.sub(pred, y), tm.sub(pred, y))),
    optimizer: tm.adam({ learningRate: 1e-3 }),
    inputs: ["x"],
    labels: "y",
  });
  const batch = { x: tm.Tensor.zeros("f32", [16, 4]), y: tm.Tensor.zeros("f32", [16, 1]) };
  for (let i = 0; i < 100; i++) await (await trainer.trainStep(batch)).dispose();
  await settle();
  const before = mb();
  const liveBefore = loadAddon().liveObjects();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await (await trainer.trainStep(batch)).dispose();
  const seconds = (Date.now() - t0) / 1000;
  await settle();
  const live = loadAddon().liveObjects();
  return `train steps: ${n} in ${seconds.toFixed(1)} s, RSS ${before.toFixed(1)} MiB before, ${mb().toFixed(1)} MiB after; live buffers ${liveBefore.buffers} -> ${live.buffers}, executables ${liveBefore.executables} -> ${live.executables}`;
}

async function eagerSoak(): Promise<string> {
  let x = tm.eager(tm.tensor([1, 2, 3, 4], "f32"));
  for (let i = 0; i < 100; i++) await x.mul(1).add(0);
  await settle();
  const before = mb();
  const liveBefore = loadAddon().liveObjects();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    x = tm.eager(await x.mul(1.0001).add(i % 2 === 0 ? 0 : -0));
  }
  await x;
  const seconds = (Date.now() - t0) / 1000;
  await settle();
  const live = loadAddon().liveObjects();
  return `eager ops: ${2 * n} in ${seconds.toFixed(1)} s, RSS ${before.toFixed(1)} MiB before, ${mb().toFixed(1)} MiB after; live buffers ${liveBefore.buffers} -> ${live.buffers}, executables ${liveBefore.executables} -> ${live.executables}`;
}

console.log(await trainSoak());
console.log(await eagerSoak());
