/**
 * Training curves: values recorded per metric, training and eval twins in one panel, a live
 * loop callback that shows once and then replaces the same output, and a text summary.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { smoothSeries, TrainingCurves } from "../../src/train/curves.js";
import { Loop } from "../../src/train/loop.js";
import { checkChartDisplay, specErrors } from "../display/chart_checks.js";
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
  assert.deepEqual(
    [...c.panels().entries()],
    [
      ["loss", ["loss", "eval_loss"]],
      ["accuracy", ["accuracy"]],
    ],
  );
  const spec = c.spec() as unknown as { concat: unknown[]; title: string };
  assert.equal(spec.concat.length, 2, "two panels: loss (+eval_loss) and accuracy");
  assert.equal(spec.title, "run");
  assert.equal(c.toString(), "loss 1.5 · accuracy 0.6 · eval_loss 1.7 (step 20)");
  const display = c[JUPYTER_DISPLAY]();
  checkChartDisplay(display);
  assert.equal(display.data["text/plain"], c.toString());
  const svg = c.svg();
  assert.match(svg, />eval_loss<\/text>/, "the legend names the eval series");
  assert.equal((svg.match(/aria-roledescription="legend"/g) ?? []).length, 2);
});

test("the chart's data: train values smoothed (debiased EMA), eval values as they are", () => {
  const c = new TrainingCurves({ smoothing: 0.5 });
  c.record(1, { loss: 4 });
  c.record(2, { loss: 2 });
  c.record(2, { eval_loss: 3 });
  const rows = (c.spec() as unknown as { datasets: { metrics: Record<string, unknown>[] } }).datasets.metrics;
  assert.deepEqual(
    rows.map((r) => [r.metric, r.split, r.step, r.value, r.smoothed]),
    [
      ["loss", "train", 1, 4, 4],
      ["loss", "train", 2, 2, (0.5 * 0.5 * 4 + 0.5 * 2) / 0.75],
      ["eval_loss", "eval", 2, 3, 3],
    ],
  );
  assert.deepEqual(smoothSeries([1, 1, 1], 0.9), [1, 1, 1]);
  assert.throws(
    () => new TrainingCurves({ smoothing: 1 }),
    /\[TrainingCurves\] smoothing must be in \[0, 1\), got 1/,
  );
});

test("the eval point at the last step is drawn whole: the x scale leaves room past the data", () => {
  const c = new TrainingCurves({ smoothing: 0 });
  for (let s = 10; s <= 100; s += 10) c.record(s, { loss: 1 / s });
  c.record(100, { eval_loss: 0.02 });
  const spec = c.spec() as unknown as { concat: { encoding: { x: { scale: { padding: number } } } }[] };
  assert.ok(spec.concat[0]!.encoding.x.scale.padding >= 5);
  // In vega's drawing, the eval point's centre lies inside the plot by more than its radius.
  const svg = c.svg();
  const point = /aria-roledescription="point" transform="translate\(([\d.]+),([\d.]+)\)" d="M([\d.]+),/.exec(
    svg,
  );
  assert.ok(point, "the eval point is drawn");
  const [cx, radius] = [Number(point[1]), Number(point[3])];
  const plotWidth = 320;
  assert.ok(cx + radius < plotWidth + 1, `point at ${cx} with radius ${radius} stays inside ${plotWidth}`);
});

test("a log-scale panel leaves out values <= 0; an empty chart says so", () => {
  const c = new TrainingCurves({ logScale: ["loss"] });
  c.record(1, { loss: 1 });
  c.record(2, { loss: 0 });
  checkChartDisplay(c.display());
  assert.match(c.svg(), /for a log scale/);
  const empty = new TrainingCurves();
  assert.match(empty.svg(), />no data yet<\/text>/);
  assert.equal(String(empty), "TrainingCurves (nothing recorded yet)");
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
  const curves = new TrainingCurves({ maxUpdatesPerSecond: 1e9, maxOverhead: 1e9 });
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
  // Throttling off (any rate, any share of the time): every callback redraws a frame, and the
  // run's end shows the whole chart.
  assert.deepEqual(
    shown.map((s) => s.update),
    [false, true, true, true, true],
  );
  assert.equal(new Set(shown.map((s) => s.displayId)).size, 1);
  assert.ok(
    shown.slice(0, 4).every((s) => s.value !== curves && /^loss [\d.]+ \(step \d\)$/.test(String(s.value))),
  );
  assert.equal(shown[4]!.value, curves);
  const frame = (shown[0]!.value as ReturnType<TrainingCurves["frame"]>)[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(frame.data).sort(), [
    "application/vnd.vegalite.v5+json",
    "image/svg+xml",
    "text/plain",
  ]);
  assert.deepEqual(specErrors(frame.data["application/vnd.vegalite.v5+json"]), []);
  checkChartDisplay(curves[JUPYTER_DISPLAY]());
  assert.notEqual(
    new TrainingCurves().live(() => {}),
    undefined,
  );
});

test("live() redraws at most maxUpdatesPerSecond, and once more at the end of the run", async () => {
  const { trainer } = tinyTrainer();
  // One redraw per minute at most: the first callback shows, the run's end shows the rest.
  const curves = new TrainingCurves({ maxUpdatesPerSecond: 1 / 60 });
  const shown: { text: string; update: boolean }[] = [];
  const show = (value: unknown, o: { update: boolean }) =>
    shown.push({ text: String(value), update: o.update });
  const loop = new Loop(trainer, tinyData().batch(5), { progress: false }).everySteps(1, curves.live(show));
  await loop.runSteps(6);
  assert.equal(curves.points("loss").length, 6, "every callback records");
  assert.deepEqual(
    shown.map((s) => [s.update, /\(step (\d+)\)/.exec(s.text)![1]]),
    [
      [false, "1"],
      [true, "6"],
    ],
  );
  assert.deepEqual({ calls: curves.liveStats.calls, shown: curves.liveStats.shown }, { calls: 6, shown: 2 });
});

test("live() keeps redraws within maxOverhead of the time: a slow display is shown rarely", async () => {
  const { trainer } = tinyTrainer();
  const curves = new TrainingCurves({ maxUpdatesPerSecond: 1000, maxOverhead: 0.1 });
  let shows = 0;
  const slowShow = () => {
    shows++;
    const until = performance.now() + 20;
    while (performance.now() < until) {}
  };
  const t0 = performance.now();
  const loop = new Loop(trainer, tinyData().batch(5).repeat(), { progress: false }).everySteps(
    1,
    curves.live(slowShow),
  );
  await loop.runSteps(60);
  const wall = performance.now() - t0;
  const { showMs } = curves.liveStats;
  // The first redraw, then one per 20 ms / 0.1 = 200 ms of wall time at most, plus the last.
  assert.ok(shows >= 2 && shows <= 2 + wall / 180, `${shows} redraws in ${wall.toFixed(0)} ms`);
  assert.ok(showMs <= 0.1 * wall + 2 * 25, `${showMs.toFixed(0)} ms of ${wall.toFixed(0)} ms drawing`);
});
