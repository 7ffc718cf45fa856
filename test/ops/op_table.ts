/**
 * The op test table: one row per case, each with host inputs, a graph-building function, a
 * plain-TypeScript reference and a tolerance. Three test files run it: the lowering against
 * golden files (op_table_golden.test.ts), the golden files through mlir-opt-19
 * (op_table_mlir.test.ts), and values through `exec` on the PJRT plugin in use
 * (op_table_exec.test.ts; TSMLX_PJRT_PLUGIN picks another plugin, unchanged).
 *
 * A row needs nothing but its inputs, its build function and its reference, so a later
 * gradient check can run over the same rows (float inputs, central differences).
 */
import { type DType, isFloat } from "../../src/core/dtype.js";
import type { NestedValues } from "../../src/core/tensor.js";
import { Tensor, tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import * as lax from "../../src/ops/lax.js";
import { type ConvRefOptions, convRef, reduceWindowRef, type WindowRefOptions } from "./conv_reference.js";
import { COMPOSITE_CASES } from "./op_table_composite.js";
import { GRAD_CASES } from "./op_table_grad.js";
import { INDEXING_CASES } from "./op_table_indexing.js";
import {
  argRef,
  bcast,
  broadcastInDimRef,
  concatRef,
  cPow,
  dotRef,
  f32,
  floatToInt,
  fmaxNaN,
  fminNaN,
  fsign,
  generate,
  intDiv,
  intPow,
  intRange,
  intRem,
  map,
  padRef,
  type Ref,
  reduceRef,
  roundAfz,
  roundHalfEven,
  sliceRef,
  transposeRef,
} from "./reference.js";

/** One row of the op table. */
export interface OpCase {
  /** Unique name; the golden file is golden/<name>.mlir. */
  readonly name: string;
  /** The StableHLO ops the case exercises (for the coverage summary). */
  readonly ops: readonly string[];
  /** Host inputs; each becomes a parameter of its dtype and shape, in order. */
  readonly inputs: readonly Tensor[];
  /** Builds the outputs from the parameter nodes. */
  readonly build: (...xs: Node[]) => Node | readonly Node[];
  /** The expected outputs from the host inputs, in plain TypeScript. */
  readonly expected: (...xs: Tensor[]) => Tensor | readonly Tensor[];
  /** Allowed difference in units in the last place of the output dtype; 0 (default) is exact. */
  readonly ulps?: number;
  /**
   * Allowed ulps when the table runs on another plugin (TSMLX_PJRT_PLUGIN=cuda or a path), where
   * this row's own `ulps` is tighter: XLA's GPU backend divides and takes square roots with
   * approximations within 1–2 ulp, while the bundled plugin is IEEE-exact.
   */
  readonly ulpsElsewhere?: number;
  /**
   * Set on rows whose behaviour only the bundled plugin provides, with the reason; other
   * plugins skip them. XLA's GPU backend has no integer convolution (cuDNN) and skips a whole
   * scatter window when part of it is out of bounds, where the spec skips element by element.
   */
  readonly bundledOnly?: string;
  /**
   * Gradient check of this row (test/autodiff/grad_table.test.ts): `build` is rebuilt with
   * float64 parameters and its reverse-mode gradient compared with central differences.
   */
  readonly grad?: GradSpec;
}

/** The gradient column of an op-table row. */
export interface GradSpec {
  /** Points to check at (default: the row's inputs); float inputs are converted to f64. */
  readonly inputs?: readonly Tensor[];
  /** Input indices to differentiate (default: every float input). */
  readonly wrt?: readonly number[];
  readonly rtol?: number;
  readonly atol?: number;
  readonly eps?: number;
}

const cases: OpCase[] = [];
const add = (c: OpCase) => {
  if (cases.some((k) => k.name === c.name)) throw new Error(`duplicate op case ${c.name}`);
  cases.push(c);
};
const T = (v: NestedValues, d: DType) => tensor(v, d);
const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

// ------------------------------------------------------------------ sample values

const FLOAT_A = [1.5, -2, 0, -0, NaN_, Inf, -Inf, 3, 1e30, 7, -7.25, 0.1];
const FLOAT_B = [2.5, 3, 0, 5, 1, Inf, 2, -0, 1e10, -2, 2, 0.3];
const HALF_A = [1.5, -2, 0, -0, NaN_, Inf, -Inf, 3, 60000, 7, -7.25, 0.1];
const HALF_B = [2.5, 3, 0, 5, 1, Inf, 2, -0, 2, -2, 2, 0.3];

function intPairs(d: DType): [NestedValues, NestedValues] {
  const [lo, hi] = intRange(d);
  const big = d === "i64" || d === "u64";
  const v = (x: bigint) => (big ? x : Number(x));
  if (d.startsWith("u")) {
    return [[hi, 0n, 7n, hi - 1n, 5n, 13n, 200n, 0n].map(v), [1n, 1n, 0n, 2n, 0n, 5n, 100n, 3n].map(v)];
  }
  return [
    [hi, lo, lo, 7n, -7n, 7n, -7n, 0n, 5n, -3n, lo, 100n].map(v),
    [1n, -1n, 0n, 2n, 2n, -2n, -2n, 0n, 0n, 3n, 1n, 100n].map(v),
  ];
}

const FLOATS: DType[] = ["f32", "f64", "f16", "bf16"];
const INTS: DType[] = ["i8", "i16", "i32", "i64", "u8", "u32", "u64"];

// ------------------------------------------------------------------ binary arithmetic

/** Larger of two bigints (Math.max does not take bigints). */
function bigMax(a: bigint, b: bigint): bigint {
  return b > a ? b : a;
}
/** Smaller of two bigints. */
function bigMin(a: bigint, b: bigint): bigint {
  return b < a ? b : a;
}

type FloatFn = (a: number, b: number) => number;
type IntFn = (d: DType, a: bigint, b: bigint) => bigint;

const BINARY: {
  name: string;
  op: string;
  fn: (a: tm.Operand, b: tm.Operand) => Node;
  float: FloatFn;
  int: IntFn;
  ulps?: number;
  ulpsElsewhere?: number;
}[] = [
  { name: "add", op: "add", fn: tm.add, float: (a, b) => a + b, int: (_d, a, b) => a + b },
  { name: "sub", op: "subtract", fn: tm.sub, float: (a, b) => a - b, int: (_d, a, b) => a - b },
  { name: "mul", op: "multiply", fn: tm.mul, float: (a, b) => a * b, int: (_d, a, b) => a * b },
  {
    name: "div",
    op: "divide",
    fn: tm.div,
    float: (a, b) => a / b,
    int: (_d, a, b) => intDiv(a, b),
    ulpsElsewhere: 2,
  },
  { name: "rem", op: "remainder", fn: tm.rem, float: (a, b) => a % b, int: (_d, a, b) => intRem(a, b) },
  { name: "max", op: "maximum", fn: tm.max, float: fmaxNaN, int: (_d, a, b) => bigMax(a, b) },
  { name: "min", op: "minimum", fn: tm.min, float: fminNaN, int: (_d, a, b) => bigMin(a, b) },
];

for (const b of BINARY) {
  for (const d of [...FLOATS, ...INTS]) {
    const float = FLOATS.includes(d);
    const [x, y] = float
      ? d === "f16" || d === "bf16"
        ? [HALF_A, HALF_B]
        : [FLOAT_A, FLOAT_B]
      : intPairs(d);
    add({
      name: `${b.name}_${d}`,
      ops: [b.op],
      inputs: [T(x, d), T(y, d)],
      build: (p, q) => b.fn(p!, q!),
      expected: (p, q) =>
        map(d, [p!, q!], (u, v) =>
          float ? f32Maybe(d, b.float(u as number, v as number)) : b.int(d, u as bigint, v as bigint),
        ),
      ...(b.ulpsElsewhere ? { ulpsElsewhere: b.ulpsElsewhere } : {}),
    });
  }
}

/** Rounds through f32 first for f16/bf16 (the engine computes them in f32). */
function f32Maybe(d: DType, v: number): number {
  return d === "f16" || d === "bf16" ? f32(v) : v;
}

// pow has its own operands: special cases of IEEE pow, and integer exponents.
const POW_FA = [2, -2, 0, -0, NaN_, 1, -1, Inf, 0.5, 4, -8, 10];
const POW_FB = [3, 0.5, -1, -1, 0, NaN_, Inf, -1, 2, 0.5, 1 / 3, -2];
for (const d of FLOATS) {
  add({
    name: `pow_${d}`,
    ops: ["power"],
    inputs: [T(POW_FA, d), T(POW_FB, d)],
    build: (p, q) => tm.pow(p!, q!),
    expected: (p, q) => map(d, [p!, q!], (u, v) => f32Maybe(d, cPow(u as number, v as number))),
    ulps: d === "f16" || d === "bf16" ? 1 : 2,
  });
}
for (const d of ["i8", "i32", "i64"] as DType[]) {
  const big = d === "i64";
  const v = (xs: number[]) => xs.map((x) => (big ? BigInt(x) : x));
  add({
    name: `pow_${d}`,
    ops: ["power"],
    inputs: [
      T(v([2, -2, 1, -1, -1, 0, 3, 2, 5, 0, 3, -3]), d),
      T(v([10, 3, -5, -3, -4, 0, -1, 31, 0, 3, 40, 5]), d),
    ],
    build: (p, q) => tm.pow(p!, q!),
    expected: (p, q) => map(d, [p!, q!], (a, b) => intPow(d, a as bigint, b as bigint)),
  });
}
for (const d of ["u8", "u32", "u64"] as DType[]) {
  const big = d === "u64";
  const v = (xs: number[]) => xs.map((x) => (big ? BigInt(x) : x));
  add({
    name: `pow_${d}`,
    ops: ["power"],
    inputs: [T(v([2, 3, 0, 255, 1, 7]), d), T(v([7, 3, 0, 2, 100, 13]), d)],
    build: (p, q) => tm.pow(p!, q!),
    expected: (p, q) => map(d, [p!, q!], (a, b) => intPow(d, a as bigint, b as bigint)),
  });
}

// ------------------------------------------------------------------ logical binary

const LOGICAL: {
  name: string;
  fn: (a: tm.Operand, b: tm.Operand) => Node;
  b: (x: boolean, y: boolean) => boolean;
  i: (x: bigint, y: bigint) => bigint;
}[] = [
  { name: "and", fn: tm.and, b: (x, y) => x && y, i: (x, y) => x & y },
  { name: "or", fn: tm.or, b: (x, y) => x || y, i: (x, y) => x | y },
  { name: "xor", fn: tm.xor, b: (x, y) => x !== y, i: (x, y) => x ^ y },
];
for (const l of LOGICAL) {
  add({
    name: `${l.name}_bool`,
    ops: [l.name],
    inputs: [T([true, true, false, false], "bool"), T([true, false, true, false], "bool")],
    build: (p, q) => l.fn(p!, q!),
    expected: (p, q) => map("bool", [p!, q!], (x, y) => l.b(x as boolean, y as boolean)),
  });
  for (const d of ["i8", "i32", "i64", "u8", "u32", "u64"] as DType[]) {
    const [x, y] = intPairs(d);
    add({
      name: `${l.name}_${d}`,
      ops: [l.name],
      inputs: [T(x, d), T(y, d)],
      build: (p, q) => l.fn(p!, q!),
      expected: (p, q) => map(d, [p!, q!], (u, v) => l.i(u as bigint, v as bigint)),
    });
  }
}

// ------------------------------------------------------------------ broadcasting and JS scalars

add({
  name: "add_f32_broadcast_row_col",
  ops: ["add", "broadcast_in_dim"],
  inputs: [T([[1], [2]], "f32"), T([10, 20, 30], "f32")],
  build: (p, q) => tm.add(p!, q!),
  expected: (p, q) => map("f32", [p!, q!], (a, b) => (a as number) + (b as number)),
});
add({
  name: "mul_i32_scalar_param",
  ops: ["multiply", "broadcast_in_dim"],
  inputs: [
    T(
      [
        [1, -2, 3],
        [4, 5, -6],
      ],
      "i32",
    ),
    T(-3, "i32"),
  ],
  build: (p, q) => tm.mul(p!, q!),
  expected: (p, q) => map("i32", [p!, q!], (a, b) => (a as bigint) * (b as bigint)),
});
add({
  name: "sub_f32_empty_broadcast",
  ops: ["subtract", "broadcast_in_dim"],
  inputs: [Tensor.zeros("f32", [0, 3]), T([1, 2, 3], "f32")],
  build: (p, q) => tm.sub(p!, q!),
  expected: (p, q) => map("f32", [p!, q!], (a, b) => (a as number) - (b as number)),
});
add({
  name: "add_f32_size1_dims",
  ops: ["add", "broadcast_in_dim"],
  inputs: [T([5], "f32"), T([[1], [2], [3], [4]], "f32")],
  build: (p, q) => tm.add(p!, q!),
  expected: (p, q) => map("f32", [p!, q!], (a, b) => (a as number) + (b as number)),
});
add({
  name: "add_u8_js_number_wraps",
  ops: ["add", "constant", "broadcast_in_dim"],
  inputs: [T([0, 1, 254, 255], "u8")],
  build: (p) => tm.add(p!, 1),
  expected: (p) => map("u8", [p!], (a) => (a as bigint) + 1n),
});
add({
  name: "mul_bf16_js_number",
  ops: ["multiply", "constant", "broadcast_in_dim"],
  inputs: [T([1, 2.5, -3, 100], "bf16")],
  build: (p) => tm.mul(p!, 0.5),
  expected: (p) => map("bf16", [p!], (a) => (a as number) * 0.5),
});
add({
  name: "sub_i64_bigint_scalar_first",
  ops: ["subtract", "constant", "broadcast_in_dim"],
  inputs: [T([1n, -5n, 2n ** 62n], "i64")],
  build: (p) => tm.sub(-(2n ** 63n), p!),
  expected: (p) => map("i64", [p!], (a) => -(2n ** 63n) - (a as bigint)),
});

// ------------------------------------------------------------------ unary

const UNARY_F = [0, -0, 1, -1, 0.5, -2.5, 2.5, 3.7, -3.7, 10, NaN_, Inf, -Inf, 1e-8, 100, 1.5];
type UnaryDef = {
  name: string;
  op: string;
  fn: (x: Node) => Node;
  f: (x: number) => number;
  ulps: number;
  ulpsElsewhere?: number;
};
const UNARY_FLOAT: UnaryDef[] = [
  { name: "neg", op: "negate", fn: tm.neg, f: (x) => -x, ulps: 0 },
  { name: "abs", op: "abs", fn: tm.abs, f: Math.abs, ulps: 0 },
  { name: "sign", op: "sign", fn: tm.sign, f: fsign, ulps: 0 },
  { name: "exp", op: "exponential", fn: tm.exp, f: Math.exp, ulps: 2 },
  { name: "expm1", op: "exponential_minus_one", fn: tm.expm1, f: Math.expm1, ulps: 2 },
  { name: "log", op: "log", fn: tm.log, f: Math.log, ulps: 2 },
  { name: "log1p", op: "log_plus_one", fn: tm.log1p, f: Math.log1p, ulps: 2 },
  { name: "sqrt", op: "sqrt", fn: tm.sqrt, f: Math.sqrt, ulps: 0, ulpsElsewhere: 2 },
  { name: "rsqrt", op: "rsqrt", fn: tm.rsqrt, f: (x) => 1 / Math.sqrt(x), ulps: 2 },
  { name: "tanh", op: "tanh", fn: tm.tanh, f: Math.tanh, ulps: 2 },
  { name: "logistic", op: "logistic", fn: tm.logistic, f: (x) => 1 / (1 + Math.exp(-x)), ulps: 2 },
  { name: "sin", op: "sine", fn: tm.sin, f: Math.sin, ulps: 2 },
  { name: "cos", op: "cosine", fn: tm.cos, f: Math.cos, ulps: 2 },
  { name: "floor", op: "floor", fn: tm.floor, f: Math.floor, ulps: 0 },
  { name: "ceil", op: "ceil", fn: tm.ceil, f: Math.ceil, ulps: 0 },
  { name: "round", op: "round_nearest_afz", fn: tm.round, f: roundAfz, ulps: 0 },
  { name: "roundEven", op: "round_nearest_even", fn: tm.roundEven, f: roundHalfEven, ulps: 0 },
];
for (const u of UNARY_FLOAT) {
  for (const d of FLOATS) {
    const half = d === "f16" || d === "bf16";
    add({
      name: `${u.name}_${d}`,
      ops: [u.op],
      inputs: [T(UNARY_F, d)],
      build: (p) => u.fn(p!),
      expected: (p) => map(d, [p!], (x) => f32Maybe(d, u.f(x as number))),
      ulps: u.ulps === 0 ? 0 : half ? 1 : u.ulps,
      ...(u.ulpsElsewhere ? { ulpsElsewhere: u.ulpsElsewhere } : {}),
    });
  }
}

const UNARY_INT: {
  name: string;
  op: string;
  fn: (x: Node) => Node;
  f: (x: bigint) => bigint;
  dtypes: DType[];
}[] = [
  { name: "neg", op: "negate", fn: tm.neg, f: (x) => -x, dtypes: ["i8", "i32", "i64", "u8", "u32"] },
  { name: "abs", op: "abs", fn: tm.abs, f: (x) => (x < 0n ? -x : x), dtypes: ["i8", "i16", "i32", "i64"] },
  {
    name: "sign",
    op: "sign",
    fn: tm.sign,
    f: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
    dtypes: ["i8", "i32", "i64"],
  },
  { name: "not", op: "not", fn: tm.not, f: (x) => ~x, dtypes: ["i8", "i32", "i64", "u8", "u32", "u64"] },
];
for (const u of UNARY_INT) {
  for (const d of u.dtypes) {
    add({
      name: `${u.name}_${d}`,
      ops: [u.op],
      inputs: [T(intPairs(d)[0], d)],
      build: (p) => u.fn(p!),
      expected: (p) => map(d, [p!], (x) => u.f(x as bigint)),
    });
  }
}
add({
  name: "not_bool",
  ops: ["not"],
  inputs: [T([true, false, false], "bool")],
  build: (p) => tm.not(p!),
  expected: (p) => map("bool", [p!], (x) => !x),
});

add({
  name: "exp_f32_empty",
  ops: ["exponential"],
  inputs: [Tensor.zeros("f32", [0, 3])],
  build: (p) => tm.exp(p!),
  expected: (p) => map("f32", [p!], (x) => Math.exp(x as number)),
});
add({
  name: "add_i64_empty",
  ops: ["add"],
  inputs: [Tensor.zeros("i64", [2, 0]), Tensor.zeros("i64", [2, 0])],
  build: (p, q) => tm.add(p!, q!),
  expected: (p, q) => map("i64", [p!, q!], (a, b) => (a as bigint) + (b as bigint)),
});
add({
  name: "log_f64_size1_dims",
  ops: ["log"],
  inputs: [T([[[2]]], "f64")],
  build: (p) => tm.log(p!),
  expected: (p) => map("f64", [p!], (x) => Math.log(x as number)),
  ulps: 2,
});

// ------------------------------------------------------------------ compare

const DIRS = ["EQ", "NE", "LT", "LE", "GT", "GE"] as const;
const cmp = (dir: (typeof DIRS)[number], a: Ref, b: Ref): boolean => {
  switch (dir) {
    case "EQ":
      return a === b || (typeof a === "number" && a === b);
    case "NE":
      return !(a === b);
    case "LT":
      return a < b;
    case "LE":
      return a <= b;
    case "GT":
      return a > b;
    case "GE":
      return a >= b;
  }
};
const COMPARE_INPUTS: Record<string, [NestedValues, NestedValues]> = {
  f32: [
    [1, 2, NaN_, 0, -0, Inf, -Inf, NaN_, 3],
    [1, 1, 1, -0, 0, Inf, 5, NaN_, 4],
  ],
  f64: [
    [1, 2, NaN_, 0, -Inf, 0.1],
    [1, 1, 1, -0, 5, 0.1],
  ],
  f16: [
    [1, 2, NaN_, 0, -Inf, 0.1],
    [1, 1, 1, -0, 5, 0.2],
  ],
  bf16: [
    [1, 2, NaN_, 0, -Inf, 0.1],
    [1, 1, 1, -0, 5, 0.2],
  ],
  i32: [
    [1, -2, 3, -2147483648, 2147483647],
    [1, 2, -3, 0, -1],
  ],
  i8: [
    [1, -2, 3, -128, 127],
    [1, 2, -3, 0, -1],
  ],
  i64: [
    [1n, -(2n ** 63n), 5n, 2n ** 63n - 1n],
    [1n, 1n, -5n, -(2n ** 63n)],
  ],
  u8: [
    [1, 200, 3, 0],
    [1, 100, 255, 0],
  ],
  u32: [
    [1, 2147483648, 3, 4294967295],
    [1, 1, 4, 0],
  ],
  u64: [
    [1n, 2n ** 63n, 3n, 2n ** 64n - 1n],
    [1n, 1n, 4n, 0n],
  ],
  bool: [
    [true, true, false, false],
    [true, false, true, false],
  ],
};
for (const [d, [x, y]] of Object.entries(COMPARE_INPUTS)) {
  const dt = d as DType;
  add({
    name: `compare_${d}`,
    ops: ["compare"],
    inputs: [T(x, dt), T(y, dt)],
    build: (p, q) => DIRS.map((dir) => tm.compare(p!, q!, dir)),
    expected: (p, q) => DIRS.map((dir) => map("bool", [p!, q!], (a, b) => cmp(dir, boolNum(a), boolNum(b)))),
  });
}
function boolNum(v: Ref): Ref {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}
add({
  name: "compare_f32_broadcast_scalar",
  ops: ["compare", "broadcast_in_dim", "constant"],
  inputs: [
    T(
      [
        [-1, 0, 1],
        [2, NaN_, -3],
      ],
      "f32",
    ),
  ],
  build: (p) => [tm.gt(p!, 0), tm.le(0, p!)],
  expected: (p) => [
    map("bool", [p!], (a) => (a as number) > 0),
    map("bool", [p!], (a) => 0 <= (a as number)),
  ],
});

// ------------------------------------------------------------------ select, clamp

add({
  name: "select_f32",
  ops: ["select"],
  inputs: [
    T(
      [
        [true, false, true],
        [false, false, true],
      ],
      "bool",
    ),
    T(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      "f32",
    ),
    T(
      [
        [-1, -2, -3],
        [-4, NaN_, -6],
      ],
      "f32",
    ),
  ],
  build: (p, a, b) => tm.select(p!, a!, b!),
  expected: (p, a, b) => map("f32", [p!, a!, b!], (c, x, y) => (c ? x : y)),
});
add({
  name: "select_i64_broadcast_pred_and_scalar",
  ops: ["select", "broadcast_in_dim", "constant"],
  inputs: [
    T([true, false, true], "bool"),
    T(
      [
        [1n, 2n, 3n],
        [4n, 5n, 6n],
      ],
      "i64",
    ),
  ],
  build: (p, a) => tm.select(p!, a!, -(2n ** 63n)),
  expected: (p, a) => map("i64", [p!, a!], (c, x) => (c ? x : -(2n ** 63n))),
});
add({
  name: "select_bf16_scalar_pred",
  ops: ["select", "broadcast_in_dim"],
  inputs: [T(false, "bool"), T([1.5, 2], "bf16"), T([-1, -2], "bf16")],
  build: (p, a, b) => tm.select(p!, a!, b!),
  expected: (p, a, b) => map("bf16", [p!, a!, b!], (c, x, y) => (c ? x : y)),
});
add({
  name: "clamp_f32_scalar_bounds",
  ops: ["clamp", "broadcast_in_dim", "constant"],
  inputs: [T([-5, -1, 0, 0.5, 1, 6, 100, -Inf, Inf, NaN_], "f32")],
  build: (p) => tm.clamp(0, p!, 6),
  expected: (p) => map("f32", [p!], (x) => fminNaN(fmaxNaN(x as number, 0), 6)),
});
add({
  name: "clamp_i32_tensor_bounds",
  ops: ["clamp"],
  inputs: [T([-1, 0, 5], "i32"), T([-10, 3, 7], "i32"), T([1, 2, 9], "i32")],
  build: (lo, x, hi) => tm.clamp(lo!, x!, hi!),
  expected: (lo, x, hi) =>
    map("i32", [lo!, x!, hi!], (l, v, h) => {
      const m = (v as bigint) > (l as bigint) ? v : l;
      return (m as bigint) < (h as bigint) ? m : h;
    }),
});
add({
  name: "clamp_u8",
  ops: ["clamp", "broadcast_in_dim", "constant"],
  inputs: [T([0, 10, 128, 255], "u8")],
  build: (p) => tm.clamp(5, p!, 200),
  expected: (p) => map("u8", [p!], (x) => ((x as bigint) < 5n ? 5n : (x as bigint) > 200n ? 200n : x)),
});

// ------------------------------------------------------------------ convert

const CONV: [DType, DType, NestedValues][] = [
  ["f32", "i32", [1.9, -1.9, 0.5, -0.5, NaN_, Inf, -Inf, 3e9, -3e9, 2147483520]],
  ["f32", "u8", [1.9, -1, 255.5, 256, 300, NaN_, Inf, -Inf]],
  ["f32", "i8", [127.9, -128.9, 200, -200, NaN_]],
  ["f32", "i64", [1.5, -1.5, 1e19, -1e19, NaN_, Inf, 2 ** 40]],
  ["f32", "u64", [1.5, -1.5, 1e20, NaN_, Inf, 2 ** 40]],
  ["f32", "u32", [1.5, -1.5, 5e9, NaN_, 4294967040]],
  ["f32", "f16", [1, 0.1, 65504, 65520, 1e-8, 6e-8, NaN_, -Inf, -0, 1.0009765625, 1.00048828125]],
  ["f32", "bf16", [1, 0.1, 1.00390625, 1.01171875, 3e38, NaN_, Inf, -0]],
  ["f64", "f32", [0.1, 1e300, -1e-300, NaN_, 1 + 2 ** -24, 1 + 3 * 2 ** -24]],
  ["f16", "f32", [1, 0.1, 65504, NaN_, -Inf, 6e-8]],
  ["bf16", "f32", [1, 0.1, 3e38, NaN_]],
  ["bf16", "f16", [1, 0.1, 1e5, 1e-6]],
  ["i32", "f32", [16777217, -16777219, 2147483647, 0, -5]],
  ["i64", "i32", [2n ** 32n + 5n, -1n, 2n ** 31n, -(2n ** 63n)]],
  ["i8", "u64", [-1, 127, -128, 0]],
  ["u32", "i32", [4294967295, 2147483648, 5]],
  ["u8", "f16", [0, 1, 255]],
  ["i32", "bool", [0, 1, -1, 2]],
  ["f32", "bool", [0, -0, 0.5, NaN_, -Inf]],
  ["bool", "f32", [true, false]],
  ["bool", "i32", [true, false]],
  ["u64", "f64", [2n ** 64n - 1n, 2n ** 53n + 1n, 0n]],
  ["i64", "f64", [-(2n ** 63n), 2n ** 53n + 1n, -3n]],
];
for (const [from, to, vals] of CONV) {
  add({
    name: `convert_${from}_to_${to}`,
    ops: ["convert"],
    inputs: [T(vals, from)],
    build: (p) => tm.convert(p!, to),
    expected: (p) =>
      map(to, [p!], (x) => {
        if (to === "bool") return typeof x === "boolean" ? x : typeof x === "bigint" ? x !== 0n : x !== 0;
        if (typeof x === "boolean") return isFloat(to) ? (x ? 1 : 0) : x ? 1n : 0n;
        if (isFloat(to)) return typeof x === "bigint" ? Number(x) : x;
        if (typeof x === "number") return floatToInt(to, x);
        return x;
      }),
  });
}

// ------------------------------------------------------------------ constants and iota

const DTYPE_LIST: DType[] = [
  "bool",
  "i8",
  "i16",
  "i32",
  "i64",
  "u8",
  "u32",
  "u64",
  "f16",
  "bf16",
  "f32",
  "f64",
];
const CONST_VALUES: Record<DType, NestedValues> = {
  bool: [
    [true, false],
    [false, true],
  ],
  i8: [
    [-128, 127],
    [0, -1],
  ],
  i16: [
    [-32768, 32767],
    [0, -1],
  ],
  i32: [
    [-2147483648, 2147483647],
    [0, -1],
  ],
  i64: [
    [-(2n ** 63n), 2n ** 63n - 1n],
    [0n, -1n],
  ],
  u8: [
    [0, 255],
    [1, 128],
  ],
  u32: [
    [0, 4294967295],
    [1, 2147483648],
  ],
  u64: [
    [0n, 2n ** 64n - 1n],
    [1n, 2n ** 63n],
  ],
  f16: [
    [0.1, -0],
    [NaN_, -Inf],
  ],
  bf16: [
    [0.1, 3e38],
    [NaN_, Inf],
  ],
  f32: [
    [0.1, -0],
    [NaN_, 1e-45],
  ],
  f64: [
    [0.1, 5e-324],
    [NaN_, -1.7976931348623157e308],
  ],
};
for (const d of DTYPE_LIST) {
  add({
    name: `constant_${d}`,
    ops: ["constant"],
    inputs: [T(0, "f32")],
    build: (p) => [
      tm.constant(p!.graph, CONST_VALUES[d], d),
      tm.full(p!.graph, d, [3], d === "bool" ? true : 1),
    ],
    expected: () => [
      T(CONST_VALUES[d], d),
      Tensor.fromValues(d, [3], [d === "bool" ? true : 1, d === "bool" ? true : 1, d === "bool" ? true : 1]),
    ],
  });
}
add({
  name: "constant_empty_and_scalar",
  ops: ["constant"],
  inputs: [T(0, "f32")],
  build: (p) => [
    tm.constant(p!.graph, Tensor.zeros("f32", [0, 2])),
    tm.constant(p!.graph, -0.0, "f32"),
    tm.constant(p!.graph, 1e-40, "f32"),
  ],
  expected: () => [Tensor.zeros("f32", [0, 2]), T(-0, "f32"), T(1e-40, "f32")],
});
for (const [d, dims, dim] of [
  ["i32", [2, 3], 1],
  ["f32", [3, 2], 0],
  ["i64", [4], 0],
  ["u8", [2, 2, 3], 2],
  ["bf16", [5], 0],
  ["f16", [1, 3], -1],
  ["u64", [0, 3], 1],
] as [DType, number[], number][]) {
  add({
    name: `iota_${d}_${dims.join("x")}_dim${dim < 0 ? "m" : ""}${Math.abs(dim)}`,
    ops: ["iota"],
    inputs: [T(0, "f32")],
    build: (p) => tm.iota(p!.graph, d, dims, dim),
    expected: () => generate(d, dims, (idx) => idx[dim < 0 ? dims.length + dim : dim]!),
  });
}

// ------------------------------------------------------------------ shape ops

const seq = (d: DType, dims: number[]) =>
  generate(d, dims, (idx) => idx.reduce((a, v, i) => a * 10 + v + i, 1));
add({
  name: "broadcast_in_dim_f32",
  ops: ["broadcast_in_dim"],
  inputs: [T([[1], [2], [3]], "f32")],
  build: (p) => tm.broadcastInDim(p!, [2, 3, 4], [1, 2]),
  expected: (p) => broadcastInDimRef(p!, [2, 3, 4], [1, 2]),
});
add({
  name: "broadcast_in_dim_i64_scalar",
  ops: ["broadcast_in_dim"],
  inputs: [T(-(2n ** 40n), "i64")],
  build: (p) => tm.broadcastInDim(p!, [2, 2], []),
  expected: (p) => broadcastInDimRef(p!, [2, 2], []),
});
add({
  name: "broadcast_in_dim_bool_permuted",
  ops: ["broadcast_in_dim"],
  inputs: [
    T(
      [
        [true, false, true],
        [false, false, true],
      ],
      "bool",
    ),
  ],
  build: (p) => tm.broadcastInDim(p!, [3, 4, 2], [2, 0]),
  expected: (p) => broadcastInDimRef(p!, [3, 4, 2], [2, 0]),
});
add({
  name: "broadcast_to_bf16_empty",
  ops: ["broadcast_in_dim"],
  inputs: [T([[1.5, 2, 3]], "bf16")],
  build: (p) => tm.broadcastTo(p!, [2, 0, 3]),
  expected: (p) => bcast(p!, [2, 0, 3]),
});
add({
  name: "reshape_f32",
  ops: ["reshape"],
  inputs: [seq("f32", [2, 3, 4])],
  build: (p) => [tm.reshape(p!, [4, 6]), tm.reshape(p!, [-1]), tm.reshape(p!, [3, 1, 8])],
  expected: (p) => [
    Tensor.fromValues("f32", [4, 6], p!.values()),
    Tensor.fromValues("f32", [24], p!.values()),
    Tensor.fromValues("f32", [3, 1, 8], p!.values()),
  ],
});
add({
  name: "reshape_u64_scalar_and_empty",
  ops: ["reshape"],
  inputs: [T([[2n ** 64n - 1n]], "u64"), Tensor.zeros("u64", [0, 4])],
  build: (p, q) => [tm.reshape(p!, []), tm.reshape(q!, [2, 0, 3])],
  expected: (p) => [Tensor.fromValues("u64", [], p!.values()), Tensor.zeros("u64", [2, 0, 3])],
});
for (const d of ["f32", "i8", "f16"] as DType[]) {
  add({
    name: `transpose_${d}`,
    ops: ["transpose"],
    inputs: [seq(d, [2, 3, 4])],
    build: (p) => [tm.transpose(p!, [2, 0, 1]), tm.transpose(p!)],
    expected: (p) => [transposeRef(p!, [2, 0, 1]), transposeRef(p!, [2, 1, 0])],
  });
}
add({
  name: "transpose_bool_size1",
  ops: ["transpose"],
  inputs: [T([[[true, false, true]]], "bool")],
  build: (p) => tm.transpose(p!, [2, 0, 1]),
  expected: (p) => transposeRef(p!, [2, 0, 1]),
});
add({
  name: "slice_f32_strided",
  ops: ["slice"],
  inputs: [seq("f32", [4, 6])],
  build: (p) => [
    tm.slice(p!, [1, 0], [4, 6], [2, 3]),
    tm.slice(p!, [0, 2], [4, 3]),
    tm.slice(p!, [2, 2], [2, 6]),
  ],
  expected: (p) => [
    sliceRef(p!, [1, 0], [4, 6], [2, 3]),
    sliceRef(p!, [0, 2], [4, 3], [1, 1]),
    sliceRef(p!, [2, 2], [2, 6], [1, 1]),
  ],
});
add({
  name: "slice_i64_3d",
  ops: ["slice"],
  inputs: [seq("i64", [3, 4, 5])],
  build: (p) => tm.slice(p!, [0, 1, 1], [3, 4, 5], [2, 2, 3]),
  expected: (p) => sliceRef(p!, [0, 1, 1], [3, 4, 5], [2, 2, 3]),
});
add({
  name: "concatenate_f32",
  ops: ["concatenate"],
  inputs: [seq("f32", [2, 3]), seq("f32", [2, 1]), Tensor.zeros("f32", [2, 0]), seq("f32", [2, 2])],
  build: (a, b, c, d) => [tm.concatenate([a!, b!, c!, d!], 1), tm.concatenate([a!, a!], 0)],
  expected: (a, b, c, d) => [concatRef([a!, b!, c!, d!], 1), concatRef([a!, a!], 0)],
});
add({
  name: "concatenate_u8_single_and_negative_axis",
  ops: ["concatenate"],
  inputs: [T([[1, 2]], "u8"), T([[255, 0]], "u8")],
  build: (a, b) => [tm.concatenate([a!, b!], -1), tm.concatenate([a!], 0)],
  expected: (a, b) => [concatRef([a!, b!], 1), a!],
});
add({
  name: "pad_f32_edge_interior_negative",
  ops: ["pad", "constant"],
  inputs: [seq("f32", [3, 4])],
  build: (p) => [
    tm.pad(p!, -1, [1, -1], [2, 0], [1, 2]),
    tm.pad(p!, 0.5, [0, 0], [0, 0], [0, 0]),
    tm.pad(p!, 0, [-1, -2], [-2, -2]),
  ],
  expected: (p) => [
    padRef(p!, -1, [1, -1], [2, 0], [1, 2]),
    padRef(p!, 0.5, [0, 0], [0, 0], [0, 0]),
    padRef(p!, 0, [-1, -2], [-2, -2], [0, 0]),
  ],
});
add({
  name: "pad_i32_value_param",
  ops: ["pad"],
  inputs: [
    T(
      [
        [1, 2],
        [3, 4],
      ],
      "i32",
    ),
    T(-7, "i32"),
  ],
  build: (p, v) => tm.pad(p!, v!, [0, 1], [1, 0], [1, 1]),
  expected: (p) => padRef(p!, -7, [0, 1], [1, 0], [1, 1]),
});
add({
  name: "pad_bf16_empty_operand",
  ops: ["pad", "constant"],
  inputs: [Tensor.zeros("bf16", [0, 2])],
  build: (p) => tm.pad(p!, 2.5, [1, 0], [1, 0], [3, 0]),
  expected: (p) => padRef(p!, 2.5, [1, 0], [1, 0], [3, 0]),
});

// ------------------------------------------------------------------ reduce

const fsum = (a: Ref, b: Ref): Ref =>
  typeof a === "bigint" ? a + (b as bigint) : (a as number) + (b as number);
const fprod = (a: Ref, b: Ref): Ref =>
  typeof a === "bigint" ? a * (b as bigint) : (a as number) * (b as number);
const rmax = (a: Ref, b: Ref): Ref =>
  typeof a === "bigint" ? (a > (b as bigint) ? a : b) : fmaxNaN(a as number, b as number);
const rmin = (a: Ref, b: Ref): Ref =>
  typeof a === "bigint" ? (a < (b as bigint) ? a : b) : fminNaN(a as number, b as number);

add({
  name: "reduce_sum_f32",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [1, 2, 3],
        [4.5, -5, 6.25],
      ],
      "f32",
    ),
  ],
  build: (p) => [
    tm.reduceSum(p!, [1]),
    tm.reduceSum(p!),
    tm.reduceSum(p!, [0], { keepDims: true }),
    tm.reduceSum(p!, []),
  ],
  expected: (p) => [
    reduceRef(p!, [1], 0, fsum),
    reduceRef(p!, [0, 1], 0, fsum),
    Tensor.fromValues("f32", [1, 3], reduceRef(p!, [0], 0, fsum).values()),
    p!,
  ],
});
add({
  name: "reduce_sum_f32_empty_axis",
  ops: ["reduce", "constant"],
  inputs: [Tensor.zeros("f32", [0, 3])],
  build: (p) => [tm.reduceSum(p!, [0]), tm.reduceMax(p!, [0]), tm.reduceProd(p!, [0]), tm.reduceSum(p!, [1])],
  expected: (p) => [
    reduceRef(p!, [0], 0, fsum),
    reduceRef(p!, [0], -Inf, rmax),
    reduceRef(p!, [0], 1, fprod),
    reduceRef(p!, [1], 0, fsum),
  ],
});
add({
  name: "reduce_max_min_f32_nan_inf",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [1, NaN_, 3],
        [-Inf, -5, 6],
        [Inf, 0, -0],
      ],
      "f32",
    ),
  ],
  build: (p) => [tm.reduceMax(p!, [1]), tm.reduceMin(p!, [1]), tm.reduceMax(p!, [0]), tm.reduceMin(p!, [0])],
  expected: (p) => [
    reduceRef(p!, [1], -Inf, rmax),
    reduceRef(p!, [1], Inf, rmin),
    reduceRef(p!, [0], -Inf, rmax),
    reduceRef(p!, [0], Inf, rmin),
  ],
});
add({
  name: "reduce_i32_wraps",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [2147483647, 1, 5],
        [-2147483648, -1, 7],
        [65536, 65536, 3],
      ],
      "i32",
    ),
  ],
  build: (p) => [tm.reduceSum(p!, [1]), tm.reduceProd(p!, [1]), tm.reduceMax(p!, [0]), tm.reduceMin(p!, [0])],
  expected: (p) => [
    reduceRef(p!, [1], 0n, fsum),
    reduceRef(p!, [1], 1n, fprod),
    reduceRef(p!, [0], -(2n ** 31n), rmax),
    reduceRef(p!, [0], 2n ** 31n - 1n, rmin),
  ],
});
add({
  name: "reduce_i64_u64_u8",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [2n ** 63n - 1n, 1n],
        [-3n, 4n],
      ],
      "i64",
    ),
    T(
      [
        [2n ** 64n - 1n, 2n],
        [5n, 0n],
      ],
      "u64",
    ),
    T(
      [
        [200, 100],
        [3, 7],
      ],
      "u8",
    ),
  ],
  build: (a, b, c) => [
    tm.reduceSum(a!, [1]),
    tm.reduceMax(b!, [1]),
    tm.reduceMin(b!),
    tm.reduceSum(c!, [0]),
    tm.reduceMin(c!, [1]),
  ],
  expected: (a, b, c) => [
    reduceRef(a!, [1], 0n, fsum),
    reduceRef(b!, [1], 0n, rmax),
    reduceRef(b!, [0, 1], 2n ** 64n - 1n, rmin),
    reduceRef(c!, [0], 0n, fsum),
    reduceRef(c!, [1], 255n, rmin),
  ],
});
add({
  name: "reduce_sum_half_precision",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [1, 2, 3, 4],
        [0.5, -1, 8, 16],
      ],
      "f16",
    ),
    T(
      [
        [1, 2, 3, 4],
        [0.5, -1, 8, 16],
      ],
      "bf16",
    ),
  ],
  build: (a, b) => [tm.reduceSum(a!, [1]), tm.reduceSum(b!, [0]), tm.reduceMax(b!, [1])],
  expected: (a, b) => [
    reduceRef(a!, [1], 0, fsum),
    reduceRef(b!, [0], 0, fsum),
    reduceRef(b!, [1], -Inf, rmax),
  ],
});
add({
  name: "reduce_all_any_bool",
  ops: ["reduce", "constant"],
  inputs: [
    T(
      [
        [true, true, false],
        [true, true, true],
      ],
      "bool",
    ),
    Tensor.zeros("bool", [2, 0]),
  ],
  build: (p, e) => [
    tm.reduceAll(p!, [1]),
    tm.reduceAny(p!, [0]),
    tm.reduceAll(p!),
    tm.reduceAll(e!, [1]),
    tm.reduceAny(e!, [1], { keepDims: true }),
  ],
  expected: (p, e) => [
    reduceRef(p!, [1], true, (a, b) => (a as boolean) && (b as boolean)),
    reduceRef(p!, [0], false, (a, b) => (a as boolean) || (b as boolean)),
    reduceRef(p!, [0, 1], true, (a, b) => (a as boolean) && (b as boolean)),
    reduceRef(e!, [1], true, (a, b) => (a as boolean) && (b as boolean)),
    Tensor.fromValues("bool", [2, 1], [false, false]),
  ],
});
add({
  name: "reduce_f64_3d_axes",
  ops: ["reduce", "constant"],
  inputs: [seq("f64", [2, 3, 4])],
  build: (p) => [tm.reduceSum(p!, [0, 2]), tm.reduceMax(p!, [-1], { keepDims: true })],
  expected: (p) => [
    reduceRef(p!, [0, 2], 0, fsum),
    Tensor.fromValues("f64", [2, 3, 1], reduceRef(p!, [2], -Inf, rmax).values()),
  ],
});

// ------------------------------------------------------------------ dot_general, matmul

const small = (d: DType, dims: number[], k = 0) =>
  generate(d, dims, (idx) => (idx.reduce((a, v, i) => a * 3 + v * (i + 1), k) % 7) - 3);
add({
  name: "dot_general_matmul_f32",
  ops: ["dot_general"],
  inputs: [small("f32", [2, 3]), small("f32", [3, 4], 1)],
  build: (a, b) =>
    tm.dotGeneral(a!, b!, { lhsContracting: [1], rhsContracting: [0], lhsBatch: [], rhsBatch: [] }),
  expected: (a, b) => dotRef(a!, b!, [], [], [1], [0]),
});
// Mantissa bits past TF32's ten: a backend that multiplies in TF32 returns exactly 4.
add({
  name: "matmul_precision_highest_f32",
  ops: ["dot_general"],
  inputs: [T([[1 + 2 ** -20, 3]], "f32"), T([[1 + 2 ** -19], [1]], "f32")],
  build: (a, b) => tm.matmul(a!, b!, { precision: "highest" }),
  expected: (a, b) => dotRef(a!, b!, [], [], [1], [0]),
});
add({
  name: "dot_general_batch_f32",
  ops: ["dot_general"],
  inputs: [small("f32", [2, 3, 4]), small("f32", [2, 4, 5], 2)],
  build: (a, b) =>
    tm.dotGeneral(a!, b!, { lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1] }),
  expected: (a, b) => dotRef(a!, b!, [0], [0], [2], [1]),
});
add({
  name: "dot_general_batch_not_leading_f64",
  ops: ["dot_general"],
  inputs: [small("f64", [3, 2, 4]), small("f64", [4, 5, 2], 1)],
  build: (a, b) =>
    tm.dotGeneral(a!, b!, { lhsBatch: [1], rhsBatch: [2], lhsContracting: [2], rhsContracting: [0] }),
  expected: (a, b) => dotRef(a!, b!, [1], [2], [2], [0]),
});
add({
  name: "dot_general_two_contracting_i32",
  ops: ["dot_general"],
  inputs: [small("i32", [2, 3, 4]), small("i32", [4, 3, 2], 5)],
  build: (a, b) => tm.dotGeneral(a!, b!, { lhsContracting: [1, 2], rhsContracting: [1, 0] }),
  expected: (a, b) => dotRef(a!, b!, [], [], [1, 2], [1, 0]),
});
add({
  name: "dot_general_i32_wraps",
  ops: ["dot_general"],
  inputs: [T([[65536, 65536]], "i32"), T([[65536], [3]], "i32")],
  build: (a, b) => tm.dotGeneral(a!, b!, { lhsContracting: [1], rhsContracting: [0] }),
  expected: (a, b) => dotRef(a!, b!, [], [], [1], [0]),
});
add({
  name: "dot_general_outer_product_and_empty_contraction",
  ops: ["dot_general"],
  inputs: [T([1, 2, 3], "f32"), T([4, 5], "f32"), Tensor.zeros("f32", [2, 0]), Tensor.zeros("f32", [0, 3])],
  build: (a, b, c, d) => [
    tm.dotGeneral(a!, b!, { lhsContracting: [], rhsContracting: [] }),
    tm.dotGeneral(c!, d!, { lhsContracting: [1], rhsContracting: [0] }),
  ],
  expected: (a, b, c, d) => [dotRef(a!, b!, [], [], [], []), dotRef(c!, d!, [], [], [1], [0])],
});
for (const d of ["bf16", "f16", "i64", "u8"] as DType[]) {
  add({
    name: `dot_general_${d}`,
    ops: ["dot_general"],
    inputs: [
      d === "u8" ? generate(d, [2, 3], (i) => i[0]! + i[1]! + 1) : small(d, [2, 3]),
      d === "u8" ? generate(d, [3, 2], (i) => 100 - i[0]! * 3 - i[1]!) : small(d, [3, 2], 4),
    ],
    build: (a, b) => tm.dotGeneral(a!, b!, { lhsContracting: [1], rhsContracting: [0] }),
    expected: (a, b) => dotRef(a!, b!, [], [], [1], [0]),
  });
}
add({
  name: "matmul_vectors_and_batch_broadcast",
  ops: ["dot_general", "reshape", "broadcast_in_dim"],
  inputs: [small("f32", [3]), small("f32", [3, 2], 1), small("f32", [2, 2, 3], 2)],
  build: (v, m, b) => [tm.matmul(v!, m!), tm.matmul(b!, m!), tm.matmul(b!, v!), tm.matmul(v!, v!)],
  expected: (v, m, b) => {
    const vm = dotRef(v!, m!, [], [], [0], [0]);
    const bm = dotRef(b!, m!, [], [], [2], [0]);
    const bv = dotRef(b!, v!, [], [], [2], [0]);
    const vv = dotRef(v!, v!, [], [], [0], [0]);
    return [vm, bm, bv, vv];
  },
});

// ------------------------------------------------------------------ a small composite graph

add({
  name: "composite_relu_sum",
  ops: ["maximum", "reduce", "multiply", "add"],
  inputs: [
    T(
      [
        [-1, 2, -3],
        [4, -5, 6],
      ],
      "f32",
    ),
    T([0.5, 1, 2], "f32"),
  ],
  build: (x, w) => tm.reduceSum(tm.max(x!.mul(w!), 0).add(1), [1]),
  expected: (x, w) =>
    reduceRef(
      map(
        "f32",
        [map("f32", [x!, w!], (a, b) => Math.max((a as number) * (b as number), 0))],
        (a) => (a as number) + 1,
      ),
      [1],
      0,
      fsum,
    ),
});

// ------------------------------------------------------------------ argmax / argmin (multi-result reduce)

add({
  name: "argmax_argmin_f32_ties_nan",
  ops: ["reduce", "iota", "compare", "select"],
  inputs: [
    T(
      [
        [1, 3, 3, -1],
        [NaN_, 2, NaN_, 9],
        [-Inf, -Inf, -Inf, -Inf],
      ],
      "f32",
    ),
  ],
  build: (x) => [
    ...tm.maxWithIndex(x!, 1),
    ...tm.minWithIndex(x!, 1),
    tm.argmax(x!, 0, { indexDType: "i64" }),
  ],
  expected: (x) => [
    ...argRef(x!, 1, "max", "i32"),
    ...argRef(x!, 1, "min", "i32"),
    argRef(x!, 0, "max", "i64")[1],
  ],
});
// argmax/argmin alone (a max/min reduce, then the first position holding it): ties, NaN,
// -inf rows, f16, an unsigned index type, and an empty axis (index 0).
add({
  name: "argmax_argmin_indices_ties_nan_empty",
  ops: ["reduce", "iota", "compare", "select"],
  inputs: [
    T(
      [
        [1, 3, 3, -1],
        [NaN_, 2, NaN_, 9],
        [-Inf, -Inf, -Inf, -Inf],
        [5, -2, -2, NaN_],
      ],
      "f16",
    ),
    Tensor.fromValues("f32", [3, 0], []),
  ],
  build: (x, e) => [
    tm.argmax(x!, 1),
    tm.argmin(x!, 1, { indexDType: "u8" }),
    tm.argmin(x!, 0, { keepDims: true }),
    tm.argmax(e!, 1),
  ],
  expected: (x) => [
    argRef(x!, 1, "max", "i32")[1],
    argRef(x!, 1, "min", "u8")[1],
    Tensor.fromValues("i32", [1, 4], argRef(x!, 0, "min", "i32")[1].values()),
    Tensor.fromValues("i32", [3], [0, 0, 0]),
  ],
});
add({
  name: "argmax_i32_3d_keepdims",
  ops: ["reduce", "iota"],
  inputs: [generate("i32", [2, 3, 4], (i) => ((i[0]! * 7 + i[1]! * 5 + i[2]! * 3) % 6) - 2)],
  build: (x) => [tm.argmax(x!, 1, { keepDims: true }), tm.argmin(x!, -1)],
  expected: (x) => {
    const a = argRef(x!, 1, "max", "i32")[1];
    return [Tensor.fromValues("i32", [2, 1, 4], a.values()), argRef(x!, 2, "min", "i32")[1]];
  },
});

// ------------------------------------------------------------------ rows with gradient checks
// (primitives: op_table_grad.ts; composites: op_table_composite.ts)
for (const c of GRAD_CASES) add(c);
for (const c of COMPOSITE_CASES) add(c);
// ------------------------------------------------------------------ indexing group (op_table_indexing.ts)

for (const c of INDEXING_CASES) add(c);
// ------------------------------------------------------------------ convolution, reduce_window, select_and_scatter, reverse

const ints = (d: DType, dims: number[], k = 0) =>
  generate(d, dims, (idx) => (idx.reduce((a, v, i) => a * 5 + v * (i + 2), k) % 7) - 3);
/** Irregular values without ties (for gradients through max/min windows). */
const distinct = (dims: number[], k = 0) =>
  generate("f64", dims, (idx) => Math.sin(idx.reduce((a, v, i) => a * 7.3 + v * (i + 1.7), k + 0.3)) * 2);
const convOpts = (n: number, o: Partial<ConvRefOptions> & { dn: ConvRefOptions["dn"] }): ConvRefOptions => ({
  strides: o.strides ?? new Array(n).fill(1),
  padding: o.padding ?? new Array(n).fill([0, 0]),
  lhsDilation: o.lhsDilation ?? new Array(n).fill(1),
  rhsDilation: o.rhsDilation ?? new Array(n).fill(1),
  featureGroups: o.featureGroups ?? 1,
  batchGroups: o.batchGroups ?? 1,
  dn: o.dn,
});
const NHWC = { lhs: "b01f", rhs: "01io", out: "b01f" };
const NCHW = { lhs: "bf01", rhs: "oi01", out: "bf01" };
add({
  name: "conv_nhwc_same_stride2_f32",
  ops: ["convolution"],
  grad: {},
  inputs: [ints("f32", [2, 5, 6, 3]), ints("f32", [3, 3, 3, 4], 1)],
  build: (x, w) => tm.conv(x!, w!, { strides: 2, padding: "same" }),
  expected: (x, w) =>
    convRef(
      x!,
      w!,
      convOpts(2, {
        dn: NHWC,
        strides: [2, 2],
        padding: [
          [1, 1],
          [0, 1],
        ],
      }),
    ),
});
add({
  name: "conv_nchw_dilated_groups_f64",
  ops: ["convolution"],
  grad: {},
  inputs: [ints("f64", [2, 4, 7, 6]), ints("f64", [6, 2, 2, 3], 2)],
  build: (x, w) =>
    tm.conv(x!, w!, {
      dilations: [2, 1],
      groups: 2,
      dimensionNumbers: "NCHW",
      padding: [
        [1, 0],
        [0, 2],
      ],
    }),
  expected: (x, w) =>
    convRef(
      x!,
      w!,
      convOpts(2, {
        dn: NCHW,
        rhsDilation: [2, 1],
        featureGroups: 2,
        padding: [
          [1, 0],
          [0, 2],
        ],
      }),
    ),
});
add({
  name: "convolution_1d_3d_batch_groups_lhs_dilation",
  ops: ["convolution"],
  grad: {},
  inputs: [
    ints("f32", [3, 2, 9]),
    ints("f32", [3, 2, 4], 1),
    ints("f32", [1, 4, 3, 5, 2]),
    ints("f32", [2, 3, 2, 2, 3], 3),
    ints("f32", [4, 3, 3, 2]),
    ints("f32", [2, 2, 2, 4], 4),
  ],
  build: (a, b, c, d, e, f) => [
    tm.convolution(a!, b!, { dimensionNumbers: { lhs: "bf0", rhs: "oi0", out: "bf0" }, windowStrides: [2] }),
    tm.convolution(c!, d!, {
      dimensionNumbers: { lhs: "b012f", rhs: "012io", out: "b012f" },
      padding: [
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      lhsDilation: [1, 2, 1],
    }),
    tm.convolution(e!, f!, {
      dimensionNumbers: NHWC,
      batchGroupCount: 2,
      padding: [
        [0, 1],
        [0, 0],
      ],
    }),
  ],
  expected: (a, b, c, d, e, f) => [
    convRef(a!, b!, convOpts(1, { dn: { lhs: "bf0", rhs: "oi0", out: "bf0" }, strides: [2] })),
    convRef(
      c!,
      d!,
      convOpts(3, {
        dn: { lhs: "b012f", rhs: "012io", out: "b012f" },
        padding: [
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        lhsDilation: [1, 2, 1],
      }),
    ),
    convRef(
      e!,
      f!,
      convOpts(2, {
        dn: NHWC,
        batchGroups: 2,
        padding: [
          [0, 1],
          [0, 0],
        ],
      }),
    ),
  ],
});
add({
  name: "conv_f16_bf16_i32",
  ops: ["convolution"],
  bundledOnly: "XLA's GPU backend lowers convolutions to cuDNN, which has no i32 convolution",
  inputs: [
    ints("f16", [1, 4, 4, 2]),
    ints("f16", [2, 2, 2, 3], 1),
    ints("bf16", [1, 4, 4, 2]),
    ints("bf16", [2, 2, 2, 3], 1),
    ints("i32", [1, 4, 4, 2]),
    ints("i32", [2, 2, 2, 3], 1),
  ],
  build: (a, b, c, d, e, f) => [tm.conv(a!, b!), tm.conv(c!, d!), tm.conv(e!, f!, { padding: "same" })],
  expected: (a, b, c, d, e, f) => [
    convRef(a!, b!, convOpts(2, { dn: NHWC })),
    convRef(c!, d!, convOpts(2, { dn: NHWC })),
    convRef(
      e!,
      f!,
      convOpts(2, {
        dn: NHWC,
        padding: [
          [0, 1],
          [0, 1],
        ],
      }),
    ),
  ],
});
const win = (r: number, o: Partial<WindowRefOptions> & { window: number[] }): WindowRefOptions => ({
  strides: o.strides ?? new Array(r).fill(1),
  baseDilations: o.baseDilations ?? new Array(r).fill(1),
  windowDilations: o.windowDilations ?? new Array(r).fill(1),
  padding: o.padding ?? new Array(r).fill([0, 0]),
  window: o.window,
});
add({
  name: "reduce_window_pools_f32",
  ops: ["reduce_window", "divide"],
  ulpsElsewhere: 2,
  grad: { inputs: [distinct([2, 5, 6, 3])] },
  inputs: [ints("f32", [2, 5, 6, 3])],
  build: (x) => [
    tm.maxPool(x!, { window: 2 }),
    tm.maxPool(x!, { window: 3, strides: [2, 1], padding: "same" }),
    tm.avgPool(x!, { window: [2, 3], strides: 1 }),
    tm.avgPool(x!, { window: 3, strides: 1, padding: "same" }),
    tm.reduceWindow(x!, "min", {
      windowDimensions: [1, 2, 2, 1],
      windowDilations: [1, 2, 1, 1],
      baseDilations: [1, 1, 2, 1],
      padding: [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    }),
  ],
  expected: (x) => [
    reduceWindowRef(x!, win(4, { window: [1, 2, 2, 1], strides: [1, 2, 2, 1] }), -Inf, Math.max),
    reduceWindowRef(
      x!,
      win(4, {
        window: [1, 3, 3, 1],
        strides: [1, 2, 1, 1],
        padding: [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
      }),
      -Inf,
      Math.max,
    ),
    map("f32", [reduceWindowRef(x!, win(4, { window: [1, 2, 3, 1] }), 0, (a, b) => a + b)], (v) =>
      f32((v as number) / 6),
    ),
    (() => {
      const w3 = win(4, {
        window: [1, 3, 3, 1],
        padding: [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
      });
      const sums = reduceWindowRef(x!, w3, 0, (a, b) => a + b);
      const counts = reduceWindowRef(
        Tensor.fromValues("f32", x!.shape, new Array(x!.size).fill(1)),
        w3,
        0,
        (a, b) => a + b,
      );
      return map("f32", [sums, counts], (a, b) => f32((a as number) / (b as number)));
    })(),
    reduceWindowRef(
      x!,
      win(4, {
        window: [1, 2, 2, 1],
        windowDilations: [1, 2, 1, 1],
        baseDilations: [1, 1, 2, 1],
        padding: [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      }),
      Inf,
      Math.min,
    ),
  ],
});
add({
  name: "reduce_window_cumsum_cummax_i32_f64",
  ops: ["reduce_window"],
  grad: { inputs: [ints("i32", [3, 5]), distinct([4, 3], 2)] },
  inputs: [ints("i32", [3, 5]), ints("f64", [4, 3], 2)],
  build: (a, b) => [tm.cumsum(a!, 1), tm.cummax(b!, 0), tm.cumsum(b!, 0, { reverse: true })],
  expected: (a, b) => [
    reduceWindowRef(
      a!,
      win(2, {
        window: [1, 5],
        padding: [
          [0, 0],
          [4, 0],
        ],
      }),
      0,
      (p, q) => p + q,
    ),
    reduceWindowRef(
      b!,
      win(2, {
        window: [4, 1],
        padding: [
          [3, 0],
          [0, 0],
        ],
      }),
      -Inf,
      Math.max,
    ),
    reduceWindowRef(
      b!,
      win(2, {
        window: [4, 1],
        padding: [
          [0, 3],
          [0, 0],
        ],
      }),
      0,
      (p, q) => p + q,
    ),
  ],
});
add({
  name: "select_and_scatter_max_pool_grad",
  ops: ["select_and_scatter", "reduce_window"],
  grad: { wrt: [1] },
  inputs: [
    generate("f32", [1, 4, 5, 1], (i) => ((i[1]! * 7 + i[2]! * 3) % 11) - 5),
    generate("f32", [1, 2, 3, 1], (i) => i[1]! * 3 + i[2]! + 1),
  ],
  build: (x, g) => [
    x!.graph.apply(lax.selectAndScatterPrim, [x!, g!, lax.scalarConstant(x!.graph, 0, x!.dtype)], {
      select: "GE",
      windowDimensions: [1, 2, 2, 1],
      windowStrides: [1, 2, 2, 1],
      baseDilations: [1, 1, 1, 1],
      windowDilations: [1, 1, 1, 1],
      padding: [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
    }),
  ],
  expected: (x, g) => [
    selectAndScatterRef(
      x!,
      g!,
      [2, 2],
      [2, 2],
      [
        [0, 0],
        [0, 1],
      ],
    ),
  ],
});
add({
  name: "reverse_f32_i32",
  ops: ["reverse"],
  grad: {},
  inputs: [ints("f32", [2, 3, 4]), ints("i32", [5])],
  build: (a, b) => [tm.reverse(a!, [0, 2]), tm.reverse(b!, [-1])],
  expected: (a, b) => [
    generate("f32", [2, 3, 4], (i) => a!.toFloat64Array()[(1 - i[0]!) * 12 + i[1]! * 4 + (3 - i[2]!)]!),
    generate("i32", [5], (i) => b!.toFloat64Array()[4 - i[0]!]!),
  ],
});

/** select_and_scatter (GE, add, init 0) over the middle two dims of an [1, H, W, 1] operand. */
function selectAndScatterRef(
  x: Tensor,
  g: Tensor,
  window: number[],
  strides: number[],
  padding: [number, number][],
): Tensor {
  const [, H, W] = x.shape.dims as number[];
  const xv = x.toFloat64Array();
  const gv = g.toFloat64Array();
  const [, GH, GW] = g.shape.dims as number[];
  const out = new Array<number>(H! * W!).fill(0);
  for (let a = 0; a < GH!; a++) {
    for (let b = 0; b < GW!; b++) {
      let pick = -1;
      for (let i = 0; i < window[0]!; i++) {
        for (let j = 0; j < window[1]!; j++) {
          const p = a * strides[0]! + i - padding[0]![0];
          const q = b * strides[1]! + j - padding[1]![0];
          if (p < 0 || q < 0 || p >= H! || q >= W!) continue;
          if (pick < 0 || xv[p * W! + q]! > xv[pick]!) pick = p * W! + q;
        }
      }
      if (pick >= 0) out[pick]! += gv[a * GW! + b]!;
    }
  }
  return Tensor.fromValues("f32", x.shape, out);
}

/** Every row of the op table. */
export const OP_CASES: readonly OpCase[] = cases;

/** The outputs of a case's reference as a list. */
export function expectedList(c: OpCase): Tensor[] {
  const r = c.expected(...c.inputs);
  return Array.isArray(r) ? [...(r as Tensor[])] : [r as Tensor];
}
