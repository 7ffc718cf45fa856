import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Tensor } from "../../src/core/tensor.js";
import {
  batchOf,
  copyRows,
  Dataset,
  fromTensors,
  gatherRows,
  permutation,
  pixelsToF32,
  prefetch,
  toFloat,
} from "../../src/data/index.js";

const N = 10;
const xs = Tensor.fromTypedArray(
  "f32",
  [N, 2],
  Float32Array.from({ length: 2 * N }, (_, i) => i),
);
const ys = Tensor.fromTypedArray(
  "i32",
  [N],
  Int32Array.from({ length: N }, (_, i) => 100 + i),
);

const labelsOf = (batches: Iterable<Record<string, Tensor>>) =>
  [...batches].map((b) => [...(b.y!.data as Int32Array)]);

describe("datasets", () => {
  test("fromTensors keeps rows of every named tensor together", () => {
    const ex = [...fromTensors({ x: xs, y: ys })];
    assert.equal(ex.length, N);
    assert.deepEqual([...(ex[3]!.x!.data as Float32Array)], [6, 7]);
    assert.equal(ex[3]!.y!.get(), 103);
    assert.deepEqual(ex[3]!.x!.shape.dims, [2]);
  });

  test("rows of differing counts are rejected with both counts named", () => {
    assert.throws(() => fromTensors({ x: xs, y: Tensor.zeros("i32", [3]) }), /"y" has 3 rows but "x" has 10/);
  });

  test("shuffle with a seed is a permutation, the same for the same seed and pass, new per pass", () => {
    const a = fromTensors({ x: xs, y: ys }).shuffle(7);
    const e0 = [...a].map((e) => e.y!.get() as number);
    const again = [...fromTensors({ x: xs, y: ys }).shuffle(7)].map((e) => e.y!.get() as number);
    assert.deepEqual(e0, again);
    assert.deepEqual(
      [...e0].sort((p, q) => p - q),
      [...ys.data],
    );
    assert.notDeepEqual(e0, [...ys.data]);
    const other = [...fromTensors({ x: xs, y: ys }).shuffle(8)].map((e) => e.y!.get() as number);
    assert.notDeepEqual(e0, other);
    const twoPasses = [...a.repeat(2)].map((e) => e.y!.get() as number);
    assert.deepEqual(twoPasses.slice(0, N), e0);
    assert.notDeepEqual(twoPasses.slice(N), e0);
    // x rows follow their labels.
    for (const e of a) assert.equal((e.x!.data as Float32Array)[0], 2 * ((e.y!.get() as number) - 100));
  });

  test("permutation covers every index exactly once", () => {
    const p = [...permutation(1000, 3)].sort((a, b) => a - b);
    assert.deepEqual(
      p,
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  test("batch stacks rows; dropRemainder drops or keeps the short last batch", () => {
    const ds = fromTensors({ x: xs, y: ys });
    const dropped = [...ds.batch(4)];
    assert.equal(dropped.length, 2);
    assert.equal(ds.batch(4).length, 2);
    assert.deepEqual(dropped[1]!.x!.shape.dims, [4, 2]);
    assert.deepEqual(labelsOf(dropped), [
      [100, 101, 102, 103],
      [104, 105, 106, 107],
    ]);
    const kept = [...ds.batch(4, { dropRemainder: false })];
    assert.equal(kept.length, 3);
    assert.deepEqual(labelsOf(kept)[2], [108, 109]);
    assert.deepEqual(kept[2]!.x!.shape.dims, [2, 2]);
  });

  test("repeat, take, skip and map compose lazily", () => {
    const ds = fromTensors({ x: xs, y: ys }).batch(5).repeat(3);
    assert.equal(ds.length, 6);
    assert.equal([...ds].length, 6);
    const firsts = [...ds.skip(2).take(3)].map((b) => b.y!.get(0));
    assert.deepEqual(firsts, [100, 105, 100]);
    const doubled = [...Dataset.fromArray([1, 2, 3]).map((v, i) => v * 2 + i)];
    assert.deepEqual(doubled, [2, 5, 8]);
    assert.equal([...Dataset.fromArray([]).repeat()].length, 0, "repeating an empty dataset ends");
  });

  test("batchOf stacks mapped examples the same way batch gathers rows", () => {
    const ds = fromTensors({ x: xs, y: ys }).shuffle(3);
    const a = [...ds.batch(3)];
    const b = [...batchOf(ds, 3)];
    assert.equal(a.length, b.length);
    a.forEach((ba, i) => {
      assert.deepEqual([...(ba.x!.data as Float32Array)], [...(b[i]!.x!.data as Float32Array)]);
      assert.deepEqual([...(ba.y!.data as Int32Array)], [...(b[i]!.y!.data as Int32Array)]);
    });
  });
});

describe("host tensors before a graph", () => {
  test("pixelsToF32 scales u8 values to f32, by 1/255 unless told", () => {
    const px = Tensor.fromTypedArray("u8", [2, 2], Uint8Array.from([0, 51, 255, 102]));
    const f = pixelsToF32(px);
    assert.equal(f.dtype, "f32");
    assert.deepEqual(f.shape.dims, [2, 2]);
    assert.deepEqual([...(f.data as Float32Array)], [0, 0.2, 1, 0.4].map(Math.fround));
    assert.deepEqual([...(pixelsToF32(px, 2).data as Float32Array)], [0, 102, 510, 204]);
  });

  test("copyRows copies the given rows, in order and repeated, into a new tensor", () => {
    const rows = copyRows(xs, [3, 0, 3]);
    assert.deepEqual(rows.shape.dims, [3, 2]);
    assert.deepEqual([...(rows.data as Float32Array)], [6, 7, 0, 1, 6, 7]);
    (rows.data as Float32Array)[0] = -1;
    assert.equal((xs.data as Float32Array)[6], 6, "the source is not written");
  });

  test("the former names toFloat and gatherRows are the same functions (deprecated aliases)", () => {
    assert.equal(toFloat, pixelsToF32);
    assert.equal(gatherRows, copyRows);
  });
});

describe("prefetch", () => {
  test("yields the same items in the same order as plain iteration", async () => {
    const ds = fromTensors({ x: xs, y: ys }).shuffle(5).batch(2).repeat(2);
    const got: number[][] = [];
    for await (const b of prefetch(ds, { depth: 3 })) got.push([...(b.y!.data as Int32Array)]);
    assert.deepEqual(got, labelsOf(ds));
  });

  test("prepares items ahead while the consumer waits, never more than depth", async () => {
    let produced = 0;
    const ds = Dataset.fromArray([0, 1, 2, 3, 4, 5, 6, 7]).map((v) => {
      produced++;
      return v;
    });
    const it = prefetch(ds, { depth: 2 });
    const first = await it.next();
    assert.equal(first.value, 0);
    // The "device step": the consumer awaits work that lets the event loop turn.
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    // While we waited, the producer filled the queue up to its depth (plus the one taken).
    assert.equal(produced, 3);
    const rest: number[] = [];
    for await (const v of it) rest.push(v);
    assert.deepEqual(rest, [1, 2, 3, 4, 5, 6, 7]);
  });

  test("an error in the source surfaces at the consumer", async () => {
    const ds = Dataset.fromArray([1, 2, 3]).map((v) => {
      if (v === 2) throw new Error("bad item 2");
      return v;
    });
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const v of prefetch(ds)) seen.push(v);
    }, /bad item 2/);
    assert.deepEqual(seen, [1]);
  });

  test("breaking out early stops the producer", async () => {
    let produced = 0;
    const ds = Dataset.fromArray(Array.from({ length: 100 }, (_, i) => i)).map((v) => {
      produced++;
      return v;
    });
    for await (const v of prefetch(ds, { depth: 2 })) if (v === 1) break;
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    assert.ok(produced <= 4, `produced ${produced}`);
  });
});
