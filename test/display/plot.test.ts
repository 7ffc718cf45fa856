/**
 * The plot helpers: each gives a valid Vega-Lite chart whose PNG decodes, holds the data it was
 * given (counted in the spec and in vega's SVG), and names mismatched inputs in its errors.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Tensor } from "../../src/core/tensor.js";
import {
  binEdges,
  confusionMatrix,
  plotConfusion,
  plotHistogram,
  plotLine,
  plotScatter,
} from "../../src/display/plot.js";
import { checkChartDisplay } from "./chart_checks.js";

type Row = Record<string, unknown>;
const rows = (c: { spec: unknown }) => (c.spec as { data: { values: Row[] } }).data.values;
const marks = (svg: string, role: string) =>
  (svg.match(new RegExp(`aria-roledescription="${role}"`, "g")) ?? []).length;

test("plotLine of one series plots y against its index; several series share x and a legend", () => {
  const one = plotLine([3, 1, 2]);
  checkChartDisplay(one.bundle());
  assert.deepEqual(
    rows(one).map((r) => [r.x, r.y]),
    [
      [0, 3],
      [1, 1],
      [2, 2],
    ],
  );
  const two = plotLine(
    [10, 20, 30],
    { train: [1, 0.5, 0.25], eval: new Float32Array([1.2, 0.7, 0.4]) },
    { title: "loss", logY: true },
  );
  const png = checkChartDisplay(two.bundle());
  assert.ok(png.width > 400, "plot area plus axes and legend");
  assert.equal(rows(two).length, 6);
  assert.deepEqual([...new Set(rows(two).map((r) => r.series))], ["train", "eval"]);
  const svg = two.svg();
  assert.match(svg, /aria-roledescription="legend"/);
  assert.match(svg, /for a log scale/);
  assert.equal(String(two), 'line plot "loss": train (3), eval (3)');
});

test("plotLine leaves non-finite values out as nulls and takes a tensor", () => {
  const c = plotLine(Tensor.fromValues("f32", [4], [1, Number.NaN, Number.POSITIVE_INFINITY, 4]));
  assert.deepEqual(
    rows(c).map((r) => r.y),
    [1, null, null, 4],
  );
  checkChartDisplay(c.bundle());
});

test("plotLine and plotScatter name mismatched lengths", () => {
  assert.throws(() => plotLine([1, 2, 3], { loss: [1, 2] }), /\[plotLine\] x has 3 values but loss has 2/);
  assert.throws(() => plotScatter([1, 2], [1]), /\[plotScatter\] x has 2 values but y has 1/);
  assert.throws(
    () => plotScatter([1], [1], { groups: ["a", "b"] }),
    /\[plotScatter\] x has 1 values but groups has 2/,
  );
  assert.throws(() => plotLine("abc" as never), /\[plotLine\] y must be numbers/);
});

test("plotScatter draws one symbol per point, coloured by group", () => {
  const xs = Array.from({ length: 30 }, (_, i) => Math.cos(i));
  const ys = Array.from({ length: 30 }, (_, i) => Math.sin(i));
  const c = plotScatter(xs, ys, { groups: xs.map((_, i) => (i % 3 === 0 ? "a" : "b")) });
  checkChartDisplay(c.bundle());
  assert.equal(marks(c.svg(), "point"), 30);
  assert.deepEqual(new Set(rows(c).map((r) => r.group)), new Set(["a", "b"]));
});

test("binEdges are round numbers covering the range", () => {
  assert.deepEqual(binEdges(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(binEdges(3, 3, 10), [2.5, 3.5]);
  const e = binEdges(-0.37, 2.1, 10);
  assert.ok(e[0]! <= -0.37 && e.at(-1)! > 2.1);
});

test("plotHistogram counts every finite value once and names the NaN and Inf it left out", () => {
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
  const c = plotHistogram(values, { bins: 12 });
  checkChartDisplay(c.bundle());
  const bins = rows(c) as { start: number; end: number; count: number }[];
  assert.equal(
    bins.reduce((a, b) => a + b.count, 0),
    1000,
  );
  for (const b of bins) {
    assert.equal(b.count, values.filter((v) => v >= b.start && (v < b.end || b === bins.at(-1))).length);
  }
  assert.equal(marks(c.svg(), "bar"), bins.length);
  const t = Tensor.fromValues("f32", [2, 3], [1, 2, 2, Number.NaN, Number.NEGATIVE_INFINITY, 3]);
  const h = plotHistogram(t);
  assert.equal((h.spec as { title: string }).title, "f32[2,3] (1 NaN, 1 ±Inf left out)");
  assert.equal(
    rows(h).reduce((a, b) => a + (b.count as number), 0),
    4,
  );
  assert.throws(
    () => plotHistogram([1], { bins: 0 }),
    /\[plotHistogram\] bins must be a positive integer, got 0/,
  );
});

test("confusionMatrix counts (true, predicted) pairs and rejects a class out of range", () => {
  const m = confusionMatrix([0, 0, 1, 2, 2, 2], Tensor.fromValues("i32", [6], [0, 1, 1, 2, 0, 2]), 3);
  assert.deepEqual(m, [
    [1, 1, 0],
    [0, 1, 0],
    [1, 0, 2],
  ]);
  assert.throws(
    () => confusionMatrix([0, 3], [0, 0], 3),
    /\[confusionMatrix\] labels\[1\] is 3, not a class in 0..2/,
  );
  assert.throws(() => confusionMatrix([0], [0, 1], 3), /labels has 1 values but predicted has 2/);
});

test("plotConfusion draws a cell per pair with its count written in it", () => {
  const m = [
    [5, 1, 0],
    [2, 7, 1],
    [0, 0, 9],
  ];
  const c = plotConfusion(m, ["cat", "dog", "frog"], { title: "test set" });
  checkChartDisplay(c.bundle());
  const svg = c.svg();
  assert.equal((svg.match(/aria-roledescription="rect mark"/g) ?? []).length, 9);
  for (const n of [5, 7, 9, 2]) assert.match(svg, new RegExp(`>${n}</text>`));
  const dogAsCat = rows(c).find((r) => r.true === "dog" && r.predicted === "cat")!;
  assert.deepEqual([dogAsCat.count, dogAsCat.share], [2, 0.2]);
  assert.equal(String(c), "confusion matrix of 3 classes, 25 examples (accuracy 84.0%)");
  assert.throws(
    () => plotConfusion([[1, 2]], ["a"]),
    /\[plotConfusion\] a confusion matrix is square: 1 rows but row 0 has 2 values/,
  );
  assert.throws(() => plotConfusion(m, ["a", "b"]), /the matrix has 3 classes but 2 names were given/);
});
