// oneDNN convolution against the reference kernel on random f32 data: for NHWC/HWIO forward
// convs of many shapes (channels below, at and above oneDNN's 16-wide blocks, 1x1 to 5x5 and
// 2x3 kernels, strides 1 and 2, SAME/VALID/asymmetric padding, rhs dilation 2) it checks the
// forward conv and the two gradient convs exactly as the TS library emits them (input grad:
// dy with lhs dilation = strides against the reversed kernel in "01oi"; kernel grad: x as
// "f01b" against dy as "i01o" into "01bf"), that each goes to the expected oneDNN primitive,
// and a few other layouts (NCHW, 1-D, 3-D, window reversal) plus the cases it must decline.
// Then the parallel max-pool kernels against the reference window kernels (ties included).
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/parallel.h"
#include "kernels/dnnl.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "kernels/window.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

using Dims = std::vector<int64_t>;
using kernels::DnnlConvKind;

// StableHLO's number of windows along one dim.
int64_t windows(int64_t n, int64_t ld, int64_t lo, int64_t hi, int64_t k, int64_t rd, int64_t s) {
  const int64_t padded = lo + (n - 1) * ld + 1 + hi, w = (k - 1) * rd + 1;
  return w > padded ? 0 : (padded - w) / s + 1;
}

// Runs oneDNN and the reference on the same operands; the oneDNN output starts as garbage
// to prove it is fully written. Tolerance is relative to the largest reference value.
void check(Suite& s, const std::string& name, const Tensor& x, const Tensor& w, const Dims& od, const ir::ConvDims& d,
           DnnlConvKind want_kind) {
  s.current = "dnnl_convolution " + name;
  Tensor want = random_f32(od, 3), got = random_f32(od, 4);
  kernels::convolution(x, w, d, want);
  std::string impl;
  const DnnlConvKind kind = kernels::dnnl_convolution_kind(x, w, d, got, &impl);
  s.check(kind == want_kind, "primitive kind " + std::to_string(int(kind)) + " (want " +
                                 std::to_string(int(want_kind)) + ")");
  const bool took = kernels::dnnl_convolution(x, w, d, got);
  s.check(took == (want_kind != DnnlConvKind::kNone), "dnnl_convolution takes exactly the covered cases");
  if (!took) return;
  const auto a = values<float>(want), b = values<float>(got);
  double worst = 0, scale = 1e-30;
  for (size_t i = 0; i < a.size(); ++i) {
    worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
    scale = std::max(scale, std::fabs(double(a[i])));
  }
  s.check(worst <= 2e-5 * scale, "max |dnnl - reference| = " + std::to_string(worst) + " of " +
                                     std::to_string(scale) + " (" + impl + ")");
}

// A forward NHWC/HWIO conv and the two gradient convs the TS library derives from it.
struct Case {
  int64_t B, H, W, C, F, KH, KW, sh = 1, sw = 1, lo_h = 0, hi_h = 0, lo_w = 0, hi_w = 0, rh = 1, rw = 1;
};

std::string describe(const Case& c) {
  return std::to_string(c.B) + "x" + std::to_string(c.H) + "x" + std::to_string(c.W) + "x" + std::to_string(c.C) +
         " k" + std::to_string(c.KH) + "x" + std::to_string(c.KW) + "->" + std::to_string(c.F) + " s" +
         std::to_string(c.sh) + "," + std::to_string(c.sw) + " pad(" + std::to_string(c.lo_h) + "," +
         std::to_string(c.hi_h) + ")(" + std::to_string(c.lo_w) + "," + std::to_string(c.hi_w) + ") rd" +
         std::to_string(c.rh) + "," + std::to_string(c.rw);
}

void check_case(Suite& s, const Case& c) {
  const std::string name = describe(c);
  const int64_t OH = windows(c.H, 1, c.lo_h, c.hi_h, c.KH, c.rh, c.sh);
  const int64_t OW = windows(c.W, 1, c.lo_w, c.hi_w, c.KW, c.rw, c.sw);
  if (OH <= 0 || OW <= 0) return;
  Tensor x = random_f32({c.B, c.H, c.W, c.C}, 11), w = random_f32({c.KH, c.KW, c.C, c.F}, 12);
  Tensor dy = random_f32({c.B, OH, OW, c.F}, 13);

  // forward: b01f x 01io -> b01f
  ir::ConvDims f = conv_dims(0, 3, {1, 2}, 2, 3, {0, 1}, 0, 3, {1, 2});
  f.strides = {c.sh, c.sw};
  f.pad_lo = {c.lo_h, c.lo_w};
  f.pad_hi = {c.hi_h, c.hi_w};
  f.rhs_dilation = {c.rh, c.rw};
  // An output spatially smaller than the kernel reads as a kernel gradient; either primitive is exact.
  auto undilated = [](int64_t out_taps, int64_t k_taps) {
    return out_taps < k_taps ? DnnlConvKind::kBackwardWeights : DnnlConvKind::kForward;
  };
  check(s, "forward " + name, x, w, {c.B, OH, OW, c.F}, f, undilated(OH * OW, c.KH * c.KW));

  // input gradient: dy (b01f) x reversed kernel (01oi) -> b01f, lhs dilation = strides
  ir::ConvDims g = conv_dims(0, 3, {1, 2}, 3, 2, {0, 1}, 0, 3, {1, 2});
  const Dims in_sz{c.H, c.W}, k_sz{c.KH, c.KW}, o_sz{OH, OW}, st{c.sh, c.sw}, lo{c.lo_h, c.lo_w}, rd{c.rh, c.rw};
  g.lhs_dilation = st;
  g.rhs_dilation = rd;
  g.pad_lo.resize(2);
  g.pad_hi.resize(2);
  for (int i = 0; i < 2; ++i) {
    const int64_t K = (k_sz[i] - 1) * rd[i] + 1;
    g.pad_lo[i] = K - 1 - lo[i];
    g.pad_hi[i] = (in_sz[i] - 1) + lo[i] - (o_sz[i] - 1) * st[i];
  }
  const bool stride1 = c.sh == 1 && c.sw == 1;
  bool g_ok = true;
  for (int i = 0; i < 2; ++i) g_ok &= g.pad_lo[i] >= 0 && g.pad_hi[i] >= 0;
  for (int i = 0; i < 2; ++i)
    g_ok &= windows(o_sz[i], st[i], g.pad_lo[i], g.pad_hi[i], k_sz[i], rd[i], 1) == in_sz[i];
  if (g_ok)
    check(s, "input grad " + name, dy, w, {c.B, c.H, c.W, c.C}, g,
          stride1 ? undilated(c.H * c.W, c.KH * c.KW) : DnnlConvKind::kBackwardData);

  // kernel gradient: x (f01b) x dy (i01o) -> 01bf, rhs dilation = strides
  ir::ConvDims k = conv_dims(3, 0, {1, 2}, 0, 3, {1, 2}, 2, 3, {0, 1});
  k.rhs_dilation = st;
  k.strides = rd;
  k.pad_lo = lo;
  k.pad_hi.resize(2);
  for (int i = 0; i < 2; ++i)
    k.pad_hi[i] = (k_sz[i] - 1) * rd[i] + (o_sz[i] - 1) * st[i] + 1 - lo[i] - in_sz[i];
  bool k_ok = k.pad_hi[0] >= 0 && k.pad_hi[1] >= 0;
  for (int i = 0; i < 2; ++i) k_ok &= windows(in_sz[i], 1, lo[i], k.pad_hi[i], o_sz[i], st[i], rd[i]) == k_sz[i];
  if (k_ok) {
    check(s, "kernel grad " + name, x, dy, {c.KH, c.KW, c.C, c.F}, k, undilated(c.KH * c.KW, OH * OW));
  }
}

Case same(int64_t B, int64_t H, int64_t W, int64_t C, int64_t F, int64_t KH, int64_t KW, int64_t sh = 1,
          int64_t sw = 1) {
  Case c{B, H, W, C, F, KH, KW};
  c.sh = sh;
  c.sw = sw;
  auto pads = [](int64_t n, int64_t k, int64_t st, int64_t* lo, int64_t* hi) {
    const int64_t out = (n + st - 1) / st, total = std::max<int64_t>((out - 1) * st + k - n, 0);
    *lo = total / 2;
    *hi = total - total / 2;
  };
  pads(H, KH, sh, &c.lo_h, &c.hi_h);
  pads(W, KW, sw, &c.lo_w, &c.hi_w);
  return c;
}

void conv_cases(Suite& s) {
  // The CIFAR model's layers (batch 2 instead of 64).
  check_case(s, same(2, 32, 32, 3, 32, 3, 3));
  check_case(s, same(2, 32, 32, 32, 32, 3, 3));
  check_case(s, same(2, 16, 16, 32, 64, 3, 3));
  check_case(s, same(2, 16, 16, 64, 64, 3, 3));
  check_case(s, same(2, 8, 8, 64, 128, 3, 3));
  check_case(s, same(2, 8, 8, 128, 128, 3, 3));
  // Channels below, at and above the 16-wide blocks, odd spatial sizes.
  const Dims chans{1, 3, 5, 15, 16, 17, 31, 32, 33, 63, 64, 65};
  for (size_t i = 0; i < chans.size(); ++i) {
    check_case(s, same(3, 7, 9, chans[i], chans[(i * 5 + 3) % chans.size()], 3, 3));
    check_case(s, same(1, 9, 7, chans[(i * 7 + 1) % chans.size()], chans[i], 3, 3, 2, 2));
  }
  // Kernel shapes, strides, paddings, dilation, tiny spatial sizes.
  check_case(s, same(3, 7, 7, 5, 17, 1, 1));
  check_case(s, same(1, 9, 9, 17, 5, 5, 5));
  check_case(s, same(3, 7, 9, 3, 33, 2, 3));
  check_case(s, same(3, 9, 7, 33, 3, 2, 3, 2, 1));
  check_case(s, same(1, 1, 1, 3, 5, 3, 3));
  check_case(s, same(3, 2, 2, 17, 16, 3, 3, 2, 2));
  check_case(s, Case{3, 9, 7, 5, 17, 3, 3});                                    // VALID
  check_case(s, Case{1, 9, 9, 16, 15, 3, 3, 2, 2});                             // VALID, stride 2
  check_case(s, Case{3, 7, 9, 17, 16, 3, 2, 1, 2, 0, 2, 2, 1});                 // asymmetric padding
  check_case(s, Case{1, 9, 9, 5, 33, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2});            // rhs dilation 2
  check_case(s, Case{3, 9, 7, 33, 5, 3, 2, 2, 1, 1, 0, 2, 2, 2, 1});            // dilation + stride + asym
  check_case(s, Case{1, 7, 7, 3, 3, 5, 5, 1, 1, 0, 0, 0, 0});                   // output 3x3 < kernel 5x5
}

void other_layouts(Suite& s) {
  {  // NCHW x OIHW -> NCHW with stride 2 and rhs dilation
    ir::ConvDims d = conv_dims(0, 1, {2, 3}, 1, 0, {2, 3}, 0, 1, {2, 3});
    d.strides = {2, 1};
    d.rhs_dilation = {1, 2};
    d.pad_lo = {1, 0};
    d.pad_hi = {1, 1};
    check(s, "NCHW stride 2 rhs dilation", random_f32({2, 17, 9, 8}, 1), random_f32({16, 17, 3, 2}, 2),
          {2, 16, 5, 7}, d, DnnlConvKind::kForward);
  }
  {  // 1-D NWC, stride 3
    ir::ConvDims d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    d.strides = {3};
    check(s, "1-D stride 3", random_f32({3, 10, 2}, 1), random_f32({3, 2, 5}, 2), {3, 3, 5}, d,
          DnnlConvKind::kForward);
  }
  {  // 3-D NDHWC
    ir::ConvDims d = conv_dims(0, 4, {1, 2, 3}, 3, 4, {0, 1, 2}, 0, 4, {1, 2, 3});
    d.pad_lo = {1, 1, 0};
    d.pad_hi = {1, 0, 1};
    check(s, "3-D", random_f32({2, 4, 5, 6, 3}, 1), random_f32({3, 2, 2, 3, 17}, 2), {2, 4, 5, 6, 17}, d,
          DnnlConvKind::kForward);
  }
  {  // window reversal in the forward conv and in an lhs-dilated conv
    ir::ConvDims d = conv_dims(0, 3, {1, 2}, 2, 3, {0, 1}, 0, 3, {1, 2});
    d.reversal = {true, false};
    d.pad_lo = {1, 1};
    d.pad_hi = {1, 1};
    check(s, "forward with window reversal", random_f32({2, 6, 5, 17}, 1), random_f32({3, 3, 17, 4}, 2),
          {2, 6, 5, 4}, d, DnnlConvKind::kForward);
    d.lhs_dilation = {2, 2};
    d.reversal = {false, true};
    check(s, "lhs dilation with window reversal", random_f32({2, 3, 3, 17}, 1), random_f32({3, 3, 17, 4}, 2),
          {2, 5, 5, 4}, d, DnnlConvKind::kBackwardData);
  }
  {  // declined: groups, negative padding, lhs dilation with strides, f64, no spatial dims
    ir::ConvDims d = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    d.feature_groups = 2;
    check(s, "feature groups declined", random_f32({1, 5, 4}, 1), random_f32({1, 2, 4}, 2), {1, 5, 4}, d,
          DnnlConvKind::kNone);
    d.feature_groups = 1;
    d.pad_lo = {-1};
    check(s, "negative padding declined", random_f32({1, 6, 2}, 1), random_f32({2, 2, 3}, 2), {1, 4, 3}, d,
          DnnlConvKind::kNone);
    d.pad_lo = {0};
    d.lhs_dilation = {2};
    d.strides = {2};
    check(s, "lhs dilation with strides declined", random_f32({1, 6, 2}, 1), random_f32({2, 2, 3}, 2),
          {1, 5, 3}, d, DnnlConvKind::kNone);
    ir::ConvDims e = conv_dims(0, 1, {}, 0, 1, {}, 0, 1, {});
    check(s, "no spatial dims declined", random_f32({5, 7}, 1), random_f32({7, 3}, 2), {5, 3}, e,
          DnnlConvKind::kNone);
    s.current = "dnnl_convolution f64 declined";
    Tensor xd = make<double>(ElementType::kF64, {1, 3, 2}, {}), wd = make<double>(ElementType::kF64, {1, 2, 2}, {}),
           od = make<double>(ElementType::kF64, {1, 3, 2}, {});
    ir::ConvDims f = conv_dims(0, 2, {1}, 1, 2, {0}, 0, 2, {1});
    s.check(!kernels::dnnl_convolution(xd, wd, f, od), "f64 is declined");
  }
}

// ---- max pooling ----

// Rounded inputs make ties common so that the first-maximum rule is exercised.
void check_pool(Suite& s, const std::string& name, const Dims& xd, const Dims& od, const ir::WindowDims& w) {
  s.current = "parallel fast_max_pool " + name;
  Tensor x = random_f32(xd, 5);
  auto* p = static_cast<float*>(x.storage->data());
  for (int64_t i = 0; i < x.type.num_elements(); ++i) p[i] = std::round(p[i] * 2.0f);
  Tensor want = random_f32(od, 6), got = random_f32(od, 7);
  Tensor init = make<float>(ElementType::kF32, {}, {-std::numeric_limits<float>::infinity()});
  kernels::reduce_window({&x}, {&init}, w, ir::OpKind::kMaximum, nullptr, {&want});
  s.check(kernels::fast_max_pool(x, init, w, got), "the fast kernel takes the case");
  check_max_diff(s, want, got, 0);
  s.current = "parallel fast_max_pool_grad " + name;
  Tensor dy = random_f32(od, 8), zero = make<float>(ElementType::kF32, {}, {0.0f});
  Tensor gwant = random_f32(xd, 9), ggot = random_f32(xd, 10);
  kernels::select_and_scatter(x, dy, zero, w, nullptr, ir::OpKind::kAdd, nullptr, gwant);
  s.check(kernels::fast_max_pool_grad(x, dy, zero, w, ir::OpKind::kAdd, ggot), "the fast kernel takes the case");
  check_max_diff(s, gwant, ggot, 1e-6);
}

void pool_cases(Suite& s) {
  check_pool(s, "CIFAR 2x2/2 NHWC", {5, 32, 32, 32}, {5, 16, 16, 32},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "2x2/2 odd", {3, 7, 9, 17}, {3, 3, 4, 17},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "3x3/2 overlapping, padded", {3, 9, 7, 5}, {3, 5, 4, 5},
             pool_window({1, 3, 3, 1}, {1, 2, 2, 1}, {0, 1, 1, 0}, {0, 1, 1, 0}));
  check_pool(s, "window over batch (serial gradient)", {4, 6, 6, 3}, {3, 5, 5, 3},
             pool_window({2, 2, 2, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
  check_pool(s, "batch 1", {1, 8, 8, 65}, {1, 4, 4, 65},
             pool_window({1, 2, 2, 1}, {1, 2, 2, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}));
}

}  // namespace

void dnnl_tests(Suite& s) {
  configure_threads();
  conv_cases(s);
  other_layouts(s);
  pool_cases(s);
}

}  // namespace tsmlx::cpu::test
