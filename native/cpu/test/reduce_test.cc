// reduce: fast-path bodies, general bodies through the scalar evaluator, multi-operand,
// NaN, integer wrap, i1, f16, 0-size inputs.
#include <limits>
#include <thread>

#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

// A reduce of one operand with a one-op body `body_op` (args in order `a, b` or swapped).
std::string reduce_module(const std::string& et, const std::string& in_dims, const std::string& out_dims,
                          const std::string& dims, const std::string& body_op, bool swapped = false) {
  std::string in = "tensor<" + in_dims + et + ">", out = "tensor<" + out_dims + et + ">", sc = "tensor<" + et + ">";
  std::string args = swapped ? "%b, %a" : "%a, %b";
  std::string body = "    %0 = \"stablehlo.reduce\"(%a0, %a1) ({\n    ^bb0(%a: " + sc + ", %b: " + sc + "):\n      %s = \"" +
                     body_op + "\"(" + args + ") : (" + sc + ", " + sc + ") -> " + sc + "\n      \"stablehlo.return\"(%s) : (" +
                     sc + ") -> ()\n    }) {dimensions = array<i64" + (dims.empty() ? std::string() : ": " + dims) + ">} : (" + in + ", " + sc + ") -> " + out;
  return module_of(in + ", " + sc, out, body, "%0");
}

void fast_bodies(Suite& s) {
  s.current = "reduce with one-op bodies";
  Tensor x = make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor zero = make<float>(ElementType::kF32, {}, {0});
  RunResult r = run(reduce_module("f32", "2x3x", "2x", "1", "stablehlo.add"), {x, zero});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{6, 15}, "sum over dim 1: " + r.message);
  r = run(reduce_module("f32", "2x3x", "3x", "0", "stablehlo.add", true), {x, zero});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{5, 7, 9}, "sum over dim 0, swapped args: " + r.message);
  r = run(reduce_module("f32", "2x3x", "", "0, 1", "stablehlo.add"), {x, make<float>(ElementType::kF32, {}, {10})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{31}, "sum over all with init 10: " + r.message);
  r = run(reduce_module("f32", "2x3x", "2x3x", "", "stablehlo.add"), {x, zero});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 2, 3, 4, 5, 6}, "no dims: " + r.message);
  r = run(reduce_module("f32", "2x3x", "2x", "1", "stablehlo.multiply"), {x, make<float>(ElementType::kF32, {}, {1})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{6, 120}, "product: " + r.message);
  const float ninf = -std::numeric_limits<float>::infinity();
  Tensor xn = make<float>(ElementType::kF32, {2, 3}, {1, std::nanf(""), 3, 4, 9, 6});
  r = run(reduce_module("f32", "2x3x", "2x", "1", "stablehlo.maximum"), {xn, make<float>(ElementType::kF32, {}, {ninf})});
  s.check(r.ok && std::isnan(values<float>(r.outputs[0])[0]) && values<float>(r.outputs[0])[1] == 9, "max propagates NaN: " + r.message);
  r = run(reduce_module("f32", "2x3x", "3x", "0", "stablehlo.minimum"), {x, make<float>(ElementType::kF32, {}, {2.5f})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 2, 2.5f}, "min with init: " + r.message);
  Tensor xi = make<int32_t>(ElementType::kS32, {3}, {std::numeric_limits<int32_t>::max(), 1, 1});
  r = run(reduce_module("i32", "3x", "", "0", "stablehlo.add"), {xi, make<int32_t>(ElementType::kS32, {}, {0})});
  s.check(r.ok && values<int32_t>(r.outputs[0])[0] == std::numeric_limits<int32_t>::min() + 1, "i32 sum wraps: " + r.message);
  Tensor xb = make<uint8_t>(ElementType::kPred, {2, 2}, {1, 0, 1, 1});
  r = run(reduce_module("i1", "2x2x", "2x", "1", "stablehlo.and"), {xb, make<uint8_t>(ElementType::kPred, {}, {1})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 1}, "i1 all: " + r.message);
  r = run(reduce_module("i1", "2x2x", "2x", "0", "stablehlo.or"), {xb, make<uint8_t>(ElementType::kPred, {}, {0})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 1}, "i1 any: " + r.message);
  // f16: 2048 + 1 + 1 in f16 stays 2048 when each step rounds (ties to even).
  Tensor xh = make<uint16_t>(ElementType::kF16, {2}, {0x3c00, 0x3c00});
  r = run(reduce_module("f16", "2x", "", "0", "stablehlo.add"), {xh, make<uint16_t>(ElementType::kF16, {}, {0x6800})});
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x6800, "f16 sum rounds each step: " + r.message);
  Tensor e = make<float>(ElementType::kF32, {0, 3}, {});
  r = run(reduce_module("f32", "0x3x", "3x", "0", "stablehlo.add"), {e, make<float>(ElementType::kF32, {}, {7})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{7, 7, 7}, "0-size reduced dim gives init: " + r.message);
  r = run(reduce_module("f32", "0x3x", "0x", "1", "stablehlo.add"), {e, zero});
  s.check(r.ok && r.outputs[0].type.to_string() == "tensor<0xf32>", "0-size kept dim: " + r.message);
  // 3-D over the middle dim, checked against a loop.
  std::vector<double> v(24);
  for (int i = 0; i < 24; ++i) v[i] = i * 0.5;
  r = run(reduce_module("f64", "2x3x4x", "2x4x", "1", "stablehlo.add"),
          {make<double>(ElementType::kF64, {2, 3, 4}, v), make<double>(ElementType::kF64, {}, {0})});
  std::vector<double> want(8, 0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) want[i * 4 + k] += v[(i * 3 + j) * 4 + k];
  s.check(r.ok && values<double>(r.outputs[0]) == want, "3-D middle dim: " + r.message);
}

void general_bodies(Suite& s) {
  s.current = "reduce with a general body";
  // acc + x*x: sum of squares.
  const char* text = R"mlir(module {
  func.func @main(%x: tensor<2x3xi64>, %z: tensor<i64>) -> tensor<2xi64> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%acc: tensor<i64>, %v: tensor<i64>):
      %sq = "stablehlo.multiply"(%v, %v) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      %s = "stablehlo.add"(%acc, %sq) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%s) : (tensor<i64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xi64>, tensor<i64>) -> tensor<2xi64>
    "func.return"(%0) : (tensor<2xi64>) -> ()
  }
})mlir";
  RunResult r = run(text, {make<int64_t>(ElementType::kS64, {2, 3}, {1, 2, 3, -1, -2, -4}),
                           make<int64_t>(ElementType::kS64, {}, {0})});
  s.check(r.ok && values<int64_t>(r.outputs[0]) == std::vector<int64_t>{14, 21}, "sum of squares: " + r.message);
  // A body with a constant and a nested op chain: max(acc, x) + 0 on f16.
  const char* text2 = R"mlir(module {
  func.func @main(%x: tensor<4xf16>, %z: tensor<f16>) -> tensor<f16> {
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%acc: tensor<f16>, %v: tensor<f16>):
      %c = "stablehlo.constant"() {value = dense<0.0> : tensor<f16>} : () -> tensor<f16>
      %m = "stablehlo.maximum"(%acc, %v) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      %s = "stablehlo.add"(%m, %c) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%s) : (tensor<f16>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<4xf16>, tensor<f16>) -> tensor<f16>
    "func.return"(%0) : (tensor<f16>) -> ()
  }
})mlir";
  r = run(text2, {make<uint16_t>(ElementType::kF16, {4}, {0x3c00, 0x4400, 0xc000, 0x4000}),
                  make<uint16_t>(ElementType::kF16, {}, {0xfc00})});
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x4400, "f16 max via a general body: " + r.message);
  // Run twice: the program is reusable and results are fresh.
  std::unique_ptr<Program> p;
  auto err = compile_program(text, &p);
  s.check(!err, "compiles");
  if (p) {
    std::vector<Tensor> out1, out2;
    Tensor x = make<int64_t>(ElementType::kS64, {2, 3}, {1, 1, 1, 2, 2, 2});
    Tensor z = make<int64_t>(ElementType::kS64, {}, {0});
    p->run({x, z}, &out1);
    p->run({x, z}, &out2);
    s.check(out1.size() == 1 && out2.size() == 1 && out1[0].storage != out2[0].storage &&
                values<int64_t>(out1[0]) == values<int64_t>(out2[0]) && values<int64_t>(out1[0]) == std::vector<int64_t>{3, 12},
            "two runs give equal values in fresh storage");
  }
}

void concurrent_runs(Suite& s) {
  s.current = "one Program run from several threads at once";
  const char* text = R"mlir(module {
  func.func @main(%x: tensor<8x16xf32>, %y: tensor<16x4xf32>) -> (tensor<8xf32>, tensor<8x4xf32>) {
    %z = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %0 = "stablehlo.reduce"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %m = "stablehlo.multiply"(%b, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %s = "stablehlo.add"(%a, %m) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%s) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %1 = "stablehlo.dot_general"(%x, %y) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
    "func.return"(%0, %1) : (tensor<8xf32>, tensor<8x4xf32>) -> ()
  }
})mlir";
  std::unique_ptr<Program> p;
  auto err = compile_program(text, &p);
  s.check(!err, "compiles");
  if (!p) return;
  std::vector<float> xv(128), yv(64);
  for (int i = 0; i < 128; ++i) xv[i] = float(i % 7) - 3;
  for (int i = 0; i < 64; ++i) yv[i] = float(i % 5) - 2;
  Tensor x = make<float>(ElementType::kF32, {8, 16}, xv), y = make<float>(ElementType::kF32, {16, 4}, yv);
  std::vector<Tensor> ref;
  p->run({x, y}, &ref);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::vector<Tensor> out;
        if (p->run({x, y}, &out) || values<float>(out[0]) != values<float>(ref[0]) ||
            values<float>(out[1]) != values<float>(ref[1]))
          ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  s.check(mismatches == std::vector<int>(4, 0), "every concurrent run matches the first");
}

}  // namespace

void reduce_tests(Suite& s) {
  concurrent_runs(s);
  fast_bodies(s);
  general_bodies(s);
}

}  // namespace tsmlx::cpu::test
