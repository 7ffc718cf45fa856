// A tiny test harness for the engine's unit tests: checks that count failures instead of
// aborting, and helpers that compile and run StableHLO text.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::test {

// Counts passed and failed checks. Example: Suite s; s.check(x == 1, "x is 1");
struct Suite {
  int passed = 0;
  int failed = 0;
  std::string current;  // name of the running test

  void check(bool ok, const std::string& what) {
    if (ok) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL [%s] %s\n", current.c_str(), what.c_str());
    }
  }
};

// A host tensor of type E built from values. Example: make<float>(ElementType::kF32, {2}, {1, 2});
template <class T>
Tensor make(ElementType type, std::vector<int64_t> dims, const std::vector<T>& values) {
  Tensor t;
  t.type.type = type;
  t.type.dims = std::move(dims);
  t.storage = Storage::allocate(t.type.byte_size());
  if (!values.empty()) std::memcpy(t.storage->data(), values.data(), values.size() * sizeof(T));
  return t;
}

// The elements of t as T. Example: auto v = values<float>(out);
template <class T>
std::vector<T> values(const Tensor& t) {
  std::vector<T> v(static_cast<size_t>(t.type.num_elements()));
  if (!v.empty()) std::memcpy(v.data(), t.storage->data(), v.size() * sizeof(T));
  return v;
}

// Result of compiling and running a module.
struct RunResult {
  bool ok = false;
  int code = 0;
  std::string message;
  std::vector<Tensor> outputs;
};

// Compiles `text` and runs it on `args`. Example: auto r = run(text, {x});
RunResult run(const std::string& text, const std::vector<Tensor>& args);
// Compiles only; returns the error (code 0 and empty message when it compiled).
RunResult compile_only(const std::string& text);

// Wraps one op line in a module with the given parameter and result types.
// Example: module_of("tensor<2xf32>, tensor<2xf32>", "tensor<2xf32>", "%0 = ...", "%0")
std::string module_of(const std::string& params, const std::string& results, const std::string& body,
                      const std::string& ret);

// A module whose body is one op over the parameters %a0.. of `in_types`, returning its result.
// Example: one_op("stablehlo.add", "", {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xf32>")
std::string one_op(const std::string& op, const std::string& attrs, const std::vector<std::string>& in_types,
                   const std::string& out_type);

// Bitwise equality of floats (NaN == NaN).
inline bool same_float(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// A deterministic f32 tensor with values in [-1, 1). Example: random_f32({2, 3}, 7);
inline Tensor random_f32(const std::vector<int64_t>& dims, uint32_t seed) {
  Tensor t;
  t.type.type = ElementType::kF32;
  t.type.dims = dims;
  t.storage = Storage::allocate(t.type.byte_size());
  auto* p = static_cast<float*>(t.storage->data());
  uint32_t s = seed * 2654435761u + 1;
  for (int64_t i = 0; i < t.type.num_elements(); ++i) {
    s = s * 1664525u + 1013904223u;
    p[i] = static_cast<float>((s >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
  return t;
}

// Pooling windows over `size` with the select (>=) of max-pooling's gradient and no
// dilations. Example: pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0});
inline ir::WindowDims pool_window(std::vector<int64_t> size, std::vector<int64_t> strides,
                                  std::vector<int64_t> pad_lo, std::vector<int64_t> pad_hi) {
  ir::WindowDims w;
  const size_t n = size.size();
  w.size = std::move(size);
  w.strides = std::move(strides);
  w.pad_lo = std::move(pad_lo);
  w.pad_hi = std::move(pad_hi);
  w.base_dilation.assign(n, 1);
  w.window_dilation.assign(n, 1);
  w.fast_select = true;
  w.select_dir = ir::CompareDir::kGE;
  return w;
}

// Checks that two f32 tensors differ by at most `tol` anywhere (a fast kernel against the
// reference). Example: check_max_diff(s, want, got, 1e-5);
inline void check_max_diff(Suite& s, const Tensor& want, const Tensor& got, double tol) {
  const auto a = values<float>(want), b = values<float>(got);
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
  s.check(worst <= tol, "max |fast - reference| = " + std::to_string(worst));
}

// Convolution dims with the given layout, unit strides and dilations, no padding or reversal.
// Example: conv_dims(0, 3, {1, 2}, 2, 3, {0, 1}, 0, 3, {1, 2}) for NHWC x HWIO -> NHWC.
inline ir::ConvDims conv_dims(int64_t ib, int64_t ifeat, std::vector<int64_t> isp, int64_t ki, int64_t ko,
                              std::vector<int64_t> ksp, int64_t ob, int64_t of, std::vector<int64_t> osp) {
  ir::ConvDims d;
  d.in_batch = ib;
  d.in_feature = ifeat;
  d.in_spatial = std::move(isp);
  d.k_in = ki;
  d.k_out = ko;
  d.k_spatial = std::move(ksp);
  d.out_batch = ob;
  d.out_feature = of;
  d.out_spatial = std::move(osp);
  const size_t n = d.in_spatial.size();
  d.strides.assign(n, 1);
  d.pad_lo.assign(n, 0);
  d.pad_hi.assign(n, 0);
  d.lhs_dilation.assign(n, 1);
  d.rhs_dilation.assign(n, 1);
  d.reversal.assign(n, false);
  return d;
}

// Test groups, one per file.
void parser_tests(Suite& s);
void verifier_tests(Suite& s);
void elementwise_tests(Suite& s);
void shape_tests(Suite& s);
void reduce_tests(Suite& s);
void dot_tests(Suite& s);
void indexing_tests(Suite& s);
void window_tests(Suite& s);  // convolution, reduce_window, select_and_scatter, reverse
void fast_tests(Suite& s);    // fast kernels against the reference kernels
void plan_tests(Suite& s);    // fusion, in-place updates, donation, storage pool (plan_test.cc)
void epilogue_tests(Suite& s);  // convolution epilogues against op-by-op runs (epilogue_test.cc)
void dnnl_tests(Suite& s);    // oneDNN convolution and parallel pooling against the reference kernels
void rng_fast_tests(Suite& s);  // rng_bit_generator's fast kernel against the one-block walk
void cancel_tests(Suite& s);    // stopping runs through a CancelToken (cancel_test.cc)
void vec_math_tests(Suite& s);  // vectorised f32 exp/log/tanh/logistic against libm (vec_math_test.cc)
void lower_tests(Suite& s);     // calls inlined, CHLO decomposed, custom calls, dynamic ops (lower_test.cc)
void linalg_tests(Suite& s);    // cholesky and triangular_solve by their identities (linalg_test.cc)

}  // namespace tsmlx::cpu::test
