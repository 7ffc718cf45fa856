/**
 * `tsmlx generate --model DIR "prompt"`: loads a Hugging Face Gemma checkpoint directory (with
 * its tokenizer.json) and streams the continuation of the prompt to the terminal as it is
 * generated, then the prefill and decode rates.
 */
import { existsSync } from "node:fs";
import type { GenerateOptions } from "../models/gemma.js";
import { ArgReader } from "./args.js";

/** What the command writes: streamed text, and messages. */
export interface GenerateIo {
  write(text: string): void;
  err(text: string): void;
}

/** A mistake in the command line (exit code 2). */
export class GenerateUsageError extends Error {}

/** The parsed options of `tsmlx generate`. */
export interface GenerateArgs {
  model: string;
  prompt: string;
  chat: boolean;
  bf16: boolean;
  maxNewTokens: number;
  sampling: {
    -readonly [K in
      | "temperature"
      | "topK"
      | "topP"
      | "minP"
      | "repetitionPenalty"
      | "seed"]?: GenerateOptions[K];
  };
}

const NUMBER_FLAGS: Record<string, keyof GenerateArgs["sampling"] | "maxNewTokens"> = {
  "--max-new-tokens": "maxNewTokens",
  "--temperature": "temperature",
  "--top-k": "topK",
  "--top-p": "topP",
  "--min-p": "minP",
  "--repetition-penalty": "repetitionPenalty",
  "--seed": "seed",
};

/** The usage lines of `tsmlx generate`. `generateUsage().startsWith("  tsmlx generate")` */
export function generateUsage(): string {
  return `  tsmlx generate --model DIR [--chat] [--bf16] [--max-new-tokens N] [--temperature T]
                 [--top-k K] [--top-p P] [--min-p P] [--repetition-penalty R] [--seed S] PROMPT
                           stream a Hugging Face Gemma checkpoint's continuation of PROMPT
                           (--chat: as a user turn of an instruction-tuned model; greedy
                           unless a sampling option is given; --bf16 keeps bf16 weights)`;
}

/**
 * Parses the arguments after `generate`.
 * `parseGenerateArgs(["--model", "gemma-3-1b-it", "--chat", "Hi"]).chat === true`
 */
export function parseGenerateArgs(args: readonly string[]): GenerateArgs {
  const out: GenerateArgs = {
    model: "",
    prompt: "",
    chat: false,
    bf16: false,
    maxNewTokens: 128,
    sampling: {},
  };
  const words: string[] = [];
  const r = new ArgReader(args, (m) => new GenerateUsageError(m));
  for (let a = r.next(); a; a = r.next()) {
    const flag = a.flag;
    if (flag === "--model") out.model = r.value();
    else if (flag === "--chat") out.chat = true;
    else if (flag === "--bf16") out.bf16 = true;
    else if (flag in NUMBER_FLAGS) {
      const raw = r.value();
      const v = Number(raw);
      if (!Number.isFinite(v))
        throw new GenerateUsageError(`${flag} needs a number, got ${JSON.stringify(raw)}`);
      const key = NUMBER_FLAGS[flag]!;
      if (key === "maxNewTokens") out.maxNewTokens = v;
      else out.sampling[key] = v;
    } else if (flag === "--") words.push(...r.rest());
    else if (flag.startsWith("--")) throw new GenerateUsageError(`tsmlx generate: unknown option ${a.arg}`);
    else words.push(a.arg);
  }
  if (!out.model)
    throw new GenerateUsageError("tsmlx generate needs --model DIR (a Hugging Face Gemma checkpoint)");
  if (words.length === 0) throw new GenerateUsageError("tsmlx generate needs a prompt");
  out.prompt = words.join(" ");
  return out;
}

/**
 * Runs `tsmlx generate` with parsed arguments: streams the text, then reports the rates on
 * `io.err`; resolves to the exit code. `await runGenerate(parseGenerateArgs(argv), io)`
 */
export async function runGenerate(a: GenerateArgs, io: GenerateIo): Promise<number> {
  const { loadGemmaCheckpoint } = await import("../models/gemma_checkpoint.js");
  const { GemmaSampler } = await import("../models/gemma.js");
  const { gemmaChatPrompt } = await import("../models/gemma_chat.js");
  const { BpeTokenizer } = await import("../text/bpe_tokenizer.js");
  const t0 = performance.now();
  const { config, ctx, tokenizerPath } = loadGemmaCheckpoint(a.model, undefined, {
    weightDtype: a.bf16 ? "bf16" : "f32",
  });
  if (!tokenizerPath || !existsSync(tokenizerPath)) {
    throw new Error(`${a.model}: no tokenizer.json, so the prompt cannot be encoded`);
  }
  const tok = BpeTokenizer.fromFile(tokenizerPath);
  const ids = a.chat
    ? tok.encode(gemmaChatPrompt([{ role: "user", content: a.prompt }]))
    : tok.encode(a.prompt, { addSpecialTokens: true });
  const loaded = (performance.now() - t0) / 1000;
  const stopTokens = ["<eos>", "<end_of_turn>"].flatMap((t) => {
    const id = tok.tokenToId(t);
    return id === undefined ? [] : [id];
  });
  const sampler = new GemmaSampler(ctx, config, ids.length + a.maxNewTokens);
  if (!a.chat) io.write(a.prompt);
  const r = await sampler.generate(ids, {
    ...a.sampling,
    maxNewTokens: a.maxNewTokens,
    stopTokens,
    tokenizer: tok,
    onToken: (t) => io.write(t.text),
  });
  io.write("\n");
  const decoded = r.tokens.length - 1;
  io.err(
    `${r.tokens.length} tokens (${r.stopReason}); loaded in ${loaded.toFixed(1)} s; prefill ${ids.length} tokens ` +
      `${(ids.length / r.prefillSeconds).toFixed(1)} tokens/s (compile included); decode ` +
      `${decoded > 0 ? (decoded / r.decodeSeconds).toFixed(1) : "–"} tokens/s`,
  );
  return 0;
}
