/**
 * Graphs: an append-only list of nodes. Building a graph only checks shapes and dtypes;
 * nothing runs until the graph is lowered and compiled.
 */
import { inspect } from "node:util";
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import type { ShapeLike } from "../core/shape.js";
import type { NestedValues } from "../core/tensor.js";
import { type Tensor, tensor } from "../core/tensor.js";
import { constantPrim, parameterPrim } from "./creation.js";
import { Node } from "./node.js";
import type { Attributes, Primitive } from "./primitive.js";
import { resultPrim } from "./result.js";

export { Node } from "./node.js";
export type {
  Attributes,
  Inferred,
  InferredResults,
  LowerContext,
  Primitive,
  VjpMultiRule,
  VjpRule,
} from "./primitive.js";
export { type ResultAttrs, resultPrim } from "./result.js";

/** Options for {@link Graph}. */
export interface GraphOptions {
  /**
   * Keep every node in `graph.nodes` (default true). With false the graph holds only its
   * parameters: other nodes live as long as someone references them (a long-lived session).
   */
  retainNodes?: boolean;
}

/**
 * A computation graph.
 *
 * `const g = new Graph("f"); const x = g.parameter("x", "f32", [2]); const y = tm.add(x, x);`
 */
export class Graph {
  /** Name used for the StableHLO module. */
  readonly name: string;
  readonly #nodes: Node[] = [];
  readonly #parameters: Node[] = [];
  readonly #retain: boolean;
  #count = 0;
  #scope = "/";

  constructor(name = "main", options: GraphOptions = {}) {
    this.name = name;
    this.#retain = options.retainNodes ?? true;
  }

  /** All nodes in creation order (only the parameters when made with `retainNodes: false`). */
  get nodes(): readonly Node[] {
    return this.#retain ? this.#nodes : this.#parameters;
  }

  /** Whether the graph keeps every node (see {@link GraphOptions.retainNodes}). */
  get retainsNodes(): boolean {
    return this.#retain;
  }

  /** How many nodes were made in this graph so far. */
  get size(): number {
    return this.#count;
  }

  /** The scope new nodes are tagged with (see {@link scoped}); `/` outside any layer. */
  get scope(): string {
    return this.#scope;
  }

  /**
   * Runs `fn` with the nodes it makes tagged with `scope` (layers run their body so, with their
   * context's scope), then restores the previous scope.
   * `const y = g.scoped("/dense", () => tm.add(x, 1)); y.scope === "/dense"`
   */
  scoped<T>(scope: string, fn: () => T): T {
    const previous = this.#scope;
    this.#scope = scope;
    try {
      return fn();
    } finally {
      this.#scope = previous;
    }
  }

  /** Parameters in creation order. */
  get parameters(): readonly Node[] {
    return this.#parameters;
  }

  /**
   * Applies a primitive: checks operands belong to this graph, runs its shape rule, adds the node.
   * `graph.apply(addPrim, [x, y], {})`
   */
  apply<A extends Attributes>(primitive: Primitive<A>, operands: readonly Node[], attrs: A): Node {
    for (const o of operands) {
      if (!(o instanceof Node)) {
        throw new TsmlxError(primitive.api, `operands must be nodes, got ${typeof o}`);
      }
      if (o.graph !== this) {
        throw new TsmlxError(
          primitive.api,
          `operand ${o.typeString} belongs to graph "${o.graph.name}", not "${this.name}"`,
        );
      }
      if (o.isMulti && primitive !== (resultPrim as Primitive)) {
        throw new TsmlxError(
          primitive.api,
          `operand ${o.typeString} ← ${o.describeOp()} has several results; pick one with .result(i)`,
        );
      }
    }
    const inferred = primitive.infer(operands, attrs);
    const id = this.#count;
    const p = primitive as Primitive;
    let node: Node;
    if ("results" in inferred) {
      const first = inferred.results[0];
      if (!first) throw new TsmlxError(primitive.api, "a multi-result primitive needs at least one result");
      node = new Node(this, id, p, operands, attrs, first.dtype, first.shape, inferred.results, this.#scope);
    } else {
      node = new Node(this, id, p, operands, attrs, inferred.dtype, inferred.shape, undefined, this.#scope);
    }
    this.#count++;
    if (this.#retain) this.#nodes.push(node);
    return node;
  }

  /**
   * Applies a primitive with several results and returns one projection node per result.
   * `const [values, indices] = graph.applyMulti(prim, operands, attrs)`
   */
  applyMulti<A extends Attributes>(primitive: Primitive<A>, operands: readonly Node[], attrs: A): Node[] {
    const m = this.apply(primitive, operands, attrs);
    if (!m.results) throw new TsmlxError(primitive.api, `${primitive.name} has a single result`);
    return m.results.map((_, i) => m.result(i));
  }

  /** A new parameter (an input of the compiled function). `g.parameter("x", "f32", [2, 3])` */
  parameter(name: string, dtype: DType, shape: ShapeLike): Node {
    if (this.#parameters.some((p) => p.attributes.name === name)) {
      throw new TsmlxError("parameter", `graph "${this.name}" already has a parameter named "${name}"`);
    }
    const node = this.apply(parameterPrim, [], { name, dtype, shape, index: this.#parameters.length });
    this.#parameters.push(node);
    return node;
  }

  /**
   * A constant node from a Tensor or JS values (`dtype` as in {@link tensor}).
   * `g.constant([[1, 2], [3, 4]], "i32")`
   */
  constant(value: Tensor | NestedValues, dtype?: DType): Node {
    return this.apply(constantPrim, [], { value: tensor(value, dtype) });
  }

  /** Nodes that `outputs` depend on (outputs included), in a topological (creation) order. */
  reachable(outputs: readonly Node[]): Node[] {
    const seen = new Set<Node>();
    const stack = [...outputs];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      if (n.graph !== this) {
        throw new TsmlxError(
          "graph",
          `node ${n.typeString} belongs to graph "${n.graph.name}", not "${this.name}"`,
        );
      }
      seen.add(n);
      for (const o of n.operands) stack.push(o);
    }
    return [...seen].sort((a, b) => a.id - b.id);
  }

  /**
   * The op list: one line per node, `%3 = add(%1, %2) : f32[2,3]`; a multi-result node shows
   * its result types, `(f32[2], i32[2])`, and a projection reads `%6 = %5#1 : i32[2]`.
   */
  toString(): string {
    const lines = [
      this.#retain
        ? `graph ${this.name} (${this.#nodes.length} nodes)`
        : `graph ${this.name} (${this.#count} nodes made; parameters shown)`,
    ];
    for (const n of this.nodes) {
      const args = n.operands.map((o) => `%${o.id}`).join(", ");
      let call = n.operands.length > 0 ? `${n.describeOp()}(${args})` : n.describeOp();
      if (n.isProjection) call = `%${n.operands[0]!.id}#${String(n.attributes.index)}`;
      lines.push(`  %${n.id} = ${call} : ${n.typeString}`);
    }
    return lines.join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Notebook display: the op list. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const text = this.toString();
    return { "text/plain": text, "text/html": `<pre>${escapeHtml(text)}</pre>` };
  }
}
