/**
 * A chain of six elementwise ops over 16M f32, y = max(x * a + b, 0) * exp(-x) (StableHLO:
 * multiply, add, maximum, negate, exponential, multiply; the scalars a, b, 0 are broadcast
 * constants), through tsmlx's CPU plugin against numpy (bench/elementwise_chain_numpy.py:
 * the plain expression, and the same ufuncs with out= arrays) and against the machine's
 * memory bandwidth (bench/stream.cc, built by `make build/stream_bench`).
 *
 * Achieved bandwidth counts what an ideal fused pass must move: x read once and y written
 * once (8 bytes per element); it is set against STREAM copy (one read, one write per
 * element), on all threads for tsmlx and on one thread for numpy (numpy's ufuncs run on
 * one thread). Rounds alternate tsmlx and numpy; medians with min–max spread; the load
 * average before and after. tsmlx's time is one execution with x already on the device
 * (the result's allocation included, as numpy's is).
 *
 *   node dist/bench/elementwise_chain.js [rounds=3] [elements=16777216]
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tm from "../src/index.js";

const rounds = Number(process.argv[2] ?? 3);
const n = Number(process.argv[3] ?? 16 * 1024 * 1024);
const reps = 5;
const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bytes = n * 4 * 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** The chain; also the reference for the check below. */
function chain(x: tm.Node): tm.Node {
  return tm.mul(tm.max(tm.add(tm.mul(x, 1.5), 0.25), 0), tm.exp(tm.neg(x)));
}

interface Stream {
  threads: number;
  copy1: number;
  triad1: number;
  copyN: number;
  triadN: number;
}

function stream(): Stream | undefined {
  const bin = join(repo, "build", "stream_bench");
  if (!existsSync(bin)) return undefined;
  const out = execFileSync(bin, [String(n), "10"], { encoding: "utf8" });
  console.log(out.trim().split("\n")[0]);
  return JSON.parse(out.trim().split("\n").pop()!) as Stream;
}

function numpyRound(): { plain: number[]; out: number[]; numpy: string } {
  const script = join(repo, "bench", "elementwise_chain_numpy.py");
  return JSON.parse(
    execFileSync("/usr/bin/python3", [script, String(n), String(reps)], { encoding: "utf8" }),
  );
}

async function main(): Promise<void> {
  console.log(
    `elementwise chain y = max(x*1.5 + 0.25, 0) * exp(-x), ${n} f32; ${cpus().length} CPUs (${cpus()[0]?.model}); load ${load()}`,
  );
  const st = stream();
  if (!st) console.log("(build/stream_bench missing: `make build/stream_bench` adds the STREAM comparison)");

  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (i % 1024) / 256 - 2;
  const client = tm.defaultClient();
  const x = await client.upload(tm.Tensor.fromTypedArray("f32", [n], data));
  const f = tm.exec(chain, { name: "chain" });
  // Compile, warm up, and check a few values against plain JS.
  const y = (await (await f(x)).toTensor()).data as Float32Array;
  for (const i of [0, 1, 300, 777, n - 1]) {
    const v = data[i]!;
    const want = Math.max(Math.fround(Math.fround(v * 1.5) + 0.25), 0) * Math.exp(-v);
    if (Math.abs(y[i]! - want) > 1e-5 * Math.max(1, Math.abs(want))) {
      throw new Error(`[elementwise_chain] y[${i}] = ${y[i]} but expected ${want}`);
    }
  }

  const ours: number[] = [];
  const plain: number[] = [];
  const into: number[] = [];
  let numpy = "";
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const out = await f(x);
      ours.push(bytes / ((performance.now() - t0) / 1000) / 1e9);
      out.dispose();
    }
    const np = numpyRound();
    numpy = np.numpy;
    plain.push(...np.plain.map((t) => bytes / t / 1e9));
    into.push(...np.out.map((t) => bytes / t / 1e9));
  }
  x.dispose();

  const ms = (gbs: number) => ((bytes / gbs / 1e9) * 1000).toFixed(1);
  const line = (name: string, xs: number[], ref?: number, refName?: string) =>
    console.log(
      `${name.padEnd(30)} ${median(xs).toFixed(1).padStart(6)} GB/s (${spread(xs)})  ${ms(median(xs)).padStart(6)} ms` +
        (ref ? `   ${((100 * median(xs)) / ref).toFixed(0)}% of ${refName}` : ""),
    );
  console.log(
    `GB/s counted as ${bytes / 1e6} MB per pass (x read once, y written once); ${rounds}×${reps} runs each`,
  );
  line(
    `tsmlx (${tm.defaultClient().platformName}, all threads)`,
    ours,
    st?.copyN,
    `STREAM copy ${st?.threads} threads`,
  );
  line(`numpy ${numpy} expression`, plain, st?.copy1, "STREAM copy 1 thread");
  line(`numpy ${numpy} with out=`, into, st?.copy1, "STREAM copy 1 thread");
  console.log(
    `ratio tsmlx/numpy: ${(median(ours) / median(plain)).toFixed(2)}x (expression), ${(median(ours) / median(into)).toFixed(2)}x (out=)`,
  );
  console.log(`load after: ${load()}`);
}

await main();
