/** Bad arguments of tm.full: clear `[full]` errors at once, never a RangeError from deep inside. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tm from "../../src/index.js";

test("full of 1e12 elements is refused with a [full] error naming the type and the limit, before allocating", () => {
  const g = new tm.Graph("g");
  assert.throws(
    () => tm.full(g, "f32", [1e6, 1e6], 1),
    /^TsmlxError: \[full\] f32\[1000000,1000000\] has 1000000000000 elements, more than the 2147483647 one constant can hold; broadcast a scalar instead/,
  );
});

test("full refuses a value that is not a number, bigint or boolean, and a bad shape", () => {
  const g = new tm.Graph("g");
  assert.throws(
    () => tm.full(g, "f32", [2], "1" as any),
    /^TsmlxError: \[full\] value must be a number, bigint or boolean, got "1"$/,
  );
  assert.throws(
    () => tm.full(g, "f32", [2, -1], 1),
    /^TsmlxError: \[full\] shape must be a list of non-negative integers, got \[2,-1\]$/,
  );
  assert.throws(() => tm.full(g, "f99" as any, [2], 1), /^TsmlxError: \[full\] unknown dtype "f99"/);
});

test("full still makes the constant it did, for every kind of value", async () => {
  const f = tm.exec(function filled(x: tm.Node) {
    return [
      tm.add(x, tm.full(x.graph, "f32", [2, 2], 1.5)),
      tm.full(x.graph, "bool", [3], true),
      tm.full(x.graph, "i64", [2], 7n),
    ];
  });
  const [a, b, c] = await f(
    tm.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      "f32",
    ),
  );
  assert.deepEqual([...(await a!.toTensor()).values()], [2.5, 3.5, 4.5, 5.5]);
  assert.deepEqual([...(await b!.toTensor()).values()], [true, true, true]);
  assert.deepEqual([...(await c!.toTensor()).values()], [7n, 7n]);
});
