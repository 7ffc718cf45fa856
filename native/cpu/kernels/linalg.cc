// Linear algebra kernels: see linalg.h.
#include "kernels/linalg.h"

#include <cmath>
#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/numeric.h"
#include "engine/status.h"

namespace tsmlx::cpu::kernels {
namespace {

// Reads and writes matrices of any float type as doubles.
struct Matrices {
  const Tensor& t;
  int64_t rows, cols, count;
  explicit Matrices(const Tensor& x) : t(x) {
    const auto& d = x.type.dims;
    rows = d[d.size() - 2];
    cols = d[d.size() - 1];
    count = rows != 0 && cols != 0 ? x.type.num_elements() / (rows * cols) : 0;
  }
  void get(int64_t m, std::vector<double>* v) const {
    v->resize(static_cast<size_t>(rows * cols));
    visit_type(t.type.type, [&](auto tag) {
      constexpr ElementType E = decltype(tag)::value;
      if constexpr (kIsFloat<E>) {
        const auto* p = static_cast<const StorageT<E>*>(t.storage->data()) + m * rows * cols;
        for (int64_t i = 0; i < rows * cols; ++i) (*v)[i] = static_cast<double>(load<E>(p[i]));
      }
    });
  }
  static void put(Tensor& out, int64_t m, const std::vector<double>& v) {
    visit_type(out.type.type, [&](auto tag) {
      constexpr ElementType E = decltype(tag)::value;
      if constexpr (kIsFloat<E>) {
        auto* p = static_cast<StorageT<E>*>(out.storage->data()) + m * static_cast<int64_t>(v.size());
        for (size_t i = 0; i < v.size(); ++i) p[i] = from_double<E>(v[i]);
      }
    });
  }
};

}  // namespace

void cholesky(const Tensor& a, bool lower, bool keep_other_triangle, Tensor& out, Tensor* info) {
  Matrices in(a);
  const int64_t n = in.rows;
  std::vector<double> x, l(static_cast<size_t>(n * n));
  for (int64_t m = 0; m < in.count; ++m) {
    in.get(m, &x);
    // L[i][j] (i >= j) from the chosen triangle: A[i][j] when lower, A[j][i] otherwise.
    auto at = [&](int64_t i, int64_t j) { return lower ? x[i * n + j] : x[j * n + i]; };
    std::fill(l.begin(), l.end(), 0.0);
    int32_t failed = 0;
    for (int64_t j = 0; j < n && !failed; ++j) {
      double d = at(j, j);
      for (int64_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) {
        failed = static_cast<int32_t>(j + 1);
        break;
      }
      const double s = std::sqrt(d);
      l[j * n + j] = s;
      for (int64_t i = j + 1; i < n; ++i) {
        double v = at(i, j);
        for (int64_t k = 0; k < j; ++k) v -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = v / s;
      }
    }
    std::vector<double> r(static_cast<size_t>(n * n));
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        const bool mine = lower ? i >= j : i <= j;
        const double f = lower ? l[i * n + j] : l[j * n + i];
        r[i * n + j] = mine ? f : (keep_other_triangle ? x[i * n + j] : 0.0);
      }
    if (failed) {
      if (info == nullptr) {
        std::fill(r.begin(), r.end(), NAN);
      } else {
        // LAPACK keeps the columns finished before the failing one; the rest hold a's values.
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = 0; j < n; ++j) {
            const int64_t col = lower ? j : i;
            if (col >= failed - 1) r[i * n + j] = x[i * n + j];
          }
      }
    }
    Matrices::put(out, m, r);
    if (info) static_cast<int32_t*>(info->storage->data())[m] = failed;
  }
}

void triangular_solve(const Tensor& a, const Tensor& b, bool left_side, bool lower, bool unit_diagonal,
                      bool transpose_a, Tensor& out) {
  Matrices am(a), bm(b);
  const int64_t n = am.rows, rows = bm.rows, cols = bm.cols;
  std::vector<double> av, bv, t(static_cast<size_t>(n * n));
  for (int64_t m = 0; m < bm.count; ++m) {
    am.get(m, &av);
    bm.get(m, &bv);
    // t = op(a) with only a's triangle, as a dense matrix; lower_t says which triangle t fills.
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        const int64_t si = transpose_a ? j : i, sj = transpose_a ? i : j;
        const bool in_tri = lower ? si >= sj : si <= sj;
        t[i * n + j] = si == sj && unit_diagonal ? 1.0 : (in_tri ? av[si * n + sj] : 0.0);
      }
    bool lower_t = lower != transpose_a;
    // Right side: x t = b is t' x' = b'; solve for x' with t transposed.
    if (!left_side) {
      std::vector<double> tt(t.size());
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) tt[i * n + j] = t[j * n + i];
      t.swap(tt);
      lower_t = !lower_t;
    }
    // Solve t y = c for every column c of the right-hand sides (b, or b' on the right side).
    const int64_t nrhs = left_side ? cols : rows;
    auto rhs = [&](int64_t k, int64_t col) -> double& {
      return left_side ? bv[k * cols + col] : bv[col * cols + k];
    };
    for (int64_t col = 0; col < nrhs; ++col) {
      for (int64_t s = 0; s < n; ++s) {
        const int64_t k = lower_t ? s : n - 1 - s;
        double v = rhs(k, col);
        if (lower_t) {
          for (int64_t j = 0; j < k; ++j) v -= t[k * n + j] * rhs(j, col);
        } else {
          for (int64_t j = k + 1; j < n; ++j) v -= t[k * n + j] * rhs(j, col);
        }
        rhs(k, col) = v / t[k * n + k];
      }
    }
    Matrices::put(out, m, bv);
  }
}

void lu(const Tensor& a, Tensor& out, Tensor& pivots, Tensor& info) {
  Matrices in(a);
  const int64_t m = in.rows, n = in.cols, k = std::min(m, n);
  std::vector<double> x;
  auto* piv = static_cast<int32_t*>(pivots.storage->data());
  auto* inf = static_cast<int32_t*>(info.storage->data());
  for (int64_t b = 0; b < in.count; ++b) {
    in.get(b, &x);
    int32_t first_zero = 0;
    for (int64_t j = 0; j < k; ++j) {
      int64_t p = j;  // the largest magnitude in column j at or below the diagonal
      for (int64_t i = j + 1; i < m; ++i)
        if (std::fabs(x[i * n + j]) > std::fabs(x[p * n + j])) p = i;
      piv[b * k + j] = static_cast<int32_t>(p + 1);
      if (p != j)
        for (int64_t c = 0; c < n; ++c) std::swap(x[j * n + c], x[p * n + c]);
      const double d = x[j * n + j];
      if (d == 0) {
        if (!first_zero) first_zero = static_cast<int32_t>(j + 1);
        continue;
      }
      for (int64_t i = j + 1; i < m; ++i) {
        const double l = x[i * n + j] / d;
        x[i * n + j] = l;
        for (int64_t c = j + 1; c < n; ++c) x[i * n + c] -= l * x[j * n + c];
      }
    }
    inf[b] = first_zero;
    Matrices::put(out, b, x);
  }
}

}  // namespace tsmlx::cpu::kernels
