// reduce: any number of operands, any body. A body that is one add/multiply/maximum/
// minimum/and/or over its arguments runs as a typed loop (fast_reduce.cc's vectorised paths
// first, else the sequential one here); others go through `body`.
#include <algorithm>
#include <cstring>

#include "engine/parallel.h"
#include "kernels/fast_reduce.h"
#include "kernels/kernels.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

// Elements per parallel chunk of the typed reduction.
constexpr int64_t kGrain = 1 << 16;

// Output strides over the input's dimensions (0 along reduced dimensions).
std::vector<int64_t> output_strides(const std::vector<int64_t>& in_dims, const std::vector<bool>& reduced) {
  std::vector<int64_t> ostride(in_dims.size(), 0);
  int64_t s = 1;
  for (size_t i = in_dims.size(); i-- > 0;) {
    if (!reduced[i]) {
      ostride[i] = s;
      s *= in_dims[i];
    }
  }
  return ostride;
}

// Walks the input in row-major order, restricted to indices lo <= idx[split] < hi along
// dimension `split`, and calls f(input_index, output_index). Every output sees its inputs
// in increasing order whatever the restriction, so splitting over a kept dimension gives
// the same rounding as one walk.
template <class F>
void walk_box(const std::vector<int64_t>& in_dims, const std::vector<int64_t>& ostride, size_t split, int64_t lo,
              int64_t hi, F f) {
  const size_t r = in_dims.size();
  std::vector<int64_t> box = in_dims;
  box[split] = hi - lo;
  for (int64_t d : box)
    if (d == 0) return;
  std::vector<int64_t> istride(r, 1);
  for (size_t k = r; k-- > 1;) istride[k - 1] = istride[k] * in_dims[k];
  int64_t i = lo * istride[split], o = lo * ostride[split];
  const int64_t inner = box[r - 1], os_in = ostride[r - 1];
  std::vector<int64_t> idx(r, 0);
  while (true) {
    for (int64_t j = 0; j < inner; ++j) f(i + j, o + j * os_in);
    size_t k = r - 1;
    while (true) {
      if (k == 0) return;
      --k;
      i += istride[k];
      o += ostride[k];
      if (++idx[k] < box[k]) break;
      i -= istride[k] * box[k];
      o -= ostride[k] * box[k];
      idx[k] = 0;
    }
  }
}

// Walks the whole input in row-major order and calls f(input_index, output_index).
template <class F>
void for_each_reduced(const std::vector<int64_t>& in_dims, const std::vector<int64_t>& reduce_dims, F f) {
  const size_t r = in_dims.size();
  std::vector<bool> reduced(r, false);
  for (int64_t d : reduce_dims) reduced[d] = true;
  if (r == 0) {
    f(0, 0);
    return;
  }
  walk_box(in_dims, output_strides(in_dims, reduced), 0, 0, in_dims[0], f);
}

// Like for_each_reduced, split across threads over the largest kept dimension. f must be
// safe to call concurrently for different outputs.
template <class F>
void for_each_reduced_parallel(const std::vector<int64_t>& in_dims, const std::vector<int64_t>& reduce_dims, F f) {
  const size_t r = in_dims.size();
  int64_t n = 1;
  for (int64_t d : in_dims) n *= d;
  std::vector<bool> reduced(r, false);
  for (int64_t d : reduce_dims) reduced[d] = true;
  size_t split = r;
  for (size_t k = 0; k < r; ++k)
    if (!reduced[k] && (split == r || in_dims[k] > in_dims[split])) split = k;
  if (n < 2 * kGrain || split == r || in_dims[split] < 2) return for_each_reduced(in_dims, reduce_dims, f);
  const std::vector<int64_t> ostride = output_strides(in_dims, reduced);
  const int64_t per_index = n / in_dims[split];
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, per_index));
  parallel_for(in_dims[split], grain, [&](int64_t b, int64_t e) { walk_box(in_dims, ostride, split, b, e, f); });
}

}  // namespace

void reduce_sequential(const Tensor& in, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op,
                       Tensor& out) {
  visit_type(in.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    const auto* x = static_cast<const StorageT<E>*>(in.storage->data());
    auto* o = static_cast<StorageT<E>*>(out.storage->data());
    const StorageT<E> start = *static_cast<const StorageT<E>*>(init.storage->data());
    std::fill(o, o + out.type.num_elements(), start);
    with_binary<E>(op, [&](auto fn) {
      for_each_reduced_parallel(in.type.dims, dims,
                                [&](int64_t i, int64_t j) { o[j] = store<E>(fn(load<E>(o[j]), load<E>(x[i]))); });
    });
  });
}

void reduce(const std::vector<const Tensor*>& ins, const std::vector<const Tensor*>& inits,
            const std::vector<int64_t>& dims, ir::OpKind fast, const ScalarBody& body, const std::vector<Tensor*>& outs) {
  const size_t n_ops = ins.size();
  if (fast != ir::OpKind::kReturn && n_ops == 1) {
    if (!fast_reduce(*ins[0], *inits[0], dims, fast, *outs[0])) reduce_sequential(*ins[0], *inits[0], dims, fast, *outs[0]);
    return;
  }
  for (size_t k = 0; k < n_ops; ++k) {
    const size_t es = element_size(outs[k]->type.type);
    auto* o = static_cast<uint8_t*>(outs[k]->storage->data());
    const auto* init = static_cast<const uint8_t*>(inits[k]->storage->data());
    for (int64_t i = 0, n = outs[k]->type.num_elements(); i < n; ++i) std::memcpy(o + i * es, init, es);
  }
  const std::vector<int64_t>& in_dims = ins[0]->type.dims;
  std::vector<const void*> args(2 * n_ops);
  std::vector<void*> results(n_ops);
  std::vector<size_t> sizes(n_ops);
  for (size_t k = 0; k < n_ops; ++k) sizes[k] = element_size(ins[k]->type.type);
  for_each_reduced(in_dims, dims, [&](int64_t i, int64_t j) {
    for (size_t k = 0; k < n_ops; ++k) {
      auto* acc = static_cast<uint8_t*>(outs[k]->storage->data()) + j * sizes[k];
      args[k] = acc;
      args[n_ops + k] = static_cast<const uint8_t*>(ins[k]->storage->data()) + i * sizes[k];
      results[k] = acc;
    }
    body(args.data(), results.data());
  });
}

}  // namespace tsmlx::cpu::kernels
