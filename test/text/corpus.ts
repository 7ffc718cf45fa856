/**
 * A varied, reproducible corpus for checking a tokenizer against Hugging Face `tokenizers`:
 * prose, code, whitespace runs, emoji, CJK, other scripts mixed with Latin, special and
 * added tokens (whole, adjacent and broken), random code points and a few long texts.
 * `const texts = tokenizerCorpus(1200, 7)`
 */

const WORDS = (
  "the of and to in is was for that with as on by at from his her an which or be are this have " +
  "it not but had they were one all their has been would there can more when who will no if out " +
  "so said what up its about into than them only other new some could time these two may then do " +
  "first any my now such like our over man me even most made after also did many before must " +
  "through back years where much your way well down should because each just those people how " +
  "tokenizer transformer attention sampling gradient embedding probability Gemma TypeScript"
).split(" ");
const CODE = [
  "function add(a, b) {\n  return a + b;\n}\n",
  "def f(x):\n    if x > 0:\n        return x * 2\n    return -x\n",
  "for (let i = 0; i < n; i++) {\n\tsum += xs[i];\n}",
  "const m = new Map<string, number[]>();\nm.set('k', [1, 2, 3]);",
  "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 42); }',
  "    x = [i**2 for i in range(10)]  # squares\n",
  '{"key": "value", "list": [1, 2.5, null, true], "nested": {"a": {}}}',
  '<div class="row">\n  <span>{{ name }}</span>\n</div>',
  "fn main() -> Result<(), Box<dyn Error>> { Ok(()) }",
];
const SPACES = [
  " ",
  "  ",
  "   ",
  "    ",
  "\t",
  "\t\t",
  "\n",
  "\n\n",
  "\r\n",
  "\u00a0",
  "\u3000",
  "  \n  ",
  "\n\t\n",
];
const EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🏳️‍🌈", "❤️", "🤖", "🧠", "✨", "🙈🙉🙊", "1️⃣", "☕"];
const SCRIPTS = [
  "Привет, как дела?",
  "Καλημέρα κόσμε",
  "مرحبا بالعالم",
  "שלום עולם",
  "नमस्ते दुनिया",
  "สวัสดีชาวโลก",
  "안녕하세요 세계",
  "こんにちは世界、カタカナとひらがな。",
  "你好，世界！机器学习很有趣。",
  "Ça va? Très bien, merci. Größe, Straße, naïve café",
  "Tiếng Việt có dấu",
  "ქართული ენა",
];
const SPECIALS = [
  "<bos>",
  "<eos>",
  "<pad>",
  "<start_of_turn>",
  "<end_of_turn>",
  "<start_of_image>",
  "<unused12>",
  "<mask>",
  "[multimodal]",
  "<start_of",
  "<<bos>>",
  "<end_of_turn>\n<start_of_turn>model\n",
];

/** A small deterministic generator (mulberry32): integers in [0, n). */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function codePoint(r: (n: number) => number): string {
  for (;;) {
    const range = r(4);
    const cp =
      range === 0
        ? 0x20 + r(0x7f - 0x20)
        : range === 1
          ? 0xa0 + r(0x2fff - 0xa0)
          : range === 2
            ? 0x4e00 + r(0x9fff - 0x4e00)
            : 0x1f300 + r(0x1faff - 0x1f300);
    if (cp < 0xd800 || cp > 0xdfff) return String.fromCodePoint(cp);
  }
}

/** `count` texts (at least 12 of each kind), reproducible from `seed`. */
export function tokenizerCorpus(count: number, seed = 1): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[r(xs.length)]!;
  const prose = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = pick(WORDS);
      if (r(8) === 0) w = w[0]!.toUpperCase() + w.slice(1);
      out.push(w + (r(10) === 0 ? pick([",", ".", ";", "!", "?", ":", "'s", ")"]) : ""));
    }
    return out.join(" ");
  };
  const kinds: (() => string)[] = [
    () => prose(1 + r(60)),
    () => pick(CODE) + (r(2) ? pick(CODE) : ""),
    () => Array.from({ length: 1 + r(12) }, () => (r(2) ? pick(SPACES) : pick(WORDS))).join(""),
    () => Array.from({ length: 1 + r(8) }, () => (r(3) ? pick(EMOJI) : ` ${pick(WORDS)} `)).join(""),
    () => pick(SCRIPTS.slice(6)) + (r(2) ? pick(SCRIPTS.slice(6)) : ""),
    () => Array.from({ length: 2 + r(5) }, () => (r(2) ? pick(SCRIPTS) : prose(1 + r(4)))).join(" "),
    () =>
      Array.from({ length: 1 + r(6) }, () => (r(2) ? pick(SPECIALS) : prose(1 + r(5)))).join(r(2) ? "" : " "),
    () => Array.from({ length: 1 + r(40) }, () => codePoint(r)).join(""),
    () => `${pick(SPACES)}${prose(1 + r(8))}${pick(SPACES)}`,
    () =>
      String(r(1e9)) + pick([" + ", "-", ".", ",", "e-", "%"]) + String(r(1e5)) + pick(["", " km", "€", "$"]),
  ];
  const texts: string[] = [];
  for (let i = 0; i < count - 4; i++) texts.push(kinds[i % kinds.length]!());
  // A few long texts: paragraphs, one 16 KB line, indented code, a run of newlines and spaces.
  texts.push(Array.from({ length: 30 }, () => prose(80)).join("\n\n"));
  texts.push(prose(3000).slice(0, 16384));
  texts.push(Array.from({ length: 200 }, () => pick(CODE)).join("\n"));
  texts.push(`${" ".repeat(70)}x${"\n".repeat(45)}y${"\t".repeat(33)}z${"▁".repeat(40)}`);
  return texts;
}
