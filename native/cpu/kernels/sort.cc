// sort: N operands along one axis, ordered by a comparator; a bottom-up merge sort of an
// index permutation, stable and safe for any comparator (it never reads out of range).
#include <cstring>

#include "kernels/indexing.h"

namespace tsmlx::cpu::kernels {

void sort(const std::vector<const Tensor*>& ins, int64_t axis, const Comparator& less, const std::vector<Tensor*>& outs) {
  const size_t n_ops = ins.size();
  const std::vector<int64_t>& dims = ins[0]->type.dims;
  int64_t total = 1;
  for (int64_t d : dims) total *= d;
  if (total == 0) return;
  const int64_t len = dims[axis];
  int64_t inner = 1;
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  const int64_t outer = total / (len * inner);
  std::vector<size_t> es(n_ops);
  for (size_t k = 0; k < n_ops; ++k) es[k] = element_size(ins[k]->type.type);
  std::vector<int64_t> perm(len), tmp(len);
  std::vector<const void*> args(2 * n_ops);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * len * inner + i;
      auto elem = [&](size_t k, int64_t j) {
        return static_cast<const uint8_t*>(ins[k]->storage->data()) + (base + j * inner) * es[k];
      };
      // b goes before a?
      auto before = [&](int64_t b, int64_t a) {
        for (size_t k = 0; k < n_ops; ++k) {
          args[2 * k] = elem(k, b);
          args[2 * k + 1] = elem(k, a);
        }
        return less(args.data());
      };
      for (int64_t j = 0; j < len; ++j) perm[j] = j;
      for (int64_t width = 1; width < len; width *= 2) {
        for (int64_t lo = 0; lo < len; lo += 2 * width) {
          const int64_t mid = std::min(lo + width, len), hi = std::min(lo + 2 * width, len);
          int64_t a = lo, b = mid, t = lo;
          while (a < mid && b < hi) tmp[t++] = before(perm[b], perm[a]) ? perm[b++] : perm[a++];
          while (a < mid) tmp[t++] = perm[a++];
          while (b < hi) tmp[t++] = perm[b++];
        }
        perm.swap(tmp);
      }
      for (size_t k = 0; k < n_ops; ++k) {
        auto* dst = static_cast<uint8_t*>(outs[k]->storage->data());
        for (int64_t j = 0; j < len; ++j) std::memcpy(dst + (base + j * inner) * es[k], elem(k, perm[j]), es[k]);
      }
    }
  }
}

}  // namespace tsmlx::cpu::kernels
