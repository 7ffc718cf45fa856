/**
 * Training curves: values recorded per metric, training and eval twins in one panel, a live
 * loop callback that shows once and then replaces the same output, and a text summary.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { TrainingCurves } from "../../src/train/curves.js";
import { Loop } from "../../src/train/loop.js";
import { tinyData, tinyTrainer } from "./tiny_model.js";

test("record keeps (step, value) per metric; eval_ twins share a panel", () => {
  const c = new TrainingCurves({ title: "run" });
  c.record(10, { loss: 2, accuracy: 0.5 });
  c.record(20, { loss: 1.5, accuracy: 0.6, eval_loss: 1.7 });
  assert.deepEqual(c.names, ["loss", "accuracy", "eval_loss"]);
  assert.deepEqual(c.points("loss"), [
    [10, 2],
    [20, 1.5],
  ]);
  assert.deepEqual(c.points("missing"), []);
  const svg = c.svg();
  assert.equal((svg.match(/<svg x=/g) ?? []).length, 2, "two panels: loss (+eval_loss) and accuracy");
  assert.match(svg, /eval_loss/);
  assert.equal(c.toString(), "loss 1.5 · accuracy 0.6 · eval_loss 1.7 (step 20)");
  const bundle = c[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], c.toString());
  assert.ok(bundle["image/svg+xml"]!.startsWith("<svg"));
});

test("a non-number metric or step is an error naming it", () => {
  const c = new TrainingCurves();
  assert.throws(
    () => c.record(1, { loss: "low" as unknown as number }),
    /\[TrainingCurves\] metric loss at step 1 is string, not a number/,
  );
  assert.throws(
    () => c.record(Number.NaN, { loss: 1 }),
    /\[TrainingCurves\] step must be a finite number, got NaN/,
  );
  assert.throws(
    () => c.live(undefined as never),
    /\[TrainingCurves\] live needs a display function, got undefined/,
  );
});

test("live() records the loop's metrics every n steps and replaces one output", async () => {
  const { trainer } = tinyTrainer();
  const curves = new TrainingCurves();
  const shown: { value: unknown; displayId: string; update: boolean }[] = [];
  const loop = new Loop(trainer, tinyData().batch(5), { progress: false }).everySteps(
    2,
    curves.live((value, o) => shown.push({ value, ...o })),
  );
  await loop.runSteps(8);
  assert.deepEqual(
    curves.points("loss").map(([s]) => s),
    [2, 4, 6, 8],
  );
  assert.ok(curves.points("loss").every(([, v]) => Number.isFinite(v)));
  assert.ok(curves.points("loss").at(-1)![1] < curves.points("loss")[0]![1], "the loss goes down");
  assert.deepEqual(
    shown.map((s) => s.update),
    [false, true, true, true],
  );
  assert.equal(new Set(shown.map((s) => s.displayId)).size, 1);
  assert.ok(shown.every((s) => s.value === curves));
  assert.notEqual(
    new TrainingCurves().live(() => {}),
    undefined,
  );
});
