// The vectorised f32 functions (native/cpu/kernels/vec_math.h): ns per element on one
// thread against scalar libm (f32 calls, as the kernels made before), per instruction-set
// build; with --exhaustive, the ulp distance from libm's double result rounded to f32 over
// all 2^32 inputs; with --exhaustive-isa, every instruction-set build's bits against the
// dispatched build's over all 2^32 inputs. Usage: vec_math_bench [--exhaustive | --exhaustive-isa]
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "kernels/vec_math.h"
#include "test/vec_math_sweep.h"

using namespace tsmlx::cpu;
using kernels::vmath::Fn;
using kernels::vmath::Isa;

namespace {

float libm_f32(Fn f, float x) {
  switch (f) {
    case Fn::kExp: return std::exp(x);
    case Fn::kExpm1: return std::expm1(x);
    case Fn::kLog: return std::log(x);
    case Fn::kLog1p: return std::log1p(x);
    case Fn::kTanh: return std::tanh(x);
    case Fn::kLogistic: return 1.0f / (1.0f + std::exp(-x));
    case Fn::kSqrt: return std::sqrt(x);
    case Fn::kRsqrt: return 1.0f / std::sqrt(x);
  }
  return x;
}

template <class F>
double best_ns(int64_t n, F run) {
  double best = 1e30;
  for (int rep = 0; rep < 7; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    run();
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / n;
    if (ns < best) best = ns;
  }
  return best;
}

void timing() {
  const int64_t n = 1 << 16;  // 256 KiB in and out: in cache, so compute is what is timed
  std::vector<float> x(n), y(n);
  for (const test::SweepFn& fn : test::sweep_functions()) {
    const bool pos = fn.fn == Fn::kLog || fn.fn == Fn::kSqrt || fn.fn == Fn::kRsqrt;
    for (int64_t i = 0; i < n; ++i) x[i] = pos ? 0.01f + 20.0f * i / n : -10.0f + 20.0f * i / n;
    double t_libm = best_ns(n, [&] {
      for (int64_t i = 0; i < n; ++i) y[i] = libm_f32(fn.fn, x[i]);
    });
    std::printf("%-9s libm(f32) %6.3f ns", fn.name, t_libm);
    const char* names[] = {"baseline", "avx2", "avx512"};
    for (Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
      if (isa > kernels::vmath::best_isa()) continue;
      double t = best_ns(n, [&] { kernels::vmath::apply_with(isa, fn.fn, x.data(), y.data(), n); });
      std::printf("  %s %6.3f ns", names[static_cast<int>(isa)], t);
    }
    std::printf("\n");
  }
}

void exhaustive() {
  const int64_t block = int64_t{1} << 24;
  for (const test::SweepFn& fn : test::sweep_functions()) {
    test::SweepStats total;
#pragma omp parallel
    {
      std::vector<float> xs(static_cast<size_t>(block));
#pragma omp for schedule(dynamic)
      for (int64_t b = 0; b < (int64_t{1} << 32) / block; ++b) {
        for (int64_t i = 0; i < block; ++i) {
          const uint32_t u = static_cast<uint32_t>(b * block + i);
          std::memcpy(&xs[i], &u, 4);
        }
        test::SweepStats st = test::sweep(fn, xs.data(), block);
#pragma omp critical
        {
          total.count += st.count;
          total.inexact += st.inexact;
          if (st.special_mismatch && !total.special_mismatch) total.first_bad = st.first_bad;
          total.special_mismatch += st.special_mismatch;
          if (st.max_ulp > total.max_ulp) {
            total.max_ulp = st.max_ulp;
            total.worst = st.worst;
          }
        }
      }
    }
    std::printf("%-9s all 2^32 inputs: max %lld ulp (at x=%s), %lld not correctly rounded, %lld NaN/inf/zero "
                "mismatches (bound %lld: %s)\n",
                fn.name, static_cast<long long>(total.max_ulp), total.worst.c_str(),
                static_cast<long long>(total.inexact), static_cast<long long>(total.special_mismatch),
                static_cast<long long>(fn.max_ulp),
                total.max_ulp <= fn.max_ulp && total.special_mismatch == 0 ? "ok" : "EXCEEDED");
    std::fflush(stdout);
  }
}

// Every instruction-set build against the dispatched one, bit for bit, over all 2^32 inputs.
void exhaustive_isa() {
  const int64_t block = int64_t{1} << 24;
  for (const test::SweepFn& fn : test::sweep_functions()) {
    int64_t differ[3] = {0, 0, 0};
#pragma omp parallel
    {
      std::vector<float> xs(static_cast<size_t>(block)), want(xs.size()), got(xs.size());
#pragma omp for schedule(dynamic)
      for (int64_t b = 0; b < (int64_t{1} << 32) / block; ++b) {
        for (int64_t i = 0; i < block; ++i) {
          const uint32_t u = static_cast<uint32_t>(b * block + i);
          std::memcpy(&xs[i], &u, 4);
        }
        kernels::vmath::apply(fn.fn, xs.data(), want.data(), block);
        for (Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
          if (!kernels::vmath::apply_with(isa, fn.fn, xs.data(), got.data(), block)) continue;
          const int64_t d = std::memcmp(got.data(), want.data(), got.size() * 4) == 0 ? 0 : 1;
#pragma omp atomic
          differ[static_cast<int>(isa)] += d;
        }
      }
    }
    std::printf("%-9s all 2^32 inputs: blocks differing from the dispatched build: baseline %lld, avx2 %lld, avx512 %lld\n",
                fn.name, static_cast<long long>(differ[0]), static_cast<long long>(differ[1]),
                static_cast<long long>(differ[2]));
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("instruction set: %d (0 baseline, 1 AVX2, 2 AVX-512)\n", static_cast<int>(kernels::vmath::best_isa()));
  if (argc > 1 && std::strcmp(argv[1], "--exhaustive") == 0) exhaustive();
  else if (argc > 1 && std::strcmp(argv[1], "--exhaustive-isa") == 0) exhaustive_isa();
  else timing();
  return 0;
}
