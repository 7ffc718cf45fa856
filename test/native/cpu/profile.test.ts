// TSMLX_PROFILE=1: a process that runs a program with it set prints, when the program goes (at
// the latest at exit), the runs counted, per-kind totals and the costliest steps with types.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const index = fileURLToPath(new URL("../../../src/index.js", import.meta.url));

// Three runs of exp(x + x) over 5000 floats, then exit without destroying anything.
const script = `
import * as tm from ${JSON.stringify(index)};
const s = tm.session();
const x = s.input("x", "f32", [5000]);
const y = tm.exp(tm.add(x, x));
const data = tm.Tensor.fromValues("f32", [5000], Array.from({ length: 5000 }, (_, i) => i / 5000));
for (let i = 0; i < 3; i++) await s.eval(y, { x: data });
`;

function runWith(env: Record<string, string>): string {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

test("TSMLX_PROFILE=1 prints each program's runs, per-kind totals and costliest steps at exit", () => {
  const err = runWith({ TSMLX_PROFILE: "1" });
  assert.match(err, /profile of @main \(.*\): 3 runs, [\d.]+ ms per run in \d+ timed steps/);
  assert.match(err, /ms +[\d.]+% +all fused group/);
  assert.match(err, /fused .*add.*exponential.* -> tensor<5000xf32>/);
});

test("without TSMLX_PROFILE nothing is printed", () => {
  assert.doesNotMatch(runWith({ TSMLX_PROFILE: "0" }), /profile of/);
});
