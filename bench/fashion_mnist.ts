/**
 * Fashion-MNIST training, tsmlx against PyTorch: the same CNN, data, optimizer, batch and
 * epochs (examples/fashion_mnist.ts and bench/fashion_mnist_torch.py), each in its own
 * process, one after the other. PyTorch runs at its best configuration on this machine:
 * 2 threads, OMP_WAIT_POLICY=PASSIVE, and NCHW or channels_last, whichever a short probe
 * (PASSIVE and not, both layouts) finds faster.
 *
 *   node dist/bench/fashion_mnist.js [--epochs 3] [--probe 3200]
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { epochs: { type: "string", default: "3" }, probe: { type: "string", default: "3200" } },
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

function tsmlx(epochs: number): Figures {
  const out = execFileSync(
    process.execPath,
    [join(here, "..", "examples", "fashion_mnist.js"), "--epochs", String(epochs), "--json"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  return lastJson(out);
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
console.log(`full runs: ${epochs} epochs, batch 64, 60000 training images`);
const t = tsmlx(epochs);
console.log(
  `  tsmlx:   ${t.trainSeconds.toFixed(1)} s, ${t.imagesPerSecond.toFixed(0)} images/s, test accuracy ${(100 * t.testAccuracy).toFixed(2)}% (per epoch ${t.epochAccuracy.map((a) => (100 * a).toFixed(2)).join(", ")}); compile ${Number(t.compileSeconds).toFixed(1)} s`,
);
const p = torch(epochs, best.channelsLast, best.passive);
console.log(
  `  PyTorch: ${p.trainSeconds.toFixed(1)} s, ${p.imagesPerSecond.toFixed(0)} images/s, test accuracy ${(100 * p.testAccuracy).toFixed(2)}% (per epoch ${p.epochAccuracy.map((a) => (100 * a).toFixed(2)).join(", ")}) [${p.framework}, ${best.channelsLast ? "channels_last" : "NCHW"}, ${best.passive ? "OMP_WAIT_POLICY=PASSIVE" : "default wait policy"}, 2 threads]`,
);
console.log(
  `ratio (tsmlx images/s ÷ PyTorch images/s): ${(t.imagesPerSecond / p.imagesPerSecond).toFixed(2)}`,
);
