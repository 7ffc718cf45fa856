// Verifier errors: each names the line and op and says what it got vs expected.
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

// Compiles and checks the error code and that the message contains `needle`.
void expect_error(Suite& s, const std::string& text, int code, const std::string& needle, const std::string& what) {
  RunResult r = compile_only(text);
  s.check(!r.ok && r.code == code && r.message.find(needle) != std::string::npos,
          what + ": got code " + std::to_string(r.code) + " \"" + r.message + "\"");
}

void errors(Suite& s) {
  s.current = "verifier errors";
  expect_error(s, one_op("stablehlo.add", "", {"tensor<2xf32>", "tensor<3xf32>"}, "tensor<2xf32>"), 3,
               "line 3: [stablehlo.add] operand types tensor<2xf32> and tensor<3xf32> differ", "elementwise shapes");
  expect_error(s, one_op("stablehlo.add", "", {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xf64>"), 3,
               "[stablehlo.add] result type tensor<2xf64> does not match the expected tensor<2xf32>", "result type");
  expect_error(s,
               module_of("tensor<2xf32>", "tensor<2xf32>",
                         "    %0 = \"stablehlo.abs\"(%a0) : (tensor<2xi32>) -> tensor<2xf32>", "%0"),
               3, "operand #0 %a0 has type tensor<2xf32> but the signature says tensor<2xi32>", "signature vs value type");
  expect_error(s, one_op("stablehlo.exponential", "", {"tensor<2xi32>"}, "tensor<2xi32>"), 3,
               "[stablehlo.exponential] needs a float operand, got tensor<2xi32>", "float-only op on ints");
  expect_error(s, one_op("stablehlo.and", "", {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xf32>"), 3,
               "[stablehlo.and] needs integer or i1 operands", "bitwise op on floats");
  expect_error(s, one_op("stablehlo.subtract", "", {"tensor<2xi1>", "tensor<2xi1>"}, "tensor<2xi1>"), 3,
               "[stablehlo.subtract] does not accept tensor<2xi1>", "subtract on i1");
  expect_error(s,
               one_op("stablehlo.compare",
                      "comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>",
                      {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xi1>"),
               3, "compare_type SIGNED does not fit tensor<2xf32>", "compare type");
  expect_error(s, one_op("stablehlo.compare", "", {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xi1>"), 3,
               "[stablehlo.compare] missing attribute comparison_direction", "missing attribute");
  expect_error(s,
               one_op("stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 0>", {"tensor<3xf32>"},
                      "tensor<2x3xf32>"),
               3, "operand dimension 0 of tensor<3xf32> cannot broadcast to tensor<2x3xf32>", "broadcast dims");
  expect_error(s, one_op("stablehlo.reshape", "", {"tensor<2x3xf32>"}, "tensor<5xf32>"), 3,
               "cannot reshape tensor<2x3xf32> to tensor<5xf32>", "reshape count");
  expect_error(s, one_op("stablehlo.transpose", "permutation = array<i64: 0, 0>", {"tensor<2x3xf32>"}, "tensor<2x3xf32>"), 3,
               "is not a permutation", "transpose permutation");
  expect_error(s,
               one_op("stablehlo.slice", "start_indices = array<i64: 0>, limit_indices = array<i64: 5>", {"tensor<4xf32>"},
                      "tensor<5xf32>"),
               3, "invalid for tensor<4xf32>", "slice out of range");
  expect_error(s, one_op("stablehlo.concatenate", "dimension = 0 : i64", {"tensor<2x2xf32>", "tensor<2x3xf32>"}, "tensor<4x2xf32>"),
               3, "does not fit", "concatenate shapes");
  expect_error(s,
               one_op("stablehlo.pad", "edge_padding_low = array<i64: -3>, edge_padding_high = array<i64: 0>",
                      {"tensor<2xf32>", "tensor<f32>"}, "tensor<0xf32>"),
               3, "negative", "pad below zero");
  expect_error(s,
               one_op("stablehlo.dot_general",
                      "dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>",
                      {"tensor<64x2048xf32>", "tensor<1024x128xf32>"}, "tensor<64x128xf32>"),
               3, "contracting dims of lhs tensor<64x2048xf32> and rhs tensor<1024x128xf32> differ: 2048 vs 1024",
               "dot contracting sizes");
  expect_error(s,
               one_op("stablehlo.dot_general",
                      "dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>",
                      {"tensor<2x3xf32>", "tensor<3x4xf32>"}, "tensor<4x2xf32>"),
               3, "result type tensor<4x2xf32> does not match the expected tensor<2x4xf32>", "dot result");
  expect_error(s,
               one_op("stablehlo.dot_general",
                      "dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>",
                      {"tensor<2x3xi1>", "tensor<3x4xi1>"}, "tensor<2x4xf32>"),
               3, "need an i1 result", "i1 dot with a float result");
  expect_error(s, one_op("stablehlo.iota", "iota_dimension = 2 : i64", {}, "tensor<2x3xf32>"), 3, "out of range", "iota dim");
  expect_error(s, one_op("stablehlo.select", "", {"tensor<2xi32>", "tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xf32>"), 3,
               "predicate must be i1", "select pred");
  expect_error(s,
               "module {\n func.func @main(%a: tensor<2xf32>) -> tensor<3xf32> {\n return %a : tensor<2xf32>\n }\n}", 3,
               "result #0 has type tensor<2xf32> but @main declares tensor<3xf32>", "return type");
  expect_error(s, "module {\n func.func @main(%a: tensor<f32>) -> tensor<f32> {\n %0 = \"stablehlo.abs\"(%a) : (tensor<f32>) -> tensor<f32>\n }\n}",
               3, "block must end with func.return", "missing return");
  expect_error(s,
               "module {\n func.func @main(%a: tensor<f32>) -> tensor<f32> {\n return %a : tensor<f32>\n %0 = \"stablehlo.abs\"(%a) : (tensor<f32>) -> tensor<f32>\n }\n}",
               3, "line 4: block must end with func.return", "op after return");
  const char* bad_body = R"mlir(module {
  func.func @main(%x: tensor<3xf32>, %z: tensor<f32>) -> tensor<f32> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>):
      "stablehlo.return"(%a) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%0) : (tensor<f32>) -> ()
  }
})mlir";
  expect_error(s, bad_body, 3, "line 3: [stablehlo.reduce] body takes 1 arguments, expected 2", "reduce body arity");
  const char* bad_ret = R"mlir(module {
  func.func @main(%x: tensor<3xf32>, %z: tensor<f32>) -> tensor<f32> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %c = "stablehlo.convert"(%a) : (tensor<f32>) -> tensor<f64>
      "stablehlo.return"(%c) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%0) : (tensor<f32>) -> ()
  }
})mlir";
  expect_error(s, bad_ret, 3, "line 6: [stablehlo.return] body result tensor<f64> should be tensor<f32>", "reduce body result");
  const char* reduce_dims = R"mlir(module {
  func.func @main(%x: tensor<3xf32>, %z: tensor<f32>) -> tensor<f32> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      "stablehlo.return"(%a) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%0) : (tensor<f32>) -> ()
  }
})mlir";
  expect_error(s, reduce_dims, 3, "dimensions [1] invalid for tensor<3xf32>", "reduce dims");
  const char* two_funcs = R"mlir(module {
  func.func @f(%a: tensor<f32>) -> tensor<f32> { return %a : tensor<f32> }
  func.func @g(%a: tensor<f32>) -> tensor<f32> { return %a : tensor<f32> }
})mlir";
  expect_error(s, two_funcs, 3, "none is @main", "entry function");
}

void region_scoping(Suite& s) {
  s.current = "region names are scoped; regions may use outer values";
  const char* text = R"mlir(module {
  func.func @main(%x: tensor<3xf32>, %z: tensor<f32>, %w: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %t = "stablehlo.multiply"(%s, %w) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    %1 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%s) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%0, %1) : (tensor<f32>, tensor<f32>) -> ()
  }
})mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {3}, {1, 2, 3}), make<float>(ElementType::kF32, {}, {0}),
                           make<float>(ElementType::kF32, {}, {2})});
  // ((0+1)*2 + 2)*2 + 3)*2 = 22
  s.check(r.ok && values<float>(r.outputs[0])[0] == 22 && values<float>(r.outputs[1])[0] == 6,
          "outer value in a body, same names in sibling regions: " + r.message);
  expect_error(s, R"mlir(module {
  func.func @main(%x: tensor<3xf32>, %z: tensor<f32>) -> tensor<f32> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      "stablehlo.return"(%a) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%a) : (tensor<f32>) -> ()
  }
})mlir",
               3, "line 7: use of undefined value %a", "region values are not visible outside");
}

}  // namespace

void verifier_tests(Suite& s) {
  errors(s);
  region_scoping(s);
}

}  // namespace tsmlx::cpu::test
