/**
 * Choosing the next token from a row of logits, on the host: repetition penalty, then
 * temperature, top-k, top-p (nucleus) and min-p, in the order Hugging Face transformers applies
 * them, then a draw from the remaining probabilities with a seeded generator, so that a seed
 * reproduces a run. Temperature 0 (or no sampling options) is greedy: the first largest logit.
 */
import { TsmlxError } from "../core/errors.js";

/** How the next token is chosen. Every field is optional; none at all is greedy decoding. */
export interface SamplingOptions {
  /** Softmax temperature; 0 is greedy (default 1 when any other sampling option is set, else 0). */
  readonly temperature?: number;
  /** Keep only the k most likely tokens. */
  readonly topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (0 < p ≤ 1). */
  readonly topP?: number;
  /** Drop tokens less likely than minP times the most likely one (0 ≤ minP ≤ 1). */
  readonly minP?: number;
  /** Logits of tokens already seen (prompt and output) are divided by this (× when negative); 1 is none. */
  readonly repetitionPenalty?: number;
  /** Seed of the draws (default 0): the same seed, prompt and options give the same tokens. */
  readonly seed?: number;
}

/** A seeded generator of uniform numbers in [0, 1) (xoshiro128**). `new Rng(42).next()` */
export class Rng {
  readonly #s = new Uint32Array(4);

  constructor(seed = 0) {
    // splitmix32 spreads the seed over the state.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** The next number in [0, 1). `rng.next()` */
  next(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Whether the options ask for anything but greedy decoding. `isGreedy({ temperature: 0 })` */
export function isGreedy(o: SamplingOptions): boolean {
  if (o.temperature === 0) return true;
  return o.temperature === undefined && o.topK === undefined && o.topP === undefined && o.minP === undefined;
}

/** Checks the options' ranges, with errors naming the option. `checkSampling({ topP: 0.9 })` */
export function checkSampling(o: SamplingOptions): void {
  const bad = (name: string, v: unknown, want: string): never => {
    throw new TsmlxError("sampling", `${name} is ${v}; expected ${want}`);
  };
  if (o.temperature !== undefined && !(o.temperature >= 0 && Number.isFinite(o.temperature)))
    bad("temperature", o.temperature, "a finite number ≥ 0");
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 1))
    bad("topK", o.topK, "an integer ≥ 1");
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) bad("topP", o.topP, "a number in (0, 1]");
  if (o.minP !== undefined && !(o.minP >= 0 && o.minP <= 1)) bad("minP", o.minP, "a number in [0, 1]");
  if (o.repetitionPenalty !== undefined && !(o.repetitionPenalty > 0 && Number.isFinite(o.repetitionPenalty)))
    bad("repetitionPenalty", o.repetitionPenalty, "a finite number > 0");
  if (o.seed !== undefined && !Number.isInteger(o.seed)) bad("seed", o.seed, "an integer");
}

/** Index of the first largest value. `argmaxOf(new Float32Array([1, 3, 3])) === 1` */
export function argmaxOf(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/**
 * Applies the repetition penalty in place: for each distinct id of `seen`, a positive logit
 * is divided by `penalty` and a negative one multiplied. `applyRepetitionPenalty(row, ids, 1.2)`
 */
export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  const done = new Set<number>();
  for (const id of seen) {
    if (done.has(id) || id < 0 || id >= logits.length) continue;
    done.add(id);
    const x = logits[id]!;
    logits[id] = x < 0 ? x * penalty : x / penalty;
  }
}

/**
 * The probabilities a draw would use: the logits (after any repetition penalty) divided by the
 * temperature, cut by top-k, top-p and min-p in that order and renormalised; tokens cut have
 * probability 0. `const p = samplingProbabilities(row, { temperature: 0.7, topP: 0.9 })`
 */
export function samplingProbabilities(logits: ArrayLike<number>, o: SamplingOptions): Float64Array {
  checkSampling(o);
  const n = logits.length;
  const t = o.temperature ?? 1;
  const p = new Float64Array(n);
  if (t === 0) {
    p[argmaxOf(logits)] = 1;
    return p;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i]! - max) / t);
    p[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) p[i]! /= sum;
  if (o.topK !== undefined && o.topK < n) keepTop(p, o.topK);
  if (o.topP !== undefined && o.topP < 1) keepNucleus(p, o.topP);
  if (o.minP !== undefined && o.minP > 0) {
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, p[i]!);
    const cut = o.minP * top;
    for (let i = 0; i < n; i++) if (p[i]! < cut) p[i] = 0;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += p[i]!;
  for (let i = 0; i < n; i++) p[i]! /= total;
  return p;
}

/** Indices of the nonzero entries, most likely first (ties: lower index first). */
function sortedNonzero(p: Float64Array, atLeast: number): number[] {
  // Sorting only the entries above a threshold is enough when they are at least `atLeast`
  // many: they are then a prefix of the full order.
  let top = 0;
  for (let i = 0; i < p.length; i++) top = Math.max(top, p[i]!);
  for (const frac of [1e-3, 1e-6, 0]) {
    const cut = top * frac;
    const idx: number[] = [];
    for (let i = 0; i < p.length; i++) if (p[i]! > cut || (frac === 0 && p[i]! > 0)) idx.push(i);
    if (idx.length >= atLeast || frac === 0) {
      idx.sort((a, b) => p[b]! - p[a]! || a - b);
      return idx;
    }
  }
  return [];
}

/** Zeroes all but the k most likely (ties: lower index kept). */
function keepTop(p: Float64Array, k: number): void {
  const order = sortedNonzero(p, k);
  const keep = new Set(order.slice(0, k));
  for (let i = 0; i < p.length; i++) if (!keep.has(i)) p[i] = 0;
}

/** Zeroes all but the smallest most-likely set whose mass reaches `topP` of the remaining mass. */
function keepNucleus(p: Float64Array, topP: number): void {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i]!;
  // The entries above a threshold are a prefix of the order: enough when they hold topP of the mass.
  let top = 0;
  for (let i = 0; i < p.length; i++) top = Math.max(top, p[i]!);
  let order: number[] = [];
  for (const frac of [1e-3, 1e-6, 0]) {
    const cut = top * frac;
    order = [];
    let mass = 0;
    for (let i = 0; i < p.length; i++) {
      if (p[i]! > cut || (frac === 0 && p[i]! > 0)) {
        order.push(i);
        mass += p[i]!;
      }
    }
    if (mass >= topP * total || frac === 0) break;
  }
  order.sort((a, b) => p[b]! - p[a]! || a - b);
  const keep = new Set<number>();
  let acc = 0;
  for (const i of order) {
    keep.add(i);
    acc += p[i]!;
    if (acc >= topP * total) break;
  }
  for (let i = 0; i < p.length; i++) if (!keep.has(i)) p[i] = 0;
}

/**
 * The next token of one row of logits: greedy for temperature 0 or no options, else a draw
 * from {@link samplingProbabilities} with `rng`. `seen` feeds the repetition penalty.
 * `const id = sampleToken(row, { temperature: 0.8, topK: 40 }, new Rng(1), prompt)`
 */
export function sampleToken(
  logits: Float32Array,
  o: SamplingOptions,
  rng: Rng,
  seen: Iterable<number> = [],
): number {
  const row =
    o.repetitionPenalty !== undefined && o.repetitionPenalty !== 1 ? Float32Array.from(logits) : logits;
  if (row !== logits) applyRepetitionPenalty(row, seen, o.repetitionPenalty!);
  if (isGreedy(o)) return argmaxOf(row);
  const p = samplingProbabilities(row, o);
  const u = rng.next();
  let acc = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    acc += p[i]!;
    last = i;
    if (u < acc) return i;
  }
  return last;
}
