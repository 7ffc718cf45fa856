// Vectorised f32 elementary functions (see vec_math.h).
//
// Method. The f32 input is widened to double, where the work is done with about 1e-11
// relative error, and the result is rounded once to f32. An f32 result is then wrong only
// when the exact value lies within about 1e-11 (relative) of a midpoint between two f32
// numbers, and then by one ulp. Double also has the range to hold every intermediate
// (e^150, 2^-216, f32 denormals as normal numbers), so overflow to inf and underflow to
// zero or a denormal happen in that final rounding, exactly where the exact result crosses.
//
//   e^y   = 2^k (1 + q(r)), k = round(y / ln 2), r = y - k ln 2 in [-ln2/2, ln2/2],
//           q(r) = r + r^2 P(r), P of degree 6 (near-minimax, Chebyshev nodes), so that
//           e^y - 1 = 2^k q + (2^k - 1) keeps its relative accuracy near zero (expm1).
//   log v = e ln 2 + log m, v = 2^e m, m in [sqrt(1/2), sqrt(2)); with s = (m-1)/(m+1),
//           log m = 2 atanh s = 2s + 2s^3/3 + ... + 2s^13/13 (|s| < 0.172: truncation < 2e-12).
//   tanh |x| = (e^{2|x|} - 1) / (e^{2|x|} + 1) through expm1, sign copied from x.
//   logistic x = 1 / (1 + e^{-x}).
//
// Every loop body is straight-line code with selects, no branches or calls, so GCC
// vectorises it (`omp simd`); the file is built with -ffp-contract=off so that the AVX2 and
// AVX-512 builds form no fused multiply-adds and all builds round identically.
#include "kernels/vec_math.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace tsmlx::cpu::kernels::vmath {
namespace {

#define VM_INLINE static inline __attribute__((always_inline))

// The bits of one type read as another of the same size.
template <class To, class From>
VM_INLINE To reinterpret(From from) {
  static_assert(sizeof(To) == sizeof(From), "same size");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}
VM_INLINE uint64_t bits_of(double d) { return reinterpret<uint64_t>(d); }
VM_INLINE uint32_t bits_of(float f) { return reinterpret<uint32_t>(f); }
VM_INLINE double double_of(uint64_t u) { return reinterpret<double>(u); }
VM_INLINE float float_of(uint32_t u) { return reinterpret<float>(u); }

constexpr double kLog2e = 1.4426950408889634;   // 1 / ln 2
constexpr double kLn2 = 0.6931471805599453;     // ln 2
constexpr double kShift = 6755399441055744.0;   // 1.5 * 2^52: adding it rounds to an integer
constexpr uint64_t kShiftBits = 0x4338000000000000ull;

// e^y = scale * (1 + q) with scale = 2^k, for y in [-700, 700] (callers clamp; NaN passes).
VM_INLINE double exp_parts(double y, double* scale) {
  const double t = y * kLog2e + kShift;  // low bits of t hold k = round(y / ln 2)
  const double k = t - kShift;
  const double r = y - k * kLn2;
  const double p = 0.5 +
                   r * (0.1666666671931248 +
                        r * (0.041666666719295684 +
                             r * (0.008333298344023092 +
                                  r * (0.001388885390994504 + r * (0.00019899390183679232 + r * 2.485969439475207e-05)))));
  *scale = double_of((bits_of(t) - kShiftBits + 1023) << 52);
  return r + r * r * p;
}

// log v for v > 0 finite (double, so f32 denormals are normal here); garbage elsewhere.
VM_INLINE double log_pos(double v) {
  const uint64_t ib = bits_of(v);
  // e = floor(log2(v / sqrt(1/2))): the offset exponent field, biased by 1024 to stay positive.
  const uint64_t biased = (ib - 0x3fe6a09e667f3bcdull + (1024ull << 52)) >> 52;
  const double e = double_of(0x4330000000000000ull | biased) - (4503599627370496.0 + 1024.0);
  const double m = double_of(ib - (biased << 52) + (1024ull << 52));
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double tail = z * (2.0 / 3 + z * (2.0 / 5 + z * (2.0 / 7 + z * (2.0 / 9 + z * (2.0 / 11 + z * (2.0 / 13))))));
  return e * kLn2 + (2.0 * s + s * tail);
}

VM_INLINE double clamp(double v, double lo, double hi) {
  v = v < lo ? lo : v;  // NaN fails both tests and passes through
  v = v > hi ? hi : v;
  return v;
}

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

VM_INLINE float exp_one(float x) {
  double scale;
  const double q = exp_parts(clamp(x, -150.0, 100.0), &scale);
  return static_cast<float>(scale + scale * q);
}

VM_INLINE float expm1_one(float x) {
  double scale;
  const double q = exp_parts(clamp(x, -150.0, 100.0), &scale);
  const float y = static_cast<float>(scale * q + (scale - 1.0));
  return x == 0.0f ? x : y;  // keeps the sign of zero
}

// log of the double u, the f32 specials decided on u: u < 0 NaN, 0 -inf, inf inf, NaN NaN.
VM_INLINE float log_of(double u) {
  float y = static_cast<float>(log_pos(u));
  y = u < 0.0 ? kNaN : y;
  y = u == 0.0 ? -kInf : y;
  y = u == static_cast<double>(kInf) ? kInf : y;
  y = u != u ? static_cast<float>(u) : y;
  return y;
}

VM_INLINE float log_one(float x) { return log_of(x); }

// Below 2^-25 in magnitude log1p(x) = x (1 - x/2 + ...) rounds to x; above, 1 + x is exact
// in double (or off by far less than the f32 precision, for |x| > 2^29).
VM_INLINE float log1p_one(float x) {
  const float y = log_of(1.0 + static_cast<double>(x));
  return std::fabs(x) < 0x1p-25f ? x : y;
}

VM_INLINE float tanh_one(float x) {
  double a = std::fabs(static_cast<double>(x));
  a = a > 20.0 ? 20.0 : a;  // tanh(20) rounds to 1; NaN passes
  double scale;
  const double q = exp_parts(2.0 * a, &scale);
  const double em = scale * q + (scale - 1.0);
  const float t = static_cast<float>(em / (em + 2.0));
  return float_of(bits_of(t) | (bits_of(x) & 0x80000000u));
}

VM_INLINE float logistic_one(float x) {
  double scale;
  const double q = exp_parts(clamp(-static_cast<double>(x), -150.0, 150.0), &scale);
  return static_cast<float>(1.0 / (1.0 + (scale + scale * q)));
}

template <Fn F>
VM_INLINE float eval(float x) {
  if constexpr (F == Fn::kExp) return exp_one(x);
  if constexpr (F == Fn::kExpm1) return expm1_one(x);
  if constexpr (F == Fn::kLog) return log_one(x);
  if constexpr (F == Fn::kLog1p) return log1p_one(x);
  if constexpr (F == Fn::kTanh) return tanh_one(x);
  if constexpr (F == Fn::kLogistic) return logistic_one(x);
  if constexpr (F == Fn::kSqrt) return __builtin_sqrtf(x);
  if constexpr (F == Fn::kRsqrt) return 1.0f / __builtin_sqrtf(x);
}

using ArrayFn = void (*)(const float*, float*, int64_t);

// The same loop for each instruction set: only the target attribute differs.
#define VM_LOOP_BODY                        \
  _Pragma("omp simd") for (int64_t i = 0; i < n; ++i) y[i] = eval<F>(x[i]);

template <Fn F>
void loop_baseline(const float* x, float* y, int64_t n) {
  VM_LOOP_BODY
}
template <Fn F>
__attribute__((target("avx2"))) void loop_avx2(const float* x, float* y, int64_t n) {
  VM_LOOP_BODY
}
template <Fn F>
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,prefer-vector-width=512"))) void loop_avx512(
    const float* x, float* y, int64_t n) {
  VM_LOOP_BODY
}

template <Fn F>
ArrayFn pick(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return loop_avx512<F>;
    case Isa::kAvx2: return loop_avx2<F>;
    default: return loop_baseline<F>;
  }
}

ArrayFn lookup(Isa isa, Fn f) {
  switch (f) {
    case Fn::kExp: return pick<Fn::kExp>(isa);
    case Fn::kExpm1: return pick<Fn::kExpm1>(isa);
    case Fn::kLog: return pick<Fn::kLog>(isa);
    case Fn::kLog1p: return pick<Fn::kLog1p>(isa);
    case Fn::kTanh: return pick<Fn::kTanh>(isa);
    case Fn::kLogistic: return pick<Fn::kLogistic>(isa);
    case Fn::kSqrt: return pick<Fn::kSqrt>(isa);
    case Fn::kRsqrt: return pick<Fn::kRsqrt>(isa);
  }
  return nullptr;
}

}  // namespace

Isa best_isa() { return kernel_isa(); }

void apply(Fn f, const float* x, float* y, int64_t n) {
  if (n > 0) lookup(best_isa(), f)(x, y, n);
}

bool apply_with(Isa isa, Fn f, const float* x, float* y, int64_t n) {
  if (isa > machine_isa()) return false;
  if (n > 0) lookup(isa, f)(x, y, n);
  return true;
}

float one(Fn f, float x) {
  float y;
  lookup(Isa::kBaseline, f)(&x, &y, 1);
  return y;
}

}  // namespace tsmlx::cpu::kernels::vmath
