/**
 * The reverse check: every golden module that tsmlx's lowering emits (test/ops/golden, one per
 * op-table row) compiles and runs on XLA's CPU backend through jaxlib (the venv of
 * scripts/jax-venv.sh) and gives the plugin's outputs on the row's inputs. A module XLA rejects
 * is an emitter bug. Floats agree within the row's ulps (at least 2: the two backends' elementary
 * functions round differently) or 1e-6 relative; integers and booleans exactly (xla_run.py).
 * Rows marked `bundledOnly` (where XLA departs from the specification, e.g. it skips a partly
 * out-of-bounds scatter window whole) must compile and run on XLA; their outputs are not compared.
 * `TSMLX_JAX=0` skips.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Tensor } from "../../src/core/tensor.js";
import { bundledCpuPlugin, defaultClient, resolvePlugin } from "../../src/runtime/index.js";
import { GOLDEN_DIR } from "../ops/harness.js";
import { OP_CASES } from "../ops/op_table.js";
import { jaxSkip, ROOT, runJax } from "../peers.js";

interface Spec {
  dtype: string;
  shape: number[];
  offset: number;
  bytes: number;
}

function append(parts: Buffer[], size: { n: number }, ts: readonly Tensor[]): Spec[] {
  return ts.map((t) => {
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    const spec = { dtype: t.dtype, shape: [...t.shape.dims], offset: size.n, bytes: bytes.length };
    parts.push(Buffer.from(bytes));
    size.n += bytes.length;
    return spec;
  });
}

const skip =
  jaxSkip() || (resolvePlugin() !== bundledCpuPlugin() ? "compares XLA with the bundled CPU plugin" : false);

test("every golden module runs on XLA's CPU backend with the plugin's numbers", { skip }, async (t) => {
  const dir = join(ROOT, "test-artifacts", `xla-goldens-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const client = defaultClient();
  const modules = [];
  for (const c of OP_CASES) {
    const mlir = join(GOLDEN_DIR, `${c.name}.mlir`);
    const exe = await client.compile(readFileSync(mlir, "utf8"));
    const ins = await Promise.all(c.inputs.map((x) => client.upload(x)));
    const outs = await exe.run(ins);
    const got: Tensor[] = [];
    for (const o of outs) {
      got.push(await o.toTensor());
      o.dispose();
    }
    for (const a of ins) a.dispose();
    exe.destroy();
    const parts: Buffer[] = [];
    const size = { n: 0 };
    const inputs = append(parts, size, c.inputs);
    const outputs = append(parts, size, got);
    writeFileSync(join(dir, `${c.name}.bin`), Buffer.concat(parts));
    modules.push({ name: c.name, mlir, bin: `${c.name}.bin`, ulps: c.ulps ?? 0, inputs, outputs });
  }
  writeFileSync(join(dir, "index.json"), JSON.stringify({ modules }));
  const lines = runJax("test/stablehlo/xla_run.py", [dir]).trim().split("\n");
  rmSync(dir, { recursive: true, force: true });
  const results = new Map<string, { status: string; detail: string }>();
  for (const line of lines) {
    const r = JSON.parse(line) as { name: string; status: string; detail: string };
    results.set(r.name, r);
  }
  assert.equal(results.size, OP_CASES.length, "XLA reported on every golden");
  for (const c of OP_CASES) {
    await t.test(`${c.name}: golden/${c.name}.mlir runs on XLA with the plugin's outputs`, () => {
      const r = results.get(c.name);
      assert.ok(r, "no result from XLA");
      if (c.bundledOnly && r.status === "mismatch") return;
      assert.equal(r.status, "ok", `${r.status}: ${r.detail}`);
    });
  }
});
