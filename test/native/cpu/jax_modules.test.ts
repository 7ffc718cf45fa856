/**
 * The CPU plugin runs StableHLO as JAX writes it. JAX 0.10.2 (in the venv of scripts/jax-venv.sh)
 * lowers the program table of jax/gen_modules.py — elementwise and special functions, matmul and
 * einsum, reductions, convolutions, pooling, MLP/transformer/CNN training steps, gather/scatter,
 * sorting, loops and branches, integers, half floats, random numbers, linear algebra — and saves
 * each module in its pretty form and in MLIR's generic op form, with JAX's inputs and outputs.
 * Every module runs here in both forms and must give JAX's outputs: integers and booleans
 * exactly, floats within `tolerance` below. The generated files are cached under
 * test-artifacts/jax-modules/ by a hash of the generator. `TSMLX_JAX=0` skips.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { bf16ToF32, type DType, f16ToF32, isFloat, viewTyped } from "../../../src/core/dtype.js";
import { Tensor } from "../../../src/core/tensor.js";
import { defaultClient } from "../../../src/runtime/index.js";
import { jaxSkip, ROOT, runJax } from "../../peers.js";

const GENERATOR = "test/native/cpu/jax/gen_modules.py";

export interface ArraySpec {
  dtype: DType;
  shape: number[];
  offset: number;
  bytes: number;
}
export interface ModuleSpec {
  name: string;
  x64: boolean;
  inputs: ArraySpec[];
  outputs: ArraySpec[];
  /** Set for a program whose module the plugin refuses: text its compile error must contain. */
  expect_error?: string;
}

/** The generated modules (made on first use, then cached by the generator's hash). */
export function jaxModules(): { dir: string; modules: ModuleSpec[] } {
  const hash = createHash("sha256")
    .update(readFileSync(join(ROOT, GENERATOR)))
    .digest("hex")
    .slice(0, 16);
  const dir = join(ROOT, "test-artifacts", "jax-modules", hash);
  if (!existsSync(join(dir, "index.json"))) {
    const tmp = `${dir}.tmp${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    runJax(GENERATOR, [tmp]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    // Modules of earlier generators are not needed any more.
    for (const old of readdirSync(join(dir, ".."))) {
      if (old !== hash && !old.includes(".tmp"))
        rmSync(join(dir, "..", old), { recursive: true, force: true });
    }
  }
  return { dir, modules: JSON.parse(readFileSync(join(dir, "index.json"), "utf8")).modules };
}

/** The arrays `specs` of a module's .bin file as host tensors. */
export function readArrays(blob: Buffer, specs: readonly ArraySpec[]): Tensor[] {
  return specs.map((s) => {
    const copy = new Uint8Array(s.bytes);
    copy.set(blob.subarray(s.offset, s.offset + s.bytes));
    const n = s.shape.reduce((a, b) => a * b, 1);
    return new Tensor(s.dtype, s.shape, viewTyped(s.dtype, copy.buffer, 0, n));
  });
}

/** A float element as a JS number (f16 and bf16 are stored as 16-bit words). */
function floatAt(t: Tensor, i: number): number {
  const v = t.data[i] as number;
  if (t.dtype === "f16") return f16ToF32(v);
  if (t.dtype === "bf16") return bf16ToF32(v);
  return v;
}

/**
 * Relative tolerance per float type: f32 and f64 1e-4; f16 and bf16 one unit in their last place.
 * An element may also differ by 1% of that fraction of the largest magnitude in its tensor:
 * gradients hold sums whose terms cancel, which differ in the last bits of the largest terms
 * when two libraries add them in another order.
 */
function tolerance(d: DType): number {
  return d === "f16" ? 2 ** -10 : d === "bf16" ? 2 ** -7 : 1e-4;
}

/** Why `got` differs from `want`, or undefined when they agree. */
export function difference(got: Tensor, want: Tensor): string | undefined {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.shape.dims.join(",") !== want.shape.dims.join(","))
    return `shape [${got.shape.dims}], expected [${want.shape.dims}]`;
  const n = want.shape.size;
  if (!isFloat(want.dtype)) {
    for (let i = 0; i < n; i++)
      if (got.data[i] !== want.data[i]) return `element ${i} is ${got.data[i]}, expected ${want.data[i]}`;
    return undefined;
  }
  const rtol = tolerance(want.dtype);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const w = floatAt(want, i);
    if (Number.isFinite(w)) scale = Math.max(scale, Math.abs(w));
  }
  let worst = -1;
  let worstRatio = 1;
  for (let i = 0; i < n; i++) {
    const g = floatAt(got, i);
    const w = floatAt(want, i);
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w)))
        return `element ${i} is ${g}, expected ${w}`;
      continue;
    }
    const ratio = Math.abs(g - w) / (rtol * (Math.abs(w) + 0.01 * scale) || Number.MIN_VALUE);
    if (!(ratio <= worstRatio)) {
      worst = i;
      worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
    }
  }
  if (worst < 0) return undefined;
  return `element ${worst} is ${floatAt(got, worst)}, expected ${floatAt(want, worst)} (${worstRatio.toFixed(1)}× the tolerance)`;
}

const skip = jaxSkip();
const generated = skip ? { dir: "", modules: [] as ModuleSpec[] } : jaxModules();

test("the JAX program table was generated", { skip }, () => {
  assert.ok(generated.modules.length >= 32, `only ${generated.modules.length} modules`);
});

for (const m of generated.modules) {
  for (const form of ["pretty", "generic"] as const) {
    if (m.expect_error) {
      const want = m.expect_error;
      test(`${m.name} (${form} form) is refused with an error naming what is missing`, async () => {
        const text = readFileSync(join(generated.dir, `${m.name}.${form}.mlir`), "utf8");
        await assert.rejects(defaultClient().compile(text), (e: Error & { codeName?: string }) => {
          assert.ok(e.message.includes(want), `error "${e.message}" should contain ${want}`);
          assert.equal(e.codeName, "UNIMPLEMENTED");
          return true;
        });
      });
      continue;
    }
    test(`${m.name} (${form} form) runs on the plugin with JAX's outputs`, async () => {
      const text = readFileSync(join(generated.dir, `${m.name}.${form}.mlir`), "utf8");
      const blob = readFileSync(join(generated.dir, `${m.name}.bin`));
      const client = defaultClient();
      const exe = await client.compile(text);
      const inputs = await Promise.all(readArrays(blob, m.inputs).map((t) => client.upload(t)));
      const outs = await exe.run(inputs);
      for (const a of inputs) a.dispose();
      assert.equal(outs.length, m.outputs.length, "number of outputs");
      const want = readArrays(blob, m.outputs);
      const problems: string[] = [];
      for (const [i, o] of outs.entries()) {
        const d = difference(await o.toTensor(), want[i]!);
        if (d) problems.push(`output ${i}: ${d}`);
        o.dispose();
      }
      exe.destroy();
      assert.deepEqual(problems, [], `${m.name} differs from JAX`);
    });
  }
}
