/**
 * Op-table rows of composite ops (functions of primitives): values against a plain-TS
 * reference, golden lowering, and a gradient check. Float rows use f64 so the references
 * compare within a few ulps.
 */
import type { DType } from "../../src/core/dtype.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import type { OpCase } from "./op_table.js";
import {
  bcast,
  concatRef,
  dotRef,
  generate,
  map,
  ravel,
  sliceRef,
  transposeRef,
  unravel,
} from "./reference.js";
import { erfRef } from "./reference_indexing.js";

const cases: OpCase[] = [];
const F = "f64" as DType;

function sample(dims: readonly number[], lo = -1.5, hi = 1.5, k = 0): Tensor {
  let i = 0;
  return generate(F, dims, () => {
    const u = (Math.sin(++i * 12.9898 + k * 78.233) * 43758.5453) % 1;
    return lo + (hi - lo) * Math.abs(u);
  });
}

/** Applies `f` to each 1-D lane of `t` along `axis` (f maps a lane to a lane of the same length). */
function lanes(t: Tensor, axis: number, f: (v: number[]) => number[]): Tensor {
  const dims = t.shape.dims;
  const v = [...t.toFloat64Array()];
  const out = new Array<number>(v.length);
  const n = dims[axis]!;
  for (let i = 0; i < v.length; i++) {
    const idx = unravel(i, dims);
    if (idx[axis] !== 0) continue;
    const pos = Array.from({ length: n }, (_, k) => {
      const j = [...idx];
      j[axis] = k;
      return ravel(j, dims);
    });
    const r = f(pos.map((p) => v[p]!));
    pos.forEach((p, k) => {
      out[p] = r[k]!;
    });
  }
  return Tensor.fromValues(t.dtype, dims, out);
}

/** Reduces each lane along `axis` to one number (the axis removed). */
function reduceLanes(t: Tensor, axis: number, f: (v: number[]) => number): Tensor {
  const dims = t.shape.dims;
  return generate(
    t.dtype,
    dims.filter((_, i) => i !== axis),
    (o) =>
      f(
        Array.from(
          { length: dims[axis]! },
          (_, k) => t.get(...o.slice(0, axis), k, ...o.slice(axis)) as number,
        ),
      ),
  );
}

const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};
const unary = (name: string, fn: (x: Node) => Node, f: (x: number) => number, x: Tensor, ulps = 4) =>
  cases.push({
    name: `composite_${name}`,
    ops: [],
    inputs: [x],
    build: (a) => fn(a!),
    expected: (a) => map(F, [a!], (v) => f(v as number)),
    ulps,
    grad: {},
  });

// ------------------------------------------------------------------ activations

const ACT_X = Tensor.fromValues(F, [2, 4], [-2.1, -0.7, -0.05, 0.3, 0.9, 1.7, -1.2, 2.4]);
unary("relu", tm.relu, (x) => Math.max(x, 0), ACT_X);
unary(
  "leaky_relu",
  (x) => tm.leakyRelu(x, 0.2),
  (x) => (x < 0 ? 0.2 * x : x),
  ACT_X,
);
unary("elu", tm.elu, (x) => (x > 0 ? x : Math.expm1(x)), ACT_X);
unary("softplus", tm.softplus, (x) => Math.log1p(Math.exp(x)), ACT_X);
unary("silu", tm.silu, (x) => x / (1 + Math.exp(-x)), ACT_X);
unary("sigmoid", tm.sigmoid, (x) => 1 / (1 + Math.exp(-x)), ACT_X);
unary(
  "gelu_tanh",
  (x) => tm.gelu(x),
  (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  ACT_X,
  8,
);
unary(
  "gelu_exact",
  (x) => tm.gelu(x, { approximate: false }),
  (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)),
  ACT_X,
  1024, // 1 + erf(x/√2) cancels for negative x: ~1e-13 relative, still far below f32's ulp
);
cases.push({
  name: "composite_relu_nan_and_zero",
  ops: ["select"],
  inputs: [Tensor.fromValues(F, [4], [Number.NaN, 0, -Number.POSITIVE_INFINITY, 2])],
  build: (x) => tm.relu(x!),
  expected: () => Tensor.fromValues(F, [4], [Number.NaN, 0, 0, 2]),
});

// ------------------------------------------------------------------ softmax family

const LOGITS = sample([3, 5], -3, 3, 31);
cases.push({
  name: "composite_softmax_log_softmax",
  ops: ["exponential", "reduce", "divide"],
  inputs: [LOGITS],
  build: (x) => [tm.softmax(x!), tm.logSoftmax(x!, 0)],
  expected: (x) => [
    lanes(x!, 1, (v) => v.map((a) => Math.exp(a - lse(v)))),
    lanes(x!, 0, (v) => v.map((a) => a - lse(v))),
  ],
  ulps: 64,
  grad: {},
});
cases.push({
  name: "composite_log_sum_exp_axes",
  ops: ["exponential", "log", "reduce"],
  inputs: [sample([2, 3, 4], -2, 2, 32)],
  build: (x) => [tm.logSumExp(x!), tm.logSumExp(x!, [0, 2], { keepDims: true })],
  expected: (x) => {
    const last = reduceLanes(x!, 2, lse);
    const t = transposeRef(x!, [1, 0, 2]);
    const vals: number[] = [];
    for (let j = 0; j < 3; j++) {
      const v: number[] = [];
      for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) v.push(t.get(j, i, k) as number);
      vals.push(lse(v));
    }
    return [last, Tensor.fromValues(F, [1, 3, 1], vals)];
  },
  ulps: 16,
  grad: {},
});
cases.push({
  name: "composite_log_sum_exp_large_and_inf",
  ops: ["exponential", "log", "reduce"],
  inputs: [
    Tensor.fromValues(
      F,
      [3, 2],
      [1000, 1000, -Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY, -1000, 0],
    ),
  ],
  build: (x) => [tm.logSumExp(x!), tm.softmax(x!)],
  expected: () => [
    Tensor.fromValues(F, [3], [1000 + Math.LN2, -Number.POSITIVE_INFINITY, 0]),
    Tensor.fromValues(F, [3, 2], [0.5, 0.5, Number.NaN, Number.NaN, 0, 1]),
  ],
});
cases.push({
  name: "composite_softmax_cross_entropy_int_labels",
  ops: ["iota", "compare", "select", "reduce"],
  inputs: [LOGITS, Tensor.fromValues("i32", [3], [4, 0, 2])],
  build: (x, y) => tm.softmaxCrossEntropy(x!, y!),
  expected: (x, y) => {
    const l = y!.values() as number[];
    return Tensor.fromValues(
      F,
      [3],
      l.map((c, i) => {
        const row = [0, 1, 2, 3, 4].map((k) => x!.get(i, k) as number);
        return lse(row) - row[c]!;
      }),
    );
  },
  ulps: 16,
  grad: {},
});
cases.push({
  name: "composite_softmax_cross_entropy_probabilities",
  ops: ["reduce", "multiply"],
  inputs: [
    LOGITS,
    lanes(sample([3, 5], 0.1, 1, 33), 1, (v) => v.map((a) => a / v.reduce((s, b) => s + b, 0))),
  ],
  build: (x, p) => tm.softmaxCrossEntropy(x!, p!),
  expected: (x, p) =>
    Tensor.fromValues(
      F,
      [3],
      [0, 1, 2].map((i) => {
        const row = [0, 1, 2, 3, 4].map((k) => x!.get(i, k) as number);
        return -row.reduce((s, a, k) => s + (p!.get(i, k) as number) * (a - lse(row)), 0);
      }),
    ),
  ulps: 64,
  grad: {},
});
// ------------------------------------------------------------------ statistics and norms

const STAT_X = sample([3, 4], -2, 2, 34);
const colMean = (t: Tensor) =>
  [0, 1, 2, 3].map((j) => [0, 1, 2].reduce((s, i) => s + (t.get(i, j) as number), 0) / 3);
cases.push({
  name: "composite_mean_variance_std",
  ops: ["reduce", "divide", "sqrt"],
  inputs: [STAT_X],
  build: (x) => [tm.mean(x!, [0]), tm.variance(x!, [0]), tm.std(x!, [0], { ddof: 1 }), tm.mean(x!)],
  expected: (x) => {
    const m = colMean(x!);
    const v = m.map((mu, j) => [0, 1, 2].reduce((s, i) => s + ((x!.get(i, j) as number) - mu) ** 2, 0));
    const all = [...x!.toFloat64Array()].reduce((s, a) => s + a, 0) / 12;
    return [
      Tensor.fromValues(F, [4], m),
      Tensor.fromValues(
        F,
        [4],
        v.map((s) => s / 3),
      ),
      Tensor.fromValues(
        F,
        [4],
        v.map((s) => Math.sqrt(s / 2)),
      ),
      Tensor.fromValues(F, [], [all]),
    ];
  },
  ulps: 16,
  grad: {},
});
cases.push({
  name: "composite_l2_norm_global_norm",
  ops: ["reduce", "sqrt"],
  inputs: [STAT_X, sample([5], -1, 1, 35)],
  build: (x, y) => [tm.l2Norm(x!, [1], { keepDims: true }), tm.globalNorm([x!, y!])],
  expected: (x, y) => {
    const rows = [0, 1, 2].map((i) =>
      Math.sqrt([0, 1, 2, 3].reduce((s, j) => s + (x!.get(i, j) as number) ** 2, 0)),
    );
    const all = [...x!.toFloat64Array(), ...y!.toFloat64Array()].reduce((s, a) => s + a * a, 0);
    return [Tensor.fromValues(F, [3, 1], rows), Tensor.fromValues(F, [], [Math.sqrt(all)])];
  },
  ulps: 16,
  grad: {},
});

// ------------------------------------------------------------------ einsum

const EINSUM: [string, number[][]][] = [
  [
    "ij,jk->ik",
    [
      [2, 3],
      [3, 4],
    ],
  ],
  [
    "bhqd,bhkd->bhqk",
    [
      [2, 2, 3, 4],
      [2, 2, 5, 4],
    ],
  ],
  ["ij->ji", [[2, 3]]],
  ["ijk->j", [[2, 3, 4]]],
  ["i,j->ij", [[3], [2]]],
  [
    "bij,bj->bi",
    [
      [2, 3, 4],
      [2, 4],
    ],
  ],
  [
    "ij,kj",
    [
      [2, 3],
      [4, 3],
    ],
  ],
  [
    "abc,cd->dab",
    [
      [2, 3, 4],
      [4, 2],
    ],
  ],
  [
    "ik,jk->j",
    [
      [2, 3],
      [4, 3],
    ],
  ],
  [
    "...ij,...jk->...ik",
    [
      [2, 2, 3],
      [2, 3, 4],
    ],
  ],
  [
    "...ij,jk",
    [
      [2, 2, 3],
      [3, 4],
    ],
  ],
  ["b...d->b", [[2, 3, 2, 2]]],
];
/** einsum by brute force over every letter assignment. */
function einsumRef(spec0: string, xs: Tensor[]): Tensor {
  // "..." becomes capital letters aligned at the right (the specs here use no capitals).
  const terms = spec0.split("->")[0]!.split(",");
  const counts = terms.map((t, i) => (t.includes("...") ? xs[i]!.rank - (t.length - 3) : 0));
  const ell = Math.max(0, ...counts);
  const caps = (c: number) => "ABCDEFGH".slice(ell - c, ell);
  let spec = terms.map((t, i) => t.replace("...", caps(counts[i]!))).join(",");
  const outPart = spec0.split("->")[1];
  if (outPart !== undefined) spec += `->${outPart.replace("...", caps(ell))}`;
  else if (ell > 0) {
    const all = spec.replace(/,/g, "");
    const once = [...new Set(all)].filter((c) => /[a-z]/.test(c) && all.indexOf(c) === all.lastIndexOf(c));
    spec += `->${caps(ell)}${once.sort().join("")}`;
  }
  const [lhs, outSpec] = spec.split("->");
  const ins = lhs!.split(",");
  const all = ins.join("");
  const out =
    outSpec ??
    [...new Set(all)]
      .filter((c) => all.indexOf(c) === all.lastIndexOf(c))
      .sort()
      .join("");
  const size = new Map<string, number>();
  ins.forEach((s, i) => {
    [...s].forEach((c, k) => {
      size.set(c, xs[i]!.shape.dims[k]!);
    });
  });
  const letters = [...size.keys()];
  const outDims = [...out].map((c) => size.get(c)!);
  const acc = new Array<number>(outDims.reduce((a, b) => a * b, 1)).fill(0);
  const total = letters.reduce((a, c) => a * size.get(c)!, 1);
  for (let n = 0; n < total; n++) {
    const idx = unravel(
      n,
      letters.map((c) => size.get(c)!),
    );
    const at = (c: string) => idx[letters.indexOf(c)]!;
    let p = 1;
    ins.forEach((s, i) => {
      p *= xs[i]!.get(...[...s].map(at)) as number;
    });
    acc[ravel([...out].map(at), outDims)]! += p;
  }
  return Tensor.fromValues(F, outDims, acc);
}
EINSUM.forEach(([spec, shapes], n) => {
  cases.push({
    name: `composite_einsum_${spec
      .replace(/,/g, "_")
      .replace("->", "_to_")
      .replace(/\.\.\./g, "E")}`,
    ops: ["dot_general"],
    inputs: shapes.map((s, i) => sample(s, -1, 1, 40 + n * 3 + i)),
    build: (...xs) => tm.einsum(spec, ...(xs as Node[])),
    expected: (...xs) => einsumRef(spec, xs),
    ulps: 64,
    grad: {},
  });
});

// ------------------------------------------------------------------ array manipulation

const A = sample([2, 3], -1, 1, 60);
const B = sample([2, 3], -1, 1, 61);
cases.push({
  name: "composite_where_broadcast",
  ops: ["select", "broadcast_in_dim"],
  inputs: [Tensor.fromValues("bool", [3], [true, false, true]), A, sample([2, 1], -1, 1, 62)],
  build: (c, a, b) => tm.where(c!, a!, b!),
  expected: (c, a, b) => map(F, [bcast(c!, [2, 3]), a!, bcast(b!, [2, 3])], (p, u, v) => (p ? u : v)),
  grad: {},
});
cases.push({
  name: "composite_stack_split_expand_squeeze",
  ops: ["concatenate", "slice", "reshape"],
  inputs: [A, B],
  build: (a, b) => {
    const s = tm.stack([a!, b!], 1); // [2,2,3]
    const [p, q] = tm.split(s, 2, 1); // [2,1,3] each
    const [r0, r1] = tm.split(a!, [1, 2], -1);
    return [s, tm.squeeze(p!), tm.mul(tm.squeeze(q!, [1]), 2), tm.expandDims(r1!, 0), r0!];
  },
  expected: (a, b) => {
    const s = generate(F, [2, 2, 3], (i) => (i[1] === 0 ? a! : b!).get(i[0]!, i[2]!) as number);
    return [
      s,
      a!,
      map(F, [b!], (v) => 2 * (v as number)),
      Tensor.fromValues(F, [1, 2, 2], sliceRef(a!, [0, 1], [2, 3], [1, 1]).values()),
      sliceRef(a!, [0, 0], [2, 1], [1, 1]),
    ];
  },
  grad: {},
});
cases.push({
  name: "composite_flatten_repeat_tile",
  ops: ["reshape", "broadcast_in_dim"],
  inputs: [sample([2, 3, 2], -1, 1, 63)],
  build: (x) => [tm.flatten(x!, 1), tm.repeat(x!, 2, 1), tm.tile(x!, [2, 1, 3]), tm.tile(x!, [2])],
  expected: (x) => {
    const d = x!.shape.dims;
    return [
      Tensor.fromValues(F, [2, 6], x!.values()),
      generate(F, [2, 6, 2], (i) => x!.get(i[0]!, Math.floor(i[1]! / 2), i[2]!) as number),
      generate(F, [4, 3, 6], (i) => x!.get(i[0]! % d[0]!, i[1]! % d[1]!, i[2]! % d[2]!) as number),
      generate(F, [2, 3, 4], (i) => x!.get(i[0]!, i[1]!, i[2]! % d[2]!) as number),
    ];
  },
  grad: {},
});
cases.push({
  name: "composite_concat_transposed_matmul",
  ops: ["concatenate", "dot_general", "transpose"],
  inputs: [A, B],
  build: (a, b) => tm.matmul(tm.concatenate([a!, b!], 0), tm.transpose(a!)),
  expected: (a, b) => dotRef(concatRef([a!, b!], 0), transposeRef(a!, [1, 0]), [], [], [1], [0]),
  ulps: 64,
  grad: {},
});

/** The composite rows of the op table. */
export const COMPOSITE_CASES: readonly OpCase[] = cases;
