/**
 * Overhead of `session.eval` on a node whose subgraph is already cached, beyond the work the
 * executable itself does: the same model run directly (upload feeds, Executable.run, read
 * results back, dispose) against `s.eval(node, feeds)`, alternating, medians of many calls.
 *
 *   node dist/bench/session_eval.js [calls]
 */
import * as tm from "../src/index.js";

const calls = Number(process.argv[2] ?? 300);
const LAYERS = 20;
const BATCH = 8;
const WIDTH = 32;

function random(shape: number[], seed: number): tm.Tensor {
  const n = shape.reduce((x, y) => x * y, 1);
  const data = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32 - 0.5) / 4;
  }
  return tm.Tensor.fromTypedArray("f32", shape, data);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const s = tm.session();
let h = s.input("x", "f32", [BATCH, WIDTH]);
const feeds: Record<string, tm.Tensor> = { x: random([BATCH, WIDTH], 1) };
for (let l = 0; l < LAYERS; l++) {
  feeds[`w${l}`] = random([WIDTH, WIDTH], l + 2);
  h = tm.tanh(
    tm.add(tm.matmul(h, s.input(`w${l}`, "f32", [WIDTH, WIDTH])), s.constant(random([WIDTH], 100 + l))),
  );
}

await s.eval(h, feeds); // lower and compile once
const client = s.client;
const order = s.explain(h).inputs.map((n) => String(n.attributes.name));
const exe = await client.compile(
  tm.toStableHLO(s.graph, [h], { parameters: s.explain(h).inputs, name: s.graph.name }),
);

const direct = async () => {
  const args = await Promise.all(order.map((name) => client.upload(feeds[name]!)));
  const outs = await exe.run(args);
  await outs[0]!.toTensor();
  for (const a of [...args, ...outs]) a.dispose();
};

const viaSession: number[] = [];
const viaDirect: number[] = [];
for (let i = 0; i < 20; i++) {
  await direct();
  await s.eval(h, feeds);
}
for (let i = 0; i < calls; i++) {
  let t = performance.now();
  await direct();
  viaDirect.push(performance.now() - t);
  t = performance.now();
  await s.eval(h, feeds);
  viaSession.push(performance.now() - t);
}
const d = median(viaDirect);
const e = median(viaSession);
console.log(
  `model: ${LAYERS} x (matmul + bias + tanh) on f32[${BATCH},${WIDTH}], ${order.length} fed inputs; ${calls} calls`,
);
console.log(`direct (upload + run + read back): median ${d.toFixed(3)} ms`);
console.log(`session.eval (cached subgraph):     median ${e.toFixed(3)} ms`);
console.log(`eval overhead: ${(e - d).toFixed(3)} ms (target < 5 ms); lowerings: ${s.lowerings}`);
