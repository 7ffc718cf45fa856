import assert from "node:assert/strict";
import { test } from "node:test";
import { tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";
import * as lax from "../../src/ops/lax.js";
import { toStableHLO } from "../../src/stablehlo/printer.js";
import { denseAttr, floatDecimal, symbolName, tensorType } from "../../src/stablehlo/text.js";

test("a graph lowers to a module with @main, typed arguments and func.return", () => {
  const g = new Graph("demo");
  const x = g.parameter("x", "f32", [2, 3]);
  const v = g.parameter("v", "f32", [3]);
  const y = tm.add(x, v);
  assert.equal(
    toStableHLO(g, [y]),
    [
      "module @demo {",
      "  func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> (tensor<2x3xf32>) {",
      '    %0 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>',
      '    %1 = "stablehlo.add"(%arg0, %0) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>',
      '    "func.return"(%1) : (tensor<2x3xf32>) -> ()',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
});

test("only the nodes the outputs need are emitted", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2]);
  tm.exp(x);
  const y = tm.neg(x);
  const text = toStableHLO(g, [y]);
  assert.ok(!text.includes("exponential"));
  assert.ok(text.includes('"stablehlo.negate"(%arg0)'));
});

test("the parameter list sets argument order; unused parameters stay in the signature", () => {
  const g = new Graph();
  const a = g.parameter("a", "f32", [1]);
  const b = g.parameter("b", "i32", [2]);
  const text = toStableHLO(g, [a], { parameters: [b, a], name: "swapped" });
  assert.ok(
    text.startsWith(
      "module @swapped {\n  func.func public @main(%arg0: tensor<2xi32>, %arg1: tensor<1xf32>)",
    ),
  );
  assert.ok(text.includes('"func.return"(%arg1)'));
});

test("an output that needs a parameter missing from the list is an error", () => {
  const g = new Graph();
  const a = g.parameter("a", "f32", [1]);
  const b = g.parameter("b", "f32", [1]);
  assert.throws(
    () => toStableHLO(g, [tm.add(a, b)], { parameters: [a] }),
    /\[toStableHLO\] the outputs need parameter "b" \(f32\[1\]\), which is not in the parameter list/,
  );
  assert.throws(() => toStableHLO(g, [a], { parameters: [a, a] }), /parameter "a" is listed twice/);
});

test("float literals are short decimals when exact, else hex bit patterns", () => {
  assert.equal(floatDecimal(1), "1.0");
  assert.equal(floatDecimal(-2.5e-7), "-2.5e-7");
  assert.equal(floatDecimal(1e21), "1.0e+21");
  assert.equal(floatDecimal(-0), "-0.0");
  assert.equal(floatDecimal(Number.NaN), undefined);
  assert.equal(floatDecimal(Math.fround(0.1)), undefined);
  assert.equal(denseAttr(tensor([Math.fround(0.1)], "f32")), "dense<0x3DCCCCCD> : tensor<1xf32>");
  assert.equal(denseAttr(tensor([0.1], "f64")), "dense<0.1> : tensor<1xf64>");
  assert.equal(
    denseAttr(tensor([Number.NaN, Number.NEGATIVE_INFINITY], "f64")),
    "dense<[0x7FF8000000000000, 0xFFF0000000000000]> : tensor<2xf64>",
  );
  assert.equal(denseAttr(tensor([Number.POSITIVE_INFINITY], "bf16")), "dense<0x7F80> : tensor<1xbf16>");
  assert.equal(denseAttr(tensor([0.5, 0.5], "f16")), "dense<0.5> : tensor<2xf16>");
});

test("dense attributes: splats, nested lists, bools, 64-bit integers and empty tensors", () => {
  assert.equal(
    denseAttr(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        "i32",
      ),
    ),
    "dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>",
  );
  assert.equal(denseAttr(tensor([true, false])), "dense<[true, false]> : tensor<2xi1>");
  assert.equal(denseAttr(tensor([2n ** 64n - 1n], "u64")), "dense<18446744073709551615> : tensor<1xui64>");
  assert.equal(denseAttr(tensor([-(2n ** 63n)], "i64")), "dense<-9223372036854775808> : tensor<1xi64>");
  assert.equal(denseAttr(tensor([[], []], "f32")), "dense<> : tensor<2x0xf32>");
  assert.equal(denseAttr(tensor(7, "u8")), "dense<7> : tensor<ui8>");
});

test("types and symbol names are spelled as MLIR wants", () => {
  assert.equal(tensorType("f32", []), "tensor<f32>");
  assert.equal(tensorType("bool", [0, 4]), "tensor<0x4xi1>");
  assert.equal(tensorType("u32", [2]), "tensor<2xui32>");
  assert.equal(symbolName("main"), "@main");
  assert.equal(symbolName("my model"), '@"my model"');
});

test("reduce lowers with a region; dot_general and compare with their attributes", () => {
  const g = new Graph();
  const x = g.parameter("x", "i32", [2, 3]);
  const text = toStableHLO(g, [
    tm.reduceMax(x, [1]),
    tm.lt(x, 0),
    tm.dotGeneral(x, x, { lhsBatch: [0], rhsBatch: [0], lhsContracting: [1], rhsContracting: [1] }),
  ]);
  assert.ok(
    text.includes('= "stablehlo.reduce"(%arg0, %0) ({\n    ^bb0(%lhs0: tensor<i32>, %rhs1: tensor<i32>):'),
  );
  assert.ok(
    text.includes(
      '      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<i32>, tensor<i32>) -> tensor<i32>',
    ),
  );
  assert.ok(
    text.includes("}) {dimensions = array<i64: 1>} : (tensor<2x3xi32>, tensor<i32>) -> tensor<2xi32>"),
  );
  assert.ok(text.includes("dense<-2147483648> : tensor<i32>"));
  assert.ok(
    text.includes(
      "{comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>}",
    ),
  );
  assert.ok(
    text.includes(
      "#stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>",
    ),
  );
});

test("compare_type follows the dtype: FLOAT, SIGNED, UNSIGNED, and UNSIGNED for bool", () => {
  assert.equal(lax.compareType("bf16"), "FLOAT");
  assert.equal(lax.compareType("i8"), "SIGNED");
  assert.equal(lax.compareType("u64"), "UNSIGNED");
  assert.equal(lax.compareType("bool"), "UNSIGNED");
});
