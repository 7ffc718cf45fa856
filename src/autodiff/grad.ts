/**
 * Reverse-mode autodiff over a graph: gradients are new nodes in the same graph, built from
 * each primitive's VJP rule (defined beside the primitive in src/ops).
 *
 * Rules of the sweep:
 * - Only float values carry gradients. Integer and bool values (indices, masks, labels) are
 *   constants to autodiff; asking for the gradient of an integer or bool input gives zeros.
 * - A value that feeds several consumers gets the sum of their cotangents.
 * - A `wrt` node the loss does not depend on gets zeros of its dtype and shape.
 * - `stopGradient(x)` makes `x` a constant for everything computed from it.
 * - An op on the path whose primitive has no VJP rule is an error naming it, e.g.
 *   `[grad] no gradient for sort (f32[4] ← sort ← parameter "x", used by add)`.
 * - `wrt` may hold any nodes, not only parameters: an intermediate node's gradient is the
 *   cotangent reaching it.
 */
import { isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { constantPrim } from "../graph/creation.js";
import { Node } from "../graph/node.js";
import type { Autodiff } from "../graph/primitive.js";
import { addPrim } from "../ops/binary.js";
import { zerosOf } from "../ops/operand.js";

/** What gradient rules get to differentiate subgraphs (control-flow bodies) with. */
const ENGINE: Autodiff = { vjp: (outputs, cotangents, wrt) => vjp(outputs, cotangents, wrt) };

/** Zeros (false for bool) of `x`'s dtype and shape: a scalar constant broadcast. */
function zerosLike(x: Node): Node {
  return zerosOf(x.graph, x.dtype, x.shape.dims);
}

function onesLike(x: Node): Node {
  return x.graph.apply(constantPrim, [], {
    value: Tensor.fromValues(x.dtype, x.shape, new Array(x.shape.size).fill(1)),
  });
}

function describe(n: Node): string {
  return `${n.typeString} ← ${n.describeOp()}`;
}

/**
 * Cotangents of `wrt` given cotangents of `outputs` (a vector-Jacobian product). Every output
 * must be a float node; each cotangent must match its output's dtype and shape.
 *
 * `const [gx] = vjp([y], [ones], [x])`
 */
export function vjp(outputs: readonly Node[], cotangents: readonly Node[], wrt: readonly Node[]): Node[] {
  if (outputs.length === 0) throw new TsmlxError("grad", "needs at least one output");
  if (outputs.length !== cotangents.length) {
    throw new TsmlxError("grad", `${outputs.length} outputs but ${cotangents.length} cotangents`);
  }
  const graph = outputs[0]!.graph;
  for (const [i, n] of [...outputs, ...cotangents, ...wrt].entries()) {
    if (!(n instanceof Node)) throw new TsmlxError("grad", `argument ${i} is not a graph node`);
    if (n.graph !== graph) {
      throw new TsmlxError(
        "grad",
        `node ${n.typeString} belongs to graph "${n.graph.name}", not "${graph.name}"`,
      );
    }
    if (n.isMulti)
      throw new TsmlxError("grad", `${describe(n)} has several results; pick one with .result(i)`);
  }
  outputs.forEach((o, i) => {
    const c = cotangents[i]!;
    if (c.dtype !== o.dtype || !c.shape.equals(o.shape)) {
      throw new TsmlxError(
        "grad",
        `cotangent ${i} is ${c.typeString}, expected ${o.typeString} like its output`,
      );
    }
  });

  // Forward: which nodes depend on some wrt through float values.
  const nodes = graph.reachable(outputs);
  const wrtSet = new Set(wrt);
  const active = new Set<Node>();
  for (const n of nodes) {
    const floatValue = n.isMulti ? n.results!.some((r) => isFloat(r.dtype)) : isFloat(n.dtype);
    if (!floatValue) continue;
    if (wrtSet.has(n) || n.operands.some((o) => active.has(o))) active.add(n);
  }

  // Consumers, for error messages.
  const usedBy = (n: Node): string => {
    const users = nodes.filter((m) => m.operands.includes(n)).map((m) => m.describeOp());
    return users.length > 0 ? `, used by ${[...new Set(users)].join(", ")}` : "";
  };

  const pending = new Map<Node, Node[]>();
  const multiCts = new Map<Node, (Node | undefined)[]>();
  const push = (n: Node, c: Node) => {
    const list = pending.get(n);
    if (list) list.push(c);
    else pending.set(n, [c]);
  };
  const sum = (list: readonly Node[]): Node => list.reduce((acc, c) => graph.apply(addPrim, [acc, c], {}));

  outputs.forEach((o, i) => {
    if (active.has(o)) push(o, cotangents[i]!);
  });

  const grads = new Map<Node, Node>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (!active.has(n)) continue;
    let operandCts: readonly (Node | undefined)[];
    if (n.isMulti) {
      const cts = multiCts.get(n);
      if (!cts) continue;
      const rule = n.primitive.vjpMulti;
      if (!rule) throw new TsmlxError("grad", `no gradient for ${n.op} (${describe(n)}${usedBy(n)})`);
      operandCts = rule(n, cts, ENGINE);
    } else {
      const list = pending.get(n);
      if (!list) continue;
      const ct = sum(list);
      pending.delete(n);
      if (wrtSet.has(n)) grads.set(n, ct);
      if (n.isProjection) {
        const m = n.operands[0]!;
        const index = n.attributes.index as number;
        const cts = multiCts.get(m) ?? m.results!.map(() => undefined);
        const prev = cts[index];
        cts[index] = prev ? graph.apply(addPrim, [prev, ct], {}) : ct;
        multiCts.set(m, cts);
        continue;
      }
      if (!n.operands.some((o) => active.has(o))) continue;
      const rule = n.primitive.vjp;
      if (!rule) throw new TsmlxError("grad", `no gradient for ${n.op} (${describe(n)}${usedBy(n)})`);
      operandCts = rule(n, ct);
    }
    n.operands.forEach((o, i) => {
      const c = operandCts[i];
      if (!c || !active.has(o)) return;
      if (c.dtype !== o.dtype || !c.shape.equals(o.shape)) {
        throw new TsmlxError(
          "grad",
          `the gradient rule of ${n.op} gave ${c.typeString} for operand ${i}, expected ${o.typeString}`,
        );
      }
      push(o, c);
    });
  }
  return wrt.map((w) => grads.get(w) ?? zerosLike(w));
}

/**
 * Gradients of a scalar float `loss` with respect to each node of `wrt`, as nodes of the
 * same graph; `wrt` may be a list (gradients in the same order) or a record of named nodes
 * (gradients under the same names).
 * `const [gw, gb] = grad(loss, [w, b])`; `const g = grad(loss, { w, b }); g.w`
 */
export function grad(loss: Node, wrt: readonly Node[]): Node[];
export function grad<K extends string>(loss: Node, wrt: Readonly<Record<K, Node>>): Record<K, Node>;
export function grad(
  loss: Node,
  wrt: readonly Node[] | Readonly<Record<string, Node>>,
): Node[] | Record<string, Node> {
  if (!(loss instanceof Node)) throw new TsmlxError("grad", `loss must be a graph node, got ${typeof loss}`);
  if (loss.isMulti || loss.rank !== 0 || !isFloat(loss.dtype)) {
    throw new TsmlxError("grad", `loss must be a float scalar, got ${loss.typeString}`);
  }
  if (Array.isArray(wrt)) return vjp([loss], [onesLike(loss)], wrt as readonly Node[]);
  const entries = Object.entries(wrt as Readonly<Record<string, Node>>);
  const grads = vjp(
    [loss],
    [onesLike(loss)],
    entries.map(([, n]) => n),
  );
  return Object.fromEntries(entries.map(([k], i) => [k, grads[i]!]));
}

/** Options of {@link valueAndGrad}. */
export interface ValueAndGradOptions {
  /** Which arguments to differentiate (default: all; integer and bool arguments get zeros). */
  readonly argnums?: readonly number[];
}

/**
 * Wraps a loss function of nodes into one returning `[loss, ...grads, ...aux]`: the gradient
 * of the loss for each argument in `argnums` (default: every argument). When `fn` returns a
 * list, its first node is the loss and the rest are passed through after the gradients.
 * Composes with `exec`:
 *
 * `const step = exec(valueAndGrad((w, x, y) => mse(tm.matmul(x, w), y), { argnums: [0] }))`
 */
export function valueAndGrad(
  fn: (...params: Node[]) => Node | readonly Node[],
  options: ValueAndGradOptions = {},
): (...params: Node[]) => Node[] {
  return (...params: Node[]) => {
    const r = fn(...params);
    const [loss, ...aux] = Array.isArray(r) ? (r as readonly Node[]) : [r as Node];
    if (!loss) throw new TsmlxError("valueAndGrad", "the function returned no loss");
    const argnums = options.argnums ?? params.map((_, i) => i);
    const wrt = argnums.map((i) => {
      const p = params[i];
      if (!p)
        throw new TsmlxError("valueAndGrad", `argnum ${i} is out of range for ${params.length} arguments`);
      return p;
    });
    return [loss, ...grad(loss, wrt), ...aux];
  };
}
