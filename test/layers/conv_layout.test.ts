/**
 * Channels-first conv and pooling builders: the same variables as channels-last, and outputs
 * equal to the channels-last layers' on the transposed input (strides, SAME padding, groups,
 * bias, activation, max and average pooling).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/index.js";
import { avgPool, conv, maxPool } from "../../src/layers/conv.js";
import { transpose } from "../../src/ops/shaping.js";
import { assertClose, randomTensor, runModel } from "./helpers.js";

test("a channels-first conv → max-pool → conv → avg-pool equals the channels-last stack, transposed", async () => {
  const ctx = new Context({ seed: 5 });
  const x = randomTensor([2, 9, 8, 4], 21);
  const stack = (first: boolean) => (c: Context, xs: import("../../src/graph/node.js").Node) => {
    let h = first ? transpose(xs, [0, 3, 1, 2]) : xs;
    const cf = <T extends { channelsFirst(on?: boolean): T }>(b: T) => b.channelsFirst(first);
    h = cf(conv(c.in("a"), h).filters(6).kernelSize([3, 2]).strides(2).padSame().groups(2))
      .activation("relu")
      .done();
    h = cf(maxPool(h).window(2).strides(1)).done();
    h = cf(conv(c.in("b"), h).filters(3).kernelSize(1)).done();
    h = cf(avgPool(h).window(2).padSame()).done();
    return first ? transpose(h, [0, 2, 3, 1]) : h;
  };
  const [last] = await runModel(ctx, stack(false), x);
  const names = ctx.variables().map((v) => `${v.path} ${v.typeString}`);
  const [firstOut] = await runModel(ctx, stack(true), x);
  assert.deepEqual(
    ctx.variables().map((v) => `${v.path} ${v.typeString}`),
    names,
    "the channels-first stack reuses the same variables",
  );
  assert.deepEqual(firstOut!.dims, last!.dims);
  assertClose(firstOut!.values, last!.values, 1e-5, "channels-first vs channels-last");
});
