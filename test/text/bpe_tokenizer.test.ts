/**
 * The BPE tokenizer on a small Gemma-style tokenizer.json written here: merges applied by rank
 * (not left to right), spaces as ▁, special tokens matched verbatim, byte fallback for
 * characters without a token (and back to UTF-8 on decode), round trips, and refusals.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BpeTokenizer } from "../../src/text/bpe_tokenizer.js";

const specials = ["<pad>", "<eos>", "<bos>", "<unk>"];
const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
const pieces = [
  "▁",
  "h",
  "e",
  "l",
  "o",
  "w",
  "r",
  "d",
  "he",
  "ll",
  "hell",
  "hello",
  "▁w",
  "or",
  "▁wor",
  "▁worl",
  "▁world",
  "el",
];
const all = [...specials, ...bytes, ...pieces];
const vocab = Object.fromEntries(all.map((p, i) => [p, i]));
const id = (p: string) => vocab[p] as number;
const merges = ["h e", "l l", "he ll", "hell o", "▁ w", "o r", "▁w or", "▁wor l", "▁worl d", "e l"];

function gemmaStyle(extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}) {
  return {
    version: "1.0",
    added_tokens: specials.map((content, i) => ({ id: i, content, special: true })),
    normalizer: { type: "Replace", pattern: { String: " " }, content: "▁" },
    pre_tokenizer: null,
    decoder: {
      type: "Sequence",
      decoders: [
        { type: "Replace", pattern: { String: "▁" }, content: " " },
        { type: "ByteFallback" },
        { type: "Fuse" },
      ],
    },
    model: { type: "BPE", dropout: null, unk_token: "<unk>", byte_fallback: true, vocab, merges, ...model },
    ...extra,
  };
}

const tok = new BpeTokenizer(gemmaStyle());

test("encodes words into their merged tokens, spaces as ▁", () => {
  assert.deepEqual(tok.encode("hello world"), [id("hello"), id("▁world")]);
  assert.deepEqual(tok.encode(" hello"), [id("▁"), id("hello")]);
  assert.deepEqual(tok.encode("hello world", { bos: true }), [id("<bos>"), id("hello"), id("▁world")]);
});

test("merges apply by rank, not left to right", () => {
  // "e l" (rank 9) is leftmost, but "l l" (rank 1) merges first, leaving e + ll.
  assert.deepEqual(tok.encode("ell"), [id("e"), id("ll")]);
  assert.deepEqual(tok.encode("el"), [id("el")]);
});

test("merges given as pairs (newer tokenizer.json) encode the same", () => {
  const pairs = new BpeTokenizer(gemmaStyle({}, { merges: merges.map((m) => m.split(" ")) }));
  assert.deepEqual(pairs.encode("hello world ell"), tok.encode("hello world ell"));
});

test("special tokens are matched verbatim and kept or skipped on decode", () => {
  const ids = tok.encode("<bos>hello<eos>");
  assert.deepEqual(ids, [id("<bos>"), id("hello"), id("<eos>")]);
  assert.equal(tok.decode(ids), "<bos>hello<eos>");
  assert.equal(tok.decode(ids, { skipSpecial: true }), "hello");
});

test("characters without a token fall back to UTF-8 byte tokens and decode back", () => {
  const ids = tok.encode("h€ wé");
  assert.deepEqual(ids, [
    id("h"),
    id("<0xE2>"),
    id("<0x82>"),
    id("<0xAC>"),
    id("▁w"),
    id("<0xC3>"),
    id("<0xA9>"),
  ]);
  assert.equal(tok.decode(ids), "h€ wé");
  assert.equal(tok.decode([id("<0xF0>"), id("<0x9F>"), id("<0x98>"), id("<0x80>")]), "😀");
  // A byte run that is not UTF-8 decodes to one U+FFFD per byte.
  assert.equal(tok.decode([id("h"), id("<0xFF>"), id("<0xC3>"), id("e")]), "h\uFFFD\uFFFDe");
});

test("round trips text through encode and decode", () => {
  for (const s of [
    "hello world",
    "  hello  world ",
    "world hello",
    "héllo wörld 😀!",
    "<bos>hello<pad> x",
    "",
  ]) {
    assert.equal(tok.decode(tok.encode(s)), s, JSON.stringify(s));
  }
});

test("without byte fallback, unknown characters become <unk>", () => {
  const plain = new BpeTokenizer(gemmaStyle({}, { byte_fallback: false }));
  assert.deepEqual(plain.encode("h€"), [id("h"), id("<unk>")]);
});

test("reads tokenizer.json from a file and looks tokens up", () => {
  const dir = mkdtempSync(join(tmpdir(), "tok-"));
  try {
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(gemmaStyle()));
    const t = BpeTokenizer.fromFile(join(dir, "tokenizer.json"));
    assert.equal(t.tokenToId("<bos>"), 2);
    assert.equal(t.idToToken(id("▁world")), "▁world");
    assert.equal(t.vocabSize, all.length);
    assert.throws(
      () => BpeTokenizer.fromFile(join(dir, "absent.json")),
      /absent\.json: cannot read tokenizer JSON/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("refuses what it does not implement, and ids outside the vocabulary", () => {
  assert.throws(
    () => new BpeTokenizer({ model: { type: "Unigram" } }),
    /model type "Unigram" is not supported/,
  );
  assert.throws(
    () => new BpeTokenizer(gemmaStyle({ pre_tokenizer: { type: "ByteLevel" } })),
    /pre_tokenizer "ByteLevel" is not supported/,
  );
  assert.throws(
    () => new BpeTokenizer(gemmaStyle({ normalizer: { type: "BertNormalizer" } })),
    /normalizer type "BertNormalizer" is not supported; supported: Sequence/,
  );
  assert.throws(
    () => tok.decode([all.length]),
    new RegExp(`id ${all.length} is outside the vocabulary of ${all.length}`),
  );
});
