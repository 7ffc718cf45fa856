// The native addon driving tsmlx's CPU PJRT plugin end to end: loading, devices, compile,
// execute, transfers of every dtype, errors, lifetimes and concurrency.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { byteSize, DTYPES, mlirElementType, pjrtBufferType } from "../../../src/core/dtype.js";
import { loadAddon, type NativeClient } from "../../../src/runtime/addon.js";
import { cpuClient, cpuPluginPath, identityModule, rejectsWithCode } from "./helpers.js";

const addon = loadAddon();
const F32 = pjrtBufferType("f32");
let client: NativeClient;

before(() => {
  client = cpuClient();
});
after(() => {
  client.destroy();
});

const ADD_2X3 = `module @add {
  func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> (tensor<2x3xf32>) {
    %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    "func.return"(%0) : (tensor<2x3xf32>) -> ()
  }
}`;

async function f32(values: number[], dims: number[]) {
  return client.bufferFromHost(new Float32Array(values), F32, dims);
}

async function readF32(b: { toHost(): Promise<ArrayBuffer> }): Promise<number[]> {
  return Array.from(new Float32Array(await b.toHost()));
}

test("loadPlugin reports PJRT 0.114 and a table with all 138 entries filled", () => {
  const plugin = addon.loadPlugin(cpuPluginPath());
  assert.deepEqual(plugin.apiVersion, { major: 0, minor: 114 });
  assert.equal(plugin.path, cpuPluginPath());
  const table = plugin.apiTable();
  assert.equal(table.entries, 138);
  assert.equal(table.structSize, 1144);
  assert.deepEqual(table.nullEntries, []);
});

test("loadPlugin initializes a plugin once, however its path is spelled", () => {
  const first = addon.loadPlugin(cpuPluginPath());
  const again = addon.loadPlugin(cpuPluginPath().replace(/\/build\//, "/build/../build/"));
  assert.equal(again.path, first.path);
});

test("loadPlugin of a missing file or a non-plugin library throws with a PJRT code", () => {
  assert.throws(
    () => addon.loadPlugin("/nonexistent/libnothing.so"),
    (e: Error & { code: number }) => {
      return e.code === 5 && /cannot load/.test(e.message);
    },
  );
  assert.throws(() => addon.loadPlugin("libm.so.6"), /no GetPjrtApi symbol/);
});

test("the CPU client is platform cpu with one cpu device", () => {
  assert.equal(client.platformName, "cpu");
  assert.equal(client.platformVersion, "tsmlx-cpu 0.1");
  const devices = client.devices();
  assert.equal(devices.length, 1);
  assert.equal(devices[0].id, 0);
  assert.equal(devices[0].kind, "cpu");
  assert.equal(devices[0].localHardwareId, 0);
  assert.ok(devices[0].debugString.length > 0);
});

test("createClient accepts options of every named-value kind", () => {
  const c = addon
    .loadPlugin(cpuPluginPath())
    .createClient({ name: "x", count: 3, big: 5n, fraction: 0.5, flag: true, list: [1, 2, 3] });
  assert.equal(c.platformName, "cpu");
  c.destroy();
  assert.throws(() => addon.loadPlugin(cpuPluginPath()).createClient({ bad: {} as never }), TypeError);
});

test("add of two f32[2,3] computes elementwise sums", async () => {
  const exe = await client.compile(ADD_2X3);
  assert.equal(exe.numOutputs, 1);
  const a = await f32([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = await f32([10, 20, 30, 40, 50, 60], [2, 3]);
  const [sum] = await exe.execute([a, b]);
  assert.equal(sum.elementType, F32);
  assert.deepEqual(sum.dims, [2, 3]);
  assert.equal(sum.onDeviceSizeInBytes, 24);
  assert.deepEqual(await readF32(sum), [11, 22, 33, 44, 55, 66]);
  for (const x of [a, b, sum]) x.delete();
  exe.destroy();
});

test("a program without arguments returns its constant", async () => {
  const exe = await client.compile(`module @constant {
  func.func public @main() -> (tensor<2x2xf32>) {
    %0 = "stablehlo.constant"() {value = dense<[[1.5, -2.0], [3.25, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
    "func.return"(%0) : (tensor<2x2xf32>) -> ()
  }
}`);
  const [c] = await exe.execute([]);
  assert.deepEqual(c.dims, [2, 2]);
  assert.deepEqual(await readF32(c), [1.5, -2, 3.25, 4]);
  c.delete();
  exe.destroy();
});

test("a function with several results returns one buffer per result, in order", async () => {
  const exe = await client.compile(`module @multi {
  func.func public @main(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xi1>) {
    %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %1 = "stablehlo.multiply"(%arg0, %arg1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %2 = "stablehlo.compare"(%arg0, %arg1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
    "func.return"(%0, %1, %2) : (tensor<3xf32>, tensor<3xf32>, tensor<3xi1>) -> ()
  }
}`);
  assert.equal(exe.numOutputs, 3);
  const a = await f32([1, 5, 3], [3]);
  const b = await f32([4, 2, 3], [3]);
  const [sum, product, less] = await exe.execute([a, b]);
  assert.deepEqual(await readF32(sum), [5, 7, 6]);
  assert.deepEqual(await readF32(product), [4, 10, 9]);
  assert.equal(less.elementType, pjrtBufferType("bool"));
  assert.deepEqual(Array.from(new Uint8Array(await less.toHost())), [1, 0, 0]);
  for (const x of [a, b, sum, product, less]) x.delete();
  exe.destroy();
});

/** Bytes that exercise every bit pattern position of a dtype (bool gets 0/1 only). */
function sampleBytes(dtype: (typeof DTYPES)[number], count: number): Uint8Array {
  const bytes = new Uint8Array(count * byteSize(dtype));
  for (let i = 0; i < bytes.length; i++) bytes[i] = dtype === "bool" ? i % 2 : (i * 37 + 11) & 0xff;
  if (dtype === "f16" || dtype === "bf16" || dtype === "f32" || dtype === "f64") {
    // Keep floats finite and not NaN so that any canonicalization cannot change the bits.
    const w = byteSize(dtype);
    for (let i = 0; i < count; i++) bytes[i * w + w - 1] &= 0x3f;
  }
  return bytes;
}

for (const dtype of DTYPES) {
  test(`${dtype} buffers round-trip through bufferFromHost, an identity program and toHost`, async () => {
    const type = `tensor<2x3x${mlirElementType(dtype)}>`;
    const bytes = sampleBytes(dtype, 6);
    const x = await client.bufferFromHost(bytes, pjrtBufferType(dtype), [2, 3]);
    assert.equal(x.elementType, pjrtBufferType(dtype));
    assert.deepEqual(x.dims, [2, 3]);
    assert.deepEqual(new Uint8Array(await x.toHost()), bytes);
    const exe = await client.compile(identityModule(type));
    const [y] = await exe.execute([x]);
    assert.equal(y.elementType, pjrtBufferType(dtype));
    assert.deepEqual(y.dims, [2, 3]);
    assert.deepEqual(new Uint8Array(await y.toHost()), bytes);
    x.delete();
    y.delete();
    exe.destroy();
  });
}

test("0-size buffers transfer and run with an empty result", async () => {
  const x = await client.bufferFromHost(new Float32Array(0), F32, [0, 4]);
  assert.deepEqual(x.dims, [0, 4]);
  assert.equal(x.onDeviceSizeInBytes, 0);
  assert.equal((await x.toHost()).byteLength, 0);
  const exe = await client.compile(identityModule("tensor<0x4xf32>"));
  const [y] = await exe.execute([x]);
  assert.deepEqual(y.dims, [0, 4]);
  assert.equal((await y.toHost()).byteLength, 0);
  x.delete();
  y.delete();
  exe.destroy();
});

test("a scalar buffer has no dimensions", async () => {
  const x = await client.bufferFromHost(new Float64Array([2.5]), pjrtBufferType("f64"), []);
  assert.deepEqual(x.dims, []);
  assert.deepEqual(Array.from(new Float64Array(await x.toHost())), [2.5]);
  x.delete();
});

test("bufferFromHost copies: changing the host array afterwards leaves the buffer alone", async () => {
  const host = new Float32Array([1, 2, 3]);
  const x = await client.bufferFromHost(host, F32, [3]);
  host[0] = 99;
  assert.deepEqual(await readF32(x), [1, 2, 3]);
  x.delete();
});

test("bufferFromHost reads a view at its offset, and from an explicit device", async () => {
  const backing = new Float32Array([0, 0, 7, 8, 9, 0]);
  const view = backing.subarray(2, 5);
  const x = await client.bufferFromHost(view, F32, [3], client.devices()[0]);
  assert.deepEqual(await readF32(x), [7, 8, 9]);
  x.delete();
});

test("malformed MLIR rejects with INVALID_ARGUMENT and the client keeps working", async () => {
  const err = await rejectsWithCode(client.compile("module @broken { func.func @main( }"), 3);
  assert.equal(err.codeName, "INVALID_ARGUMENT");
  assert.ok(err.message.length > 0);
  const exe = await client.compile(ADD_2X3);
  exe.destroy();
});

test("an op the plugin does not know rejects with UNIMPLEMENTED", async () => {
  const err = await rejectsWithCode(
    client.compile(`module @unknown {
  func.func public @main(%arg0: tensor<2xf32>) -> (tensor<2xf32>) {
    %0 = "stablehlo.frobnicate"(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
    "func.return"(%0) : (tensor<2xf32>) -> ()
  }
}`),
    12,
  );
  assert.match(err.message, /frobnicate/);
});

test("execute rejects a wrong argument count, shape or dtype with INVALID_ARGUMENT", async () => {
  const exe = await client.compile(ADD_2X3);
  const a = await f32([1, 2, 3, 4, 5, 6], [2, 3]);
  const wrongShape = await f32([1, 2, 3, 4, 5, 6], [3, 2]);
  const wrongType = await client.bufferFromHost(new Int32Array(6), pjrtBufferType("i32"), [2, 3]);
  const count = await rejectsWithCode(exe.execute([a]), 3);
  assert.match(count.message, /2 argument/);
  const shape = await rejectsWithCode(exe.execute([a, wrongShape]), 3);
  assert.match(shape.message, /3x2/);
  const dtype = await rejectsWithCode(exe.execute([a, wrongType]), 3);
  assert.match(dtype.message, /i32/);
  for (const x of [a, wrongShape, wrongType]) x.delete();
  exe.destroy();
});

test("using a deleted buffer throws, and delete is idempotent", async () => {
  const exe = await client.compile(identityModule("tensor<3xf32>"));
  const x = await f32([1, 2, 3], [3]);
  x.delete();
  x.delete();
  assert.equal(x.isDeleted, true);
  assert.throws(() => x.toHost(), /deleted/);
  assert.throws(() => exe.execute([x]), /deleted/);
  exe.destroy();
  exe.destroy();
  assert.throws(() => exe.execute([]), /destroyed/);
});

test("misused arguments throw TypeError or RangeError with the operation named", async () => {
  const exe = await client.compile(identityModule("tensor<3xf32>"));
  assert.throws(() => client.bufferFromHost(new Float32Array(2), F32, [3]), RangeError);
  assert.throws(() => client.bufferFromHost([1, 2, 3] as never, F32, [3]), TypeError);
  assert.throws(() => client.bufferFromHost(new Float32Array(3), "f32" as never, [3]), TypeError);
  assert.throws(() => client.bufferFromHost(new Float32Array(3), F32, [-3]), TypeError);
  assert.throws(() => exe.execute([{} as never]), /\[execute\] argument 0 is not a device buffer/);
  assert.throws(() => client.compile(42 as never), TypeError);
  const other = cpuClient();
  const foreign = await other.bufferFromHost(new Float32Array(3), F32, [3]);
  assert.throws(() => exe.execute([foreign]), /another client/);
  assert.throws(
    () => client.bufferFromHost(new Float32Array(3), F32, [3], other.devices()[0]),
    /another client/,
  );
  foreign.delete();
  other.destroy();
  exe.destroy();
});

test("donated arguments are consumed; the others stay usable", async () => {
  const exe = await client.compile(ADD_2X3);
  const a = await f32([1, 1, 1, 1, 1, 1], [2, 3]);
  const b = await f32([2, 2, 2, 2, 2, 2], [2, 3]);
  const [sum] = await exe.execute([a, b], { donate: [0] });
  assert.deepEqual(await readF32(sum), [3, 3, 3, 3, 3, 3]);
  assert.equal(a.isDeleted, true);
  assert.equal(b.isDeleted, false);
  assert.throws(() => exe.execute([a, b], { donate: [5] }), /deleted/);
  assert.throws(() => exe.execute([b, b], { donate: [5] }), RangeError);
  for (const x of [a, b, sum]) x.delete();
  exe.destroy();
});

test("20 concurrent executes each return their own correct result", async () => {
  const exe = await client.compile(ADD_2X3);
  const ones = await f32([1, 1, 1, 1, 1, 1], [2, 3]);
  const inputs = await Promise.all(Array.from({ length: 20 }, (_, i) => f32([i, i, i, i, i, 2 * i], [2, 3])));
  const results = await Promise.all(inputs.map((x) => exe.execute([x, ones])));
  for (let i = 0; i < 20; i++) {
    assert.deepEqual(await readF32(results[i][0]), [i + 1, i + 1, i + 1, i + 1, i + 1, 2 * i + 1]);
  }
  for (const x of [ones, ...inputs, ...results.map((r) => r[0])]) x.delete();
  exe.destroy();
});

test("liveObjects returns to its baseline after delete and destroy", async () => {
  const base = addon.liveObjects();
  const exe = await client.compile(ADD_2X3);
  const a = await f32([1, 2, 3, 4, 5, 6], [2, 3]);
  const [b] = await exe.execute([a, a]);
  assert.deepEqual(addon.liveObjects(), { buffers: base.buffers + 2, executables: base.executables + 1 });
  a.delete();
  b.delete();
  exe.destroy();
  assert.deepEqual(addon.liveObjects(), base);
});

test("buffers and executables outlive a destroyed client", async () => {
  const c = cpuClient();
  const exe = await c.compile(identityModule("tensor<2xf32>"));
  const x = await c.bufferFromHost(new Float32Array([4, 5]), F32, [2]);
  c.destroy();
  assert.throws(() => c.devices(), /destroyed/);
  const [y] = await exe.execute([x]);
  assert.deepEqual(await readF32(y), [4, 5]);
  for (const b of [x, y]) b.delete();
  exe.destroy();
});

test("deleting an input while executes are in flight never crashes: each run completes or rejects", async () => {
  const exe = await client.compile(ADD_2X3);
  const a = await f32([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = await f32([1, 1, 1, 1, 1, 1], [2, 3]);
  const runs = Array.from({ length: 10 }, () => exe.execute([a, b]));
  a.delete();
  const settled = await Promise.allSettled(runs);
  for (const s of settled) {
    if (s.status === "fulfilled") {
      assert.deepEqual(await readF32(s.value[0]), [2, 3, 4, 5, 6, 7]);
      s.value[0].delete();
    } else {
      assert.equal((s.reason as { code: number }).code, 3, String(s.reason));
    }
  }
  b.delete();
  exe.destroy();
});

test("compile takes explicit compile options bytes and rejects a non-Uint8Array", async () => {
  const exe = await client.compile(ADD_2X3, new Uint8Array([0x1a, 0x04, 0x20, 0x01, 0x28, 0x01]));
  assert.equal(exe.numOutputs, 1);
  exe.destroy();
  assert.throws(() => client.compile(ADD_2X3, [1, 2] as never), TypeError);
});
