/**
 * Errors raised while building or checking graphs and tensors. Every message starts with
 * the operation in brackets and says what was received and what was expected:
 * `[dotGeneral] contracting dims of lhs f32[64,2048] and rhs f32[1024,128] differ: 2048 vs 1024`.
 */
import type { DType } from "./dtype.js";

/**
 * An error about one operation. `op` names it; `message` starts with `[op] `.
 *
 * `throw new TsmlxError("reshape", "cannot reshape f32[2,3] to [4]: sizes 6 vs 4")`
 */
export class TsmlxError extends Error {
  /** The operation the error is about, e.g. `add`. */
  readonly op: string;
  /** The message without the `[op] ` prefix. */
  readonly detail: string;

  constructor(op: string, detail: string) {
    super(`[${op}] ${detail}`);
    this.name = "TsmlxError";
    this.op = op;
    this.detail = detail;
  }
}

/** Builds a {@link TsmlxError} for `op`. `throw opError("add", "dtypes differ: f32 vs i32")` */
export function opError(op: string, detail: string): TsmlxError {
  return new TsmlxError(op, detail);
}

/** Formats dims as `[2,3]` (`[]` for a scalar). `formatDims([2, 3]) === "[2,3]"` */
export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(",")}]`;
}

/** Formats a dtype and dims as `f32[64,32]`. `formatType("f32", [64, 32]) === "f32[64,32]"` */
export function formatType(
  dtype: DType,
  dims: readonly number[] | { readonly dims: readonly number[] },
): string {
  const d = Array.isArray(dims) ? (dims as readonly number[]) : (dims as { dims: readonly number[] }).dims;
  return `${dtype}${formatDims(d)}`;
}
