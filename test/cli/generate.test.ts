/**
 * `tsmlx generate`: on a Gemma 3 checkpoint directory written here (random weights, the real
 * Gemma 3 tokenizer.json beside them) it streams the continuation of the prompt piece by piece,
 * the same text as the sampler gives for the same seed, then the rates; `--chat` wraps the
 * prompt as a user turn; command-line mistakes exit 2 naming the mistake.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { encodeSafetensors } from "../../src/checkpoint/safetensors.js";
import { main, usage } from "../../src/cli/main.js";
import { Tensor } from "../../src/core/tensor.js";
import { GemmaSampler } from "../../src/models/gemma.js";
import { gemmaChatPrompt } from "../../src/models/gemma_chat.js";
import { loadGemmaCheckpoint } from "../../src/models/gemma_checkpoint.js";
import { Rng } from "../../src/models/sampling.js";
import { BpeTokenizer } from "../../src/text/bpe_tokenizer.js";
import { ROOT } from "../peers.js";

const TOKENIZER = join(ROOT, "node_modules", "@lenml", "tokenizer-gemma3", "models", "tokenizer.json");
const dir = mkdtempSync(join(tmpdir(), "tsmlx-generate-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const HF = {
  model_type: "gemma3_text",
  vocab_size: 262144,
  hidden_size: 8,
  intermediate_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  head_dim: 4,
  sliding_window: 8,
  layer_types: ["sliding_attention", "full_attention"],
  query_pre_attn_scalar: 4,
};

/** A checkpoint of random weights in transformers' names, and the real tokenizer beside it. */
function writeCheckpoint(): void {
  const r = new Rng(1);
  const t = (shape: number[], scale: number) =>
    Tensor.fromTypedArray(
      "f32",
      shape,
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r.next() * 2 - 1) * scale),
    );
  const d = HF.hidden_size;
  const w: Record<string, Tensor> = {
    "model.embed_tokens.weight": t([HF.vocab_size, d], 1),
    "model.norm.weight": t([d], 0.3),
  };
  for (let i = 0; i < HF.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    w[`${p}self_attn.q_proj.weight`] = t([2 * 4, d], 0.5);
    w[`${p}self_attn.k_proj.weight`] = t([4, d], 0.5);
    w[`${p}self_attn.v_proj.weight`] = t([4, d], 0.5);
    w[`${p}self_attn.o_proj.weight`] = t([d, 2 * 4], 0.5);
    w[`${p}self_attn.q_norm.weight`] = t([4], 0.3);
    w[`${p}self_attn.k_norm.weight`] = t([4], 0.3);
    w[`${p}mlp.gate_proj.weight`] = t([16, d], 0.5);
    w[`${p}mlp.up_proj.weight`] = t([16, d], 0.5);
    w[`${p}mlp.down_proj.weight`] = t([d, 16], 0.5);
    for (const n of [
      "input_layernorm",
      "post_attention_layernorm",
      "pre_feedforward_layernorm",
      "post_feedforward_layernorm",
    ])
      w[`${p}${n}.weight`] = t([d], 0.3);
  }
  writeFileSync(join(dir, "config.json"), JSON.stringify(HF));
  writeFileSync(join(dir, "model.safetensors"), encodeSafetensors(w));
  copyFileSync(TOKENIZER, join(dir, "tokenizer.json"));
}
writeCheckpoint();

function capture() {
  const pieces: string[] = [];
  const errs: string[] = [];
  return {
    pieces,
    errs,
    io: {
      out: (t: string) => pieces.push(t),
      err: (t: string) => errs.push(t),
      write: (t: string) => pieces.push(t),
    },
  };
}

test("streams the prompt's continuation piece by piece, as the sampler gives it, then the rates", async () => {
  const c = capture();
  const code = await main(
    [
      "generate",
      "--model",
      dir,
      "--max-new-tokens",
      "8",
      "--temperature=1",
      "--top-p",
      "0.9",
      "--seed",
      "3",
      "Hello",
      "there",
    ],
    c.io,
  );
  assert.equal(code, 0, c.errs.join("\n"));
  const text = c.pieces.join("");
  assert.ok(c.pieces.length >= 3, "the text comes in pieces");
  assert.ok(text.startsWith("Hello there") && text.endsWith("\n"), JSON.stringify(text));
  assert.match(
    c.errs.join(""),
    /^\d+ tokens \((length|stop_token)\); loaded in [\d.]+ s; prefill \d+ tokens [\d.]+ tokens\/s .*decode [\d.–]+ tokens\/s$/,
  );
  const tok = BpeTokenizer.fromFile(TOKENIZER);
  const { config, ctx } = loadGemmaCheckpoint(dir);
  const ids = tok.encode("Hello there", { addSpecialTokens: true });
  const want = await new GemmaSampler(ctx, config, ids.length + 8).generate(ids, {
    maxNewTokens: 8,
    temperature: 1,
    topP: 0.9,
    seed: 3,
    stopTokens: [1, 106],
    tokenizer: tok,
  });
  assert.equal(text, `Hello there${want.text}\n`);
});

test("--chat sends the prompt as a user turn of Gemma's chat format", async () => {
  const c = capture();
  assert.equal(
    await main(["generate", "--model", dir, "--chat", "--max-new-tokens", "4", "Hi!"], c.io),
    0,
    c.errs.join("\n"),
  );
  const tok = BpeTokenizer.fromFile(TOKENIZER);
  const ids = tok.encode(gemmaChatPrompt([{ role: "user", content: "Hi!" }]));
  assert.match(c.errs.join(""), new RegExp(`prefill ${ids.length} tokens`));
  assert.ok(!c.pieces.join("").startsWith("Hi!"), "the chat reply does not echo the prompt");
});

test("command-line mistakes exit 2 and name the mistake", async () => {
  for (const [argv, re] of [
    [["generate", "Hello"], /tsmlx generate needs --model DIR/],
    [["generate", "--model", dir], /tsmlx generate needs a prompt/],
    [["generate", "--model", dir, "--top-k", "many", "x"], /--top-k needs a number, got "many"/],
    [["generate", "--model", dir, "--beam", "x"], /unknown option --beam/],
  ] as const) {
    const c = capture();
    assert.equal(await main([...argv], c.io), 2);
    assert.match(c.errs.join(""), re);
  }
  const c = capture();
  assert.equal(await main(["generate", "--model", join(dir, "absent"), "x"], c.io), 1);
  assert.match(c.errs.join(""), /absent: no config\.json/);
  assert.match(usage(), /tsmlx generate --model DIR/);
});
