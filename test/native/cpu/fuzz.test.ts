// Runs the engine's libFuzzer target (native/cpu/test/standalone/fuzz_compile.cc, built with clang's ASan
// and UBSan) for a fixed short time from the golden StableHLO modules: compiling only, then
// compiling and running what compiles (each run stopped after 50 ms). Any crash, sanitizer
// report, leak or hang fails the test; `make fuzz-long` runs the same for 10 minutes each.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const SECONDS = 15;

function fuzz(execute: boolean): { runs: number; corpus: number; output: string } {
  const corpus = mkdtempSync(join(tmpdir(), "tsmlx-fuzz-"));
  try {
    const r = spawnSync(
      resolve(root, "build/fuzz_compile"),
      [
        `-max_total_time=${SECONDS}`,
        "-timeout=10",
        "-rss_limit_mb=0",
        "-max_len=65536",
        "-print_final_stats=1",
        corpus,
        resolve(root, "test/ops/golden"),
      ],
      {
        cwd: root,
        encoding: "utf8",
        timeout: (SECONDS + 120) * 1000,
        env: {
          ...process.env,
          TSMLX_FUZZ_EXECUTE: execute ? "1" : "0",
          ASAN_OPTIONS: "allocator_may_return_null=1:max_allocation_size_mb=1024",
        },
      },
    );
    const output = `${r.stdout}${r.stderr}`;
    assert.equal(r.error, undefined, `the fuzzer did not finish: ${r.error?.message}`);
    assert.equal(r.status, 0, output.slice(-6000));
    assert.doesNotMatch(
      output,
      /ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:/,
      output.slice(-6000),
    );
    const done = /stat::number_of_executed_units:\s*(\d+)/.exec(output);
    assert.ok(done, `no final stats:\n${output.slice(-3000)}`);
    const inited = /INITED cov: \d+ ft: \d+ corp: (\d+)/.exec(output);
    assert.ok(inited && Number(inited[1]) > 100, "the golden modules seed the corpus");
    return { runs: Number(done[1]), corpus: readdirSync(corpus).length, output };
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

test(`the fuzz target finds no crash, sanitizer report or hang in ${SECONDS} s of compiling mutated modules, nor in ${SECONDS} s of compiling and running them`, () => {
  execFileSync("make", ["-j2", "build/fuzz_compile"], { cwd: root, stdio: "pipe" });
  const compile = fuzz(false);
  const execute = fuzz(true);
  assert.ok(compile.runs > 1000, `only ${compile.runs} compiles`);
  assert.ok(execute.runs > 500, `only ${execute.runs} compile-and-runs`);
  console.log(`fuzz, compile only: ${compile.runs} executions, ${compile.corpus} new corpus entries`);
  console.log(`fuzz, compile and run: ${execute.runs} executions, ${execute.corpus} new corpus entries`);
});
