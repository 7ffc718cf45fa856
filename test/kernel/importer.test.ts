/**
 * The kernel's import cache under attack: another user of the machine plants a directory
 * with the predictable name a kernel used to bundle local TypeScript imports into, with a
 * module of the expected name in it. The kernel must neither trust nor write into it, and
 * what it writes itself must be private and verified before it is imported.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, test } from "node:test";
import { KernelProcess } from "./wire_client.js";

const notebookDir = mkdtempSync(join(tmpdir(), "tsmlx-importer-nb-"));
// esbuild takes its working directory when first loaded, and a bundle's source map names paths
// relative to it: load it from the notebook's directory, as the kernel (started there) does.
const cwd = process.cwd();
process.chdir(notebookDir);
const importer = await import("../../kernel/exec/importer.js");
process.chdir(cwd);
const { Importer } = importer;
writeFileSync(join(notebookDir, "m.ts"), 'export const value: string = "genuine";\n');
const PLANTED = 'export const value = "PLANTED by another user";\n';
const planted: string[] = [];
const kernels: KernelProcess[] = [];

after(async () => {
  for (const k of kernels) await k.stop();
  for (const d of planted) rmSync(d, { recursive: true, force: true });
  rmSync(notebookDir, { recursive: true, force: true });
});

/** The directory an importer of this process writes bundles to, wherever that is. */
function bundleDirOf(imp: InstanceType<typeof Importer>): string | undefined {
  const dirs = [(imp as { cacheDir?: string }).cacheDir, join(tmpdir(), `tsmlx-kernel-${process.pid}`)];
  return dirs.find((d) => d !== undefined && existsSync(d));
}

/** Plants `<dir>/<name>` as another user (nobody) would: their directory, world-writable. */
function plant(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  planted.push(dir);
  for (const n of names) writeFileSync(join(dir, n), PLANTED);
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
}

test("a planted /tmp/tsmlx-kernel-<pid> directory with a module of the expected name is not imported by the kernel", async () => {
  // Learn the bundle's file name as an attacker watching /tmp could: bundle the same file once.
  const probe = new Importer(notebookDir, {});
  assert.equal((await probe.import("./m.ts")).value, "genuine");
  const dir = bundleDirOf(probe);
  assert.ok(dir, "the probe wrote its bundle somewhere");
  const names = readdirSync(dir).filter((f) => f.endsWith(".mjs"));
  assert.ok(names.length > 0);
  probe.dispose();

  const k = await KernelProcess.start({ cwd: notebookDir });
  kernels.push(k);
  const predictable = join(tmpdir(), `tsmlx-kernel-${k.child.pid}`);
  plant(predictable, names);
  const r = await k.execute('import { value } from "./m.ts";\nvalue');
  assert.equal(r.reply.status, "ok", JSON.stringify(r.reply));
  assert.equal(r.result, "'genuine'");
  // Nothing of the kernel's went into the planted directory either.
  assert.deepEqual(readdirSync(predictable).sort(), [...names].sort());
});

test("the bundle cache is a fresh directory only its owner can enter, and bundles are not world-readable", async () => {
  const imp = new Importer(notebookDir, {});
  await imp.import("./m.ts");
  const dir = imp.cacheDir;
  assert.ok(dir, "the importer reports its cache directory");
  assert.notEqual(dir, join(tmpdir(), `tsmlx-kernel-${process.pid}`));
  const st = statSync(dir);
  assert.equal(st.uid, process.getuid?.());
  assert.equal(st.mode & 0o777, 0o700);
  const files = readdirSync(dir);
  assert.ok(files.length > 0);
  for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o077, 0, `${f} is readable by others`);
  imp.dispose();
  assert.equal(existsSync(dir), false, "dispose removes the cache directory");
});

test("a content-addressed bundle whose bytes do not match its name is rewritten before it is imported", () => {
  const dir = importer.privateCacheDir();
  try {
    const text = 'export const value = "genuine";\n';
    const name = `${createHash("sha256").update(text).digest("hex")}.mjs`;
    writeFileSync(join(dir, name), PLANTED);
    const path = importer.writeVerifiedBundle(dir, text);
    assert.equal(path, join(dir, name));
    assert.equal(readFileSync(path, "utf8"), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a cache directory that is not private (another owner, or open to others) is refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsmlx-importer-open-"));
  planted.push(dir);
  chmodSync(dir, 0o755);
  assert.throws(() => importer.checkPrivateDir(dir), /\[import\] .* is readable or writable by others/);
  chmodSync(dir, 0o700);
  importer.checkPrivateDir(dir);
  if (process.getuid?.() === 0) {
    chownSync(dir, 65534, 65534);
    assert.throws(() => importer.checkPrivateDir(dir), /\[import\] .* is owned by uid 65534/);
  }
});
