/**
 * Text that grows while it is generated, shown as one notebook output updated in place with
 * the count of tokens and their rate: `sampler.generate(ids, { ..., onToken: live.update(display) })`.
 */
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";

/** What {@link LiveText.update} calls to show itself: the kernel's `display`. */
export type LiveShow = (value: unknown, options: { displayId: string; update: boolean }) => void;

let nextId = 0;

/**
 * One output that shows text as it streams in, with tokens and tokens/s under it.
 * `const live = new LiveText({ title: "Gemma" }); await sampler.generate(ids, { maxNewTokens: 64, tokenizer, onToken: live.update(display) })`
 */
export class LiveText {
  #text = "";
  #tokens = 0;
  #rate = 0;
  readonly #title: string | undefined;
  readonly #id = `tsmlx-live-text-${process.pid}-${nextId++}`;

  constructor(options: { title?: string } = {}) {
    this.#title = options.title;
  }

  /** The text so far. `live.text` */
  get text(): string {
    return this.#text;
  }

  /** Adds one token's text and the current rate. `live.add(" world", 31.5)` */
  add(text: string, tokensPerSecond: number): void {
    this.#text += text;
    this.#tokens++;
    this.#rate = tokensPerSecond;
  }

  /**
   * A per-token callback that adds each token and redraws the one output.
   * `onToken: live.update(display)`
   */
  update(show: LiveShow): (token: { text: string; tokensPerSecond: number }) => void {
    if (typeof show !== "function") {
      throw new TsmlxError("LiveText", `update needs a display function, got ${typeof show}`);
    }
    let shown = false;
    return (t) => {
      this.add(t.text, t.tokensPerSecond);
      show(this, { displayId: this.#id, update: shown });
      shown = true;
    };
  }

  /** The line under the text: tokens and rate. `live.status() === "12 tokens, 30.5 tokens/s"` */
  status(): string {
    return `${this.#tokens} tokens, ${this.#rate.toFixed(1)} tokens/s`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const title = this.#title ? `${this.#title}\n` : "";
    return {
      "text/plain": `${title}${this.#text}\n— ${this.status()}`,
      "text/html":
        (this.#title ? `<div><b>${escapeHtml(this.#title)}</b></div>` : "") +
        `<pre style="white-space: pre-wrap">${escapeHtml(this.#text)}</pre>` +
        `<div style="color: #666; font-size: smaller">${escapeHtml(this.status())}</div>`,
    };
  }
}
