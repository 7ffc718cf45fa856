/**
 * Child process of trainer.test.ts: trains the tiny model, checkpoints into argv[2] at step
 * argv[3], writes the losses seen so far, and is killed (SIGKILL) right after saving.
 * Run without arguments (as the test runner does with every file under test/), it does nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Checkpoints } from "../../src/checkpoint/checkpoint.js";
import { Loop } from "../../src/train/loop.js";
import { tinyData, tinyTrainer } from "./tiny_model.js";

const [dir, at] = process.argv.slice(2);
if (dir && at) {
  const killAt = Number(at);
  const { trainer } = tinyTrainer();
  const losses: number[] = [];
  const ck = new Checkpoints(dir, { keep: 2 });
  await new Loop(trainer, tinyData().shuffle(3).batch(4), { progress: false })
    .everySteps(1, async (e) => {
      losses.push(e.metrics.loss!);
      if (e.step === killAt) {
        await trainer.save(ck);
        writeFileSync(join(dir, "losses.json"), JSON.stringify(losses));
        process.kill(process.pid, "SIGKILL");
      }
    })
    .runSteps(killAt + 5);
}
