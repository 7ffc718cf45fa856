/**
 * The CPU plugin's elementwise fusion on 6-op chains over 16M f32, compiled twice in one
 * process: fused (the default) and op by op (TSMLX_FUSION=0 while compiling). Chains:
 *   exp:   y = relu(x * a + b) * exp(-x)   (multiply, add, maximum, negate, exponential, multiply)
 *   arith: y = relu(x * a + b) * x - b * x (multiply, add, maximum, multiply, multiply, subtract)
 * with a and b scalars broadcast. Rounds alternate between the two plans; prints medians in
 * ms and GB/s of the 2 x 64 MB the fused loop must move, and the ratio.
 *
 *   node dist/bench/fused_chain.js [rounds=7] [elements=16777216]
 * (TSMLX_PJRT_PLUGIN picks another build of the plugin, e.g. to compare with an older one.)
 */
import { loadavg } from "node:os";
import { pjrtBufferType } from "../src/core/dtype.js";
import { loadAddon, type NativeExecutable } from "../src/runtime/addon.js";
import { resolvePlugin } from "../src/runtime/plugin.js";

const rounds = Number(process.argv[2] ?? 7);
const n = Number(process.argv[3] ?? 16 * 1024 * 1024);
const T = `tensor<${n}xf32>`;
const S = "tensor<f32>";
const LAST: Record<string, string> = {
  exp: `%3 = "stablehlo.negate"(%x) : (${T}) -> ${T}
    %4 = "stablehlo.exponential"(%3) : (${T}) -> ${T}
    %5 = "stablehlo.multiply"(%2, %4) : (${T}, ${T}) -> ${T}`,
  arith: `%3 = "stablehlo.multiply"(%2, %x) : (${T}, ${T}) -> ${T}
    %4 = "stablehlo.multiply"(%bb, %x) : (${T}, ${T}) -> ${T}
    %5 = "stablehlo.subtract"(%3, %4) : (${T}, ${T}) -> ${T}`,
};
const chain = (kind: string) => `module @chain {
  func.func public @main(%x: ${T}, %a: ${S}, %b: ${S}) -> (${T}) {
    %zero = "stablehlo.constant"() {value = dense<0.0> : ${S}} : () -> ${S}
    %z = "stablehlo.broadcast_in_dim"(%zero) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %ab = "stablehlo.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %bb = "stablehlo.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64>} : (${S}) -> ${T}
    %0 = "stablehlo.multiply"(%x, %ab) : (${T}, ${T}) -> ${T}
    %1 = "stablehlo.add"(%0, %bb) : (${T}, ${T}) -> ${T}
    %2 = "stablehlo.maximum"(%1, %z) : (${T}, ${T}) -> ${T}
    ${LAST[kind]}
    "func.return"(%5) : (${T}) -> ()
  }
}`;

const client = loadAddon().loadPlugin(resolvePlugin()).createClient();
const F32 = pjrtBufferType("f32");

async function compile(kind: string, fusion: boolean): Promise<NativeExecutable> {
  const saved = process.env.TSMLX_FUSION;
  process.env.TSMLX_FUSION = fusion ? "1" : "0";
  try {
    return await client.compile(chain(kind));
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

async function time(exe: NativeExecutable): Promise<number> {
  const t0 = performance.now();
  const [y] = await exe.execute([x, a, b]);
  const ms = performance.now() - t0;
  y!.delete();
  return ms;
}

const median = (v: number[]) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)]!;
const gbs = (ms: number) => ((2 * 4 * n) / (ms / 1000) / 1e9).toFixed(2);
const range = (v: number[]) => `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`;
console.log(`6-op chains over ${n} f32, ${rounds} alternating rounds, load ${loadavg()[0]!.toFixed(2)}`);
for (const kind of Object.keys(LAST)) {
  const fused = await compile(kind, true);
  const plain = await compile(kind, false);
  // Same results first (bit for bit; also the warm-up).
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
  const mf = median(tf);
  const mp = median(tp);
  console.log(`${kind}: results identical bit for bit: ${same}`);
  console.log(`  fused    ${mf.toFixed(1)} ms (${gbs(mf)} GB/s) [${range(tf)}]`);
  console.log(`  op by op ${mp.toFixed(1)} ms (${gbs(mp)} GB/s) [${range(tp)}]`);
  console.log(`  speed-up of fusion: ${(mp / mf).toFixed(2)}x`);
  fused.destroy();
  plain.destroy();
}
for (const buf of [x, a, b]) buf.delete();
client.destroy();
