// STREAM-style memory bandwidth over 16M floats: copy (a = b) and triad (a = b + s * c),
// best of N passes, on one thread and on all threads (OpenMP). Bytes counted as STREAM
// does: copy moves 2 arrays, triad 3. The arrays are first touched by the threads that
// use them. Prints one JSON line last, for bench/elementwise_chain.ts.
//
//   build/stream_bench [elements=16777216] [passes=10]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct Result {
  double copy_gbs, triad_gbs;
};

Result measure(int threads, int64_t n, int passes) {
  omp_set_num_threads(threads);
  std::unique_ptr<float[]> a(new float[n]), b(new float[n]), c(new float[n]);
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    a[i] = 0.0f;
    b[i] = 1.0f;
    c[i] = 2.0f;
  }
  float* __restrict pa = a.get();
  const float* __restrict pb = b.get();
  const float* __restrict pc = c.get();
  const float s = 3.0f;
  double best_copy = 1e30, best_triad = 1e30;
  for (int p = 0; p < passes; ++p) {
    double t0 = now();
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) pa[i] = pb[i];
    best_copy = std::min(best_copy, now() - t0);
    t0 = now();
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
    best_triad = std::min(best_triad, now() - t0);
  }
  // Keep the stores observable.
  volatile float sink = pa[n / 2];
  (void)sink;
  const double bytes = double(n) * sizeof(float);
  return {2 * bytes / best_copy / 1e9, 3 * bytes / best_triad / 1e9};
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : (int64_t{1} << 24);
  const int passes = argc > 2 ? std::atoi(argv[2]) : 10;
  const int all = omp_get_max_threads();
  const Result one = measure(1, n, passes);
  const Result many = measure(all, n, passes);
  std::printf("STREAM-style, %lld floats, best of %d: 1 thread copy %.1f GB/s triad %.1f GB/s; "
              "%d threads copy %.1f GB/s triad %.1f GB/s\n",
              static_cast<long long>(n), passes, one.copy_gbs, one.triad_gbs, all, many.copy_gbs, many.triad_gbs);
  std::printf("{\"elements\":%lld,\"threads\":%d,\"copy1\":%.2f,\"triad1\":%.2f,\"copyN\":%.2f,\"triadN\":%.2f}\n",
              static_cast<long long>(n), all, one.copy_gbs, one.triad_gbs, many.copy_gbs, many.triad_gbs);
  return 0;
}
