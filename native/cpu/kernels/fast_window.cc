// Fast f32 max-pooling and its gradient for windows that leave the innermost dim alone
// (channels-last pooling: window 1, stride 1, no padding there; no dilations). Each window
// position is a contiguous run of channels, so the inner loops are plain vectorizable
// loops over channels instead of one window walk per element. Output positions are split
// across the thread pool (the gradient only along leading dims whose windows do not overlap).
#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/parallel.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {
namespace {

// Ranks this kernel takes (window walks keep their index on the stack).
constexpr size_t kMaxRank = 8;
// Floats read per parallel chunk, at least.
constexpr int64_t kGrainFloats = int64_t{1} << 15;

bool channels_last_window(const ir::WindowDims& w, size_t rank) {
  if (rank == 0 || w.size.size() != rank) return false;
  for (size_t i = 0; i < rank; ++i)
    if (w.base_dilation[i] != 1 || w.window_dilation[i] != 1) return false;
  const size_t c = rank - 1;
  return rank <= kMaxRank && w.size[c] == 1 && w.strides[c] == 1 && w.pad_lo[c] == 0 && w.pad_hi[c] == 0;
}

// Calls visit(input offset of the window position's channel run) for each window position
// of output position `pos` (outer dims only) that lies inside the input.
template <class F>
void for_window_runs(const std::vector<int64_t>& pos, const ir::WindowDims& w, const std::vector<int64_t>& in_dims,
                     const std::vector<int64_t>& in_strides, F&& visit) {
  const size_t outer = in_dims.size() - 1;
  int64_t k[kMaxRank] = {};
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

// The row-major index `flat` of `dims` as one index per dim.
std::vector<int64_t> unravel(int64_t flat, const std::vector<int64_t>& dims) {
  std::vector<int64_t> pos(dims.size(), 0);
  for (size_t i = dims.size(); i-- > 0;) {
    pos[i] = flat % dims[i];
    flat /= dims[i];
  }
  return pos;
}

bool next_outer(std::vector<int64_t>& pos, const std::vector<int64_t>& dims) {
  for (size_t i = pos.size(); i-- > 0;) {
    if (++pos[i] < dims[i]) return true;
    pos[i] = 0;
  }
  return false;
}

// One 2x2 window's channels: each output element gets `start + s` where the window's pick
// is (the first maximum in window order, as select(>=) keeps it; NaN is taken), else `start`.
void pool_grad_window(const float* x, const float* s, float* o, int64_t C, int64_t row, float start) {
  const float *x0 = x, *x1 = x + C, *x2 = x + row, *x3 = x + row + C;
  float *o0 = o, *o1 = o + C, *o2 = o + row, *o3 = o + row + C;
#pragma omp simd
  for (int64_t c = 0; c < C; ++c) {
    const float v0 = x0[c], v1 = x1[c], v2 = x2[c], v3 = x3[c];
    const bool t1 = !(v0 >= v1);
    const float b1 = t1 ? v1 : v0, k1 = t1 ? 1.0f : 0.0f;
    const bool t2 = !(b1 >= v2);
    const float b2 = t2 ? v2 : b1, k2 = t2 ? 2.0f : k1;
    const float k = !(b2 >= v3) ? 3.0f : k2;
    const float g = start + s[c];
    o0[c] = k == 0.0f ? g : start;
    o1[c] = k == 1.0f ? g : start;
    o2[c] = k == 2.0f ? g : start;
    o3[c] = k == 3.0f ? g : start;
  }
}

// The gradient of a 2x2 stride-2 max-pool over [B, H, W, C] whose windows tile the input:
// every output element is written once.
void pool_grad_2x2(const float* x, const float* src, float start, const std::vector<int64_t>& id, float* o) {
  const int64_t B = id[0], H = id[1], W = id[2], C = id[3], OH = H / 2, OW = W / 2;
  const int64_t row = W * C;
  parallel_for(B * OH, std::max<int64_t>(1, kGrainFloats / std::max<int64_t>(1, 2 * row)), [&](int64_t rb, int64_t re) {
    for (int64_t r = rb; r < re; ++r) {
      const int64_t base = (r / OH) * H * row + (r % OH) * 2 * row;
      for (int64_t ow = 0; ow < OW; ++ow)
        pool_grad_window(x + base + 2 * ow * C, src + (r * OW + ow) * C, o + base + 2 * ow * C, C, row, start);
    }
  });
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
  int64_t positions = 1, window = 1;
  for (size_t i = 0; i < outer_dims.size(); ++i) {
    positions *= outer_dims[i];
    window *= w.size[i];
  }
  // Output positions are independent: split them across the pool.
  parallel_for(positions, std::max<int64_t>(1, kGrainFloats / std::max<int64_t>(1, C * window)),
               [&](int64_t begin, int64_t end) {
                 std::vector<int64_t> pos = unravel(begin, outer_dims);
                 float* dst = o + begin * C;
                 for (int64_t q = begin; q < end; ++q, dst += C) {
                   for_window_runs(pos, w, id, is, [&](int64_t off) {
                     const float* src = x + off;
#pragma omp simd
                     for (int64_t c = 0; c < C; ++c) dst[c] = src[c] > dst[c] || src[c] != src[c] ? src[c] : dst[c];
                   });
                   next_outer(pos, outer_dims);
                 }
               });
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
  const auto& sd = source.type.dims;
  // Windows that never overlap write their elements once, so `out` needs `start` only where
  // no window reaches, and nowhere when the windows tile the operand exactly.
  bool disjoint = true, tiled = true;
  for (size_t i = 0; i + 1 < id.size(); ++i) {
    disjoint &= w.size[i] <= w.strides[i];
    tiled &= w.size[i] == w.strides[i] && w.pad_lo[i] == 0 && sd[i] * w.strides[i] == id[i];
  }
  if (!(disjoint && tiled)) std::fill(o, o + out.type.num_elements(), start);
  if (source.type.num_elements() == 0 || operand.type.num_elements() == 0) return true;
  const int64_t C = id.back();
  const std::vector<int64_t> is = row_major_strides(id);
  const auto* x = static_cast<const float*>(operand.storage->data());
  const auto* src = static_cast<const float*>(source.storage->data());
  if (id.size() == 4 && tiled && w.size[0] == 1 && w.size[1] == 2 && w.size[2] == 2) {
    pool_grad_2x2(x, src, start, id, o);
    return true;
  }
  const std::vector<int64_t> outer_dims(sd.begin(), sd.end() - 1);
  // Windows of different indices along a leading dim with size <= stride never share an
  // input element, so blocks of such leading indices scatter into disjoint parts of `out`
  // and run in parallel; the dims after them run whole inside each block.
  size_t lead = 0;
  int64_t units = 1, per_unit = 1, window = 1;
  while (lead < outer_dims.size() && w.size[lead] <= w.strides[lead]) units *= outer_dims[lead++];
  for (size_t i = lead; i < outer_dims.size(); ++i) per_unit *= outer_dims[i];
  for (size_t i = 0; i < outer_dims.size(); ++i) window *= w.size[i];
  const int64_t grain = std::max<int64_t>(1, kGrainFloats / std::max<int64_t>(1, C * window * per_unit));
  parallel_for(units, grain, [&](int64_t ubegin, int64_t uend) {
    const int64_t begin = ubegin * per_unit, end = uend * per_unit;
    std::vector<int64_t> pos = unravel(begin, outer_dims);
    std::vector<float> best(static_cast<size_t>(C));
    std::vector<int32_t> pick(static_cast<size_t>(C));  // index into runs
    std::vector<int64_t> runs;                          // input offsets of the window's channel runs
    runs.reserve(static_cast<size_t>(window));
    const float* s = src + begin * C;
    for (int64_t q = begin; q < end; ++q, s += C) {
      runs.clear();
      for_window_runs(pos, w, id, is, [&](int64_t off) { runs.push_back(off); });
      next_outer(pos, outer_dims);
      if (runs.empty()) continue;
      float* b = best.data();
      int32_t* k = pick.data();
      const float* v0 = x + runs[0];
#pragma omp simd
      for (int64_t c = 0; c < C; ++c) {
        b[c] = v0[c];
        k[c] = 0;
      }
      // The reference keeps the current pick while pick >= element (first maximum wins).
      for (size_t r = 1; r < runs.size(); ++r) {
        const float* v = x + runs[r];
        const int32_t ri = static_cast<int32_t>(r);
#pragma omp simd
        for (int64_t c = 0; c < C; ++c) {
          const bool take = !(b[c] >= v[c]);
          b[c] = take ? v[c] : b[c];
          k[c] = take ? ri : k[c];
        }
      }
      for (size_t r = 0; r < runs.size(); ++r) {
        float* g = o + runs[r];
        const int32_t ri = static_cast<int32_t>(r);
        if (disjoint) {  // g is still `start` here: this window is the only one that reaches it
#pragma omp simd
          for (int64_t c = 0; c < C; ++c) g[c] = k[c] == ri ? start + s[c] : start;
        } else {
#pragma omp simd
          for (int64_t c = 0; c < C; ++c) g[c] = k[c] == ri ? g[c] + s[c] : g[c];
        }
      }
    }
  });
  return true;
}

}  // namespace tsmlx::cpu::kernels
