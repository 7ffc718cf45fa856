/**
 * The declarations of what the kernel gives cells (globals and the tslab-compatible module),
 * as TypeScript source for the language service, so completion and inspect know them.
 *
 * The display types (`Display`, `DisplayOptions`, the callable `display`) are not written here:
 * the declarations import them from the declaration file of kernel/display.ts beside this
 * module (dist/kernel/display.d.ts, built and shipped with it), so they are written once.
 */
import { fileURLToPath } from "node:url";

/** The compiled kernel/display.ts, whose declaration file the cell declarations import types from. */
export const DISPLAY_MODULE = fileURLToPath(new URL("./display.js", import.meta.url));

const display = `import(${JSON.stringify(DISPLAY_MODULE)})`;

/** A declaration file describing the kernel's globals and modules. */
export const CELL_API_DECLARATIONS = `
/** Options of display(value, options). */
type DisplayOptions = ${display}.DisplayOptions;
/**
 * Shows a value as a rich output: its [Symbol.for("Jupyter.display")]() MIME bundle, or text;
 * display.html(s), display.png(bytes) ... show raw content of one MIME type.
 * @example display(tensor, { displayId: "progress" })
 */
declare const display: ${display}.DisplayFunction;
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
  /** Functions that show rich content, one per MIME type. */
  export type Display = ${display}.Display;
  /** Returns a new Display that shows and then keeps replacing a single output. */
  export function newDisplay(): Display;
  /** Functions that show rich content. */
  export const display: Display;
  export const versions: { tslab: string; typescript: string; node: string };
}
`;
