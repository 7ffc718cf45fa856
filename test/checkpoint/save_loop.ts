/**
 * Child process of hostile.test.ts: saves checkpoints of growing steps into argv[2] for ever
 * (keeping 3), starting after the newest one there, until it is killed. Prints "ready" first.
 */
import { Checkpoints } from "../../src/checkpoint/index.js";
import { Tensor } from "../../src/core/tensor.js";

// Run without a directory (as the test runner does with every file under test/), it does nothing.
const dir = process.argv[2];
if (dir) {
  const ck = new Checkpoints(dir, { keep: 3 });
  let step = (ck.latestStep() ?? 0) + 1;
  const weights = new Float32Array(256 * 1024);
  process.stdout.write("ready\n");
  for (;;) {
    weights.fill(step);
    ck.save({ step, tensors: { "dense/w": new Tensor("f32", [256, 1024], weights) } });
    step++;
  }
}
