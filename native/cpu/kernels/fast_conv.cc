// Fast f32 convolution as packed GEMMs (im2col): every dimension-number layout, stride,
// padding, lhs/rhs dilation and window reversal with one feature and one batch group.
// The forward pass, its gradient by the input (a conv with lhs dilation and a reversed
// kernel) and its gradient by the kernel (batch and feature swapped) all reduce to
//   out[b, o.., f] = sum over taps k.. and input features c of X[b, in(o, k).., c] * W[k.., c, f]
// The input is first copied into the canonical layout [batch, spatial.., feature] so every
// tap reads one contiguous run of features; blocks of rows x taps are gathered into a
// matrix (zeros where a tap falls into padding or a dilation hole) and multiplied with
// cblas_sgemm, accumulating over tap blocks. Anything else stays with the reference kernel.
#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/blas.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {
namespace {

// Target size in floats of one gathered block of the A matrix (about 2 MB; more when it holds under 256 rows).
constexpr int64_t kBlockFloats = int64_t{1} << 19;
// Target contraction depth of one GEMM.
constexpr int64_t kDepth = 8192;

// Copies `t` with dims permuted by `order` into a fresh row-major buffer.
std::vector<float> canonical(const Tensor& t, const std::vector<int64_t>& order) {
  const auto& dims = t.type.dims;
  const std::vector<int64_t> st = row_major_strides(dims);
  std::vector<int64_t> cd(order.size()), cs(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    cd[i] = dims[order[i]];
    cs[i] = st[order[i]];
  }
  std::vector<float> v(static_cast<size_t>(t.type.num_elements()));
  if (!v.empty()) strided_copy(sizeof(float), cd, t.storage->data(), cs, v.data(), row_major_strides(cd));
  return v;
}

bool is_identity(const std::vector<int64_t>& order) {
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] != static_cast<int64_t>(i)) return false;
  return true;
}

}  // namespace

bool fast_convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, Tensor& out) {
  const ElementType f32 = ElementType::kF32;
  if (lhs.type.type != f32 || rhs.type.type != f32 || out.type.type != f32) return false;
  if (d.feature_groups != 1 || d.batch_groups != 1) return false;
  const auto &ld = lhs.type.dims, &rd = rhs.type.dims, &od = out.type.dims;
  const size_t n = d.in_spatial.size();
  const int64_t B = od[d.out_batch], F = rd[d.k_out], C = rd[d.k_in];
  std::vector<int64_t> osz(n), ksz(n), isz(n);
  int64_t rows = B, taps = 1;
  for (size_t i = 0; i < n; ++i) {
    osz[i] = od[d.out_spatial[i]];
    ksz[i] = rd[d.k_spatial[i]];
    isz[i] = ld[d.in_spatial[i]];
    rows *= osz[i];
    taps *= ksz[i];
  }
  if (rows == 0 || F == 0) return false;  // empty output: nothing to gain
  auto* o = static_cast<float*>(out.storage->data());
  if (C == 0 || taps == 0) {
    std::fill(o, o + out.type.num_elements(), 0.0f);
    return true;
  }

  // X: [B, isz.., C]; W: [taps (reversal applied), C, F].
  std::vector<int64_t> lorder{d.in_batch};
  for (int64_t s : d.in_spatial) lorder.push_back(s);
  lorder.push_back(d.in_feature);
  std::vector<float> xbuf;
  const float* X = static_cast<const float*>(lhs.storage->data());
  if (!is_identity(lorder)) {
    xbuf = canonical(lhs, lorder);
    X = xbuf.data();
  }
  const std::vector<int64_t> rs = row_major_strides(rd);
  std::vector<float> W(static_cast<size_t>(taps * C * F));
  {
    const float* R = static_cast<const float*>(rhs.storage->data());
    std::vector<int64_t> kp(n, 0);
    for (int64_t t = 0; t < taps; ++t) {
      int64_t roff = 0;
      for (size_t i = 0; i < n; ++i) roff += (d.reversal[i] ? ksz[i] - 1 - kp[i] : kp[i]) * rs[d.k_spatial[i]];
      float* w = W.data() + t * C * F;
      const int64_t sc = rs[d.k_in], sf = rs[d.k_out];
      if (sf == 1) {
        for (int64_t c = 0; c < C; ++c) std::memcpy(w + c * F, R + roff + c * sc, F * sizeof(float));
      } else {
        for (int64_t c = 0; c < C; ++c)
          for (int64_t f = 0; f < F; ++f) w[c * F + f] = R[roff + c * sc + f * sf];
      }
      for (size_t i = n; i-- > 0;) {
        if (++kp[i] < ksz[i]) break;
        kp[i] = 0;
      }
    }
  }

  // Per spatial dim: the input index of (output o, tap k), or -1 in padding / dilation holes.
  std::vector<std::vector<int64_t>> in_index(n);
  std::vector<int64_t> xstride(n + 1, C);  // element strides of X's spatial dims
  for (size_t i = n; i-- > 1;) xstride[i - 1] = xstride[i] * isz[i];
  for (size_t i = 0; i < n; ++i) {
    in_index[i].resize(static_cast<size_t>(osz[i] * ksz[i]));
    for (int64_t oi = 0; oi < osz[i]; ++oi)
      for (int64_t k = 0; k < ksz[i]; ++k) {
        const int64_t p = oi * d.strides[i] + k * d.rhs_dilation[i] - d.pad_lo[i];
        const bool ok = p >= 0 && p % d.lhs_dilation[i] == 0 && p / d.lhs_dilation[i] < isz[i];
        in_index[i][oi * ksz[i] + k] = ok ? (p / d.lhs_dilation[i]) * xstride[i] : -1;
      }
  }
  const int64_t rows_per_b = rows / B;
  const int64_t bstride = n ? isz[0] * xstride[0] : C;

  // The result as [rows, F]; written straight into `out` when its layout is [B, osz.., F].
  std::vector<int64_t> oorder{d.out_batch};
  for (int64_t s : d.out_spatial) oorder.push_back(s);
  oorder.push_back(d.out_feature);
  const bool direct = is_identity(oorder);
  std::vector<float> cbuf;
  float* Cm = o;
  if (!direct) {
    cbuf.resize(static_cast<size_t>(rows * F));
    Cm = cbuf.data();
  }

  // Blocks of up to ~kDepth contraction terms and as many rows as fit kBlockFloats, so
  // that few, large GEMMs run whether rows (forward) or taps (kernel gradient) dominate.
  const int64_t tap_block = std::max<int64_t>(1, std::min<int64_t>(taps, kDepth / C));
  const int64_t row_block = std::min<int64_t>(rows, std::max<int64_t>(256, kBlockFloats / (tap_block * C)));
  std::vector<float> A(static_cast<size_t>(row_block * tap_block * C));
  std::vector<int64_t> opos(n), kpos(n);
  for (int64_t r0 = 0; r0 < rows; r0 += row_block) {
    const int64_t nr = std::min(row_block, rows - r0);
    for (int64_t t0 = 0; t0 < taps; t0 += tap_block) {
      const int64_t nt = std::min(tap_block, taps - t0);
      const int64_t kdim = nt * C;
      for (int64_t r = 0; r < nr; ++r) {
        int64_t rem = (r0 + r) % rows_per_b;
        const int64_t b = (r0 + r) / rows_per_b;
        for (size_t i = n; i-- > 0;) {
          opos[i] = rem % osz[i];
          rem /= osz[i];
        }
        int64_t trem = t0;
        for (size_t i = n; i-- > 0;) {
          kpos[i] = trem % ksz[i];
          trem /= ksz[i];
        }
        const float* xb = X + b * bstride;
        float* a = A.data() + r * kdim;
        for (int64_t t = 0; t < nt; ++t) {
          int64_t off = 0;
          bool ok = true;
          for (size_t i = 0; i < n; ++i) {
            const int64_t v = in_index[i][opos[i] * ksz[i] + kpos[i]];
            if (v < 0) {
              ok = false;
              break;
            }
            off += v;
          }
          if (ok) {
            std::memcpy(a + t * C, xb + off, C * sizeof(float));
          } else {
            std::memset(a + t * C, 0, C * sizeof(float));
          }
          for (size_t i = n; i-- > 0;) {
            if (++kpos[i] < ksz[i]) break;
            kpos[i] = 0;
          }
        }
      }
      blas().sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(nr), static_cast<int>(F),
                  static_cast<int>(kdim), 1.0f, A.data(), static_cast<int>(kdim), W.data() + t0 * C * F,
                  static_cast<int>(F), t0 == 0 ? 0.0f : 1.0f, Cm + r0 * F, static_cast<int>(F));
    }
  }

  if (!direct) {
    // cbuf is [B, osz.., F]; scatter it into out's layout.
    std::vector<int64_t> cd(oorder.size()), ds(oorder.size());
    const std::vector<int64_t> ost = row_major_strides(od);
    for (size_t i = 0; i < oorder.size(); ++i) {
      cd[i] = od[oorder[i]];
      ds[i] = ost[oorder[i]];
    }
    strided_copy(sizeof(float), cd, cbuf.data(), row_major_strides(cd), o, ds);
  }
  return true;
}

}  // namespace tsmlx::cpu::kernels
