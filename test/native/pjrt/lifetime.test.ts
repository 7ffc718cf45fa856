// Native objects that JS drops without delete()/destroy() are freed by their finalizers.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../../../src/runtime/addon.js";

test("garbage-collected buffers, executables and clients free their native objects", () => {
  const addonModule = pathToFileURL(join(packageRoot(), "dist", "src", "runtime", "addon.js")).href;
  const plugin = join(packageRoot(), "build", "libtsmlx_cpu_pjrt.so");
  // A child with --expose-gc: create objects, drop them, collect, and report the counts.
  const script = `
    const { loadAddon } = await import(${JSON.stringify(addonModule)});
    const addon = loadAddon();
    async function work() {
      const client = addon.loadPlugin(${JSON.stringify(plugin)}).createClient();
      const exe = await client.compile('func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> { return %a : tensor<2xf32> }');
      const x = await client.bufferFromHost(new Float32Array([1, 2]), 11, [2]);
      await exe.execute([x]);
      return addon.liveObjects();
    }
    const during = await work();
    for (let i = 0; i < 10; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
    console.log(JSON.stringify({ during, after: addon.liveObjects() }));
  `;
  const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  const { during, after } = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
  assert.deepEqual(during, { buffers: 2, executables: 1 });
  assert.deepEqual(after, { buffers: 0, executables: 0 });
});
