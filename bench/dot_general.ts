/**
 * dot_general through tsmlx's CPU plugin against numpy (Debian's python3-numpy on the same
 * OpenBLAS), in one run, alternating rounds so both see the same machine state.
 * Prints medians, spreads and the ratio tsmlx/numpy in GFLOP/s.
 *
 *   node dist/bench/dot_general.js [rounds]
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tm from "../src/index.js";

interface Case {
  name: string;
  a: number[];
  b: number[];
  flops: number;
  reps: number;
}

const CASES: Case[] = [
  { name: "1024x1024x1024", a: [1024, 1024], b: [1024, 1024], flops: 2 * 1024 ** 3, reps: 10 },
  { name: "batched 8x512x512", a: [8, 512, 512], b: [8, 512, 512], flops: 8 * 2 * 512 ** 3, reps: 10 },
];

function random(shape: number[]): tm.Tensor {
  const n = shape.reduce((x, y) => x * y, 1);
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return tm.Tensor.fromTypedArray("f32", shape, data);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

async function tsmlxTimes(c: Case): Promise<number[]> {
  const batched = c.a.length === 3;
  const f = tm.exec((a: tm.Node, b: tm.Node) =>
    batched
      ? tm.dotGeneral(a, b, { lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1] })
      : tm.matmul(a, b),
  );
  const client = tm.defaultClient();
  const a = await client.upload(random(c.a));
  const b = await client.upload(random(c.b));
  (await f(a, b)).dispose(); // compile + warm-up
  const times: number[] = [];
  for (let i = 0; i < c.reps; i++) {
    const t0 = performance.now();
    const out = await f(a, b);
    times.push((performance.now() - t0) / 1000);
    out.dispose();
  }
  a.dispose();
  b.dispose();
  return times;
}

function numpyTimes(c: Case): { times: number[]; blas: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "numpy_matmul.py");
  const out = execFileSync(
    "/usr/bin/python3",
    [script, JSON.stringify([{ name: c.name, a: c.a, b: c.b, reps: c.reps }])],
    {
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(out) as { times: Record<string, number[]>; blas: string };
  return { times: parsed.times[c.name]!, blas: parsed.blas };
}

const rounds = Number(process.argv[2] ?? 3);
console.log(
  `dot_general f32: tsmlx (${tm.defaultClient().platformName} plugin) vs numpy, ${rounds} alternating rounds`,
);
for (const c of CASES) {
  const ours: number[] = [];
  const theirs: number[] = [];
  let blas = "";
  for (let r = 0; r < rounds; r++) {
    ours.push(...(await tsmlxTimes(c)).map((t) => c.flops / t / 1e9));
    const np = numpyTimes(c);
    blas = np.blas;
    theirs.push(...np.times.map((t) => c.flops / t / 1e9));
  }
  const ratio = median(ours) / median(theirs);
  console.log(
    `${c.name.padEnd(18)} tsmlx ${median(ours).toFixed(1)} GFLOP/s (${spread(ours)})   ` +
      `numpy ${median(theirs).toFixed(1)} GFLOP/s (${spread(theirs)})   ratio ${ratio.toFixed(2)}x`,
  );
  if (c === CASES[0]) console.log(`  numpy BLAS: ${blas}`);
}
