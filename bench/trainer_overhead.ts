/**
 * The trainer's own cost per step: time of `trainer.trainStep` (with the loss left on the
 * device and freed) minus the time of the same compiled executable run alone through
 * `Executable.run` with the same kind of buffers and donations, on a tiny model (a dense
 * layer 16→16 plus a bias on a batch of 8, SGD), where the program itself is nearly free.
 * Blocks of steps alternate between the two; medians of per-block means are reported.
 *
 *   node dist/bench/trainer_overhead.js [--steps 2000] [--blocks 7]
 */
import { parseArgs } from "node:util";
import { Context } from "../src/context/context.js";
import { zerosInit } from "../src/context/initializers.js";
import { Tensor } from "../src/core/tensor.js";
import type { Node } from "../src/graph/node.js";
import { reduceSum } from "../src/ops/reduce.js";
import { broadcastInDim } from "../src/ops/shaping.js";
import type { DeviceArray } from "../src/runtime/client.js";
import { Trainer } from "../src/train/trainer.js";

const { values: args } = parseArgs({
  options: { steps: { type: "string", default: "2000" }, blocks: { type: "string", default: "7" } },
});
const steps = Number(args.steps);
const blocks = Number(args.blocks);

const ctx = new Context({ seed: 1 });
const model = (c: Context, x: Node): Node => {
  const w = c.in("dense").variable("weights", "f32", [16, 16]).read(x.graph);
  const b = c.in("dense").variable("biases", "f32", [16], zerosInit()).read(x.graph);
  const y = x.matmul(w);
  return y.add(broadcastInDim(b, y.shape.dims, [1]));
};
const loss = (y: Node, t: Node) => reduceSum(y.sub(t).mul(y.sub(t))).div(y.shape.size);
const trainer = new Trainer({
  ctx,
  model,
  loss,
  optimizer: (_c, grads) => {
    for (const [v, g] of grads) v.write(v.read(g.graph).sub(g.mul(0.01)));
  },
  inputs: ["x"],
  labels: "y",
});
const host = {
  x: Tensor.fromTypedArray(
    "f32",
    [8, 16],
    Float32Array.from({ length: 128 }, (_, i) => Math.sin(i)),
  ),
  y: Tensor.fromTypedArray(
    "f32",
    [8, 16],
    Float32Array.from({ length: 128 }, (_, i) => Math.cos(i)),
  ),
};
const batch = await trainer.upload(host); // on the device once: both sides measure steps, not copies
await (await trainer.trainStep(batch)).dispose();
const compiled = await trainer.compiledTrainStep(batch);

async function trainerBlock(): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) (await trainer.trainStep(batch)).dispose();
  return Number(process.hrtime.bigint() - t0) / 1e3 / steps;
}

async function exeBlock(): Promise<number> {
  // The variables' current arrays, fed and replaced by hand exactly as the step needs.
  let vars: DeviceArray[] = compiled.reads.map((v) => v.value as DeviceArray);
  const nScalars = compiled.scalarNames.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    const outs = await compiled.executable.run([batch.x!, batch.y!, ...vars], {
      donate: compiled.donate,
    });
    for (let k = 0; k < nScalars; k++) outs[k]!.dispose();
    vars = outs.slice(nScalars);
  }
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / steps;
  compiled.writes.forEach((v, k) => {
    v.setValue(vars[k]!);
  });
  return us;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const tr: number[] = [];
const ex: number[] = [];
for (let b = 0; b < blocks; b++) {
  ex.push(await exeBlock());
  tr.push(await trainerBlock());
}
const t = median(tr);
const e = median(ex);
console.log(`tiny model (dense 16→16, batch 8, SGD), ${blocks} blocks of ${steps} steps, medians:`);
console.log(
  `  executable alone: ${e.toFixed(1)} µs/step (blocks ${Math.min(...ex).toFixed(1)}–${Math.max(...ex).toFixed(1)})`,
);
console.log(
  `  trainer step:     ${t.toFixed(1)} µs/step (blocks ${Math.min(...tr).toFixed(1)}–${Math.max(...tr).toFixed(1)})`,
);
console.log(
  `  trainer overhead: ${(t - e).toFixed(1)} µs/step, ratio trainer/executable ${(t / e).toFixed(2)}`,
);
