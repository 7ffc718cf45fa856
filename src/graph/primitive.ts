/**
 * The shape of a primitive operation. Each primitive is defined once, in src/ops/<family>.ts,
 * with its shape/dtype rule (`infer`), its StableHLO lowering (`lower`) and its gradient
 * (`vjp`) side by side.
 */
import type { DType } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import type { Node } from "./node.js";

/** Attributes of a node: plain data (numbers, arrays, strings, tensors), never nodes. */
export type Attributes = Readonly<Record<string, unknown>>;

/** What a shape rule returns: the result's dtype and shape. */
export interface Inferred {
  readonly dtype: DType;
  readonly shape: Shape;
}

/** What a lowering writes into: SSA names of nodes, fresh names for region values, and lines. */
export interface LowerContext {
  /** The SSA name of an already-lowered node, e.g. `%3` or `%arg0`. */
  ref(node: Node): string;
  /** The SSA name this node's result gets. */
  result(node: Node): string;
  /** A fresh SSA name for a value inside a region, e.g. `%lhs4`. */
  fresh(hint: string): string;
  /** Appends one line (without indentation; the printer indents). */
  emit(line: string): void;
}

/**
 * A reverse-mode rule: given the node and the cotangent of its result, returns one cotangent
 * per operand (`undefined` for operands that take no gradient, like integer inputs).
 * The autodiff module fills these in; until then a primitive leaves `vjp` undefined.
 */
export type VjpRule = (node: Node, cotangent: Node) => readonly (Node | undefined)[];

/**
 * A primitive: one StableHLO operation with its shape rule, lowering and gradient.
 *
 * `const addPrim: Primitive = { name: "add", infer, lower }`
 */
export interface Primitive<A extends Attributes = Attributes> {
  /** StableHLO op name without the dialect prefix, e.g. `add`, `dot_general`. */
  readonly name: string;
  /** The public function's name, used in error messages, e.g. `dotGeneral`. */
  readonly api: string;
  /** Checks operands and attributes; returns the result dtype and shape or throws a TsmlxError. */
  infer(operands: readonly Node[], attrs: A): Inferred;
  /** Emits the StableHLO text for `node` (generic MLIR form). */
  lower(node: Node, ctx: LowerContext): void;
  /** The gradient rule; left undefined until autodiff defines it. */
  readonly vjp?: VjpRule;
}
