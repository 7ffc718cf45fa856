// Runs the C++ check of the CPU plugin's PJRT_Api table (native/cpu/test/standalone/api_table_test.cc):
// all 138 entries filled, unimplemented ones answer UNIMPLEMENTED naming themselves, short
// and NULL argument structs are rejected, and a buffer survives a round trip through C.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

test("CPU plugin PJRT_Api table: every entry filled, unimplemented ones say so, bad args rejected", () => {
  execFileSync("make", ["-j2", "build/cpu_api_table_test", "build/libtsmlx_cpu_pjrt.so"], {
    cwd: root,
    stdio: "pipe",
  });
  const run = spawnSync(
    resolve(root, "build/cpu_api_table_test"),
    [resolve(root, "build/libtsmlx_cpu_pjrt.so")],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const output = `${run.stdout}${run.stderr}`;
  const summary = /(\d+) checks, (\d+) failures/.exec(output);
  assert.ok(summary, `no summary line in output:\n${output}`);
  assert.equal(Number(summary[2]), 0, output);
  // 138 table slots plus two checks per unimplemented entry plus the round trip.
  assert.ok(Number(summary[1]) > 250, `too few checks ran:\n${output}`);
  assert.equal(run.status, 0, output);
});

test("the CPU plugin exports GetPjrtApi and no other symbol", () => {
  execFileSync("make", ["-j2", "build/libtsmlx_cpu_pjrt.so"], { cwd: root, stdio: "pipe" });
  const symbols = execFileSync("nm", ["-D", "--defined-only", resolve(root, "build/libtsmlx_cpu_pjrt.so")], {
    encoding: "utf8",
  });
  const names = symbols
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 3 && parts[1] === "T")
    .map((parts) => parts[2]);
  assert.deepEqual(names, ["GetPjrtApi"]);
});
