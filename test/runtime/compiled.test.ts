/**
 * The compiled-function core: what makes up a program's key, what a run feeds and stores, and
 * that a program survives the client's compile cache evicting its executable.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Context } from "../../src/context/context.js";
import { Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import { Client, type DeviceArray } from "../../src/runtime/client.js";
import {
  type ArgSpec,
  CompiledFunction,
  isTracing,
  ProgramCache,
  recordDependency,
  type StateSlot,
  type Traced,
} from "../../src/runtime/compiled.js";
import { exec } from "../../src/runtime/exec.js";

/** A traced `x * k` where `k` is read from `source` (and recorded as a dependency). */
function scaleBy(source: { k: number }) {
  return ([s]: readonly ArgSpec[]): Traced => {
    const graph = new Graph("scale");
    const x = graph.parameter("x", s!.dtype, s!.dims);
    const k = source.k;
    recordDependency({ key: "k", value: String(k), current: () => String(source.k) });
    return { graph, inputs: [x], outputs: [x.mul(k)] };
  };
}

async function values(outputs: DeviceArray[]): Promise<number[][]> {
  const out = await Promise.all(outputs.map(async (o) => [...(await o.toTensor()).toFloat64Array()]));
  for (const o of outputs) o.dispose();
  return out;
}

test("a recorded dependency keeps its program while unchanged; a change traces again and the old program stays cached", async () => {
  const source = { k: 2 };
  const f = new CompiledFunction({ api: "test", name: "scale", trace: scaleBy(source) });
  const x = tensor([1, 2], "f32");
  assert.deepEqual(await values((await f.run([x])).outputs), [[2, 4]]);
  assert.deepEqual(await values((await f.run([x])).outputs), [[2, 4]]);
  assert.equal(f.traceCount, 1);
  source.k = 3;
  assert.deepEqual(await values((await f.run([x])).outputs), [[3, 6]]);
  assert.equal(f.traceCount, 2);
  source.k = 2;
  assert.deepEqual(await values((await f.run([x])).outputs), [[2, 4]]);
  assert.equal(f.traceCount, 2, "back to k = 2 finds the first program");
  assert.equal(f.compiledCount(), 2);
  const program = await f.program([x]);
  assert.deepEqual(
    program.dependencies.map((d) => [d.key, d.value]),
    [["k", "2"]],
  );
});

test("the input signature and the static value are part of the key", async () => {
  const f = new CompiledFunction<Traced, number>({
    api: "test",
    name: "add",
    trace: ([s], k) => {
      const graph = new Graph("add");
      const x = graph.parameter("x", s!.dtype, s!.dims);
      return { graph, inputs: [x], outputs: [x.add(k)] };
    },
  });
  assert.deepEqual(await values((await f.run([tensor([1], "f32")], { statics: 1 })).outputs), [[2]]);
  assert.deepEqual(await values((await f.run([tensor([1], "f32")], { statics: 5 })).outputs), [[6]]);
  assert.deepEqual(await values((await f.run([tensor([1, 1], "f32")], { statics: 5 })).outputs), [[6, 6]]);
  assert.equal(f.traceCount, 3);
});

test("dependencies are recorded only while a trace runs, into the innermost trace", async () => {
  assert.equal(isTracing(), false);
  recordDependency({ key: "outside", value: "1", current: () => "2" }); // no trace: ignored
  const inner = new CompiledFunction({ api: "test", name: "inner", trace: scaleBy({ k: 4 }) });
  let innerProgram: Promise<unknown> | undefined;
  const outer = new CompiledFunction({
    api: "test",
    name: "outer",
    trace: ([s]) => {
      assert.equal(isTracing(), true);
      innerProgram = inner.program([Tensor.zeros("f32", [1])]);
      const graph = new Graph("outer");
      const x = graph.parameter("x", s!.dtype, s!.dims);
      return { graph, inputs: [x], outputs: [x.neg()] };
    },
  });
  const p = await outer.program([tensor([1], "f32")]);
  await innerProgram;
  assert.deepEqual(p.dependencies, [], "the inner trace's reads are not the outer program's");
  assert.equal(isTracing(), false);
});

test("state slots are fed after the inputs and stored from the results after the outputs; replaced arrays are donated", async () => {
  const client = Client.open();
  let held: DeviceArray = await client.upload(tensor([10, 20], "f32"));
  const stored: DeviceArray[] = [];
  const slot: StateSlot = {
    path: "/acc",
    deviceValue: async () => held,
    setValue: (v) => {
      stored.push(v);
      held = v;
    },
  };
  const f = new CompiledFunction({
    api: "test",
    name: "accumulate",
    client,
    donateState: true,
    trace: ([s]) => {
      const graph = new Graph("accumulate");
      const x = graph.parameter("x", s!.dtype, s!.dims);
      const acc = graph.parameter("acc", "f32", [2]);
      const next = acc.add(x);
      return {
        graph,
        inputs: [x],
        outputs: [next.mul(2)],
        reads: [slot],
        readParams: [acc],
        writes: [slot],
        writeValues: [next],
      };
    },
  });
  const first = held;
  const { outputs, program } = await f.run([tensor([1, 2], "f32")]);
  assert.deepEqual(program.donate, [1], "the slot's array is argument 1, after the one input");
  assert.equal(first.disposed, true, "the replaced array was given to the run");
  assert.deepEqual(await values(outputs), [[22, 44]]);
  assert.deepEqual([...(await held.toTensor()).toFloat64Array()], [11, 22]);
  assert.equal(stored.length, 1);
  held.dispose();
});

test("a program whose executable the client's compile cache evicted is compiled again on its next run", async () => {
  const client = Client.open({ cacheSize: 1 });
  const double = exec((x) => x.mul(2), { client });
  const negate = exec((x) => x.neg(), { client });
  const x = tensor([1, 2], "f32");
  for (let round = 0; round < 3; round++) {
    // each compile evicts (and destroys) the other function's executable
    assert.deepEqual([...(await (await double(x)).toTensor()).toFloat64Array()], [2, 4]);
    assert.deepEqual([...(await (await negate(x)).toTensor()).toFloat64Array()], [-1, -2]);
  }
  assert.equal(client.cachedExecutables, 1);
});

test("a program cache keeps at most its capacity, dropping the least recently used", async () => {
  const cache = new ProgramCache(2);
  const f = new CompiledFunction({ api: "test", name: "scale", cache, trace: scaleBy({ k: 1 }) });
  const client = f.clientFor();
  for (const n of [1, 2, 3]) await f.program([Tensor.zeros("f32", [n])]);
  assert.equal(cache.size(client), 2);
  await f.program([Tensor.zeros("f32", [3])]);
  assert.equal(f.traceCount, 3, "the most recent signature is still cached");
  await f.program([Tensor.zeros("f32", [1])]);
  assert.equal(f.traceCount, 4, "the least recently used one was dropped");
});

test("ctx.exec: a variable deleted and made again is the one the next run feeds", async () => {
  const ctx = new Context();
  const f = ctx.exec((c, x) => x.add(c.variableWithValue("b", tensor([1, 1], "f32")).read(x.graph)));
  const x = tensor([0, 5], "f32");
  assert.deepEqual([...(await (await f(x)).toTensor()).toFloat64Array()], [1, 6]);
  ctx.deleteVariable("/b");
  ctx.variableWithValue("b", tensor([-3, 3], "f32"));
  assert.deepEqual([...(await (await f(x)).toTensor()).toFloat64Array()], [-3, 8]);
});
