/**
 * MIME bundles for notebook display. An object with a `[Symbol.for("Jupyter.display")]()`
 * method returning a bundle is shown by the kernel as rich output; `text/plain` is always there.
 */
import type { DType, TypedArray } from "./dtype.js";
import { tensorView } from "./tensor_view.js";

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

/**
 * An HTML view of a tensor (see {@link tensorView}): its type and summary statistics, a picture
 * where the data is an image or a matrix, and its values as 2-D tables, one per slice.
 * `tensorHtml("f32", [2], new Float32Array([1, 2]), "f32[2]\n[1., 2.]")`
 */
export function tensorHtml(dtype: DType, dims: readonly number[], data: TypedArray, _text?: string): string {
  return tensorView(dtype, dims, data);
}
