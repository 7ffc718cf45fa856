// Scalar semantics of the one-operand elementwise ops and of convert, shared by the
// reference kernels (elementwise.cc) and the fused loops (runtime/fusion.cc), so that a
// fused chain rounds exactly as the op-by-op kernels do.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "ir/ir.h"
#include "engine/numeric.h"
#include "kernels/scalar_ops.h"
#include "kernels/vec_math.h"

namespace tsmlx::cpu::kernels {

// Calls f(scalar_fn) with the scalar function (ComputeT<E> -> ComputeT<E>) of a unary op
// kind (ir::OpGroup::kUnary) and returns true; false when the kind does not apply
// to E. Example: with_unary<ElementType::kF32>(OpKind::kExp, [&](auto fn) { y = fn(x); });
template <ElementType E, class F>
bool with_unary(ir::OpKind kind, F&& f) {
  using C = ComputeT<E>;
  using ir::OpKind;
  switch (kind) {
    case OpKind::kNegate:
      if constexpr (kIsFloat<E>) f([](C x) { return -x; });
      else f([](C x) { return static_cast<C>(WrapT<C>(0) - static_cast<WrapT<C>>(x)); });
      return true;
    case OpKind::kAbs:
      if constexpr (kIsFloat<E>) f([](C x) { return std::fabs(x); });
      else if constexpr (kIsSigned<E>)
        f([](C x) { return x < 0 ? static_cast<C>(WrapT<C>(0) - static_cast<WrapT<C>>(x)) : x; });
      else f([](C x) { return x; });
      return true;
    case OpKind::kSign:
      if constexpr (kIsFloat<E>) f([](C x) { return std::isnan(x) ? x : x > 0 ? C(1) : x < 0 ? C(-1) : x; });
      else if constexpr (kIsSigned<E>) f([](C x) { return static_cast<C>((x > 0) - (x < 0)); });
      else f([](C x) { return static_cast<C>(x != 0); });
      return true;
    case OpKind::kNot:
      if constexpr (kIsPred<E>) {
        f([](C x) { return static_cast<C>(!x); });
        return true;
      } else if constexpr (kIsInt<E>) {
        f([](C x) { return static_cast<C>(~x); });
        return true;
      }
      return false;
    default:
      break;
  }
  if constexpr (kIsFloat<E> && std::is_same_v<C, float>) {
    // f32 (and f16/bf16, computed in f32): the vectorised functions' one-element form, so
    // these kernels round exactly as the f32 array loops (unary_f32) do.
    using vmath::Fn;
    switch (kind) {
      case OpKind::kExp: f([](C x) { return vmath::one(Fn::kExp, x); }); return true;
      case OpKind::kExpm1: f([](C x) { return vmath::one(Fn::kExpm1, x); }); return true;
      case OpKind::kLog: f([](C x) { return vmath::one(Fn::kLog, x); }); return true;
      case OpKind::kLog1p: f([](C x) { return vmath::one(Fn::kLog1p, x); }); return true;
      case OpKind::kTanh: f([](C x) { return vmath::one(Fn::kTanh, x); }); return true;
      case OpKind::kLogistic: f([](C x) { return vmath::one(Fn::kLogistic, x); }); return true;
      default: break;
    }
  }
  if constexpr (kIsFloat<E>) {
    switch (kind) {
      case OpKind::kExp: f([](C x) { return std::exp(x); }); return true;
      case OpKind::kExpm1: f([](C x) { return std::expm1(x); }); return true;
      case OpKind::kLog: f([](C x) { return std::log(x); }); return true;
      case OpKind::kLog1p: f([](C x) { return std::log1p(x); }); return true;
      case OpKind::kSqrt: f([](C x) { return std::sqrt(x); }); return true;
      case OpKind::kCbrt: f([](C x) { return std::cbrt(x); }); return true;
      case OpKind::kRsqrt: f([](C x) { return C(1) / std::sqrt(x); }); return true;
      case OpKind::kTanh: f([](C x) { return std::tanh(x); }); return true;
      case OpKind::kLogistic: f([](C x) { return C(1) / (C(1) + std::exp(-x)); }); return true;
      case OpKind::kSine: f([](C x) { return std::sin(x); }); return true;
      case OpKind::kCosine: f([](C x) { return std::cos(x); }); return true;
      case OpKind::kFloor: f([](C x) { return std::floor(x); }); return true;
      case OpKind::kCeil: f([](C x) { return std::ceil(x); }); return true;
      case OpKind::kRoundAfz: f([](C x) { return std::round(x); }); return true;
      case OpKind::kRoundEven: f([](C x) { return std::nearbyint(x); }); return true;
      default: break;
    }
  }
  return false;
}

// y[i] = op(x[i]) for i < n through the vectorised f32 array functions (kernels/vec_math.h)
// and returns true, for the unary kinds they cover (exp, expm1, log, log1p, tanh, logistic,
// sqrt, rsqrt); false for the others, which take with_unary. x may equal y. The op-by-op
// kernel and the fused loops both call this, so both give the same bits.
// Example: if (!unary_f32(OpKind::kExp, x, y, n)) { ... }
inline bool unary_f32(ir::OpKind kind, const float* x, float* y, int64_t n) {
  using ir::OpKind;
  using vmath::Fn;
  Fn fn;
  switch (kind) {
    case OpKind::kExp: fn = Fn::kExp; break;
    case OpKind::kExpm1: fn = Fn::kExpm1; break;
    case OpKind::kLog: fn = Fn::kLog; break;
    case OpKind::kLog1p: fn = Fn::kLog1p; break;
    case OpKind::kTanh: fn = Fn::kTanh; break;
    case OpKind::kLogistic: fn = Fn::kLogistic; break;
    case OpKind::kSqrt: fn = Fn::kSqrt; break;
    case OpKind::kRsqrt: fn = Fn::kRsqrt; break;
    default: return false;
  }
  vmath::apply(fn, x, y, n);
  return true;
}

// One element converted from EI to EO (float->int truncates and saturates, NaN -> 0).
// Example: convert_one<ElementType::kPred, ElementType::kF32>(1) == 1.0f.
template <ElementType EI, ElementType EO>
inline StorageT<EO> convert_one(StorageT<EI> x) {
  using TO = StorageT<EO>;
  if constexpr (kIsPred<EO>) {
    return static_cast<TO>(load<EI>(x) != 0);
  } else if constexpr (kIsPred<EI>) {
    return from_double<EO>(x != 0 ? 1.0 : 0.0);
  } else if constexpr (kIsFloat<EI> && kIsInt<EO>) {
    double d = static_cast<double>(load<EI>(x));
    if (std::isnan(d)) return 0;
    // The limits as doubles: max rounds up to 2^(bits) for 64-bit types, hence >=.
    constexpr double hi = static_cast<double>(std::numeric_limits<TO>::max());
    constexpr double lo = static_cast<double>(std::numeric_limits<TO>::min());
    if (d >= hi) return std::numeric_limits<TO>::max();
    if (d <= lo) return std::numeric_limits<TO>::min();
    return static_cast<TO>(d);
  } else if constexpr (kIsFloat<EO>) {
    if constexpr (EO == ElementType::kF32 || EO == ElementType::kF64) {
      return static_cast<TO>(load<EI>(x));
    } else if constexpr (kIsFloat<EI> && EI != ElementType::kF64) {
      return store<EO>(static_cast<float>(load<EI>(x)));
    } else {
      return from_double<EO>(static_cast<double>(load<EI>(x)));
    }
  } else {
    return static_cast<TO>(x);  // int -> int wraps
  }
}

}  // namespace tsmlx::cpu::kernels
