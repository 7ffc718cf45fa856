// convolution, for every combination of dimension numbers, strides, padding, dilations,
// window reversal and feature/batch groups, in two forms:
//  - floats (f32, f64; f16/bf16 through f32): im2col + GEMM. For each batch element and
//    group, the input patches become a [output positions, taps x input features] matrix
//    and one cblas_sgemm/dgemm multiplies it with the [taps x input features, filters]
//    kernel matrix;
//  - integers: a direct loop over output positions and kernel taps (wrapping arithmetic).
// A tap table maps (output position, kernel tap) to the input's spatial offset, or -1 for
// padding and lhs-dilation holes, so both forms share the index arithmetic.
#include <algorithm>

#include "engine/blas.h"
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

// The spatial offsets of the input for each (output position, kernel tap), -1 where the
// tap falls on padding or a dilation hole; and the output's spatial offset per position.
struct TapTable {
  int64_t positions = 1, taps = 1;
  std::vector<int64_t> input;   // [positions * taps]
  std::vector<int64_t> kernel;  // kernel spatial offset per tap (window reversal applied)
  std::vector<int64_t> output;  // output spatial offset per position
};

TapTable tap_table(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, const Tensor& out) {
  const auto &ld = lhs.type.dims, &rd = rhs.type.dims, &od = out.type.dims;
  const std::vector<int64_t> ls = row_major_strides(ld), rs = row_major_strides(rd), os = row_major_strides(od);
  const size_t n = d.in_spatial.size();
  std::vector<int64_t> osz(n), ksz(n);
  TapTable t;
  for (size_t i = 0; i < n; ++i) {
    osz[i] = od[d.out_spatial[i]];
    ksz[i] = rd[d.k_spatial[i]];
    t.positions *= osz[i];
    t.taps *= ksz[i];
  }
  t.input.assign(static_cast<size_t>(t.positions * t.taps), -1);
  std::vector<int64_t> opos(n, 0), kpos(n, 0);
  if (t.taps > 0) {
    do {
      int64_t k = 0;
      for (size_t i = 0; i < n; ++i) k += (d.reversal[i] ? ksz[i] - 1 - kpos[i] : kpos[i]) * rs[d.k_spatial[i]];
      t.kernel.push_back(k);
    } while (next_index(kpos, ksz));
  }
  if (t.positions == 0) return t;
  int64_t p = 0;
  do {
    int64_t o = 0;
    for (size_t i = 0; i < n; ++i) o += opos[i] * os[d.out_spatial[i]];
    t.output.push_back(o);
    if (t.taps > 0) {
      std::fill(kpos.begin(), kpos.end(), 0);
      int64_t k = 0;
      do {
        int64_t off = 0;
        bool valid = true;
        for (size_t i = 0; i < n; ++i) {
          const int64_t q = opos[i] * d.strides[i] + kpos[i] * d.rhs_dilation[i] - d.pad_lo[i];
          if (q < 0 || q % d.lhs_dilation[i] != 0 || q / d.lhs_dilation[i] >= ld[d.in_spatial[i]]) {
            valid = false;
            break;
          }
          off += (q / d.lhs_dilation[i]) * ls[d.in_spatial[i]];
        }
        t.input[p * t.taps + k] = valid ? off : -1;
        ++k;
      } while (next_index(kpos, ksz));
    }
    ++p;
  } while (next_index(opos, osz));
  return t;
}

inline void gemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
  blas().sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
              1.0f, a, static_cast<int>(k), b, static_cast<int>(n), 0.0f, c, static_cast<int>(n));
}
inline void gemm(int64_t m, int64_t n, int64_t k, const double* a, const double* b, double* c) {
  blas().dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
              1.0, a, static_cast<int>(k), b, static_cast<int>(n), 0.0, c, static_cast<int>(n));
}

template <ElementType E>
void conv_gemm(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, Tensor& out) {
  using C = ComputeT<E>;  // float or double
  auto* o = static_cast<StorageT<E>*>(out.storage->data());
  if (out.type.num_elements() == 0) return;
  const auto &ld = lhs.type.dims, &rd = rhs.type.dims, &od = out.type.dims;
  const std::vector<int64_t> ls = row_major_strides(ld), rs = row_major_strides(rd), os = row_major_strides(od);
  const int64_t groups = std::max(d.feature_groups, d.batch_groups);
  const int64_t cin = rd[d.k_in], filters = rd[d.k_out], per_group = filters / groups, out_batch = od[d.out_batch];
  const TapTable t = tap_table(lhs, rhs, d, out);
  const int64_t k = t.taps * cin, m = t.positions;
  const int64_t lf = ls[d.in_feature], of = os[d.out_feature];
  const auto* x = static_cast<const StorageT<E>*>(lhs.storage->data());
  const auto* w = static_cast<const StorageT<E>*>(rhs.storage->data());
  if (k == 0) {
    for (int64_t i = 0, n = out.type.num_elements(); i < n; ++i) o[i] = store<E>(C(0));
    return;
  }
  // Kernel matrices, one [taps * cin, per_group] block per group.
  std::vector<C> wm(static_cast<size_t>(groups * k * per_group));
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t tap = 0; tap < t.taps; ++tap)
      for (int64_t c = 0; c < cin; ++c)
        for (int64_t f = 0; f < per_group; ++f)
          wm[((g * t.taps + tap) * cin + c) * per_group + f] =
              load<E>(w[t.kernel[tap] + c * rs[d.k_in] + (g * per_group + f) * rs[d.k_out]]);
  std::vector<C> patches(static_cast<size_t>(m * k)), y(static_cast<size_t>(m * per_group));
  for (int64_t b = 0; b < out_batch; ++b) {
    for (int64_t g = 0; g < groups; ++g) {
      const int64_t batch = d.batch_groups > 1 ? g * out_batch + b : b;
      const int64_t feat = d.feature_groups > 1 ? g * cin : 0;
      const StorageT<E>* xb = x + batch * ls[d.in_batch] + feat * lf;
      for (int64_t p = 0; p < m; ++p) {
        C* row = patches.data() + p * k;
        const int64_t* taps = t.input.data() + p * t.taps;
        for (int64_t tap = 0; tap < t.taps; ++tap, row += cin) {
          if (taps[tap] < 0) {
            std::fill(row, row + cin, C(0));
            continue;
          }
          const StorageT<E>* src = xb + taps[tap];
          if (lf == 1) {
            for (int64_t c = 0; c < cin; ++c) row[c] = load<E>(src[c]);
          } else {
            for (int64_t c = 0; c < cin; ++c) row[c] = load<E>(src[c * lf]);
          }
        }
      }
      gemm(m, per_group, k, patches.data(), wm.data() + g * k * per_group, y.data());
      StorageT<E>* ob = o + b * os[d.out_batch] + g * per_group * of;
      for (int64_t p = 0; p < m; ++p)
        for (int64_t f = 0; f < per_group; ++f) ob[t.output[p] + f * of] = store<E>(y[p * per_group + f]);
    }
  }
}

}  // namespace

void convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out) {
  visit_type(lhs.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsPred<E>) {
      throw EngineError{kUnimplemented, "[stablehlo.convolution] i1 operands are not supported"};
    } else if constexpr (kIsFloat<E>) {
      conv_gemm<E>(lhs, rhs, dims, out);
    } else {
      conv_typed<E>(lhs, rhs, dims, out);
    }
  });
}

}  // namespace tsmlx::cpu::kernels
