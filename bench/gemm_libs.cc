// OpenBLAS cblas_sgemm against oneDNN dnnl_sgemm on the shapes tsmlx's dot_general sees,
// measured side by side in one process, alternating calls, medians and min–max spread.
// Each call is preceded by a short OpenMP parallel region (as in a real program, where
// elementwise kernels run on the OpenMP pool between matrix products), so the figures
// include what libgomp's spinning workers cost a BLAS that runs its own pthreads. For
// batches, two more columns run the products side by side on the OpenMP pool, one per
// thread (OpenBLAS keeps products of m*n*k <= 64^3 on the calling thread; oneDNN runs
// single-threaded inside a parallel region).
//
//   make bench-gemm            (builds build/gemm_libs_bench and runs it)
//   build/gemm_libs_bench [rounds]
#include <cblas.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Shape {
  const char* name;
  int64_t m, n, k;
  bool ta, tb;  // lhs stored [k, m] / rhs stored [n, k]
  int64_t batch;
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Touches every element of `x` on the OpenMP pool, as an elementwise kernel would.
void omp_region(std::vector<float>& x) {
  const int64_t n = static_cast<int64_t>(x.size());
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) x[i] = x[i] * 0.5f + 1.0f;
}

void blas(const Shape& s, const float* a, const float* b, float* c, bool inner_parallel) {
  const int lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
  auto one = [&](int64_t i) {
    cblas_sgemm(CblasRowMajor, s.ta ? CblasTrans : CblasNoTrans, s.tb ? CblasTrans : CblasNoTrans, s.m, s.n, s.k,
                1.0f, a + i * s.m * s.k, lda, b + i * s.k * s.n, ldb, 0.0f, c + i * s.m * s.n, s.n);
  };
  if (inner_parallel) {
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < s.batch; ++i) one(i);
  } else {
    for (int64_t i = 0; i < s.batch; ++i) one(i);
  }
}

void dnnl(const Shape& s, const float* a, const float* b, float* c, bool inner_parallel) {
  const int64_t lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
  auto one = [&](int64_t i) {
    dnnl_sgemm(s.ta ? 'T' : 'N', s.tb ? 'T' : 'N', s.m, s.n, s.k, 1.0f, a + i * s.m * s.k, lda, b + i * s.k * s.n,
               ldb, 0.0f, c + i * s.m * s.n, s.n);
  };
  if (inner_parallel) {
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < s.batch; ++i) one(i);
  } else {
    for (int64_t i = 0; i < s.batch; ++i) one(i);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
  const Shape shapes[] = {
      {"1024x1024x1024", 1024, 1024, 1024, false, false, 1},
      {"dense fwd 64x128 k2048", 64, 128, 2048, false, false, 1},
      {"dense dW 2048x128 k64 (lhs^T)", 2048, 128, 64, true, false, 1},
      {"dense dx 64x2048 k128 (rhs^T)", 64, 2048, 128, false, true, 1},
      {"1024^3 lhs^T", 1024, 1024, 1024, true, false, 1},
      {"1024^3 rhs^T", 1024, 1024, 1024, false, true, 1},
      {"256x256x256", 256, 256, 256, false, false, 1},
      {"64x64x64", 64, 64, 64, false, false, 1},
      {"17x65x257", 17, 65, 257, false, false, 1},
      {"8x8x8", 8, 8, 8, false, false, 1},
      {"dense 64x10 k128", 64, 10, 128, false, false, 1},
      {"batch 8 x 512^3", 512, 512, 512, false, false, 8},
      {"batch 64 x 128x128x64", 128, 128, 64, false, true, 64},
      {"batch 256 x 64x64x64", 64, 64, 64, false, false, 256},
      {"batch 1024 x 16x16x16", 16, 16, 16, false, false, 1024},
  };
  std::vector<float> pool_work(1 << 12, 1.0f);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("sgemm GFLOP/s, median (min-max) of %d alternating rounds; an OpenMP region precedes each call\n",
              rounds);
  std::fflush(stdout);
  if (std::system("uptime") != 0) std::printf("(uptime not available)\n");
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    openblas_set_num_threads(threads);
    std::printf("\n%d thread(s)\n%-30s %20s %20s %8s %20s %20s\n", threads, "shape", "OpenBLAS", "dnnl_sgemm",
                "dnnl/BLAS", "side by side BLAS", "side by side dnnl");
    for (const Shape& s : shapes) {
      std::vector<float> a(s.batch * s.m * s.k), b(s.batch * s.k * s.n), c(s.batch * s.m * s.n);
      for (size_t i = 0; i < a.size(); ++i) a[i] = float((i * 7) % 13) * 0.1f - 0.6f;
      for (size_t i = 0; i < b.size(); ++i) b[i] = float((i * 5) % 11) * 0.1f - 0.5f;
      const double flops = 2.0 * s.batch * s.m * s.n * s.k;
      // Enough repetitions per sample for about 10 ms at 50 GFLOP/s, at most 500.
      const int reps = std::clamp<int>(int(1e-2 * 5e10 / flops), 1, 500);
      std::vector<double> tb, td, tq, tp;
      auto sample = [&](auto&& f) {
        double t = 0;
        for (int r = 0; r < reps; ++r) {
          omp_region(pool_work);
          const double t0 = now();
          f();
          t += now() - t0;
        }
        return flops * reps / t / 1e9;
      };
      const bool batched = s.batch > 1;
      for (int r = 0; r < rounds + 1; ++r) {
        const double x = sample([&] { blas(s, a.data(), b.data(), c.data(), false); });
        const double y = sample([&] { dnnl(s, a.data(), b.data(), c.data(), false); });
        const double w = batched ? sample([&] { blas(s, a.data(), b.data(), c.data(), true); }) : 0;
        const double z = batched ? sample([&] { dnnl(s, a.data(), b.data(), c.data(), true); }) : 0;
        if (r == 0) continue;  // warm-up
        tb.push_back(x);
        td.push_back(y);
        tq.push_back(w);
        tp.push_back(z);
      }
      auto fmt = [](const std::vector<double>& v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f (%.1f-%.1f)", median(v), *std::min_element(v.begin(), v.end()),
                      *std::max_element(v.begin(), v.end()));
        return std::string(buf);
      };
      std::printf("%-30s %20s %20s %8.2f %20s %20s\n", s.name, fmt(tb).c_str(), fmt(td).c_str(),
                  median(td) / median(tb), batched ? fmt(tq).c_str() : "-", batched ? fmt(tp).c_str() : "-");
    }
  }
  if (std::system("uptime") != 0) std::printf("(uptime not available)\n");
  return 0;
}
