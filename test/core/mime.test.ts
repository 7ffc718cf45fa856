import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { Shape } from "../../src/core/shape.js";
import { Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";

test("the display symbol is the global Jupyter.display symbol", () => {
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
});

test("a tensor displays its numpy-like text and an HTML table", () => {
  const b = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    "i32",
  )[JUPYTER_DISPLAY]();
  assert.equal(b["text/plain"], "i32[2,2]\n[[1, 2],\n [3, 4]]");
  assert.match(b["text/html"]!, /<b>i32\[2,2\]<\/b> · min 1 · max 4 · mean 2\.5<\/div><table/);
  assert.equal((b["text/html"]!.match(/<tr>/g) ?? []).length, 3, "a header row of column indices and 2 rows");
  assert.equal((b["text/html"]!.match(/<td/g) ?? []).length, 4);
});

test("a large tensor's HTML table is summarized with ellipsis cells", () => {
  const t = Tensor.fromValues("f32", [100, 100], new Array(10000).fill(0.5));
  const html = t[JUPYTER_DISPLAY]()["text/html"]!;
  assert.equal((html.match(/<tr>/g) ?? []).length, 8);
  assert.equal((html.match(/<td/g) ?? []).length, 49);
  assert.ok(html.includes(">…<"));
});

test("shapes and nodes display as text and code; HTML is escaped", () => {
  assert.deepEqual(Shape.of(2, 3)[JUPYTER_DISPLAY](), {
    "text/plain": "[2,3]",
    "text/html": "<code>[2,3]</code>",
  });
  const g = new Graph();
  const x = g.parameter("x<y", "f32", [64, 32]);
  const y = tm.max(x, 0);
  assert.deepEqual(y[JUPYTER_DISPLAY](), {
    "text/plain": 'f32[64,32] ← maximum ← parameter "x<y"',
    "text/html": "<code>f32[64,32] ← maximum ← parameter &quot;x&lt;y&quot;</code>",
  });
  assert.equal(inspect(y), 'f32[64,32] ← maximum ← parameter "x<y"');
  assert.equal(inspect(Shape.of(1)), "Shape [1]");
  assert.match(g[JUPYTER_DISPLAY]()["text/html"]!, /^<pre>graph main/);
});
