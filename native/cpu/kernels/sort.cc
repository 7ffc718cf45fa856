// sort: N operands along one axis, ordered by a comparator; a bottom-up merge sort of an
// index permutation per slice, stable and safe for any comparator (it never reads out of
// range). A comparator that is one compare of the first operand runs on typed keys.
#include <cstring>
#include <limits>

#include "kernels/indexing.h"
#include "engine/numeric.h"

namespace tsmlx::cpu::kernels {
namespace {

// Bottom-up merge sort of perm[0..len) where before(b, a) says b goes before a.
template <class Before>
void merge_sort(std::vector<int64_t>& perm, std::vector<int64_t>& tmp, int64_t len, Before before) {
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
}

// Walks the slices along `axis`: order(base, inner, len, perm) fills perm for the slice at
// element offset `base` (stride `inner`); the operands are then permuted into outs.
template <class Order>
void sort_slices(const std::vector<const Tensor*>& ins, int64_t axis, const std::vector<Tensor*>& outs, Order order) {
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
  std::vector<int64_t> perm(len);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * len * inner + i;
      order(base, inner, len, perm);
      for (size_t k = 0; k < n_ops; ++k) {
        const auto* src = static_cast<const uint8_t*>(ins[k]->storage->data());
        auto* dst = static_cast<uint8_t*>(outs[k]->storage->data());
        for (int64_t j = 0; j < len; ++j)
          std::memcpy(dst + (base + j * inner) * es[k], src + (base + perm[j] * inner) * es[k], es[k]);
      }
    }
  }
}


template <class T>
inline bool apply_dir(ir::CompareDir dir, T a, T b) {
  switch (dir) {
    case ir::CompareDir::kEQ: return a == b;
    case ir::CompareDir::kNE: return a != b;
    case ir::CompareDir::kGE: return a >= b;
    case ir::CompareDir::kGT: return a > b;
    case ir::CompareDir::kLE: return a <= b;
    case ir::CompareDir::kLT: return a < b;
  }
  return false;
}

// Typed keys of one slice, then a merge sort comparing them with `dir` inlined.
template <class K, class Load>
void typed_order(const void* data, size_t es, ir::CompareDir dir, Load load, int64_t base, int64_t inner, int64_t len,
                 std::vector<int64_t>& perm, std::vector<K>& keys, std::vector<int64_t>& tmp) {
  const auto* p = static_cast<const uint8_t*>(data);
  keys.resize(len);
  tmp.resize(len);
  for (int64_t j = 0; j < len; ++j) keys[j] = load(p + (base + j * inner) * es);
  auto run = [&](auto cmp) { merge_sort(perm, tmp, len, [&](int64_t b, int64_t a) { return cmp(keys[b], keys[a]); }); };
  switch (dir) {
    case ir::CompareDir::kLT: return run([](K x, K y) { return x < y; });
    case ir::CompareDir::kGT: return run([](K x, K y) { return x > y; });
    default: return run([dir](K x, K y) { return apply_dir(dir, x, y); });
  }
}

}  // namespace

void sort(const std::vector<const Tensor*>& ins, int64_t axis, const Comparator& less, const std::vector<Tensor*>& outs) {
  const size_t n_ops = ins.size();
  std::vector<size_t> es(n_ops);
  for (size_t k = 0; k < n_ops; ++k) es[k] = element_size(ins[k]->type.type);
  std::vector<const void*> args(2 * n_ops);
  std::vector<int64_t> tmp;
  sort_slices(ins, axis, outs, [&](int64_t base, int64_t inner, int64_t len, std::vector<int64_t>& perm) {
    tmp.resize(len);
    auto elem = [&](size_t k, int64_t j) {
      return static_cast<const uint8_t*>(ins[k]->storage->data()) + (base + j * inner) * es[k];
    };
    merge_sort(perm, tmp, len, [&](int64_t b, int64_t a) {
      for (size_t k = 0; k < n_ops; ++k) {
        args[2 * k] = elem(k, b);
        args[2 * k + 1] = elem(k, a);
      }
      return less(args.data());
    });
  });
}

void sort_by_compare(const std::vector<const Tensor*>& ins, int64_t axis, ir::CompareDir dir, ir::CompareType cmp,
                     const std::vector<Tensor*>& outs) {
  const Tensor& key = *ins[0];
  const size_t es = element_size(key.type.type);
  std::vector<int64_t> tmp;
  visit_type(key.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    using S = StorageT<E>;
    if constexpr (kIsFloat<E>) {
      if (cmp == ir::CompareType::kTotalOrder) {
        std::vector<int64_t> keys;
        auto load_key = [](const uint8_t* q) {
          S v;
          std::memcpy(&v, q, sizeof(S));
          return total_order_key<E>(v);
        };
        return sort_slices(ins, axis, outs, [&](int64_t base, int64_t inner, int64_t len, std::vector<int64_t>& perm) {
          typed_order<int64_t>(key.storage->data(), es, dir, load_key, base, inner, len, perm, keys, tmp);
        });
      }
    }
    using C = ComputeT<E>;
    std::vector<C> keys;
    auto load_value = [](const uint8_t* q) {
      S v;
      std::memcpy(&v, q, sizeof(S));
      return load<E>(v);
    };
    sort_slices(ins, axis, outs, [&](int64_t base, int64_t inner, int64_t len, std::vector<int64_t>& perm) {
      typed_order<C>(key.storage->data(), es, dir, load_value, base, inner, len, perm, keys, tmp);
    });
  });
}

}  // namespace tsmlx::cpu::kernels
