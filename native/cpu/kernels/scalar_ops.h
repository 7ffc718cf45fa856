// Scalar semantics of StableHLO's elementwise ops on compute values, matching XLA:
// integers wrap, integer x/0 = -1 and x%0 = x, INT_MIN/-1 = INT_MIN, max/min propagate NaN.
// Shared by the elementwise kernels, reduce's fast path and dot_general.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "ir/ir.h"
#include "engine/numeric.h"

namespace tsmlx::cpu::kernels {

// Unsigned type at least as wide as int, for wrapping integer arithmetic without UB.
template <class T>
using WrapT = std::conditional_t<(sizeof(T) <= 4), uint32_t, uint64_t>;

template <ElementType E>
inline ComputeT<E> op_add(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsPred<E>) return a | b;
  else if constexpr (kIsInt<E>) return static_cast<C>(static_cast<WrapT<C>>(a) + static_cast<WrapT<C>>(b));
  else return a + b;
}

template <ElementType E>
inline ComputeT<E> op_sub(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsPred<E>) return a ^ b;
  else if constexpr (kIsInt<E>) return static_cast<C>(static_cast<WrapT<C>>(a) - static_cast<WrapT<C>>(b));
  else return a - b;
}

template <ElementType E>
inline ComputeT<E> op_mul(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsPred<E>) return a & b;
  else if constexpr (kIsInt<E>) return static_cast<C>(static_cast<WrapT<C>>(a) * static_cast<WrapT<C>>(b));
  else return a * b;
}

template <ElementType E>
inline ComputeT<E> op_div(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsFloat<E>) {
    return a / b;
  } else {
    if (b == 0) return kIsPred<E> ? C(1) : static_cast<C>(~C(0));
    if constexpr (kIsSigned<E>)
      if (a == std::numeric_limits<C>::min() && b == C(-1)) return a;
    return static_cast<C>(a / b);
  }
}

template <ElementType E>
inline ComputeT<E> op_rem(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsFloat<E>) {
    return std::fmod(a, b);
  } else {
    if (b == 0) return a;
    if constexpr (kIsSigned<E>)
      if (a == std::numeric_limits<C>::min() && b == C(-1)) return C(0);
    return static_cast<C>(a % b);
  }
}

template <ElementType E>
inline ComputeT<E> op_pow(ComputeT<E> a, ComputeT<E> b) {
  using C = ComputeT<E>;
  if constexpr (kIsFloat<E>) {
    return std::pow(a, b);
  } else if constexpr (kIsPred<E>) {
    return static_cast<C>(a | !b);
  } else {
    if constexpr (kIsSigned<E>) {
      if (b < 0) {
        if (a == 1) return 1;
        if (a == -1) return (b & 1) ? C(-1) : C(1);
        return 0;
      }
    }
    using W = WrapT<C>;
    W result = 1, base = static_cast<W>(a);
    auto e = static_cast<std::make_unsigned_t<C>>(b);
    while (e) {
      if (e & 1) result = static_cast<W>(result * base);
      base = static_cast<W>(base * base);
      e >>= 1;
    }
    return static_cast<C>(result);
  }
}

template <ElementType E>
inline ComputeT<E> op_max(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) {
    if (std::isnan(a)) return a;
    if (std::isnan(b)) return b;
  }
  return a > b ? a : b;
}

template <ElementType E>
inline ComputeT<E> op_min(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) {
    if (std::isnan(a)) return a;
    if (std::isnan(b)) return b;
  }
  return a < b ? a : b;
}

template <ElementType E>
inline ComputeT<E> op_atan2(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) return std::atan2(a, b);
  else return a;  // rejected by the verifier
}
template <ElementType E>
inline ComputeT<E> op_and(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) return a;  // rejected by the verifier
  else return a & b;
}
template <ElementType E>
inline ComputeT<E> op_or(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) return a;
  else return a | b;
}
template <ElementType E>
inline ComputeT<E> op_xor(ComputeT<E> a, ComputeT<E> b) {
  if constexpr (kIsFloat<E>) return a;
  else return a ^ b;
}

// Calls f(scalar_fn) with the scalar function of a binary op kind, so that the caller's
// loop is compiled once per op. Example: with_binary<E>(OpKind::kAdd, [&](auto fn) { ... });
template <ElementType E, class F>
void with_binary(ir::OpKind kind, F&& f) {
  using C = ComputeT<E>;
  switch (kind) {
    case ir::OpKind::kAdd: return f([](C a, C b) { return op_add<E>(a, b); });
    case ir::OpKind::kSubtract: return f([](C a, C b) { return op_sub<E>(a, b); });
    case ir::OpKind::kMultiply: return f([](C a, C b) { return op_mul<E>(a, b); });
    case ir::OpKind::kDivide: return f([](C a, C b) { return op_div<E>(a, b); });
    case ir::OpKind::kRemainder: return f([](C a, C b) { return op_rem<E>(a, b); });
    case ir::OpKind::kPower: return f([](C a, C b) { return op_pow<E>(a, b); });
    case ir::OpKind::kAtan2: return f([](C a, C b) { return op_atan2<E>(a, b); });
    case ir::OpKind::kMaximum: return f([](C a, C b) { return op_max<E>(a, b); });
    case ir::OpKind::kMinimum: return f([](C a, C b) { return op_min<E>(a, b); });
    case ir::OpKind::kAnd: return f([](C a, C b) { return op_and<E>(a, b); });
    case ir::OpKind::kOr: return f([](C a, C b) { return op_or<E>(a, b); });
    case ir::OpKind::kXor: return f([](C a, C b) { return op_xor<E>(a, b); });
    default: break;
  }
  throw EngineError{kInternal, std::string("not a binary op: ") + ir::op_name(kind)};
}

}  // namespace tsmlx::cpu::kernels
