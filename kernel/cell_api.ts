/**
 * The declarations of what the kernel gives cells (globals and the tslab-compatible module),
 * as TypeScript source for the language service, so completion and inspect know them.
 */

/** A declaration file describing the kernel's globals and modules. */
export const CELL_API_DECLARATIONS = `
/** Options of display(value, options). */
interface DisplayOptions {
  /** Tags the output so later calls with the same id replace it. */
  displayId?: string;
  /** Replace the output tagged displayId instead of adding one. */
  update?: boolean;
  /** Extra output metadata. */
  metadata?: Record<string, unknown>;
}
/**
 * Shows a value as a rich output: its [Symbol.for("Jupyter.display")]() MIME bundle, or text.
 * @example display(tensor, { displayId: "progress" })
 */
declare function display(value: unknown, options?: DisplayOptions): void;
declare namespace display {
  function javascript(s: string): void;
  function html(s: string): void;
  function markdown(s: string): void;
  function latex(s: string): void;
  function svg(s: string): void;
  function png(b: Uint8Array): void;
  function jpeg(b: Uint8Array): void;
  function gif(b: Uint8Array): void;
  function pdf(b: Uint8Array): void;
  function text(s: string): void;
  function raw(contentType: string, b: string | Uint8Array): void;
}
/** Clears the cell's output; with wait, only when the next output arrives. */
declare function clearOutput(wait?: boolean): void;
/**
 * Asks the user for a line of text through the front end.
 * @example const name = await input("name? ")
 */
declare function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
/** Same as input(). */
declare function prompt(prompt?: string, options?: { password?: boolean }): Promise<string>;
/** One open comm with the front end. */
interface KernelComm {
  readonly id: string;
  readonly targetName: string;
  send(data: unknown, metadata?: Record<string, unknown>): void;
  close(data?: unknown): void;
  onMsg(handler: (data: unknown, msg: { content: Record<string, unknown>; buffers: Uint8Array[] }) => void): void;
  onClose(handler: (data: unknown, msg: { content: Record<string, unknown>; buffers: Uint8Array[] }) => void): void;
}
/** Comm targets and comms of this kernel. */
declare const comms: {
  registerTarget(name: string, handler: (comm: KernelComm, data: unknown) => void): void;
  unregisterTarget(name: string): void;
  open(targetName: string, data?: unknown, metadata?: Record<string, unknown>): KernelComm;
};
declare module "tslab" {
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
  /** Returns a new Display that shows and then keeps replacing a single output. */
  export function newDisplay(): Display;
  /** Functions that show rich content. */
  export const display: Display;
  export const versions: { tslab: string; typescript: string; node: string };
}
`;
