/**
 * Line charts: round ticks, one polyline per unbroken run of finite points, escaped names,
 * a log axis that leaves out non-positive values, and well-formed XML (checked by Python's
 * XML parser).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { lineChartSvg, niceTicks, tickLabel } from "../../src/display/chart.js";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test("niceTicks steps by 1, 2 or 5 times a power of ten and covers the range", () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 1000, 4), [0, 500, 1000]);
  assert.deepEqual(niceTicks(3, 97, 5), [20, 40, 60, 80]);
  assert.deepEqual(niceTicks(-0.3, 0.3, 6), [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(2, 2), [2]);
  assert.deepEqual(niceTicks(Number.NaN, 1), []);
});

test("tick labels are short", () => {
  assert.equal(tickLabel(0), "0");
  assert.equal(tickLabel(1200), "1200");
  assert.equal(tickLabel(0.25), "0.25");
  assert.equal(tickLabel(0.0001), "1e-4");
  assert.equal(tickLabel(3_500_000), "3.5e+6");
});

test("a NaN in a series splits its line; a lone point is a dot; names are escaped", () => {
  const svg = lineChartSvg(
    [
      {
        name: "loss <train>",
        points: [
          [1, 3],
          [2, 2],
          [3, Number.NaN],
          [4, 1.5],
          [5, 1.2],
        ],
      },
      { name: "eval & test", points: [[5, 1.4]] },
    ],
    { title: 'run "a"', xLabel: "step", yLabel: "value" },
  );
  assert.equal(count(svg, /<polyline /g), 2);
  assert.equal(count(svg, /<circle /g), 1);
  assert.match(svg, /loss &lt;train&gt;/);
  assert.match(svg, /eval &amp; test/);
  assert.match(svg, /run &quot;a&quot;/);
  assert.doesNotMatch(svg, /NaN/);
});

test("an empty chart says so; a log axis drops values <= 0", () => {
  assert.match(lineChartSvg([{ name: "loss", points: [] }]), /no data yet/);
  const svg = lineChartSvg(
    [
      {
        name: "loss",
        points: [
          [1, 10],
          [2, 0],
          [3, 1],
          [4, 0.1],
        ],
      },
    ],
    { logY: true },
  );
  assert.equal(count(svg, /<polyline /g), 1, "the zero breaks the line into a dot and a line");
  assert.equal(count(svg, /<circle /g), 1);
  assert.match(svg, />10</);
  assert.match(svg, />0\.1</);
});

test("the SVG is well-formed XML", () => {
  const svg = lineChartSvg(
    [
      { name: "a<b", points: Array.from({ length: 50 }, (_, i) => [i, Math.sin(i / 5)] as [number, number]) },
      {
        name: "c&d",
        points: [
          [0, 1],
          [49, -1],
        ],
      },
    ],
    { title: "t", xLabel: "x", yLabel: "y" },
  );
  const py = spawnSync(
    "/usr/bin/python3",
    ["-c", "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); print(r.tag)"],
    { input: svg, encoding: "utf8" },
  );
  assert.equal(py.status, 0, py.stderr);
  assert.equal(py.stdout.trim(), "{http://www.w3.org/2000/svg}svg");
});
