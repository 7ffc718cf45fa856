// Thread configuration: one OpenMP pool sized by TSMLX_NUM_THREADS or the core count.
#include <omp.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "engine/blas.h"
#include "engine/parallel.h"

namespace tsmlx::cpu {
namespace {

int g_threads = 0;
std::once_flag g_once;

int threads_from_env() {
  if (const char* s = std::getenv("TSMLX_NUM_THREADS")) {
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (end != s && *end == '\0' && v >= 1 && v <= 1024) return static_cast<int>(v);
  }
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores >= 1 ? static_cast<int>(cores) : 1;
}

}  // namespace

void configure_threads() {
  std::call_once(g_once, [] {
    g_threads = threads_from_env();
    omp_set_num_threads(g_threads);
    // OpenBLAS runs single-threaded inside the pool (dot.cc splits large products across
    // it): its own pthreads would spin in sched_yield beside oneDNN's OpenMP threads.
    if (blas().set_num_threads != nullptr) blas().set_num_threads(1);
  });
}

int num_threads() {
  configure_threads();
  return g_threads;
}

void bind_threads() {
  // omp_set_num_threads sets the calling thread's own default: programs run on whichever
  // thread the caller uses (libuv's pool under Node), and oneDNN reads that default.
  thread_local bool bound = false;
  if (bound) return;
  omp_set_num_threads(num_threads());
  bound = true;
}

}  // namespace tsmlx::cpu
