// reduce_window, select_and_scatter and reverse. Windows are walked with odometers over
// the output (or source) index and the window index; an element's place in the padded,
// base-dilated operand decides whether it is a real element or padding.
#include <cstring>

#include "kernels/scalar_ops.h"
#include "kernels/window.h"

namespace tsmlx::cpu::kernels {
namespace {

bool next_index(std::vector<int64_t>& idx, const std::vector<int64_t>& sizes) {
  for (size_t k = idx.size(); k-- > 0;) {
    if (++idx[k] < sizes[k]) return true;
    idx[k] = 0;
  }
  return false;
}

bool all_positive(const std::vector<int64_t>& v) {
  for (int64_t x : v)
    if (x <= 0) return false;
  return true;
}

// Calls f(window_index_offset_or_-1) for each element of the window at `pos` (an output
// index): the operand offset of a real element, -1 for padding or a dilation hole.
template <class F>
void for_window(const std::vector<int64_t>& pos, const ir::WindowDims& w, const std::vector<int64_t>& in_dims,
                const std::vector<int64_t>& in_strides, std::vector<int64_t>& widx, F f) {
  const size_t r = pos.size();
  std::fill(widx.begin(), widx.end(), 0);
  if (!all_positive(w.size)) return;
  do {
    int64_t off = 0;
    bool real = true;
    for (size_t i = 0; i < r; ++i) {
      const int64_t p = pos[i] * w.strides[i] + widx[i] * w.window_dilation[i] - w.pad_lo[i];
      if (p < 0 || p % w.base_dilation[i] != 0 || p / w.base_dilation[i] >= in_dims[i]) {
        real = false;
        break;
      }
      off += (p / w.base_dilation[i]) * in_strides[i];
    }
    f(real ? off : -1);
  } while (next_index(widx, w.size));
}

}  // namespace

void reduce_window(const std::vector<const Tensor*>& ins, const std::vector<const Tensor*>& inits,
                   const ir::WindowDims& w, ir::OpKind fast, const ScalarBody& body, const std::vector<Tensor*>& outs) {
  const size_t n_ops = ins.size();
  const std::vector<int64_t>& in_dims = ins[0]->type.dims;
  const std::vector<int64_t>& out_dims = outs[0]->type.dims;
  const std::vector<int64_t> in_strides = row_major_strides(in_dims);
  const size_t r = in_dims.size();
  if (outs[0]->type.num_elements() == 0) return;
  std::vector<int64_t> pos(r, 0), widx(r, 0);
  if (fast != ir::OpKind::kReturn && n_ops == 1) {
    visit_type(ins[0]->type.type, [&](auto tag) {
      constexpr ElementType E = decltype(tag)::value;
      using C = ComputeT<E>;
      const auto* x = static_cast<const StorageT<E>*>(ins[0]->storage->data());
      const C init = load<E>(*static_cast<const StorageT<E>*>(inits[0]->storage->data()));
      auto* o = static_cast<StorageT<E>*>(outs[0]->storage->data());
      with_binary<E>(fast, [&](auto fn) {
        int64_t j = 0;
        do {
          C acc = init;
          for_window(pos, w, in_dims, in_strides, widx, [&](int64_t off) { acc = fn(acc, off < 0 ? init : load<E>(x[off])); });
          o[j++] = store<E>(acc);
        } while (next_index(pos, out_dims));
      });
    });
    return;
  }
  std::vector<size_t> sizes(n_ops);
  for (size_t k = 0; k < n_ops; ++k) sizes[k] = element_size(ins[k]->type.type);
  std::vector<const void*> args(2 * n_ops);
  std::vector<void*> results(n_ops);
  int64_t j = 0;
  do {
    for (size_t k = 0; k < n_ops; ++k) {
      auto* acc = static_cast<uint8_t*>(outs[k]->storage->data()) + j * sizes[k];
      std::memcpy(acc, inits[k]->storage->data(), sizes[k]);
      args[k] = acc;
      results[k] = acc;
    }
    for_window(pos, w, in_dims, in_strides, widx, [&](int64_t off) {
      for (size_t k = 0; k < n_ops; ++k) {
        args[n_ops + k] = off < 0 ? inits[k]->storage->data()
                                  : static_cast<const uint8_t*>(ins[k]->storage->data()) + off * sizes[k];
      }
      body(args.data(), results.data());
    });
    ++j;
  } while (next_index(pos, out_dims));
}

void select_and_scatter(const Tensor& operand, const Tensor& source, const Tensor& init, const ir::WindowDims& w,
                        const SelectFn& select, ir::OpKind fast_scatter, const ScalarBody& scatter, Tensor& out) {
  const size_t es = element_size(operand.type.type);
  const int64_t n_out = out.type.num_elements();
  auto* o = static_cast<uint8_t*>(out.storage->data());
  for (int64_t i = 0; i < n_out; ++i) std::memcpy(o + i * es, init.storage->data(), es);
  if (source.type.num_elements() == 0 || n_out == 0) return;
  const std::vector<int64_t>& in_dims = operand.type.dims;
  const std::vector<int64_t> in_strides = row_major_strides(in_dims);
  const size_t r = in_dims.size();
  const auto* x = static_cast<const uint8_t*>(operand.storage->data());
  const auto* src = static_cast<const uint8_t*>(source.storage->data());
  std::vector<int64_t> pos(r, 0), widx(r, 0);
  visit_type(operand.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    using C = ComputeT<E>;
    const auto* xt = reinterpret_cast<const StorageT<E>*>(x);
    auto keeps = [&](int64_t a, int64_t b) -> bool {
      if (!w.fast_select) return select(x + a * es, x + b * es);
      const C va = load<E>(xt[a]), vb = load<E>(xt[b]);
      switch (w.select_dir) {
        case ir::CompareDir::kGE: return va >= vb;
        case ir::CompareDir::kGT: return va > vb;
        case ir::CompareDir::kLE: return va <= vb;
        default: return va < vb;
      }
    };
    int64_t j = 0;
    do {
      int64_t pick = -1;
      for_window(pos, w, in_dims, in_strides, widx, [&](int64_t off) {
        if (off < 0) return;
        if (pick < 0 || !keeps(pick, off)) pick = off;
      });
      if (pick >= 0) {
        void* acc = o + pick * es;
        const void* s = src + j * es;
        if (fast_scatter != ir::OpKind::kReturn) {
          auto* a = static_cast<StorageT<E>*>(acc);
          const auto* v = static_cast<const StorageT<E>*>(s);
          with_binary<E>(fast_scatter, [&](auto fn) { *a = store<E>(fn(load<E>(*a), load<E>(*v))); });
        } else {
          const void* args[2] = {acc, s};
          void* res[1] = {acc};
          scatter(args, res);
        }
      }
      ++j;
    } while (next_index(pos, source.type.dims));
  });
}

void reverse(const Tensor& in, const std::vector<int64_t>& dims, Tensor& out) {
  const std::vector<int64_t>& shape = in.type.dims;
  if (in.type.num_elements() == 0) return;
  std::vector<int64_t> src_strides = row_major_strides(shape);
  int64_t start = 0;
  for (int64_t d : dims) {
    start += (shape[d] - 1) * src_strides[d];
    src_strides[d] = -src_strides[d];
  }
  const size_t es = element_size(in.type.type);
  strided_copy(es, shape, static_cast<const uint8_t*>(in.storage->data()) + start * static_cast<int64_t>(es),
               src_strides, out.storage->data(), row_major_strides(shape));
}

}  // namespace tsmlx::cpu::kernels
