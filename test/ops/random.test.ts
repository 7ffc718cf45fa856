/**
 * Random numbers: the distributions' statistics on a few thousand samples (bounds loose
 * enough to hold for any sound generator, tight enough to catch a wrong transform), state
 * threading and determinism, and on the bundled CPU plugin the exact THREE_FRY stream
 * against a TypeScript threefry2x32.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DType } from "../../src/core/dtype.js";
import { type Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { exec } from "../../src/runtime/index.js";

async function run(f: (...xs: Node[]) => Node | Node[], ...inputs: Tensor[]): Promise<Tensor[]> {
  const out = await exec(f)(...inputs);
  const list = Array.isArray(out) ? out : [out];
  const r: Tensor[] = [];
  for (const a of list) {
    r.push(await a.toTensor());
    a.dispose();
  }
  return r;
}

const SEED = tensor([1234n, 0n], "u64");
const N = 8192;

function stats(xs: Float64Array | number[]) {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length), min: Math.min(...xs), max: Math.max(...xs) };
}

test("uniform: [0, 1) with mean 1/2 and variance 1/12 in every float dtype; min/max rescale", async () => {
  for (const dtype of ["f32", "f64", "f16", "bf16"] as DType[]) {
    const [u] = await run((s) => tm.uniform(s!, [N], { dtype })[0]!, SEED);
    const st = stats(u!.toFloat64Array());
    assert.ok(st.min >= 0 && st.max < 1, `${dtype} range [${st.min}, ${st.max}]`);
    assert.ok(Math.abs(st.mean - 0.5) < 0.02, `${dtype} mean ${st.mean}`);
    assert.ok(Math.abs(st.std - Math.sqrt(1 / 12)) < 0.02, `${dtype} std ${st.std}`);
  }
  const [w] = await run((s) => tm.uniform(s!, [N], { min: -3, max: 5 })[0]!, SEED);
  const st = stats(w!.toFloat64Array());
  assert.ok(st.min >= -3 && st.max < 5 && Math.abs(st.mean - 1) < 0.15, JSON.stringify(st));
});

test("normal: mean, stddev and the one-sigma mass of N(0, 1); mean/stddev options", async () => {
  const [z] = await run((s) => tm.normal(s!, [N])[0]!, SEED);
  const xs = z!.toFloat64Array();
  const st = stats(xs);
  assert.ok(Math.abs(st.mean) < 0.05 && Math.abs(st.std - 1) < 0.05, JSON.stringify(st));
  const inside = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
  assert.ok(Math.abs(inside - 0.6827) < 0.02, `mass within one sigma ${inside}`);
  const [y] = await run((s) => tm.normal(s!, [N], { mean: 10, stddev: 0.5, dtype: "f64" })[0]!, SEED);
  const sy = stats(y!.toFloat64Array());
  assert.ok(Math.abs(sy.mean - 10) < 0.03 && Math.abs(sy.std - 0.5) < 0.03, JSON.stringify(sy));
});

test("truncatedNormal: inside [-2, 2] with the truncated distribution's stddev", async () => {
  const [z] = await run((s) => tm.truncatedNormal(s!, [N])[0]!, SEED);
  const st = stats(z!.toFloat64Array());
  assert.ok(st.min >= -2 && st.max <= 2, JSON.stringify(st));
  assert.ok(Math.abs(st.mean) < 0.04, JSON.stringify(st));
  assert.ok(Math.abs(st.std - 0.8796) < 0.03, `stddev ${st.std}, expected 0.8796`);
  const [w] = await run((s) => tm.truncatedNormal(s!, [N], { lower: 0, upper: 1, stddev: 2 })[0]!, SEED);
  const sw = stats(w!.toFloat64Array());
  assert.ok(sw.min >= 0 && sw.max <= 2, JSON.stringify(sw));
});

test("bernoulli: the rate of true matches p, scalar and per-element", async () => {
  const [b, c] = await run(
    (s, p) => [tm.bernoulli(s!, 0.3, [N])[0]!, tm.bernoulli(s!, p!, [2, N / 2])[0]!],
    SEED,
    tensor([[0.9], [0.1]], "f32"),
  );
  const rate = (t: Tensor, from = 0, to = t.size) =>
    (t.values().slice(from, to) as boolean[]).filter((v) => v).length / (to - from);
  assert.ok(Math.abs(rate(b!) - 0.3) < 0.03, `rate ${rate(b!)}`);
  assert.ok(Math.abs(rate(c!, 0, N / 2) - 0.9) < 0.03 && Math.abs(rate(c!, N / 2) - 0.1) < 0.03);
});

test("state threading: the same state repeats the values, the next state gives new ones", async () => {
  const [a, b, c, s1] = await run((s) => {
    const [u0, next] = tm.uniform(s!, [64]);
    const [u1] = tm.uniform(s!, [64]);
    const [u2] = tm.uniform(next, [64]);
    return [u0, u1, u2, next];
  }, SEED);
  assert.deepEqual(a!.values(), b!.values());
  assert.notDeepEqual(a!.values(), c!.values());
  assert.notDeepEqual(s1!.values(), SEED.values());
});

/** threefry2x32 with 20 rounds over uint32 words (Salmon et al. 2011). */
function threefry(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const rot = [13, 15, 26, 6, 17, 29, 16, 24];
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let g = 0; g < 5; g++) {
    for (let j = 0; j < 4; j++) {
      x0 = (x0 + x1) >>> 0;
      const r = rot[(g % 2) * 4 + j]!;
      x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
      x1 = (x1 ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(g + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(g + 2) % 3]! + g + 1) >>> 0;
  }
  return [x0, x1];
}

test("threefry2x32 in TypeScript gives the Random123 known answers", () => {
  assert.deepEqual(threefry(0, 0, 0, 0), [0x6b200159, 0x99ba4efe]);
  assert.deepEqual(threefry(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3), [0xc4923a9c, 0x483df7a0]);
});

test("bundled CPU plugin: THREE_FRY bits are threefry2x32(key, counter + i) and the counter advances", {
  skip: process.env.TSMLX_PJRT_PLUGIN !== undefined,
}, async () => {
  const key = 0x0123456789abcdefn;
  const ctr = 0xfffffffffffffffen; // wraps after two blocks
  const [bits, next] = await run((s) => tm.randomBits(s!, [7], "u32"), tensor([key, ctr], "u64"));
  const want: number[] = [];
  for (let i = 0n; i < 4n; i++) {
    const c = BigInt.asUintN(64, ctr + i);
    want.push(
      ...threefry(Number(key & 0xffffffffn), Number(key >> 32n), Number(c & 0xffffffffn), Number(c >> 32n)),
    );
  }
  assert.deepEqual(bits!.values(), want.slice(0, 7));
  assert.deepEqual(next!.values(), [key, BigInt.asUintN(64, ctr + 4n)]);
});

test("random functions reject bad states and parameters", () => {
  const g = new Graph("g");
  const s32 = g.parameter("s32", "u32", [2]);
  const s = tm.rngState(g, 7);
  assert.throws(
    () => tm.uniform(s32, [2]),
    /^TsmlxError: \[randomBits\] state must be u64\[2\] for THREE_FRY, got u32\[2\]$/,
  );
  assert.throws(() => tm.uniform(s, [2], { dtype: "i32" }), /\[uniform\] needs a float dtype, got i32/);
  assert.throws(() => tm.uniform(s, [2], { min: 1, max: 1 }), /\[uniform\] needs min < max, got \[1, 1\)/);
  assert.throws(() => tm.bernoulli(s, 1.5, [2]), /\[bernoulli\] probability must be in \[0, 1\], got 1.5/);
  assert.throws(
    () => tm.randomBits(s, [2], "bool"),
    /\[randomBits\] bits must be an integer or float dtype, got bool/,
  );
  assert.equal(tm.randomBits(tm.rngState(g, 1), [2], "u64", "PHILOX")[1].typeString, "u64[2]");
});
