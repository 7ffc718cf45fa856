import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Checkpoints, checkTensors, writeFileAtomic } from "../../src/checkpoint/index.js";
import { tensor } from "../../src/core/tensor.js";

const root = mkdtempSync(join(tmpdir(), "tsmlx-ckpt-"));
after(() => rmSync(root, { recursive: true, force: true }));
const here = dirname(fileURLToPath(import.meta.url));

const state = (step: number) => ({
  step,
  tensors: {
    "dense/w": tensor(
      [
        [step, 1],
        [2, 3],
      ],
      "f32",
    ),
    "opt/count": tensor(step, "i64"),
  },
  hyperparameters: { learningRate: 0.01 },
  metadata: { note: `at ${step}` },
});

describe("checkpoints", () => {
  test("save then load gives back the step, tensors, hyperparameters and metadata", () => {
    const ck = new Checkpoints(join(root, "a"));
    ck.save(state(5));
    const s = ck.load();
    assert.equal(s.step, 5);
    assert.deepEqual(s.tensors["dense/w"]!.values(), [5, 1, 2, 3]);
    assert.equal(s.tensors["opt/count"]!.get(), 5n);
    assert.deepEqual(s.hyperparameters, { learningRate: 0.01 });
    assert.deepEqual(s.metadata, { note: "at 5" });
  });

  test("keeps the last N and load() picks the latest", () => {
    const ck = new Checkpoints(join(root, "keep"), { keep: 2 });
    for (const s of [10, 20, 30, 40]) ck.save(state(s));
    assert.deepEqual(ck.steps(), [30, 40]);
    assert.equal(readdirSync(ck.dir).length, 4, "two steps, two files each, no temp files");
    assert.equal(ck.load().step, 40);
    assert.equal(ck.load(30).step, 30);
    assert.throws(() => ck.load(10), /no checkpoint for step 10 .*have: 30, 40/);
  });

  test("a crash between writing and renaming leaves the previous checkpoint intact", () => {
    const dir = join(root, "crash");
    new Checkpoints(dir).save(state(1));
    const before = readFileSync(join(dir, "ckpt-00000001.safetensors"));
    // A child process saves step 2 over the same directory and is killed (SIGKILL) once its
    // first temp file is fully written, before the rename.
    const child = spawnSync(process.execPath, [join(here, "crash_during_save.js"), dir], {
      encoding: "utf8",
    });
    assert.equal(child.signal, "SIGKILL", child.stderr);
    const ck = new Checkpoints(dir);
    assert.deepEqual(ck.steps(), [1]);
    assert.ok(readFileSync(join(dir, "ckpt-00000001.safetensors")).equals(before));
    assert.equal(ck.load().step, 1);
    assert.ok(
      readdirSync(dir).some((f) => f.includes(".tmp-")),
      "the dead writer's temp file is left aside",
    );
  });

  test("a truncated tensor file is a clear error", () => {
    const ck = new Checkpoints(join(root, "trunc"));
    ck.save(state(3));
    const f = join(ck.dir, "ckpt-00000003.safetensors");
    truncateSync(f, readFileSync(f).length - 3);
    assert.throws(
      () => ck.load(),
      /ckpt-00000003\.safetensors holds \d+ bytes, its sidecar says \d+ \(truncated or replaced\)/,
    );
  });

  test("altered bytes, a missing tensor file and an empty directory are clear errors", () => {
    const ck = new Checkpoints(join(root, "alt"));
    ck.save(state(4));
    const f = join(ck.dir, "ckpt-00000004.safetensors");
    const b = readFileSync(f);
    b[b.length - 1]! ^= 0xff;
    writeFileSync(f, b);
    assert.throws(() => ck.load(), /SHA-256 .* \(corrupted\)/);
    rmSync(f);
    assert.throws(() => ck.load(), /ckpt-00000004\.safetensors is missing/);
    assert.throws(() => new Checkpoints(join(root, "none")).load(), /no checkpoint in .*none/);
  });

  test("checkTensors lists every missing, unexpected and mismatched tensor", () => {
    assert.throws(
      () =>
        checkTensors(
          { a: tensor([1, 2], "f32"), extra: tensor(1, "f32") },
          { a: { dtype: "f32", shape: [3] }, b: { dtype: "i32", shape: [] } },
        ),
      /"a" is f32\[2\], expected f32\[3\]; missing "b" \(i32\[\]\); unexpected "extra"/,
    );
  });

  test("writeFileAtomic replaces a file's contents whole", () => {
    const p = join(root, "atomic.bin");
    writeFileAtomic(p, new Uint8Array([1, 2, 3]));
    writeFileAtomic(p, new Uint8Array([4, 5]));
    assert.deepEqual([...readFileSync(p)], [4, 5]);
  });
});
