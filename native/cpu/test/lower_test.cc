// The rewrites before verification (native/cpu/lower): calls inlined, CHLO decomposed (accuracy
// against libm and independent references on grids, f32 and f64), custom calls mapped or
// refused by name, dynamic ops with constant shapes, map and optimization_barrier.
#include <cmath>
#include <limits>

#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

std::string vec_type(size_t n, const char* e) { return "tensor<" + std::to_string(n) + "x" + e + ">"; }

// Runs `chlo.<name>` on xs as f32 or f64 and returns the results as doubles.
std::vector<double> chlo(Suite& s, const std::string& name, const std::vector<double>& xs, bool f64) {
  const char* e = f64 ? "f64" : "f32";
  const std::string t = vec_type(xs.size(), e);
  const std::string body = "%0 = chlo." + name + " %a0 : " + t + " -> " + t;
  Tensor x;
  if (f64) {
    x = make<double>(ElementType::kF64, {int64_t(xs.size())}, xs);
  } else {
    std::vector<float> v(xs.begin(), xs.end());
    x = make<float>(ElementType::kF32, {int64_t(xs.size())}, v);
  }
  RunResult r = run(module_of(t, t, body, "%0"), {x});
  s.check(r.ok, "chlo." + name + " on " + t + " runs: " + r.message);
  if (!r.ok) return {};
  if (f64) return values<double>(r.outputs[0]);
  std::vector<float> v = values<float>(r.outputs[0]);
  return std::vector<double>(v.begin(), v.end());
}

// digamma by its series -γ + Σ (1/(k+1) - 1/(k+x)) summed far out in long double, with the
// tail's leading terms; for x > 0 (reflection for the rest). An algorithm unlike the one tested.
double digamma_reference(double x) {
  if (x <= 0) return digamma_reference(1 - x) - M_PI / std::tan(M_PI * x);
  if (x > 2) {  // ψ(x) = ψ(x - k) + Σ_{j=1..k} 1/(x - j), down into (1, 2]
    long double up = 0, y = x;
    while (y > 2) up += 1.0L / --y;
    return static_cast<double>(digamma_reference(static_cast<double>(y)) + up);
  }
  long double sum = -0.57721566490153286060651209L;
  const int n = 200000;
  for (int k = 0; k < n; ++k) sum += 1.0L / (k + 1) - 1.0L / (k + x);
  const long double a = x - 1;  // Σ_{k>=n} (1/(k+1) - 1/(k+x)) = (x-1)/n - (x-1) x/(2n²) + O(n^-3)
  sum += a / n - a * x / (2.0L * n * n);
  return static_cast<double>(sum);
}

// Checks one CHLO function against `ref` on `xs`: f32 results within 1 ulp of the f32-rounded
// reference (2 where the reference itself is a sum, for digamma), f64 within 1e-13 relative
// (plus `abs64` absolute, for the zeros of lgamma and digamma).
template <class Ref>
void check_accuracy(Suite& s, const std::string& name, const std::vector<double>& xs, Ref ref, double abs64 = 1e-300,
                    int ulps32 = 1) {
  for (bool f64 : {false, true}) {
    std::vector<double> got = chlo(s, name, xs, f64);
    if (got.size() != xs.size()) continue;
    double worst = 0;
    size_t worst_i = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
      const double x = f64 ? xs[i] : double(float(xs[i]));
      const double want = ref(x);
      if (std::isnan(want) || std::isinf(want) || (!f64 && std::isinf(float(want)))) {
        if (!(std::isnan(want) ? std::isnan(got[i]) : got[i] == (f64 ? want : double(float(want))))) {
          s.check(false, name + "(" + std::to_string(x) + ") is " + std::to_string(got[i]) + ", expected " +
                             std::to_string(want));
        }
        continue;
      }
      double err;
      if (f64) {
        err = std::fabs(got[i] - want) / (1e-13 * std::fabs(want) + abs64);
      } else {
        const float w = float(want);
        const double ulp = std::fabs(double(std::nextafter(w, INFINITY)) - double(w));
        // Within one ulp of the exact value (the f32 result may round either way).
        err = std::fabs(got[i] - want) / (ulps32 * ulp + abs64);
      }
      if (err > worst) {
        worst = err;
        worst_i = i;
      }
    }
    s.check(worst <= 1.0, "chlo." + name + (f64 ? " f64" : " f32") + ": worst error " + std::to_string(worst) +
                              "x the bound at x = " + std::to_string(xs[worst_i]));
  }
}

std::vector<double> grid(double lo, double hi, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(lo + (hi - lo) * i / (n - 1));
  return v;
}

void chlo_accuracy(Suite& s) {
  s.current = "chlo decompositions against libm";
  std::vector<double> wide = grid(-6, 6, 601);
  for (double x : {1e-30, -1e-20, 1e-8, 3e-5, 0.0, -0.0, 2.9999, 3.0, 3.0001, 8.0, 9.5, 25.0, 26.0})
    wide.push_back(x);
  check_accuracy(s, "erf", wide, [](double x) { return std::erf(x); });
  check_accuracy(s, "erfc", wide, [](double x) { return std::erfc(x); });
  std::vector<double> unit = grid(-0.999, 0.999, 401);
  for (double x : {1e-30, 1e-7, 0.5, -0.9999999, 0.99999994}) unit.push_back(x);
  check_accuracy(s, "asin", unit, [](double x) { return std::asin(x); });
  check_accuracy(s, "acos", unit, [](double x) { return std::acos(x); });
  check_accuracy(s, "atanh", unit, [](double x) { return std::atanh(x); });
  std::vector<double> mid = grid(-20, 20, 401);
  for (double x : {1e-30, -1e-10, 1e-4, 88.0, -88.5, 700.0}) mid.push_back(x);
  check_accuracy(s, "sinh", mid, [](double x) { return std::sinh(x); });
  check_accuracy(s, "cosh", mid, [](double x) { return std::cosh(x); });
  check_accuracy(s, "atan", mid, [](double x) { return std::atan(x); });
  check_accuracy(s, "asinh", mid, [](double x) { return std::asinh(x); });
  std::vector<double> ge1 = grid(1, 50, 301);
  for (double x : {1.0000001, 1.5, 1e10, 1e30}) ge1.push_back(x);
  check_accuracy(s, "acosh", ge1, [](double x) { return std::acosh(x); });
  check_accuracy(s, "tan", grid(-1.5, 1.5, 301), [](double x) { return std::tan(x); });
  check_accuracy(s, "square", grid(-3, 3, 61), [](double x) { return x * x; });

  // lgamma: away from the poles; its zeros at 1 and 2 get an absolute bound in f64.
  std::vector<double> g;
  for (double x : grid(-9.75, 40.25, 501))
    if (!(x <= 0 && x == std::floor(x))) g.push_back(x);
  for (double x : {1e-8, 0.5, 1.0, 2.0, 1.0 + 1e-6, 2.0 - 1e-6, 170.0, 1e5, 1e30, -0.5, -1e-8}) g.push_back(x);
  check_accuracy(s, "lgamma", g, [](double x) { return std::lgamma(x); }, 1e-14);
  std::vector<double> d;
  for (double x : grid(-7.3, 30.2, 201))
    if (!(x <= 0 && x == std::floor(x))) d.push_back(x);
  for (double x : {0.1, 1.0, 1.4616321449683623, 2.0, 100.0}) d.push_back(x);
  check_accuracy(s, "digamma", d, digamma_reference, 1e-13, 2);

  // erf_inv: erf of the result gives the input back (the implied error of x, through erf's slope).
  for (bool f64 : {false, true}) {
    std::vector<double> ys = grid(-0.9999, 0.9999, 401);
    for (double y : {1e-30, -1e-10, 0.5, 0.99999, 0.9999999, -0.99999994}) ys.push_back(y);
    if (!f64)
      for (double& y : ys) y = double(float(y));
    std::vector<double> got = chlo(s, "erf_inv", ys, f64);
    double worst = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      const double x = got[i];
      const double slope = 2 / std::sqrt(M_PI) * std::exp(-x * x);
      // erf(x) - y, through erfc near ±1 (where erf(x) rounds to within an ulp of 1).
      const double a = std::fabs(ys[i]);
      const double resid = a > 0.5 ? (1 - a) - std::erfc(std::fabs(x)) : std::erf(std::fabs(x)) - a;
      const double dx = resid / slope;
      const double rel = std::fabs(dx / x) / (f64 ? 1e-12 : 6e-8);
      worst = std::max(worst, rel);
    }
    s.check(worst <= 1.0, std::string("chlo.erf_inv ") + (f64 ? "f64" : "f32") + ": worst implied error " +
                              std::to_string(worst) + "x the bound");
  }
  std::vector<double> edge = chlo(s, "erf_inv", {1.0, -1.0, 0.0, 1.5}, false);
  s.check(edge.size() == 4 && edge[0] == INFINITY && edge[1] == -INFINITY && edge[2] == 0 && std::isnan(edge[3]),
          "erf_inv(±1) = ±inf, erf_inv(0) = 0, erf_inv(1.5) = NaN");
  std::vector<double> poles = chlo(s, "lgamma", {0.0, -3.0, INFINITY, -INFINITY}, false);
  s.check(poles.size() == 4 && poles[0] == INFINITY && poles[1] == INFINITY && poles[2] == INFINITY &&
              poles[3] == INFINITY,
          "lgamma is +inf at its poles and at ±inf");
  std::vector<double> inf = chlo(s, "erf", {INFINITY, -INFINITY, NAN}, false);
  s.check(inf.size() == 3 && inf[0] == 1 && inf[1] == -1 && std::isnan(inf[2]), "erf(±inf) = ±1, erf(NaN) = NaN");
}

void chlo_bits(Suite& s) {
  s.current = "chlo.next_after, is_inf, top_k, square on integers";
  const float tiny = std::numeric_limits<float>::denorm_min();
  std::vector<float> x = {1.0f, 1.0f, -1.0f, 0.0f, -0.0f, 2.0f, INFINITY, NAN, 3.0f};
  std::vector<float> y = {2.0f, 0.0f, -2.0f, -1.0f, 1.0f, 2.0f, 0.0f, 1.0f, NAN};
  const std::string t = vec_type(x.size(), "f32");
  RunResult r = run(module_of(t + ", " + t, t, "%0 = chlo.next_after %a0, %a1 : " + t + ", " + t + " -> " + t, "%0"),
                    {make<float>(ElementType::kF32, {int64_t(x.size())}, x),
                     make<float>(ElementType::kF32, {int64_t(y.size())}, y)});
  s.check(r.ok, "next_after runs: " + r.message);
  if (r.ok) {
    std::vector<float> v = values<float>(r.outputs[0]);
    std::vector<float> want = {std::nextafter(1.0f, 2.0f), std::nextafter(1.0f, 0.0f), std::nextafter(-1.0f, -2.0f),
                               -tiny, tiny, 2.0f, std::numeric_limits<float>::max(), NAN, NAN};
    bool ok = true;
    for (size_t i = 0; i < v.size(); ++i) ok = ok && same_float(v[i], want[i]) && std::signbit(v[i]) == std::signbit(want[i]);
    s.check(ok, "next_after matches std::nextafter bit for bit (signed zeros, infinity, NaN)");
  }
  const std::string b = vec_type(4, "i1"), f = vec_type(4, "f32");
  r = run(module_of(f, b + ", " + b + ", " + b,
                    "%0 = chlo.is_inf %a0 : " + f + " -> " + b + "\n    %1 = chlo.is_pos_inf %a0 : " + f + " -> " + b +
                        "\n    %2 = chlo.is_neg_inf %a0 : " + f + " -> " + b,
                    "%0, %1, %2"),
          {make<float>(ElementType::kF32, {4}, {INFINITY, -INFINITY, NAN, 1.0f})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 1, 0, 0} &&
              values<uint8_t>(r.outputs[1]) == std::vector<uint8_t>{1, 0, 0, 0} &&
              values<uint8_t>(r.outputs[2]) == std::vector<uint8_t>{0, 1, 0, 0},
          "is_inf, is_pos_inf, is_neg_inf: " + r.message);
  // top_k: descending, ties keep the lower index first, NaN ranks above everything.
  r = run(module_of("tensor<2x5xf32>", "tensor<2x3xf32>, tensor<2x3xi32>",
                    "%v, %i = chlo.top_k(%a0, k = 3) : tensor<2x5xf32> -> (tensor<2x3xf32>, tensor<2x3xi32>)", "%v, %i"),
          {make<float>(ElementType::kF32, {2, 5}, {1, 5, 3, 5, 2, 0, NAN, -1, 4, 4})});
  s.check(r.ok, "top_k runs: " + r.message);
  if (r.ok) {
    std::vector<float> v = values<float>(r.outputs[0]);
    s.check(v[0] == 5 && v[1] == 5 && v[2] == 3 && std::isnan(v[3]) && v[4] == 4 && v[5] == 4, "top_k values");
    s.check(values<int32_t>(r.outputs[1]) == std::vector<int32_t>{1, 3, 2, 1, 3, 4}, "top_k indices (stable)");
  }
  r = run(module_of("tensor<3xi32>", "tensor<3xi32>", "%0 = \"chlo.square\"(%a0) : (tensor<3xi32>) -> tensor<3xi32>", "%0"),
          {make<int32_t>(ElementType::kS32, {3}, {-3, 4, 70000})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{9, 16, static_cast<int32_t>(4900000000LL)},
          "chlo.square on i32 wraps like multiply: " + r.message);
  RunResult e = compile_only(module_of("tensor<3xi32>", "tensor<3xi32>", "%0 = chlo.erf %a0 : tensor<3xi32> -> tensor<3xi32>", "%0"));
  s.check(e.code == 3 && e.message.find("[chlo.erf] needs a float operand, got tensor<3xi32>") != std::string::npos,
          "chlo.erf on integers names the op and the type: " + e.message);
  e = compile_only(module_of("tensor<4xf32>", "tensor<4xf32>, tensor<4xi32>",
                             "%v, %i = chlo.top_k(%a0, k = 5) : tensor<4xf32> -> (tensor<4xf32>, tensor<4xi32>)", "%v, %i"));
  s.check(e.code == 3 && e.message.find("[chlo.top_k] k = 5 is out of range for tensor<4xf32>") != std::string::npos,
          "top_k with k past the dimension: " + e.message);
}

void inlining(Suite& s) {
  s.current = "func.call inlined";
  const char* text = R"mlir(module @m {
  func.func public @main(%x: tensor<3xf32>, %n: tensor<i32>) -> tensor<3xf32> {
    %0 = call @double(%x) : (tensor<3xf32>) -> tensor<3xf32>
    %1 = func.call @double(%0) : (tensor<3xf32>) -> tensor<3xf32>
    %c0 = stablehlo.constant dense<0> : tensor<i32>
    %2:2 = stablehlo.while(%i = %c0, %v = %1) : tensor<i32>, tensor<3xf32>
    cond {
      %p = stablehlo.compare LT, %i, %n, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %p : tensor<i1>
    } do {
      %c1 = stablehlo.constant dense<1> : tensor<i32>
      %j = stablehlo.add %i, %c1 : tensor<i32>
      %w:2 = "func.call"(%v, %j) <{callee = @step}> : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
      stablehlo.return %w#1, %w#0 : tensor<i32>, tensor<3xf32>
    }
    %3 = call @id(%2#1) : (tensor<3xf32>) -> tensor<3xf32>
    return %3 : tensor<3xf32>
  }
  func.func private @double(%a: tensor<3xf32> loc(unknown)) -> tensor<3xf32> {
    %0 = stablehlo.add %a, %a : tensor<3xf32>
    return %0 : tensor<3xf32>
  }
  func.func private @step(%a: tensor<3xf32>, %k: tensor<i32>) -> (tensor<3xf32>, tensor<i32>) {
    %0 = call @double(%a) : (tensor<3xf32>) -> tensor<3xf32>
    %1 = stablehlo.negate %0 : tensor<3xf32>
    return %1, %k : tensor<3xf32>, tensor<i32>
  }
  func.func private @id(%a: tensor<3xf32>) -> tensor<3xf32> {
    return %a : tensor<3xf32>
  }
}
)mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {3}, {1, 2, 3}), make<int32_t>(ElementType::kS32, {}, {3})});
  s.check(r.ok, "runs: " + r.message);
  if (r.ok) s.check(values<float>(r.outputs[0]) == std::vector<float>{-32, -64, -96}, "x * 4 * (-2)^3");
  const char* recursive = R"mlir(module {
  func.func public @main(%x: tensor<f32>) -> tensor<f32> {
    %0 = call @f(%x) : (tensor<f32>) -> tensor<f32>
    return %0 : tensor<f32>
  }
  func.func private @f(%a: tensor<f32>) -> tensor<f32> {
    %0 = call @f(%a) : (tensor<f32>) -> tensor<f32>
    return %0 : tensor<f32>
  }
})mlir";
  RunResult e = compile_only(recursive);
  s.check(e.code == 12 && e.message.find("line 7: [func.call] calls @f recursively") != std::string::npos,
          "a recursive call is refused with its line: " + e.message);
  e = compile_only(module_of("tensor<f32>", "tensor<f32>", "%0 = call @nowhere(%a0) : (tensor<f32>) -> tensor<f32>", "%0"));
  s.check(e.code == 3 && e.message.find("[func.call] calls @nowhere, which the module does not define") != std::string::npos,
          "an unknown callee is named: " + e.message);
}

void custom_calls(Suite& s) {
  s.current = "custom_call targets";
  RunResult e = compile_only(module_of(
      "tensor<3x3xf32>", "tensor<3x3xf32>",
      "%0 = stablehlo.custom_call @lapack_sgeqrf_ffi(%a0) {mhlo.backend_config = {}} : (tensor<3x3xf32>) -> tensor<3x3xf32>",
      "%0"));
  s.check(e.code == 12 && e.message.find("[stablehlo.custom_call] custom_call target \"lapack_sgeqrf_ffi\" is not supported") !=
                              std::string::npos,
          "an unsupported LAPACK target is named: " + e.message);
  e = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                             "%0 = \"stablehlo.custom_call\"(%a0) {call_target_name = \"my_kernel\", has_side_effect = false} : "
                             "(tensor<2xf32>) -> tensor<2xf32>",
                             "%0"));
  s.check(e.code == 12 && e.message.find("custom_call target \"my_kernel\" is not supported") != std::string::npos,
          "any other target is named: " + e.message);
  // potrf keeps the untouched triangle and reports info; trsm solves.
  const char* potrf =
      "%0:2 = stablehlo.custom_call @lapack_spotrf_ffi(%a0) {mhlo.backend_config = {uplo = 76 : ui8}, "
      "operand_layouts = [dense<[0, 1]> : tensor<2xindex>]} : (tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<i32>)";
  RunResult r = run(module_of("tensor<2x2xf32>", "tensor<2x2xf32>, tensor<i32>", potrf, "%0#0, %0#1"),
                    {make<float>(ElementType::kF32, {2, 2}, {4, 7, 2, 5})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{2, 7, 1, 2} &&
              values<int32_t>(r.outputs[1]) == std::vector<int32_t>{0},
          "potrf 'L' of [[4, .], [2, 5]] is [[2, 7], [1, 2]], info 0: " + r.message);
  r = run(module_of("tensor<2x2xf32>", "tensor<2x2xf32>, tensor<i32>", potrf, "%0#0, %0#1"),
          {make<float>(ElementType::kF32, {2, 2}, {1, 0, 3, 1})});
  s.check(r.ok && values<int32_t>(r.outputs[1]) == std::vector<int32_t>{2}, "potrf of an indefinite matrix: info 2");
  const char* trsm =
      "%0 = stablehlo.custom_call @lapack_strsm_ffi(%a0, %a1) {mhlo.backend_config = {diag = 78 : ui8, side = 76 : ui8, "
      "trans_x = 84 : ui8, uplo = 76 : ui8}} : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>";
  r = run(module_of("tensor<2x2xf32>, tensor<2x1xf32>", "tensor<2x1xf32>", trsm, "%0"),
          {make<float>(ElementType::kF32, {2, 2}, {2, 0, 1, 4}), make<float>(ElementType::kF32, {2, 1}, {5, 8})});
  // L = [[2, 0], [1, 4]]; L' x = b: 4 x1 = 8, 2 x0 + x1 = 5.
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1.5f, 2}, "trsm with trans_x 'T': " + r.message);
}

void dynamic_ops(Suite& s) {
  s.current = "dynamic ops with constant shapes, map, optimization_barrier";
  const char* text = R"mlir(func.func @main(%x: tensor<4x3xf32>, %v: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>, tensor<12xf32>, tensor<4xi32>, tensor<6x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
    %s = stablehlo.constant dense<[1, 0]> : tensor<2xi64>
    %l = stablehlo.constant dense<[4, 3]> : tensor<2xi64>
    %st = stablehlo.constant dense<[2, 1]> : tensor<2xi64>
    %0 = stablehlo.real_dynamic_slice %x, %s, %l, %st : (tensor<4x3xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x3xf32>
    %shape = stablehlo.constant dense<[4, 3]> : tensor<2xi32>
    %1 = stablehlo.dynamic_broadcast_in_dim %v, %shape, dims = [1] : (tensor<3xf32>, tensor<2xi32>) -> tensor<4x3xf32>
    %flat = stablehlo.constant dense<12> : tensor<1xi32>
    %2 = stablehlo.dynamic_reshape %x, %flat : (tensor<4x3xf32>, tensor<1xi32>) -> tensor<12xf32>
    %n = stablehlo.constant dense<4> : tensor<1xi32>
    %3 = stablehlo.dynamic_iota %n, dim = 0 : (tensor<1xi32>) -> tensor<4xi32>
    %z = stablehlo.constant dense<0.0> : tensor<f32>
    %lo = stablehlo.constant dense<[1, 0]> : tensor<2xi32>
    %hi = stablehlo.constant dense<[1, 0]> : tensor<2xi32>
    %in = stablehlo.constant dense<[0, 0]> : tensor<2xi32>
    %4 = stablehlo.dynamic_pad %x, %z, %lo, %hi, %in : (tensor<4x3xf32>, tensor<f32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<6x3xf32>
    %5 = "stablehlo.map"(%x, %1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %c = stablehlo.constant dense<2.0> : tensor<f32>
      %m = stablehlo.multiply %a, %c : tensor<f32>
      %r = stablehlo.add %m, %b : tensor<f32>
      stablehlo.return %r : tensor<f32>
    }) {dimensions = array<i64: 0, 1>} : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
    %6:2 = stablehlo.optimization_barrier %x, %5 : tensor<4x3xf32>, tensor<4x3xf32>
    return %0, %1, %2, %3, %4, %5, %6#0 : tensor<2x3xf32>, tensor<4x3xf32>, tensor<12xf32>, tensor<4xi32>, tensor<6x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
})mlir";
  std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  RunResult r = run(text, {make<float>(ElementType::kF32, {4, 3}, x), make<float>(ElementType::kF32, {3}, {10, 20, 30})});
  s.check(r.ok, "runs: " + r.message);
  if (!r.ok) return;
  s.check(values<float>(r.outputs[0]) == std::vector<float>{3, 4, 5, 9, 10, 11}, "real_dynamic_slice rows 1 and 3");
  s.check(values<float>(r.outputs[1])[4] == 20, "dynamic_broadcast_in_dim");
  s.check(values<float>(r.outputs[2]) == x, "dynamic_reshape");
  s.check(values<int32_t>(r.outputs[3]) == std::vector<int32_t>{0, 1, 2, 3}, "dynamic_iota");
  std::vector<float> pad = values<float>(r.outputs[4]);
  s.check(pad[0] == 0 && pad[3] == 0 && pad[4] == 1 && pad[17] == 0, "dynamic_pad adds a zero row at each end");
  std::vector<float> m = values<float>(r.outputs[5]);
  s.check(m[0] == 10 && m[5] == 40 && m[11] == 52, "map computes 2a + b elementwise");
  s.check(values<float>(r.outputs[6]) == x, "optimization_barrier passes its operands through");
  RunResult e = compile_only(module_of("tensor<4xf32>, tensor<1xi64>", "tensor<2xf32>",
                                       "%0 = stablehlo.real_dynamic_slice %a0, %a1, %a1, %a1 : (tensor<4xf32>, "
                                       "tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xf32>",
                                       "%0"));
  s.check(e.code == 12 && e.message.find("[stablehlo.real_dynamic_slice] start_indices (operand #1) must be a constant") !=
                              std::string::npos,
          "a real_dynamic_slice with computed bounds is refused by name: " + e.message);
}

void more_rewrites(Suite& s) {
  s.current = "chlo.mulhi, chlo.scan, composite, get_dimension_size, i1 bitcasts";
  std::vector<int64_t> a = {INT64_MIN, -1, 3, INT64_MAX, -5000000000LL, 1LL << 40};
  std::vector<int64_t> b = {INT64_MIN, 7, -1, INT64_MAX, 7000000000LL, -(1LL << 30)};
  RunResult r = run(module_of("tensor<6xi64>, tensor<6xi64>", "tensor<6xi64>",
                              "%0 = \"chlo.mulhi\"(%a0, %a1) : (tensor<6xi64>, tensor<6xi64>) -> tensor<6xi64>", "%0"),
                    {make<int64_t>(ElementType::kS64, {6}, a), make<int64_t>(ElementType::kS64, {6}, b)});
  bool ok = r.ok;
  for (size_t i = 0; ok && i < a.size(); ++i)
    ok = values<int64_t>(r.outputs[0])[i] == static_cast<int64_t>((static_cast<__int128>(a[i]) * b[i]) >> 64);
  s.check(ok, "mulhi i64 equals the high half of the 128-bit product: " + r.message);
  std::vector<uint64_t> ua = {~0ull, 1ull << 63, 12345678901234ull}, ub = {~0ull, 3, 98765432109876ull};
  r = run(module_of("tensor<3xui64>, tensor<3xui64>", "tensor<3xui64>",
                    "%0 = \"chlo.mulhi\"(%a0, %a1) : (tensor<3xui64>, tensor<3xui64>) -> tensor<3xui64>", "%0"),
          {make<uint64_t>(ElementType::kU64, {3}, ua), make<uint64_t>(ElementType::kU64, {3}, ub)});
  ok = r.ok;
  for (size_t i = 0; ok && i < ua.size(); ++i)
    ok = values<uint64_t>(r.outputs[0])[i] ==
         static_cast<uint64_t>((static_cast<unsigned __int128>(ua[i]) * ub[i]) >> 64);
  s.check(ok, "mulhi ui64: " + r.message);
  r = run(module_of("tensor<3xi8>, tensor<3xi8>", "tensor<3xi8>",
                    "%0 = \"chlo.mulhi\"(%a0, %a1) : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>", "%0"),
          {make<int8_t>(ElementType::kS8, {3}, {64, -64, -64}), make<int8_t>(ElementType::kS8, {3}, {4, 4, -4})});
  s.check(r.ok && values<int8_t>(r.outputs[0]) == std::vector<int8_t>{1, -1, 1}, "mulhi i8: " + r.message);
  const char* scan = R"mlir(func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2xf32>) {
    %init = stablehlo.constant dense<1.0> : tensor<2xf32>
    %0:2 = chlo.scan(%x) inits(%init) dimension=1 attributes {is_reverse = true} {
    ^bb0(%e: tensor<2xf32>, %c: tensor<2xf32>):
      %p = stablehlo.multiply %e, %c : tensor<2xf32>
      stablehlo.return %p, %p : tensor<2xf32>, tensor<2xf32>
    } : (tensor<2x3xf32>, tensor<2xf32>) -> (tensor<2x3xf32>, tensor<2xf32>)
    return %0#0, %0#1 : tensor<2x3xf32>, tensor<2xf32>
})mlir";
  r = run(scan, {make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{6, 6, 3, 120, 30, 6} &&
              values<float>(r.outputs[1]) == std::vector<float>{6, 120},
          "reverse cumulative product along dimension 1, and its carry: " + r.message);
  const char* composite = R"mlir(func.func @plus(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32> {
    %0 = stablehlo.add %a, %b : tensor<2xi32>
    return %0 : tensor<2xi32>
  }
  func.func @main(%x: tensor<2xi32>) -> (tensor<2xi32>, tensor<i32>) {
    %0 = stablehlo.composite "my.plus" %x, %x {composite_attributes = {k = 1 : i64}, decomposition = @plus} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
    %1 = stablehlo.get_dimension_size %0, dim = 0 : (tensor<2xi32>) -> tensor<i32>
    return %0, %1 : tensor<2xi32>, tensor<i32>
  })mlir";
  r = run(composite, {make<int32_t>(ElementType::kS32, {2}, {3, -4})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{6, -8} &&
              values<int32_t>(r.outputs[1]) == std::vector<int32_t>{2},
          "composite runs its decomposition; get_dimension_size: " + r.message);
  std::vector<uint8_t> bits(16, 0);
  bits[0] = bits[3] = bits[15] = 1;
  r = run(one_op("stablehlo.bitcast_convert", "", {"tensor<16xi1>"}, "tensor<ui16>"),
          {make<uint8_t>(ElementType::kPred, {16}, bits)});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x8009}, "16 x i1 -> ui16, bit i = element i");
  r = run(one_op("stablehlo.bitcast_convert", "", {"tensor<ui16>"}, "tensor<16xi1>"),
          {make<uint16_t>(ElementType::kU16, {}, {0x8009})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == bits, "ui16 -> 16 x i1 unpacks the same bits: " + r.message);
}

}  // namespace

void lower_tests(Suite& s) {
  more_rewrites(s);
  chlo_accuracy(s);
  chlo_bits(s);
  inlining(s);
  custom_calls(s);
  dynamic_ops(s);
}

}  // namespace tsmlx::cpu::test
