// The CIFAR train step's reductions (bias gradients, a full sum, softmax rows) timed through
// the sequential kernel (kernels::reduce_sequential) and the fast paths (kernels::fast_reduce),
// alternating the two within each round; prints medians (and best) in ms, GB/s of input read.
// Build and run: make bench-reduce   (or: TSMLX_NUM_THREADS=1 build/reduce_bench [rounds])
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "engine/parallel.h"
#include "kernels/fast_reduce.h"
#include "test/harness.h"

using namespace tsmlx::cpu;
using Dims = std::vector<int64_t>;

namespace {

double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  configure_threads();
  struct Case {
    const char* name;
    Dims in, dims;
  };
  const Case cases[] = {
      {"bias grad conv1", {64, 32, 32, 32}, {0, 1, 2}}, {"bias grad conv3", {64, 16, 16, 64}, {0, 1, 2}},
      {"bias grad conv5", {64, 8, 8, 128}, {0, 1, 2}},  {"full sum", {2048, 128}, {0, 1}},
      {"softmax rows", {64, 10}, {1}},                  {"dense bias grad", {64, 512}, {0}},
      {"bias grad conv1", {64, 32, 32, 32}, {0, 1, 2}}, {"narrow columns", {262144, 3}, {0}},
      {"middle dim", {16, 4096, 17}, {1}},              {"rows", {4096, 300}, {1}},
      {"wide columns", {512, 4096}, {0}},
  };
  std::printf("threads %d, %d rounds, medians\n", num_threads(), rounds);
  for (const Case& c : cases) {
    Tensor x = test::random_f32(c.in, 1);
    Tensor init = test::make<float>(ElementType::kF32, {}, {0});
    Dims od;
    for (size_t i = 0; i < c.in.size(); ++i)
      if (std::find(c.dims.begin(), c.dims.end(), int64_t(i)) == c.dims.end()) od.push_back(c.in[i]);
    Tensor a = test::make<float>(ElementType::kF32, od, {}), b = test::make<float>(ElementType::kF32, od, {});
    std::vector<double> ts, tf;
    bool took = true;
    for (int r = 0; r < rounds; ++r) {
      ts.push_back(seconds([&] { kernels::reduce_sequential(x, init, c.dims, ir::OpKind::kAdd, a); }));
      tf.push_back(seconds([&] { took = kernels::fast_reduce(x, init, c.dims, ir::OpKind::kAdd, b) && took; }));
    }
    const double mb = x.type.byte_size() / 1e6, s = median(ts), f = median(tf);
    const double s0 = *std::min_element(ts.begin(), ts.end()), f0 = *std::min_element(tf.begin(), tf.end());
    std::printf("%-16s %-24s %5.2f MB  sequential %7.3f ms (best %6.3f)  fast %6.3f ms (best %6.3f, %4.1f GB/s)  x%.1f%s\n",
                c.name, x.type.to_string().c_str(), mb, s * 1e3, s0 * 1e3, f * 1e3, f0 * 1e3, mb / 1e3 / f, s / f,
                took ? "" : "  (fast path declined)");
  }
}
