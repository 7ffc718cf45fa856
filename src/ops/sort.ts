/**
 * Sorting: `stablehlo.sort` of one or more operands ordered by the first (a stable sort),
 * and the helpers `sort`, `argsort` and `topK`.
 *
 * Floats sort in IEEE total order (`-NaN < -inf < … < -0 < +0 < … < +inf < +NaN`), so
 * ascending puts NaN last and descending puts NaN first: NaN counts as the largest value,
 * as in argmax.
 */
import { type DType, isFloat, isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { InferredResults, Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { tensorType } from "../stablehlo/text.js";
import { compareType } from "./binary.js";
import { iota } from "./creation.js";
import { scatter } from "./indexing.js";
import { normAxis, scalarConstant } from "./operand.js";
import { lowerRegion, type Region, replayRegion, traceRegion } from "./region.js";
import { broadcastInDim, slice } from "./shaping.js";

/** Attributes of sort: the axis and the direction of the key (operand 0). */
export interface SortAttrs {
  readonly [k: string]: unknown;
  readonly axis: number;
  readonly descending: boolean;
  /** A traced comparator (args lhs0, rhs0, lhs1, rhs1, ...), used instead of `descending`. */
  readonly comparator?: Region;
}

/** `stablehlo.sort` of N same-shaped operands by operand 0 (stable); N results. */
export const sortPrim: Primitive<SortAttrs> = {
  name: "sort",
  api: "sort",
  infer(xs, { axis, descending, comparator }): InferredResults {
    if (xs.length === 0) throw new TsmlxError("sort", "needs at least one operand");
    const x0 = xs[0]!;
    if (x0.rank === 0) throw new TsmlxError("sort", `needs rank >= 1, got ${x0.typeString}`);
    if (!Number.isInteger(axis) || axis < 0 || axis >= x0.rank) {
      throw new TsmlxError("sort", `axis ${axis} is out of range for ${x0.typeString}`);
    }
    if (typeof descending !== "boolean") throw new TsmlxError("sort", "descending must be true or false");
    for (const x of xs) {
      if (!x.shape.equals(x0.shape)) {
        throw new TsmlxError("sort", `operands ${x0.typeString} and ${x.typeString} differ in shape`);
      }
    }
    if (comparator) {
      const outs = comparator.outputs;
      if (outs.length !== 1 || outs[0]!.dtype !== "bool" || outs[0]!.rank !== 0) {
        throw new TsmlxError(
          "sort",
          `the comparator must return one bool scalar, got ${outs.map((o) => o.typeString).join(", ") || "nothing"}`,
        );
      }
      if (comparator.params.length !== 2 * xs.length) {
        throw new TsmlxError(
          "sort",
          `the comparator takes ${comparator.params.length} values, expected ${2 * xs.length}`,
        );
      }
    }
    return { results: xs.map((x) => ({ dtype: x.dtype, shape: x.shape })) };
  },
  lower(node, ctx) {
    const a = node.attributes as SortAttrs;
    const args: string[] = [];
    const names: string[] = [];
    for (const x of node.operands) {
      const t = tensorType(x.dtype, []);
      const l = ctx.fresh("l");
      const r = ctx.fresh("r");
      names.push(l, r);
      args.push(`${l}: ${t}`, `${r}: ${t}`);
    }
    const key = node.operands[0]!.dtype;
    const t = tensorType(key, []);
    const type = isFloat(key) ? "TOTALORDER" : compareType(key);
    const c = ctx.fresh("c");
    const region = a.comparator
      ? lowerRegion(ctx, a.comparator, names, true)
      : [
          `^bb0(${args.join(", ")}):`,
          `${c} = "stablehlo.compare"(${names[0]}, ${names[1]}) {comparison_direction = #stablehlo<comparison_direction ${a.descending ? "GT" : "LT"}>, compare_type = #stablehlo<comparison_type ${type}>} : (${t}, ${t}) -> tensor<i1>`,
          `"stablehlo.return"(${c}) : (tensor<i1>) -> ()`,
        ];
    emitOp(
      ctx,
      node,
      [
        ["dimension", `${a.axis} : i64`],
        ["is_stable", "true"],
      ],
      [region],
    );
  },
  vjpMulti(node, cts) {
    // Each float operand's cotangent goes back to where its element came from: the
    // permutation is a stable sort of (key, iota), the same order this node applied.
    const a = node.attributes as SortAttrs;
    const x0 = node.operands[0]!;
    if (cts.every((c, k) => c === undefined || !isFloat(node.operands[k]!.dtype))) {
      return node.operands.map(() => undefined);
    }
    const g = node.graph;
    const position = iota(g, "i32", x0.shape, a.axis);
    let perm: Node;
    if (a.comparator) {
      // The same comparator over (operands..., positions), ignoring the positions.
      const n = node.operands.length;
      const scalar = { dtype: "i32" as const, shape: new Shape([]) };
      const types = [...a.comparator.params.map((p) => ({ dtype: p.dtype, shape: p.shape })), scalar, scalar];
      const comparator = traceRegion("sort", "comparator", types, (...xs) =>
        replayRegion(a.comparator!, xs.slice(0, 2 * n)),
      );
      perm = g.apply(sortPrim, [...node.operands, position], { ...a, comparator }).result(n);
    } else {
      perm = g.apply(sortPrim, [x0, position], a).result(1);
    }
    const batch = x0.shape.dims.map((_, i) => i).filter((i) => i !== a.axis);
    return node.operands.map((x, k) => {
      const ct = cts[k];
      if (!ct || !isFloat(x.dtype)) return undefined;
      const zero = broadcastInDim(scalarConstant(g, 0, x.dtype), x.shape, []);
      return scatter(zero, perm, ct, {
        updateWindowDims: [],
        insertedWindowDims: [a.axis],
        inputBatchingDims: batch,
        scatterIndicesBatchingDims: batch,
        scatterDimsToOperandDims: [a.axis],
        indexVectorDim: x.rank,
      });
    });
  },
};

function checkNode(api: string, x: unknown): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `needs a graph node, got ${typeof x}`);
  return x;
}

/** Options of sort, argsort and topK. */
export interface SortOptions {
  /** Largest first (NaN first); default false (smallest first, NaN last). */
  readonly descending?: boolean;
}

/**
 * A comparator for {@link sortBy}: scalars (lhs0, rhs0, lhs1, rhs1, ...) of each operand's
 * dtype; returns a bool scalar, true when lhs goes before rhs. It must be a strict weak order.
 */
export type Comparator = (...scalars: Node[]) => Node;

/**
 * Sorts `operands` (same shape) along `axis`, stably, carrying them all along: by the first
 * one (ascending or `descending`), or by a `comparator` over all of them (the StableHLO op
 * itself). `const [keys, vals] = sortBy([k, v], 0)`
 */
export function sortBy(
  operands: readonly Node[],
  axis = -1,
  options: SortOptions & { readonly comparator?: Comparator } = {},
): Node[] {
  if (!Array.isArray(operands) || operands.length === 0)
    throw new TsmlxError("sortBy", "needs a list of operands");
  const x0 = checkNode("sortBy", operands[0]);
  for (const o of operands) checkNode("sortBy", o);
  if (x0.rank === 0) throw new TsmlxError("sortBy", `needs rank >= 1, got ${x0.typeString}`);
  const a = normAxis("sortBy", axis, x0.rank);
  const scalars = operands.flatMap((o) => [o, o].map((x) => ({ dtype: x.dtype, shape: new Shape([]) })));
  const comparator = options.comparator && traceRegion("sortBy", "comparator", scalars, options.comparator);
  return x0.graph.applyMulti(sortPrim, operands, {
    axis: a,
    descending: options.descending ?? false,
    ...(comparator ? { comparator } : {}),
  });
}

/** Sorts `x` along `axis` (default the last). `sort(x, -1, { descending: true })` */
export function sort(x: Node, axis = -1, options: SortOptions = {}): Node {
  x = checkNode("sort", x);
  if (x.rank === 0) throw new TsmlxError("sort", `needs rank >= 1, got ${x.typeString}`);
  const a = normAxis("sort", axis, x.rank);
  return x.graph.applyMulti(sortPrim, [x], { axis: a, descending: options.descending ?? false })[0]!;
}

/**
 * The indices that sort `x` along `axis` (stable: ties keep their order).
 * `argsort(scores, -1, { descending: true })`
 */
export function argsort(
  x: Node,
  axis = -1,
  options: SortOptions & { readonly indexDType?: DType } = {},
): Node {
  x = checkNode("argsort", x);
  if (x.rank === 0) throw new TsmlxError("argsort", `needs rank >= 1, got ${x.typeString}`);
  const a = normAxis("argsort", axis, x.rank);
  const idt = options.indexDType ?? "i32";
  if (!isInteger(idt)) throw new TsmlxError("argsort", `index dtype must be an integer type, got ${idt}`);
  const position = iota(x.graph, idt, x.shape, a);
  return x.graph.applyMulti(sortPrim, [x, position], {
    axis: a,
    descending: options.descending ?? false,
  })[1]!;
}

/**
 * The `k` largest entries along the last axis and their indices, largest first (ties: the
 * smaller index first; NaN counts as largest): `[values, indices]`, values differentiable.
 * `const [probs, ids] = topK(logits, 5)`
 */
export function topK(x: Node, k: number, options: { readonly indexDType?: DType } = {}): [Node, Node] {
  x = checkNode("topK", x);
  if (x.rank === 0) throw new TsmlxError("topK", `needs rank >= 1, got ${x.typeString}`);
  const n = x.shape.dims[x.rank - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new TsmlxError("topK", `k must be an integer in [0, ${n}] for ${x.typeString}, got ${k}`);
  }
  const idt = options.indexDType ?? "i32";
  if (!isInteger(idt)) throw new TsmlxError("topK", `index dtype must be an integer type, got ${idt}`);
  const a = x.rank - 1;
  const position = iota(x.graph, idt, x.shape, a);
  const [v, i] = x.graph.applyMulti(sortPrim, [x, position], { axis: a, descending: true });
  const start = x.shape.dims.map(() => 0);
  const limit = x.shape.dims.map((d, j) => (j === a ? k : d));
  return [slice(v!, start, limit), slice(i!, start, limit)];
}
