// convolution: a direct loop over output positions and kernel taps, valid for every
// combination of dimension numbers, strides, padding, dilations, window reversal and
// feature/batch groups. Both operands are loaded once into their compute type (f32 for
// f16/bf16); each output position accumulates all of its output features at once, so the
// innermost loop runs over input features with the operands' own strides.
#include <algorithm>

#include "kernels/scalar_ops.h"
#include "kernels/window.h"

// GCC 12 warns falsely about freeing the index vectors of a conv without spatial dims.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#endif

namespace tsmlx::cpu::kernels {
namespace {

template <ElementType E>
std::vector<ComputeT<E>> loaded(const Tensor& t) {
  const int64_t n = t.type.num_elements();
  std::vector<ComputeT<E>> v(static_cast<size_t>(n));
  const auto* p = static_cast<const StorageT<E>*>(t.storage ? t.storage->data() : nullptr);
  for (int64_t i = 0; i < n; ++i) v[i] = load<E>(p[i]);
  return v;
}

// Advances an odometer over `sizes`; false after the last index.
bool next_index(std::vector<int64_t>& idx, const std::vector<int64_t>& sizes) {
  for (size_t k = idx.size(); k-- > 0;) {
    if (++idx[k] < sizes[k]) return true;
    idx[k] = 0;
  }
  return false;
}

template <ElementType E>
void conv_typed(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, Tensor& out) {
  using C = ComputeT<E>;
  const int64_t total = out.type.num_elements();
  auto* o = static_cast<StorageT<E>*>(out.storage->data());
  if (total == 0) return;
  const std::vector<C> L = loaded<E>(lhs), R = loaded<E>(rhs);
  const auto &ld = lhs.type.dims, &rd = rhs.type.dims, &od = out.type.dims;
  const std::vector<int64_t> ls = row_major_strides(ld), rs = row_major_strides(rd), os = row_major_strides(od);
  const size_t n = d.in_spatial.size();
  std::vector<int64_t> osz(n), ksz(n), isz(n);
  for (size_t i = 0; i < n; ++i) {
    osz[i] = od[d.out_spatial[i]];
    ksz[i] = rd[d.k_spatial[i]];
    isz[i] = ld[d.in_spatial[i]];
  }
  const int64_t out_batch = od[d.out_batch], out_feat = rd[d.k_out], cin = rd[d.k_in];
  const int64_t per_fgroup = out_feat / d.feature_groups, per_bgroup = out_feat / d.batch_groups;
  const int64_t lf = ls[d.in_feature], rf = rs[d.k_in];
  // Per output feature: where its lhs features and batch start, and its kernel column.
  std::vector<int64_t> lhs_base(out_feat), rhs_base(out_feat);
  for (int64_t f = 0; f < out_feat; ++f) {
    lhs_base[f] = (f / per_fgroup) * cin * lf + (f / per_bgroup) * out_batch * ls[d.in_batch];
    rhs_base[f] = f * rs[d.k_out];
  }
  bool any_tap = cin > 0;
  for (int64_t k : ksz) any_tap &= k > 0;
  std::vector<C> acc(static_cast<size_t>(out_feat));
  std::vector<int64_t> opos(n, 0), kpos(n, 0);
  for (int64_t b = 0; b < out_batch; ++b) {
    std::fill(opos.begin(), opos.end(), 0);
    bool more_out = true;
    for (int64_t s : osz) more_out &= s > 0;
    while (more_out) {
      std::fill(acc.begin(), acc.end(), C(0));
      if (any_tap) {
        std::fill(kpos.begin(), kpos.end(), 0);
        do {
          int64_t loff = b * ls[d.in_batch], roff = 0;
          bool valid = true;
          for (size_t i = 0; i < n && valid; ++i) {
            const int64_t p = opos[i] * d.strides[i] + kpos[i] * d.rhs_dilation[i] - d.pad_lo[i];
            if (p < 0 || p % d.lhs_dilation[i] != 0 || p / d.lhs_dilation[i] >= isz[i]) {
              valid = false;
              break;
            }
            loff += (p / d.lhs_dilation[i]) * ls[d.in_spatial[i]];
            roff += (d.reversal[i] ? ksz[i] - 1 - kpos[i] : kpos[i]) * rs[d.k_spatial[i]];
          }
          if (!valid) continue;
          for (int64_t f = 0; f < out_feat; ++f) {
            const C* lp = L.data() + loff + lhs_base[f];
            const C* rp = R.data() + roff + rhs_base[f];
            C s = acc[f];
            for (int64_t c = 0; c < cin; ++c) s = op_add<E>(s, op_mul<E>(lp[c * lf], rp[c * rf]));
            acc[f] = s;
          }
        } while (next_index(kpos, ksz));
      }
      int64_t ooff = b * os[d.out_batch];
      for (size_t i = 0; i < n; ++i) ooff += opos[i] * os[d.out_spatial[i]];
      for (int64_t f = 0; f < out_feat; ++f) o[ooff + f * os[d.out_feature]] = store<E>(acc[f]);
      more_out = next_index(opos, osz);
    }
  }
}

}  // namespace

void convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out) {
  visit_type(lhs.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsPred<E>) {
      throw EngineError{kUnimplemented, "[stablehlo.convolution] i1 operands are not supported"};
    } else {
      conv_typed<E>(lhs, rhs, dims, out);
    }
  });
}

}  // namespace tsmlx::cpu::kernels
