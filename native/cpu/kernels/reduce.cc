// reduce: any number of operands, any body. A body that is one add/multiply/maximum/
// minimum/and/or over its arguments runs as a typed loop; others go through `body`.
#include <cstring>

#include "kernels/kernels.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

// Walks the input in row-major order and calls f(input_index, output_index).
template <class F>
void for_each_reduced(const std::vector<int64_t>& in_dims, const std::vector<int64_t>& reduce_dims, F f) {
  const size_t r = in_dims.size();
  int64_t n = 1;
  for (int64_t d : in_dims) n *= d;
  if (n == 0) return;
  std::vector<bool> reduced(r, false);
  for (int64_t d : reduce_dims) reduced[d] = true;
  // Output strides (0 along reduced dimensions).
  std::vector<int64_t> ostride(r, 0);
  int64_t s = 1;
  for (size_t i = r; i-- > 0;) {
    if (!reduced[i]) {
      ostride[i] = s;
      s *= in_dims[i];
    }
  }
  std::vector<int64_t> idx(r, 0);
  int64_t o = 0;
  for (int64_t i = 0; i < n; ++i) {
    f(i, o);
    for (size_t k = r; k-- > 0;) {
      o += ostride[k];
      if (++idx[k] < in_dims[k]) break;
      o -= ostride[k] * in_dims[k];
      idx[k] = 0;
    }
  }
}

}  // namespace

void reduce(const std::vector<const Tensor*>& ins, const std::vector<const Tensor*>& inits,
            const std::vector<int64_t>& dims, ir::OpKind fast, const ScalarBody& body, const std::vector<Tensor*>& outs) {
  const size_t n_ops = ins.size();
  for (size_t k = 0; k < n_ops; ++k) {
    const size_t es = element_size(outs[k]->type.type);
    auto* o = static_cast<uint8_t*>(outs[k]->storage->data());
    for (int64_t i = 0, n = outs[k]->type.num_elements(); i < n; ++i) std::memcpy(o + i * es, inits[k]->storage->data(), es);
  }
  const std::vector<int64_t>& in_dims = ins[0]->type.dims;
  if (fast != ir::OpKind::kReturn && n_ops == 1) {
    visit_type(ins[0]->type.type, [&](auto tag) {
      constexpr ElementType E = decltype(tag)::value;
      const auto* x = static_cast<const StorageT<E>*>(ins[0]->storage->data());
      auto* o = static_cast<StorageT<E>*>(outs[0]->storage->data());
      with_binary<E>(fast, [&](auto fn) {
        for_each_reduced(in_dims, dims, [&](int64_t i, int64_t j) { o[j] = store<E>(fn(load<E>(o[j]), load<E>(x[i]))); });
      });
    });
    return;
  }
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
