/**
 * The CPU plugin's elementwise fusion on a 6-op chain over 16M f32,
 * y = relu(x * a + b) * exp(-x) (multiply, add, maximum, negate, exponential, multiply,
 * with a and b scalars broadcast), compiled twice in one process: fused (the default) and
 * op by op (TSMLX_FUSION=0 while compiling). Rounds alternate between the two; prints
 * medians in ms and GB/s of the 2 x 64 MB the fused loop must move, and the ratio.
 *
 *   node dist/bench/fused_chain.js [rounds=7] [elements=16777216]
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { pjrtBufferType } from "../src/core/dtype.js";
import { loadAddon, type NativeExecutable, packageRoot } from "../src/runtime/addon.js";

const rounds = Number(process.argv[2] ?? 7);
const n = Number(process.argv[3] ?? 16 * 1024 * 1024);
const T = `tensor<${n}xf32>`;
const S = "tensor<f32>";
const CHAIN = `module @chain {
  func.func public @main(%x: ${T}, %a: ${S}, %b: ${S}) -> (${T}) {
    %zero = "stablehlo.constant"() {value = dense<0.0> : ${S}} : () -> ${S}
    %z = "stablehlo.broadcast_in_dim"(%zero) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %ab = "stablehlo.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %bb = "stablehlo.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %0 = "stablehlo.multiply"(%x, %ab) : (${T}, ${T}) -> ${T}
    %1 = "stablehlo.add"(%0, %bb) : (${T}, ${T}) -> ${T}
    %2 = "stablehlo.maximum"(%1, %z) : (${T}, ${T}) -> ${T}
    %3 = "stablehlo.negate"(%x) : (${T}) -> ${T}
    %4 = "stablehlo.exponential"(%3) : (${T}) -> ${T}
    %5 = "stablehlo.multiply"(%2, %4) : (${T}, ${T}) -> ${T}
    "func.return"(%5) : (${T}) -> ()
  }
}`;

const client = loadAddon()
  .loadPlugin(join(packageRoot(), "build", "libtsmlx_cpu_pjrt.so"))
  .createClient();
const F32 = pjrtBufferType("f32");

async function compile(fusion: boolean): Promise<NativeExecutable> {
  const saved = process.env.TSMLX_FUSION;
  process.env.TSMLX_FUSION = fusion ? "1" : "0";
  try {
    return await client.compile(CHAIN);
  } finally {
    if (saved === undefined) delete process.env.TSMLX_FUSION;
    else process.env.TSMLX_FUSION = saved;
  }
}

const xs = new Float32Array(n);
for (let i = 0; i < n; i++) xs[i] = ((i * 2654435761) % 1000) / 250 - 2;
const x = await client.bufferFromHost(xs, F32, [n]);
const a = await client.bufferFromHost(new Float32Array([1.5]), F32, []);
const b = await client.bufferFromHost(new Float32Array([0.25]), F32, []);
const fused = await compile(true);
const plain = await compile(false);

async function time(exe: NativeExecutable): Promise<number> {
  const t0 = performance.now();
  const [y] = await exe.execute([x, a, b]);
  const ms = performance.now() - t0;
  y!.delete();
  return ms;
}

// Same results first (bit for bit), then warm-up.
const [yf] = await fused.execute([x, a, b]);
const [yp] = await plain.execute([x, a, b]);
const same = Buffer.from(await yf!.toHost()).equals(Buffer.from(await yp!.toHost()));
yf!.delete();
yp!.delete();
const tf: number[] = [];
const tp: number[] = [];
for (let r = 0; r < rounds; r++) {
  tf.push(await time(fused));
  tp.push(await time(plain));
}
const median = (v: number[]) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)]!;
const mf = median(tf);
const mp = median(tp);
const gbs = (ms: number) => ((2 * 4 * n) / (ms / 1000) / 1e9).toFixed(2);
console.log(`6-op chain over ${n} f32, ${rounds} alternating rounds, load ${loadavg()[0]!.toFixed(2)}`);
console.log(`  results identical bit for bit: ${same}`);
console.log(
  `  fused    ${mf.toFixed(1)} ms (${gbs(mf)} GB/s)  [${Math.min(...tf).toFixed(1)}–${Math.max(...tf).toFixed(1)}]`,
);
console.log(
  `  op by op ${mp.toFixed(1)} ms (${gbs(mp)} GB/s)  [${Math.min(...tp).toFixed(1)}–${Math.max(...tp).toFixed(1)}]`,
);
console.log(`  fused / op by op speed-up: ${(mp / mf).toFixed(2)}x`);
for (const buf of [x, a, b]) buf.delete();
fused.destroy();
plain.destroy();
client.destroy();
