/**
 * Eager convenience: ops on host Tensors, run at once. Each op compiles a one-op program the
 * first time it meets an op + attributes + input signature, and reuses it after (a cache per
 * client). Results come back as host Tensors, so each call is a round trip: use graphs (exec)
 * for real work.
 *
 * Running on a device is asynchronous, so eager ops return Promises; `eager(t)` gives a
 * chainable, awaitable wrapper: `await eager(tm.tensor([[1, 2], [3, 4]])).matmul(x).add(1)`.
 */

import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { type NestedValues, Tensor, tensor } from "../core/tensor.js";
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
import { type Client, type DeviceArray, defaultClient } from "./client.js";
import { type ExecFn, exec } from "./exec.js";

/** What eager ops accept: a host Tensor or JS values (numbers give f32, as in `tensor`). */
export type EagerInput = Tensor | NestedValues;

const caches = new WeakMap<Client, Map<string, ExecFn<Node>>>();

function toTensor(x: EagerInput): Tensor {
  return x instanceof Tensor ? x : tensor(x);
}

/** Number of one-op programs cached for `client` (default client if omitted). `eagerCacheSize()` */
export function eagerCacheSize(client: Client = defaultClient()): number {
  return [...(caches.get(client)?.values() ?? [])].reduce((n, f) => n + f.compiledCount, 0);
}

/**
 * Runs `fn` (a function of nodes, identified by `key` = op name + attributes) on host
 * tensors at once; compiled once per key and input signature.
 * `await runEager("add", (a, b) => tm.add(a, b), [x, y])`
 */
export async function runEager(
  key: string,
  fn: (...xs: Node[]) => Node,
  inputs: readonly EagerInput[],
  client: Client = defaultClient(),
): Promise<Tensor> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let f = cache.get(key);
  if (!f) {
    f = exec(fn, { name: "eager", client });
    cache.set(key, f);
  }
  const out = (await f(...inputs.map(toTensor))) as DeviceArray;
  try {
    return await out.toTensor();
  } finally {
    out.dispose();
  }
}

const op1 =
  (name: string, f: (x: Node) => Node) =>
  (x: EagerInput): Promise<Tensor> =>
    runEager(name, f, [x]);
const op2 =
  (name: string, f: (a: Node, b: Node) => Node) =>
  (a: EagerInput, b: EagerInput): Promise<Tensor> =>
    runEager(name, f, [a, b]);

/** Eager ops on host tensors; each returns a Promise of a Tensor. `await eagerOps.add(x, y)` */
export const eagerOps = {
  add: op2("add", bin.add),
  sub: op2("sub", bin.sub),
  mul: op2("mul", bin.mul),
  div: op2("div", bin.div),
  pow: op2("pow", bin.pow),
  max: op2("max", bin.max),
  min: op2("min", bin.min),
  matmul: op2("matmul", matmulOp),
  neg: op1("neg", un.neg),
  abs: op1("abs", un.abs),
  exp: op1("exp", un.exp),
  log: op1("log", un.log),
  sqrt: op1("sqrt", un.sqrt),
  tanh: op1("tanh", un.tanh),
  sigmoid: op1("sigmoid", un.logistic),
  relu: op1("relu", act.relu),
  gelu: op1("gelu", (x) => act.gelu(x)),
  sum: (x: EagerInput, axes?: readonly number[]) =>
    runEager(`sum ${JSON.stringify(axes ?? null)}`, (n) => reduceSum(n, axes), [x]),
  mean: (x: EagerInput, axes?: readonly number[]) =>
    runEager(`mean ${JSON.stringify(axes ?? null)}`, (n) => meanOp(n, axes), [x]),
  reduceMax: (x: EagerInput, axes?: readonly number[]) =>
    runEager(`reduceMax ${JSON.stringify(axes ?? null)}`, (n) => reduceMax(n, axes), [x]),
  reduceMin: (x: EagerInput, axes?: readonly number[]) =>
    runEager(`reduceMin ${JSON.stringify(axes ?? null)}`, (n) => reduceMin(n, axes), [x]),
  reshape: (x: EagerInput, dims: readonly number[]) =>
    runEager(`reshape ${JSON.stringify(dims)}`, (n) => reshapeOp(n, dims), [x]),
  transpose: (x: EagerInput, perm?: readonly number[]) =>
    runEager(`transpose ${JSON.stringify(perm ?? null)}`, (n) => transposeOp(n, perm), [x]),
  softmax: (x: EagerInput, axis = -1) => runEager(`softmax ${axis}`, (n) => softmaxOp(n, axis), [x]),
  convert: (x: EagerInput, dtype: DType) => runEager(`convert ${dtype}`, (n) => convert(n, dtype), [x]),
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
