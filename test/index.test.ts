import assert from "node:assert/strict";
import { test } from "node:test";
import * as tm from "../src/index.js";

test("the public entry exports core, graph, ops, lowering, display and runtime", () => {
  for (const name of [
    "Shape",
    "Tensor",
    "tensor",
    "TsmlxError",
    "Graph",
    "Node",
    "add",
    "matmul",
    "dotGeneral",
    "reduceSum",
    "select",
    "toStableHLO",
    "JUPYTER_DISPLAY",
    "exec",
    "DeviceArray",
  ]) {
    assert.ok(name in tm, `tsmlx exports ${name}`);
  }
});

test("a graph built through the public entry runs through exec", async () => {
  const f = tm.exec((a: tm.Node, b: tm.Node) => tm.add(a, b).mul(2));
  const out = await f([1, 2], [3, 4]);
  const t = await out.toTensor();
  out.dispose();
  assert.deepEqual(t.toArray(), [8, 12]);
  assert.equal(t.dtype, "f32");
});
