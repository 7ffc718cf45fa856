/**
 * Rich display: turning values into MIME bundles and the display functions cells call.
 *
 * A value shows itself richly by having a `[Symbol.for("Jupyter.display")]()` method that
 * returns a MIME bundle (`{ "text/plain": ..., "text/html": ... }`) or `{ data, metadata }`.
 * Anything else is shown as `text/plain` through util.inspect.
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";

/** The well-known symbol of the display protocol. */
export const DISPLAY_SYMBOL: unique symbol = Symbol.for("Jupyter.display") as any;

/** MIME type to data (strings, or JSON for JSON-based types). */
export type MimeBundle = Record<string, unknown>;

/** What a display message carries. */
export interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

const BINARY_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

function looksLikeMime(key: string): boolean {
  return /^[\w.+-]+\/[\w.+-]+$/.test(key);
}

/**
 * The text/plain form of a value, as a REPL would print it.
 * @example plainText([1, 2]) // => "[ 1, 2 ]"
 */
export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

function normalize(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, v] of Object.entries(data)) {
    if (!looksLikeMime(mime) || v === undefined) continue;
    if (v instanceof Uint8Array || ArrayBuffer.isView(v)) {
      const view = v as ArrayBufferView;
      out[mime] = Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
    } else if (typeof v === "string" || !BINARY_TYPES.test(mime)) {
      out[mime] = v;
    }
  }
  return out;
}

/**
 * The MIME bundle for a value: its display method's bundle, else text/plain.
 * @example mimeBundle(42).data // => { "text/plain": "42" }
 */
export function mimeBundle(value: unknown): DisplayContent {
  const method =
    value !== null && (typeof value === "object" || typeof value === "function")
      ? (value as any)[DISPLAY_SYMBOL]
      : undefined;
  if (typeof method === "function") {
    const out = method.call(value);
    let data: MimeBundle;
    let metadata: Record<string, unknown> = {};
    if (out && typeof out === "object" && out.data && typeof out.data === "object") {
      data = out.data;
      metadata = out.metadata ?? {};
    } else {
      data = out ?? {};
    }
    data = normalize(data);
    if (typeof data["text/plain"] !== "string") data["text/plain"] = plainText(value);
    return { data, metadata };
  }
  return { data: { "text/plain": plainText(value) }, metadata: {} };
}

/** Where display calls go: the kernel publishes them on iopub with the current parent. */
export interface DisplaySink {
  display(content: DisplayContent, displayId: string | undefined, update: boolean): void;
  clear(wait: boolean): void;
}

/** Options of `display(value, options)`. */
export interface DisplayOptions {
  /** Tags the output so later calls with the same id can replace it. */
  displayId?: string;
  /** Replace the output tagged `displayId` instead of adding a new one. */
  update?: boolean;
  /** Extra output metadata. */
  metadata?: Record<string, unknown>;
}

/** tslab's Display interface: one method per MIME type. */
export interface Display {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

/** The callable `display` cells see: `display(value, options)` plus tslab's methods. */
export type DisplayFunction = ((value: unknown, options?: DisplayOptions) => void) & Display;

function displayMethods(raw: (mime: string, b: string | Uint8Array) => void): Display {
  return {
    javascript: (s) => raw("application/javascript", s),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
  };
}

/**
 * The display API handed to cells, bound to one sink.
 * @example const d = makeDisplayApi(sink); d.display.html("<b>hi</b>")
 */
export function makeDisplayApi(sink: DisplaySink): {
  display: DisplayFunction;
  newDisplay: () => Display;
  clearOutput: (wait?: boolean) => void;
} {
  const showRaw = (mime: string, b: string | Uint8Array, id?: string, update = false) => {
    sink.display({ data: normalize({ [mime]: b }), metadata: {} }, id, update);
  };
  const display = ((value: unknown, options: DisplayOptions = {}) => {
    const content = mimeBundle(value);
    if (options.metadata) content.metadata = { ...content.metadata, ...options.metadata };
    sink.display(content, options.displayId, Boolean(options.update && options.displayId));
  }) as DisplayFunction;
  Object.assign(
    display,
    displayMethods((mime, b) => showRaw(mime, b)),
  );
  const newDisplay = (): Display => {
    const id = randomBytes(8).toString("hex");
    let shown = false;
    return displayMethods((mime, b) => {
      showRaw(mime, b, id, shown);
      shown = true;
    });
  };
  return { display, newDisplay, clearOutput: (wait = false) => sink.clear(wait) };
}
