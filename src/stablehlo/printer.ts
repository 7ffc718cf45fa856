/**
 * Prints a graph as a StableHLO module in MLIR's generic op form. Only the nodes the
 * outputs depend on are emitted; parameters become the arguments of `@main`.
 */
import { TsmlxError } from "../core/errors.js";
import type { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { type LowerContext, type LoweredNode, nodeType } from "./emit.js";
import { symbolName } from "./text.js";

/** Options for {@link toStableHLO}. */
export interface StableHLOOptions {
  /** The function's arguments, in order; default: every parameter of the graph, in creation order. */
  readonly parameters?: readonly Node[];
  /** Module name; default the graph's name. */
  readonly name?: string;
}

/**
 * Lowers the part of `graph` that `outputs` need to a StableHLO module (generic MLIR form).
 *
 * `toStableHLO(g, [y], { parameters: [x] })` gives `module @main { func.func public @main(%arg0: ...`
 */
export function toStableHLO(graph: Graph, outputs: readonly Node[], options: StableHLOOptions = {}): string {
  const params = options.parameters ?? graph.parameters;
  const names = new Map<LoweredNode, string>();
  params.forEach((p, i) => {
    if (p.graph !== graph || p.op !== "parameter") {
      throw new TsmlxError(
        "toStableHLO",
        `parameters[${i}] (${p.typeString} ← ${p.describeOp()}) is not a parameter of graph "${graph.name}"`,
      );
    }
    if (names.has(p))
      throw new TsmlxError("toStableHLO", `parameter "${String(p.attributes.name)}" is listed twice`);
    names.set(p, `%arg${i}`);
  });
  const nodes = graph.reachable(outputs);
  for (const n of nodes) {
    if (n.op === "parameter" && !names.has(n)) {
      throw new TsmlxError(
        "toStableHLO",
        `the outputs need parameter "${String(n.attributes.name)}" (${n.typeString}), which is not in the parameter list`,
      );
    }
  }
  const body: string[] = [];
  let next = 0;
  let fresh = 0;
  const ctx: LowerContext = {
    ref(n) {
      const s = names.get(n);
      if (s === undefined)
        throw new TsmlxError("toStableHLO", `node %${(n as Node).id} used before it was lowered`);
      return s;
    },
    result(n) {
      let s = names.get(n);
      if (s === undefined) {
        s = `%${next++}`;
        names.set(n, s);
      }
      return n.results ? `${s}:${n.results.length}` : s;
    },
    fresh(hint) {
      return `%${hint}${fresh++}`;
    },
    emit(line) {
      body.push(`    ${line}`);
    },
    alias(n, ssa) {
      names.set(n, ssa);
    },
  };
  for (const [i, o] of outputs.entries()) {
    if (o.isMulti) {
      throw new TsmlxError(
        "toStableHLO",
        `output ${i} (${o.typeString} ← ${o.describeOp()}) has several results; return its .result(i) nodes`,
      );
    }
  }
  for (const n of nodes) {
    if (n.op === "parameter") continue;
    n.primitive.lower(n, ctx);
  }
  const args = params.map((p, i) => `%arg${i}: ${nodeType(p)}`).join(", ");
  const resultTypes = outputs.map(nodeType).join(", ");
  const refs = outputs.map((o) => ctx.ref(o)).join(", ");
  return [
    `module ${symbolName(options.name ?? graph.name)} {`,
    `  func.func public @main(${args}) -> (${resultTypes}) {`,
    ...body,
    `    "func.return"(${refs}) : (${resultTypes}) -> ()`,
    "  }",
    "}",
    "",
  ].join("\n");
}
