// Elementwise kernels: integer wrap and division edge cases, NaN/Inf, f16/bf16 rounding,
// compare types, convert saturation, select and clamp, 0-size tensors.
#include <limits>

#include "engine/numeric.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

// Runs a binary op on two 1-D tensors of element type `et` (MLIR name `tn`).
template <class T>
std::vector<T> bin(Suite& s, const std::string& op, ElementType et, const std::string& tn, const std::vector<T>& a,
                   const std::vector<T>& b) {
  std::string t = "tensor<" + std::to_string(a.size()) + "x" + tn + ">";
  RunResult r = run(one_op(op, "", {t, t}, t), {make<T>(et, {int64_t(a.size())}, a), make<T>(et, {int64_t(b.size())}, b)});
  s.check(r.ok, op + " on " + t + " runs: " + r.message);
  return r.ok ? values<T>(r.outputs[0]) : std::vector<T>{};
}

template <class T>
std::vector<T> un(Suite& s, const std::string& op, ElementType et, const std::string& tn, const std::vector<T>& a) {
  std::string t = "tensor<" + std::to_string(a.size()) + "x" + tn + ">";
  RunResult r = run(one_op(op, "", {t}, t), {make<T>(et, {int64_t(a.size())}, a)});
  s.check(r.ok, op + " on " + t + " runs: " + r.message);
  return r.ok ? values<T>(r.outputs[0]) : std::vector<T>{};
}

template <class TO, class TI>
std::vector<TO> conv(Suite& s, ElementType ei, const std::string& ti, ElementType eo, const std::string& to,
                     const std::vector<TI>& a) {
  std::string n = std::to_string(a.size());
  RunResult r = run(one_op("stablehlo.convert", "", {"tensor<" + n + "x" + ti + ">"}, "tensor<" + n + "x" + to + ">"),
                    {make<TI>(ei, {int64_t(a.size())}, a)});
  s.check(r.ok, "convert " + ti + " -> " + to + " runs: " + r.message);
  return r.ok ? values<TO>(r.outputs[0]) : std::vector<TO>{};
}

bool floats_equal(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) && std::isnan(b[i])) continue;
    if (a[i] != b[i] || std::signbit(a[i]) != std::signbit(b[i])) return false;
  }
  return true;
}

constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

void integer_arithmetic(Suite& s) {
  s.current = "integer arithmetic wraps; division by zero and INT_MIN/-1 follow XLA";
  auto i32 = ElementType::kS32;
  s.check(bin<int32_t>(s, "stablehlo.add", i32, "i32", {kMax32, -5}, {1, 3}) == std::vector<int32_t>{kMin32, -2}, "add wraps");
  s.check(bin<int32_t>(s, "stablehlo.subtract", i32, "i32", {kMin32, 5}, {1, 7}) == std::vector<int32_t>{kMax32, -2},
          "subtract wraps");
  s.check(bin<int8_t>(s, "stablehlo.multiply", ElementType::kS8, "i8", {100, -128}, {3, -1}) == std::vector<int8_t>{44, -128},
          "i8 multiply wraps");
  s.check(bin<uint16_t>(s, "stablehlo.multiply", ElementType::kU16, "ui16", {65535}, {65535}) == std::vector<uint16_t>{1},
          "ui16 multiply wraps");
  s.check(bin<int64_t>(s, "stablehlo.multiply", ElementType::kS64, "i64", {INT64_MAX}, {2}) == std::vector<int64_t>{-2},
          "i64 multiply wraps");
  s.check(bin<int32_t>(s, "stablehlo.divide", i32, "i32", {7, -7, 5, kMin32, 7, -5}, {2, 2, 0, -1, -2, 0}) ==
              std::vector<int32_t>{3, -3, -1, kMin32, -3, -1},
          "i32 divide truncates, x/0 = -1, INT_MIN/-1 = INT_MIN");
  s.check(bin<uint32_t>(s, "stablehlo.divide", ElementType::kU32, "ui32", {7, 9}, {0, 2}) ==
              std::vector<uint32_t>{UINT32_MAX, 4},
          "ui32 x/0 is all ones");
  s.check(bin<int32_t>(s, "stablehlo.remainder", i32, "i32", {7, -7, 5, kMin32, 7, -7}, {3, 3, 0, -1, -3, -3}) ==
              std::vector<int32_t>{1, -1, 5, 0, 1, -1},
          "i32 remainder has the dividend's sign, x%0 = x, INT_MIN%-1 = 0");
  s.check(bin<uint8_t>(s, "stablehlo.remainder", ElementType::kU8, "ui8", {200, 9}, {0, 4}) == std::vector<uint8_t>{200, 1},
          "ui8 remainder");
  s.check(bin<int32_t>(s, "stablehlo.power", i32, "i32", {2, 1, -1, -1, 2, 3, 2, -3, 0}, {10, -5, -3, -4, -1, 0, 31, 3, 0}) ==
              std::vector<int32_t>{1024, 1, -1, 1, 0, 1, kMin32, -27, 1},
          "i32 power incl. negative exponents and wrap");
  s.check(bin<uint8_t>(s, "stablehlo.power", ElementType::kU8, "ui8", {3, 2}, {5, 8}) == std::vector<uint8_t>{243, 0},
          "ui8 power wraps");
  s.check(bin<int32_t>(s, "stablehlo.maximum", i32, "i32", {-3, 4}, {2, 1}) == std::vector<int32_t>{2, 4}, "max");
  s.check(bin<int32_t>(s, "stablehlo.minimum", i32, "i32", {-3, 4}, {2, 1}) == std::vector<int32_t>{-3, 1}, "min");
  s.check(bin<int32_t>(s, "stablehlo.and", i32, "i32", {12, -1}, {10, 5}) == std::vector<int32_t>{8, 5}, "and");
  s.check(bin<int32_t>(s, "stablehlo.or", i32, "i32", {12, 0}, {10, 0}) == std::vector<int32_t>{14, 0}, "or");
  s.check(bin<int32_t>(s, "stablehlo.xor", i32, "i32", {12, -1}, {10, 0}) == std::vector<int32_t>{6, -1}, "xor");
  s.check(bin<uint8_t>(s, "stablehlo.and", ElementType::kPred, "i1", {1, 1, 0, 0}, {1, 0, 1, 0}) ==
              std::vector<uint8_t>{1, 0, 0, 0},
          "i1 and");
  s.check(bin<uint8_t>(s, "stablehlo.xor", ElementType::kPred, "i1", {1, 1, 0, 0}, {1, 0, 1, 0}) ==
              std::vector<uint8_t>{0, 1, 1, 0},
          "i1 xor");
  s.check(bin<uint8_t>(s, "stablehlo.add", ElementType::kPred, "i1", {1, 1, 0, 0}, {1, 0, 1, 0}) ==
              std::vector<uint8_t>{1, 1, 1, 0},
          "i1 add is or");
  s.check(un<uint8_t>(s, "stablehlo.not", ElementType::kPred, "i1", {1, 0}) == std::vector<uint8_t>{0, 1}, "i1 not is logical");
  s.check(un<int8_t>(s, "stablehlo.not", ElementType::kS8, "i8", {0, 5}) == std::vector<int8_t>{-1, -6}, "i8 not is bitwise");
  s.check(un<uint16_t>(s, "stablehlo.not", ElementType::kU16, "ui16", {0}) == std::vector<uint16_t>{65535}, "ui16 not");
  s.check(un<int32_t>(s, "stablehlo.negate", i32, "i32", {kMin32, 5}) == std::vector<int32_t>{kMin32, -5}, "negate wraps");
  s.check(un<int8_t>(s, "stablehlo.abs", ElementType::kS8, "i8", {-128, -7, 7}) == std::vector<int8_t>{-128, 7, 7},
          "abs of INT_MIN wraps");
  s.check(un<int64_t>(s, "stablehlo.sign", ElementType::kS64, "i64", {-9, 0, 9}) == std::vector<int64_t>{-1, 0, 1},
          "i64 sign");
}

void float_arithmetic(Suite& s) {
  s.current = "float arithmetic: NaN/Inf, fmod remainder, max/min propagate NaN";
  auto f32 = ElementType::kF32;
  s.check(floats_equal(bin<float>(s, "stablehlo.divide", f32, "f32", {1, -1, 0, 6}, {0, 0, 0, 4}),
                       {kInf, -kInf, kNaN, 1.5f}),
          "divide by zero gives inf/nan");
  s.check(floats_equal(bin<float>(s, "stablehlo.remainder", f32, "f32", {-7.5f, 7.5f, 5, kInf}, {2, -2, 0, 1}),
                       {-1.5f, 1.5f, kNaN, kNaN}),
          "fmod semantics");
  s.check(floats_equal(bin<float>(s, "stablehlo.maximum", f32, "f32", {kNaN, 1, 2}, {1, kNaN, -kInf}), {kNaN, kNaN, 2}),
          "max propagates NaN");
  s.check(floats_equal(bin<float>(s, "stablehlo.minimum", f32, "f32", {kNaN, 1, 2}, {1, kNaN, -kInf}), {kNaN, kNaN, -kInf}),
          "min propagates NaN");
  s.check(floats_equal(bin<float>(s, "stablehlo.power", f32, "f32", {2, 4, -8, 0}, {-1, 0.5f, 1.0f / 3, 0}),
                       {0.5f, 2, std::pow(-8.0f, 1.0f / 3), 1}),
          "float power");
  s.check(floats_equal(un<float>(s, "stablehlo.sign", f32, "f32", {-2, 0, -0.0f, 3, kNaN, -kInf}), {-1, 0, -0.0f, 1, kNaN, -1}),
          "sign keeps zero sign, NaN is NaN");
  s.check(floats_equal(un<float>(s, "stablehlo.abs", f32, "f32", {-2, -0.0f, -kInf}), {2, 0, kInf}), "abs");
  s.check(floats_equal(un<float>(s, "stablehlo.round_nearest_afz", f32, "f32", {0.5f, 1.5f, 2.5f, -0.5f, -2.5f, 2.4f}),
                       {1, 2, 3, -1, -3, 2}),
          "round half away from zero");
  s.check(floats_equal(un<float>(s, "stablehlo.round_nearest_even", f32, "f32", {0.5f, 1.5f, 2.5f, -0.5f, -2.5f, 2.6f}),
                       {0, 2, 2, -0.0f, -2, 3}),
          "round half to even");
  s.check(floats_equal(un<float>(s, "stablehlo.floor", f32, "f32", {-1.5f, 1.5f}), {-2, 1}), "floor");
  s.check(floats_equal(un<float>(s, "stablehlo.ceil", f32, "f32", {-1.5f, 1.5f}), {-1, 2}), "ceil");
  std::vector<float> x = {-3.0f, -0.5f, 0.25f, 1.0f, 2.0f};
  struct Fn {
    const char* op;
    double (*f)(double);
  };
  const Fn fns[] = {{"stablehlo.exponential", [](double v) { return std::exp(v); }},
                    {"stablehlo.exponential_minus_one", [](double v) { return std::expm1(v); }},
                    {"stablehlo.tanh", [](double v) { return std::tanh(v); }},
                    {"stablehlo.logistic", [](double v) { return 1 / (1 + std::exp(-v)); }},
                    {"stablehlo.sine", [](double v) { return std::sin(v); }},
                    {"stablehlo.cosine", [](double v) { return std::cos(v); }}};
  for (const Fn& fn : fns) {
    std::vector<float> got = un<float>(s, fn.op, f32, "f32", x);
    bool ok = got.size() == x.size();
    for (size_t i = 0; ok && i < x.size(); ++i) ok = std::fabs(got[i] - fn.f(x[i])) <= 1e-6 * (1 + std::fabs(fn.f(x[i])));
    s.check(ok, std::string(fn.op) + " matches libm");
  }
  std::vector<double> p = {0.0, 0.5, 4.0, -1.0};
  std::vector<double> lg = un<double>(s, "stablehlo.log", ElementType::kF64, "f64", p);
  s.check(lg.size() == 4 && lg[0] == -INFINITY && lg[1] == std::log(0.5) && lg[2] == std::log(4.0) && std::isnan(lg[3]),
          "f64 log incl. log(0) and log(-1)");
  std::vector<double> l1 = un<double>(s, "stablehlo.log_plus_one", ElementType::kF64, "f64", {1e-20, -1.0});
  s.check(l1.size() == 2 && l1[0] == 1e-20 && l1[1] == -INFINITY, "log_plus_one is precise near 0");
  std::vector<double> sq = un<double>(s, "stablehlo.sqrt", ElementType::kF64, "f64", {4.0, -1.0});
  s.check(sq.size() == 2 && sq[0] == 2.0 && std::isnan(sq[1]), "sqrt");
  std::vector<double> rs = un<double>(s, "stablehlo.rsqrt", ElementType::kF64, "f64", {4.0, 0.0});
  s.check(rs.size() == 2 && rs[0] == 0.5 && rs[1] == INFINITY, "rsqrt");
}

void half_precision(Suite& s) {
  s.current = "f16/bf16 computed in f32, rounded to nearest even";
  // 1 + 2^-11 is halfway between 1 and the next f16: ties to even (1.0); 0x3c01 + 2^-11 ties up to 0x3c02.
  s.check(bin<uint16_t>(s, "stablehlo.add", ElementType::kF16, "f16", {0x3c00, 0x3c01}, {0x1000, 0x1000}) ==
              std::vector<uint16_t>{0x3c00, 0x3c02},
          "f16 add ties to even");
  // 65504 + 16 = 65520 rounds to inf; 65504 + 15 stays 65504.
  s.check(bin<uint16_t>(s, "stablehlo.add", ElementType::kF16, "f16", {0x7bff, 0x7bff}, {0x4c00, 0x4b80}) ==
              std::vector<uint16_t>{0x7c00, 0x7bff},
          "f16 overflow to inf");
  s.check(bin<uint16_t>(s, "stablehlo.multiply", ElementType::kBF16, "bf16", {0x3f81, 0x4000}, {0x3f81, 0xc000}) ==
              std::vector<uint16_t>{0x3f82, 0xc080},
          "bf16 multiply rounds");
  std::vector<uint16_t> sub = bin<uint16_t>(s, "stablehlo.multiply", ElementType::kF16, "f16", {0x0001, 0x0200}, {0x3800, 0x3c00});
  s.check(sub == std::vector<uint16_t>{0x0000, 0x0200}, "f16 subnormals: 2^-24 * 0.5 ties to 0");
  std::vector<uint16_t> e = un<uint16_t>(s, "stablehlo.exponential", ElementType::kBF16, "bf16", {0x3f80});
  s.check(e == std::vector<uint16_t>{float_to_bf16_bits(std::exp(1.0f))}, "bf16 exp");
  std::vector<uint16_t> mx = bin<uint16_t>(s, "stablehlo.maximum", ElementType::kF16, "f16", {0x7e00, 0x3c00}, {0x3c00, 0xbc00});
  s.check(mx.size() == 2 && (mx[0] & 0x7c00) == 0x7c00 && (mx[0] & 0x3ff) != 0 && mx[1] == 0x3c00, "f16 max NaN");
}

void compare_ops(Suite& s) {
  s.current = "compare directions and types";
  auto cmp = [&](const std::string& tn, ElementType et, const std::string& dir, const std::string& type, auto a, auto b) {
    using T = typename decltype(a)::value_type;
    std::string t = "tensor<" + std::to_string(a.size()) + "x" + tn + ">";
    std::string o = "tensor<" + std::to_string(a.size()) + "xi1>";
    std::string attrs = "comparison_direction = #stablehlo<comparison_direction " + dir + ">";
    if (!type.empty()) attrs += ", compare_type = #stablehlo<comparison_type " + type + ">";
    RunResult r = run(one_op("stablehlo.compare", attrs, {t, t}, o),
                      {make<T>(et, {int64_t(a.size())}, a), make<T>(et, {int64_t(b.size())}, b)});
    s.check(r.ok, "compare runs: " + r.message);
    return r.ok ? values<uint8_t>(r.outputs[0]) : std::vector<uint8_t>{};
  };
  std::vector<float> a = {1, kNaN, 2, kNaN, -0.0f};
  std::vector<float> b = {1, 1, 3, kNaN, 0.0f};
  using V = std::vector<uint8_t>;
  s.check(cmp("f32", ElementType::kF32, "EQ", "FLOAT", a, b) == V{1, 0, 0, 0, 1}, "EQ with NaN false, -0 == 0");
  s.check(cmp("f32", ElementType::kF32, "NE", "FLOAT", a, b) == V{0, 1, 1, 1, 0}, "NE with NaN true");
  s.check(cmp("f32", ElementType::kF32, "LT", "FLOAT", a, b) == V{0, 0, 1, 0, 0}, "LT");
  s.check(cmp("f32", ElementType::kF32, "GE", "", a, b) == V{1, 0, 0, 0, 1}, "GE default type");
  s.check(cmp("f32", ElementType::kF32, "LT", "TOTALORDER", std::vector<float>{-kNaN, -0.0f, 1, kInf, -kInf},
              std::vector<float>{-kInf, 0.0f, kNaN, kNaN, -kNaN}) == V{1, 1, 1, 1, 0},
          "TOTALORDER: -NaN < -inf, -0 < 0, x < NaN");
  s.check(cmp("f32", ElementType::kF32, "EQ", "TOTALORDER", std::vector<float>{kNaN, -0.0f}, std::vector<float>{kNaN, 0.0f}) ==
              V{1, 0},
          "TOTALORDER: NaN == NaN, -0 != 0");
  s.check(cmp("f64", ElementType::kF64, "GT", "TOTALORDER", std::vector<double>{0.0, -1.0}, std::vector<double>{-0.0, -2.0}) ==
              V{1, 1},
          "f64 TOTALORDER");
  s.check(cmp("bf16", ElementType::kBF16, "LT", "TOTALORDER", std::vector<uint16_t>{0x8000, 0xff80},
              std::vector<uint16_t>{0x0000, 0x3f80}) == V{1, 1},
          "bf16 TOTALORDER");
  s.check(cmp("f16", ElementType::kF16, "LE", "FLOAT", std::vector<uint16_t>{0x3c00, 0x7e00}, std::vector<uint16_t>{0x4000, 0x7e00}) ==
              V{1, 0},
          "f16 LE");
  s.check(cmp("i32", ElementType::kS32, "LT", "SIGNED", std::vector<int32_t>{-1, 5}, std::vector<int32_t>{1, 5}) == V{1, 0},
          "signed LT");
  s.check(cmp("ui32", ElementType::kU32, "GT", "UNSIGNED", std::vector<uint32_t>{UINT32_MAX, 0}, std::vector<uint32_t>{1, 0}) ==
              V{1, 0},
          "unsigned GT");
  s.check(cmp("i1", ElementType::kPred, "GT", "UNSIGNED", std::vector<uint8_t>{1, 0}, std::vector<uint8_t>{0, 1}) == V{1, 0},
          "i1 GT");
}

void convert_ops(Suite& s) {
  s.current = "convert between types";
  s.check(conv<int32_t, float>(s, ElementType::kF32, "f32", ElementType::kS32, "i32", {1.9f, -1.9f, kNaN, 3e9f, -3e9f, kInf}) ==
              std::vector<int32_t>{1, -1, 0, kMax32, kMin32, kMax32},
          "f32 -> i32 truncates, NaN -> 0, saturates");
  s.check(conv<uint8_t, float>(s, ElementType::kF32, "f32", ElementType::kU8, "ui8", {-5, 300, 2.7f, -0.5f}) ==
              std::vector<uint8_t>{0, 255, 2, 0},
          "f32 -> ui8 saturates");
  s.check(conv<int64_t, double>(s, ElementType::kF64, "f64", ElementType::kS64, "i64", {1e19, -1e19, 9.2e18}) ==
              std::vector<int64_t>{INT64_MAX, INT64_MIN, 9200000000000000000LL},
          "f64 -> i64 saturates");
  s.check(conv<uint64_t, double>(s, ElementType::kF64, "f64", ElementType::kU64, "ui64", {1e20, 1.8e19}) ==
              std::vector<uint64_t>{UINT64_MAX, 18000000000000000000ULL},
          "f64 -> ui64 saturates");
  s.check(conv<uint8_t, int32_t>(s, ElementType::kS32, "i32", ElementType::kPred, "i1", {0, 5, -1}) ==
              std::vector<uint8_t>{0, 1, 1},
          "i32 -> i1 is x != 0");
  s.check(conv<uint8_t, float>(s, ElementType::kF32, "f32", ElementType::kPred, "i1", {0, -0.0f, kNaN, 0.1f}) ==
              std::vector<uint8_t>{0, 0, 1, 1},
          "f32 -> i1 is x != 0");
  s.check(conv<float, uint8_t>(s, ElementType::kPred, "i1", ElementType::kF32, "f32", {1, 0}) == std::vector<float>{1, 0},
          "i1 -> f32");
  s.check(conv<int8_t, int64_t>(s, ElementType::kS64, "i64", ElementType::kS8, "i8", {300, -129}) ==
              std::vector<int8_t>{44, 127},
          "i64 -> i8 wraps");
  s.check(conv<uint32_t, int8_t>(s, ElementType::kS8, "i8", ElementType::kU32, "ui32", {-1}) ==
              std::vector<uint32_t>{UINT32_MAX},
          "i8 -> ui32 sign-extends");
  s.check(conv<uint16_t, float>(s, ElementType::kF32, "f32", ElementType::kF16, "f16", {0.1f, 65520.0f, -kInf, 1e-8f}) ==
              std::vector<uint16_t>{0x2e66, 0x7c00, 0xfc00, 0x0000},
          "f32 -> f16 rounds");
  // 1 + 2^-11 + 2^-40: the correctly rounded f16 is 1 + 2^-10; rounding through f32 first would give 1.
  s.check(conv<uint16_t, double>(s, ElementType::kF64, "f64", ElementType::kF16, "f16", {1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40)}) ==
              std::vector<uint16_t>{0x3c01},
          "f64 -> f16 rounds once");
  s.check(conv<uint16_t, uint16_t>(s, ElementType::kF16, "f16", ElementType::kBF16, "bf16", {0x3c00, 0x7c00}) ==
              std::vector<uint16_t>{0x3f80, 0x7f80},
          "f16 -> bf16");
  s.check(conv<float, uint16_t>(s, ElementType::kBF16, "bf16", ElementType::kF32, "f32", {0x3fc0}) == std::vector<float>{1.5f},
          "bf16 -> f32");
  s.check(conv<int32_t, uint16_t>(s, ElementType::kF16, "f16", ElementType::kS32, "i32", {0xc500, 0x7c00}) ==
              std::vector<int32_t>{-5, kMax32},
          "f16 -> i32");
  s.check(conv<uint16_t, int32_t>(s, ElementType::kS32, "i32", ElementType::kF16, "f16", {2049, 100000}) ==
              std::vector<uint16_t>{0x6800, 0x7c00},
          "i32 -> f16 rounds to even and overflows to inf");
  s.check(conv<double, uint64_t>(s, ElementType::kU64, "ui64", ElementType::kF64, "f64", {UINT64_MAX}) ==
              std::vector<double>{18446744073709551616.0},
          "ui64 -> f64");
}

void select_clamp(Suite& s) {
  s.current = "select and clamp";
  std::string t = "tensor<3xf32>";
  Tensor p = make<uint8_t>(ElementType::kPred, {3}, {1, 0, 1});
  Tensor a = make<float>(ElementType::kF32, {3}, {1, 2, 3});
  Tensor b = make<float>(ElementType::kF32, {3}, {10, 20, 30});
  RunResult r = run(one_op("stablehlo.select", "", {"tensor<3xi1>", t, t}, t), {p, a, b});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 20, 3}, "select per element: " + r.message);
  Tensor ps = make<uint8_t>(ElementType::kPred, {}, {0});
  r = run(one_op("stablehlo.select", "", {"tensor<i1>", t, t}, t), {ps, a, b});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{10, 20, 30}, "select with scalar pred: " + r.message);
  Tensor lo = make<float>(ElementType::kF32, {}, {1.5f});
  Tensor hi = make<float>(ElementType::kF32, {}, {2.5f});
  Tensor x = make<float>(ElementType::kF32, {3}, {0, 2, kNaN});
  r = run(one_op("stablehlo.clamp", "", {"tensor<f32>", t, "tensor<f32>"}, t), {lo, x, hi});
  s.check(r.ok && floats_equal(values<float>(r.outputs[0]), {1.5f, 2, kNaN}), "clamp with scalar bounds: " + r.message);
  Tensor los = make<int32_t>(ElementType::kS32, {3}, {0, 5, -10});
  Tensor xs = make<int32_t>(ElementType::kS32, {3}, {-1, 3, 100});
  Tensor his = make<int32_t>(ElementType::kS32, {3}, {1, 9, 7});
  r = run(one_op("stablehlo.clamp", "", {"tensor<3xi32>", "tensor<3xi32>", "tensor<3xi32>"}, "tensor<3xi32>"), {los, xs, his});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{0, 5, 7}, "clamp with tensor bounds: " + r.message);
}

void zero_size(Suite& s) {
  s.current = "0-size tensors through elementwise ops";
  std::string t = "tensor<0x3xf32>";
  Tensor a = make<float>(ElementType::kF32, {0, 3}, {});
  RunResult r = run(one_op("stablehlo.add", "", {t, t}, t), {a, a});
  s.check(r.ok && r.outputs[0].type.to_string() == t, "add: " + r.message);
  r = run(one_op("stablehlo.convert", "", {t}, "tensor<0x3xi8>"), {a});
  s.check(r.ok && r.outputs[0].type.num_elements() == 0, "convert: " + r.message);
  r = run(one_op("stablehlo.compare", "comparison_direction = #stablehlo<comparison_direction LT>", {t, t}, "tensor<0x3xi1>"),
          {a, a});
  s.check(r.ok, "compare: " + r.message);
  r = run(one_op("stablehlo.select", "", {"tensor<i1>", t, t}, t), {make<uint8_t>(ElementType::kPred, {}, {1}), a, a});
  s.check(r.ok, "select: " + r.message);
  r = run(one_op("stablehlo.iota", "iota_dimension = 1 : i64", {}, t), {});
  s.check(r.ok, "iota: " + r.message);
}

void iota_ops(Suite& s) {
  s.current = "iota";
  RunResult r = run(one_op("stablehlo.iota", "iota_dimension = 1 : i64", {}, "tensor<2x3xi32>"), {});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{0, 1, 2, 0, 1, 2}, "i32 along dim 1");
  r = run(one_op("stablehlo.iota", "iota_dimension = 0 : i64", {}, "tensor<3x2xf16>"), {});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0, 0, 0x3c00, 0x3c00, 0x4000, 0x4000},
          "f16 along dim 0");
  r = run(one_op("stablehlo.iota", "iota_dimension = 0 : i64", {}, "tensor<3xui64>"), {});
  s.check(r.ok && values<uint64_t>(r.outputs[0]) == std::vector<uint64_t>{0, 1, 2}, "ui64");
}

}  // namespace

void elementwise_tests(Suite& s) {
  integer_arithmetic(s);
  float_arithmetic(s);
  half_precision(s);
  compare_ops(s);
  convert_ops(s);
  select_clamp(s);
  zero_size(s);
  iota_ops(s);
}

}  // namespace tsmlx::cpu::test
