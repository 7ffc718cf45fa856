/**
 * A byte-pair-encoding tokenizer read from a Hugging Face `tokenizer.json`, in the forms that
 * Gemma, Gemma 2 and Gemma 3 (and Llama-style SentencePiece exports) use: a BPE model with byte
 * fallback (`<0xNN>` tokens for bytes no token covers), a normalizer that writes spaces as `▁`,
 * a `Split` pre-tokenizer, and added tokens (`<bos>`, `<start_of_turn>`, runs of `▁` or `\n`, …)
 * found in the text first.
 *
 * The pipeline is that of Hugging Face `tokenizers`: added tokens that are not normalized are
 * found in the raw text, the pieces between them are normalized, normalized added tokens are
 * found in those, the rest is pre-tokenized into words and each word is merged by BPE. Every
 * step is about linear: added tokens are found in one left-to-right pass over a trie (the
 * leftmost, then longest, match), and a word's merges run through a priority queue over a
 * linked list of symbols (lowest rank first, leftmost on ties), with the ids of short words
 * cached. Decoding runs every token, added ones included, through the decoder.
 *
 * Supported parts: normalizers `Sequence`, `Replace`, `Prepend`, `NFC`, `NFD`, `NFKC`, `NFKD`,
 * `Lowercase`; pre-tokenizers `Split`, `Sequence`; decoders `Sequence`, `Replace`,
 * `ByteFallback`, `Fuse`, `Strip`; post-processor `TemplateProcessing` (single sequences).
 * Anything else is refused when the file is read, naming the part.
 */
import { readFileSync } from "node:fs";
import { TsmlxError } from "../core/errors.js";

const API = "BpeTokenizer";

interface Added {
  id: number;
  content: string;
  special: boolean;
  normalized: boolean;
}

type Normalize = (s: string) => string;
type PreTokenize = (pieces: string[]) => string[];
type Decode = (pieces: string[]) => string[];

interface JsonPart {
  type?: string;
  [k: string]: unknown;
}

function refuse(what: string, part: JsonPart | undefined, supported: string): never {
  throw new TsmlxError(
    API,
    `${what} ${JSON.stringify(part?.type)} is not supported; supported: ${supported}`,
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The pattern of a Replace or Split: a literal string or a regular expression (global). */
function pattern(p: JsonPart, where: string): RegExp {
  const pat = p.pattern as { String?: string; Regex?: string } | undefined;
  if (typeof pat?.String === "string") return new RegExp(escapeRegExp(pat.String), "gu");
  if (typeof pat?.Regex === "string") {
    try {
      return new RegExp(pat.Regex, "gu");
    } catch (e) {
      throw new TsmlxError(
        API,
        `${where}: regex ${JSON.stringify(pat.Regex)} is not valid here (${(e as Error).message})`,
      );
    }
  }
  throw new TsmlxError(
    API,
    `${where}: pattern must be a String or a Regex, got ${JSON.stringify(p.pattern)}`,
  );
}

function normalizer(n: JsonPart | null | undefined): Normalize {
  if (!n) return (s) => s;
  switch (n.type) {
    case "Sequence": {
      const parts = (n.normalizers as JsonPart[]).map(normalizer);
      return (s) => parts.reduce((acc, f) => f(acc), s);
    }
    case "Replace": {
      const re = pattern(n, "normalizer Replace");
      const to = String(n.content);
      return (s) => s.replace(re, () => to);
    }
    case "Prepend": {
      const pre = String(n.prepend);
      return (s) => (s.length > 0 ? pre + s : s);
    }
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD": {
      const form = n.type;
      return (s) => s.normalize(form);
    }
    case "Lowercase":
      return (s) => s.toLowerCase();
    default:
      return refuse("normalizer type", n, "Sequence, Replace, Prepend, NFC, NFD, NFKC, NFKD, Lowercase");
  }
}

const BEHAVIORS = ["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"];

/**
 * Hugging Face's Split: the pieces between and at the pattern's matches, grouped by `behavior`
 * (`invert` swaps which pieces count as matches); empty pieces are dropped.
 */
function split(re: RegExp, behavior: string, invert: boolean): (s: string) => string[] {
  return (s) => {
    // Alternating [text, isMatch] pieces that cover s.
    const parts: [string, boolean][] = [];
    let at = 0;
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (m.index > at) parts.push([s.slice(at, m.index), invert]);
      parts.push([m[0], !invert]);
      at = m.index + m[0].length;
    }
    if (at < s.length) parts.push([s.slice(at), invert]);
    const out: string[] = [];
    switch (behavior) {
      case "Removed":
        for (const [t, isMatch] of parts) if (!isMatch) out.push(t);
        return out;
      case "Isolated":
        return parts.map(([t]) => t);
      case "MergedWithPrevious": {
        let prev = false;
        for (const [t, isMatch] of parts) {
          if (isMatch && !prev && out.length > 0) out[out.length - 1] += t;
          else out.push(t);
          prev = isMatch;
        }
        return out;
      }
      case "MergedWithNext": {
        let prev = false;
        for (let i = parts.length - 1; i >= 0; i--) {
          const [t, isMatch] = parts[i]!;
          if (isMatch && !prev && out.length > 0) out[out.length - 1] = t + out[out.length - 1];
          else out.push(t);
          prev = isMatch;
        }
        return out.reverse();
      }
      default: {
        // Contiguous: runs of matches (and of non-matches) become one piece each.
        let prev: boolean | undefined;
        for (const [t, isMatch] of parts) {
          if (isMatch === prev) out[out.length - 1] += t;
          else out.push(t);
          prev = isMatch;
        }
        return out;
      }
    }
  };
}

function preTokenizer(p: JsonPart | null | undefined): PreTokenize {
  if (!p) return (pieces) => pieces;
  switch (p.type) {
    case "Sequence": {
      const parts = (p.pretokenizers as JsonPart[]).map(preTokenizer);
      return (pieces) => parts.reduce((acc, f) => f(acc), pieces);
    }
    case "Split": {
      const behavior = String(p.behavior);
      if (!BEHAVIORS.includes(behavior)) {
        throw new TsmlxError(
          API,
          `pre_tokenizer Split behavior ${JSON.stringify(p.behavior)} is not supported; supported: ${BEHAVIORS.join(", ")}`,
        );
      }
      const f = split(pattern(p, "pre_tokenizer Split"), behavior, Boolean(p.invert));
      return (pieces) => pieces.flatMap(f);
    }
    default:
      return refuse("pre_tokenizer", p, "Split, Sequence (or none)");
  }
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** HF ByteFallback: runs of `<0xNN>` pieces become their UTF-8 text (U+FFFD per byte if invalid). */
function byteFallback(pieces: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      out.push(UTF8.decode(new Uint8Array(bytes)));
    } catch {
      for (let i = 0; i < bytes.length; i++) out.push("\uFFFD");
    }
    bytes = [];
  };
  for (const p of pieces) {
    const m = p.length === 6 ? BYTE_TOKEN.exec(p) : null;
    if (m) bytes.push(Number.parseInt(m[1]!, 16));
    else {
      flush();
      out.push(p);
    }
  }
  flush();
  return out;
}

function decoder(d: JsonPart | null | undefined): Decode {
  if (!d) return (pieces) => [pieces.join("")];
  switch (d.type) {
    case "Sequence": {
      const parts = (d.decoders as JsonPart[]).map(decoder);
      return (pieces) => parts.reduce((acc, f) => f(acc), pieces);
    }
    case "Replace": {
      const re = pattern(d, "decoder Replace");
      const to = String(d.content);
      return (pieces) => pieces.map((p) => p.replace(re, () => to));
    }
    case "ByteFallback":
      return byteFallback;
    case "Fuse":
      return (pieces) => [pieces.join("")];
    case "Strip": {
      const content = String(d.content ?? " ");
      const start = Number(d.start ?? 0);
      const stop = Number(d.stop ?? 0);
      return (pieces) =>
        pieces.map((p) => {
          let s = p;
          for (let k = 0; k < start && s.startsWith(content); k++) s = s.slice(content.length);
          for (let k = 0; k < stop && s.endsWith(content); k++) s = s.slice(0, s.length - content.length);
          return s;
        });
    }
    default:
      return refuse("decoder type", d, "Sequence, Replace, ByteFallback, Fuse, Strip");
  }
}

/** A trie of added tokens over UTF-16 code units, for the leftmost-longest scan. */
class Trie {
  readonly #children: Map<number, number>[] = [new Map()];
  readonly #token: (Added | undefined)[] = [undefined];
  readonly first = new Set<number>();

  add(a: Added): void {
    let node = 0;
    for (let i = 0; i < a.content.length; i++) {
      const c = a.content.charCodeAt(i);
      if (i === 0) this.first.add(c);
      let next = this.#children[node]!.get(c);
      if (next === undefined) {
        next = this.#children.length;
        this.#children.push(new Map());
        this.#token.push(undefined);
        this.#children[node]!.set(c, next);
      }
      node = next;
    }
    this.#token[node] ??= a;
  }

  get empty(): boolean {
    return this.first.size === 0;
  }

  /** The longest token starting at `at`, or undefined. */
  longestAt(s: string, at: number): Added | undefined {
    let node = 0;
    let best: Added | undefined;
    for (let i = at; i < s.length; i++) {
      const next = this.#children[node]!.get(s.charCodeAt(i));
      if (next === undefined) break;
      node = next;
      best = this.#token[node] ?? best;
    }
    return best;
  }

  /**
   * Calls `text` for each stretch between tokens and `token` for each token, left to right:
   * at every position the longest token starting there, the scan going on after it.
   */
  scan(s: string, text: (t: string) => void, token: (a: Added) => void): void {
    if (this.empty) {
      if (s.length > 0) text(s);
      return;
    }
    let from = 0;
    for (let i = 0; i < s.length; ) {
      if (!this.first.has(s.charCodeAt(i))) {
        i++;
        continue;
      }
      const hit = this.longestAt(s, i);
      if (!hit) {
        i++;
        continue;
      }
      if (i > from) text(s.slice(from, i));
      token(hit);
      i += hit.content.length;
      from = i;
    }
    if (from < s.length) text(s.slice(from));
  }
}

/** A binary min-heap of numbers (rank · 2³² + position: lowest rank, then leftmost). */
class MinHeap {
  #a = new Float64Array(64);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(v: number): void {
    if (this.size === this.#a.length) {
      const b = new Float64Array(this.#a.length * 2);
      b.set(this.#a);
      this.#a = b;
    }
    const a = this.#a;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }

  pop(): number {
    const a = this.#a;
    const top = a[0]!;
    const last = a[--this.size]!;
    let i = 0;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && a[c + 1]! < a[c]!) c++;
      if (a[c]! >= last) break;
      a[i] = a[c]!;
      i = c;
    }
    if (n > 0) a[i] = last;
    return top;
  }
}

/** Merge ranks by pair of ids: open addressing over typed arrays (no boxed keys). */
class PairTable {
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #rank: Int32Array;
  readonly #mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#left = new Int32Array(size).fill(-1);
    this.#right = new Int32Array(size);
    this.#rank = new Int32Array(size);
    this.#mask = size - 1;
  }

  #slot(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & this.#mask;
    for (;;) {
      const l = this.#left[h]!;
      if (l === -1 || (l === a && this.#right[h] === b)) return h;
      h = (h + 1) & this.#mask;
    }
  }

  /** Sets the rank of (a, b) unless it has one (the first merge listed wins). */
  setFirst(a: number, b: number, rank: number): boolean {
    const h = this.#slot(a, b);
    if (this.#left[h] !== -1) return false;
    this.#left[h] = a;
    this.#right[h] = b;
    this.#rank[h] = rank;
    return true;
  }

  /** The rank of (a, b), or -1. */
  get(a: number, b: number): number {
    const h = this.#slot(a, b);
    return this.#left[h] === -1 ? -1 : this.#rank[h]!;
  }
}

const POS = 2 ** 32;
/** Words up to this many UTF-16 units have their ids cached. */
const CACHE_WORD = 256;
const CACHE_SIZE = 200_000;

/** Options of {@link BpeTokenizer.encode}. */
export interface EncodeOptions {
  /** Prepend the id of `<bos>` (default false). */
  readonly bos?: boolean;
  /** Add the special tokens of the file's post-processor, e.g. Gemma's `<bos>` (default false). */
  readonly addSpecialTokens?: boolean;
}

/**
 * A BPE tokenizer with byte fallback, built from the JSON of a Hugging Face tokenizer.json.
 * `const tok = BpeTokenizer.fromFile("gemma/tokenizer.json"); tok.decode(tok.encode("Hi"))`
 */
export class BpeTokenizer {
  readonly #vocab = new Map<string, number>();
  readonly #pieces: string[] = [];
  /** The rank of each mergeable pair of ids, and the id each rank's merge makes. */
  readonly #merges: PairTable;
  readonly #mergedId: Int32Array;
  readonly #addedById = new Map<number, Added>();
  readonly #addedByContent = new Map<string, Added>();
  readonly #raw = new Trie();
  readonly #normalizedAdded = new Trie();
  readonly #normalize: Normalize;
  readonly #preTokenize: PreTokenize;
  readonly #decode: Decode;
  readonly #byteFallback: boolean;
  readonly #byteIds: Int32Array;
  readonly #unk: number | undefined;
  readonly #fuseUnk: boolean;
  readonly #ignoreMerges: boolean;
  readonly #template: number[] | undefined;
  readonly #cache = new Map<string, number[]>();
  readonly #heap = new MinHeap();

  /** Reads `tokenizer.json`. `const tok = BpeTokenizer.fromFile(dir + "/tokenizer.json")` */
  static fromFile(path: string): BpeTokenizer {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new TsmlxError(API, `${path}: cannot read tokenizer JSON (${(e as Error).message})`);
    }
    return new BpeTokenizer(json as Record<string, unknown>, path);
  }

  /** From the parsed JSON of a tokenizer.json. `new BpeTokenizer(JSON.parse(text))` */
  constructor(json: Record<string, unknown>, what = "tokenizer.json") {
    const model = json.model as JsonPart | undefined;
    if (model?.type !== "BPE") {
      throw new TsmlxError(
        API,
        `${what}: model type ${JSON.stringify(model?.type)} is not supported, expected "BPE"`,
      );
    }
    if (model.dropout !== undefined && model.dropout !== null) {
      throw new TsmlxError(API, `${what}: BPE dropout ${model.dropout} is not supported`);
    }
    for (const k of ["continuing_subword_prefix", "end_of_word_suffix"]) {
      if (model[k] !== undefined && model[k] !== null && model[k] !== "") {
        throw new TsmlxError(API, `${what}: BPE ${k} ${JSON.stringify(model[k])} is not supported`);
      }
    }
    try {
      this.#preTokenize = preTokenizer(json.pre_tokenizer as JsonPart | null);
      this.#normalize = normalizer(json.normalizer as JsonPart | null);
      this.#decode = decoder(json.decoder as JsonPart | null);
    } catch (e) {
      if (e instanceof TsmlxError) throw new TsmlxError(API, `${what}: ${e.detail}`);
      throw e;
    }
    const vocab = model.vocab as Record<string, number>;
    for (const piece in vocab) {
      const id = vocab[piece]!;
      this.#vocab.set(piece, id);
      this.#pieces[id] = piece;
    }
    for (const a of (json.added_tokens ?? []) as Record<string, unknown>[]) {
      for (const k of ["lstrip", "rstrip", "single_word"]) {
        if (a[k]) {
          throw new TsmlxError(
            API,
            `${what}: added token ${JSON.stringify(a.content)} has ${k} true; supported: false`,
          );
        }
      }
      const t: Added = {
        id: Number(a.id),
        content: String(a.content),
        special: Boolean(a.special),
        normalized: Boolean(a.normalized),
      };
      this.#addedById.set(t.id, t);
      this.#addedByContent.set(t.content, t);
      this.#pieces[t.id] ??= t.content;
      (t.normalized && !t.special ? this.#normalizedAdded : this.#raw).add(t);
    }
    const merges = (model.merges ?? []) as (string | [string, string])[];
    this.#merges = new PairTable(merges.length);
    this.#mergedId = new Int32Array(merges.length);
    merges.forEach((m, rank) => {
      const [a, b] = typeof m === "string" ? splitMerge(m) : m;
      const ia = this.#vocab.get(a);
      const ib = this.#vocab.get(b);
      const merged = this.#vocab.get(a + b);
      if (ia === undefined || ib === undefined || merged === undefined) {
        throw new TsmlxError(API, `${what}: merge ${JSON.stringify(m)} names a token not in the vocabulary`);
      }
      if (this.#merges.setFirst(ia, ib, rank)) this.#mergedId[rank] = merged;
    });
    this.#byteFallback = Boolean(model.byte_fallback);
    this.#byteIds = new Int32Array(256).fill(-1);
    for (let b = 0; b < 256; b++) {
      const id = this.#vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
      if (id !== undefined) this.#byteIds[b] = id;
    }
    const unk = model.unk_token;
    this.#unk = typeof unk === "string" ? this.#vocab.get(unk) : undefined;
    this.#fuseUnk = Boolean(model.fuse_unk);
    this.#ignoreMerges = Boolean(model.ignore_merges);
    this.#template = template(json.post_processor as JsonPart | null);
  }

  /** Number of ids (the largest id + 1). `tok.vocabSize` */
  get vocabSize(): number {
    return this.#pieces.length;
  }

  /** The id of a token string, or undefined. `tok.tokenToId("<bos>")` */
  tokenToId(token: string): number | undefined {
    return this.#addedByContent.get(token)?.id ?? this.#vocab.get(token);
  }

  /** The token string of an id. `tok.idToToken(2) === "<bos>"` */
  idToToken(id: number): string | undefined {
    return this.#pieces[id];
  }

  /** Whether `id` is a special added token (`<bos>`, `<end_of_turn>`, …). `tok.isSpecial(1)` */
  isSpecial(id: number): boolean {
    return this.#addedById.get(id)?.special ?? false;
  }

  /**
   * Token ids of `text`: added tokens found first, the rest normalized, pre-tokenized and
   * merged by rank; `bos` prepends `<bos>`, `addSpecialTokens` applies the file's template.
   * `tok.encode("Hello world", { addSpecialTokens: true })`
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const ids: number[] = [];
    if (options.bos) {
      const bos = this.tokenToId("<bos>");
      if (bos === undefined)
        throw new TsmlxError(`${API}.encode`, "bos requested but the vocabulary has no <bos>");
      ids.push(bos);
    }
    if (options.addSpecialTokens && this.#template) ids.push(...this.#template);
    const pushAdded = (a: Added) => ids.push(a.id);
    const normalizedText = (t: string) => {
      for (const word of this.#preTokenize([t])) this.#encodeWord(word, ids);
    };
    this.#raw.scan(
      text,
      (t) => this.#normalizedAdded.scan(this.#normalize(t), normalizedText, pushAdded),
      pushAdded,
    );
    return ids;
  }

  #encodeWord(word: string, ids: number[]): void {
    if (word.length === 0) return;
    const cacheable = word.length <= CACHE_WORD;
    if (cacheable) {
      const hit = this.#cache.get(word);
      if (hit) {
        for (const id of hit) ids.push(id);
        return;
      }
    }
    const out = this.#bpe(word);
    if (cacheable) {
      if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
      this.#cache.set(word, out);
    }
    for (const id of out) ids.push(id);
  }

  /** The BPE ids of one word. */
  #bpe(word: string): number[] {
    if (this.#ignoreMerges) {
      const whole = this.#vocab.get(word);
      if (whole !== undefined) return [whole];
    }
    // The word's symbols: one per character, or its byte tokens, or unk (fused when asked).
    const sym: number[] = [];
    let lastUnk = false;
    for (const ch of word) {
      const id = this.#vocab.get(ch);
      if (id !== undefined) {
        sym.push(id);
        lastUnk = false;
        continue;
      }
      if (this.#byteFallback) {
        const bytes = new TextEncoder().encode(ch);
        let ok = true;
        for (const b of bytes) if (this.#byteIds[b]! < 0) ok = false;
        if (ok) {
          for (const b of bytes) sym.push(this.#byteIds[b]!);
          lastUnk = false;
          continue;
        }
      }
      if (this.#unk === undefined) {
        throw new TsmlxError(
          `${API}.encode`,
          `${JSON.stringify(ch)} has no token, no byte tokens and no unk_token`,
        );
      }
      if (!(this.#fuseUnk && lastUnk)) sym.push(this.#unk);
      lastUnk = true;
    }
    const n = sym.length;
    if (n < 2) return sym;
    // A doubly linked list over the symbols; merged-away symbols are marked -1.
    const id = Int32Array.from(sym);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = this.#heap;
    heap.clear();
    const merges = this.#merges;
    for (let i = 0; i + 1 < n; i++) {
      const r = merges.get(id[i]!, id[i + 1]!);
      if (r >= 0) heap.push(r * POS + i);
    }
    while (heap.size > 0) {
      const top = heap.pop();
      const rank = Math.floor(top / POS);
      const pos = top - rank * POS;
      const right = next[pos]!;
      // Stale entries: the symbol was merged away, or its pair changed since.
      if (id[pos]! < 0 || right < 0 || merges.get(id[pos]!, id[right]!) !== rank) continue;
      id[pos] = this.#mergedId[rank]!;
      id[right] = -1;
      const after = next[right]!;
      next[pos] = after;
      if (after >= 0) prev[after] = pos;
      const before = prev[pos]!;
      if (before >= 0) {
        const r = merges.get(id[before]!, id[pos]!);
        if (r >= 0) heap.push(r * POS + before);
      }
      if (after >= 0) {
        const r = merges.get(id[pos]!, id[after]!);
        if (r >= 0) heap.push(r * POS + pos);
      }
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i]!) out.push(id[i]!);
    return out;
  }

  /**
   * The text of token ids, every token through the file's decoder (byte tokens joined as
   * UTF-8, `▁` back to spaces); `skipSpecial` drops special tokens.
   * `tok.decode([2, 651, 1234], { skipSpecial: true })`
   */
  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const pieces: string[] = [];
    for (const id of ids) {
      const piece = this.#pieces[id];
      if (piece === undefined) {
        throw new TsmlxError(`${API}.decode`, `id ${id} is outside the vocabulary of ${this.vocabSize}`);
      }
      if (options.skipSpecial && this.isSpecial(id)) continue;
      pieces.push(piece);
    }
    return this.#decode(pieces).join("");
  }
}

/** The ids a TemplateProcessing post-processor puts around a single sequence (before it only). */
function template(p: JsonPart | null | undefined): number[] | undefined {
  if (!p) return undefined;
  if (p.type !== "TemplateProcessing") return undefined;
  const single = p.single as Record<string, { id: string }>[];
  const specials = (p.special_tokens ?? {}) as Record<string, { ids: number[] }>;
  const ids: number[] = [];
  for (const item of single) {
    if (item.Sequence) {
      if (item !== single[single.length - 1]) {
        throw new TsmlxError(
          API,
          "post_processor TemplateProcessing: tokens after the sequence are not supported",
        );
      }
      break;
    }
    const name = item.SpecialToken?.id;
    const entry = name === undefined ? undefined : specials[name];
    if (!entry)
      throw new TsmlxError(API, `post_processor TemplateProcessing: unknown item ${JSON.stringify(item)}`);
    ids.push(...entry.ids);
  }
  return ids;
}

function splitMerge(m: string): [string, string] {
  const i = m.indexOf(" ", 1);
  if (i < 0) throw new TsmlxError(API, `merge ${JSON.stringify(m)} is not two tokens separated by a space`);
  return [m.slice(0, i), m.slice(i + 1)];
}
