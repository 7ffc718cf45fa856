/**
 * Graph views: one box per op with its output type, edges for operands, constants folded into
 * their users, layer scopes framed (or folded into one box each), well-formed SVG (parsed by
 * Python's XML parser and drawn by resvg), and theme variables in the inline HTML.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { summary } from "../../src/context/summary.js";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { renderPng } from "../../src/display/vega.js";
import { Graph } from "../../src/graph/graph.js";
import { graphView } from "../../src/graph/view.js";
import { dense } from "../../src/layers/dense.js";
import { c10ConvModel } from "../../src/models/cifar.js";
import { relu } from "../../src/ops/activations.js";
import { matmul } from "../../src/ops/index.js";
import { decodePng } from "../display/chart_checks.js";

const boxes = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
const wellFormed = (svg: string) =>
  execFileSync(
    "/usr/bin/python3",
    ["-c", "import sys, xml.dom.minidom as m; m.parseString(sys.stdin.read()); print('ok')"],
    {
      input: svg,
      encoding: "utf8",
    },
  ).trim();

test("a function's graph: a box per op with its type, constants folded into their users", () => {
  const v = graphView(
    (a, b) => matmul(a, b).add(1),
    [
      ["f32", [2, 3]],
      ["f32", [3, 4]],
    ],
  );
  const svg = v.svg();
  assert.deepEqual(boxes(svg), [
    "x0 : f32[2,3]",
    "x1 : f32[3,4]",
    "dot_general : f32[2,4]",
    "add : f32[2,4]",
  ]);
  assert.equal((svg.match(/<path d="M[^"]* C/g) ?? []).length, 3, "three edges: x0, x1 → dot; dot → add");
  assert.equal(wellFormed(svg), "ok");
  assert.equal(String(v), "graph view: 4 ops, 0 scopes");
});

test("nodes of layers carry their scope; unfolded, each scope is framed under its name", () => {
  const g = new Graph("m");
  const ctx = new Context();
  const x = g.parameter("x", "f32", [2, 3]);
  const y = dense(ctx.in("out"), relu(dense(ctx.in("hidden"), x, 4)), 2);
  assert.equal(y.scope, "/out");
  assert.equal(x.scope, "/");
  const v = graphView(y, { fold: false });
  const svg = v.svg();
  assert.match(svg, />hidden<\/text>/);
  assert.match(svg, />out<\/text>/);
  assert.ok(boxes(svg).includes("var:/hidden/weights : f32[3,4]"));
  assert.equal(v.folded, false);
});

test("the CIFAR model folds into one box per layer, each naming its output type and op count", () => {
  const ctx = new Context({ seed: 1 });
  const s = summary(ctx, c10ConvModel, ["f32", [8, 32, 32, 3]]);
  const all = s.graph({ fold: false });
  const folded = s.graph({ fold: true });
  assert.ok(all.boxes > 50);
  assert.equal(folded.folded, true);
  const titles = boxes(folded.svg());
  assert.ok(titles.includes("000_conv : f32[8,32,32,32] · 5 ops"), titles.join("\n"));
  assert.ok(titles.includes("018_dense : f32[8,10] · 5 ops"));
  assert.ok(folded.boxes < all.boxes / 2);
  // resvg draws the standalone SVG; the picture is as big as the SVG says.
  const svg = folded.svg();
  const png = decodePng(renderPng(svg, { scale: 1 }));
  const [w, h] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
  assert.deepEqual([png.width, png.height], [w, h]);
  assert.ok(png.inked > 0.02);
});

test("the notebook bundle: themed inline SVG in HTML, a light standalone SVG, and text", () => {
  const v = graphView((a) => relu(a), [["f32", [3]]], { title: "relu" });
  const b = v[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(b).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assert.match(b["text/html"]!, /style="fill:var\(--jp-ui-font-color1, #222\)"/);
  assert.doesNotMatch(b["image/svg+xml"]!, /var\(--jp/);
  assert.match(b["image/svg+xml"]!, />relu<\/text>/);
  assert.equal(wellFormed(b["text/html"]!.replace(/^<div[^>]*>|<\/div>$/g, "")), "ok");
});

test("graphView names what it cannot draw", () => {
  assert.throws(() => graphView(3 as never), /\[graphView\] cannot draw number/);
  assert.throws(() => graphView(((a: never) => a) as never), /\[graphView\] a function is drawn on inputs/);
  assert.throws(() => graphView([]), /\[graphView\] no nodes to draw/);
  const s = new Graph("s", { retainNodes: false });
  assert.throws(() => graphView(s), /keeps only its parameters: pass the nodes to draw/);
});
