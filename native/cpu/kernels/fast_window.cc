// Fast f32 max-pooling and its gradient for windows that leave the innermost dim alone
// (channels-last pooling: window 1, stride 1, no padding there; no dilations). Each window
// position is a contiguous run of channels, so the inner loops are plain vectorizable
// loops over channels instead of one window walk per element.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/fast.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {
namespace {

bool channels_last_window(const ir::WindowDims& w, size_t rank) {
  if (rank == 0 || w.size.size() != rank) return false;
  for (size_t i = 0; i < rank; ++i)
    if (w.base_dilation[i] != 1 || w.window_dilation[i] != 1) return false;
  const size_t c = rank - 1;
  return w.size[c] == 1 && w.strides[c] == 1 && w.pad_lo[c] == 0 && w.pad_hi[c] == 0;
}

// Calls visit(input offset of the window position's channel run) for each window position
// of output position `pos` (outer dims only) that lies inside the input.
template <class F>
void for_window_runs(const std::vector<int64_t>& pos, const ir::WindowDims& w, const std::vector<int64_t>& in_dims,
                     const std::vector<int64_t>& in_strides, F&& visit) {
  const size_t outer = in_dims.size() - 1;
  std::vector<int64_t> k(outer, 0);
  for (size_t i = 0; i < outer; ++i)
    if (w.size[i] == 0) return;
  while (true) {
    int64_t off = 0;
    bool inside = true;
    for (size_t i = 0; i < outer; ++i) {
      const int64_t p = pos[i] * w.strides[i] + k[i] - w.pad_lo[i];
      if (p < 0 || p >= in_dims[i]) {
        inside = false;
        break;
      }
      off += p * in_strides[i];
    }
    if (inside) visit(off);
    size_t i = outer;
    while (i > 0) {
      --i;
      if (++k[i] < w.size[i]) break;
      k[i] = 0;
      if (i == 0) return;
    }
    if (outer == 0) return;
  }
}

bool next_outer(std::vector<int64_t>& pos, const std::vector<int64_t>& dims) {
  for (size_t i = pos.size(); i-- > 0;) {
    if (++pos[i] < dims[i]) return true;
    pos[i] = 0;
  }
  return false;
}

}  // namespace

bool fast_max_pool(const Tensor& in, const Tensor& init, const ir::WindowDims& w, Tensor& out) {
  const ElementType f32 = ElementType::kF32;
  if (in.type.type != f32 || out.type.type != f32) return false;
  const auto& id = in.type.dims;
  const auto& od = out.type.dims;
  if (!channels_last_window(w, id.size())) return false;
  auto* o = static_cast<float*>(out.storage->data());
  const float start = *static_cast<const float*>(init.storage->data());
  const int64_t total = out.type.num_elements();
  std::fill(o, o + total, start);
  if (total == 0 || in.type.num_elements() == 0) return true;
  const int64_t C = id.back();
  const std::vector<int64_t> is = row_major_strides(id);
  const auto* x = static_cast<const float*>(in.storage->data());
  const std::vector<int64_t> outer_dims(od.begin(), od.end() - 1);
  std::vector<int64_t> pos(outer_dims.size(), 0);
  float* dst = o;
  do {
    for_window_runs(pos, w, id, is, [&](int64_t off) {
      const float* src = x + off;
      for (int64_t c = 0; c < C; ++c) dst[c] = src[c] > dst[c] || src[c] != src[c] ? src[c] : dst[c];
    });
    dst += C;
  } while (next_outer(pos, outer_dims));
  return true;
}

bool fast_max_pool_grad(const Tensor& operand, const Tensor& source, const Tensor& init, const ir::WindowDims& w,
                        ir::OpKind scatter, Tensor& out) {
  const ElementType f32 = ElementType::kF32;
  if (operand.type.type != f32 || out.type.type != f32 || source.type.type != f32) return false;
  if (!w.fast_select || w.select_dir != ir::CompareDir::kGE || scatter != ir::OpKind::kAdd) return false;
  const auto& id = operand.type.dims;
  if (!channels_last_window(w, id.size())) return false;
  auto* o = static_cast<float*>(out.storage->data());
  const float start = *static_cast<const float*>(init.storage->data());
  std::fill(o, o + out.type.num_elements(), start);
  if (source.type.num_elements() == 0 || operand.type.num_elements() == 0) return true;
  const int64_t C = id.back();
  const std::vector<int64_t> is = row_major_strides(id);
  const auto* x = static_cast<const float*>(operand.storage->data());
  const auto* s = static_cast<const float*>(source.storage->data());
  const auto& sd = source.type.dims;
  const std::vector<int64_t> outer_dims(sd.begin(), sd.end() - 1);
  std::vector<int64_t> pos(outer_dims.size(), 0);
  std::vector<float> best(static_cast<size_t>(C));
  std::vector<int64_t> pick(static_cast<size_t>(C));
  do {
    bool first = true;
    for_window_runs(pos, w, id, is, [&](int64_t off) {
      const float* v = x + off;
      if (first) {
        for (int64_t c = 0; c < C; ++c) {
          best[c] = v[c];
          pick[c] = off + c;
        }
        first = false;
        return;
      }
      // The reference keeps the current pick while pick >= element (first maximum wins).
      for (int64_t c = 0; c < C; ++c) {
        const bool take = !(best[c] >= v[c]);
        best[c] = take ? v[c] : best[c];
        pick[c] = take ? off + c : pick[c];
      }
    });
    if (!first)
      for (int64_t c = 0; c < C; ++c) o[pick[c]] += s[c];
    s += C;
  } while (next_outer(pos, outer_dims));
  return true;
}

}  // namespace tsmlx::cpu::kernels
