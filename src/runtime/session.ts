/**
 * The live session: a graph that notebook cells keep adding to, with named inputs, and
 * `eval` of any node(s) on demand. Evaluating compiles only the subgraph the asked nodes
 * depend on; programs are cached (least recently used go first). The session's graph holds
 * only its inputs: every other node lives as long as a cell's variables reference it, so
 * re-running cells all day does not grow memory.
 */
import { inspect } from "node:util";
import type { DType } from "../core/dtype.js";
import { formatType, TsmlxError } from "../core/errors.js";
import { codeBundle, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import { type ShapeLike, toShape } from "../core/shape.js";
import { type NestedValues, Tensor, tensor } from "../core/tensor.js";
import { Graph, Node } from "../graph/graph.js";
import { type Client, DeviceArray, defaultClient } from "./client.js";
import { CompiledFunction } from "./compiled.js";

/** Options for {@link session}. */
export interface SessionOptions {
  /** Name of the session's graph (and of the StableHLO modules it emits). Default `session`. */
  name?: string;
  /** The client to compile and run on; default {@link defaultClient}. */
  client?: Client;
  /**
   * How many compiled subgraphs (by output nodes and input types) the session keeps; the least
   * recently used go first. Default 32. Executables themselves live in the client's compile
   * cache (`ClientOptions.cacheSize`), so identical programs from re-run cells compile once.
   */
  cacheSize?: number;
  /**
   * Where variables read by the session's nodes (`ctx.variable(...).read(s.graph)`, layers built
   * on session inputs) get their values: each eval feeds their current values. A `tm.context()`.
   */
  context?: VariableSource;
}

/** What the session needs of a context: its variables by path (a `Context` is one). */
export interface VariableSource {
  variableAt(path: string): { readonly value: Tensor | DeviceArray } | undefined;
}

/** The parameter name a context gives a variable read in a graph: `var:/dense/weights`. */
const VARIABLE_PREFIX = "var:";

/** What a feed may be: a host Tensor, a DeviceArray on the session's client, or JS values. */
export type Feed = Tensor | DeviceArray | NestedValues;

/** One cached program: the subgraph of some output nodes, compiled by the core. */
interface Program {
  readonly compiled: CompiledFunction;
  /** The inputs the subgraph reaches, in argument order. */
  readonly inputs: readonly Node[];
}

function typeOf(x: { dtype: DType; shape: { dims: readonly number[] } }): string {
  return formatType(x.dtype, x.shape.dims);
}

/**
 * The ops a set of nodes is computed by, back to the inputs: one line per node, in order.
 * Made by {@link Session.explain}; shows as text in a notebook.
 *
 * `s.explain(h).toString()` → `%0 = parameter "x" : f32[2,3]\n%4 = tanh(%0) : f32[2,3]`
 */
export class Trace {
  /** The nodes in evaluation order (the asked nodes last). */
  readonly nodes: readonly Node[];
  /** The session inputs the nodes depend on. */
  readonly inputs: readonly Node[];
  readonly #outputs: ReadonlySet<Node>;

  constructor(nodes: readonly Node[], outputs: readonly Node[]) {
    this.nodes = nodes;
    this.inputs = nodes.filter((n) => n.op === "parameter");
    this.#outputs = new Set(outputs);
  }

  /** `%3 = add(%1, %2) : f32[2,3]` per node; the asked nodes are marked with `◀`. */
  toString(): string {
    const lines = this.nodes.map((n) => {
      const args = n.operands.map((o) => `%${o.id}`).join(", ");
      const call = n.operands.length > 0 ? `${n.describeOp()}(${args})` : n.describeOp();
      return `%${n.id} = ${call} : ${n.typeString}${this.#outputs.has(n) ? "  ◀" : ""}`;
    });
    const ins = this.inputs.map((p) => `${String(p.attributes.name)} ${p.typeString}`).join(", ");
    return [`${this.nodes.length} ops from inputs (${ins || "none"})`, ...lines].join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Notebook display: the op list. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return codeBundle(this.toString());
  }
}

/**
 * A graph that cells keep adding to, with named inputs and evaluation of any node.
 * Made by {@link session}.
 *
 * `const s = tm.session(); const x = s.input("x", "f32", [2]); await s.eval(x.mul(2), { x: [1, 2] })`
 */
export class Session {
  /** The graph every node of the session belongs to (it holds only the inputs). */
  readonly graph: Graph;
  /** How many programs the session keeps (see {@link SessionOptions.cacheSize}). */
  readonly cacheSize: number;
  readonly #client: Client | undefined;
  readonly #context: VariableSource | undefined;
  readonly #inputs = new Map<string, Node>();
  /** Programs by output node ids, most recently used last. */
  readonly #programs = new Map<string, Program>();
  #compiles = 0;

  constructor(options: SessionOptions = {}) {
    this.graph = new Graph(options.name ?? "session", { retainNodes: false });
    this.cacheSize = Math.max(1, options.cacheSize ?? 32);
    this.#client = options.client;
    this.#context = options.context;
  }

  /** The client evaluations run on. */
  get client(): Client {
    return this.#client ?? defaultClient();
  }

  /**
   * A named input (a parameter of every program that needs it). Declaring the same name again
   * with the same type returns the same node, so a cell can be re-run; another type is an error.
   * `const images = s.input("images", "f32", [64, 32, 32, 3])`
   */
  input(name: string, dtype: DType, shape: ShapeLike): Node {
    const existing = this.#inputs.get(name);
    if (existing) {
      const dims = toShape(shape).dims;
      const same =
        existing.dtype === dtype &&
        existing.shape.dims.length === dims.length &&
        existing.shape.dims.every((d, i) => d === dims[i]);
      if (same) return existing;
      throw new TsmlxError(
        "session.input",
        `input "${name}" is already ${existing.typeString}; cannot declare it again as ${formatType(dtype, dims)}`,
      );
    }
    const node = this.graph.parameter(name, dtype, shape);
    this.#inputs.set(name, node);
    return node;
  }

  /** The inputs declared so far, in order. */
  get inputs(): readonly Node[] {
    return [...this.#inputs.values()];
  }

  /** A constant node in the session's graph. `const w = s.constant(tm.tensor([[1, 2]]))` */
  constant(value: Tensor | NestedValues, dtype?: DType): Node {
    return this.graph.constant(value, dtype);
  }

  /** Number of programs in the session's cache. */
  get cachedPrograms(): number {
    return this.#programs.size;
  }

  /** How many subgraphs were lowered so far (cache misses). */
  get lowerings(): number {
    return this.#compiles;
  }

  /** Forgets the cached programs (executables stay in the client's cache until it evicts them). */
  clearCache(): void {
    this.#programs.clear();
  }

  /**
   * The chain of ops that computes `nodes`, back to the session's inputs.
   * `s.explain(h)` shows `%0 = parameter "x" : f32[2,3]` … `%7 = tanh(%6) : f32[2,3]  ◀`
   */
  explain(nodes: Node | readonly Node[]): Trace {
    const outputs = this.#checkOutputs("session.explain", nodes);
    return new Trace(this.graph.reachable(outputs), outputs);
  }

  /**
   * Evaluates nodes of the session with values for the inputs they need (extra feeds are
   * ignored). Compiles only the subgraph the nodes depend on, once; one node gives a Tensor,
   * an array of nodes gives one Tensor each (computed by one program).
   * `const [h1, out] = await s.eval([h1Node, outNode], { images: batch })`
   */
  async eval(nodes: Node, feeds?: Readonly<Record<string, Feed>>): Promise<Tensor>;
  async eval(nodes: readonly Node[], feeds?: Readonly<Record<string, Feed>>): Promise<Tensor[]>;
  async eval(
    nodes: Node | readonly Node[],
    feeds: Readonly<Record<string, Feed>> = {},
  ): Promise<Tensor | Tensor[]> {
    const outputs = this.#checkOutputs("session.eval", nodes);
    for (const name of Object.keys(feeds)) {
      if (!this.#inputs.has(name)) {
        const known = [...this.#inputs.keys()].join(", ") || "none";
        throw new TsmlxError(
          "session.eval",
          `feed "${name}" is not an input of the session (inputs: ${known})`,
        );
      }
    }
    const program = this.#program(outputs);
    const args = program.inputs.map((input) => this.#feed(input, feeds, outputs));
    const { outputs: results } = await program.compiled.run(args, { client: this.client });
    try {
      const tensors = await Promise.all(results.map((r) => r.toTensor()));
      return Array.isArray(nodes) ? tensors : tensors[0]!;
    } finally {
      for (const r of results) r.dispose();
    }
  }

  #checkOutputs(api: string, nodes: Node | readonly Node[]): Node[] {
    const list = Array.isArray(nodes) ? [...(nodes as readonly Node[])] : [nodes as Node];
    if (list.length === 0) throw new TsmlxError(api, "no nodes given");
    for (const [i, n] of list.entries()) {
      if (!(n instanceof Node)) {
        throw new TsmlxError(api, `output ${i} is not a graph node (got ${n === null ? "null" : typeof n})`);
      }
      if (n.graph !== this.graph) {
        throw new TsmlxError(
          api,
          `output ${i} (${n.toString()}) belongs to graph "${n.graph.name}", not to this session's graph "${this.graph.name}"`,
        );
      }
      if (n.isMulti) {
        throw new TsmlxError(
          api,
          `output ${i} (${n.typeString} ← ${n.describeOp()}) has several results; pick one with .result(i)`,
        );
      }
    }
    return list;
  }

  /** The cached program for `outputs` (most recently used moves last). */
  #program(outputs: readonly Node[]): Program {
    // Inputs have fixed declared types, so the output nodes determine the input signature.
    const key = outputs.map((n) => n.id).join(",");
    const hit = this.#programs.get(key);
    if (hit) {
      this.#programs.delete(key);
      this.#programs.set(key, hit);
      return hit;
    }
    const inputs = this.graph.reachable(outputs).filter((n) => n.op === "parameter");
    const compiled = new CompiledFunction({
      api: "session.eval",
      name: this.graph.name,
      trace: () => {
        this.#compiles++;
        return { graph: this.graph, inputs, outputs };
      },
    });
    const program: Program = { compiled, inputs };
    this.#programs.set(key, program);
    while (this.#programs.size > this.cacheSize) {
      this.#programs.delete(this.#programs.keys().next().value as string);
    }
    return program;
  }

  /** The checked value fed to `input`. */
  #feed(input: Node, feeds: Readonly<Record<string, Feed>>, outputs: readonly Node[]): Tensor | DeviceArray {
    const name = String(input.attributes.name);
    if (!this.#inputs.has(name) && name.startsWith(VARIABLE_PREFIX)) return this.#variable(input, name);
    const value = feeds[name];
    if (value === undefined) {
      const users = outputs.map((o) => o.toString()).join("; ");
      throw new TsmlxError(
        "session.eval",
        `missing feed for input "${name}" (${input.typeString}), needed by ${users}`,
      );
    }
    let v: Tensor | DeviceArray;
    if (value instanceof Tensor || value instanceof DeviceArray) {
      v = value;
      if (v instanceof DeviceArray && v.client !== this.client) {
        throw new TsmlxError("session.eval", `feed "${name}" lives on another client than the session's`);
      }
    } else {
      try {
        v = tensor(value, input.dtype);
      } catch (e) {
        throw new TsmlxError(
          "session.eval",
          `feed "${name}" for ${input.typeString}: ${(e as Error).message}`,
        );
      }
    }
    const dims = v.shape.dims;
    if (
      v.dtype !== input.dtype ||
      dims.length !== input.shape.rank ||
      dims.some((d, i) => d !== input.shape.dims[i])
    ) {
      throw new TsmlxError(
        "session.eval",
        `feed "${name}" is ${typeOf(v)}; input "${name}" is ${input.typeString}`,
      );
    }
    return v;
  }

  /** The current value of the context variable that parameter `input` reads. */
  #variable(input: Node, name: string): Tensor | DeviceArray {
    const path = name.slice(VARIABLE_PREFIX.length);
    if (!this.#context) {
      throw new TsmlxError(
        "session.eval",
        `the nodes read variable ${path} (${input.typeString}); make the session with tm.session({ context: ctx })`,
      );
    }
    const v = this.#context.variableAt(path);
    if (!v)
      throw new TsmlxError(
        "session.eval",
        `variable ${path} (${input.typeString}) is not in the session's context`,
      );
    const value = v.value;
    if (value instanceof DeviceArray && value.client !== this.client) {
      throw new TsmlxError("session.eval", `variable ${path} lives on another client than the session's`);
    }
    return value;
  }

  toString(): string {
    const ins = this.inputs.map((p) => `${String(p.attributes.name)}: ${p.typeString}`).join(", ");
    return `session "${this.graph.name}" (inputs: ${ins || "none"}; ${this.graph.size} nodes made; ${this.#programs.size} programs cached)`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Notebook display: the inputs and cache state. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return codeBundle(this.toString());
  }
}

/**
 * A new live session (see {@link Session}).
 * `const s = tm.session(); const x = s.input("x", "f32", [2, 3]); x.tanh()` shows `f32[2,3] ← tanh ← parameter "x"`
 */
export function session(options: SessionOptions = {}): Session {
  return new Session(options);
}
