/**
 * Checkpoints under attack and fault: sidecars that point outside their directory or lie about
 * sizes. A loader must never follow a path out of its directory, and must check sizes before
 * it reads, so a hostile sidecar costs an error, not the machine's memory.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
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

/** The files of `dir` that are not complete checkpoints: temp files and tensor files without a sidecar. */
function leftovers(dir: string): string[] {
  const files = readdirSync(dir);
  return files.filter(
    (f) =>
      f.includes(".tmp-") ||
      (f.endsWith(".safetensors") && !files.includes(f.replace(/\.safetensors$/, ".json"))),
  );
}

describe("killed saves", () => {
  test("a stale temp file and an orphan tensor file left by killed saves are removed at the next save", () => {
    const dir = join(root, "killed");
    new Checkpoints(dir).save(state(1));
    for (const when of ["tensor", "sidecar"]) {
      const child = spawnSync(process.execPath, [join(here, "crash_during_save.js"), dir, when], {
        encoding: "utf8",
      });
      assert.equal(child.signal, "SIGKILL", child.stderr);
    }
    const left = leftovers(dir);
    assert.ok(
      left.some((f) => f.includes(".tmp-")),
      `a temp file is left: ${left}`,
    );
    assert.ok(left.includes("ckpt-00000002.safetensors"), `an orphan tensor file is left: ${left}`);
    const ck = new Checkpoints(dir);
    assert.deepEqual(ck.steps(), [1]);
    ck.save(state(3));
    assert.deepEqual(leftovers(dir), []);
    assert.deepEqual(ck.steps(), [1, 3]);
    assert.equal(ck.load().step, 3);
  });

  test("a save loop killed at random moments 20 times always leaves a loadable newest checkpoint, and the next save cleans up", async () => {
    const dir = join(root, "kill-loop");
    const kills = 20;
    let survived = 0;
    let leftBehind = 0;
    for (let i = 0; i < kills; i++) {
      const child = spawn(process.execPath, [join(here, "save_loop.js"), dir], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the save loop did not start")), 20_000);
        child.stdout.once("data", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 300)));
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await gone;
      const ck = new Checkpoints(dir, { keep: 3 });
      if (ck.latestStep() === undefined) continue;
      ck.load();
      survived++;
      leftBehind += leftovers(dir).length;
    }
    assert.ok(survived >= kills - 2, `only ${survived} of ${kills} kills came after a first checkpoint`);
    const ck = new Checkpoints(dir, { keep: 3 });
    ck.save({ step: (ck.latestStep() ?? 0) + 1, tensors: state(1).tensors });
    assert.deepEqual(leftovers(dir), []);
    assert.ok(ck.steps().length <= 3);
    console.log(
      `kills during save: ${kills}, survived with a loadable checkpoint: ${survived}, leftovers seen ${leftBehind}`,
    );
  });
});
