/**
 * A byte-pair-encoding tokenizer read from a Hugging Face `tokenizer.json`, in the form
 * Gemma (and Llama-style SentencePiece exports) use: a BPE model with byte fallback
 * (`<0xNN>` tokens for bytes no token covers), a normalizer that writes spaces as `▁`, and
 * added special tokens (`<bos>`, `<eos>`, `<pad>`, …) matched in the raw text first.
 *
 * Supported parts: normalizers `Sequence`, `Replace` (string pattern), `Prepend`, `NFC`
 * (and none); pre-tokenizer none; decoders `Sequence`, `Replace`, `ByteFallback`, `Fuse`,
 * `Strip`. Anything else is refused when the file is read.
 */
import { readFileSync } from "node:fs";
import { TsmlxError } from "../core/errors.js";

const API = "BpeTokenizer";

interface Added {
  id: number;
  content: string;
  special: boolean;
}

type Normalize = (s: string) => string;
type Decode = (pieces: string[]) => string[];

interface JsonPart {
  type?: string;
  [k: string]: unknown;
}

function stringPattern(p: JsonPart, where: string): string {
  const pattern = p.pattern as { String?: string } | undefined;
  if (typeof pattern?.String !== "string") {
    throw new TsmlxError(
      API,
      `${where}: only string patterns are supported, got ${JSON.stringify(p.pattern)}`,
    );
  }
  return pattern.String;
}

function normalizer(n: JsonPart | null | undefined): Normalize {
  if (!n) return (s) => s;
  switch (n.type) {
    case "Sequence": {
      const parts = (n.normalizers as JsonPart[]).map(normalizer);
      return (s) => parts.reduce((acc, f) => f(acc), s);
    }
    case "Replace": {
      const from = stringPattern(n, "normalizer Replace");
      const to = String(n.content);
      return (s) => s.split(from).join(to);
    }
    case "Prepend": {
      const pre = String(n.prepend);
      return (s) => (s.length > 0 ? pre + s : s);
    }
    case "NFC":
      return (s) => s.normalize("NFC");
    default:
      throw new TsmlxError(API, `normalizer type ${JSON.stringify(n.type)} is not supported`);
  }
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/** HF ByteFallback: runs of `<0xNN>` pieces become their UTF-8 text (U+FFFD per byte if invalid). */
function byteFallback(pieces: string[]): string[] {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      out.push(new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes)));
    } catch {
      for (let i = 0; i < bytes.length; i++) out.push("\uFFFD");
    }
    bytes = [];
  };
  for (const p of pieces) {
    const m = BYTE_TOKEN.exec(p);
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
      const from = stringPattern(d, "decoder Replace");
      const to = String(d.content);
      return (pieces) => pieces.map((p) => p.split(from).join(to));
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
        pieces.map((p, i) => {
          let s = p;
          if (i === 0) for (let k = 0; k < start && s.startsWith(content); k++) s = s.slice(content.length);
          if (i === pieces.length - 1)
            for (let k = 0; k < stop && s.endsWith(content); k++) s = s.slice(0, s.length - content.length);
          return s;
        });
    }
    default:
      throw new TsmlxError(API, `decoder type ${JSON.stringify(d.type)} is not supported`);
  }
}

/**
 * A BPE tokenizer with byte fallback, built from the JSON of a Hugging Face tokenizer.json.
 * `const tok = BpeTokenizer.fromFile("gemma/tokenizer.json"); tok.decode(tok.encode("Hi"))`
 */
export class BpeTokenizer {
  readonly #vocab = new Map<string, number>();
  readonly #pieces: string[] = [];
  readonly #ranks = new Map<string, number>();
  readonly #added: Added[] = [];
  readonly #addedById = new Map<number, Added>();
  readonly #normalize: Normalize;
  readonly #decode: Decode;
  readonly #byteFallback: boolean;
  readonly #unk: number | undefined;

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
    if (json.pre_tokenizer !== undefined && json.pre_tokenizer !== null) {
      const t = (json.pre_tokenizer as JsonPart).type;
      throw new TsmlxError(API, `${what}: pre_tokenizer ${JSON.stringify(t)} is not supported, only none`);
    }
    for (const [piece, id] of Object.entries(model.vocab as Record<string, number>)) {
      this.#vocab.set(piece, id);
      this.#pieces[id] = piece;
    }
    const merges = (model.merges ?? []) as (string | [string, string])[];
    merges.forEach((m, rank) => {
      const [a, b] = typeof m === "string" ? splitMerge(m) : m;
      this.#ranks.set(`${a}\u0000${b}`, rank);
    });
    for (const a of (json.added_tokens ?? []) as Added[]) {
      const t = { id: a.id, content: a.content, special: Boolean(a.special) };
      this.#added.push(t);
      this.#addedById.set(t.id, t);
      this.#pieces[t.id] ??= t.content;
    }
    // Longest first, so that a token containing another wins.
    this.#added.sort((p, q) => q.content.length - p.content.length);
    this.#normalize = normalizer(json.normalizer as JsonPart | null);
    this.#decode = decoder(json.decoder as JsonPart | null);
    this.#byteFallback = Boolean(model.byte_fallback);
    const unk = model.unk_token;
    this.#unk = typeof unk === "string" ? this.#vocab.get(unk) : undefined;
  }

  /** Number of ids (the largest id + 1). `tok.vocabSize` */
  get vocabSize(): number {
    return this.#pieces.length;
  }

  /** The id of a token string, or undefined. `tok.tokenToId("<bos>")` */
  tokenToId(token: string): number | undefined {
    return this.#vocab.get(token) ?? this.#added.find((a) => a.content === token)?.id;
  }

  /** The token string of an id. `tok.idToToken(2) === "<bos>"` */
  idToToken(id: number): string | undefined {
    return this.#pieces[id];
  }

  /**
   * Token ids of `text`: added tokens matched verbatim first, the rest normalized and merged
   * by rank; `bos` prepends the id of `<bos>`. `tok.encode("Hello world", { bos: true })`
   */
  encode(text: string, options: { bos?: boolean } = {}): number[] {
    const ids: number[] = [];
    if (options.bos) {
      const bos = this.tokenToId("<bos>");
      if (bos === undefined)
        throw new TsmlxError(`${API}.encode`, "bos requested but the vocabulary has no <bos>");
      ids.push(bos);
    }
    let rest = text;
    while (rest.length > 0) {
      let at = rest.length;
      let hit: Added | undefined;
      for (const a of this.#added) {
        const i = rest.indexOf(a.content);
        if (i >= 0 && i < at) {
          at = i;
          hit = a;
        }
      }
      if (at > 0) this.#encodeWord(this.#normalize(rest.slice(0, at)), ids);
      if (!hit) break;
      ids.push(hit.id);
      rest = rest.slice(at + hit.content.length);
    }
    return ids;
  }

  #encodeWord(word: string, ids: number[]): void {
    if (word.length === 0) return;
    const symbols = Array.from(word);
    // Merge the adjacent pair of lowest rank (leftmost on ties) until none has a rank.
    for (;;) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = this.#ranks.get(`${symbols[i]}\u0000${symbols[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      symbols.splice(best, 2, symbols[best]! + symbols[best + 1]!);
    }
    for (const s of symbols) {
      const id = this.#vocab.get(s);
      if (id !== undefined) {
        ids.push(id);
        continue;
      }
      if (this.#byteFallback) {
        const bytes = new TextEncoder().encode(s);
        const byteIds = Array.from(bytes, (b) =>
          this.#vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`),
        );
        if (byteIds.every((b) => b !== undefined)) {
          ids.push(...(byteIds as number[]));
          continue;
        }
      }
      if (this.#unk === undefined) {
        throw new TsmlxError(
          `${API}.encode`,
          `${JSON.stringify(s)} has no token, no byte tokens and no unk_token`,
        );
      }
      ids.push(this.#unk);
    }
  }

  /**
   * The text of token ids (byte tokens joined as UTF-8); `skipSpecial` drops special tokens.
   * `tok.decode([2, 651, 1234], { skipSpecial: true })`
   */
  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const out: string[] = [];
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) out.push(this.#decode(run).join(""));
      run = [];
    };
    for (const id of ids) {
      const piece = this.#pieces[id];
      if (piece === undefined) {
        throw new TsmlxError(`${API}.decode`, `id ${id} is outside the vocabulary of ${this.vocabSize}`);
      }
      const added = this.#addedById.get(id);
      if (added) {
        if (added.special && options.skipSpecial) continue;
        flush();
        out.push(added.content);
      } else {
        run.push(piece);
      }
    }
    flush();
    return out.join("");
  }
}

function splitMerge(m: string): [string, string] {
  const i = m.indexOf(" ", 1);
  if (i < 0) throw new TsmlxError(API, `merge ${JSON.stringify(m)} is not two tokens separated by a space`);
  return [m.slice(0, i), m.slice(i + 1)];
}
