// Element types as C++ types: storage types for every ElementType, 16-bit float
// conversions (round to nearest even), and visit_type, which switches on a dtype once so
// that a kernel's inner loop is compiled per type.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "engine/engine.h"
#include "engine/status.h"

namespace tsmlx::cpu {

inline uint32_t f32_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float f32_from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// IEEE binary16 bits for a float, rounded to nearest even. Example: float_to_half_bits(1.0f) == 0x3c00.
inline uint16_t float_to_half_bits(float f) {
  uint32_t x = f32_bits(f);
  uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000);
  uint32_t ax = x & 0x7fffffffu;
  if (ax >= 0x7f800000u) {  // inf or nan
    if (ax == 0x7f800000u) return sign | 0x7c00;
    return sign | 0x7e00 | static_cast<uint16_t>((ax >> 13) & 0x3ff);
  }
  if (ax >= 0x477ff000u) return sign | 0x7c00;  // >= 65520 rounds to inf
  if (ax < 0x38800000u) {                         // below 2^-14: subnormal half or zero
    float r = std::nearbyint(f32_from_bits(ax) * 16777216.0f);  // units of 2^-24
    return sign | static_cast<uint16_t>(r);
  }
  uint32_t r = ax + 0xfffu + ((ax >> 13) & 1u);
  r -= 0x38000000u;  // exponent bias 127 -> 15
  return sign | static_cast<uint16_t>(r >> 13);
}

// Float value of IEEE binary16 bits. Example: half_bits_to_float(0x3c00) == 1.0f.
inline float half_bits_to_float(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e == 0) {
    float v = std::ldexp(static_cast<float>(m), -24);
    return sign ? -v : v;
  }
  if (e == 31) return f32_from_bits(sign | 0x7f800000u | (m << 13));
  return f32_from_bits(sign | ((e + 112) << 23) | (m << 13));
}

// bfloat16 bits for a float, rounded to nearest even. Example: float_to_bf16_bits(1.0f) == 0x3f80.
inline uint16_t float_to_bf16_bits(float f) {
  uint32_t x = f32_bits(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40);
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}
inline float bf16_bits_to_float(uint16_t b) { return f32_from_bits(static_cast<uint32_t>(b) << 16); }

// A double rounded to float with round-to-odd, so that a second rounding to a 16-bit
// float gives the correctly rounded result. Example: half_from_double(x) below.
inline float round_to_odd_float(double d) {
  float f = static_cast<float>(d);
  if (std::isfinite(f) && static_cast<double>(f) != d && (f32_bits(f) & 1u) == 0) {
    f = std::nextafter(f, static_cast<double>(f) > d ? -INFINITY : INFINITY);
  }
  return f;
}

// 16-bit float storage types.
struct f16 {
  uint16_t bits;
};
struct bf16 {
  uint16_t bits;
};

// Storage type T and compute type C for each element type. i1 is one byte holding 0 or 1.
template <ElementType E>
struct Elem;
#define TSMLX_ELEM(E, TT, CC)        \
  template <>                        \
  struct Elem<ElementType::E> {      \
    using T = TT;                    \
    using C = CC;                    \
  };
TSMLX_ELEM(kPred, uint8_t, uint8_t)
TSMLX_ELEM(kS8, int8_t, int8_t)
TSMLX_ELEM(kS16, int16_t, int16_t)
TSMLX_ELEM(kS32, int32_t, int32_t)
TSMLX_ELEM(kS64, int64_t, int64_t)
TSMLX_ELEM(kU8, uint8_t, uint8_t)
TSMLX_ELEM(kU16, uint16_t, uint16_t)
TSMLX_ELEM(kU32, uint32_t, uint32_t)
TSMLX_ELEM(kU64, uint64_t, uint64_t)
TSMLX_ELEM(kF16, f16, float)
TSMLX_ELEM(kBF16, bf16, float)
TSMLX_ELEM(kF32, float, float)
TSMLX_ELEM(kF64, double, double)
#undef TSMLX_ELEM

template <ElementType E>
using StorageT = typename Elem<E>::T;
template <ElementType E>
using ComputeT = typename Elem<E>::C;

template <ElementType E>
constexpr bool kIsFloat = E == ElementType::kF16 || E == ElementType::kBF16 || E == ElementType::kF32 ||
                          E == ElementType::kF64;
template <ElementType E>
constexpr bool kIsPred = E == ElementType::kPred;
template <ElementType E>
constexpr bool kIsInt = !kIsFloat<E> && !kIsPred<E>;
template <ElementType E>
constexpr bool kIsSigned = kIsInt<E> && std::is_signed_v<StorageT<E>>;

// Loads one element as its compute type. Example: load<ElementType::kF16>(h) is a float.
template <ElementType E>
inline ComputeT<E> load(StorageT<E> v) {
  if constexpr (E == ElementType::kF16) return half_bits_to_float(v.bits);
  else if constexpr (E == ElementType::kBF16) return bf16_bits_to_float(v.bits);
  else return v;
}

// Stores a compute value as the element type, rounding 16-bit floats to nearest even.
template <ElementType E>
inline StorageT<E> store(ComputeT<E> c) {
  if constexpr (E == ElementType::kF16) return f16{float_to_half_bits(c)};
  else if constexpr (E == ElementType::kBF16) return bf16{float_to_bf16_bits(c)};
  else if constexpr (E == ElementType::kPred) return static_cast<uint8_t>(c != 0);
  else return c;
}

// Converts a double to element type E, correctly rounded for floats (used for literals).
template <ElementType E>
inline StorageT<E> from_double(double d) {
  if constexpr (E == ElementType::kF16) return f16{float_to_half_bits(round_to_odd_float(d))};
  else if constexpr (E == ElementType::kBF16) return bf16{float_to_bf16_bits(round_to_odd_float(d))};
  else return static_cast<StorageT<E>>(d);
}

template <ElementType E>
using TypeTag = std::integral_constant<ElementType, E>;

// Calls f(TypeTag<E>{}) for the runtime type t. Example:
//   visit_type(t, [&](auto tag) { constexpr ElementType E = decltype(tag)::value; ... });
template <class F>
decltype(auto) visit_type(ElementType t, F&& f) {
  switch (t) {
    case ElementType::kPred: return f(TypeTag<ElementType::kPred>{});
    case ElementType::kS8: return f(TypeTag<ElementType::kS8>{});
    case ElementType::kS16: return f(TypeTag<ElementType::kS16>{});
    case ElementType::kS32: return f(TypeTag<ElementType::kS32>{});
    case ElementType::kS64: return f(TypeTag<ElementType::kS64>{});
    case ElementType::kU8: return f(TypeTag<ElementType::kU8>{});
    case ElementType::kU16: return f(TypeTag<ElementType::kU16>{});
    case ElementType::kU32: return f(TypeTag<ElementType::kU32>{});
    case ElementType::kU64: return f(TypeTag<ElementType::kU64>{});
    case ElementType::kF16: return f(TypeTag<ElementType::kF16>{});
    case ElementType::kBF16: return f(TypeTag<ElementType::kBF16>{});
    case ElementType::kF32: return f(TypeTag<ElementType::kF32>{});
    case ElementType::kF64: return f(TypeTag<ElementType::kF64>{});
    default: break;
  }
  throw EngineError{kUnimplemented, std::string("unsupported element type ") + element_type_name(t)};
}

// A signed integer whose order is the spec's total order on a float's bits:
// -NaN < -inf < ... < -0 < +0 < ... < +inf < +NaN.
template <ElementType E>
inline int64_t total_order_key(StorageT<E> x) {
  if constexpr (E == ElementType::kF64) {
    int64_t b;
    std::memcpy(&b, &x, 8);
    return b < 0 ? b ^ std::numeric_limits<int64_t>::max() : b;
  } else if constexpr (E == ElementType::kF32) {
    int32_t b;
    std::memcpy(&b, &x, 4);
    return b < 0 ? b ^ std::numeric_limits<int32_t>::max() : b;
  } else {
    int16_t b;
    std::memcpy(&b, &x, 2);
    return b < 0 ? b ^ std::numeric_limits<int16_t>::max() : b;
  }
}

}  // namespace tsmlx::cpu
