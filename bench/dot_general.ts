/**
 * dot_general through tsmlx's CPU plugin against numpy (Debian's python3-numpy on the same
 * OpenBLAS) on f32, for the layouts a model and its gradients produce: plain, either operand
 * transposed (dW = xᵀ·dy, dx = dy·Wᵀ), a row vector times a matrix (decoding), batched,
 * batch dim stored inside, many small products.
 * Rounds alternate tsmlx and numpy (one numpy process per round runs every case), so both
 * see the same machine state; prints GFLOP/s medians with min–max spread, the ratio
 * tsmlx/numpy, and the load average before and after.
 *
 *   node dist/bench/dot_general.js [--rounds 3] [--filter text] [--threads N]
 *
 * `--threads N` runs both on N threads (TSMLX_NUM_THREADS for tsmlx, OPENBLAS_NUM_THREADS
 * for numpy); one-thread figures are the steadier ones on a shared machine.
 * `--baseline PLUGIN.so` also runs every case on a second build of the CPU plugin (e.g. one
 * built from an older dot.cc) in the same process and rounds, and prints tsmlx/baseline.
 * `--numpy-core NAME` runs numpy with OPENBLAS_CORETYPE=NAME (e.g. Prescott, the generic kernels
 * OpenBLAS falls back to on a processor newer than its build). Whenever numpy's OpenBLAS core
 * differs from the one tsmlx chose (runtimeInfo's openblas_core), a second numpy peer runs with
 * tsmlx's core, which is the machine's sgemm rate through OpenBLAS.
 *
 * Time is taken around one execution with the inputs already on the device (the result's
 * allocation included, as in numpy's `a @ b`).
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tm from "../src/index.js";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    filter: { type: "string" },
    threads: { type: "string" },
    baseline: { type: "string" },
    "numpy-core": { type: "string" },
  },
});
// Read by the plugin when its client starts, below.
if (args.threads) process.env.TSMLX_NUM_THREADS = args.threads;

interface Case {
  name: string;
  /** Stored shapes. */
  a: number[];
  b: number[];
  dims: tm.DotDims;
  /** The same product for numpy: last two dims of a / b transposed, a permuted first. */
  ta?: boolean;
  tb?: boolean;
  aPerm?: number[];
  flops: number;
  reps: number;
}

const n1024 = 2 * 1024 ** 3;
const CASES: Case[] = [
  { name: "1024^3", a: [1024, 1024], b: [1024, 1024], dims: mm(), flops: n1024, reps: 5 },
  {
    name: "1024^3 lhsT",
    a: [1024, 1024],
    b: [1024, 1024],
    dims: { lhsContracting: [0], rhsContracting: [0] },
    ta: true,
    flops: n1024,
    reps: 5,
  },
  {
    name: "1024^3 rhsT",
    a: [1024, 1024],
    b: [1024, 1024],
    dims: { lhsContracting: [1], rhsContracting: [1] },
    tb: true,
    flops: n1024,
    reps: 5,
  },
  {
    name: "1024^3 lhsT rhsT",
    a: [1024, 1024],
    b: [1024, 1024],
    dims: { lhsContracting: [0], rhsContracting: [1] },
    ta: true,
    tb: true,
    flops: n1024,
    reps: 5,
  },
  {
    name: "dense x·W 64x2048·2048x128",
    a: [64, 2048],
    b: [2048, 128],
    dims: mm(),
    flops: 2 * 64 * 2048 * 128,
    reps: 50,
  },
  {
    name: "dense dW xT·dy 2048x64·64x128",
    a: [64, 2048],
    b: [64, 128],
    dims: { lhsContracting: [0], rhsContracting: [0] },
    ta: true,
    flops: 2 * 64 * 2048 * 128,
    reps: 50,
  },
  {
    name: "dense dx dy·WT 64x128·128x2048",
    a: [64, 128],
    b: [2048, 128],
    dims: { lhsContracting: [1], rhsContracting: [1] },
    tb: true,
    flops: 2 * 64 * 2048 * 128,
    reps: 50,
  },
  {
    name: "vector·matrix 1x256·256x32000",
    a: [1, 256],
    b: [256, 32000],
    dims: mm(),
    flops: 2 * 256 * 32000,
    reps: 20,
  },
  {
    name: "vector·matrixT 1x2048·2048x2048",
    a: [1, 2048],
    b: [2048, 2048],
    dims: { lhsContracting: [1], rhsContracting: [1] },
    tb: true,
    flops: 2 * 2048 * 2048,
    reps: 20,
  },
  {
    name: "batched 8x512x512",
    a: [8, 512, 512],
    b: [8, 512, 512],
    dims: { lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1] },
    flops: 8 * 2 * 512 ** 3,
    reps: 5,
  },
  {
    name: "batched 8x512x512 rhsT",
    a: [8, 512, 512],
    b: [8, 512, 512],
    dims: { lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [2] },
    tb: true,
    flops: 8 * 2 * 512 ** 3,
    reps: 5,
  },
  {
    name: "batch inside lhs [512,8,512]",
    a: [512, 8, 512],
    b: [8, 512, 512],
    dims: { lhsBatch: [1], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1] },
    aPerm: [1, 0, 2],
    flops: 8 * 2 * 512 ** 3,
    reps: 5,
  },
  {
    name: "batched 256x64x64x64",
    a: [256, 64, 64],
    b: [256, 64, 64],
    dims: { lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1] },
    flops: 256 * 2 * 64 ** 3,
    reps: 10,
  },
];

function mm(): tm.DotDims {
  return { lhsContracting: [1], rhsContracting: [0] };
}

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
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** Per case: a compiled function and its inputs on the device, made once. */
async function prepare(c: Case, client: tm.Client) {
  const f = tm.exec((a: tm.Node, b: tm.Node) => tm.dotGeneral(a, b, c.dims), { name: "dot", client });
  const a = await client.upload(random(c.a));
  const b = await client.upload(random(c.b));
  (await f(a, b)).dispose(); // compile + warm-up
  return async (): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < c.reps; i++) {
      const t0 = performance.now();
      const out = await f(a, b);
      times.push((performance.now() - t0) / 1000);
      out.dispose();
    }
    return times;
  };
}

function numpyRound(
  cases: Case[],
  core: string | undefined,
): { times: Record<string, number[]>; blas: string; numpy: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "numpy_matmul.py");
  const spec = cases.map((c) => ({
    name: c.name,
    a: c.a,
    b: c.b,
    ta: c.ta ?? false,
    tb: c.tb ?? false,
    a_perm: c.aPerm ?? null,
    reps: c.reps,
  }));
  const env = { ...process.env };
  if (args.threads) env.OPENBLAS_NUM_THREADS = args.threads;
  if (core) env.OPENBLAS_CORETYPE = core;
  const out = execFileSync("/usr/bin/python3", [script, JSON.stringify(spec)], { encoding: "utf8", env });
  return JSON.parse(out);
}

const rounds = Number(args.rounds);
const cases = CASES.filter((c) => !args.filter || c.name.includes(args.filter));
console.log(
  `dot_general f32: tsmlx (${tm.defaultClient().platformName} plugin) vs numpy, ${rounds} alternating rounds, ` +
    `${args.threads ?? "default"} threads; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model}); load ${load()}`,
);
const ourCore = String(tm.runtimeInfo().attributes.openblas_core ?? "");
console.log(
  `tsmlx: OpenBLAS core ${ourCore} (${tm.runtimeInfo().attributes.openblas_core_source}), isa ${tm.runtimeInfo().attributes.isa}`,
);
const numpyCore = args["numpy-core"];
const probe = numpyRound(cases.slice(0, 1), numpyCore);
// A second numpy peer on tsmlx's core when numpy's own differs (threadpoolctl names it).
const secondCore = ourCore && !probe.blas.toLowerCase().includes(ourCore.toLowerCase()) ? ourCore : undefined;
const baseClient = args.baseline ? tm.Client.open({ plugin: args.baseline }) : undefined;
const runners = new Map<Case, () => Promise<number[]>>();
const baseRunners = new Map<Case, () => Promise<number[]>>();
for (const c of cases) {
  runners.set(c, await prepare(c, tm.defaultClient()));
  if (baseClient) baseRunners.set(c, await prepare(c, baseClient));
}
const ours = new Map<Case, number[]>(cases.map((c) => [c, []]));
const theirs = new Map<Case, number[]>(cases.map((c) => [c, []]));
const base = new Map<Case, number[]>(cases.map((c) => [c, []]));
const second = new Map<Case, number[]>(cases.map((c) => [c, []]));
let peer = "";
let secondPeer = "";
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    ours.get(c)!.push(...(await runners.get(c)!()).map((t) => c.flops / t / 1e9));
    if (baseClient) base.get(c)!.push(...(await baseRunners.get(c)!()).map((t) => c.flops / t / 1e9));
  }
  const np = numpyRound(cases, numpyCore);
  peer = `numpy ${np.numpy}, ${np.blas}`;
  for (const c of cases) theirs.get(c)!.push(...np.times[c.name]!.map((t) => c.flops / t / 1e9));
  if (secondCore) {
    const np2 = numpyRound(cases, secondCore);
    secondPeer = `numpy ${np2.numpy}, ${np2.blas}`;
    for (const c of cases) second.get(c)!.push(...np2.times[c.name]!.map((t) => c.flops / t / 1e9));
  }
}
console.log(`peer: ${peer}${args.baseline ? `; baseline plugin: ${args.baseline}` : ""}`);
if (secondCore) console.log(`second peer (numpy on tsmlx's core): ${secondPeer}`);
for (const c of cases) {
  const a = ours.get(c)!;
  const b = theirs.get(c)!;
  console.log(
    `${c.name.padEnd(32)} tsmlx ${median(a).toFixed(1).padStart(6)} GFLOP/s (${spread(a)})   ` +
      `numpy ${median(b).toFixed(1).padStart(6)} GFLOP/s (${spread(b)})   ratio ${(median(a) / median(b)).toFixed(2)}x` +
      (secondCore
        ? `   numpy@${secondCore} ${median(second.get(c)!).toFixed(1).padStart(6)} (${spread(second.get(c)!)}) ratio ${(median(a) / median(second.get(c)!)).toFixed(2)}x`
        : "") +
      (baseClient
        ? `   baseline ${median(base.get(c)!).toFixed(1)} (${spread(base.get(c)!)}) tsmlx/baseline ${(median(a) / median(base.get(c)!)).toFixed(2)}x`
        : ""),
  );
}
console.log(`load after: ${load()}`);
