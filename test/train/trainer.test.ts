import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Checkpoints } from "../../src/checkpoint/checkpoint.js";
import { Context } from "../../src/context/context.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { reduceSum } from "../../src/ops/reduce.js";
import { loadAddon } from "../../src/runtime/addon.js";
import { DeviceArray } from "../../src/runtime/client.js";
import { Loop } from "../../src/train/loop.js";
import { adam, GLOBAL_STEP_PATH } from "../../src/train/optimizers.js";
import { Trainer } from "../../src/train/trainer.js";
import { linear, mse, tinyData, tinyTrainer } from "./tiny_model.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), "tsmlx-trainer-"));
after(() => rmSync(root, { recursive: true, force: true }));

const batches = () => tinyData().shuffle(3).batch(4);
const hostValues = async (ctx: ReturnType<typeof tinyTrainer>["ctx"]) =>
  Object.fromEntries(
    await Promise.all(ctx.variables().map(async (v) => [v.path, [...(await v.toTensor()).values()]])),
  );

describe("trainer", () => {
  test("the loss decreases on a tiny regression problem", async () => {
    const { trainer } = tinyTrainer();
    const losses: number[] = [];
    for (const b of batches().repeat(6)) losses.push((await (await trainer.trainStep(b)).read()).loss!);
    assert.equal(trainer.step, 30);
    assert.ok(losses.at(-1)! < losses[0]! / 20, `first ${losses[0]}, last ${losses.at(-1)}`);
  });

  test("the optimizers of optimizers.ts plug in: Adam trains and keeps its state and step counter in the context", async () => {
    const ctx = new Context({ seed: 2 });
    const trainer = new Trainer({
      ctx,
      model: linear,
      loss: mse,
      optimizer: adam({ learningRate: 0.05 }),
      inputs: ["x"],
      labels: "y",
    });
    const losses: number[] = [];
    for (const b of batches().repeat(8)) losses.push((await (await trainer.trainStep(b)).read()).loss!);
    assert.ok(losses.at(-1)! < losses[0]! / 10, `first ${losses[0]}, last ${losses.at(-1)}`);
    assert.equal((await ctx.variableAt(GLOBAL_STEP_PATH)!.toTensor()).get(), 40);
    assert.ok(ctx.variables().some((v) => v.path.startsWith("/optimizer/adam/")));
  });

  test("variables stay on the device, their arrays are donated, and live buffers stay flat over 100 steps", async () => {
    const { ctx, trainer } = tinyTrainer();
    const data = [...batches()];
    const step = async (i: number) => (await trainer.trainStep(data[i % data.length]!)).dispose();
    await step(0);
    const compiled = await trainer.compiledTrainStep(data[0]!);
    // w, b and both velocities are read and written: all four are donated.
    assert.equal(compiled.donate.length, 4);
    assert.equal(compiled.writes.length, 4);
    const before = ctx.variables().map((v) => v.value);
    assert.ok(before.every((v) => v instanceof DeviceArray));
    await step(1);
    assert.ok(
      before.every((v) => (v as DeviceArray).disposed),
      "the previous arrays were given to the step",
    );
    const live0 = loadAddon().liveObjects().buffers;
    for (let i = 2; i < 102; i++) await step(i);
    assert.equal(loadAddon().liveObjects().buffers, live0);
  });

  test("an eval step changes no variable and gives the same loss as a train step would see", async () => {
    const { ctx, trainer } = tinyTrainer();
    const [b0, b1] = [...batches()];
    await (await trainer.trainStep(b0!)).dispose();
    const before = await hostValues(ctx);
    const e1 = await (await trainer.evalStep(b1!)).read();
    const e2 = await (await trainer.evalStep(b1!)).read();
    assert.deepEqual(await hostValues(ctx), before);
    assert.equal(e1.loss, e2.loss);
    const t = await (await trainer.trainStep(b1!)).read();
    assert.equal(t.loss, e1.loss, "the train step's loss is computed before its update");
    assert.notDeepEqual(await hostValues(ctx), before);
    const whole = await trainer.evaluate(tinyData().batch(5));
    assert.ok(Number.isFinite(whole.loss));
  });

  test("a loop runs steps and epochs, calls back every N steps, N times and at the end", async () => {
    const { trainer } = tinyTrainer();
    const every: number[] = [];
    const times: number[] = [];
    let end: number | undefined;
    const loop = new Loop(trainer, batches(), { progress: false })
      .everySteps(4, (e) => {
        every.push(e.step);
        assert.ok(Number.isFinite(e.metrics.loss));
      })
      .nTimes(2, (e) => {
        times.push(e.step);
      })
      .atEnd((e) => {
        end = e.step;
      });
    await loop.runEpochs(2);
    assert.equal(trainer.step, 10);
    assert.deepEqual(every, [4, 8]);
    assert.deepEqual(times, [5, 10]);
    assert.equal(end, 10);
    await loop.runSteps(3);
    assert.equal(trainer.step, 13);
    assert.deepEqual(every, [4, 8, 12]);
  });

  test("save, kill, resume continues with the same losses as an uninterrupted run", async () => {
    const total = 12;
    const killAt = 7;
    // Uninterrupted run: every step's loss.
    const { trainer } = tinyTrainer();
    const reference: number[] = [];
    await new Loop(trainer, batches(), { progress: false })
      .everySteps(1, (e) => {
        reference.push(e.metrics.loss!);
      })
      .runSteps(total);
    // A child trains the same model, saves at step killAt and is killed right after.
    const dir = join(root, "resume");
    const child = spawnSync(process.execPath, [join(here, "resume_child.js"), dir, String(killAt)], {
      encoding: "utf8",
    });
    assert.equal(child.signal, "SIGKILL", child.stderr);
    const childLosses = JSON.parse(readFileSync(join(dir, "losses.json"), "utf8")) as number[];
    assert.deepEqual(childLosses, reference.slice(0, killAt));
    // Resume in a fresh context from the latest checkpoint.
    const resumed = tinyTrainer();
    assert.equal(await resumed.trainer.restore(new Checkpoints(dir)), killAt);
    const rest: number[] = [];
    await new Loop(resumed.trainer, batches(), { progress: false })
      .everySteps(1, (e) => {
        rest.push(e.metrics.loss!);
      })
      .runSteps(total - killAt);
    assert.deepEqual(rest, reference.slice(killAt));
  });

  test("when the newest checkpoint is corrupt, restore falls back to the newest valid one and warns naming it", async () => {
    const dir = join(root, "fallback");
    const ck = new Checkpoints(dir);
    const { trainer } = tinyTrainer();
    const data = [...batches()];
    const saved: Record<number, Record<string, number[]>> = {};
    for (const b of data.slice(0, 3)) {
      await (await trainer.trainStep(b)).dispose();
      await trainer.save(ck);
      saved[trainer.step] = await hostValues(trainer.ctx);
    }
    const f = join(dir, "ckpt-00000003.safetensors");
    const bytes = readFileSync(f);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(f, bytes);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(String(m));
    let restored: number | undefined;
    try {
      restored = await tinyTrainer().trainer.restore(ck);
      const fresh = tinyTrainer();
      assert.equal(await fresh.trainer.restore(ck), 2);
      assert.deepEqual(await hostValues(fresh.ctx), saved[2]);
    } finally {
      console.warn = warn;
    }
    assert.equal(restored, 2);
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0]!,
      /\[Checkpoints\] step 3 .* is unusable \(.*SHA-256.*\(corrupted\)\); using step 2 instead/,
    );
    // Asked for by step, a corrupt checkpoint is an error, not a fallback.
    await assert.rejects(trainer.restore(ck, { step: 3 }), /corrupted/);
  });

  test("a truncated or mismatched checkpoint is a clear error and leaves the context unchanged", async () => {
    const dir = join(root, "bad");
    const ck = new Checkpoints(dir);
    const { trainer } = tinyTrainer();
    const data = [...batches()];
    await (await trainer.trainStep(data[0]!)).dispose();
    await trainer.save(ck);
    // Another model state, then a damaged checkpoint: restoring must fail and change nothing.
    await (await trainer.trainStep(data[1]!)).dispose();
    const before = await hostValues(trainer.ctx);
    const f = join(dir, "ckpt-00000001.safetensors");
    truncateSync(f, readFileSync(f).length - 8);
    await assert.rejects(
      trainer.restore(ck),
      /ckpt-00000001\.safetensors holds \d+ bytes, its sidecar says \d+/,
    );
    assert.deepEqual(await hostValues(trainer.ctx), before);
    assert.equal(trainer.step, 2);
    // A checkpoint whose variable has another shape.
    const state = await trainer.state();
    const w = state.tensors["/linear/w"] as Tensor;
    const short = new Tensor("f32", [2, 1], (w.data as Float32Array).slice(0, 2));
    const bad = { ...state, tensors: { ...state.tensors, "/linear/w": short } };
    assert.throws(
      () => trainer.apply(bad),
      /"\/linear\/w" is f32\[2,1\] in the checkpoint, f32\[4,1\] in the context/,
    );
    assert.deepEqual(await hostValues(trainer.ctx), before);
  });
});

/** `linear` scaled by the hyperparameter `scale` (default 1), read while the step is traced. */
function scaledLinear(ctx: Context, x: Node): Node {
  return linear(ctx, x).mul(ctx.getParam("scale", 1));
}

/** The mean square of the model's output: 100 times larger at scale 10 than at scale 1. */
function meanSquare(pred: Node, _labels: Node): Node {
  return reduceSum(pred.mul(pred)).div(pred.shape.size);
}

/** A trainer whose update writes every weight back unchanged (learning rate 0). */
function frozenTrainer(scale?: number): Trainer {
  const ctx = new Context({ seed: 5 });
  if (scale !== undefined) ctx.setParam("scale", scale);
  return new Trainer({
    ctx,
    model: scaledLinear,
    loss: meanSquare,
    optimizer: (_c, grads) => {
      for (const [v, g] of grads) v.write(v.read(g.graph).sub(g.mul(0)));
    },
    inputs: ["x"],
    labels: "y",
  });
}

/** |actual − expected| ≤ rel·|expected|, with the numbers in the message. */
function assertRelClose(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (relative tolerance ${rel})`,
  );
}

describe("trainer hyperparameters", () => {
  // Losses pass through BLAS: a relative tolerance of 1e-5 for ×100, 1e-6 against a fresh trainer.
  const batch = () => [...batches()][0]!;

  test("setParam after the first train step is used by the next train and eval steps", async () => {
    const trainer = frozenTrainer();
    const at1 = (await (await trainer.trainStep(batch())).read()).loss!;
    trainer.ctx.setParam("scale", 10);
    const at10 = (await (await trainer.trainStep(batch())).read()).loss!;
    const eval10 = (await (await trainer.evalStep(batch())).read()).loss!;
    const fresh = (await (await frozenTrainer(10).trainStep(batch())).read()).loss!;
    assertRelClose(at10, 100 * at1, 1e-5, "loss at scale 10 against 100 × loss at scale 1");
    assertRelClose(at10, fresh, 1e-6, "loss at scale 10 against a fresh trainer made at scale 10");
    assertRelClose(eval10, fresh, 1e-6, "eval loss at scale 10 against a fresh trainer");
    trainer.ctx.setParam("scale", 1);
    const back = (await (await trainer.trainStep(batch())).read()).loss!;
    assertRelClose(back, at1, 1e-6, "loss back at scale 1");
  });

  test("restoring a checkpoint with other hyperparameters after the first step uses them", async () => {
    const ck = new Checkpoints(join(root, "hyperparameters"));
    const trainer = frozenTrainer();
    const at1 = (await (await trainer.trainStep(batch())).read()).loss!;
    trainer.ctx.setParam("scale", 10);
    await trainer.save(ck);
    trainer.ctx.setParam("scale", 1);
    const again1 = (await (await trainer.trainStep(batch())).read()).loss!;
    assertRelClose(again1, at1, 1e-6, "loss at scale 1 before the restore");
    await trainer.restore(ck);
    assert.equal(trainer.ctx.getParam("scale", 0), 10);
    const restored = (await (await trainer.trainStep(batch())).read()).loss!;
    const fresh = (await (await frozenTrainer(10).trainStep(batch())).read()).loss!;
    assertRelClose(restored, fresh, 1e-6, "loss after restoring scale 10 against a fresh trainer");
    assertRelClose(restored, 100 * at1, 1e-5, "loss after restoring scale 10 against 100 × loss at scale 1");
  });
});
