import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, test } from "node:test";
import { writeKernelSpec } from "../../kernel/kernelspec.js";
import { killAll, PYTHON, pythonEnv, ROOT, run } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-kernelspec-"));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString(), "PNG");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test("the kernelspec runs this node on the built kernel with the connection file, interrupting by message", () => {
  const spec = writeKernelSpec(join(dir, "spec"));
  assert.equal(spec.display_name, "TypeScript (tsmlx)");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.interrupt_mode, "message");
  assert.deepEqual(spec.argv, [
    process.execPath,
    join(ROOT, "dist", "kernel", "main.js"),
    "{connection_file}",
  ]);
  assert.ok(existsSync(spec.argv[1]!));
  assert.deepEqual(pngSize(join(dir, "spec", "logo-32x32.png")), [32, 32]);
  assert.deepEqual(pngSize(join(dir, "spec", "logo-64x64.png")), [64, 64]);
});

test("scripts/install-kernelspec.sh registers the kernel where Jupyter finds it", async () => {
  const prefix = join(dir, "prefix");
  const install = await run("bash", [join(ROOT, "scripts", "install-kernelspec.sh"), "--prefix", prefix], {
    env: pythonEnv(join(dir, "jupyter")),
    timeoutMs: 60_000,
  });
  assert.equal(install.code, 0, install.stderr);
  const list = await run(PYTHON, ["-m", "jupyter_client.kernelspecapp", "list", "--json"], {
    env: pythonEnv(join(prefix, "share", "jupyter")),
    timeoutMs: 60_000,
  });
  const specs = JSON.parse(list.stdout).kernelspecs;
  assert.equal(specs.tsmlx?.spec.display_name, "TypeScript (tsmlx)");
  assert.equal(specs.tsmlx.spec.argv[1], join(ROOT, "dist", "kernel", "main.js"));
});
