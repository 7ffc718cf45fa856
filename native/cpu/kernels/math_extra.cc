// The elementwise ops with result types of their own: is_finite (an i1 per element) and
// bitcast_convert (the bytes unchanged).
#include <cmath>
#include <cstring>

#include "kernels/kernels.h"
#include "engine/numeric.h"

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
  const size_t bytes = out.type.byte_size();
  if (bytes) std::memcpy(out.storage->data(), x.storage->data(), bytes);
}

}  // namespace tsmlx::cpu::kernels
