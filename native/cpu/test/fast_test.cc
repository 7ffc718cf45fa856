// The fast kernels against the reference kernels on random f32 data: convolution in
// forward, gradient-by-input (lhs dilation, reversal) and gradient-by-kernel (batch and
// feature swapped) layouts, NHWC/NCHW/1-D/3-D, strides, rhs dilation, negative padding,
// sizes below, at and above the gather block, and the cases it must leave to the reference;
// channels-last max-pooling and its gradient (ties, padding, overlapping windows).
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "kernels/window.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

using Dims = std::vector<int64_t>;

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


Tensor scalar_f32(float v) { return make<float>(ElementType::kF32, {}, {v}); }

// Max-pooling (forward and gradient) of x over `w` by both kernels; ties come from
// rounding x to few values so the first-maximum rule is exercised.
void check_pool(Suite& s, const std::string& name, const Dims& xd, const Dims& od, const ir::WindowDims& w) {
  s.current = "fast_max_pool " + name;
  Tensor x = random_f32(xd, 5);
  auto* p = static_cast<float*>(x.storage->data());
  for (int64_t i = 0; i < x.type.num_elements(); ++i) p[i] = std::round(p[i] * 3.0f);
  const float lowest = -std::numeric_limits<float>::infinity();
  Tensor want = random_f32(od, 6), got = random_f32(od, 7);
  Tensor init = scalar_f32(lowest);
  kernels::reduce_window({&x}, {&init}, w, ir::OpKind::kMaximum, nullptr, {&want});
  s.check(kernels::fast_max_pool(x, init, w, got), "the fast kernel takes the case");
  check_max_diff(s, want, got, 0);
  s.current = "fast_max_pool_grad " + name;
  Tensor dy = random_f32(od, 8), zero = scalar_f32(0), gwant = random_f32(xd, 9), ggot = random_f32(xd, 10);
  kernels::select_and_scatter(x, dy, zero, w, nullptr, ir::OpKind::kAdd, nullptr, gwant);
  s.check(kernels::fast_max_pool_grad(x, dy, zero, w, ir::OpKind::kAdd, ggot), "the fast kernel takes the case");
  check_max_diff(s, gwant, ggot, 1e-5);
}

// The 2x2 stride-2 gradient bit for bit against the reference, with ties, NaN and -0 in the
// operand and -0/NaN in the incoming gradient, at channel counts around a vector.
void check_pool_grad_exact(Suite& s, const Dims& xd) {
  s.current = "fast_max_pool_grad 2x2 stride 2 exact, x " + std::to_string(xd[0]) + "x" + std::to_string(xd[1]) + "x" +
              std::to_string(xd[2]) + "x" + std::to_string(xd[3]);
  const Dims od = {xd[0], xd[1] / 2, xd[2] / 2, xd[3]};
  Tensor x = random_f32(xd, 21), dy = random_f32(od, 22);
  auto* p = static_cast<float*>(x.storage->data());
  for (int64_t i = 0; i < x.type.num_elements(); ++i) {
    p[i] = std::round(p[i] * 2.0f);
    if (i % 37 == 5) p[i] = std::numeric_limits<float>::quiet_NaN();
    if (i % 41 == 7) p[i] = -0.0f;
  }
  auto* q = static_cast<float*>(dy.storage->data());
  for (int64_t i = 0; i < dy.type.num_elements(); ++i) {
    if (i % 13 == 3) q[i] = -0.0f;
    if (i % 53 == 9) q[i] = std::numeric_limits<float>::quiet_NaN();
  }
  const auto w = pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0});
  Tensor zero = scalar_f32(0), want = random_f32(xd, 23), got = random_f32(xd, 24);
  kernels::select_and_scatter(x, dy, zero, w, nullptr, ir::OpKind::kAdd, nullptr, want);
  s.check(kernels::fast_max_pool_grad(x, dy, zero, w, ir::OpKind::kAdd, got), "the fast kernel takes the case");
  s.check(std::memcmp(want.storage->data(), got.storage->data(), want.type.byte_size()) == 0,
          "identical to the reference bit for bit");
}

}  // namespace

void fast_tests(Suite& s) {
  for (int64_t c : {1, 3, 16, 33}) check_pool_grad_exact(s, {3, 6, 10, c});
  check_pool_grad_exact(s, {16, 32, 32, 32});
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
  check_pool(s, "2x2 stride 2 NHWC", {2, 8, 8, 5}, {2, 4, 4, 5},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "odd 7x9, 2x2 stride 2 drops the edge", {1, 7, 9, 3}, {1, 3, 4, 3},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "3x3 stride 2 padded, overlapping windows", {2, 9, 10, 17}, {2, 5, 5, 17},
             pool_window({1, 3, 3, 1}, {1, 2, 2, 1}, {0, 1, 1, 0}, {0, 1, 1, 0}));
  check_pool(s, "64 channels above a vector", {3, 6, 6, 64}, {3, 3, 3, 64},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "rank 2, one channel, window over the batch", {6, 1}, {3, 1},
             pool_window({2, 1}, {2, 1}, {0, 0}, {0, 0}));
  {
    s.current = "fast_max_pool declines";
    Tensor x = random_f32({1, 4, 4, 2}, 1), init = scalar_f32(0), o = random_f32({1, 4, 4, 1}, 2);
    s.check(!kernels::fast_max_pool(x, init, pool_window({1, 1, 1, 2}, {1, 1, 1, 2}, {0, 0, 0, 0}, {0, 0, 0, 0}), o),
            "a window over the innermost dim is declined");
    auto w = pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0});
    w.select_dir = ir::CompareDir::kLE;
    Tensor dy = random_f32({1, 2, 2, 2}, 3), g = random_f32({1, 4, 4, 2}, 4);
    s.check(!kernels::fast_max_pool_grad(x, dy, init, w, ir::OpKind::kAdd, g), "a min-pool select is declined");
  }
}

}  // namespace tsmlx::cpu::test
