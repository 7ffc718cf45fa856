// reduce: fast-path bodies, general bodies through the scalar evaluator, multi-operand,
// NaN, integer wrap, i1, f16, 0-size inputs; fast_reduce's layouts against the sequential
// kernel (exact for integer, max and min; within a bound of an f64 sum for float add).
#include <limits>
#include <thread>

#include "kernels/fast_reduce.h"
#include "kernels/kernels.h"
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

// ---- fast_reduce against reduce_sequential ----

// Dims of the output of reducing `dims` over `in`.
std::vector<int64_t> kept_dims(const std::vector<int64_t>& in, const std::vector<int64_t>& dims) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < in.size(); ++i)
    if (std::find(dims.begin(), dims.end(), static_cast<int64_t>(i)) == dims.end()) out.push_back(in[i]);
  return out;
}

std::string dims_str(const std::vector<int64_t>& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}

// Runs fast_reduce and reduce_sequential on the same input; returns false when the fast
// path declined. `fast` and `ref` receive the outputs.
bool both(const Tensor& x, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op, Tensor* fast,
          Tensor* ref) {
  Tensor f, r;
  f.type.type = r.type.type = x.type.type;
  f.type.dims = r.type.dims = kept_dims(x.type.dims, dims);
  f.storage = Storage::allocate(f.type.byte_size());
  r.storage = Storage::allocate(r.type.byte_size());
  const bool took = kernels::fast_reduce(x, init, dims, op, f);
  kernels::reduce_sequential(x, init, dims, op, r);
  *fast = f;
  *ref = r;
  return took;
}

bool same_bytes(const Tensor& a, const Tensor& b) {
  return a.type.byte_size() == b.type.byte_size() &&
         std::memcmp(a.storage->data(), b.storage->data(), a.type.byte_size()) == 0;
}

// Integer-valued input of type T with a few values spread over the range, by a fixed LCG.
template <class T>
Tensor random_of(ElementType et, const std::vector<int64_t>& dims, uint32_t seed) {
  Tensor t = make<T>(et, dims, {});
  auto* p = static_cast<T*>(t.storage->data());
  uint32_t s = seed * 2654435761u + 7;
  for (int64_t i = 0; i < t.type.num_elements(); ++i) {
    s = s * 1664525u + 1013904223u;
    if constexpr (std::is_floating_point_v<T>) p[i] = static_cast<T>((s >> 8) & 0xffff) / T(32768) - T(1);
    else if constexpr (sizeof(T) == 1) p[i] = static_cast<T>(et == ElementType::kPred ? (s >> 20) & 1 : s >> 24);
    else p[i] = static_cast<T>(s >> 16) - static_cast<T>(1000);
  }
  return t;
}

// The documented float-add order of fast_reduce.cc, written as one serial loop per output:
// checks that the fast path follows it bit for bit whatever the thread count.
std::vector<float> documented_order(const std::vector<float>& x, float init, int64_t A, int64_t M, int64_t C) {
  const int64_t kBlock = 16384, kLanes = 16;
  std::vector<float> out(A * C);
  for (int64_t a = 0; a < A; ++a) {
    for (int64_t c = 0; c < C; ++c) {
      const float* col = x.data() + a * M * C + c;
      auto at = [&](int64_t r) { return col[r * C]; };
      float acc = init;
      if (C > 1) {
        const int64_t R = (kBlock + C - 1) / C;
        if (C >= 1024 || M <= R) {
          for (int64_t r = 0; r < M; ++r) acc += at(r);
        } else {
          for (int64_t r = 0; r < std::min(M, R); ++r) acc += at(r);
          for (int64_t r0 = R; r0 < M; r0 += R) {
            float b = at(r0);
            for (int64_t r = r0 + 1; r < std::min(M, r0 + R); ++r) b += at(r);
            acc += b;
          }
        }
      } else if (M < 2 * kLanes) {
        for (int64_t r = 0; r < M; ++r) acc += at(r);
      } else {
        for (int64_t i0 = 0; i0 < M; i0 += kBlock) {
          const int64_t n = std::min(kBlock, M - i0);
          float b;
          if (n < kLanes) {
            b = at(i0);
            for (int64_t i = 1; i < n; ++i) b += at(i0 + i);
          } else {
            float lane[16];
            for (int64_t j = 0; j < kLanes; ++j) lane[j] = at(i0 + j);
            for (int64_t i = kLanes; i < n; ++i) lane[(i - kLanes) % kLanes] += at(i0 + i);
            for (int64_t w = kLanes / 2; w >= 1; w /= 2)
              for (int64_t j = 0; j < w; ++j) lane[j] += lane[j + w];
            b = lane[0];
          }
          acc += b;
        }
      }
      out[a * C + c] = acc;
    }
  }
  return out;
}

// Layouts that collapse to [A, M, C] at sizes below, at and above the vector width (16
// lanes), the block (16384 elements) and the wide-column limit (1024).
void fast_layouts(Suite& s) {
  s.current = "fast_reduce layouts against the sequential kernel";
  struct Case {
    std::vector<int64_t> in, dims;
  };
  std::vector<Case> cases;
  for (int64_t c : {1, 3, 17, 33, 65})
    for (int64_t m : {1, 2, 1023, 65537}) cases.push_back({{m, c}, {0}});
  for (int64_t m : {15, 16, 17, 31, 32, 33, 16383, 16384, 16385, 2 * 16384 + 16 + 3, 3 * 16384 + 5})
    cases.push_back({{2, m}, {1}});
  for (int64_t m : {496, 497, 498, 994, 995}) cases.push_back({{3, m, 33}, {1}});  // 497 rows per block at C = 33
  for (int64_t c : {1023, 1024, 1500}) cases.push_back({{40, c}, {0}});
  cases.push_back({{64, 8, 8, 32}, {0, 1, 2}});       // bias gradient
  cases.push_back({{1, 64, 1, 32}, {0, 1, 2}});       // size-1 dims dropped
  cases.push_back({{2, 3, 4, 5}, {1, 2}});            // [A, M, C]
  cases.push_back({{64, 10}, {1}});                   // softmax rows
  cases.push_back({{7, 5}, {}});                      // nothing reduced
  cases.push_back({{2048, 128}, {0, 1}});             // to a scalar
  cases.push_back({{5, 1, 70000}, {1, 2}});           // long rows
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& cs = cases[k];
    const std::string what = dims_str(cs.in) + " over " + dims_str(cs.dims);
    Tensor xf = random_of<float>(ElementType::kF32, cs.in, uint32_t(k));
    Tensor f, r;
    // Float add: the documented order exactly, and within the rounding bound of an f64 sum.
    const Tensor init_f = make<float>(ElementType::kF32, {}, {0.25f});
    bool took = both(xf, init_f, cs.dims, ir::OpKind::kAdd, &f, &r);
    s.check(took, "f32 add takes the fast path: " + what);
    int64_t A = 1, M = 1, C = 1;  // the collapsed layout, recomputed here
    {
      std::vector<std::pair<int64_t, bool>> g;
      for (size_t i = 0; i < cs.in.size(); ++i) {
        if (cs.in[i] == 1) continue;
        bool red = std::find(cs.dims.begin(), cs.dims.end(), int64_t(i)) != cs.dims.end();
        if (!g.empty() && g.back().second == red) g.back().first *= cs.in[i];
        else g.emplace_back(cs.in[i], red);
      }
      size_t j = 0;
      if (j < g.size() && !g[j].second && !(g.size() == 1)) A = g[j++].first;
      if (j < g.size() && g[j].second) M = g[j++].first;
      if (j < g.size() && !g[j].second) C = g[j++].first;
    }
    const auto xv = values<float>(xf);
    const auto fv = values<float>(f), rv = values<float>(r);
    s.check(fv == documented_order(xv, 0.25f, A, M, C), "f32 add follows the documented order: " + what);
    double worst = 0, worst_ref = 0;
    bool within = true;
    for (int64_t a = 0; a < A; ++a)
      for (int64_t c = 0; c < C; ++c) {
        double exact = 0.25, abs_sum = 0.25;
        for (int64_t m = 0; m < M; ++m) {
          exact += xv[(a * M + m) * C + c];
          abs_sum += std::fabs(xv[(a * M + m) * C + c]);
        }
        // |error| <= (longest chain of additions) * 2^-24 * sum |x|; the chains are at most
        // rows-per-block + blocks (columns) or block/16 + 4 + blocks (rows), < 2100 here.
        const double err = std::fabs(fv[a * C + c] - exact), err_ref = std::fabs(rv[a * C + c] - exact);
        within = within && err <= 2100.0 * std::ldexp(1.0, -24) * abs_sum;
        worst = std::max(worst, err / abs_sum);
        worst_ref = std::max(worst_ref, err_ref / abs_sum);
      }
    s.check(within, "f32 add within the error bound of the f64 sum: " + what + " (worst relative " +
                        std::to_string(worst) + ", sequential " + std::to_string(worst_ref) + ")");
    if (M <= 2 * 16) s.check(fv == rv, "f32 add of short reductions equals the sequential order: " + what);
    // f64 add, same bound checks through the sequential kernel's result.
    Tensor xd = random_of<double>(ElementType::kF64, cs.in, uint32_t(k));
    took = both(xd, make<double>(ElementType::kF64, {}, {0}), cs.dims, ir::OpKind::kAdd, &f, &r);
    const auto fd = values<double>(f), rd = values<double>(r);
    double dworst = 0;
    for (size_t i = 0; i < fd.size(); ++i) dworst = std::max(dworst, std::fabs(fd[i] - rd[i]));
    s.check(took && dworst <= 1e-9, "f64 add close to the sequential sum: " + what + " diff " + std::to_string(dworst));
    // Maximum and minimum: bit-exact, including which zero and which NaN.
    for (ir::OpKind op : {ir::OpKind::kMaximum, ir::OpKind::kMinimum}) {
      const float ninf = -std::numeric_limits<float>::infinity();
      took = both(xf, make<float>(ElementType::kF32, {}, {op == ir::OpKind::kMaximum ? ninf : -ninf}), cs.dims, op, &f,
                  &r);
      s.check(took && same_bytes(f, r), std::string("f32 ") + ir::op_name(op) + " bit-exact: " + what);
    }
    // Integer ops are exact in any order.
    Tensor xi = random_of<int32_t>(ElementType::kS32, cs.in, uint32_t(k));
    for (ir::OpKind op : {ir::OpKind::kAdd, ir::OpKind::kMultiply, ir::OpKind::kMaximum, ir::OpKind::kMinimum,
                          ir::OpKind::kAnd, ir::OpKind::kOr}) {
      took = both(xi, make<int32_t>(ElementType::kS32, {}, {3}), cs.dims, op, &f, &r);
      s.check(took && same_bytes(f, r), std::string("s32 ") + ir::op_name(op) + " exact: " + what);
    }
  }
  // Other integer widths and i1.
  const std::vector<int64_t> in = {1023, 17};
  Tensor f, r;
  Tensor xb = random_of<uint8_t>(ElementType::kPred, in, 5);
  for (ir::OpKind op : {ir::OpKind::kAnd, ir::OpKind::kOr, ir::OpKind::kAdd, ir::OpKind::kMaximum}) {
    bool took = both(xb, make<uint8_t>(ElementType::kPred, {}, {1}), {0}, op, &f, &r);
    s.check(took && same_bytes(f, r), std::string("i1 ") + ir::op_name(op) + " exact");
    took = both(xb, make<uint8_t>(ElementType::kPred, {}, {0}), {1}, op, &f, &r);
    s.check(took && same_bytes(f, r), std::string("i1 rows ") + ir::op_name(op) + " exact");
  }
  Tensor xu8 = random_of<uint8_t>(ElementType::kU8, {70000}, 9);
  bool took = both(xu8, make<uint8_t>(ElementType::kU8, {}, {0}), {0}, ir::OpKind::kAdd, &f, &r);
  s.check(took && same_bytes(f, r), "u8 sum wraps like the sequential one");
  Tensor xs64 = random_of<int64_t>(ElementType::kS64, {300, 65}, 11);
  took = both(xs64, make<int64_t>(ElementType::kS64, {}, {1}), {0}, ir::OpKind::kMultiply, &f, &r);
  s.check(took && same_bytes(f, r), "s64 product exact");
  // Declined: float multiply, 16-bit floats, layouts with two reduced groups, empty inputs.
  Tensor xf = random_f32({4, 5, 6}, 3);
  s.check(!both(xf, make<float>(ElementType::kF32, {}, {1}), {1}, ir::OpKind::kMultiply, &f, &r), "f32 multiply declined");
  s.check(!both(xf, make<float>(ElementType::kF32, {}, {0}), {0, 2}, ir::OpKind::kAdd, &f, &r),
          "[R, K, R] declined");
  s.check(!both(make<uint16_t>(ElementType::kF16, {4, 40}, std::vector<uint16_t>(160, 0x3c00)),
                make<uint16_t>(ElementType::kF16, {}, {0}), {1}, ir::OpKind::kAdd, &f, &r),
          "f16 declined");
  s.check(!both(make<float>(ElementType::kF32, {0, 40}, {}), make<float>(ElementType::kF32, {}, {0}), {0},
                ir::OpKind::kAdd, &f, &r),
          "empty input declined");
}

// Max and min with NaN (two payloads), infinities and both zeros against the sequential
// kernel, bit for bit, through every layout.
void fast_special_values(Suite& s) {
  s.current = "fast_reduce max/min with NaN, Inf and signed zeros";
  const float inf = std::numeric_limits<float>::infinity();
  auto from_bits = [](uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  };
  const float nan1 = from_bits(0x7fc00001u), nan2 = from_bits(0xffc00002u);
  struct Layout {
    std::vector<int64_t> in, dims;
  };
  const std::vector<Layout> layouts = {{{3000, 33}, {0}}, {{33, 3000}, {1}}, {{40000}, {0}}, {{2, 20000, 3}, {1}},
                                       {{5, 20}, {1}}};
  int k = 0;
  for (const Layout& lay : layouts) {
    int64_t n = 1;
    for (int64_t d : lay.in) n *= d;
    // Each pattern: (position fraction, value) placed into a base of values.
    for (int pattern = 0; pattern < 8; ++pattern, ++k) {
      std::vector<float> v(n);
      for (int64_t i = 0; i < n; ++i) {
        switch (pattern) {
          case 0: v[i] = (i % 3 == 0) ? -0.0f : 0.0f; break;        // only zeros of both signs
          case 1: v[i] = (i % 5 == 0) ? 0.0f : -0.0f; break;
          case 2: v[i] = (i % 7 == 0) ? inf : -inf; break;           // infinities
          case 3: v[i] = float(i % 11) - 5; break;                   // ties at the extremes
          default: v[i] = float(i % 13) * 0.5f - 3; break;
        }
      }
      if (pattern == 4 || pattern == 5) {  // NaNs of two payloads far apart
        v[n / 3] = pattern == 4 ? nan1 : nan2;
        v[n - 2] = pattern == 4 ? nan2 : nan1;
        v[7] = -inf;
      }
      if (pattern >= 6) {  // two NaNs close together, the later one in a lower lane
        for (int64_t i = 0; i < n; ++i) {
          if (i % 1000 == 33) v[i] = pattern == 6 ? nan1 : nan2;
          if (i % 1000 == 48) v[i] = pattern == 6 ? nan2 : nan1;
        }
      }
      Tensor x = make<float>(ElementType::kF32, lay.in, v);
      for (ir::OpKind op : {ir::OpKind::kMaximum, ir::OpKind::kMinimum}) {
        for (float init : {-inf, inf, 0.0f, -0.0f, nan2}) {
          Tensor f, r;
          bool took = both(x, make<float>(ElementType::kF32, {}, {init}), lay.dims, op, &f, &r);
          s.check(took && same_bytes(f, r), std::string(ir::op_name(op)) + " pattern " + std::to_string(pattern) +
                                                " init " + std::to_string(init) + " on " + dims_str(lay.in));
        }
      }
    }
  }
  // Float add: Inf and NaN propagate.
  std::vector<float> v(40000, 1.0f);
  v[123] = inf;
  Tensor x = make<float>(ElementType::kF32, {40000}, v);
  Tensor f, r;
  both(x, make<float>(ElementType::kF32, {}, {0}), {0}, ir::OpKind::kAdd, &f, &r);
  s.check(values<float>(f)[0] == inf, "sum with +Inf is +Inf");
  v[200 + 123] = -inf;  // the same column as v[123] once viewed as [200, 200]
  x = make<float>(ElementType::kF32, {200, 200}, v);
  both(x, make<float>(ElementType::kF32, {}, {0}), {0}, ir::OpKind::kAdd, &f, &r);
  const auto cols = values<float>(f);
  s.check(std::isnan(cols[123]) && cols[124] == 200.0f, "a column with +Inf and -Inf sums to NaN, its neighbour to 200");
}

// reduce() end to end: empty reductions give init, and the fast path is taken by reduce.
void fast_through_reduce(Suite& s) {
  s.current = "kernels::reduce with the fast paths";
  auto run_reduce = [](const Tensor& x, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op) {
    Tensor out;
    out.type.type = x.type.type;
    out.type.dims = kept_dims(x.type.dims, dims);
    out.storage = Storage::allocate(out.type.byte_size());
    kernels::reduce({&x}, {&init}, dims, op, nullptr, {&out});
    return out;
  };
  Tensor e = make<float>(ElementType::kF32, {4, 0, 3}, {});
  Tensor out = run_reduce(e, make<float>(ElementType::kF32, {}, {7}), {0, 1}, ir::OpKind::kAdd);
  s.check(values<float>(out) == std::vector<float>{7, 7, 7}, "empty reduction gives init");
  out = run_reduce(e, make<float>(ElementType::kF32, {}, {-1}), {1}, ir::OpKind::kMaximum);
  s.check(values<float>(out) == std::vector<float>(12, -1), "empty reduced dim under max gives init");
  Tensor x = random_f32({64, 16, 16, 64}, 21);
  out = run_reduce(x, make<float>(ElementType::kF32, {}, {0}), {0, 1, 2}, ir::OpKind::kAdd);
  const auto xv = values<float>(x);
  s.check(values<float>(out) == documented_order(xv, 0.0f, 1, 64 * 16 * 16, 64),
          "bias gradient f32[64,16,16,64] -> [64] through reduce()");
}

}  // namespace

void reduce_tests(Suite& s) {
  fast_layouts(s);
  fast_special_values(s);
  fast_through_reduce(s);
  concurrent_runs(s);
  fast_bodies(s);
  general_bodies(s);
}

}  // namespace tsmlx::cpu::test
