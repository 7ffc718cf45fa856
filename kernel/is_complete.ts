/**
 * is_complete: whether a console front end should run the code typed so far or wait for
 * more lines. Code that fails to parse exactly at its end is incomplete; code that fails
 * earlier is invalid.
 */
import { transformSync } from "esbuild";

/** An is_complete_reply's content. */
export type IsCompleteReply =
  | { status: "complete" }
  | { status: "incomplete"; indent: string }
  | { status: "invalid" };

/**
 * Classifies code as complete, incomplete (with the indent for the next line) or invalid.
 * @example isComplete("function f() {") // => { status: "incomplete", indent: "  " }
 */
export function isComplete(code: string): IsCompleteReply {
  const text = code.trimEnd();
  if (text === "") return { status: "complete" };
  try {
    transformSync(text, { loader: "ts", format: "esm", logLevel: "silent" });
    return { status: "complete" };
  } catch (e: any) {
    const err = e?.errors?.[0];
    if (!err?.location) return { status: "invalid" };
    const lines = text.split("\n");
    const atEnd =
      err.location.line === lines.length &&
      err.location.column >= Buffer.byteLength(lines[lines.length - 1]!);
    if (!atEnd) return { status: "invalid" };
    if (/Unterminated (string literal|regular expression)/.test(err.text)) {
      const backticks = (text.match(/`/g) ?? []).length;
      if (!err.text.includes("string") || backticks % 2 === 0) return { status: "invalid" };
    }
    const lastLine = lines[lines.length - 1]!;
    const base = /^\s*/.exec(lastLine)![0];
    const opens = /[{([]\s*$|=>\s*$/.test(lastLine);
    return { status: "incomplete", indent: opens ? `${base}  ` : base };
  }
}
