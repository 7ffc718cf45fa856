// The elementwise ops with result types or parameters of their own: is_finite (an i1 per
// element), bitcast_convert (the bytes unchanged) and reduce_precision.
#include <cmath>
#include <cstring>

#include "kernels/kernels.h"
#include "engine/numeric.h"
#include "engine/status.h"

namespace tsmlx::cpu::kernels {

void is_finite(const Tensor& x, Tensor& out) {
  visit_type(x.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsFloat<E>) {
      const auto* a = static_cast<const StorageT<E>*>(x.storage->data());
      auto* o = static_cast<uint8_t*>(out.storage->data());
      for (int64_t i = 0, n = out.type.num_elements(); i < n; ++i) o[i] = std::isfinite(load<E>(a[i])) ? 1 : 0;
    }
  });
}

void bitcast_convert(const Tensor& x, Tensor& out) {
  const bool from_pred = x.type.type == ElementType::kPred, to_pred = out.type.type == ElementType::kPred;
  if (from_pred != to_pred) {
    // i1 elements are single bits, element i of a group being bit i of the wider element
    // (little-endian bytes), so the bytes are packed or unpacked.
    const uint8_t* src = static_cast<const uint8_t*>(x.storage->data());
    uint8_t* dst = static_cast<uint8_t*>(out.storage->data());
    if (from_pred) {
      const size_t bytes = out.type.byte_size();
      std::memset(dst, 0, bytes);
      for (size_t bit = 0; bit < bytes * 8; ++bit)
        if (src[bit]) dst[bit / 8] = static_cast<uint8_t>(dst[bit / 8] | (1u << (bit % 8)));
    } else {
      const size_t bits = static_cast<size_t>(out.type.num_elements());
      for (size_t bit = 0; bit < bits; ++bit) dst[bit] = (src[bit / 8] >> (bit % 8)) & 1u;
    }
    return;
  }
  const size_t bytes = out.type.byte_size();
  if (bytes) std::memcpy(out.storage->data(), x.storage->data(), bytes);
}

namespace {

// x rounded (to nearest, ties to even) to a float with `mbits` mantissa bits and `ebits` exponent
// bits, kept in the bit layout of its own type: U is the unsigned integer of that type's size,
// with M mantissa bits and X exponent bits. Too large a value becomes infinity, too small a
// value zero (with its sign); NaN stays NaN (infinity when no mantissa bit is left).
template <class U, int M, int X>
U reduce_precision_bits(U bits, int64_t ebits, int64_t mbits) {
  constexpr U kSign = U(1) << (M + X);
  constexpr U kExpMask = ((U(1) << X) - 1) << M;
  constexpr U kMantMask = (U(1) << M) - 1;
  const bool nan = (bits & kExpMask) == kExpMask && (bits & kMantMask) != 0;
  U x = bits;
  if (mbits < M) {
    const int drop = M - static_cast<int>(mbits);
    const U last = U(1) << drop;             // the lowest mantissa bit kept
    const U half_minus = (last >> 1) - 1;     // just under half of it
    const U odd = (x >> drop) & U(1);         // ties go to the even neighbour
    x = static_cast<U>((x + half_minus + odd) & ~(last - 1));
  }
  if (ebits < X) {
    constexpr int64_t kBias = (int64_t{1} << (X - 1)) - 1;
    const int64_t reduced_bias = (int64_t{1} << (ebits - 1)) - 1;
    const U exponent = x & kExpMask;
    const U max_exp = static_cast<U>(static_cast<U>(kBias + reduced_bias) << M);
    const U min_exp = static_cast<U>(static_cast<U>(kBias - reduced_bias) << M);
    const U sign = x & kSign;
    if (exponent > max_exp) x = sign | kExpMask;
    else if (exponent <= min_exp) x = sign;
  }
  if (nan) return mbits > 0 ? bits : static_cast<U>((bits & kSign) | kExpMask);
  return x;
}

}  // namespace

void reduce_precision(const Tensor& x, int64_t exponent_bits, int64_t mantissa_bits, Tensor& out) {
  const int64_t n = out.type.num_elements();
  const void* src = x.storage->data();
  void* dst = out.storage->data();
  switch (x.type.type) {
    case ElementType::kF64: {
      const auto* a = static_cast<const uint64_t*>(src);
      auto* o = static_cast<uint64_t*>(dst);
      for (int64_t i = 0; i < n; ++i) o[i] = reduce_precision_bits<uint64_t, 52, 11>(a[i], exponent_bits, mantissa_bits);
      return;
    }
    case ElementType::kF32: {
      const auto* a = static_cast<const uint32_t*>(src);
      auto* o = static_cast<uint32_t*>(dst);
      for (int64_t i = 0; i < n; ++i) o[i] = reduce_precision_bits<uint32_t, 23, 8>(a[i], exponent_bits, mantissa_bits);
      return;
    }
    case ElementType::kF16: {
      const auto* a = static_cast<const uint16_t*>(src);
      auto* o = static_cast<uint16_t*>(dst);
      for (int64_t i = 0; i < n; ++i) o[i] = reduce_precision_bits<uint16_t, 10, 5>(a[i], exponent_bits, mantissa_bits);
      return;
    }
    case ElementType::kBF16: {
      const auto* a = static_cast<const uint16_t*>(src);
      auto* o = static_cast<uint16_t*>(dst);
      for (int64_t i = 0; i < n; ++i) o[i] = reduce_precision_bits<uint16_t, 7, 8>(a[i], exponent_bits, mantissa_bits);
      return;
    }
    default:
      throw EngineError{kInternal, "[stablehlo.reduce_precision] needs a float operand"};
  }
}

}  // namespace tsmlx::cpu::kernels
