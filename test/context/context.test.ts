import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Context,
  computeFans,
  constantInit,
  execWithContext,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  normalInit,
  onesInit,
  truncatedNormalInit,
  uniformInit,
  variableFeeds,
  zerosInit,
} from "../../src/context/index.js";
import { Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";
import { DeviceArray } from "../../src/runtime/client.js";

function stats(t: Tensor): { mean: number; variance: number; min: number; max: number } {
  const v = t.toFloat64Array();
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, variance, min: Math.min(...v), max: Math.max(...v) };
}

test("scopes build variable paths and child views share one store", () => {
  const ctx = new Context();
  const w = ctx.in("block_1").in("dense").variable("weights", "f32", [3, 2]);
  assert.equal(w.path, "/block_1/dense/weights");
  assert.equal(w.scope, "/block_1/dense");
  assert.equal(w.name, "weights");
  assert.equal(ctx.variableAt("/block_1/dense/weights"), w);
  assert.equal(ctx.in("block_1").in("dense").getVariable("weights"), w);
  assert.equal(ctx.atScope("/block_1/dense").getVariable("weights"), w);
  assert.deepEqual(
    ctx
      .in("block_1")
      .variablesInScope()
      .map((v) => v.path),
    ["/block_1/dense/weights"],
  );
  assert.throws(() => ctx.in("a/b"), /\[context.in\] .*without "\/"/);
});

test("a second variable() call returns the same variable; a different shape or dtype is an error naming both", () => {
  const ctx = new Context();
  const a = ctx.in("d").variable("w", "f32", [4, 2]);
  assert.equal(ctx.in("d").variable("w", "f32", [4, 2]), a);
  assert.throws(
    () => ctx.in("d").variable("w", "f32", [4, 3]),
    /\[variable\] \/d\/w exists as f32\[4,2\], asked for f32\[4,3\]/,
  );
  assert.throws(() => ctx.in("d").variable("w", "f64", [4, 2]), /exists as f32\[4,2\], asked for f64\[4,2\]/);
});

test("reuse() requires existing variables; checked() refuses a path used twice in one graph", () => {
  const ctx = new Context();
  assert.throws(
    () => ctx.reuse().variable("w", "f32", [2]),
    /\/w f32\[2\] does not exist and this context only reuses/,
  );
  ctx.variable("w", "f32", [2]);
  assert.equal(ctx.reuse().variable("w", "f32", [2]).path, "/w");
  const g = new Graph();
  const checked = ctx.checked();
  const first = checked.weight(g, "w", "f32", [2]);
  assert.equal(first.op, "parameter");
  assert.throws(() => checked.weight(g, "w", "f32", [2]), /\/w is already used in graph/);
  // The default mode shares it and reads the same parameter node.
  assert.equal(ctx.weight(g, "w", "f32", [2]), first);
  // Another graph is fine.
  checked.weight(new Graph(), "w", "f32", [2]);
});

test("hyperparameters are found from the scope upward; the training flag comes from the view, else the param", () => {
  const ctx = new Context();
  ctx.setParam("dropout_rate", 0.1);
  ctx.in("block").setParam("dropout_rate", 0.3);
  assert.equal(ctx.getParam("dropout_rate", 0), 0.1);
  assert.equal(ctx.in("block").in("dense").getParam("dropout_rate", 0), 0.3);
  assert.equal(ctx.in("other").getParam("dropout_rate", 0), 0.1);
  assert.equal(ctx.getParam("missing", 7), 7);
  assert.equal(ctx.training, false);
  ctx.setParam("training", true);
  assert.equal(ctx.in("x").training, true);
  assert.equal(ctx.withTraining(false).in("x").training, false);
  assert.deepEqual(ctx.params(), {
    "/": { dropout_rate: 0.1, training: true },
    "/block": { dropout_rate: 0.3 },
  });
});

test("fans: dense [in,out] and HWIO conv kernels", () => {
  assert.deepEqual(computeFans([100, 10]), { fanIn: 100, fanOut: 10 });
  assert.deepEqual(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
  assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
  assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
});

test("initializers have the documented statistics", async () => {
  const ctx = new Context({ seed: 3 });
  const get = async (name: string, dims: number[], init: Parameters<Context["variable"]>[3]) =>
    stats(await ctx.variable(name, "f32", dims, init).toTensor());
  const z = await get("z", [10], zerosInit());
  assert.equal(z.min, 0);
  assert.equal(z.max, 0);
  assert.equal((await get("o", [10], onesInit())).min, 1);
  assert.equal((await get("c", [10], constantInit(2.5))).max, 2.5);
  const n = await get("n", [200, 100], normalInit({ mean: 1, stddev: 0.5 }));
  assert.ok(Math.abs(n.mean - 1) < 0.01 && Math.abs(n.variance - 0.25) < 0.01, JSON.stringify(n));
  const u = await get("u", [200, 100], uniformInit({ min: -2, max: 2 }));
  assert.ok(u.min >= -2 && u.max < 2 && Math.abs(u.variance - 16 / 12) < 0.03, JSON.stringify(u));
  const tn = await get("tn", [200, 100], truncatedNormalInit({ stddev: 0.1 }));
  assert.ok(tn.min >= -0.2 && tn.max <= 0.2, JSON.stringify(tn));
  // [3,3,64,128]: fanIn 576, fanOut 1152.
  const dims = [3, 3, 64, 128];
  const gu = await get("gu", dims, glorotUniform());
  assert.ok(Math.abs(gu.variance - 2 / (576 + 1152)) < 0.05 * (2 / 1728), JSON.stringify(gu));
  assert.ok(gu.max <= Math.sqrt(6 / 1728));
  const gn = await get("gn", dims, glorotNormal());
  assert.ok(Math.abs(gn.variance - 2 / 1728) < 0.05 * (2 / 1728), JSON.stringify(gn));
  const hu = await get("hu", dims, heUniform());
  assert.ok(Math.abs(hu.variance - 2 / 576) < 0.05 * (2 / 576), JSON.stringify(hu));
  const hn = await get("hn", dims, heNormal());
  assert.ok(Math.abs(hn.variance - 2 / 576) < 0.05 * (2 / 576), JSON.stringify(hn));
  assert.throws(
    () => ctx.variable("i", "i32", [2], normalInit()),
    /\[normalInit\] \/i: needs a float dtype, got i32\[2\]/,
  );
});

test("initial values depend on the seed and the path, not on creation order", async () => {
  const a = new Context({ seed: 1 });
  a.variable("x", "f32", [4], normalInit());
  const ay = await a.variable("y", "f32", [4], normalInit()).toTensor();
  const b = new Context({ seed: 1 });
  const by = await b.variable("y", "f32", [4], normalInit()).toTensor();
  assert.deepEqual(ay.values(), by.values());
  const c = new Context({ seed: 2 });
  const cy = await c.variable("y", "f32", [4], normalInit()).toTensor();
  assert.notDeepEqual(ay.values(), cy.values());
});

test("execWithContext feeds variables as inputs and stores written values as device arrays", async () => {
  const ctx = new Context();
  const w = ctx.variableWithValue(
    "w",
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "f32",
    ),
  );
  const f = execWithContext(ctx, (c, x) => {
    const counter = c.variable("calls", "i32", [], zerosInit(), { trainable: false });
    counter.write(counter.read(x.graph).add(1));
    return tm.matmul(x, c.variable("w", "f32", [2, 2]).read(x.graph));
  });
  const y = await f(tensor([[1, 1]], "f32"));
  assert.deepEqual((await y.toTensor()).values(), [4, 6]);
  await f(tensor([[1, 1]], "f32"));
  const counter = ctx.variableAt("/calls")!;
  assert.ok(counter.value instanceof DeviceArray, "the written value stays on the device");
  assert.equal((await counter.toTensor()).get(), 2);
  assert.equal(f.compiledCount, 1);
  assert.equal(w.trainable, true);
  assert.equal(counter.trainable, false);
  // A new value for w (host tensor) is used by the next run.
  w.setValue(
    tensor(
      [
        [0, 1],
        [1, 0],
      ],
      "f32",
    ),
  );
  assert.deepEqual((await (await f(tensor([[1, 2]], "f32"))).toTensor()).values(), [2, 1]);
  assert.throws(
    () => w.setValue(tensor([1, 2], "f32")),
    /\[setValue\] \/w is f32\[2,2\], the new value is f32\[2\]/,
  );
});

test("a read after a write in the same graph sees the written value", () => {
  const ctx = new Context();
  const g = new Graph();
  const v = ctx.variable("v", "f32", [2], zerosInit());
  const p = v.read(g);
  const next = p.add(1);
  v.write(next);
  assert.equal(v.read(g), next);
  assert.equal(v.parameter(g), p);
  assert.deepEqual([...ctx.traceOf(g).writes.keys()], [v]);
  assert.throws(
    () => v.write(g.constant([1, 2, 3], "f32")),
    /\[variable.write\] \/v is f32\[2\], the new value is f32\[3\]/,
  );
});

test("in-graph random numbers: uniform statistics, fresh values per run, same values for the same seed", async () => {
  const draw = (seed: number) => {
    const ctx = new Context({ seed });
    return { ctx, f: execWithContext(ctx, (c, x) => tm.add(c.randomUniform(x.graph, [4000]), x)) };
  };
  const { f } = draw(5);
  const a = (await (await f(tensor(0, "f32"))).toTensor()).toFloat64Array();
  const b = (await (await f(tensor(0, "f32"))).toTensor()).toFloat64Array();
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
  assert.ok(Math.min(...a) >= 0 && Math.max(...a) < 1);
  assert.ok(Math.abs(mean - 0.5) < 0.02 && Math.abs(variance - 1 / 12) < 0.01, `${mean} ${variance}`);
  assert.notDeepEqual([...a.slice(0, 8)], [...b.slice(0, 8)]);
  const again = (await (await draw(5).f(tensor(0, "f32"))).toTensor()).toFloat64Array();
  assert.deepEqual([...again], [...a]);
  const other = (await (await draw(6).f(tensor(0, "f32"))).toTensor()).toFloat64Array();
  assert.notDeepEqual([...other.slice(0, 8)], [...a.slice(0, 8)]);
  // Normal draws.
  const ctx = new Context({ seed: 9 });
  const n = execWithContext(ctx, (c, x) => tm.add(c.randomNormal(x.graph, [4000]), x));
  const z = (await (await n(tensor(0, "f32"))).toTensor()).toFloat64Array();
  const zm = z.reduce((s, v) => s + v, 0) / z.length;
  const zv = z.reduce((s, v) => s + (v - zm) ** 2, 0) / z.length;
  assert.ok(Math.abs(zm) < 0.06 && Math.abs(zv - 1) < 0.08, `${zm} ${zv}`);
  assert.ok(Tensor.zeros("f32", [1]).size === 1);
});

test("donated variables: a step that rewrites a variable gives up its old device array and stores the new one", async () => {
  const ctx = new Context();
  const v = ctx.variableWithValue("acc", tensor([1, 2], "f32"));
  const f = execWithContext(
    ctx,
    (c, x) => {
      const acc = c.variableAt("/acc")!;
      acc.write(tm.add(acc.read(x.graph), x));
      return tm.reduceSum(acc.read(x.graph));
    },
    { donateVariables: true },
  );
  await f(tensor([1, 1], "f32"));
  const first = v.value as DeviceArray;
  const sum = await f(tensor([10, 10], "f32"));
  assert.ok(first.disposed, "the old array was donated");
  assert.deepEqual((await v.toTensor()).values(), [12, 13]);
  assert.equal((await sum.toTensor()).get(), 25);
});

test("variableFeeds gives the device values of the variables a graph read, by parameter name", async () => {
  const ctx = new Context();
  const g = new Graph();
  ctx.variableWithValue("w", tensor([3, 4], "f32")).read(g);
  const feeds = await variableFeeds(ctx, g);
  assert.deepEqual(Object.keys(feeds), ["var:/w"]);
  assert.deepEqual((await feeds["var:/w"]!.toTensor()).values(), [3, 4]);
});
