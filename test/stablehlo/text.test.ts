/**
 * Large constants lower as one hex string of their bytes, which the plugin reads back bit for
 * bit; splats and small or boolean constants keep their readable literal forms.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DType } from "../../src/core/dtype.js";
import { type Tensor, tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { type DeviceArray, exec } from "../../src/runtime/index.js";
import { denseAttr } from "../../src/stablehlo/text.js";

/** n varied elements of dtype, with -0, NaN and ±Inf among the floats. */
function varied(dtype: DType, n: number): Tensor {
  const special = [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const vals = Array.from({ length: n }, (_, i) => {
    if (dtype.startsWith("f") || dtype === "bf16") return i < special.length ? special[i]! : (i - 50) * 0.37;
    if (dtype === "i64") return BigInt(i) * -123456789012n;
    return dtype.startsWith("u") ? i % 200 : (i % 200) - 100;
  });
  return tensor(vals as number[], dtype);
}

function bytesOf(t: Tensor): Buffer {
  return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

test("a non-splat constant of more than 64 elements is one little-endian hex string", () => {
  const t = tensor(
    Array.from({ length: 65 }, (_, i) => i),
    "f32",
  );
  const attr = denseAttr(t);
  assert.ok(attr.startsWith('dense<"0x000000000000803F'), attr.slice(0, 40));
  assert.ok(attr.endsWith('"> : tensor<65xf32>'));
  assert.equal(attr.length, 'dense<"0x'.length + 65 * 8 + '"> : tensor<65xf32>'.length);
});

test("splats, 64 elements or fewer, and booleans keep literal forms", () => {
  assert.equal(denseAttr(tensor(new Array(1000).fill(1.5), "f32")), "dense<1.5> : tensor<1000xf32>");
  assert.equal(denseAttr(tensor(new Array(100).fill(-0), "f32")), "dense<-0.0> : tensor<100xf32>");
  const small = denseAttr(tensor([1, 2, 3, 4], "i32"));
  assert.equal(small, "dense<[1, 2, 3, 4]> : tensor<4xi32>");
  const bools = denseAttr(tensor(Array.from({ length: 100 }, (_, i) => i % 3 === 0)));
  assert.ok(bools.startsWith("dense<[true, false, false, true"), bools.slice(0, 40));
});

for (const dtype of ["f32", "f64", "f16", "bf16", "i64", "u8", "i16"] as DType[]) {
  test(`a hex ${dtype} constant runs through the plugin bit for bit`, async () => {
    const value = varied(dtype, 100);
    assert.match(denseAttr(value), /^dense<"0x[0-9A-F]+">/);
    // The constant is the program's output, so its bytes come back exactly as lowered.
    const f = exec((x: Node) => [x, tm.constant(x.graph, value)], { name: `hex_${dtype}` });
    const out = await f(tensor([1], "f32"));
    const got = await (out as DeviceArray[])[1]!.toTensor();
    assert.deepEqual(bytesOf(got), bytesOf(value));
  });
}
