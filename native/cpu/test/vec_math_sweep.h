// Accuracy sweep of the vectorised f32 functions (kernels/vec_math.h) against libm in
// double precision rounded to f32, shared by the unit test (a dense sample) and
// bench/vec_math.cc (all 2^32 inputs).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/vec_math.h"

namespace tsmlx::cpu::test {

// One function under test: its reference (double libm, or f32 for sqrt/rsqrt, whose
// definitions are f32 operations) and the ulp bound it is held to.
struct SweepFn {
  const char* name;
  kernels::vmath::Fn fn;
  float (*ref)(float);
  int64_t max_ulp;
};

inline float ref_exp(float x) { return static_cast<float>(std::exp(static_cast<double>(x))); }
inline float ref_expm1(float x) { return static_cast<float>(std::expm1(static_cast<double>(x))); }
inline float ref_log(float x) { return static_cast<float>(std::log(static_cast<double>(x))); }
inline float ref_log1p(float x) { return static_cast<float>(std::log1p(static_cast<double>(x))); }
inline float ref_tanh(float x) { return static_cast<float>(std::tanh(static_cast<double>(x))); }
inline float ref_logistic(float x) { return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(x)))); }
inline float ref_sqrt(float x) { return std::sqrt(x); }
inline float ref_rsqrt(float x) { return 1.0f / std::sqrt(x); }

// The functions and their bounds (ulp distance from libm's double result rounded to f32).
inline std::vector<SweepFn> sweep_functions() {
  using kernels::vmath::Fn;
  return {{"exp", Fn::kExp, ref_exp, 1},       {"expm1", Fn::kExpm1, ref_expm1, 1},
          {"log", Fn::kLog, ref_log, 1},       {"log1p", Fn::kLog1p, ref_log1p, 1},
          {"tanh", Fn::kTanh, ref_tanh, 1},    {"logistic", Fn::kLogistic, ref_logistic, 1},
          {"sqrt", Fn::kSqrt, ref_sqrt, 0},    {"rsqrt", Fn::kRsqrt, ref_rsqrt, 0}};
}

// What a sweep found: the largest ulp distance, how many results were not the reference's
// bits, and NaN/inf/zero-sign disagreements.
struct SweepStats {
  int64_t max_ulp = 0;
  int64_t inexact = 0;
  int64_t special_mismatch = 0;
  int64_t count = 0;
  std::string worst = "-";
  std::string first_bad = "-";
};

// f32 bits mapped to a monotone integer line (-0 and +0 adjacent, one apart).
inline int64_t ordered(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return (u & 0x80000000u) ? -static_cast<int64_t>(u & 0x7fffffffu) - 1 : static_cast<int64_t>(u);
}

inline std::string describe(float x) {
  char buf[64];
  uint32_t u;
  std::memcpy(&u, &x, 4);
  std::snprintf(buf, sizeof buf, "%a (0x%08x)", static_cast<double>(x), u);
  return buf;
}

// Runs fn over xs[0..n) through apply() and compares each result with the reference.
inline SweepStats sweep(const SweepFn& fn, const float* xs, int64_t n) {
  SweepStats st;
  std::vector<float> ys(static_cast<size_t>(n));
  kernels::vmath::apply(fn.fn, xs, ys.data(), n);
  for (int64_t i = 0; i < n; ++i) {
    const float want = fn.ref(xs[i]), got = ys[i];
    ++st.count;
    if (std::isnan(want) || std::isnan(got) || std::isinf(want) || std::isinf(got) || want == 0 || got == 0) {
      // NaN iff NaN; infinities and zeros (with their sign) exactly, except a finite result
      // one ulp from an infinite or zero reference, which the ulp bound below judges.
      const bool both_nan = std::isnan(want) && std::isnan(got);
      const bool one_nan = std::isnan(want) != std::isnan(got);
      const bool zero_sign = want == 0 && got == 0 && std::signbit(want) != std::signbit(got);
      if (one_nan || zero_sign) {
        if (st.special_mismatch++ == 0) st.first_bad = describe(xs[i]);
        continue;
      }
      if (both_nan) continue;
    }
    const int64_t d = std::llabs(ordered(got) - ordered(want));
    if (d != 0) ++st.inexact;
    if (d > st.max_ulp) {
      st.max_ulp = d;
      st.worst = describe(xs[i]);
    }
  }
  return st;
}

}  // namespace tsmlx::cpu::test
