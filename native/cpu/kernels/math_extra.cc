// Elementwise extras of the indexing group: atan2, cbrt, is_finite, bitcast_convert.
#include <cmath>
#include <cstring>

#include "kernels/indexing.h"
#include "kernels/numeric.h"

namespace tsmlx::cpu::kernels {

void atan2(const Tensor& y, const Tensor& x, Tensor& out) {
  visit_type(y.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsFloat<E>) {
      const auto* a = static_cast<const StorageT<E>*>(y.storage->data());
      const auto* b = static_cast<const StorageT<E>*>(x.storage->data());
      auto* o = static_cast<StorageT<E>*>(out.storage->data());
      for (int64_t i = 0, n = out.type.num_elements(); i < n; ++i) o[i] = store<E>(std::atan2(load<E>(a[i]), load<E>(b[i])));
    }
  });
}

void cbrt(const Tensor& x, Tensor& out) {
  visit_type(x.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsFloat<E>) {
      const auto* a = static_cast<const StorageT<E>*>(x.storage->data());
      auto* o = static_cast<StorageT<E>*>(out.storage->data());
      for (int64_t i = 0, n = out.type.num_elements(); i < n; ++i) o[i] = store<E>(std::cbrt(load<E>(a[i])));
    }
  });
}

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
  const size_t bytes = out.type.byte_size();
  if (bytes) std::memcpy(out.storage->data(), x.storage->data(), bytes);
}

}  // namespace tsmlx::cpu::kernels
