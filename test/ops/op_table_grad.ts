/**
 * Op-table rows whose main purpose is the gradient column: every differentiable primitive at
 * smooth float64 points, at several shapes, including broadcasting. Each row is still a full
 * row (values against the reference, golden lowering) and adds a gradient check.
 */
import type { DType } from "../../src/core/dtype.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import type { OpCase } from "./op_table.js";
import {
  argRef,
  bcast,
  bcastDims,
  broadcastInDimRef,
  concatRef,
  dotRef,
  generate,
  map,
  padRef,
  type Ref,
  reduceRef,
  roundAfz,
  roundHalfEven,
  sliceRef,
  transposeRef,
} from "./reference.js";

const cases: OpCase[] = [];
const F = "f64" as DType;

/** Smooth sample values in [lo, hi], deterministic, distinct and away from ties. */
function sample(dims: readonly number[], lo = -1.5, hi = 1.5, k = 0): Tensor {
  let i = 0;
  return generate(F, dims, () => {
    const u = (Math.sin(++i * 12.9898 + k * 78.233) * 43758.5453) % 1;
    return lo + (hi - lo) * Math.abs(u);
  });
}

// ------------------------------------------------------------------ unary

const UNARY: {
  name: string;
  op: string;
  fn: (x: Node) => Node;
  f: (x: number) => number;
  lo: number;
  hi: number;
}[] = [
  { name: "neg", op: "negate", fn: tm.neg, f: (x) => -x, lo: -2, hi: 2 },
  { name: "abs", op: "abs", fn: tm.abs, f: Math.abs, lo: -2, hi: 2 },
  { name: "sign", op: "sign", fn: tm.sign, f: Math.sign, lo: -2, hi: 2 },
  { name: "exp", op: "exponential", fn: tm.exp, f: Math.exp, lo: -2, hi: 2 },
  { name: "expm1", op: "exponential_minus_one", fn: tm.expm1, f: Math.expm1, lo: -2, hi: 2 },
  { name: "log", op: "log", fn: tm.log, f: Math.log, lo: 0.2, hi: 3 },
  { name: "log1p", op: "log_plus_one", fn: tm.log1p, f: Math.log1p, lo: -0.8, hi: 3 },
  { name: "sqrt", op: "sqrt", fn: tm.sqrt, f: Math.sqrt, lo: 0.2, hi: 3 },
  { name: "rsqrt", op: "rsqrt", fn: tm.rsqrt, f: (x) => 1 / Math.sqrt(x), lo: 0.2, hi: 3 },
  { name: "tanh", op: "tanh", fn: tm.tanh, f: Math.tanh, lo: -2, hi: 2 },
  { name: "logistic", op: "logistic", fn: tm.logistic, f: (x) => 1 / (1 + Math.exp(-x)), lo: -3, hi: 3 },
  { name: "sin", op: "sine", fn: tm.sin, f: Math.sin, lo: -3, hi: 3 },
  { name: "cos", op: "cosine", fn: tm.cos, f: Math.cos, lo: -3, hi: 3 },
  { name: "floor", op: "floor", fn: tm.floor, f: Math.floor, lo: 0.1, hi: 0.9 },
  { name: "ceil", op: "ceil", fn: tm.ceil, f: Math.ceil, lo: 1.1, hi: 1.9 },
  { name: "round", op: "round_nearest_afz", fn: tm.round, f: roundAfz, lo: -0.4, hi: 0.4 },
  { name: "roundEven", op: "round_nearest_even", fn: tm.roundEven, f: roundHalfEven, lo: 2.1, hi: 2.4 },
];
for (const u of UNARY) {
  cases.push({
    name: `grad_${u.name}_f64_2x3`,
    ops: [u.op],
    inputs: [sample([2, 3], u.lo, u.hi, 1)],
    build: (x) => u.fn(x!),
    expected: (x) => map(F, [x!], (v) => u.f(v as number)),
    ulps: 4,
    grad: {},
  });
  cases.push({
    name: `grad_${u.name}_f64_scalar`,
    ops: [u.op],
    inputs: [sample([], u.lo, u.hi, 2)],
    build: (x) => u.fn(x!),
    expected: (x) => map(F, [x!], (v) => u.f(v as number)),
    ulps: 4,
    grad: {},
  });
}

// ------------------------------------------------------------------ binary, with broadcasting

const BINARY: {
  name: string;
  op: string;
  fn: (a: tm.Operand, b: tm.Operand) => Node;
  f: (a: number, b: number) => number;
  a: [number, number];
  b: [number, number];
}[] = [
  { name: "add", op: "add", fn: tm.add, f: (a, b) => a + b, a: [-2, 2], b: [-2, 2] },
  { name: "sub", op: "subtract", fn: tm.sub, f: (a, b) => a - b, a: [-2, 2], b: [-2, 2] },
  { name: "mul", op: "multiply", fn: tm.mul, f: (a, b) => a * b, a: [-2, 2], b: [-2, 2] },
  { name: "div", op: "divide", fn: tm.div, f: (a, b) => a / b, a: [-2, 2], b: [0.5, 2] },
  { name: "rem", op: "remainder", fn: tm.rem, f: (a, b) => a % b, a: [2.1, 2.9], b: [1.05, 1.4] },
  { name: "pow", op: "power", fn: tm.pow, f: Math.pow, a: [0.3, 2], b: [-1.5, 2.5] },
  { name: "max", op: "maximum", fn: tm.max, f: Math.max, a: [-2, 2], b: [-2, 2] },
  { name: "min", op: "minimum", fn: tm.min, f: Math.min, a: [-2, 2], b: [-2, 2] },
];
const SHAPES: [string, number[], number[]][] = [
  ["2x3", [2, 3], [2, 3]],
  ["2x3_bcast_3", [2, 3], [3]],
  ["2x1_bcast_1x4", [2, 1], [1, 4]],
  ["scalar_bcast_3x2", [], [3, 2]],
];
for (const b of BINARY) {
  for (const [label, da, db] of SHAPES) {
    const out = bcastDims([da, db]);
    cases.push({
      name: `grad_${b.name}_f64_${label}`,
      ops: [b.op],
      inputs: [sample(da, b.a[0], b.a[1], 2), sample(db, b.b[0], b.b[1], 3)],
      build: (x, y) => b.fn(x!, y!),
      expected: (x, y) => map(F, [bcast(x!, out), bcast(y!, out)], (u, v) => b.f(u as number, v as number)),
      ulps: 4,
      grad: {},
    });
  }
}

cases.push({
  name: "grad_max_min_ties_split_evenly",
  ops: ["maximum", "minimum"],
  inputs: [Tensor.fromValues(F, [3], [1, 2, 3]), Tensor.fromValues(F, [3], [1, 5, 3])],
  build: (x, y) => [tm.max(x!, y!), tm.min(x!, y!)],
  expected: (x, y) => [
    map(F, [x!, y!], (u, v) => Math.max(u as number, v as number)),
    map(F, [x!, y!], (u, v) => Math.min(u as number, v as number)),
  ],
});

// ------------------------------------------------------------------ select, clamp

cases.push({
  name: "grad_select_f64_bcast",
  ops: ["select"],
  inputs: [
    Tensor.fromValues("bool", [2, 3], [true, false, true, false, false, true]),
    sample([2, 3], -1, 1, 4),
    sample([3], -1, 1, 5),
  ],
  build: (p, t, f) => tm.select(p!, t!, f!),
  expected: (p, t, f) => map(F, [p!, t!, bcast(f!, [2, 3])], (c, u, v) => (c ? u : v)),
  grad: {},
});
cases.push({
  name: "grad_clamp_f64_bcast_bounds",
  ops: ["clamp"],
  inputs: [
    Tensor.fromValues(F, [3], [-0.5, 0.05, -1.1]),
    sample([2, 3], -1.4, 1.4, 6),
    Tensor.fromValues(F, [], [0.45]),
  ],
  build: (lo, x, hi) => tm.clamp(lo!, x!, hi!),
  expected: (lo, x, hi) =>
    map(F, [bcast(lo!, [2, 3]), x!, bcast(hi!, [2, 3])], (l, v, h) =>
      Math.min(Math.max(v as number, l as number), h as number),
    ),
  grad: {},
});

// ------------------------------------------------------------------ convert

cases.push({
  name: "grad_convert_f32_f64",
  ops: ["convert"],
  inputs: [sample([2, 2], -1, 1, 7)],
  build: (x) => tm.convert(tm.mul(tm.convert(x!, "f32"), 2), "f64"),
  expected: (x) => map(F, [x!], (v) => 2 * Math.fround(v as number)),
  grad: { rtol: 1e-3, eps: 1e-3 },
});

// ------------------------------------------------------------------ shape ops

cases.push({
  name: "grad_broadcast_in_dim_permuted",
  ops: ["broadcast_in_dim"],
  inputs: [sample([3, 1], -1, 1, 8)],
  build: (x) => tm.broadcastInDim(x!, [2, 4, 3], [2, 0]),
  expected: (x) => broadcastInDimRef(x!, [2, 4, 3], [2, 0]),
  grad: {},
});
cases.push({
  name: "grad_reshape_transpose_3d",
  ops: ["reshape", "transpose"],
  inputs: [sample([2, 6], -1, 1, 9)],
  build: (x) => tm.transpose(tm.reshape(x!, [2, 3, 2]), [2, 0, 1]),
  expected: (x) => transposeRef(Tensor.fromValues(F, [2, 3, 2], x!.values()), [2, 0, 1]),
  grad: {},
});
cases.push({
  name: "grad_slice_strided",
  ops: ["slice"],
  inputs: [sample([4, 5], -1, 1, 10)],
  build: (x) => tm.slice(x!, [1, 0], [4, 5], [2, 3]),
  expected: (x) => sliceRef(x!, [1, 0], [4, 5], [2, 3]),
  grad: {},
});
cases.push({
  name: "grad_concatenate_3_operands",
  ops: ["concatenate"],
  inputs: [sample([2, 1], -1, 1, 11), sample([2, 3], -1, 1, 12), sample([2, 2], -1, 1, 13)],
  build: (a, b, c) => tm.concatenate([a!, b!, c!], 1),
  expected: (a, b, c) => concatRef([a!, b!, c!], 1),
  grad: {},
});
cases.push({
  name: "grad_pad_edge_interior_negative_value",
  ops: ["pad"],
  inputs: [sample([3, 4], -1, 1, 14), Tensor.fromValues(F, [], [0.25])],
  build: (x, v) => tm.pad(x!, v!, [1, -1], [-1, 2], [1, 2]),
  expected: (x, v) => padRef(x!, v!.values()[0]!, [1, -1], [-1, 2], [1, 2]),
  grad: {},
});

// ------------------------------------------------------------------ reduce

const fsum = (a: Ref, b: Ref): Ref => (a as number) + (b as number);
const fprod = (a: Ref, b: Ref): Ref => (a as number) * (b as number);
const fmax = (a: Ref, b: Ref): Ref => Math.max(a as number, b as number);
const fmin = (a: Ref, b: Ref): Ref => Math.min(a as number, b as number);
cases.push({
  name: "grad_reduce_sum_prod_axes",
  ops: ["reduce"],
  inputs: [sample([2, 3, 4], -1.2, 1.2, 15)],
  build: (x) => [tm.reduceSum(x!, [0, 2]), tm.reduceProd(x!, [1]), tm.reduceProd(x!)],
  expected: (x) => [
    reduceRef(x!, [0, 2], 0, fsum),
    reduceRef(x!, [1], 1, fprod),
    reduceRef(x!, [0, 1, 2], 1, fprod),
  ],
  ulps: 64,
  grad: {},
});
cases.push({
  name: "grad_reduce_prod_with_zero",
  ops: ["reduce"],
  inputs: [Tensor.fromValues(F, [2, 3], [0.5, 0, 2, 0, 0, 1.5])],
  build: (x) => tm.reduceProd(x!, [1]),
  expected: (x) => reduceRef(x!, [1], 1, fprod),
  grad: {},
});
cases.push({
  name: "grad_reduce_max_min",
  ops: ["reduce"],
  inputs: [sample([3, 4], -2, 2, 16)],
  build: (x) => [tm.reduceMax(x!, [1]), tm.reduceMin(x!, [0]), tm.reduceMax(x!)],
  expected: (x) => [
    reduceRef(x!, [1], Number.NEGATIVE_INFINITY, fmax),
    reduceRef(x!, [0], Number.POSITIVE_INFINITY, fmin),
    reduceRef(x!, [0, 1], Number.NEGATIVE_INFINITY, fmax),
  ],
  grad: {},
});
cases.push({
  name: "grad_argmax_values",
  ops: ["reduce"],
  inputs: [sample([3, 4], -2, 2, 17)],
  build: (x) => tm.maxWithIndex(x!, 1),
  expected: (x) => argRef(x!, 1, "max", "i32"),
  grad: {},
});

// ------------------------------------------------------------------ dot_general

cases.push({
  name: "grad_dot_general_batch_layouts",
  ops: ["dot_general"],
  inputs: [sample([3, 2, 4], -1, 1, 18), sample([4, 2, 5], -1, 1, 19)],
  build: (a, b) =>
    tm.dotGeneral(a!, b!, { lhsBatch: [1], rhsBatch: [1], lhsContracting: [2], rhsContracting: [0] }),
  expected: (a, b) => dotRef(a!, b!, [1], [1], [2], [0]),
  ulps: 64,
  grad: {},
});
cases.push({
  name: "grad_dot_general_two_contracting_dims",
  ops: ["dot_general"],
  inputs: [sample([2, 3, 4], -1, 1, 20), sample([4, 5, 3], -1, 1, 21)],
  build: (a, b) => tm.dotGeneral(a!, b!, { lhsContracting: [2, 1], rhsContracting: [0, 2] }),
  expected: (a, b) => dotRef(a!, b!, [], [], [2, 1], [0, 2]),
  ulps: 64,
  grad: {},
});
cases.push({
  name: "grad_matmul_broadcast_batch",
  ops: ["dot_general", "broadcast_in_dim"],
  inputs: [sample([2, 1, 3, 4], -1, 1, 22), sample([3, 4, 2], -1, 1, 23)],
  build: (a, b) => tm.matmul(a!, b!),
  expected: (a, b) => {
    const A = bcast(a!, [2, 3, 3, 4]);
    const B = bcast(b!, [2, 3, 4, 2]);
    return dotRef(A, B, [0, 1], [0, 1], [3], [2]);
  },
  ulps: 64,
  grad: {},
});

/** The gradient rows of the op table. */
export const GRAD_CASES: readonly OpCase[] = cases;
