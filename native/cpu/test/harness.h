// A tiny test harness for the engine's unit tests: checks that count failures instead of
// aborting, and helpers that compile and run StableHLO text.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/engine.h"

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
void dnnl_tests(Suite& s);    // oneDNN convolution and parallel pooling against the reference kernels

}  // namespace tsmlx::cpu::test
