// Data movement kernels: broadcast_in_dim, reshape, transpose, slice (strided),
// concatenate, pad (negative and interior), incl. 0-size dims; checked against naive index math.
#include <numeric>

#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

std::vector<int32_t> range(int n) {
  std::vector<int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

std::vector<int32_t> run_i32(Suite& s, const std::string& op, const std::string& attrs, const std::vector<int64_t>& dims,
                             const std::string& in_type, const std::string& out_type) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  RunResult r = run(one_op(op, attrs, {in_type}, out_type), {make<int32_t>(ElementType::kS32, dims, range(int(n)))});
  s.check(r.ok, op + " " + in_type + " -> " + out_type + " runs: " + r.message);
  return r.ok ? values<int32_t>(r.outputs[0]) : std::vector<int32_t>{-999};
}

void broadcast(Suite& s) {
  s.current = "broadcast_in_dim";
  using V = std::vector<int32_t>;
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 1>", {3}, "tensor<3xi32>",
                  "tensor<2x3xi32>") == V{0, 1, 2, 0, 1, 2},
          "row vector to matrix");
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 0>", {3}, "tensor<3xi32>",
                  "tensor<3x2xi32>") == V{0, 0, 1, 1, 2, 2},
          "column");
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 0, 2>", {2, 1}, "tensor<2x1xi32>",
                  "tensor<2x2x3xi32>") == V{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
          "size-1 dims expand");
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64>", {}, "tensor<i32>",
                  "tensor<2x2xi32>") == V{0, 0, 0, 0},
          "scalar");
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 1, 0>", {2, 3}, "tensor<2x3xi32>",
                  "tensor<3x2xi32>") == V{0, 3, 1, 4, 2, 5},
          "permuting broadcast");
  s.check(run_i32(s, "stablehlo.broadcast_in_dim", "broadcast_dimensions = array<i64: 1>", {0}, "tensor<0xi32>",
                  "tensor<4x0xi32>").empty(),
          "0-size");
}

void reshape_transpose(Suite& s) {
  s.current = "reshape and transpose";
  using V = std::vector<int32_t>;
  s.check(run_i32(s, "stablehlo.reshape", "", {2, 3}, "tensor<2x3xi32>", "tensor<3x2xi32>") == range(6), "reshape keeps order");
  s.check(run_i32(s, "stablehlo.reshape", "", {1}, "tensor<1xi32>", "tensor<i32>") == V{0}, "reshape to scalar");
  // 3-D transpose against naive index math.
  const int64_t d0 = 2, d1 = 3, d2 = 4;
  V got = run_i32(s, "stablehlo.transpose", "permutation = array<i64: 2, 0, 1>", {d0, d1, d2}, "tensor<2x3x4xi32>",
                  "tensor<4x2x3xi32>");
  V want;
  for (int64_t k = 0; k < d2; ++k)
    for (int64_t i = 0; i < d0; ++i)
      for (int64_t j = 0; j < d1; ++j) want.push_back(int32_t((i * d1 + j) * d2 + k));
  s.check(got == want, "3-D permutation [2,0,1]");
  s.check(run_i32(s, "stablehlo.transpose", "permutation = array<i64: 1, 0>", {0, 3}, "tensor<0x3xi32>", "tensor<3x0xi32>")
              .empty(),
          "0-size transpose");
  // Other element widths.
  Tensor h = make<uint16_t>(ElementType::kBF16, {2, 2}, {1, 2, 3, 4});
  RunResult r = run(one_op("stablehlo.transpose", "permutation = array<i64: 1, 0>", {"tensor<2x2xbf16>"}, "tensor<2x2xbf16>"), {h});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{1, 3, 2, 4}, "bf16 transpose");
  Tensor d = make<double>(ElementType::kF64, {2, 2}, {1, 2, 3, 4});
  r = run(one_op("stablehlo.transpose", "permutation = array<i64: 1, 0>", {"tensor<2x2xf64>"}, "tensor<2x2xf64>"), {d});
  s.check(r.ok && values<double>(r.outputs[0]) == std::vector<double>{1, 3, 2, 4}, "f64 transpose");
  Tensor b = make<uint8_t>(ElementType::kPred, {2, 2}, {1, 1, 0, 0});
  r = run(one_op("stablehlo.transpose", "permutation = array<i64: 1, 0>", {"tensor<2x2xi1>"}, "tensor<2x2xi1>"), {b});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 1, 0}, "i1 transpose");
}

void slices(Suite& s) {
  s.current = "slice";
  using V = std::vector<int32_t>;
  s.check(run_i32(s, "stablehlo.slice",
                  "start_indices = array<i64: 1>, limit_indices = array<i64: 9>, strides = array<i64: 3>", {10},
                  "tensor<10xi32>", "tensor<3xi32>") == V{1, 4, 7},
          "strided 1-D");
  s.check(run_i32(s, "stablehlo.slice",
                  "limit_indices = array<i64: 4, 5>, start_indices = array<i64: 1, 0>, strides = array<i64: 2, 2>", {4, 5},
                  "tensor<4x5xi32>", "tensor<2x3xi32>") == V{5, 7, 9, 15, 17, 19},
          "strided 2-D, attributes in another order");
  s.check(run_i32(s, "stablehlo.slice", "start_indices = array<i64: 0, 1>, limit_indices = array<i64: 2, 3>", {2, 4},
                  "tensor<2x4xi32>", "tensor<2x2xi32>") == V{1, 2, 5, 6},
          "strides default to 1");
  s.check(run_i32(s, "stablehlo.slice",
                  "start_indices = array<i64: 2>, limit_indices = array<i64: 2>, strides = array<i64: 1>", {4},
                  "tensor<4xi32>", "tensor<0xi32>")
              .empty(),
          "empty slice");
}

void concatenates(Suite& s) {
  s.current = "concatenate";
  Tensor a = make<int32_t>(ElementType::kS32, {2, 2}, {1, 2, 3, 4});
  Tensor b = make<int32_t>(ElementType::kS32, {2, 1}, {9, 8});
  Tensor e = make<int32_t>(ElementType::kS32, {2, 0}, {});
  RunResult r = run(one_op("stablehlo.concatenate", "dimension = 1 : i64", {"tensor<2x2xi32>", "tensor<2x0xi32>", "tensor<2x1xi32>"},
                           "tensor<2x3xi32>"),
                    {a, e, b});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{1, 2, 9, 3, 4, 8}, "axis 1 with an empty operand: " + r.message);
  r = run(one_op("stablehlo.concatenate", "dimension = 0 : i64", {"tensor<2x2xi32>", "tensor<2x2xi32>"}, "tensor<4x2xi32>"), {a, a});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{1, 2, 3, 4, 1, 2, 3, 4}, "axis 0: " + r.message);
}

// Naive 1-D pad for checking: positions low + k*(interior+1).
std::vector<int32_t> naive_pad(const std::vector<int32_t>& x, int64_t low, int64_t high, int64_t interior, int32_t pad) {
  int64_t n = static_cast<int64_t>(x.size());
  int64_t out = low + high + n + (n > 0 ? (n - 1) * interior : 0);
  std::vector<int32_t> v(out > 0 ? out : 0, pad);
  for (int64_t k = 0; k < n; ++k) {
    int64_t p = low + k * (interior + 1);
    if (p >= 0 && p < out) v[p] = x[k];
  }
  return v;
}

void pads(Suite& s) {
  s.current = "pad";
  std::vector<int32_t> x = {1, 2, 3, 4, 5};
  Tensor xt = make<int32_t>(ElementType::kS32, {5}, x);
  Tensor pv = make<int32_t>(ElementType::kS32, {}, {-1});
  struct Case {
    int64_t low, high, interior;
  };
  for (Case c : {Case{1, 2, 1}, Case{-1, -1, 1}, Case{-3, 2, 0}, Case{0, -4, 2}, Case{2, 0, 0}, Case{-9, 0, 1}}) {
    std::vector<int32_t> want = naive_pad(x, c.low, c.high, c.interior, -1);
    std::string out = "tensor<" + std::to_string(want.size()) + "xi32>";
    std::string attrs = "edge_padding_low = array<i64: " + std::to_string(c.low) + ">, edge_padding_high = array<i64: " +
                        std::to_string(c.high) + ">, interior_padding = array<i64: " + std::to_string(c.interior) + ">";
    RunResult r = run(one_op("stablehlo.pad", attrs, {"tensor<5xi32>", "tensor<i32>"}, out), {xt, pv});
    s.check(r.ok && values<int32_t>(r.outputs[0]) == want,
            "1-D pad low " + std::to_string(c.low) + " high " + std::to_string(c.high) + " interior " +
                std::to_string(c.interior) + ": " + r.message);
  }
  // 2-D: low (1, -1), high (0, 1), interior (1, 0) on a 2x3 input.
  Tensor m = make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor z = make<float>(ElementType::kF32, {}, {0.5f});
  RunResult r = run(one_op("stablehlo.pad",
                           "edge_padding_low = array<i64: 1, -1>, edge_padding_high = array<i64: 0, 1>, interior_padding = array<i64: 1, 0>",
                           {"tensor<2x3xf32>", "tensor<f32>"}, "tensor<4x3xf32>"),
                    {m, z});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{0.5f, 0.5f, 0.5f, 2, 3, 0.5f, 0.5f, 0.5f, 0.5f, 5, 6, 0.5f},
          "2-D pad with negative low and interior: " + r.message);
  Tensor e = make<float>(ElementType::kF32, {0}, {});
  r = run(one_op("stablehlo.pad", "edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 3>",
                 {"tensor<0xf32>", "tensor<f32>"}, "tensor<2xf32>"),
          {e, z});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{0.5f, 0.5f}, "pad of an empty tensor: " + r.message);
}

}  // namespace

void shape_tests(Suite& s) {
  broadcast(s);
  reshape_transpose(s);
  slices(s);
  concatenates(s);
  pads(s);
}

}  // namespace tsmlx::cpu::test
