/**
 * Op-table rows of the indexing group: gather/scatter and their helpers, dynamic slices,
 * atan2, cbrt, finite, bitcastConvert, erf, oneHot. Appended to the table by op_table.ts.
 */
import type { DType } from "../../src/core/dtype.js";
import { type NestedValues, type Tensor, tensor } from "../../src/core/tensor.js";
import * as tm from "../../src/ops/index.js";
import type { GradSpec, OpCase } from "./op_table.js";
import { generate, map } from "./reference.js";
import {
  bitcastRef,
  dynamicSliceRef,
  dynamicUpdateSliceRef,
  erfRef,
  type GatherRefDims,
  gatherRef,
  type ScatterRefDims,
  scatterRef,
  sortRef,
} from "./reference_indexing.js";

const T = (v: NestedValues, d: DType) => tensor(v, d);
const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;
const n = (v: unknown) => Number(v);

const G = (g: Partial<GatherRefDims>): GatherRefDims => ({
  offsetDims: [],
  collapsedSliceDims: [],
  operandBatchingDims: [],
  startIndicesBatchingDims: [],
  startIndexMap: [],
  indexVectorDim: 0,
  ...g,
});
const S = (s: Partial<ScatterRefDims>): ScatterRefDims => ({
  updateWindowDims: [],
  insertedWindowDims: [],
  inputBatchingDims: [],
  scatterIndicesBatchingDims: [],
  scatterDimsToOperandDims: [],
  indexVectorDim: 0,
  ...s,
});

const grid = (rows: number, cols: number, f: (i: number, j: number) => number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));

/**
 * Gradient columns (test/autodiff/grad_table.test.ts) of rows whose ops are differentiable,
 * with smooth points where the row's own inputs hold NaN, infinities or kinks.
 */
const GRAD: Record<string, GradSpec> = {
  take_f32_rows: {},
  take_bf16_axis1_i64: {},
  take_along_axis_f32: {},
  gather_windows_f64: {},
  scatter_add_f32_repeats_and_out_of_range: {
    inputs: [
      T(
        [
          [1, 2, 3],
          [4, 5, 6],
        ].flat(),
        "f32",
      ),
      T([1, 0, 1], "i32"),
      T([0.5, -1, 2], "f32"),
    ],
  },
  scatter_replace_i32: {
    inputs: [
      T(
        [
          [0.5, 1],
          [2, -1],
          [0.25, 3],
        ],
        "f64",
      ),
      T([2, 0], "i32"),
      T(
        [
          [7, -2],
          [1.5, 4],
        ],
        "f64",
      ),
    ],
  },
  dynamic_slice_f32_node_starts_clamped: {},
  dynamic_update_slice_bf16_kv_write: {},
  atan2_f64: { inputs: [T([1, -1, 0.5, -2, 3], "f64"), T([2, 0.5, -1, -3, 0.25], "f64")] },
  cbrt_f64: { inputs: [T([27, -8, 2, -3.5, 0.125, 100], "f64")] },
  erf_f64: { inputs: [T([-2.3, -0.4, 0.2, 0.7, 1.6, 3, 5], "f64")] },
  sort_f64_total_order: {
    inputs: [
      T(
        [
          [3, 1, -2.5, 0.5, 7, -1],
          [0.1, 0.2, -0.3, 4, 5, -6],
        ],
        "f64",
      ),
    ],
  },
  top_k_f32_ties_and_nan: {
    inputs: [
      T(
        [
          [1, 7, 6, 2, 3],
          [0, -1, 4, 4.5, 3],
        ],
        "f64",
      ),
    ],
  },
  cond_picks_one_branch: {},
};

/** The rows, in order. */
export const INDEXING_CASES: OpCase[] = [];
const add = (c: OpCase) => INDEXING_CASES.push(GRAD[c.name] ? { ...c, grad: GRAD[c.name] } : c);

// ------------------------------------------------------------------ gather

add({
  name: "take_f32_rows",
  ops: ["gather"],
  inputs: [
    T(
      grid(5, 3, (i, j) => i * 10 + j + 0.5),
      "f32",
    ),
    T(
      [
        [1, 4],
        [7, -1],
      ],
      "i32",
    ),
  ],
  build: (x, i) => tm.take(x!, i!),
  expected: (x, i) =>
    gatherRef(
      x!,
      i!,
      G({ offsetDims: [2], collapsedSliceDims: [0], startIndexMap: [0], indexVectorDim: 2 }),
      [1, 3],
      [2, 2, 3],
    ),
});

add({
  name: "take_bf16_axis1_i64",
  ops: ["gather"],
  inputs: [
    T(
      grid(2, 4, (i, j) => i - j * 0.25),
      "bf16",
    ),
    T([3, 0, 3], "i64"),
  ],
  build: (x, i) => tm.take(x!, i!, 1),
  expected: (x, i) =>
    gatherRef(
      x!,
      i!,
      G({ offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1], indexVectorDim: 1 }),
      [2, 1],
      [2, 3],
    ),
});

add({
  name: "take_along_axis_f32",
  ops: ["gather"],
  inputs: [
    T(
      grid(2, 4, (i, j) => i * 4 + j),
      "f32",
    ),
    T(
      [
        [3, 0, 3],
        [1, 2, 9],
      ],
      "i32",
    ),
  ],
  build: (x, i) => tm.takeAlongAxis(x!, i!, 1),
  expected: (x, i) =>
    gatherRef(
      x!,
      i!,
      G({
        collapsedSliceDims: [1],
        operandBatchingDims: [0],
        startIndicesBatchingDims: [0],
        startIndexMap: [1],
        indexVectorDim: 2,
      }),
      [1, 1],
      [2, 3],
    ),
});

const G_WIN = G({ offsetDims: [0, 2], startIndexMap: [1, 0], indexVectorDim: 0 });
add({
  name: "gather_windows_f64",
  ops: ["gather"],
  inputs: [
    T(
      grid(4, 5, (i, j) => i * 5 + j),
      "f64",
    ),
    T(
      [
        [0, 4, 2],
        [1, 3, -5],
      ],
      "i32",
    ),
  ],
  build: (x, i) => tm.gather(x!, i!, G_WIN, [2, 3]),
  expected: (x, i) => gatherRef(x!, i!, G_WIN, [2, 3], [2, 3, 3]),
});

const G_BATCH = G({
  offsetDims: [2],
  collapsedSliceDims: [1],
  operandBatchingDims: [0],
  startIndicesBatchingDims: [1],
  startIndexMap: [1],
  indexVectorDim: 2,
});
add({
  name: "gather_batching_u8",
  ops: ["gather"],
  inputs: [
    T(
      [
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [
          [7, 8],
          [9, 10],
          [11, 12],
        ],
      ],
      "u8",
    ),
    T(
      [
        [[2], [0]],
        [[1], [1]],
        [[0], [2]],
      ],
      "u32",
    ),
  ],
  build: (x, i) => tm.gather(x!, i!, G_BATCH, [1, 1, 2]),
  expected: (x, i) => gatherRef(x!, i!, G_BATCH, [1, 1, 2], [3, 2, 2]),
});

// ------------------------------------------------------------------ scatter

const S_ROWS = S({
  updateWindowDims: [1],
  insertedWindowDims: [0],
  scatterDimsToOperandDims: [0],
  indexVectorDim: 1,
});
add({
  name: "scatter_add_f32_repeats_and_out_of_range",
  ops: ["scatter"],
  inputs: [
    T(
      grid(4, 2, () => 1),
      "f32",
    ),
    T([1, 3, 1, 9, -1], "i32"),
    T(
      grid(5, 2, (i, j) => i * 2 + j + 0.25),
      "f32",
    ),
  ],
  build: (x, i, u) => tm.scatterAdd(x!, i!, u!),
  expected: (x, i, u) => scatterRef(x!, i!, u!, S_ROWS, (a, b) => Math.fround(n(a) + n(b))),
});

add({
  name: "scatter_replace_i32",
  ops: ["scatter"],
  inputs: [
    T(
      grid(3, 4, (i, j) => i * 4 + j),
      "i32",
    ),
    T([2, 0], "i32"),
    T(
      grid(2, 4, (i, j) => -(i * 4 + j) - 1),
      "i32",
    ),
  ],
  build: (x, i, u) => tm.scatter(x!, i!, u!, S_ROWS, { combiner: "replace" }),
  expected: (x, i, u) => scatterRef(x!, i!, u!, S_ROWS, (_a, b) => b),
});

const S_WIN = S({ updateWindowDims: [1], scatterDimsToOperandDims: [0], indexVectorDim: 1 });
add({
  name: "scatter_max_f16_partial_windows",
  ops: ["scatter"],
  bundledOnly:
    "XLA skips a scatter window that is partly out of bounds; the spec skips only the elements outside",
  inputs: [
    T([0, 0, 0, 0, 0], "f16"),
    T([[0], [4], [3]], "i64"),
    T(
      [
        [1, -2],
        [3, 4],
        [5, 0.5],
      ],
      "f16",
    ),
  ],
  build: (x, i, u) => tm.scatter(x!, i!, u!, S_WIN, { combiner: "max" }),
  expected: (x, i, u) => scatterRef(x!, i!, u!, S_WIN, (a, b) => Math.max(n(a), n(b))),
});

const S_BATCH = S({
  insertedWindowDims: [1],
  inputBatchingDims: [0],
  scatterIndicesBatchingDims: [0],
  scatterDimsToOperandDims: [1],
  indexVectorDim: 2,
});
add({
  name: "scatter_batching_mul_f64",
  ops: ["scatter"],
  inputs: [
    T(
      grid(2, 3, () => 1),
      "f64",
    ),
    T(
      [
        [2, 2],
        [0, 1],
      ],
      "i32",
    ),
    T(
      [
        [2, 3],
        [5, 7],
      ],
      "f64",
    ),
  ],
  build: (x, i, u) => tm.scatter(x!, i!, u!, S_BATCH, { combiner: "mul" }),
  expected: (x, i, u) => scatterRef(x!, i!, u!, S_BATCH, (a, b) => n(a) * n(b)),
});

// ------------------------------------------------------------------ dynamic slices

add({
  name: "dynamic_slice_f32_node_starts_clamped",
  ops: ["dynamic_slice"],
  inputs: [
    T(
      grid(3, 4, (i, j) => i * 4 + j),
      "f32",
    ),
    T(5, "i32"),
    T(-2, "i32"),
  ],
  build: (x, a, b) => tm.dynamicSlice(x!, [a!, b!], [2, 3]),
  expected: (x, a, b) => dynamicSliceRef(x!, [n(a!.get()), n(b!.get())], [2, 3]),
});

add({
  name: "dynamic_slice_i64_constant_starts",
  ops: ["dynamic_slice", "constant"],
  inputs: [
    T(
      [
        [1n, 2n, 3n],
        [4n, 5n, 6n],
      ],
      "i64",
    ),
  ],
  build: (x) => tm.dynamicSlice(x!, [1, 1], [1, 2]),
  expected: (x) => dynamicSliceRef(x!, [1, 1], [1, 2]),
});

add({
  name: "dynamic_update_slice_bf16_kv_write",
  ops: ["dynamic_update_slice"],
  inputs: [
    T(
      grid(4, 2, () => 0),
      "bf16",
    ),
    T([[1.5, -2]], "bf16"),
    T(3n, "i64"),
  ],
  build: (c, u, p) => tm.dynamicUpdateSlice(c!, u!, [p!, 0n]),
  expected: (c, u, p) => dynamicUpdateSliceRef(c!, u!, [n(p!.get()), 0]),
});

add({
  name: "dynamic_update_slice_u8_clamped",
  ops: ["dynamic_update_slice"],
  inputs: [
    T(
      grid(3, 3, (i, j) => i * 3 + j),
      "u8",
    ),
    T([[200, 201]], "u8"),
    T(-4, "i32"),
    T(7, "i32"),
  ],
  build: (x, u, a, b) => tm.dynamicUpdateSlice(x!, u!, [a!, b!]),
  expected: (x, u, a, b) => dynamicUpdateSliceRef(x!, u!, [n(a!.get()), n(b!.get())]),
});

// ------------------------------------------------------------------ atan2, cbrt, finite, bitcast

const ATAN_Y = [1, -1, 0, -0, 0, -0, 1, Inf, -Inf, NaN_, 3, -2.5, 1e-30, 7];
const ATAN_X = [1, -1, -1, -1, 1, 1, 0, Inf, 2, 1, -4, 0.5, 1e30, -Inf];
const FLOATS: DType[] = ["f32", "f64", "f16", "bf16"];
const narrow = (d: DType) => d === "f16" || d === "bf16";

for (const d of FLOATS) {
  add({
    name: `atan2_${d}`,
    ops: ["atan2"],
    inputs: [
      T(narrow(d) ? ATAN_Y.map((v) => (v === 1e-30 ? 0.001 : v)) : ATAN_Y, d),
      T(narrow(d) ? ATAN_X.map((v) => (v === 1e30 ? 1000 : v)) : ATAN_X, d),
    ],
    build: (y, x) => tm.atan2(y!, x!),
    expected: (y, x) => map(d, [y!, x!], (a, b) => Math.atan2(a as number, b as number)),
    ulps: d === "f64" ? 2 : 1,
  });
  add({
    name: `cbrt_${d}`,
    ops: ["cbrt"],
    inputs: [T([27, -8, 0, -0, 2, -3.5, 1e-6, Inf, -Inf, NaN_, 100, 0.125], d)],
    build: (x) => tm.cbrt(x!),
    expected: (x) => map(d, [x!], (a) => Math.cbrt(a as number)),
    ulps: 1,
  });
  add({
    name: `finite_${d}`,
    ops: ["is_finite"],
    inputs: [T([1, Inf, -Inf, NaN_, -0, 65504], d)],
    build: (x) => tm.finite(x!),
    expected: (x) => map("bool", [x!], (a) => Number.isFinite(a as number)),
  });
  add({
    name: `erf_${d}`,
    ops: ["exponential", "multiply", "add", "select", "compare"],
    inputs: [
      T([0, -0, 1e-5, 0.3, -0.5, 0.99, 1, -1.01, 1.7, 2.5, -3.2, 4, 5.9, 7, -Inf, NaN_, 0.0625, 2.0e-3], d),
    ],
    build: (x) => tm.erf(x!),
    expected: (x) => map(d, [x!], (a) => erfRef(a as number)),
    ulps: d === "f64" ? 64 : narrow(d) ? 1 : 4,
  });
}

add({
  name: "bitcast_f32_to_i32",
  ops: ["bitcast_convert"],
  inputs: [T([1, -2, 0, -0, Inf, 0.1], "f32")],
  build: (x) => tm.bitcastConvert(x!, "i32"),
  expected: (x) => bitcastRef(x!, "i32", [6]),
});
add({
  name: "bitcast_f32_to_u8_pieces",
  ops: ["bitcast_convert"],
  inputs: [
    T(
      [
        [1, -2],
        [0.1, 65504],
      ],
      "f32",
    ),
  ],
  build: (x) => tm.bitcastConvert(x!, "u8"),
  expected: (x) => bitcastRef(x!, "u8", [2, 2, 4]),
});
add({
  name: "bitcast_i16_pairs_to_f32",
  ops: ["bitcast_convert"],
  inputs: [
    T(
      [
        [0, 16256],
        [0, -16384],
        [-13107, 15820],
      ],
      "i16",
    ),
  ],
  build: (x) => tm.bitcastConvert(x!, "f32"),
  expected: (x) => bitcastRef(x!, "f32", [3]),
});
add({
  name: "bitcast_f64_to_u64",
  ops: ["bitcast_convert"],
  inputs: [T([1, -0, NaN_], "f64")],
  build: (x) => tm.bitcastConvert(x!, "u64"),
  expected: (x) => bitcastRef(x!, "u64", [3]),
});

// ------------------------------------------------------------------ oneHot

add({
  name: "one_hot_i32_to_f32",
  ops: ["iota", "compare", "convert", "broadcast_in_dim"],
  inputs: [
    T(
      [
        [0, 3],
        [-1, 4],
      ],
      "i32",
    ),
  ],
  build: (i) => tm.oneHot(i!, 4),
  expected: (i) => generate("f32", [2, 2, 4], ([a, b, k]) => (n(i!.get(a!, b!)) === k ? 1 : 0)),
});
add({
  name: "one_hot_u8_to_bf16",
  ops: ["iota", "compare", "convert", "broadcast_in_dim"],
  inputs: [T([2, 0, 255], "u8")],
  build: (i) => tm.oneHot(i!, 3, "bf16"),
  expected: (i) => generate("bf16", [3, 3], ([a, k]) => (n(i!.get(a!)) === k ? 1 : 0)),
});

// ------------------------------------------------------------------ sort, argsort, topK

const SORT_F = [3, 1, NaN_, -2, 1, 0, -0, 5, -Inf, Inf, 1, -2];
for (const d of ["f32", "f64", "f16", "bf16"] as DType[]) {
  add({
    name: `sort_${d}_total_order`,
    ops: ["sort"],
    inputs: [T([SORT_F.slice(0, 6), SORT_F.slice(6)], d)],
    build: (x) => [tm.sort(x!), tm.sort(x!, 0, { descending: true })],
    expected: (x) => [sortRef([x!], 1, false)[0]!, sortRef([x!], 0, true)[0]!],
  });
}
for (const d of ["i8", "i32", "i64", "u8", "u32", "u64"] as DType[]) {
  const big = d === "i64" || d === "u64";
  const vals = (d.startsWith("u") ? [7, 0, 255, 3, 7, 1] : [7, -128, 100, -3, 7, 0]).map((v) =>
    big ? BigInt(v) : v,
  );
  add({
    name: `argsort_${d}_stable`,
    ops: ["sort", "iota"],
    inputs: [T([vals, [...vals].reverse()], d)],
    build: (x) => [tm.argsort(x!, 1), tm.argsort(x!, 1, { descending: true, indexDType: "i64" })],
    expected: (x) => {
      const pos = generate("i32", [2, 6], ([, j]) => j!);
      const pos64 = generate("i64", [2, 6], ([, j]) => BigInt(j!));
      return [sortRef([x!, pos], 1, false)[1]!, sortRef([x!, pos64], 1, true)[1]!];
    },
  });
}

add({
  name: "sort_by_keys_carries_values",
  ops: ["sort"],
  inputs: [
    T(
      [
        [2, 1, 2, 0],
        [5, 5, 4, 6],
      ],
      "i32",
    ),
    T(
      [
        [0.5, 1.5, 2.5, 3.5],
        [4, 5, 6, 7],
      ],
      "bf16",
    ),
    T(
      [
        [true, false, true, true],
        [false, true, false, true],
      ],
      "bool",
    ),
  ],
  build: (k, v, b) => tm.sortBy([k!, v!, b!], 1),
  expected: (k, v, b) => sortRef([k!, v!, b!], 1, false),
});

add({
  name: "top_k_f32_ties_and_nan",
  ops: ["sort", "iota", "slice"],
  inputs: [
    T(
      [
        [1, 7, 7, 2, NaN_],
        [0, -1, 4, 4, 3],
      ],
      "f32",
    ),
  ],
  build: (x) => tm.topK(x!, 3),
  expected: (x) => {
    const [v, i] = sortRef([x!, generate("i32", [2, 5], ([, j]) => j!)], 1, true);
    const first3 = (t: Tensor) => generate(t.dtype, [2, 3], ([a, j]) => t.get(a!, j!));
    return [first3(v!), first3(i!)];
  },
});

// ------------------------------------------------------------------ random bits (plugin-independent properties)

add({
  name: "random_bits_deterministic_and_uniform_in_range",
  ops: ["rng_bit_generator", "compare", "and"],
  inputs: [T([42n, 7n], "u64")],
  build: (s) => {
    const [a] = tm.randomBits(s!, [16], "u32");
    const [b] = tm.randomBits(s!, [16], "u32");
    const [u] = tm.uniform(s!, [64], { min: -1, max: 3 });
    const [p] = tm.randomBits(s!, [3], "u64", "PHILOX");
    const [q] = tm.randomBits(s!, [3], "u64", "PHILOX");
    return [tm.eq(a, b), tm.and(tm.ge(u, -1), tm.lt(u, 3)), tm.eq(p, q)];
  },
  expected: () => [
    generate("bool", [16], () => true),
    generate("bool", [64], () => true),
    generate("bool", [3], () => true),
  ],
});

// ------------------------------------------------------------------ while, if, case

add({
  name: "while_power_of_two_loop",
  ops: ["while", "compare", "add", "multiply"],
  inputs: [T(0, "i32"), T([1.5, -2], "f32"), T(5, "i32")],
  build: (i0, x, last) =>
    tm.whileLoop(
      [i0!, x!, last!],
      (i, _x, m) => tm.lt(i!, m!),
      (i, y, m) => [tm.add(i!, 1), tm.mul(y!, 2), m!],
    ),
  expected: (i0, x, last) => {
    const steps = Math.max(0, n(last!.get()) - n(i0!.get()));
    return [
      T(Math.max(n(i0!.get()), n(last!.get())), "i32"),
      map("f32", [x!], (v) => (v as number) * 2 ** steps),
      last!,
    ];
  },
});

// A recurrence h ← tanh(h·w + b) over 4 steps: forLoop's gradient in h0, w and b.
const rnnStep = (h: number[], w: number[][], b: number[]) =>
  w[0]!.map((_, j) => Math.tanh(h.reduce((acc, hv, i) => acc + hv * w[i]![j]!, 0) + b[j]!));
add({
  name: "for_loop_recurrence_f64",
  ops: ["while", "dot_general", "tanh", "add"],
  grad: {},
  ulps: 8,
  inputs: [
    T([0.5, -0.25], "f64"),
    T(
      [
        [0.9, -0.4],
        [0.3, 0.7],
      ],
      "f64",
    ),
    T([0.1, -0.2], "f64"),
  ],
  build: (h0, w, b) =>
    tm.forLoop(4, [h0!], (_i, h, wv, bv) => [tm.tanh(tm.add(tm.matmul(h!, wv!), bv!))], [w!, b!]),
  expected: (h0, w, b) => {
    let h = h0!.toArray() as number[];
    for (let t = 0; t < 4; t++) h = rnnStep(h, w!.toArray() as number[][], b!.toArray() as number[]);
    return [T(h, "f64")];
  },
});

// The counter as data, an integer carry beside a float one, and zero iterations.
add({
  name: "for_loop_counter_and_int_carry_f64",
  ops: ["while", "multiply", "convert"],
  grad: { wrt: [0] },
  inputs: [T([1.5, -2], "f64"), T(3, "i32")],
  build: (x, k) => [
    ...tm.forLoop(3, [x!, k!], (i, y, m) => [tm.mul(y!, tm.convert(tm.add(i!, m!), "f64")), tm.add(m!, 1)]),
    ...tm.forLoop(0, [x!], (_i, y) => [tm.mul(y!, 2)]),
  ],
  expected: (x, k) => {
    const k0 = n(k!.get());
    // step i multiplies by i + m, where m = k0 + i: factors k0, k0 + 2, k0 + 4.
    const f = k0 * (k0 + 2) * (k0 + 4);
    return [map("f64", [x!], (v) => (v as number) * f), T(k0 + 3, "i32"), x!];
  },
});

add({
  name: "cond_picks_one_branch",
  ops: ["if", "negate", "multiply"],
  inputs: [T(true, "bool"), T(false, "bool"), T([1, -2, 3], "f64")],
  build: (p, q, x) => [
    ...tm.cond(
      p!,
      (v) => tm.neg(v!),
      (v) => tm.mul(v!, v!),
      [x!],
    ),
    ...tm.cond(
      q!,
      (v) => tm.neg(v!),
      (v) => tm.mul(v!, v!),
      [x!],
    ),
  ],
  expected: (_p, _q, x) => [
    map("f64", [x!], (v) => -(v as number)),
    map("f64", [x!], (v) => (v as number) ** 2),
  ],
});

for (const [name, idx, dtype] of [
  ["case_index_1", 1, "i32"],
  ["case_index_out_of_range_runs_last", 7, "i32"],
  ["case_u8_index_clamped", 200, "u8"],
] as [string, number, DType][]) {
  add({
    name,
    ops: ["case"],
    inputs: [T(idx, dtype), T([2, 5], "i64")],
    build: (i, x) => tm.switchCase(i!, [(v) => v!, (v) => tm.add(v!, v!), (v) => tm.mul(v!, v!)], [x!]),
    expected: (i, x) => {
      const k = Math.min(Math.max(n(i!.get()), 0), 2);
      const f = [(v: bigint) => v, (v: bigint) => v + v, (v: bigint) => v * v][
        k === 1 ? 1 : k === 0 ? 0 : 2
      ]!;
      return map("i64", [x!], (v) => f(v as bigint));
    },
  });
}

// ------------------------------------------------------------------ custom regions

add({
  name: "scatter_custom_combiner_keeps_larger_magnitude",
  ops: ["scatter", "abs", "compare", "select"],
  inputs: [T([1, -1, 1, 1], "f32"), T([[0], [1], [1], [3]], "i32"), T([-5, 0.5, -3, 0.25], "f32")],
  build: (x, i, u) =>
    tm.scatter(
      x!,
      i!,
      u!,
      { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], indexVectorDim: 1 },
      { combiner: (cur, upd) => tm.select(tm.ge(tm.abs(cur), tm.abs(upd)), cur, upd) },
    ),
  expected: (x, i, u) =>
    scatterRef(
      x!,
      i!,
      u!,
      S({ insertedWindowDims: [0], scatterDimsToOperandDims: [0], indexVectorDim: 1 }),
      (a, b) => (Math.abs(n(a)) >= Math.abs(n(b)) ? a : b),
    ),
});

add({
  name: "sort_by_custom_comparator_two_keys",
  ops: ["sort", "compare", "and", "or"],
  inputs: [T([2, 1, 2, 1, 0, 2], "i32"), T([0.5, 3, -1, 2, 7, 0.5], "f32")],
  // Ascending by the first key, then descending by the second.
  build: (k, v) =>
    tm.sortBy([k!, v!], 0, {
      comparator: (k1, k2, v1, v2) => tm.or(tm.lt(k1!, k2!), tm.and(tm.eq(k1!, k2!), tm.gt(v1!, v2!))),
    }),
  expected: (k, v) => {
    const order = [0, 1, 2, 3, 4, 5].sort((a, b) => {
      const [ka, kb] = [n(k!.get(a)), n(k!.get(b))];
      return ka !== kb ? ka - kb : n(v!.get(b)) - n(v!.get(a));
    });
    return [
      T(
        order.map((j) => n(k!.get(j))),
        "i32",
      ),
      T(
        order.map((j) => n(v!.get(j))),
        "f32",
      ),
    ];
  },
});

for (const name of Object.keys(GRAD)) {
  if (!INDEXING_CASES.some((c) => c.name === name))
    throw new Error(`gradient column for unknown row ${name}`);
}
