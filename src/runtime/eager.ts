/**
 * Eager convenience: ops on host Tensors, run at once. Each op is a compiled function of the
 * core (./compiled.ts): a one-op program compiled the first time it meets an op + attributes +
 * input signature, and reused after (one bounded cache per client, shared by every eager op). Results come back as host Tensors, so each call is a round trip: use graphs (exec)
 * for real work.
 *
 * Running on a device is asynchronous, so eager ops return Promises; `eager(t)` gives a
 * chainable, awaitable wrapper: `await eager(tm.tensor([[1, 2], [3, 4]])).matmul(x).add(1)`.
 */

import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type NestedValues, Tensor, tensor } from "../core/tensor.js";
import { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import * as act from "../ops/activations.js";
import * as bin from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { matmul as matmulOp } from "../ops/dot.js";
import { reduceMax, reduceMin, reduceSum } from "../ops/reduce.js";
import { reshape as reshapeOp, transpose as transposeOp } from "../ops/shaping.js";
import { softmax as softmaxOp } from "../ops/softmax.js";
import { mean as meanOp } from "../ops/stats.js";
import * as un from "../ops/unary.js";
import { type Client, defaultClient } from "./client.js";
import { CompiledFunction, ProgramCache, type Traced } from "./compiled.js";

/** What eager ops accept: a host Tensor or JS values (numbers give f32, as in `tensor`). */
export type EagerInput = Tensor | NestedValues;

/** The programs of every eager op, per client (least recently used go first). */
const programs = new ProgramCache(256);

function toTensor(x: EagerInput): Tensor {
  return x instanceof Tensor ? x : tensor(x);
}

/** Number of one-op programs cached for `client` (default client if omitted). `eagerCacheSize()` */
export function eagerCacheSize(client: Client = defaultClient()): number {
  return programs.size(client);
}

/** A compiled eager function of nodes and a static value `S` (an op's attributes). */
function eagerFunction<S>(fn: (statics: S, xs: readonly Node[]) => Node): CompiledFunction<Traced, S> {
  return new CompiledFunction<Traced, S>({
    api: "eager",
    name: "eager",
    cache: programs,
    trace: (specs, statics) => {
      const graph = new Graph("eager");
      const inputs = specs.map((s, i) => graph.parameter(`arg${i}`, s.dtype, s.dims));
      return { graph, inputs, outputs: [fn(statics, inputs)] };
    },
  });
}

async function runOn<S>(
  f: CompiledFunction<Traced, S>,
  inputs: readonly EagerInput[],
  statics: S,
  client: Client = defaultClient(),
): Promise<Tensor> {
  const { outputs } = await f.run(inputs.map(toTensor), { client, statics });
  const out = outputs[0]!;
  try {
    return await out.toTensor();
  } finally {
    out.dispose();
  }
}

const byFunction = new WeakMap<(...xs: Node[]) => Node, CompiledFunction<Traced, undefined>>();

/**
 * Runs `fn` (a function of nodes) on host tensors at once. Its program is compiled once per
 * function, input signature and the hyperparameters it read, so pass a function made once
 * (a new closure per call compiles again, or finds the client's copy of the same text).
 * `await runEager((a, b) => tm.add(a, b), [x, y])`
 */
export function runEager(
  fn: (...xs: Node[]) => Node,
  inputs: readonly EagerInput[],
  client: Client = defaultClient(),
): Promise<Tensor> {
  let f = byFunction.get(fn);
  if (!f) {
    f = eagerFunction<undefined>((_, xs) => fn(...xs));
    byFunction.set(fn, f);
  }
  return runOn(f, inputs, undefined, client);
}

const op1 = (f: (x: Node) => Node) => {
  const compiled = eagerFunction<undefined>((_, [x]) => f(x!));
  return (x: EagerInput): Promise<Tensor> => runOn(compiled, [x], undefined);
};
const op2 = (f: (a: Node, b: Node) => Node) => {
  const compiled = eagerFunction<undefined>((_, [a, b]) => f(a!, b!));
  return (a: EagerInput, b: EagerInput): Promise<Tensor> => runOn(compiled, [a, b], undefined);
};
/** A one-operand op with one attribute, which is part of the program's key. */
const withAttribute = <A>(f: (x: Node, attribute: A) => Node) => {
  const compiled = eagerFunction<A>((a, [x]) => f(x!, a));
  return (x: EagerInput, attribute: A): Promise<Tensor> => runOn(compiled, [x], attribute);
};

type Axes = readonly number[] | undefined;
const sum = withAttribute<Axes | null>((n, axes) => reduceSum(n, axes ?? undefined));
const mean = withAttribute<Axes | null>((n, axes) => meanOp(n, axes ?? undefined));
const maxOver = withAttribute<Axes | null>((n, axes) => reduceMax(n, axes ?? undefined));
const minOver = withAttribute<Axes | null>((n, axes) => reduceMin(n, axes ?? undefined));
const reshape = withAttribute<readonly number[]>((n, dims) => reshapeOp(n, dims));
const transpose = withAttribute<Axes | null>((n, perm) => transposeOp(n, perm ?? undefined));
const softmax = withAttribute<number>((n, axis) => softmaxOp(n, axis));
const convertTo = withAttribute<DType>((n, dtype) => convert(n, dtype));

/** Eager ops on host tensors; each returns a Promise of a Tensor. `await eagerOps.add(x, y)` */
export const eagerOps = {
  add: op2(bin.add),
  sub: op2(bin.sub),
  mul: op2(bin.mul),
  div: op2(bin.div),
  pow: op2(bin.pow),
  max: op2(bin.max),
  min: op2(bin.min),
  matmul: op2(matmulOp),
  neg: op1(un.neg),
  abs: op1(un.abs),
  exp: op1(un.exp),
  log: op1(un.log),
  sqrt: op1(un.sqrt),
  tanh: op1(un.tanh),
  sigmoid: op1(un.logistic),
  relu: op1(act.relu),
  gelu: op1((x) => act.gelu(x)),
  sum: (x: EagerInput, axes?: readonly number[]) => sum(x, axes ?? null),
  mean: (x: EagerInput, axes?: readonly number[]) => mean(x, axes ?? null),
  reduceMax: (x: EagerInput, axes?: readonly number[]) => maxOver(x, axes ?? null),
  reduceMin: (x: EagerInput, axes?: readonly number[]) => minOver(x, axes ?? null),
  reshape: (x: EagerInput, dims: readonly number[]) => reshape(x, dims),
  transpose: (x: EagerInput, perm?: readonly number[]) => transpose(x, perm ?? null),
  softmax: (x: EagerInput, axis = -1) => softmax(x, axis),
  convert: (x: EagerInput, dtype: DType) => convertTo(x, dtype),
} as const;

/**
 * A chainable eager value: each method queues an eager op on the result so far; `await` it
 * (it is a thenable) to get the Tensor. `const y = await eager(a).matmul(b).add(1).relu()`
 */
export class Eager implements PromiseLike<Tensor> {
  readonly #value: Promise<Tensor>;

  /** Wraps a tensor, JS values or a pending tensor. */
  constructor(value: EagerInput | Promise<Tensor>) {
    this.#value = value instanceof Promise ? value : Promise.resolve().then(() => toTensor(value));
  }

  // biome-ignore lint/suspicious/noThenProperty: an eager chain is meant to be awaited
  then<A = Tensor, B = never>(
    onFulfilled?: ((t: Tensor) => A | PromiseLike<A>) | null,
    onRejected?: ((e: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#value.then(onFulfilled, onRejected);
  }

  #chain1(f: (x: Tensor) => Promise<Tensor>): Eager {
    return new Eager(this.#value.then(f));
  }
  #chain2(other: EagerInput | Eager, f: (a: Tensor, b: Tensor) => Promise<Tensor>): Eager {
    const o = other instanceof Eager ? other.#value : Promise.resolve(other).then(toTensor);
    return new Eager(Promise.all([this.#value, o]).then(([a, b]) => f(a, b)));
  }

  /** `eager(a).add(b)` */
  add(b: EagerInput | Eager): Eager {
    return this.#chain2(b, eagerOps.add);
  }
  /** `eager(a).sub(b)` */
  sub(b: EagerInput | Eager): Eager {
    return this.#chain2(b, eagerOps.sub);
  }
  /** `eager(a).mul(b)` */
  mul(b: EagerInput | Eager): Eager {
    return this.#chain2(b, eagerOps.mul);
  }
  /** `eager(a).div(b)` */
  div(b: EagerInput | Eager): Eager {
    return this.#chain2(b, eagerOps.div);
  }
  /** `eager(a).matmul(b)` */
  matmul(b: EagerInput | Eager): Eager {
    return this.#chain2(b, eagerOps.matmul);
  }
  /** `eager(a).exp()` */
  exp(): Eager {
    return this.#chain1(eagerOps.exp);
  }
  /** `eager(a).log()` */
  log(): Eager {
    return this.#chain1(eagerOps.log);
  }
  /** `eager(a).tanh()` */
  tanh(): Eager {
    return this.#chain1(eagerOps.tanh);
  }
  /** `eager(a).relu()` */
  relu(): Eager {
    return this.#chain1(eagerOps.relu);
  }
  /** `eager(a).sum([0])` */
  sum(axes?: readonly number[]): Eager {
    return this.#chain1((x) => eagerOps.sum(x, axes));
  }
  /** `eager(a).mean()` */
  mean(axes?: readonly number[]): Eager {
    return this.#chain1((x) => eagerOps.mean(x, axes));
  }
  /** `eager(a).reshape([4])` */
  reshape(dims: readonly number[]): Eager {
    return this.#chain1((x) => eagerOps.reshape(x, dims));
  }
  /** `eager(a).transpose()` */
  transpose(perm?: readonly number[]): Eager {
    return this.#chain1((x) => eagerOps.transpose(x, perm));
  }
  /** `eager(a).softmax()` */
  softmax(axis = -1): Eager {
    return this.#chain1((x) => eagerOps.softmax(x, axis));
  }
}

/**
 * Starts an eager chain on a tensor or JS values. `await eager([[1, 2], [3, 4]]).matmul([[1], [1]])`
 */
export function eager(x: EagerInput | Promise<Tensor>): Eager {
  if (x === undefined || x === null) throw new TsmlxError("eager", "needs a tensor or values");
  return new Eager(x);
}
