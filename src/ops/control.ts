/**
 * Control flow: `stablehlo.while` (a loop over carried values, for decoding loops; as
 * `forLoop`, a counted loop with a gradient), `stablehlo.if` and `stablehlo.case` (branches
 * picked at run time).
 *
 * Each body or branch is a TypeScript function of nodes. It is traced once into a graph of
 * its own, whose parameters stand for the loop's carried values (or the branch operands), and
 * lowered as the op's region. A body may only use its parameters and values it makes itself:
 * pass anything else in as an operand (using a node of the outer graph inside is an error
 * naming both graphs).
 */
import { isFloat, isInteger } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import type { Inferred, InferredResults, LowerContext, Primitive, VjpMultiRule } from "../graph/primitive.js";
import { nodeType, resultType } from "../stablehlo/emit.js";
import { add, clamp, lt, sub } from "./binary.js";
import { convert } from "./convert.js";
import { dynamicSlice, dynamicUpdateSlice } from "./indexing.js";
import { scalarConstant, zerosOf } from "./operand.js";
import { type Body, lowerRegion, type Region, replayRegion, traceRegion, typeOf } from "./region.js";
import { reshape } from "./shaping.js";

export type { Region } from "./region.js";

/** Writes `%r:N = "stablehlo.<op>"(args) ({...}, {...}) : (types) -> (results)`. */
function emitWithRegions(
  ctx: LowerContext,
  node: Node,
  op: string,
  args: readonly Node[],
  regions: string[][],
): void {
  const head = `${ctx.result(node)} = "stablehlo.${op}"(${args.map((a) => ctx.ref(a)).join(", ")}) ({`;
  ctx.emit(head);
  regions.forEach((lines, i) => {
    for (const l of lines) ctx.emit(l.startsWith("^") ? l : `  ${l}`);
    ctx.emit(
      i === regions.length - 1 ? `}) : (${args.map(nodeType).join(", ")}) -> ${resultType(node)}` : "}, {",
    );
  });
}

function sameTypes(api: string, what: string, got: readonly Node[], want: readonly Inferred[]): void {
  if (got.length !== want.length) {
    throw new TsmlxError(api, `${what} gives ${got.length} values, expected ${want.length}`);
  }
  got.forEach((g, i) => {
    if (g.dtype !== want[i]!.dtype || !g.shape.equals(want[i]!.shape)) {
      throw new TsmlxError(api, `${what} value ${i} is ${g.typeString}, expected ${typeOf(want[i]!)}`);
    }
  });
}

// ---------------------------------------------------------------- while

/** Attributes of while: the traced condition and body. */
export interface WhileAttrs {
  readonly [k: string]: unknown;
  readonly cond: Region;
  readonly body: Region;
}

/** `stablehlo.while` over the carried values (its operands); results = final values. */
export const whilePrim: Primitive<WhileAttrs> = {
  name: "while",
  api: "whileLoop",
  infer(xs, { cond, body }): InferredResults {
    const types = xs.map((x) => ({ dtype: x.dtype, shape: x.shape }));
    const c = cond.outputs;
    if (c.length !== 1 || c[0]!.dtype !== "bool" || c[0]!.rank !== 0) {
      throw new TsmlxError(
        "whileLoop",
        `cond must return one bool scalar, got ${c.map((o) => o.typeString).join(", ")}`,
      );
    }
    sameTypes("whileLoop", "body", body.outputs, types);
    return { results: types };
  },
  lower(node, ctx) {
    const a = node.attributes as WhileAttrs;
    const names = (tag: string) => node.operands.map(() => ctx.fresh(tag));
    emitWithRegions(ctx, node, "while", node.operands, [
      lowerRegion(ctx, a.cond, names("c"), true),
      lowerRegion(ctx, a.body, names("b"), true),
    ]);
  },
};

/**
 * Runs `body` while `cond` holds, starting from `init`; returns the final carried values.
 * Both functions take the carried values; `body` returns new ones of the same types.
 * Not differentiable (the number of iterations is known only at run time); {@link forLoop}
 * is the counted loop with a gradient. `const [i, acc] = whileLoop([zero, x], (i) => lt(i, 10), (i, acc) => [add(i, 1), mul(acc, 2)])`
 */
export function whileLoop(
  init: readonly Node[],
  cond: (...xs: Node[]) => Node,
  body: (...xs: Node[]) => Node | readonly Node[],
): Node[] {
  if (!Array.isArray(init) || init.length === 0 || !init.every((x) => x instanceof Node)) {
    throw new TsmlxError("whileLoop", "init must be a non-empty list of nodes");
  }
  for (const x of init) {
    if (x.isMulti)
      throw new TsmlxError(
        "whileLoop",
        `init value ${x.typeString} has several results; pick one with .result(i)`,
      );
  }
  const g = init[0]!.graph;
  const types = init.map((x) => ({ dtype: x.dtype, shape: x.shape }));
  const c = traceRegion("whileLoop", "cond", types, cond);
  const b = traceRegion("whileLoop", "body", types, body);
  return g.applyMulti(whilePrim, init, { cond: c, body: b });
}

// ---------------------------------------------------------------- for

/** Attributes of a counted loop: the while regions plus the user's step and sizes. */
export interface ForAttrs extends WhileAttrs {
  /** Number of iterations. */
  readonly n: number;
  /** The step as traced: (i, ...carries, ...operands) → new carries. */
  readonly step: Region;
  /** How many of the operands after the counter are carried (the rest are read-only). */
  readonly carries: number;
}

/** Regions of `while (i < n) { i += 1; carries = f(...) }` over (i, ...state). */
function countedRegions(
  api: string,
  types: readonly Inferred[],
  n: number,
  f: (i: Node, state: Node[]) => Node[],
): { cond: Region; body: Region } {
  return {
    cond: traceRegion(api, "cond", types, (i) => lt(i!, n)),
    body: traceRegion(api, "body", types, (i, ...state) => [add(i!, 1), ...f(i!, state)]),
  };
}

/**
 * The gradient of a counted loop: the loop runs again keeping each iteration's carries
 * (an [n, ...] stack per carry), then a second loop walks the iterations backwards, replaying
 * each step on its stored carries and taking that step's VJP; gradients of the read-only
 * operands are summed over the iterations.
 */
const forVjp: VjpMultiRule = (node, cts, autodiff) => {
  const a = node.attributes as ForAttrs;
  const g = node.graph;
  const nc = a.carries;
  const init = node.operands.slice(1, 1 + nc);
  const ks = node.operands.slice(1 + nc);
  const fc = init.flatMap((c, m) => (isFloat(c.dtype) ? [m] : []));
  const fk = ks.flatMap((k, m) => (isFloat(k.dtype) ? [m] : []));
  const none = node.operands.map(() => undefined);
  if (!fc.some((m) => cts[1 + m])) return none;
  const ct0 = fc.map((m) => cts[1 + m] ?? zerosOf(g, init[m]!.dtype, init[m]!.shape.dims));
  if (a.n === 0) return [undefined, ...init.map((_, m) => (fc.includes(m) ? ct0[fc.indexOf(m)] : undefined))];
  const type = (x: Node) => ({ dtype: x.dtype, shape: x.shape });
  const i32Type = type(node.operands[0]!);
  const at = (x: Node, j: Node) => [j, ...x.shape.dims.map(() => 0)];

  // 1. Forward again, stacking the carries each iteration starts from.
  const stacks = init.map((c) => zerosOf(g, c.dtype, [a.n, ...c.shape.dims]));
  const fwTypes = [i32Type, ...init.map(type), ...ks.map(type), ...stacks.map(type)];
  const fw = countedRegions("forLoop", fwTypes, a.n, (i, st) => {
    const c = st.slice(0, nc);
    const k = st.slice(nc, nc + ks.length);
    const S = st.slice(nc + ks.length);
    const kept = S.map((s, m) =>
      dynamicUpdateSlice(s, reshape(c[m]!, [1, ...c[m]!.shape.dims]), at(c[m]!, i)),
    );
    return [...replayRegion(a.step, [i, ...c, ...k]), ...k, ...kept];
  });
  const forward = g.applyMulti(whilePrim, [scalarConstant(g, 0, "i32"), ...init, ...ks, ...stacks], fw);
  const stored = forward.slice(1 + nc + ks.length);

  // 2. Backwards over the iterations: t = 0..n-1 visits step j = n-1-t.
  const acc0 = fk.map((m) => zerosOf(g, ks[m]!.dtype, ks[m]!.shape.dims));
  const bwTypes = [i32Type, ...ct0.map(type), ...acc0.map(type), ...ks.map(type), ...stored.map(type)];
  const bw = countedRegions("forLoop", bwTypes, a.n, (t, st) => {
    const [nf, na, nk] = [fc.length, fk.length, ks.length];
    const ct = st.slice(0, nf);
    const acc = st.slice(nf, nf + na);
    const k = st.slice(nf + na, nf + na + nk);
    const S = st.slice(nf + na + nk);
    const j = sub(a.n - 1, t);
    const c = init.map((c0, m) =>
      reshape(dynamicSlice(S[m]!, at(c0, j), [1, ...c0.shape.dims]), c0.shape.dims),
    );
    const outs = replayRegion(a.step, [j, ...c, ...k]);
    const grads = autodiff.vjp(
      fc.map((m) => outs[m]!),
      ct,
      [...fc.map((m) => c[m]!), ...fk.map((m) => k[m]!)],
    );
    return [...grads.slice(0, fc.length), ...acc.map((x, q) => add(x, grads[fc.length + q]!)), ...k, ...S];
  });
  const back = g.applyMulti(whilePrim, [scalarConstant(g, 0, "i32"), ...ct0, ...acc0, ...ks, ...stored], bw);
  return [
    undefined,
    ...init.map((_, m) => (fc.includes(m) ? back[1 + fc.indexOf(m)] : undefined)),
    ...ks.map((_, m) => (fk.includes(m) ? back[1 + fc.length + fk.indexOf(m)] : undefined)),
  ];
};

/** `stablehlo.while` counting i from 0 to n; differentiable in its float carries and operands. */
export const forPrim: Primitive<ForAttrs> = {
  name: "while",
  api: "forLoop",
  infer: (xs, attrs) => whilePrim.infer(xs, attrs) as InferredResults,
  lower: whilePrim.lower,
  vjpMulti: forVjp,
};

/**
 * Runs `step` n times (n fixed when the graph is built): `carries = step(i, ...carries,
 * ...operands)` for i = 0..n-1, where i is an i32 scalar; `operands` are read-only values the
 * step reads. Returns the final carries. Differentiable in the float carries and operands: the
 * gradient runs the loop once more, keeping each iteration's carries, then once backwards.
 * `const [h] = forLoop(4, [h0], (i, h, w) => [tanh(matmul(h, w))], [w])`
 */
export function forLoop(
  n: number,
  init: readonly Node[],
  step: (i: Node, ...xs: Node[]) => Node | readonly Node[],
  operands: readonly Node[] = [],
): Node[] {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
    throw new TsmlxError("forLoop", `n must be a non-negative integer, got ${n}`);
  }
  if (!Array.isArray(init) || init.length === 0 || !init.every((x) => x instanceof Node && !x.isMulti)) {
    throw new TsmlxError("forLoop", "init must be a non-empty list of single-result nodes");
  }
  checkOperands("forLoop", operands);
  const g = init[0]!.graph;
  const type = (x: Node) => ({ dtype: x.dtype, shape: x.shape });
  const counter = scalarConstant(g, 0, "i32");
  const stepRegion = traceRegion(
    "forLoop",
    "step",
    [type(counter), ...init.map(type), ...operands.map(type)],
    (i, ...xs) => step(i!, ...xs),
  );
  sameTypes("forLoop", "step", stepRegion.outputs, init.map(type));
  const nc = init.length;
  const { cond, body } = countedRegions(
    "forLoop",
    [type(counter), ...init.map(type), ...operands.map(type)],
    n,
    (i, st) => [...replayRegion(stepRegion, [i, ...st]), ...st.slice(nc)],
  );
  const out = g.applyMulti(forPrim, [counter, ...init, ...operands], {
    cond,
    body,
    n,
    step: stepRegion,
    carries: nc,
  });
  return out.slice(1, 1 + nc);
}

// ---------------------------------------------------------------- if / case

/** Attributes of if/case: one traced region per branch; operands after the selector feed them. */
export interface BranchAttrs {
  readonly [k: string]: unknown;
  readonly branches: readonly Region[];
}

function branchResults(api: string, branches: readonly Region[]): InferredResults {
  const first = branches[0]!.outputs.map((o) => ({ dtype: o.dtype, shape: o.shape }));
  for (const [i, b] of branches.entries()) sameTypes(api, `branch ${i}`, b.outputs, first);
  return { results: first };
}

function lowerBranches(op: string) {
  return (node: Node, ctx: LowerContext) => {
    const a = node.attributes as BranchAttrs;
    const [selector, ...operands] = node.operands;
    const names = operands.map((o) => ctx.ref(o));
    const regions = a.branches.map((b) => lowerRegion(ctx, b, names, false));
    emitWithRegions(ctx, node, op, [selector!], regions);
  };
}

/**
 * The gradient of if/case: another if/case on the same selector whose branch i is the VJP of
 * branch i (its forward replayed, then differentiated), over the float operands.
 */
function branchVjp(prim: () => Primitive<BranchAttrs>, api: string): VjpMultiRule {
  return (node, cts, autodiff) => {
    const a = node.attributes as BranchAttrs;
    const [selector, ...operands] = node.operands;
    const floatIn = operands.flatMap((o, i) => (isFloat(o.dtype) ? [i] : []));
    const floatOut = (node.results ?? []).flatMap((r, i) => (isFloat(r.dtype) && cts[i] ? [i] : []));
    if (floatIn.length === 0 || floatOut.length === 0) return node.operands.map(() => undefined);
    const cotangents = floatOut.map((i) => cts[i]!);
    const inner = [...operands, ...cotangents];
    const types = inner.map((x) => ({ dtype: x.dtype, shape: x.shape }));
    const branches = a.branches.map((region, b) =>
      traceRegion(api, `grad_branch${b}`, types, (...xs) => {
        const outs = replayRegion(region, xs.slice(0, operands.length));
        return autodiff.vjp(
          floatOut.map((i) => outs[i]!),
          xs.slice(operands.length),
          floatIn.map((i) => xs[i]!),
        );
      }),
    );
    const grads = node.graph.applyMulti(prim(), [selector!, ...inner], { branches });
    return [
      undefined,
      ...operands.map((_, i) => (floatIn.includes(i) ? grads[floatIn.indexOf(i)] : undefined)),
    ];
  };
}

/** `stablehlo.if`: operands (pred, ...values the branches read); results = the branch's. */
export const ifPrim: Primitive<BranchAttrs> = {
  name: "if",
  api: "cond",
  infer([pred], { branches }) {
    if (pred!.dtype !== "bool" || pred!.rank !== 0) {
      throw new TsmlxError("cond", `pred must be a bool scalar, got ${pred!.typeString}`);
    }
    if (branches.length !== 2) throw new TsmlxError("cond", `needs 2 branches, got ${branches.length}`);
    return branchResults("cond", branches);
  },
  lower: lowerBranches("if"),
  vjpMulti: branchVjp(() => ifPrim, "cond"),
};

/** `stablehlo.case`: operands (i32 index, ...values the branches read). */
export const casePrim: Primitive<BranchAttrs> = {
  name: "case",
  api: "switchCase",
  infer([index], { branches }) {
    if (index!.dtype !== "i32" || index!.rank !== 0) {
      throw new TsmlxError("switchCase", `index must be an i32 scalar, got ${index!.typeString}`);
    }
    if (branches.length === 0) throw new TsmlxError("switchCase", "needs at least one branch");
    return branchResults("switchCase", branches);
  },
  lower: lowerBranches("case"),
  vjpMulti: branchVjp(() => casePrim, "switchCase"),
};

function traceBranches(api: string, fns: readonly Body[], operands: readonly Node[]): Region[] {
  const types = operands.map((x) => ({ dtype: x.dtype, shape: x.shape }));
  return fns.map((f, i) => traceRegion(api, `branch${i}`, types, f));
}

function checkOperands(api: string, operands: readonly Node[]): void {
  if (!Array.isArray(operands) || !operands.every((x) => x instanceof Node && !x.isMulti)) {
    throw new TsmlxError(api, "operands must be a list of single-result nodes");
  }
}

/**
 * `pred ? onTrue(...operands) : onFalse(...operands)`, evaluating only the chosen branch;
 * both return values of the same types. Differentiable in the float operands (the gradient
 * runs the chosen branch's VJP).
 * `const [y] = cond(lt(step, warmup), (x) => mul(x, 0.1), (x) => x, [lr])`
 */
export function cond(pred: Node, onTrue: Body, onFalse: Body, operands: readonly Node[] = []): Node[] {
  if (!(pred instanceof Node)) throw new TsmlxError("cond", `pred must be a graph node, got ${typeof pred}`);
  checkOperands("cond", operands);
  const branches = traceBranches("cond", [onTrue, onFalse], operands);
  return pred.graph.applyMulti(ifPrim, [pred, ...operands], { branches });
}

/**
 * Runs `branches[index](...operands)`; an index outside [0, n) runs the last branch (as the
 * spec says). An integer index of another dtype is clamped into [0, n-1] and converted to i32.
 * Differentiable in the float operands. `const [y] = switchCase(mode, [(x) => x, (x) => neg(x)], [x])`
 */
export function switchCase(index: Node, branches: readonly Body[], operands: readonly Node[] = []): Node[] {
  if (!(index instanceof Node))
    throw new TsmlxError("switchCase", `index must be a graph node, got ${typeof index}`);
  if (!isInteger(index.dtype))
    throw new TsmlxError("switchCase", `index must be an integer scalar, got ${index.typeString}`);
  if (!Array.isArray(branches) || branches.length === 0)
    throw new TsmlxError("switchCase", "needs at least one branch");
  checkOperands("switchCase", operands);
  let i = index;
  if (i.dtype !== "i32") i = convert(clamp(0, i, branches.length - 1), "i32");
  const regions = traceBranches("switchCase", branches, operands);
  return index.graph.applyMulti(casePrim, [i, ...operands], { branches: regions });
}
