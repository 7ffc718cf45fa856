/**
 * Choosing tokens from logits: the processed probabilities equal those of Hugging Face
 * transformers' own logits processors (repetition penalty, temperature, top-k, top-p, min-p,
 * alone and combined), draws follow those probabilities and only ever pick tokens they allow,
 * a seed reproduces the draws, temperature 0 is greedy, and bad options are named.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  applyRepetitionPenalty,
  argmaxOf,
  Rng,
  type SamplingOptions,
  sampleToken,
  samplingProbabilities,
} from "../../src/models/sampling.js";
import { peersSkip, runPeer } from "../peers.js";

function logitsRow(n: number, seed: number, scale = 3): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * scale);
}

const OPTIONS: SamplingOptions[] = [
  { temperature: 1 },
  { temperature: 0.7 },
  { temperature: 1.5, topK: 5 },
  { topK: 1 },
  { topP: 0.9 },
  { topP: 0.5, temperature: 0.8 },
  { minP: 0.1 },
  { minP: 0.3, temperature: 2 },
  { topK: 20, topP: 0.8, minP: 0.05, temperature: 0.9 },
  { repetitionPenalty: 1.3, temperature: 1 },
  { repetitionPenalty: 0.8, topP: 0.95 },
];

test("processed probabilities equal transformers' logits processors", { skip: peersSkip() }, () => {
  const cases = OPTIONS.flatMap((options, i) =>
    [40, 1000].map((n) => ({
      logits: Array.from(logitsRow(n, 10 * i + n)),
      seen: options.repetitionPenalty ? [1, 3, 3, 7, n - 1] : [],
      options,
    })),
  );
  const want = JSON.parse(
    runPeer("test/models/sampling_hf_reference.py", [], JSON.stringify({ cases })),
  ) as number[][];
  cases.forEach((c, i) => {
    const row = Float32Array.from(c.logits);
    if (c.options.repetitionPenalty) applyRepetitionPenalty(row, c.seen, c.options.repetitionPenalty);
    const got = samplingProbabilities(row, c.options);
    let d = 0;
    for (let j = 0; j < got.length; j++) {
      d = Math.max(d, Math.abs(got[j]! - want[i]![j]!));
      // The same tokens are cut.
      assert.equal(
        got[j] === 0,
        want[i]![j]! < 1e-30,
        `case ${i} (${JSON.stringify(c.options)}), token ${j}`,
      );
    }
    assert.ok(d < 1e-6, `case ${i} (${JSON.stringify(c.options)}): max |Δp| = ${d}`);
  });
});

test("nucleus and min-p cuts on hand-made probabilities", () => {
  const logits = Float32Array.from([0.5, 0.3, 0.15, 0.05].map(Math.log));
  const kept = (o: SamplingOptions) => [...samplingProbabilities(logits, o)].map((p) => p > 0);
  assert.deepEqual(kept({ topP: 0.8 }), [true, true, false, false]);
  assert.deepEqual(kept({ topP: 0.81 }), [true, true, true, false]);
  assert.deepEqual(kept({ minP: 0.3 }), [true, true, false, false]);
  assert.deepEqual(kept({ topK: 3, minP: 0.5 }), [true, true, false, false]);
});

test("draws follow the probabilities and never pick a token that was cut", () => {
  const logits = logitsRow(12, 3, 1.5);
  const o = { temperature: 0.9, topK: 6 };
  const p = samplingProbabilities(logits, o);
  const rng = new Rng(5);
  const n = 40000;
  const counts = new Array<number>(12).fill(0);
  for (let i = 0; i < n; i++) counts[sampleToken(logits, o, rng)]!++;
  for (let j = 0; j < 12; j++) {
    if (p[j] === 0) assert.equal(counts[j], 0, `token ${j} was cut but drawn`);
    const sd = Math.sqrt(n * p[j]! * (1 - p[j]!));
    assert.ok(
      Math.abs(counts[j]! - n * p[j]!) <= 5 * sd + 1,
      `token ${j}: ${counts[j]} draws, expected ${n * p[j]!}`,
    );
  }
});

test("a seed reproduces the draws; another seed gives others; temperature 0 is greedy", () => {
  const logits = logitsRow(500, 9, 2);
  const draws = (seed: number) => {
    const rng = new Rng(seed);
    return Array.from({ length: 50 }, () => sampleToken(logits, { temperature: 1.2, topP: 0.95 }, rng));
  };
  assert.deepEqual(draws(1), draws(1));
  assert.notDeepEqual(draws(1), draws(2));
  assert.equal(sampleToken(logits, { temperature: 0 }, new Rng()), argmaxOf(logits));
  assert.equal(sampleToken(logits, {}, new Rng()), argmaxOf(logits));
  assert.equal(sampleToken(logits, { topK: 1, temperature: 5 }, new Rng(3)), argmaxOf(logits));
});

test("the repetition penalty divides positive and multiplies negative logits of seen ids", () => {
  const row = Float32Array.from([2, -2, 1, 4]);
  applyRepetitionPenalty(row, [0, 1, 1], 2);
  assert.deepEqual([...row], [1, -4, 1, 4]);
  // Greedy with a penalty moves off a repeated maximum.
  assert.equal(sampleToken(Float32Array.from([3, 2.9, 0]), { repetitionPenalty: 1.5 }, new Rng(), [0]), 1);
});

test("out-of-range options are errors naming the option", () => {
  const row = logitsRow(4, 1);
  assert.throws(
    () => samplingProbabilities(row, { topP: 0 }),
    /\[sampling\] topP is 0; expected a number in \(0, 1\]/,
  );
  assert.throws(() => samplingProbabilities(row, { topK: 0 }), /topK is 0; expected an integer ≥ 1/);
  assert.throws(() => samplingProbabilities(row, { temperature: -1 }), /temperature is -1/);
  assert.throws(() => samplingProbabilities(row, { minP: 2 }), /minP is 2/);
  assert.throws(() => samplingProbabilities(row, { repetitionPenalty: 0 }), /repetitionPenalty is 0/);
});
