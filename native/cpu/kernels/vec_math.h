// Vectorised f32 elementary functions over whole arrays: exp, expm1, log, log1p, tanh,
// logistic, sqrt and rsqrt. Each function is computed in double precision from the f32
// input (range reduction + a short polynomial), then rounded once to f32, so results are
// the correctly rounded value or one ulp from it (see vec_math_test.cc for the bounds and
// how they are checked). sqrt and rsqrt keep their f32 definitions (sqrtf, 1/sqrtf).
//
// The array loops are compiled three times (baseline x86-64, AVX2, AVX-512) and picked at
// run time; all three give the same bits, and so does the one-element form, which the
// f16/bf16 kernels use. The op-by-op kernels and the fused loops both call these.
#pragma once

#include <cstdint>

#include "engine/cpu_features.h"

namespace tsmlx::cpu::kernels::vmath {

/** The functions this file provides. Example: apply(Fn::kExp, x, y, n). */
enum class Fn { kExp, kExpm1, kLog, kLog1p, kTanh, kLogistic, kSqrt, kRsqrt };

/** Instruction sets the array loops are built for, in increasing order. Example: best_isa() >= Isa::kAvx2. */
using Isa = ::tsmlx::cpu::Isa;

/** The instruction set apply() uses: the widest this processor runs, capped by TSMLX_ISA. Example: Isa isa = best_isa(); */
Isa best_isa();

/** y[i] = f(x[i]) for i < n with the widest loop this processor runs; x may equal y. Example: apply(Fn::kTanh, x, x, n); */
void apply(Fn f, const float* x, float* y, int64_t n);

/** apply() with a chosen instruction set (false when this processor lacks it, whatever TSMLX_ISA says), for tests. Example: apply_with(Isa::kBaseline, Fn::kLog, x, y, n); */
bool apply_with(Isa isa, Fn f, const float* x, float* y, int64_t n);

/** One element of f, with the same bits as apply(). Example: float e = one(Fn::kExp, 1.0f); */
float one(Fn f, float x);

}  // namespace tsmlx::cpu::kernels::vmath
