/**
 * Charts from Vega-Lite specs: the bundle's MIME types, a spec valid against the vega-lite
 * package's schema, SVG drawn by vega, a PNG that Pillow decodes at the expected size, and errors
 * for specs that cannot be drawn.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { Chart, chart, renderPng, renderSvg, svgSize } from "../../src/display/vega.js";
import { checkChartDisplay, decodePng, specErrors } from "./chart_checks.js";

const bars = {
  width: 120,
  height: 80,
  data: {
    values: [
      { a: "x", b: 3 },
      { a: "y", b: 5 },
    ],
  },
  mark: "bar",
  encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
} as const;

test("the schema check accepts a valid spec and rejects a wrong mark and a wrong field type", () => {
  assert.deepEqual(specErrors(bars), []);
  assert.notDeepEqual(specErrors({ ...bars, mark: "pie-chart" }), []);
  assert.notDeepEqual(specErrors({ ...bars, encoding: { x: { field: 3 } } }), []);
});

test("a chart's bundle has the spec, a PNG at twice the SVG's size and the SVG; text says what it is", () => {
  const c = chart(bars as never, "two bars");
  const display = c[JUPYTER_DISPLAY]();
  const png = checkChartDisplay(display);
  const { width, height } = svgSize(display.data["image/svg+xml"]);
  assert.ok(width > 120 && height > 80, `the SVG (${width}×${height}) holds the plot and its axes`);
  assert.deepEqual([png.width, png.height], [width * 2, height * 2]);
  assert.equal(display.data["text/plain"], "two bars");
  assert.equal(String(c), "two bars");
  const first = c.svg();
  assert.equal(c.svg(), first, "rendered once");
});

test("the SVG is vega's drawing of the spec: one rect per bar, the axis labels as text", () => {
  const svg = renderSvg({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", ...bars } as never);
  assert.equal((svg.match(/class="mark-rect role-mark/g) ?? []).length, 1);
  assert.equal((svg.match(/<path aria-label="a: [xy]; b: [35]"/g) ?? []).length, 2);
  assert.match(svg, /<text[^>]*>x<\/text>/);
});

test("renderPng scales the SVG and rejects a silly scale", () => {
  const svg = renderSvg(bars as never);
  const { width, height } = svgSize(svg);
  const one = decodePng(renderPng(svg, { scale: 1 }));
  assert.deepEqual([one.width, one.height], [width, height]);
  assert.throws(() => renderPng(svg, { scale: 0 }), /\[renderPng\] scale must be in \(0, 8\], got 0/);
});

test("a spec that does not compile or draw is an error naming the chart", () => {
  assert.throws(() => new Chart([] as never), /\[chart\] a spec is a Vega-Lite JSON object, got an array/);
  assert.throws(
    () => renderSvg({ ...bars, mark: { type: "no-such-mark" } } as never),
    /\[chart\] the Vega-Lite spec does not compile: /,
  );
  assert.throws(
    () => renderSvg({ ...bars, transform: [{ calculate: "datum.b +* 2", as: "c" }] } as never),
    /\[chart\]/,
  );
});
