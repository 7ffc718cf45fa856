/** Text: tokenizers. `const tok = text.BpeTokenizer.fromFile("tokenizer.json")` */
export * from "./bpe_tokenizer.js";
