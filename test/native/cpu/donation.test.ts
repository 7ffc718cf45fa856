// Donation through the CPU plugin's PJRT surface: a donated argument reads as deleted after
// the run and may have been updated in place; results stay right; arguments not donated are
// unchanged byte for byte; repeated donated steps leak nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pjrtBufferType } from "../../../src/core/dtype.js";
import { loadAddon, type NativeBuffer, type NativeClient } from "../../../src/runtime/addon.js";
import { cpuClient } from "../pjrt/helpers.js";

const addon = loadAddon();
const F32 = pjrtBufferType("f32");
const N = 4099; // above the fused tile, not a multiple of it
let client: NativeClient;

before(() => {
  client = cpuClient();
});
after(() => {
  client.destroy();
});

// An Adam-like parameter update: p' = p - 0.01 * m / (sqrt(v) + 1e-8), and m' = m * 0.9 + g.
const T = `tensor<${N}xf32>`;
const UPDATE = `module @update {
  func.func public @main(%p: ${T}, %m: ${T}, %v: ${T}, %g: ${T}) -> (${T}, ${T}) {
    %lr = "stablehlo.constant"() {value = dense<0.01> : tensor<f32>} : () -> tensor<f32>
    %eps = "stablehlo.constant"() {value = dense<1.0e-08> : tensor<f32>} : () -> tensor<f32>
    %b1 = "stablehlo.constant"() {value = dense<0.9> : tensor<f32>} : () -> tensor<f32>
    %lrb = "stablehlo.broadcast_in_dim"(%lr) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> ${T}
    %epsb = "stablehlo.broadcast_in_dim"(%eps) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> ${T}
    %b1b = "stablehlo.broadcast_in_dim"(%b1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> ${T}
    %s = "stablehlo.sqrt"(%v) : (${T}) -> ${T}
    %d = "stablehlo.add"(%s, %epsb) : (${T}, ${T}) -> ${T}
    %q = "stablehlo.divide"(%m, %d) : (${T}, ${T}) -> ${T}
    %u = "stablehlo.multiply"(%lrb, %q) : (${T}, ${T}) -> ${T}
    %p2 = "stablehlo.subtract"(%p, %u) : (${T}, ${T}) -> ${T}
    %m9 = "stablehlo.multiply"(%m, %b1b) : (${T}, ${T}) -> ${T}
    %m2 = "stablehlo.add"(%m9, %g) : (${T}, ${T}) -> ${T}
    "func.return"(%p2, %m2) : (${T}, ${T}) -> ()
  }
}`;

function series(seed: number, positive = false): Float32Array {
  const a = new Float32Array(N);
  let s = seed;
  for (let i = 0; i < N; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const x = s / 2 ** 32 - 0.5;
    a[i] = positive ? x * x + 0.001 : x;
  }
  return a;
}

// The update in float32 arithmetic, op by op (Math.fround after each correctly rounded op).
function expected(
  p: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
): [Float32Array, Float32Array] {
  const f = Math.fround;
  const [lr, eps, b1] = [f(0.01), f(1e-8), f(0.9)];
  const p2 = new Float32Array(N);
  const m2 = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const d = f(f(Math.sqrt(v[i]!)) + eps);
    p2[i] = f(p[i]! - f(lr * f(m[i]! / d)));
    m2[i] = f(f(m[i]! * b1) + g[i]!);
  }
  return [p2, m2];
}

const upload = (a: Float32Array) => client.bufferFromHost(a, F32, [N]);
const read = async (b: NativeBuffer) => new Float32Array(await b.toHost());
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test("a donated parameter reads as deleted, the update is right and the other arguments are untouched", async () => {
  const exe = await client.compile(UPDATE);
  const host = [series(1), series(2), series(3, true), series(4)] as const;
  const args = await Promise.all(host.map(upload));
  const [p2, m2] = await exe.execute(args, { donate: [0] });
  assert.equal(args[0]!.isDeleted, true, "the donated p is deleted");
  for (const i of [1, 2, 3]) {
    assert.equal(args[i]!.isDeleted, false);
    assert.ok(bytes(await read(args[i]!)).equals(bytes(host[i]!)), `argument ${i} unchanged byte for byte`);
  }
  const [wantP, wantM] = expected(...host);
  assert.ok(bytes(await read(p2!)).equals(bytes(wantP)), "p' is the float32 update");
  assert.ok(bytes(await read(m2!)).equals(bytes(wantM)), "m' is the float32 update");
  for (const b of [...args, p2!, m2!]) b.delete();
  exe.destroy();
});

test("the same buffer passed twice with one position donated still computes from its value", async () => {
  const exe = await client.compile(UPDATE);
  const host = [series(5), series(6), series(7, true), series(6)] as const;
  const p = await upload(host[0]);
  const m = await upload(host[1]);
  const v = await upload(host[2]);
  const [p2, m2] = await exe.execute([p, m, v, m], { donate: [1] });
  const [wantP, wantM] = expected(host[0], host[1], host[2], host[1]);
  assert.ok(bytes(await read(p2!)).equals(bytes(wantP)));
  assert.ok(bytes(await read(m2!)).equals(bytes(wantM)));
  for (const b of [p, m, v, p2!, m2!]) b.delete();
  exe.destroy();
});

test("100 donated steps give the op-by-op result and leave no live object behind", async () => {
  const base = addon.liveObjects();
  const exe = await client.compile(UPDATE);
  let hp = series(8);
  let hm = series(9);
  const hv = series(10, true);
  const hg = series(11);
  let p = await upload(hp);
  let m = await upload(hm);
  const v = await upload(hv);
  const g = await upload(hg);
  for (let step = 0; step < 100; step++) {
    const [p2, m2] = await exe.execute([p, m, v, g], { donate: [0, 1] });
    assert.equal(p.isDeleted && m.isDeleted, true);
    p.delete();
    m.delete();
    p = p2!;
    m = m2!;
    [hp, hm] = expected(hp, hm, hv, hg);
  }
  assert.ok(bytes(await read(p)).equals(bytes(hp)), "p after 100 steps");
  assert.ok(bytes(await read(m)).equals(bytes(hm)), "m after 100 steps");
  assert.ok(bytes(await read(v)).equals(bytes(hv)), "v never donated, unchanged");
  for (const b of [p, m, v, g]) b.delete();
  exe.destroy();
  assert.deepEqual(addon.liveObjects(), base);
});
