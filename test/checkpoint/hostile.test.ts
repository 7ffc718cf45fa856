/**
 * Checkpoints under attack and fault: sidecars that point outside their directory or lie about
 * sizes. A loader must never follow a path out of its directory, and must check sizes before
 * it reads, so a hostile sidecar costs an error, not the machine's memory.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Checkpoints } from "../../src/checkpoint/index.js";
import { tensor } from "../../src/core/tensor.js";

const root = mkdtempSync(join(tmpdir(), "tsmlx-ckpt-hostile-"));
after(() => rmSync(root, { recursive: true, force: true }));
const here = dirname(fileURLToPath(import.meta.url));

const state = (step: number) => ({
  step,
  tensors: { "dense/w": tensor([step, 1, 2, 3], "f32"), "opt/count": tensor(step, "i64") },
});

/** A directory holding checkpoint 1, with its sidecar rewritten by `edit`. */
function tampered(name: string, edit: (info: Record<string, unknown>) => void): string {
  const dir = join(root, name);
  const sidecar = new Checkpoints(dir).save(state(1));
  const info = JSON.parse(readFileSync(sidecar, "utf8"));
  edit(info);
  writeFileSync(sidecar, JSON.stringify(info));
  return dir;
}

/** Loads in a child process with 3 GB of address space and 20 s at most. */
function loadInChild(dir: string): { ok: boolean; message?: string; ms: number } {
  const r = spawnSync(
    "bash",
    ["-c", `ulimit -v 3000000; exec "$0" "$1" "$2"`, process.execPath, join(here, "load_child.js"), dir],
    {
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  assert.equal(r.error, undefined, `the load did not end: ${r.error?.message}`);
  const line = r.stdout.trim().split("\n").at(-1);
  assert.ok(line, `no outcome (status ${r.status}, signal ${r.signal}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(line);
}

describe("checkpoint paths are confined to their directory", () => {
  test("a sidecar whose file is ../../../dev/zero is refused at once, without reading it", () => {
    const dir = tampered("dev-zero", (info) => {
      info.file = "../../../dev/zero";
    });
    const r = loadInChild(dir);
    assert.equal(r.ok, false);
    assert.match(r.message!, /names the tensor file "\.\.\/\.\.\/\.\.\/dev\/zero", which is not a file in /);
    assert.ok(r.ms < 2000, `took ${r.ms} ms`);
  });

  test("a sidecar naming a valid tensor file in another directory is refused", () => {
    const other = join(root, "other");
    new Checkpoints(other).save(state(1));
    const dir = tampered("elsewhere", (info) => {
      info.file = "../other/ckpt-00000001.safetensors";
    });
    assert.throws(() => new Checkpoints(dir).load(), /which is not a file in/);
    const abs = tampered("absolute", (info) => {
      info.file = join(other, "ckpt-00000001.safetensors");
    });
    assert.throws(() => new Checkpoints(abs).load(), /which is not a file in/);
  });

  test("a tensor file that is a link out of the directory (to /dev/zero) is refused without reading it", () => {
    const dir = tampered("link", () => undefined);
    rmSync(join(dir, "ckpt-00000001.safetensors"));
    symlinkSync("/dev/zero", join(dir, "ckpt-00000001.safetensors"));
    const r = loadInChild(dir);
    assert.equal(r.ok, false);
    assert.match(r.message!, /resolves to \/dev\/zero, outside /);
    assert.ok(r.ms < 2000, `took ${r.ms} ms`);
  });

  test("a sidecar that is a link to /dev/zero is refused without reading it", () => {
    const dir = join(root, "sidecar-link");
    mkdirSync(dir, { recursive: true });
    symlinkSync("/dev/zero", join(dir, "ckpt-00000001.json"));
    const r = loadInChild(dir);
    assert.equal(r.ok, false);
    assert.match(r.message!, /ckpt-00000001\.json resolves to \/dev\/zero, outside /);
  });

  test("sizes are checked against the sidecar before reading: a short or long tensor file and a bogus size", () => {
    const long = tampered("long", () => undefined);
    writeFileSync(join(long, "ckpt-00000001.safetensors"), Buffer.alloc(1 << 20));
    assert.throws(
      () => new Checkpoints(long).load(),
      /holds 1048576 bytes, its sidecar says \d+ \(truncated or replaced\)/,
    );
    const bogus = tampered("bogus-size", (info) => {
      info.bytes = -1;
    });
    assert.throws(() => new Checkpoints(bogus).load(), /says the tensor file holds -1 bytes/);
  });
});
