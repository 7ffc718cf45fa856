// The CIFAR model's conv layers at batch 64 (NHWC, HWIO, 3x3 SAME): forward, input-gradient
// and kernel-gradient convs exactly as the TS library emits them, timed through oneDNN
// (kernels::dnnl_convolution) and through the im2col + sgemm kernel (fast_convolution),
// alternating A and B within each round; prints medians in ms and GFLOP/s. Then the two
// max-pooling layers (forward and select_and_scatter gradient).
// Build and run: make bench-conv   (or: build/conv_layers_bench [rounds])
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/parallel.h"
#include "kernels/dnnl.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "test/harness.h"

using namespace tsmlx::cpu;
using Dims = std::vector<int64_t>;

namespace {

// The library's 3x3 SAME convs: unit strides, padding 1 on both sides.
ir::ConvDims dims_of(int64_t ib, int64_t ifeat, int64_t ki, int64_t ko, Dims ksp, int64_t ob, int64_t of, Dims osp,
                     Dims isp) {
  ir::ConvDims d = test::conv_dims(ib, ifeat, isp, ki, ko, ksp, ob, of, osp);
  d.pad_lo = {1, 1};
  d.pad_hi = {1, 1};
  return d;
}

double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median and minimum of a sample, in ms.
struct Stat {
  double med, min;
};

Stat stat(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.front()};
}

// Times a and b alternating, `rounds` times each after one warm-up call.
std::pair<Stat, Stat> ab(int rounds, const std::function<void()>& a, const std::function<void()>& b) {
  a();
  b();
  std::vector<double> ta, tb;
  for (int r = 0; r < rounds; ++r) {
    ta.push_back(seconds(a) * 1e3);
    tb.push_back(seconds(b) * 1e3);
  }
  return {stat(ta), stat(tb)};
}

}  // namespace

int main(int argc, char** argv) {
  configure_threads();
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int64_t B = 64;
  struct Layer {
    int64_t hw, c, f;
  };
  const std::vector<Layer> layers{{32, 3, 32}, {32, 32, 32}, {16, 32, 64}, {16, 64, 64}, {8, 64, 128}, {8, 128, 128}};
  std::printf("threads %d, rounds %d, batch %lld; ms as median/min, GFLOP/s at the median, ratio of medians\n",
              num_threads(), rounds, static_cast<long long>(B));
  std::printf("%-14s %-11s %15s %6s %15s %6s %6s  %s\n", "layer", "conv", "oneDNN ms", "GF/s", "im2col ms", "GF/s",
              "ratio", "oneDNN implementation");
  double total_a = 0, total_b = 0, min_a = 0, min_b = 0;
  for (const Layer& L : layers) {
    const Tensor x = test::random_f32({B, L.hw, L.hw, L.c}, 1), w = test::random_f32({3, 3, L.c, L.f}, 2);
    const Tensor dy = test::random_f32({B, L.hw, L.hw, L.f}, 3);
    Tensor y = test::random_f32({B, L.hw, L.hw, L.f}, 4), dx = test::random_f32({B, L.hw, L.hw, L.c}, 5),
           dw = test::random_f32({3, 3, L.c, L.f}, 6);
    const double flops = 2.0 * B * L.hw * L.hw * 9 * L.c * L.f;
    struct Conv {
      const char* name;
      const Tensor *lhs, *rhs;
      Tensor* out;
      ir::ConvDims d;
    };
    std::vector<Conv> convs{
        {"forward", &x, &w, &y, dims_of(0, 3, 2, 3, {0, 1}, 0, 3, {1, 2}, {1, 2})},
        {"input-grad", &dy, &w, &dx, dims_of(0, 3, 3, 2, {0, 1}, 0, 3, {1, 2}, {1, 2})},
        {"kernel-grad", &x, &dy, &dw, dims_of(3, 0, 0, 3, {1, 2}, 2, 3, {0, 1}, {1, 2})},
    };
    for (Conv& c : convs) {
      std::string impl;
      kernels::dnnl_convolution_kind(*c.lhs, *c.rhs, c.d, *c.out, &impl);
      auto [ta, tb] = ab(
          rounds, [&] { kernels::dnnl_convolution(*c.lhs, *c.rhs, c.d, *c.out); },
          [&] { kernels::fast_convolution(*c.lhs, *c.rhs, c.d, *c.out); });
      total_a += ta.med;
      total_b += tb.med;
      min_a += ta.min;
      min_b += tb.min;
      char label[64];
      std::snprintf(label, sizeof label, "%lldx%lldx%lld->%lld", (long long)L.hw, (long long)L.hw, (long long)L.c,
                    (long long)L.f);
      std::printf("%-14s %-11s %7.2f/%7.2f %6.1f %7.2f/%7.2f %6.1f %6.2f  %s\n", label, c.name, ta.med, ta.min,
                  flops / ta.med / 1e6, tb.med, tb.min, flops / tb.med / 1e6, tb.med / ta.med, impl.c_str());
    }
  }
  std::printf("%-26s %7.2f/%7.2f %6s %7.2f/%7.2f %6s %6.2f\n", "sum (one train step)", total_a, min_a, "", total_b,
              min_b, "", total_b / total_a);

  // Max pooling 2x2 stride 2 (forward and gradient), the model's first two pools.
  for (const Dims& xd : {Dims{B, 32, 32, 32}, Dims{B, 16, 16, 64}, Dims{B, 8, 8, 128}}) {
    ir::WindowDims wd;
    wd.size = {1, 2, 2, 1};
    wd.strides = {1, 2, 2, 1};
    wd.pad_lo = wd.pad_hi = {0, 0, 0, 0};
    wd.base_dilation = wd.window_dilation = {1, 1, 1, 1};
    wd.fast_select = true;
    wd.select_dir = ir::CompareDir::kGE;
    const Dims od{xd[0], xd[1] / 2, xd[2] / 2, xd[3]};
    const Tensor x = test::random_f32(xd, 7), dy = test::random_f32(od, 8);
    Tensor y = test::random_f32(od, 9), dx = test::random_f32(xd, 10);
    const Tensor lowest = test::random_f32({}, 0), zero = test::random_f32({}, 0);
    *static_cast<float*>(lowest.storage->data()) = -std::numeric_limits<float>::infinity();
    *static_cast<float*>(zero.storage->data()) = 0.0f;
    auto [tf, tg] = ab(
        rounds, [&] { kernels::fast_max_pool(x, lowest, wd, y); },
        [&] { kernels::fast_max_pool_grad(x, dy, zero, wd, ir::OpKind::kAdd, dx); });
    std::printf("max pool 2x2/2 %lldx%lldx%lldx%lld: forward %.2f/%.2f ms, gradient %.2f/%.2f ms\n",
                (long long)xd[0], (long long)xd[1], (long long)xd[2], (long long)xd[3], tf.med, tf.min, tg.med,
                tg.min);
  }
  return 0;
}
