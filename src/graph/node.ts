/**
 * Graph nodes. A node is one primitive applied to operand nodes; its dtype and shape are
 * known when it is made. Nodes are immutable and belong to exactly one graph.
 */
import { inspect } from "node:util";
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { formatValues } from "../core/format.js";
import { codeBundle, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import type { Shape } from "../core/shape.js";
import type { Tensor } from "../core/tensor.js";
import * as ops from "../ops/fluent.js";
import type { Graph } from "./graph.js";
import type { Attributes, Inferred, Primitive } from "./primitive.js";
import { resultPrim } from "./result.js";

/**
 * One value in a graph: the result of `primitive` applied to `operands`.
 *
 * `const y = x.add(1).mul(2); y.toString() === "f32[2,3] ← multiply ← add"`
 */
export class Node {
  /** Position in the graph's creation order (operands always have smaller ids). */
  readonly id: number;
  readonly graph: Graph;
  readonly primitive: Primitive;
  readonly operands: readonly Node[];
  readonly attributes: Attributes;
  /** The dtype (for a multi-result node: of its first result). */
  readonly dtype: DType;
  /** The shape (for a multi-result node: of its first result). */
  readonly shape: Shape;
  /**
   * Set for a node of a primitive with several results: one type per result. Such a node
   * has no value of its own; use its projections `node.result(i)`.
   */
  readonly results: readonly Inferred[] | undefined;
  /** The scope of the layer that made the node (`/000_conv`), `/` outside any layer. */
  readonly scope: string;
  readonly #projections: Node[] = [];

  /** Made by {@link Graph.apply}; not meant to be called directly. */
  constructor(
    graph: Graph,
    id: number,
    primitive: Primitive,
    operands: readonly Node[],
    attributes: Attributes,
    dtype: DType,
    shape: Shape,
    results?: readonly Inferred[],
    scope = "/",
  ) {
    this.graph = graph;
    this.scope = scope;
    this.id = id;
    this.primitive = primitive;
    this.operands = Object.freeze([...operands]);
    this.attributes = Object.freeze({ ...attributes });
    this.dtype = dtype;
    this.shape = shape;
    this.results = results ? Object.freeze([...results]) : undefined;
  }

  /** True for a node with several results (see {@link Node.result}). */
  get isMulti(): boolean {
    return this.results !== undefined;
  }

  /**
   * Result `i` of a multi-result node, as a node of its own (made once, then reused).
   * `const [v, i] = [r.result(0), r.result(1)]` for a reduce with two results
   */
  result(i: number): Node {
    if (!this.results) {
      if (i === 0) return this;
      throw new TsmlxError(
        "result",
        `${this.typeString} ← ${this.describeOp()} has one result, asked for #${i}`,
      );
    }
    if (!Number.isInteger(i) || i < 0 || i >= this.results.length) {
      throw new TsmlxError(
        "result",
        `${this.describeOp()} has ${this.results.length} results, asked for #${i}`,
      );
    }
    let p = this.#projections[i];
    if (!p) {
      p = this.graph.apply(resultPrim, [this], { index: i });
      this.#projections[i] = p;
    }
    return p;
  }

  /** True for a projection node `m.result(i)`. */
  get isProjection(): boolean {
    return this.primitive === resultPrim;
  }

  /** The StableHLO op name, e.g. `add`. */
  get op(): string {
    return this.primitive.name;
  }

  /** Number of dims. */
  get rank(): number {
    return this.shape.rank;
  }

  /** The type as text, `f32[2,3]` (`(f32[2], i32[2])` for a multi-result node). */
  get typeString(): string {
    if (this.results) return `(${this.results.map((r) => `${r.dtype}${r.shape}`).join(", ")})`;
    return `${this.dtype}${this.shape}`;
  }

  /** `f32[2,3] ← add ← parameter`: the type, this node's op, and the op that made its first operand. */
  toString(): string {
    const chain = [this.typeString, this.describeOp()];
    const first = this.isProjection ? this.operands[0]!.operands[0] : this.operands[0];
    if (first) chain.push(first.describeOp());
    return chain.join(" ← ");
  }

  /** The op with its identifying attribute: `parameter "x"`, `compare LT`, else the op name. */
  describeOp(): string {
    if (this.op === "parameter") return `parameter "${String(this.attributes.name)}"`;
    if (this.op === "compare") return `compare ${String(this.attributes.direction)}`;
    if (this.op === "reduce") return `reduce ${String(this.attributes.kind)}`;
    if (this.op === "convert") return `convert ${this.dtype}`;
    if (this.isProjection) return `${this.operands[0]!.describeOp()} #${String(this.attributes.index)}`;
    if (this.op === "constant" && this.shape.size <= 4) {
      const v = this.attributes.value as Tensor;
      return `constant ${formatValues(v.dtype, v.shape.dims, v.data).replace(/\s+/g, " ")}`;
    }
    return this.op;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Notebook display: `f32[2,3] ← add ← parameter "x"`. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return codeBundle(this.toString());
  }

  /** `x.add(y)` is `tm.add(x, y)`. */
  add(y: ops.Operand): Node {
    return ops.add(this, y);
  }
  /** `x.sub(y)` is `tm.sub(x, y)`. */
  sub(y: ops.Operand): Node {
    return ops.sub(this, y);
  }
  /** `x.mul(y)` is `tm.mul(x, y)`. */
  mul(y: ops.Operand): Node {
    return ops.mul(this, y);
  }
  /** `x.div(y)` is `tm.div(x, y)`. */
  div(y: ops.Operand): Node {
    return ops.div(this, y);
  }
  /** `x.pow(y)` is `tm.pow(x, y)`. */
  pow(y: ops.Operand): Node {
    return ops.pow(this, y);
  }
  /** `x.neg()` is `tm.neg(x)`. */
  neg(): Node {
    return ops.neg(this);
  }
  /** `x.reshape([6])` is `tm.reshape(x, [6])`. */
  reshape(dims: readonly number[]): Node {
    return ops.reshape(this, dims);
  }
  /** `x.transpose([1, 0])` is `tm.transpose(x, [1, 0])`. */
  transpose(perm?: readonly number[]): Node {
    return ops.transpose(this, perm);
  }
  /** `x.convert("i32")` is `tm.convert(x, "i32")`. */
  convert(dtype: DType): Node {
    return ops.convert(this, dtype);
  }
  /** `x.sum([0])` is `tm.reduceSum(x, [0])`. */
  sum(axes?: readonly number[], options?: { keepDims?: boolean }): Node {
    return ops.reduceSum(this, axes, options);
  }
  /** `x.matmul(w)` is `tm.matmul(x, w)`. */
  matmul(y: Node): Node {
    return ops.matmul(this, y);
  }
  /** `x.rem(y)` is `tm.rem(x, y)`. */
  rem(y: ops.Operand): Node {
    return ops.rem(this, y);
  }
  /** `x.max(y)` is `tm.max(x, y)`. */
  max(y: ops.Operand): Node {
    return ops.max(this, y);
  }
  /** `x.min(y)` is `tm.min(x, y)`. */
  min(y: ops.Operand): Node {
    return ops.min(this, y);
  }
  /** `x.eq(y)` is `tm.eq(x, y)`. */
  eq(y: ops.Operand): Node {
    return ops.eq(this, y);
  }
  /** `x.ne(y)` is `tm.ne(x, y)`. */
  ne(y: ops.Operand): Node {
    return ops.ne(this, y);
  }
  /** `x.lt(y)` is `tm.lt(x, y)`. */
  lt(y: ops.Operand): Node {
    return ops.lt(this, y);
  }
  /** `x.le(y)` is `tm.le(x, y)`. */
  le(y: ops.Operand): Node {
    return ops.le(this, y);
  }
  /** `x.gt(y)` is `tm.gt(x, y)`. */
  gt(y: ops.Operand): Node {
    return ops.gt(this, y);
  }
  /** `x.ge(y)` is `tm.ge(x, y)`. */
  ge(y: ops.Operand): Node {
    return ops.ge(this, y);
  }
  /** `x.abs()` is `tm.abs(x)`. */
  abs(): Node {
    return ops.abs(this);
  }
  /** `x.exp()` is `tm.exp(x)`. */
  exp(): Node {
    return ops.exp(this);
  }
  /** `x.log()` is `tm.log(x)`. */
  log(): Node {
    return ops.log(this);
  }
  /** `x.sqrt()` is `tm.sqrt(x)`. */
  sqrt(): Node {
    return ops.sqrt(this);
  }
  /** `x.tanh()` is `tm.tanh(x)`. */
  tanh(): Node {
    return ops.tanh(this);
  }
  /** `x.reduceMax([1])` is `tm.reduceMax(x, [1])`. */
  reduceMax(axes?: readonly number[], options?: { keepDims?: boolean }): Node {
    return ops.reduceMax(this, axes, options);
  }
  /** `x.reduceMin([1])` is `tm.reduceMin(x, [1])`. */
  reduceMin(axes?: readonly number[], options?: { keepDims?: boolean }): Node {
    return ops.reduceMin(this, axes, options);
  }
  /** `x.broadcastTo([4, 3])` is `tm.broadcastTo(x, [4, 3])`. */
  broadcastTo(dims: readonly number[]): Node {
    return ops.broadcastTo(this, dims);
  }
  /** `x.slice([0], [2])` is `tm.slice(x, [0], [2])`. */
  slice(start: readonly number[], limit: readonly number[], strides?: readonly number[]): Node {
    return ops.slice(this, start, limit, strides);
  }
  /** `x.mean([1])` is `tm.mean(x, [1])`. */
  mean(axes?: readonly number[], options?: { keepDims?: boolean }): Node {
    return ops.mean(this, axes, options);
  }
  /** `x.relu()` is `tm.relu(x)`. */
  relu(): Node {
    return ops.relu(this);
  }
  /** `x.softmax()` is `tm.softmax(x, -1)`. */
  softmax(axis = -1): Node {
    return ops.softmax(this, axis);
  }
  /** `x.logSoftmax()` is `tm.logSoftmax(x, -1)`. */
  logSoftmax(axis = -1): Node {
    return ops.logSoftmax(this, axis);
  }
  /** `x.argmax(-1)` is `tm.argmax(x, -1)` (i32 indices). */
  argmax(axis = -1): Node {
    return ops.argmax(this, axis);
  }
}
