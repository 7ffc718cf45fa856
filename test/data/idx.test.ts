import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { idxHeader, isGzip } from "../../src/data/idx.js";
import { FASHION_MNIST_DIR, parseIdx, readIdx } from "../../src/data/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-idx-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file written by hand: type code, dims, big-endian elements. */
function idxBytes(code: number, dims: number[], elemBytes: number, write: (v: DataView, i: number) => void) {
  const count = dims.reduce((a, b) => a * b, 1);
  const buf = new Uint8Array(4 + 4 * dims.length + count * elemBytes);
  const v = new DataView(buf.buffer);
  buf[2] = code;
  buf[3] = dims.length;
  dims.forEach((d, i) => {
    v.setUint32(4 + 4 * i, d, false);
  });
  for (let i = 0; i < count; i++) write(new DataView(buf.buffer, 4 + 4 * dims.length + i * elemBytes), i);
  return buf;
}

describe("IDX files", () => {
  test("a u8 image file parses to its dims and bytes, plain and gzip", () => {
    const bytes = idxBytes(0x08, [2, 3, 2], 1, (v, i) => v.setUint8(0, i * 10));
    writeFileSync(join(dir, "imgs-idx3-ubyte"), bytes);
    writeFileSync(join(dir, "imgs-idx3-ubyte.gz"), gzipSync(bytes));
    for (const f of ["imgs-idx3-ubyte", "imgs-idx3-ubyte.gz"]) {
      const t = readIdx(join(dir, f));
      assert.equal(t.dtype, "u8");
      assert.deepEqual(t.shape.dims, [2, 3, 2]);
      assert.deepEqual(
        [...(t.data as Uint8Array)],
        Array.from({ length: 12 }, (_, i) => i * 10),
      );
    }
  });

  test("multi-byte elements are read big-endian (i32, f32, i16)", () => {
    const i32 = parseIdx(idxBytes(0x0c, [3], 4, (v, i) => v.setInt32(0, [-2, 70000, 5][i]!, false)));
    assert.deepEqual(i32.values(), [-2, 70000, 5]);
    const f32 = parseIdx(idxBytes(0x0d, [2], 4, (v, i) => v.setFloat32(0, [1.5, -0.25][i]!, false)));
    assert.deepEqual(f32.values(), [1.5, -0.25]);
    const i16 = parseIdx(idxBytes(0x0b, [2], 2, (v, i) => v.setInt16(0, [-300, 2][i]!, false)));
    assert.deepEqual(i16.values(), [-300, 2]);
  });

  test("a truncated file or a bad magic is an error naming what was expected", () => {
    const bytes = idxBytes(0x08, [4, 4], 1, () => {});
    assert.throws(
      () => parseIdx(bytes.subarray(0, bytes.length - 1), "x.idx"),
      /x\.idx: u8\[4,4\] needs 28 bytes, file holds 27/,
    );
    const bad = bytes.slice();
    bad[0] = 7;
    assert.throws(() => parseIdx(bad), /magic starts 7/);
    bad[0] = 0;
    bad[2] = 0x42;
    assert.throws(() => parseIdx(bad), /unknown element type code 0x42/);
    assert.throws(() => readIdx(join(dir, "missing")), /cannot read .*missing/);
  });

  test("the real Fashion-MNIST test images have the IDX header u8[10000,28,28]", () => {
    const raw = readFileSync(join(FASHION_MNIST_DIR, "t10k-images-idx3-ubyte.gz"));
    assert.ok(isGzip(raw));
    const h = idxHeader(new Uint8Array(gunzipSync(raw)));
    assert.equal(h.dtype, "u8");
    assert.deepEqual(h.dims, [10000, 28, 28]);
    const labels = readIdx(join(FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz"));
    assert.deepEqual(labels.shape.dims, [10000]);
    assert.ok((labels.data as Uint8Array).every((l) => l < 10));
  });
});
