// The plugin's one thread pool: OpenMP (libgomp), the same runtime oneDNN runs on, so that
// tsmlx's own loops, oneDNN's primitives and the BLAS calls never oversubscribe the cores.
// The size comes from TSMLX_NUM_THREADS when set, else from the machine (see threads.cc).
#pragma once

#include <algorithm>
#include <cstdint>

namespace tsmlx::cpu {

// Threads every parallel kernel uses (>= 1). Example: int n = num_threads();
int num_threads();

// Reads TSMLX_NUM_THREADS (else the number of online cores) and sizes OpenMP to it;
// OpenBLAS runs on one thread, called from the pool's threads. Called once when a client
// is created; later calls are no-ops.
// Example: configure_threads();
void configure_threads();

// Makes OpenMP regions started on the calling thread (oneDNN's among them) use num_threads()
// threads; runs once per thread. Programs call it before they run.
// Example: bind_threads();
void bind_threads();

// Calls fn(begin, end) over [0, n) split in chunks of at least `grain` items, on the pool
// when there is more than one chunk. fn must be safe to run concurrently on disjoint ranges.
// Example: parallel_for(n, 1 << 14, [&](int64_t b, int64_t e) { for (...) y[i] = x[i] * 2; });
template <typename F>
void parallel_for(int64_t n, int64_t grain, F&& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  const int64_t chunks = std::min<int64_t>(num_threads(), (n + grain - 1) / grain);
  if (chunks <= 1) {
    fn(int64_t{0}, n);
    return;
  }
#pragma omp parallel for num_threads(static_cast<int>(chunks)) schedule(static, 1)
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
    if (b < e) fn(b, e);
  }
}

}  // namespace tsmlx::cpu
