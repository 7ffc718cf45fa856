// Linear algebra: cholesky and triangular_solve on batches of random well-conditioned matrices
// of sizes 1 to 33, checked by their defining identities (L L' = A; op(T) X = B or X op(T) = B)
// in f64, for both triangles, both sides, transposes and unit diagonals; f32 and f64.
#include <cmath>

#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

std::string mat(int64_t batch, int64_t r, int64_t c, const char* e) {
  return "tensor<" + std::to_string(batch) + "x" + std::to_string(r) + "x" + std::to_string(c) + "x" + e + ">";
}

// A symmetric positive definite batch: M M' + n I, M from random_f32.
std::vector<double> spd(int64_t batch, int64_t n, uint32_t seed) {
  Tensor m = random_f32({batch, n, n}, seed);
  std::vector<float> v = values<float>(m);
  std::vector<double> a(static_cast<size_t>(batch * n * n));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double s = i == j ? double(n) : 0.0;
        for (int64_t k = 0; k < n; ++k) s += double(v[(b * n + i) * n + k]) * double(v[(b * n + j) * n + k]);
        a[(b * n + i) * n + j] = s;
      }
  return a;
}

Tensor typed(const std::vector<double>& v, std::vector<int64_t> dims, bool f64) {
  if (f64) return make<double>(ElementType::kF64, std::move(dims), v);
  return make<float>(ElementType::kF32, std::move(dims), std::vector<float>(v.begin(), v.end()));
}

std::vector<double> doubles(const Tensor& t) {
  if (t.type.type == ElementType::kF64) return values<double>(t);
  std::vector<float> v = values<float>(t);
  return std::vector<double>(v.begin(), v.end());
}

void cholesky_identity(Suite& s) {
  s.current = "cholesky: L L' = A";
  for (bool f64 : {false, true}) {
    const char* e = f64 ? "f64" : "f32";
    const double tol = f64 ? 1e-12 : 2e-5;
    for (int64_t n : {1, 2, 7, 16, 33}) {
      for (bool lower : {true, false}) {
        const int64_t batch = 2;
        std::vector<double> a = spd(batch, n, static_cast<uint32_t>(n * 3 + lower));
        const std::string t = mat(batch, n, n, e);
        RunResult r = run(module_of(t, t,
                                    std::string("%0 = stablehlo.cholesky %a0, lower = ") + (lower ? "true" : "false") +
                                        " : " + t,
                                    "%0"),
                          {typed(a, {batch, n, n}, f64)});
        s.check(r.ok, "cholesky " + t + " runs: " + r.message);
        if (!r.ok) continue;
        std::vector<double> l = doubles(r.outputs[0]);
        double worst = 0, outside = 0;
        for (int64_t b = 0; b < batch; ++b)
          for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
              // L L' (lower) or U' U (upper), from the factor's own triangle.
              double sum = 0;
              for (int64_t k = 0; k < n; ++k) {
                const double x = lower ? l[(b * n + i) * n + k] : l[(b * n + k) * n + i];
                const double y = lower ? l[(b * n + j) * n + k] : l[(b * n + k) * n + j];
                sum += x * y;
              }
              worst = std::max(worst, std::fabs(sum - a[(b * n + i) * n + j]) / (double(n) * n));
              if (lower ? j > i : j < i) outside = std::max(outside, std::fabs(l[(b * n + i) * n + j]));
            }
        s.check(worst <= tol, "cholesky " + t + (lower ? " lower" : " upper") + ": |L L' - A| / n² = " +
                                  std::to_string(worst));
        s.check(outside == 0, "cholesky " + t + ": the other triangle is zero");
      }
    }
  }
  RunResult r = run(module_of("tensor<2x2xf32>", "tensor<2x2xf32>", "%0 = stablehlo.cholesky %a0, lower = true : tensor<2x2xf32>", "%0"),
                    {make<float>(ElementType::kF32, {2, 2}, {1, 2, 2, 1})});
  s.check(r.ok && std::isnan(values<float>(r.outputs[0])[0]), "an indefinite matrix gives NaN");
  RunResult e = compile_only(module_of("tensor<2x3xf32>", "tensor<2x3xf32>",
                                       "%0 = stablehlo.cholesky %a0, lower = true : tensor<2x3xf32>", "%0"));
  s.check(e.code == 3 && e.message.find("[stablehlo.cholesky] the operand must be square matrices [..., n, n], got "
                                        "tensor<2x3xf32>") != std::string::npos,
          "a non-square operand is named: " + e.message);
}

void triangular_solve_identity(Suite& s) {
  s.current = "triangular_solve: op(T) X = B";
  for (bool f64 : {false, true}) {
    const char* e = f64 ? "f64" : "f32";
    const double tol = f64 ? 1e-11 : 1e-4;
    for (int64_t n : {1, 3, 16, 33}) {
      const int64_t batch = 2, k = 5;
      for (int combo = 0; combo < 16; ++combo) {
        const bool left = combo & 1, lower = combo & 2, trans = combo & 4, unit = combo & 8;
        // A well-conditioned triangle: a dominant diagonal (ignored when unit), random elsewhere.
        Tensor raw = random_f32({batch, n, n}, static_cast<uint32_t>(100 + n + combo));
        std::vector<float> rv = values<float>(raw);
        std::vector<double> a(rv.begin(), rv.end());
        for (int64_t b = 0; b < batch; ++b)
          for (int64_t i = 0; i < n; ++i) a[(b * n + i) * n + i] = unit ? 1e6 : 2.0 + double(n) / 4;
        const int64_t rows = left ? n : k, cols = left ? k : n;
        Tensor braw = random_f32({batch, rows, cols}, static_cast<uint32_t>(7 + combo));
        std::vector<float> bv = values<float>(braw);
        std::vector<double> bm(bv.begin(), bv.end());
        const std::string ta = mat(batch, n, n, e), tb = mat(batch, rows, cols, e);
        std::string attrs = std::string("left_side = ") + (left ? "true" : "false") + ", lower = " +
                            (lower ? "true" : "false") + ", unit_diagonal = " + (unit ? "true" : "false") +
                            ", transpose_a = #stablehlo<transpose " + (trans ? "TRANSPOSE" : "NO_TRANSPOSE") + ">";
        RunResult r = run(one_op("stablehlo.triangular_solve", attrs, {ta, tb}, tb),
                          {typed(a, {batch, n, n}, f64), typed(bm, {batch, rows, cols}, f64)});
        s.check(r.ok, "triangular_solve " + attrs + " runs: " + r.message);
        if (!r.ok) continue;
        std::vector<double> x = doubles(r.outputs[0]);
        // T = op(tri(a)) with the unit diagonal; check T X = B (left) or X T = B (right).
        auto t = [&](int64_t b, int64_t i, int64_t j) {
          const int64_t si = trans ? j : i, sj = trans ? i : j;
          if (si == sj) return unit ? 1.0 : a[(b * n + si) * n + sj];
          const bool in = lower ? si > sj : si < sj;
          return in ? a[(b * n + si) * n + sj] : 0.0;
        };
        double worst = 0;
        for (int64_t b = 0; b < batch; ++b)
          for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < cols; ++j) {
              double sum = 0;
              for (int64_t q = 0; q < n; ++q)
                sum += left ? t(b, i, q) * x[(b * rows + q) * cols + j] : x[(b * rows + i) * cols + q] * t(b, q, j);
              worst = std::max(worst, std::fabs(sum - bm[(b * rows + i) * cols + j]));
            }
        s.check(worst <= tol, "triangular_solve n=" + std::to_string(n) + " " + e + " " + attrs +
                                  ": residual " + std::to_string(worst));
      }
    }
  }
  RunResult e = compile_only(one_op("stablehlo.triangular_solve", "left_side = true, lower = true",
                                    {"tensor<3x3xf32>", "tensor<2x4xf32>"}, "tensor<2x4xf32>"));
  s.check(e.code == 3 && e.message.find("[stablehlo.triangular_solve] left_side: b's rows (2) must equal a's size 3") !=
                              std::string::npos,
          "mismatched sizes are named: " + e.message);
}

void lu_identity(Suite& s) {
  s.current = "LU (getrf): P A = L U";
  for (bool f64 : {false, true}) {
    const char* e = f64 ? "f64" : "f32";
    for (auto [m, n] : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 3}, {16, 16}, {33, 33}, {7, 4}, {4, 7}}) {
      const int64_t batch = 2, k = std::min(m, n);
      Tensor raw = random_f32({batch, m, n}, static_cast<uint32_t>(m * 31 + n));
      std::vector<float> rv = values<float>(raw);
      std::vector<double> a(rv.begin(), rv.end());
      const std::string t = mat(batch, m, n, e);
      const std::string pt = "tensor<" + std::to_string(batch) + "x" + std::to_string(k) + "xi32>";
      RunResult r = run(module_of(t, t + ", " + pt + ", tensor<" + std::to_string(batch) + "xi32>",
                                  "%0:3 = stablehlo.custom_call @lapack_" + std::string(f64 ? "d" : "s") +
                                      "getrf_ffi(%a0) : (" + t + ") -> (" + t + ", " + pt + ", tensor<" +
                                      std::to_string(batch) + "xi32>)",
                                  "%0#0, %0#1, %0#2"),
                        {typed(a, {batch, m, n}, f64)});
      s.check(r.ok, "getrf " + t + " runs: " + r.message);
      if (!r.ok) continue;
      std::vector<double> lu = doubles(r.outputs[0]);
      std::vector<int32_t> piv = values<int32_t>(r.outputs[1]);
      double worst = 0;
      for (int64_t b = 0; b < batch; ++b) {
        std::vector<double> pa(a.begin() + b * m * n, a.begin() + (b + 1) * m * n);
        for (int64_t j = 0; j < k; ++j)  // apply the row swaps in order
          for (int64_t c = 0; c < n; ++c) std::swap(pa[j * n + c], pa[(piv[b * k + j] - 1) * n + c]);
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < n; ++j) {
            double sum = 0;
            for (int64_t q = 0; q <= std::min(i, std::min(j, k - 1)); ++q) {
              const double l = q == i ? 1.0 : lu[(b * m + i) * n + q];
              sum += l * lu[(b * m + q) * n + j];
            }
            worst = std::max(worst, std::fabs(sum - pa[i * n + j]));
          }
      }
      s.check(worst <= (f64 ? 1e-12 : 1e-5), "getrf " + t + ": |P A - L U| = " + std::to_string(worst));
      s.check(values<int32_t>(r.outputs[2]) == std::vector<int32_t>(batch, 0), "getrf " + t + ": info 0");
    }
  }
  RunResult r = run(module_of("tensor<2x2xf32>", "tensor<2x2xf32>, tensor<2xi32>, tensor<i32>",
                              "%0:3 = stablehlo.custom_call @lapack_sgetrf_ffi(%a0) : (tensor<2x2xf32>) -> "
                              "(tensor<2x2xf32>, tensor<2xi32>, tensor<i32>)",
                              "%0#0, %0#1, %0#2"),
                    {make<float>(ElementType::kF32, {2, 2}, {1, 2, 2, 4})});
  s.check(r.ok && values<int32_t>(r.outputs[2]) == std::vector<int32_t>{2}, "a singular matrix: info names the zero pivot");
}

}  // namespace

void linalg_tests(Suite& s) {
  lu_identity(s);
  cholesky_identity(s);
  triangular_solve_identity(s);
}

}  // namespace tsmlx::cpu::test
