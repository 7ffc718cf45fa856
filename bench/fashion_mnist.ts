/**
 * Fashion-MNIST training, tsmlx against PyTorch: the same CNN, data, optimizer, batch and
 * epochs (examples/fashion_mnist.ts and bench/fashion_mnist_torch.py), each in its own
 * process, one after the other. PyTorch runs at its best configuration on this machine:
 * 2 threads, OMP_WAIT_POLICY=PASSIVE, and NCHW or channels_last, whichever a short probe
 * (PASSIVE and not, both layouts) finds faster.
 *
 *   node dist/bench/fashion_mnist.js [--epochs 3] [--probe 3200] [--limit N] [--rounds 1]
 *
 * `--limit N` trains both on the first N training images only (a shorter measurement; the
 * accuracy is then not comparable to a full run). `--rounds R` repeats the pair R times,
 * alternating tsmlx and PyTorch, and reports medians.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    epochs: { type: "string", default: "3" },
    probe: { type: "string", default: "3200" },
    limit: { type: "string" },
    rounds: { type: "string", default: "1" },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const torchScript = join(repo, "bench", "fashion_mnist_torch.py");

interface Figures {
  framework: string;
  trainSeconds: number;
  imagesPerSecond: number;
  testAccuracy: number;
  epochAccuracy: number[];
  [k: string]: unknown;
}

function lastJson(out: string): Figures {
  const line = out
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .at(-1);
  if (!line) throw new Error(`no JSON result in:\n${out}`);
  return JSON.parse(line) as Figures;
}

function torch(epochs: number, channelsLast: boolean, passive: boolean, limit?: number): Figures {
  const env = { ...process.env };
  if (passive) env.OMP_WAIT_POLICY = "PASSIVE";
  else delete env.OMP_WAIT_POLICY;
  const a = [torchScript, "--epochs", String(epochs), "--threads", "2"];
  if (channelsLast) a.push("--channels-last");
  if (limit) a.push("--limit", String(limit));
  return lastJson(execFileSync("/usr/bin/python3", a, { env, encoding: "utf8", maxBuffer: 1 << 24 }));
}

function tsmlx(epochs: number, limit?: number): Figures {
  const a = [join(here, "..", "examples", "fashion_mnist.js"), "--epochs", String(epochs), "--json"];
  if (limit) a.push("--limit", String(limit));
  return lastJson(execFileSync(process.execPath, a, { encoding: "utf8", maxBuffer: 1 << 24 }));
}

const epochs = Number(args.epochs);
const probe = Number(args.probe);
console.log(`probing PyTorch configurations on ${probe} images (1 epoch each)…`);
const configs = [
  { channelsLast: false, passive: true },
  { channelsLast: true, passive: true },
  { channelsLast: false, passive: false },
  { channelsLast: true, passive: false },
];
const probed = configs.map((c) => ({
  ...c,
  rate: torch(1, c.channelsLast, c.passive, probe).imagesPerSecond,
}));
for (const p of probed) {
  console.log(
    `  ${p.channelsLast ? "channels_last" : "NCHW         "} ${p.passive ? "PASSIVE" : "default"}: ${p.rate.toFixed(0)} images/s`,
  );
}
const best = probed.reduce((a, b) => (b.rate > a.rate ? b : a));
const limit = args.limit ? Number(args.limit) : undefined;
const rounds = Number(args.rounds);
console.log(
  `runs: ${epochs} epochs, batch 64, ${limit ?? 60000} training images, ${rounds} round(s) alternating`,
);
const ts: Figures[] = [];
const ps: Figures[] = [];
for (let r = 0; r < rounds; r++) {
  ts.push(tsmlx(epochs, limit));
  ps.push(torch(epochs, best.channelsLast, best.passive, limit));
}
const med = (xs: Figures[]) =>
  [...xs].sort((a, b) => a.imagesPerSecond - b.imagesPerSecond)[Math.floor(xs.length / 2)]!;
const spread = (xs: Figures[]) =>
  xs.length > 1 ? ` (runs ${xs.map((x) => x.imagesPerSecond.toFixed(0)).join(", ")})` : "";
const t = med(ts);
const p = med(ps);
const acc = (f: Figures) => f.epochAccuracy.map((a) => (100 * a).toFixed(2)).join(", ");
console.log(
  `  tsmlx:   ${t.trainSeconds.toFixed(1)} s, ${t.imagesPerSecond.toFixed(0)} images/s${spread(ts)}, test accuracy ${(100 * t.testAccuracy).toFixed(2)}% (per epoch ${acc(t)}); compile ${Number(t.compileSeconds).toFixed(1)} s`,
);
console.log(
  `  PyTorch: ${p.trainSeconds.toFixed(1)} s, ${p.imagesPerSecond.toFixed(0)} images/s${spread(ps)}, test accuracy ${(100 * p.testAccuracy).toFixed(2)}% (per epoch ${acc(p)}) [${p.framework}, ${best.channelsLast ? "channels_last" : "NCHW"}, ${best.passive ? "OMP_WAIT_POLICY=PASSIVE" : "default wait policy"}, 2 threads]`,
);
console.log(
  `ratio (tsmlx images/s ÷ PyTorch images/s): ${(t.imagesPerSecond / p.imagesPerSecond).toFixed(2)}`,
);
