import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeSafetensors, encodeSafetensors, parseSafetensorsHeader } from "../../src/checkpoint/index.js";
import { DTYPES } from "../../src/core/dtype.js";
import { Tensor, tensor } from "../../src/core/tensor.js";

/** A tensor of dtype d with distinctive values (incl. negatives and extremes where the dtype has them). */
function sample(d: (typeof DTYPES)[number]): Tensor {
  switch (d) {
    case "bool":
      return tensor([true, false, true], "bool");
    case "i64":
      return tensor(
        [
          [-(2n ** 63n), 5n],
          [2n ** 62n, -1n],
        ],
        "i64",
      );
    case "u64":
      return tensor([2n ** 64n - 1n, 0n], "u64");
    case "f16":
    case "bf16":
      return Tensor.fromTypedArray(d, [2, 2], Uint16Array.from([0x3c00, 0xbc00, 0x7c00, 0x0001]));
    case "f32":
    case "f64":
      return tensor(
        [
          [1.5, -2.25, 1e30],
          [Number.NaN, -0, 3],
        ],
        d,
      );
    default:
      return tensor([1, -1, 127, 0, 5], d);
  }
}

describe("safetensors", () => {
  test("every tsmlx dtype round-trips bit for bit, with metadata and an empty tensor", () => {
    const tensors: Record<string, Tensor> = {};
    for (const d of DTYPES) tensors[`t_${d}`] = sample(d);
    tensors.empty = Tensor.zeros("f32", [0, 3]);
    tensors.scalar = tensor(7, "i32");
    const bytes = encodeSafetensors(tensors, { note: "hello" });
    const back = decodeSafetensors(bytes);
    assert.deepEqual(back.metadata, { note: "hello" });
    assert.deepEqual(Object.keys(back.tensors), Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      const b = back.tensors[name]!;
      assert.equal(b.dtype, t.dtype, name);
      assert.deepEqual(b.shape.dims, t.shape.dims, name);
      const raw = (x: Tensor) => Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength);
      assert.ok(raw(b).equals(raw(t)), `${name} bytes differ`);
    }
  });

  test("the layout matches the spec byte for byte: u64 LE header length, JSON, LE data", () => {
    const a = tensor([1, 2], "i16");
    const b = tensor([[0.5]], "f32");
    const bytes = encodeSafetensors({ a, b });
    const json =
      '{"a":{"dtype":"I16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]}}';
    const n = json.length + ((8 - ((8 + json.length) % 8)) % 8);
    const expected = Buffer.alloc(8 + n + 8);
    expected.writeBigUInt64LE(BigInt(n), 0);
    expected.write(json.padEnd(n, " "), 8, "utf8");
    expected.writeInt16LE(1, 8 + n);
    expected.writeInt16LE(2, 8 + n + 2);
    expected.writeFloatLE(0.5, 8 + n + 4);
    assert.ok(Buffer.from(bytes).equals(expected), `got ${Buffer.from(bytes).toString("hex")}`);
    assert.equal((8 + n) % 8, 0, "data starts 8-byte aligned");
  });

  test("malformed files are rejected with the reason", () => {
    const good = encodeSafetensors({ a: tensor([1, 2, 3, 4], "f32") });
    assert.throws(
      () => decodeSafetensors(good.subarray(0, good.length - 1), "w.st"),
      /w\.st: .*"a" ends at byte 16 of the data but the file holds 15 \(truncated\)/,
    );
    assert.throws(() => decodeSafetensors(good.subarray(0, 5)), /too short for the 8-byte header length/);
    assert.throws(() => decodeSafetensors(good.subarray(0, 20)), /header length \d+ exceeds/);
    const extra = new Uint8Array(good.length + 4);
    extra.set(good);
    assert.throws(() => decodeSafetensors(extra), /data section holds 20 bytes but the tensors cover 16/);
    const mk = (header: object, data = 0) => {
      const j = Buffer.from(JSON.stringify(header));
      const out = Buffer.alloc(8 + j.length + data);
      out.writeBigUInt64LE(BigInt(j.length));
      j.copy(out, 8);
      return new Uint8Array(out);
    };
    assert.throws(
      () => parseSafetensorsHeader(mk({ a: { dtype: "F8_E4M3", shape: [1], data_offsets: [0, 1] } }, 1)),
      /dtype "F8_E4M3"/,
    );
    assert.throws(
      () => parseSafetensorsHeader(mk({ a: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, 4)),
      /needs 8 bytes, data_offsets span 4/,
    );
    assert.throws(
      () =>
        parseSafetensorsHeader(
          mk(
            {
              a: { dtype: "U8", shape: [1], data_offsets: [1, 2] },
              b: { dtype: "U8", shape: [1], data_offsets: [1, 2] },
            },
            2,
          ),
        ),
      /hole at bytes 0\.\.1/,
    );
  });
});
