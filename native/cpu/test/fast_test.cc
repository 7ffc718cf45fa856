// The fast kernels against the reference kernels on random f32 data: convolution in
// forward, gradient-by-input (lhs dilation, reversal) and gradient-by-kernel (batch and
// feature swapped) layouts, NHWC/NCHW/1-D/3-D, strides, rhs dilation, negative padding,
// sizes below, at and above the gather block, and the cases it must leave to the reference.
#include <cmath>
#include <string>
#include <vector>

#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "kernels/window.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

using Dims = std::vector<int64_t>;

Tensor random_f32(const Dims& dims, uint32_t seed) {
  Tensor t;
  t.type.type = ElementType::kF32;
  t.type.dims = dims;
  t.storage = Storage::allocate(t.type.byte_size());
  auto* p = static_cast<float*>(t.storage->data());
  uint32_t s = seed * 2654435761u + 1;
  for (int64_t i = 0; i < t.type.num_elements(); ++i) {
    s = s * 1664525u + 1013904223u;
    p[i] = static_cast<float>((s >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
  return t;
}

ir::ConvDims conv_dims(int64_t ib, int64_t ifeat, Dims isp, int64_t ki, int64_t ko, Dims ksp, int64_t ob, int64_t of,
                       Dims osp) {
  ir::ConvDims d;
  d.in_batch = ib;
  d.in_feature = ifeat;
  d.in_spatial = isp;
  d.k_in = ki;
  d.k_out = ko;
  d.k_spatial = ksp;
  d.out_batch = ob;
  d.out_feature = of;
  d.out_spatial = osp;
  const size_t n = isp.size();
  d.strides.assign(n, 1);
  d.pad_lo.assign(n, 0);
  d.pad_hi.assign(n, 0);
  d.lhs_dilation.assign(n, 1);
  d.rhs_dilation.assign(n, 1);
  d.reversal.assign(n, false);
  return d;
}

// Runs both kernels and compares within `tol`; the fast output starts as garbage to prove it is fully written.
void check_conv(Suite& s, const std::string& name, const Dims& ld, const Dims& rd, const Dims& od,
                const ir::ConvDims& d, double tol = 1e-3) {
  s.current = "fast_convolution " + name;
  Tensor x = random_f32(ld, 1), w = random_f32(rd, 2), want = random_f32(od, 3), got = random_f32(od, 4);
  kernels::convolution(x, w, d, want);
  const bool took = kernels::fast_convolution(x, w, d, got);
  s.check(took, "the fast kernel takes the case");
  if (!took) return;
  const auto a = values<float>(want), b = values<float>(got);
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
  s.check(worst < tol, "max |fast - reference| = " + std::to_string(worst));
}

}  // namespace

void fast_tests(Suite& s) {
  {  // NHWC forward, same padding, odd sizes.
    auto d = conv_dims(0, 3, {1, 2}, 2, 3, {0, 1}, 0, 3, {1, 2});
    d.pad_lo = {1, 1};
    d.pad_hi = {1, 1};
    check_conv(s, "NHWC 3x3 same", {2, 5, 7, 3}, {3, 3, 3, 4}, {2, 5, 7, 4}, d);
  }
  {  // NCHW forward, stride 2, rhs dilation, output in NCHW (scattered).
    auto d = conv_dims(0, 1, {2, 3}, 1, 0, {2, 3}, 0, 1, {2, 3});
    d.strides = {2, 2};
    d.rhs_dilation = {2, 1};
    check_conv(s, "NCHW stride 2 rhs dilation", {2, 3, 9, 8}, {4, 3, 3, 2}, {2, 4, 3, 4}, d);
  }
  {  // Gradient by input: lhs dilation 2, reversed kernel, kernel as 01oi.
    auto d = conv_dims(0, 3, {1, 2}, 3, 2, {0, 1}, 0, 3, {1, 2});
    d.lhs_dilation = {2, 2};
    d.pad_lo = {2, 2};
    d.pad_hi = {2, 2};
    d.reversal = {true, true};
    check_conv(s, "input gradient", {1, 4, 4, 5}, {3, 3, 6, 5}, {1, 9, 9, 6}, d);
  }
  {  // Above the row block (1152 rows of 9 taps x 64 features).
    auto d = conv_dims(0, 3, {1, 2}, 2, 3, {0, 1}, 0, 3, {1, 2});
    d.pad_lo = {1, 1};
    d.pad_hi = {1, 1};
    check_conv(s, "rows above the block", {2, 24, 24, 64}, {3, 3, 64, 8}, {2, 24, 24, 8}, d);
  }
  {  // Gradient by kernel: batch and feature swapped, 2304 taps in two tap blocks, HWIO out.
    auto d = conv_dims(3, 0, {1, 2}, 0, 3, {1, 2}, 2, 3, {0, 1});
    d.pad_lo = {1, 1};
    d.pad_hi = {1, 1};
    // f32 sums of 73728 terms of size ~1 in two different orders differ by ~1e-3.
    check_conv(s, "kernel gradient", {32, 48, 48, 3}, {32, 48, 48, 4}, {3, 3, 3, 4}, d, 1e-2);
  }
  {  // 1-D, stride 3, uneven padding.
    auto d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    d.strides = {3};
    d.pad_lo = {2};
    d.pad_hi = {1};
    check_conv(s, "1-D stride 3", {3, 10, 2}, {3, 2, 5}, {3, 4, 5}, d);
  }
  {  // Negative padding crops the input.
    auto d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    d.pad_lo = {-1};
    check_conv(s, "negative padding", {1, 6, 2}, {2, 2, 3}, {1, 4, 3}, d);
  }
  {  // 3-D, NCDHW-like with features first in the kernel.
    auto d = conv_dims(0, 1, {2, 3, 4}, 1, 0, {2, 3, 4}, 0, 1, {2, 3, 4});
    d.pad_lo = {0, 1, 0};
    d.pad_hi = {0, 1, 1};
    check_conv(s, "3-D", {2, 3, 4, 5, 3}, {2, 3, 2, 3, 2}, {2, 2, 3, 5, 2}, d);
  }
  {  // No spatial dims: a plain matrix product.
    auto d = conv_dims(0, 1, {}, 0, 1, {}, 0, 1, {});
    check_conv(s, "no spatial dims", {5, 7}, {7, 3}, {5, 3}, d);
  }
  {  // Zero input features: the output is all zeros.
    auto d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    check_conv(s, "zero features", {2, 4, 0}, {1, 0, 3}, {2, 4, 3}, d);
  }
  {  // Left to the reference: feature groups and non-f32 types.
    s.current = "fast_convolution declines";
    auto d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    d.feature_groups = 2;
    Tensor x = random_f32({1, 4, 4}, 1), w = random_f32({1, 2, 6}, 2), o = random_f32({1, 4, 6}, 3);
    s.check(!kernels::fast_convolution(x, w, d, o), "feature_groups 2 is declined");
    d.feature_groups = 1;
    Tensor xd = make<double>(ElementType::kF64, {1, 4, 2}, std::vector<double>(8, 1.0));
    Tensor wd = make<double>(ElementType::kF64, {1, 2, 3}, std::vector<double>(6, 1.0));
    Tensor od = make<double>(ElementType::kF64, {1, 4, 3}, {});
    s.check(!kernels::fast_convolution(xd, wd, d, od), "f64 is declined");
  }
}

}  // namespace tsmlx::cpu::test
