/**
 * runtimeInfo() and the plugin's platform choices: the instruction-set cap (TSMLX_ISA) reaches the
 * plugin's kernels, oneDNN and OpenBLAS's core type; OPENBLAS_CORETYPE is honoured; bad settings
 * fail with a message that names them; and products and elementary functions agree across the
 * forced-down variants (within a stated tolerance for BLAS, bit for bit for the functions, whose
 * builds round alike by design).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runtimeInfo } from "../../src/runtime/info.js";

const INDEX = pathToFileURL(fileURLToPath(new URL("../../src/index.js", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "tsmlx-info-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// A child that prints its runtimeInfo, a 64x300 · 300x48 product and exp over a wide range.
const probe = join(dir, "probe.mjs");
writeFileSync(
  probe,
  `import * as tm from ${JSON.stringify(INDEX)};
const a = tm.tensor(Array.from({ length: 64 }, (_, i) => Array.from({ length: 300 }, (_, k) => Math.sin(i * 7 + k))), "f32");
const b = tm.tensor(Array.from({ length: 300 }, (_, k) => Array.from({ length: 48 }, (_, j) => Math.cos(k * 3 - j))), "f32");
const x = tm.tensor(Array.from({ length: 4099 }, (_, i) => -80 + i * 0.04), "f32");
const product = await tm.eager(a).matmul(b);
const e = await tm.eagerOps.exp(x);
console.log(JSON.stringify({ info: tm.runtimeInfo(), product: product.values(), exp: e.values() }));
`,
);

interface Probe {
  info: ReturnType<typeof runtimeInfo>;
  product: number[];
  exp: number[];
}

function runProbe(env: Record<string, string>): Promise<{ out?: Probe; stderr: string }> {
  const vars: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!("OPENBLAS_CORETYPE" in env)) delete vars.OPENBLAS_CORETYPE;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [probe],
      { env: vars, timeout: 60_000, maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        resolve({ out: err ? undefined : (JSON.parse(stdout) as Probe), stderr: String(stderr) });
      },
    );
  });
}

// The product in float64 from the same f32 inputs.
const want = (() => {
  const f = (v: number) => Math.fround(v);
  const out: number[] = [];
  for (let i = 0; i < 64; i++)
    for (let j = 0; j < 48; j++) {
      let s = 0;
      for (let k = 0; k < 300; k++) s += f(Math.sin(i * 7 + k)) * f(Math.cos(k * 3 - j));
      out.push(s);
    }
  return out;
})();

// f32 sums of 300 products of magnitude <= 1: a few hundred ulps of 1 at most, whatever the order.
function assertProductNear(got: number[], what: string): void {
  assert.equal(got.length, want.length);
  for (const [i, v] of got.entries())
    assert.ok(Math.abs(v - want[i]!) <= 1e-4, `${what}: [${i}] ${v} vs ${want[i]}`);
}

const machine = String(runtimeInfo().attributes.isa_machine);
const order = ["baseline", "avx2", "avx512"];
const runs = (isa: string) => order.indexOf(isa) <= order.indexOf(machine);

test("runtimeInfo names the cpu platform, its device, the instruction set, OpenBLAS's core and the threads", () => {
  const info = runtimeInfo();
  assert.equal(info.platform, "cpu");
  assert.ok(info.devices.length >= 1);
  assert.ok(info.plugin.endsWith("libtsmlx_cpu_pjrt.so"));
  const a = info.attributes;
  assert.ok(order.includes(String(a.isa)), `isa ${a.isa}`);
  assert.ok(order.includes(machine), `isa_machine ${machine}`);
  assert.match(String(a.openblas_config), /^OpenBLAS \d+\.\d+/);
  assert.ok(String(a.openblas_core).length > 0);
  assert.match(String(a.onednn_isa), /^cpu_isa_/);
  assert.ok(typeof a.threads === "number" && a.threads >= 1);
});

test("the default run and every forced-down instruction set compute the same product and exp", async () => {
  const base = await runProbe({});
  assert.ok(base.out, base.stderr);
  assertProductNear(base.out.product, "default");
  if (
    !process.env.OPENBLAS_CORETYPE &&
    !process.env.TSMLX_ISA &&
    base.out.info.attributes.isa !== "baseline"
  ) {
    assert.notEqual(
      base.out.info.attributes.openblas_core,
      "Prescott",
      "a processor with AVX2 gets more than SSE3 kernels",
    );
  }
  for (const isa of order.filter(runs)) {
    const r = await runProbe({ TSMLX_ISA: isa });
    assert.ok(r.out, r.stderr);
    const a = r.out.info.attributes;
    assert.equal(a.isa, isa);
    if (isa !== machine) assert.equal(a.isa_source, `TSMLX_ISA=${isa}`);
    if (isa === "avx2") {
      assert.equal(a.onednn_isa, "cpu_isa_avx2");
      assert.ok(["Haswell", "Zen"].includes(String(a.openblas_core)), `core ${a.openblas_core}`);
    }
    if (isa === "baseline") {
      assert.equal(a.onednn_isa, "cpu_isa_sse41");
      assert.equal(a.openblas_core, machine === "baseline" ? a.openblas_core : "Prescott");
    }
    assertProductNear(r.out.product, `TSMLX_ISA=${isa}`);
    assert.deepEqual(r.out.exp, base.out.exp, `exp under TSMLX_ISA=${isa} has the default run's bits`);
  }
});

test("OPENBLAS_CORETYPE set by the user is what OpenBLAS runs, and is named as the reason", {
  skip: !runs("avx2"),
}, async () => {
  const r = await runProbe({ OPENBLAS_CORETYPE: "Haswell" });
  assert.ok(r.out, r.stderr);
  assert.equal(r.out.info.attributes.openblas_core, "Haswell");
  assert.equal(r.out.info.attributes.openblas_core_source, "OPENBLAS_CORETYPE");
  assertProductNear(r.out.product, "OPENBLAS_CORETYPE=Haswell");
});

test("an unknown TSMLX_ISA and a missing OpenBLAS fail at load with messages that name them", async () => {
  const bad = await runProbe({ TSMLX_ISA: "avx9000" });
  assert.equal(bad.out, undefined);
  assert.match(bad.stderr, /TSMLX_ISA is "avx9000"; expected baseline, avx2, avx512 or native/);
  const missing = await runProbe({ TSMLX_OPENBLAS: join(dir, "no-such-libopenblas.so") });
  assert.equal(missing.out, undefined);
  assert.match(
    missing.stderr,
    /cannot load OpenBLAS .*no-such-libopenblas\.so.*apt-get install libopenblas0/,
  );
});
