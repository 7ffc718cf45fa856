/**
 * Gemma's chat format for instruction-tuned checkpoints, as its tokenizer_config.json template
 * writes it: `<bos>`, then each turn as `<start_of_turn>user\n…<end_of_turn>\n` (the assistant's
 * role is "model"), a system message folded into the first user turn, and
 * `<start_of_turn>model\n` to ask for the reply; and a conversation that keeps the turns and
 * streams each reply.
 */
import { TsmlxError } from "../core/errors.js";
import type { BpeTokenizer } from "../text/bpe_tokenizer.js";
import type { GemmaSampler, GenerateOptions, Generation } from "./gemma.js";

/** One message: a role and its text (or text parts; an image part becomes `<start_of_image>`). */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant" | "model";
  readonly content: string | readonly ({ type: "text"; text: string } | { type: "image" })[];
}

/**
 * The prompt text of a conversation in Gemma's chat format; `addGenerationPrompt` (default
 * true) ends it with the model's turn opening. Encode it without adding special tokens (it
 * holds `<bos>`). `gemmaChatPrompt([{ role: "user", content: "Hi" }])` is
 * `"<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n"`
 */
export function gemmaChatPrompt(
  messages: readonly ChatMessage[],
  options: { addGenerationPrompt?: boolean; bos?: string } = {},
): string {
  const text = (c: ChatMessage["content"]) =>
    typeof c === "string"
      ? c.trim()
      : c.map((p) => (p.type === "image" ? "<start_of_image>" : p.text.trim())).join("");
  let prefix = "";
  let turns = messages;
  if (messages[0]?.role === "system") {
    const c = messages[0].content;
    prefix = `${typeof c === "string" ? c : c[0]?.type === "text" ? c[0].text : ""}\n\n`;
    turns = messages.slice(1);
  }
  let out = options.bos ?? "<bos>";
  turns.forEach((m, i) => {
    const user = m.role === "user";
    if (user !== (i % 2 === 0) || m.role === "system") {
      throw new TsmlxError(
        "gemmaChatPrompt",
        `message ${i + (prefix ? 1 : 0)} has role "${m.role}": roles must alternate user/assistant/user/…`,
      );
    }
    const role = m.role === "assistant" ? "model" : m.role;
    out += `<start_of_turn>${role}\n${i === 0 ? prefix : ""}${text(m.content)}<end_of_turn>\n`;
  });
  if (options.addGenerationPrompt ?? true) out += "<start_of_turn>model\n";
  return out;
}

/**
 * A conversation with an instruction-tuned Gemma: each `say` adds the user's turn, generates
 * the reply (streamed through `onToken`), stops at `<end_of_turn>` or `<eos>`, and keeps the
 * reply as the model's turn.
 * `const chat = new GemmaChat(sampler, tok); const r = await chat.say("Hello!", { maxNewTokens: 64, onToken: (t) => process.stdout.write(t.text) })`
 */
export class GemmaChat {
  readonly messages: ChatMessage[] = [];

  constructor(
    readonly sampler: GemmaSampler,
    readonly tokenizer: BpeTokenizer,
    options: { system?: string } = {},
  ) {
    if (options.system) this.messages.push({ role: "system", content: options.system });
  }

  /** The ids that end a reply: `<end_of_turn>` and `<eos>` where the vocabulary has them. */
  get stopTokens(): number[] {
    return ["<end_of_turn>", "<eos>"].flatMap((t) => {
      const id = this.tokenizer.tokenToId(t);
      return id === undefined ? [] : [id];
    });
  }

  /** Sends `text` as the user and returns the reply. `await chat.say("Why is the sky blue?", { maxNewTokens: 128 })` */
  async say(text: string, options: Omit<GenerateOptions, "tokenizer">): Promise<Generation> {
    const turn: ChatMessage = { role: "user", content: text };
    const prompt = this.tokenizer.encode(gemmaChatPrompt([...this.messages, turn]));
    const reply = await this.sampler.generate(prompt, {
      ...options,
      tokenizer: this.tokenizer,
      stopTokens: [...(options.stopTokens ?? []), ...this.stopTokens],
    });
    this.messages.push(turn, { role: "model", content: reply.text ?? "" });
    return reply;
  }
}
