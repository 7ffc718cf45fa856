/**
 * tm.summary: the variables of a context by scope with their parameter counts and totals
 * (checked against counts worked out by hand for the layers' shapes), the traced model's layers
 * with their output types, the text and HTML views, and the errors for wrong arguments.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { summary } from "../../src/context/summary.js";
import { JUPYTER_DISPLAY } from "../../src/core/mime.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { conv, maxPool } from "../../src/layers/conv.js";
import { dense } from "../../src/layers/dense.js";
import { batchNorm } from "../../src/layers/norms.js";
import { c10ConvModel } from "../../src/models/cifar.js";
import { relu } from "../../src/ops/activations.js";
import { reshape } from "../../src/ops/shaping.js";

/** conv 3×3 3→8, relu, pool, batch norm, dense 128→10 on [4,8,8,3]. */
function small(ctx: Context, x: Node): Node {
  let h = relu(conv(ctx.in("conv"), x).filters(8).kernelSize(3).padSame().done());
  h = maxPool(h).window(2).done();
  h = batchNorm(ctx.in("norm"), h);
  return dense(ctx.in("head"), reshape(h, [4, -1]), 10);
}

test("the counts and totals of a traced model are those of its layers' shapes", () => {
  const ctx = new Context({ seed: 1 });
  const s = summary(ctx, small, ["f32", [4, 8, 8, 3]]);
  const conv = 3 * 3 * 3 * 8 + 8;
  const head = 4 * 4 * 8 * 10 + 10;
  const norm = 4 * 8; // scale, offset, running mean and variance
  assert.equal(s.totalParams, conv + head + norm);
  assert.equal(s.trainableParams, conv + head + 2 * 8, "running statistics are not trained");
  assert.equal(s.bytes, 4 * (conv + head + norm));
  assert.deepEqual(
    s.layers.map((l) => [l.name, l.isScope, l.output, l.params]),
    [
      ["/conv", true, "f32[4,8,8,8]", conv],
      [s.layers[1]!.name, false, "f32[4,4,4,8]", 0],
      ["/norm", true, "f32[4,4,4,8]", norm],
      [s.layers[3]!.name, false, "f32[4,128]", 0],
      ["/head", true, "f32[4,10]", head],
    ],
  );
  assert.match(s.layers[1]!.name, /reduce_window/);
  assert.deepEqual(s.inputs, ["input_0 f32[4,8,8,3]"]);
  assert.deepEqual(s.outputs, ["f32[4,10]"]);
  assert.deepEqual([...s.byScope().keys()], ["/conv", "/norm", "/head"]);
  assert.equal(
    s.totals(),
    `${(conv + head + norm).toLocaleString("en-US")} parameters (${(conv + head + 16).toLocaleString("en-US")} trainable) in 8 variables, 6.0 KiB`,
  );
});

test("the seed's CIFAR model: 550,570 parameters, the logits f32[N,10] after the last dense", () => {
  const ctx = new Context({ seed: 1 });
  const s = summary(
    ctx,
    c10ConvModel,
    Tensor.fromValues("f32", [2, 32, 32, 3], new Array(2 * 32 * 32 * 3).fill(0)),
  );
  assert.equal(s.totalParams, 550_570);
  assert.equal(s.variables.length, 16);
  const scoped = s.layers.filter((l) => l.isScope);
  assert.deepEqual(
    scoped.map((l) => `${l.name} ${l.output}`),
    [
      "/000_conv f32[2,32,32,32]",
      "/002_conv f32[2,32,32,32]",
      "/005_conv f32[2,16,16,64]",
      "/007_conv f32[2,16,16,64]",
      "/010_conv f32[2,8,8,128]",
      "/012_conv f32[2,8,8,128]",
      "/015_dense f32[2,128]",
      "/018_dense f32[2,10]",
    ],
  );
  assert.equal(
    scoped.reduce((a, l) => a + l.params, 0),
    s.totalParams,
  );
});

test("without a model it lists the context's variables; text and HTML agree on the numbers", () => {
  const ctx = new Context();
  ctx.in("a").variable("w", "f32", [3, 4]);
  ctx.in("a").variable("step", "i32", [], undefined, { trainable: false });
  ctx.in("b").in("c").variable("w", "bf16", [5]);
  const s = summary(ctx);
  assert.deepEqual(s.layers, []);
  assert.equal(s.totalParams, 18);
  assert.equal(s.trainableParams, 17);
  const text = String(s);
  assert.match(text, /\/a\/step \(fixed\)\s+i32\s+\[\]\s+1/);
  assert.match(text, /\/b\/c\/w\s+bf16\s+\[5\]\s+5/);
  assert.match(text, /18 parameters \(17 trainable\) in 3 variables, 62 B$/);
  const b = s[JUPYTER_DISPLAY]();
  const html = b["text/html"]!;
  assert.match(html, />\/b\/c<\/td><td[^>]*>5<\/td>/, "a scope row with its total");
  assert.match(html, /var\(--jp-content-font-color1/);
  assert.equal(b["text/plain"], text);
  assert.equal(summary(ctx.in("b")).totalParams, 5, "a view summarizes its own scope");
});

test("summary names wrong arguments, and the graph needs a model", () => {
  assert.throws(() => summary({} as never), /\[summary\] the first argument must be a context/);
  assert.throws(() => summary(new Context(), 3 as never), /\[summary\] the model must be a function/);
  assert.throws(
    () => summary(new Context(), (c, x) => dense(c.in("d"), x, 2), "f32" as never),
    /\[summary\] input 0 must be a tensor or a \[dtype, shape\] pair/,
  );
  assert.throws(() => summary(new Context()).graph(), /\[summary\] the graph needs the model/);
});
