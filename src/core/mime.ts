/**
 * MIME bundles for notebook display. An object with a `[Symbol.for("Jupyter.display")]()`
 * method returning a bundle is shown by the kernel as rich output; `text/plain` is always there.
 */
import type { DType, TypedArray } from "./dtype.js";
import { readElement } from "./elements.js";
import { formatElement, SUMMARIZE_THRESHOLD, shownIndices } from "./format.js";

/** The symbol the kernel looks for. `obj[JUPYTER_DISPLAY]()` */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: mime type to content. `{ "text/plain": "f32[2]" }` */
export type MimeBundle = { "text/plain": string } & Record<string, string>;

/** Escapes text for HTML. `escapeHtml("a<b") === "a&lt;b"` */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A bundle showing `text` as plain text and as inline code. `codeBundle("f32[2]")` */
export function codeBundle(text: string): MimeBundle {
  return { "text/plain": text, "text/html": `<code>${escapeHtml(text)}</code>` };
}

const TABLE_STYLE = "border-collapse:collapse;font-family:monospace;text-align:right";
const CELL = "padding:1px 6px;border:1px solid #ddd";

/**
 * An HTML view of a tensor: a header with its type, then a table for rank 0 to 2 (rows and
 * columns summarized with `…` when large) or the numpy-like text for higher ranks.
 */
export function tensorHtml(dtype: DType, dims: readonly number[], data: TypedArray, text: string): string {
  const header = `<div style="font-family:monospace;color:#555">${escapeHtml(`${dtype}[${dims.join(",")}]`)}</div>`;
  if (dims.length > 2) return `${header}<pre>${escapeHtml(text.slice(text.indexOf("\n") + 1))}</pre>`;
  const size = dims.reduce((a, b) => a * b, 1);
  const summarize = size > SUMMARIZE_THRESHOLD;
  const rows = dims.length === 2 ? dims[0]! : 1;
  const cols = dims.length === 0 ? 1 : dims[dims.length - 1]!;
  const ri = shownIndices(rows, summarize);
  const ci = shownIndices(cols, summarize);
  const cell = (r: number, c: number): string => {
    if (r < 0 || c < 0) return "…";
    const k = dims.length === 2 ? r * cols + c : c;
    return escapeHtml(formatElement(dtype, readElement(dtype, data, k)));
  };
  const body = ri
    .map((r) => `<tr>${ci.map((c) => `<td style="${CELL}">${cell(r, c)}</td>`).join("")}</tr>`)
    .join("");
  return `${header}<table style="${TABLE_STYLE}">${body}</table>`;
}
