/**
 * Regions: TypeScript functions traced into graphs of their own, lowered as the regions of
 * ops (while/if/case bodies, scatter update computations, sort comparators).
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Shape } from "../core/shape.js";
import { Graph } from "../graph/graph.js";
import { Node } from "../graph/node.js";
import type { Inferred } from "../graph/primitive.js";
import { type LowerContext, type LoweredNode, nodeType } from "../stablehlo/emit.js";

/** A traced body: its own graph's parameters and outputs. */
export interface Region {
  readonly params: readonly Node[];
  readonly outputs: readonly Node[];
}

/** A function traced into a region. */
export type Body = (...xs: Node[]) => Node | readonly Node[];

/** `f32[2,3]` for a type. */
export function typeOf(n: { dtype: DType; shape: Shape }): string {
  return `${n.dtype}${n.shape}`;
}

/** Traces `fn` over parameters typed like `types` into a graph named `name`. */
export function traceRegion(api: string, name: string, types: readonly Inferred[], fn: Body): Region {
  if (typeof fn !== "function") throw new TsmlxError(api, `${name} must be a function, got ${typeof fn}`);
  const g = new Graph(name);
  const params = types.map((t, i) => g.parameter(`${name}${i}`, t.dtype, t.shape));
  const r = fn(...params);
  const outputs = Array.isArray(r) ? [...(r as Node[])] : [r as Node];
  outputs.forEach((o, i) => {
    if (!(o instanceof Node)) throw new TsmlxError(api, `${name} output ${i} is not a node (${typeof o})`);
    if (o.graph !== g) {
      throw new TsmlxError(
        api,
        `${name} output ${i} (${o.typeString}) comes from graph "${o.graph.name}"; pass it in as an operand`,
      );
    }
    if (o.isMulti)
      throw new TsmlxError(api, `${name} output ${i} has several results; return its .result(i) nodes`);
  });
  return { params, outputs };
}

/**
 * Lowers a traced region into lines: the block header (when `args` is given), its ops, and
 * `stablehlo.return`. Its parameters are named `names` (block arguments or outer values).
 */
export function lowerRegion(
  ctx: LowerContext,
  region: Region,
  names: readonly string[],
  withHeader: boolean,
): string[] {
  const lines: string[] = [];
  const map = new Map<LoweredNode, string>();
  for (const [i, p] of region.params.entries()) map.set(p, names[i]!);
  const sub: LowerContext = {
    ref(n) {
      const s = map.get(n);
      if (s === undefined)
        throw new TsmlxError("toStableHLO", `node %${(n as Node).id} of a region used before it was lowered`);
      return s;
    },
    result(n) {
      let s = map.get(n);
      if (s === undefined) {
        s = ctx.fresh("r");
        map.set(n, s);
      }
      return n.results ? `${s}:${n.results.length}` : s;
    },
    fresh: (hint) => ctx.fresh(hint),
    emit: (line) => lines.push(line),
    alias: (n, ssa) => map.set(n, ssa),
  };
  const graph = region.params[0]?.graph ?? region.outputs[0]!.graph;
  for (const n of graph.reachable(region.outputs)) {
    if (n.op === "parameter") {
      if (!map.has(n)) throw new TsmlxError("toStableHLO", `region parameter ${n.typeString} is not bound`);
      continue;
    }
    n.primitive.lower(n, sub);
  }
  const refs = region.outputs.map((o) => sub.ref(o)).join(", ");
  const types = region.outputs.map(nodeType).join(", ");
  lines.push(`"stablehlo.return"(${refs}) : (${types}) -> ()`);
  if (!withHeader) return lines;
  const header = region.params.map((p, i) => `${names[i]}: ${nodeType(p)}`).join(", ");
  return [`^bb0(${header}):`, ...lines];
}

/**
 * Rebuilds a traced region's computation in the graph of `inputs` (which stand for its
 * parameters) and returns its outputs there.
 */
export function replayRegion(region: Region, inputs: readonly Node[]): Node[] {
  const map = new Map<Node, Node>();
  for (const [i, p] of region.params.entries()) map.set(p, inputs[i]!);
  const graph = inputs[0]?.graph;
  const source = region.params[0]?.graph ?? region.outputs[0]!.graph;
  for (const n of source.reachable(region.outputs)) {
    if (map.has(n)) continue;
    if (n.op === "parameter") throw new TsmlxError("grad", `region parameter ${n.typeString} is not bound`);
    const g = graph ?? n.graph;
    map.set(
      n,
      g.apply(
        n.primitive,
        n.operands.map((o) => map.get(o)!),
        n.attributes,
      ),
    );
  }
  return region.outputs.map((o) => map.get(o)!);
}
