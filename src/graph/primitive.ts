/**
 * The shape of a primitive operation. Each primitive is defined once, in src/ops/<family>.ts,
 * with its shape/dtype rule (`infer`), its StableHLO lowering (`lower`) and its gradient
 * (`vjp`) side by side.
 *
 * ## Primitives with several results
 *
 * A primitive whose StableHLO op has several results (variadic reduce, sort, while, case,
 * rng_bit_generator, ...) returns `{ results: [...] }` from `infer` instead of one type.
 * {@link Graph.apply} then makes a *multi-result node*: it has no value of its own and cannot
 * be an operand. Its values are *projection nodes*, `node.result(i)` (or all of them at once
 * with `graph.applyMulti(...)`), which are ordinary single-result nodes that ops, `exec`
 * outputs and autodiff use like any other. In StableHLO the multi-result node prints as
 * `%5:2 = "stablehlo.reduce"(...) ... -> (tensor<4xf32>, tensor<4xi32>)` and projection i
 * is referenced as `%5#i`; projections emit no op. `emitOp` writes the result-type list on
 * its own, so a lowering of a multi-result primitive looks like any other lowering.
 *
 * A multi-result primitive's gradient is `vjpMulti`: it receives one cotangent per result
 * (`undefined` where no gradient flows into that result) and returns one per operand.
 *
 * ```ts
 * const [values, indices] = graph.applyMulti(argReducePrim, [x, iota, vInit, iInit], attrs);
 * ```
 */
import type { DType } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import type { LowerContext } from "../stablehlo/emit.js";
import type { Node } from "./node.js";

export type { LowerContext };

/** Attributes of a node: plain data (numbers, arrays, strings, tensors), never nodes. */
export type Attributes = Readonly<Record<string, unknown>>;

/** What a shape rule returns for one result: its dtype and shape. */
export interface Inferred {
  readonly dtype: DType;
  readonly shape: Shape;
}

/** What the shape rule of a primitive with several results returns: one type per result. */
export interface InferredResults {
  readonly results: readonly Inferred[];
}

/**
 * What a gradient rule may ask of the autodiff engine (src/autodiff passes itself in): the
 * VJP of a subgraph, which control-flow rules take of their bodies. `autodiff.vjp([y], [ct], [x])`
 */
export interface Autodiff {
  vjp(outputs: readonly Node[], cotangents: readonly Node[], wrt: readonly Node[]): Node[];
}

/**
 * A reverse-mode rule: given the node and the cotangent of its result, returns one cotangent
 * per operand (`undefined` for operands that take no gradient, like integer inputs or
 * operands whose gradient is zero). The cotangent has the node's dtype and shape; each
 * returned cotangent must have its operand's dtype and shape.
 */
export type VjpRule = (node: Node, cotangent: Node) => readonly (Node | undefined)[];

/**
 * The reverse-mode rule of a multi-result primitive: one cotangent per result (`undefined`
 * for results no gradient flows into), one cotangent per operand back. The engine passes
 * itself as `autodiff`, so rules of control flow differentiate their bodies without
 * importing src/autodiff.
 */
export type VjpMultiRule = (
  node: Node,
  cotangents: readonly (Node | undefined)[],
  autodiff: Autodiff,
) => readonly (Node | undefined)[];

/**
 * A primitive: one StableHLO operation with its shape rule, lowering and gradient.
 *
 * `const addPrim: Primitive = { name: "add", api: "add", infer, lower, vjp }`
 */
export interface Primitive<A extends Attributes = Attributes> {
  /** StableHLO op name without the dialect prefix, e.g. `add`, `dot_general`. */
  readonly name: string;
  /** The public function's name, used in error messages, e.g. `dotGeneral`. */
  readonly api: string;
  /**
   * Checks operands and attributes; returns the result dtype and shape (or, for a primitive
   * with several results, `{ results: [...] }`) or throws a TsmlxError.
   */
  infer(operands: readonly Node[], attrs: A): Inferred | InferredResults;
  /** Emits the StableHLO text for `node` (generic MLIR form). */
  lower(node: Node, ctx: LowerContext): void;
  /**
   * The gradient rule. Undefined means the primitive is not differentiable: `grad` through it
   * fails with an error naming it, unless none of its operands needs a gradient.
   */
  readonly vjp?: VjpRule;
  /** The gradient rule of a multi-result primitive (see the module doc). */
  readonly vjpMulti?: VjpMultiRule;
}
