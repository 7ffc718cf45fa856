// CHLO ops decomposed into StableHLO at compile time. The transcendental ones compute in f64
// (f16, bf16 and f32 operands are widened, the result rounded back once), from identities and
// series whose terms are exact mathematical constants:
//   sinh = (expm1(x) - expm1(-x)) / 2, cosh = (e^x + e^-x) / 2, asin = atan2(x, sqrt((1-x)(1+x))),
//   acos = atan2(sqrt((1-x)(1+x)), x), atan = atan2(x, 1), atanh = (log1p(x) - log1p(-x)) / 2,
//   asinh = sign(x) log1p(|x| + x²/(1 + sqrt(1 + x²))), acosh = log1p(t + sqrt(2t + t²)), t = x - 1;
//   erf: its Maclaurin series (50 terms) for |x| < 3, else 1 - erfc; erfc: 1 - erf for |x| < 1.5,
//     else the continued fraction e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), 80 levels;
//   erf_inv: a closed-form first guess, then 3 Newton steps on erf (on erfc for |x| >= 1.5);
//   lgamma: Stirling's series in 1/z (Bernoulli terms to z^-15) after shifting z below 8 up by 8
//     (dividing out z(z+1)...(z+7)), with reflection log(π/|sin πx|) - lgamma(1-x) for x < 0.5;
//   digamma: the asymptotic series (to z^-14) after the same shift, reflection ψ(1-x) - π/tan(πx).
// In f64 each is within 1e-13 relative of the true value away from the zeros of lgamma and
// digamma (where the error is 1e-15 absolute); for f32 operands the result is the f64 value
// correctly rounded, so within 1 ulp. test/lower_test.cc checks them against libm on grids.
// square is x·x, tan is stablehlo.tan; next_after, is_inf, is_pos_inf and is_neg_inf work on
// bits and are exact; mulhi is exact; top_k is a stable descending sort (total order, NaN first) with its index.
#include <cmath>
#include <string>

#include "engine/status.h"
#include "lower/builder.h"
#include "lower/lower.h"

namespace tsmlx::cpu::lower {
namespace {

using ir::CompareDir;
using ir::Op;
using ir::OpKind;

constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrtPi = 1.77245385090551602730;
constexpr double kLogPi = 1.14472988584940017414;
constexpr double kHalfLog2Pi = 0.91893853320467274178;

bool is_float(ElementType t) {
  return t == ElementType::kF16 || t == ElementType::kBF16 || t == ElementType::kF32 || t == ElementType::kF64;
}

[[noreturn]] void fail(const Op& op, const std::string& msg, int code = kInvalidArgument) {
  throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
}

// The f64 arithmetic the decompositions are written in.
struct F64 {
  Builder& b;
  TensorType t;  // f64, the operand's shape

  int c(double v) { return b.constant(v, t); }
  int add(int x, int y) { return b.add(x, y); }
  int sub(int x, int y) { return b.sub(x, y); }
  int mul(int x, int y) { return b.mul(x, y); }
  int div(int x, int y) { return b.div(x, y); }
  int addc(int x, double k) { return b.add(x, c(k)); }
  int mulc(int x, double k) { return b.mul(x, c(k)); }
  int un(OpKind k, int x) { return b.unary(k, x); }
  int abs(int x) { return un(OpKind::kAbs, x); }
  int sqrt(int x) { return un(OpKind::kSqrt, x); }
  int log(int x) { return un(OpKind::kLog, x); }
  int log1p(int x) { return un(OpKind::kLog1p, x); }
  int exp(int x) { return un(OpKind::kExp, x); }
  int atan2(int y, int x) { return b.binary(OpKind::kAtan2, y, x); }
  int lt(int x, int y) { return b.compare(CompareDir::kLT, x, y); }
  int ltc(int x, double k) { return lt(x, c(k)); }
  int sel(int p, int x, int y) { return b.select(p, x, y); }
  int minc(int x, double k) { return b.binary(OpKind::kMinimum, x, c(k)); }
  int maxc(int x, double k) { return b.binary(OpKind::kMaximum, x, c(k)); }
  // c[0] + x (c[1] + x (c[2] + ...)).
  int poly(int x, const std::vector<double>& coeffs) {
    int acc = c(coeffs.back());
    for (size_t i = coeffs.size() - 1; i-- > 0;) acc = addc(mul(acc, x), coeffs[i]);
    return acc;
  }
  // x - round(x), in [-0.5, 0.5]: sin(πx) and tan(πx) from it keep their accuracy for large x.
  int frac_round(int x) { return sub(x, un(OpKind::kRoundEven, x)); }
  // 1 where x is a non-positive integer (a pole of lgamma and digamma).
  int pole(int x) {
    int le0 = b.compare(CompareDir::kLE, x, c(0));
    int integral = b.compare(CompareDir::kEQ, x, un(OpKind::kFloor, x));
    return b.binary(OpKind::kAnd, le0, integral);
  }
};

// erf(x) by its Maclaurin series: x Σ (-1)^n 2/√π x^(2n) / (n! (2n+1)), 50 terms, x clamped to [-3, 3].
int erf_series(F64& f, int x) {
  std::vector<double> coeffs;
  double fact = 1;
  for (int n = 0; n < 50; ++n) {
    if (n > 0) fact *= n;
    coeffs.push_back((n % 2 ? -2.0 : 2.0) / (kSqrtPi * fact * (2 * n + 1)));
  }
  int xs = f.minc(f.maxc(x, -3), 3);
  return f.mul(xs, f.poly(f.mul(xs, xs), coeffs));
}

// erfc(a) for a >= lo by its continued fraction, `levels` deep (a below lo is taken as lo): 30
// levels reach 1e-15 from 3 on, 80 from 1.5 on.
int erfc_fraction(F64& f, int a, double lo = 3, int levels = 30) {
  int x = f.maxc(a, lo);
  int t = x;
  for (int k = levels; k >= 1; --k) t = f.add(x, f.div(f.c(k / 2.0), t));
  return f.div(f.exp(f.b.neg(f.mul(x, x))), f.mulc(t, kSqrtPi));
}

int erf64(F64& f, int x) {
  int a = f.abs(x);
  int tail = f.sub(f.c(1), erfc_fraction(f, a));
  int signed_tail = f.sel(f.ltc(x, 0), f.b.neg(tail), tail);
  return f.sel(f.ltc(a, 3), erf_series(f, x), signed_tail);
}

int erfc64(F64& f, int x) {
  int a = f.abs(x);
  int tail = erfc_fraction(f, a, 1.5, 80);
  int far = f.sel(f.ltc(x, 0), f.sub(f.c(2), tail), tail);
  return f.sel(f.ltc(a, 1.5), f.sub(f.c(1), erf_series(f, x)), far);
}

// erf_inv(y): the closed-form guess x0 = sqrt(sqrt(c² - l/A) - c), c = 2/(πA) + l/2,
// l = log((1-|y|)(1+|y|)), A = 0.147, then Newton steps x -= (erf(x) - |y|) / (2/√π e^(-x²)),
// with erf(x) - |y| taken as (1 - |y|) - erfc(x) once x >= 1.5 (no cancellation near ±1).
int erf_inv64(F64& f, int y) {
  constexpr double A = 0.147;
  int a = f.abs(y);
  int one_minus = f.sub(f.c(1), a);
  int l = f.log(f.mul(one_minus, f.addc(a, 1)));
  int c = f.addc(f.mulc(l, 0.5), 2 / (kPi * A));
  int x = f.sqrt(f.sub(f.sqrt(f.sub(f.mul(c, c), f.mulc(l, 1 / A))), c));
  for (int i = 0; i < 3; ++i) {
    int near = f.sub(erf_series(f, x), a);
    int far = f.sub(one_minus, erfc_fraction(f, x, 1.5, 80));
    int r = f.sel(f.ltc(x, 1.5), near, far);
    int slope = f.mulc(f.exp(f.b.neg(f.mul(x, x))), 2 / kSqrtPi);
    x = f.sub(x, f.div(r, slope));
  }
  // |y| = 1 gives ±inf, |y| > 1 NaN (from the log), y = ±0 keeps its sign.
  int inf = f.c(INFINITY);
  x = f.sel(f.b.compare(CompareDir::kEQ, a, f.c(1)), inf, x);
  x = f.sel(f.b.compare(CompareDir::kEQ, a, f.c(0)), f.c(0), x);
  int neg = f.b.compare(CompareDir::kLT, y, f.c(0));
  int r = f.sel(neg, f.b.neg(x), x);
  return f.sel(f.b.compare(CompareDir::kEQ, y, f.c(0)), y, r);
}

// Stirling's series for lgamma(w), w >= 8.
int stirling(F64& f, int w) {
  // Σ B_2k / (2k (2k-1) w^(2k-1)), k = 1..8
  const std::vector<double> s = {1.0 / 12,  -1.0 / 360, 1.0 / 1260,        -1.0 / 1680,
                                 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};
  int u = f.div(f.c(1), w);
  int series = f.mul(u, f.poly(f.mul(u, u), s));
  int main = f.sub(f.mul(f.addc(w, -0.5), f.log(w)), w);
  return f.add(f.addc(main, kHalfLog2Pi), series);
}

// lgamma(z) for z >= 0.5.
int lgamma_right(F64& f, int z) {
  int zs = f.minc(z, 8);
  int prod = zs;
  for (int k = 1; k < 8; ++k) prod = f.mul(prod, f.addc(zs, k));
  int shifted = f.sub(stirling(f, f.addc(zs, 8)), f.log(prod));
  return f.sel(f.ltc(z, 8), shifted, stirling(f, f.maxc(z, 8)));
}

int lgamma64(F64& f, int x) {
  int reflect = f.ltc(x, 0.5);
  int z = f.sel(reflect, f.sub(f.c(1), x), x);
  int right = lgamma_right(f, z);
  int sinpi = f.abs(f.un(OpKind::kSine, f.mulc(f.frac_round(x), kPi)));
  int left = f.sub(f.sub(f.c(kLogPi), f.log(sinpi)), right);
  int r = f.sel(reflect, left, right);
  int inf = f.c(INFINITY);
  r = f.sel(f.pole(x), inf, r);
  return f.sel(f.b.compare(CompareDir::kEQ, f.abs(x), inf), inf, r);
}

// The asymptotic series of digamma(w), w >= 8: log w - 1/(2w) - Σ B_2k / (2k w^(2k)).
int psi_asymptotic(F64& f, int w) {
  const std::vector<double> s = {-1.0 / 12, 1.0 / 120, -1.0 / 252, 1.0 / 240, -1.0 / 132, 691.0 / 32760, -1.0 / 12};
  int u = f.div(f.c(1), w);
  int u2 = f.mul(u, u);
  int series = f.mul(u2, f.poly(u2, s));
  return f.add(f.sub(f.log(w), f.mulc(u, 0.5)), series);
}

int digamma64(F64& f, int x) {
  int reflect = f.ltc(x, 0.5);
  int z = f.sel(reflect, f.sub(f.c(1), x), x);
  int zs = f.minc(z, 8);
  int sum = f.div(f.c(1), zs);
  for (int k = 1; k < 8; ++k) sum = f.add(sum, f.div(f.c(1), f.addc(zs, k)));
  int shifted = f.sub(psi_asymptotic(f, f.addc(zs, 8)), sum);
  int right = f.sel(f.ltc(z, 8), shifted, psi_asymptotic(f, f.maxc(z, 8)));
  int tanpi = f.un(OpKind::kTan, f.mulc(f.frac_round(x), kPi));
  int left = f.sub(right, f.div(f.c(kPi), tanpi));
  int r = f.sel(reflect, left, right);
  return f.sel(f.pole(x), f.c(NAN), r);
}

// One f64 decomposition, applied to the operand widened to f64 and rounded back.
template <class Fn>
int in_f64(Builder& b, int x, Fn&& fn) {
  const TensorType& t = b.type(x);
  F64 f{b, TensorType{ElementType::kF64, t.dims}};
  int y = fn(f, b.convert(x, ElementType::kF64));
  return b.convert(y, t.type);
}

int sinh64(F64& f, int x) {
  return f.mulc(f.sub(f.un(OpKind::kExpm1, x), f.un(OpKind::kExpm1, f.b.neg(x))), 0.5);
}
int cosh64(F64& f, int x) { return f.mulc(f.add(f.exp(x), f.exp(f.b.neg(x))), 0.5); }
// (1 - x)(1 + x) = 1 - x² without cancellation near |x| = 1.
int one_minus_sq(F64& f, int x) { return f.mul(f.sub(f.c(1), x), f.addc(x, 1)); }
int asin64(F64& f, int x) { return f.atan2(x, f.sqrt(one_minus_sq(f, x))); }
int acos64(F64& f, int x) { return f.atan2(f.sqrt(one_minus_sq(f, x)), x); }
int atan64(F64& f, int x) { return f.atan2(x, f.c(1)); }
int atanh64(F64& f, int x) { return f.mulc(f.sub(f.log1p(x), f.log1p(f.b.neg(x))), 0.5); }
int asinh64(F64& f, int x) {
  int a = f.abs(x);
  int a2 = f.mul(a, a);
  int r = f.log1p(f.add(a, f.div(a2, f.addc(f.sqrt(f.addc(a2, 1)), 1))));
  // asinh(±inf) = ±inf (the fraction is inf/inf there).
  int inf = f.c(INFINITY);
  r = f.sel(f.b.compare(CompareDir::kEQ, a, inf), inf, r);
  return f.sel(f.ltc(x, 0), f.b.neg(r), r);
}
int acosh64(F64& f, int x) {
  int t = f.addc(x, -1);
  int r = f.log1p(f.add(t, f.sqrt(f.add(f.mulc(t, 2), f.mul(t, t)))));
  int inf = f.c(INFINITY);
  return f.sel(f.b.compare(CompareDir::kEQ, x, inf), inf, r);
}

// next_after(x, y): the float after x in the direction of y, from x's bits.
int next_after(Builder& b, int x, int y) {
  const TensorType& t = b.type(x);
  const size_t bytes = element_size(t.type);
  const ElementType u = bytes == 2 ? ElementType::kU16 : bytes == 4 ? ElementType::kU32 : ElementType::kU64;
  const TensorType ut{u, t.dims};
  const uint64_t sign_bit = uint64_t{1} << (bytes * 8 - 1);
  int xb = b.bitcast(x, u);
  int yb = b.bitcast(y, u);
  int one = b.constant_bits(1, ut);
  int zero = b.constant(0, t);
  // Away from zero (the magnitude grows) when y lies beyond x on x's side.
  int up = b.compare(CompareDir::kEQ, b.compare(CompareDir::kGT, y, x), b.compare(CompareDir::kGT, x, zero));
  int stepped = b.select(up, b.add(xb, one), b.sub(xb, one));
  int from_zero = b.binary(OpKind::kOr, b.binary(OpKind::kAnd, yb, b.constant_bits(sign_bit, ut)), one);
  int r = b.select(b.compare(CompareDir::kEQ, x, zero), from_zero, stepped);
  int rf = b.bitcast(r, t.type);
  rf = b.select(b.compare(CompareDir::kEQ, x, y), y, rf);
  int nan = b.binary(OpKind::kOr, b.compare(CompareDir::kNE, x, x), b.compare(CompareDir::kNE, y, y));
  return b.select(nan, b.add(x, y), rf);
}

// mulhi(a, b): the high half of the double-width product. Up to 32 bits: widened to 64 bits;
// 64 bits: from the four 32-bit partial products, with the signed correction
// hi(a, b) = hi_unsigned(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0).
int mulhi(Builder& b, int x, int y) {
  const TensorType t = b.type(x);
  const bool is_signed = t.type == ElementType::kS8 || t.type == ElementType::kS16 || t.type == ElementType::kS32 ||
                         t.type == ElementType::kS64;
  const size_t bits = element_size(t.type) * 8;
  if (bits < 64) {
    const ElementType wide = is_signed ? ElementType::kS64 : ElementType::kU64;
    int p = b.mul(b.convert(x, wide), b.convert(y, wide));
    int sh = b.binary(is_signed ? OpKind::kShiftRightArithmetic : OpKind::kShiftRightLogical, p,
                      b.constant(static_cast<double>(bits), b.type(p)));
    return b.convert(sh, t.type);
  }
  const TensorType u{ElementType::kU64, t.dims};
  int a = b.bitcast(x, ElementType::kU64), c = b.bitcast(y, ElementType::kU64);
  int mask = b.constant_bits(0xffffffffu, u), k32 = b.constant(32, u);
  auto lo = [&](int v) { return b.binary(OpKind::kAnd, v, mask); };
  auto hi = [&](int v) { return b.binary(OpKind::kShiftRightLogical, v, k32); };
  int al = lo(a), ah = hi(a), cl = lo(c), ch = hi(c);
  int ll = b.mul(al, cl), lh = b.mul(al, ch), hl = b.mul(ah, cl), hh = b.mul(ah, ch);
  int mid = b.add(b.add(hi(ll), lo(lh)), lo(hl));
  int r = b.add(b.add(b.add(hh, hi(lh)), hi(hl)), hi(mid));
  if (is_signed) {
    int zero = b.constant(0, t);
    int zu = b.constant(0, u);
    r = b.sub(r, b.select(b.compare(CompareDir::kLT, x, zero), c, zu));
    r = b.sub(r, b.select(b.compare(CompareDir::kLT, y, zero), a, zu));
  }
  return b.bitcast(r, t.type);
}

// top_k along the last dimension: values sorted descending (stable, total order) and their indices.
std::vector<int> top_k(Builder& b, const Op& op) {
  const ir::Attr* k_attr = op.attr("k");
  if (k_attr == nullptr || k_attr->kind != ir::AttrKind::kInt) fail(op, "needs an integer attribute k");
  const TensorType t = b.type(op.operands[0]);
  if (t.dims.empty()) fail(op, "needs an operand of rank at least 1, got " + t.to_string());
  const int64_t last = static_cast<int64_t>(t.dims.size()) - 1;
  const int64_t k = k_attr->i;
  if (k < 0 || k > t.dims[last]) fail(op, "k = " + std::to_string(k) + " is out of range for " + t.to_string());
  if (op.results.size() != 2) fail(op, "has 2 results (values, indices), got " + std::to_string(op.results.size()));
  const TensorType it{ElementType::kS32, t.dims};
  int idx = b.iota(it, last);
  const TensorType sv{t.type, {}}, si{ElementType::kS32, {}};
  const char* order = is_float(t.type) ? "TOTALORDER" : nullptr;
  ir::Region cmp = b.region({sv, sv, si, si}, [&](Builder& rb, const std::vector<int>& a) -> std::vector<int> {
    return {rb.compare(CompareDir::kGT, a[0], a[1], order)};
  });
  ir::Op& sort = b.emit(OpKind::kSort, {op.operands[0], idx}, {t, it});
  sort.attrs.emplace_back("dimension", int_attr(last));
  sort.attrs.emplace_back("is_stable", bool_attr(true));
  sort.regions.push_back(std::move(cmp));
  const int sorted_v = sort.results[0], sorted_i = sort.results[1];
  std::vector<int64_t> start(t.dims.size(), 0), limit = t.dims;
  limit[last] = k;
  return {b.slice(sorted_v, start, limit), b.slice(sorted_i, start, limit)};
}

}  // namespace

std::vector<int> rewrite_chlo(Builder& b, const Op& op) {
  const size_t want = op.kind == OpKind::kChloNextAfter || op.kind == OpKind::kChloMulhi ? 2 : 1;
  if (op.operands.size() != want)
    fail(op, "expects " + std::to_string(want) + " operands, got " + std::to_string(op.operands.size()));
  const int x = op.operands[0];
  const TensorType& t = b.type(x);
  if (op.kind == OpKind::kChloTopK) return top_k(b, op);
  if (op.results.size() != 1) fail(op, "expects 1 result, got " + std::to_string(op.results.size()));
  if (op.kind == OpKind::kChloSquare) {
    if (t.type == ElementType::kPred) fail(op, "does not accept " + t.to_string());
    return {b.mul(x, x)};
  }
  if (op.kind == OpKind::kChloMulhi) {
    if (!(element_size(t.type) >= 1 && !is_float(t.type) && t.type != ElementType::kPred))
      fail(op, "needs integer operands, got " + t.to_string());
    if (b.type(op.operands[1]) != t)
      fail(op, "operand types " + t.to_string() + " and " + b.type(op.operands[1]).to_string() + " differ");
    return {mulhi(b, x, op.operands[1])};
  }
  if (!is_float(t.type)) fail(op, "needs a float operand, got " + t.to_string());
  switch (op.kind) {
    case OpKind::kChloTan: return {b.unary(OpKind::kTan, x)};
    case OpKind::kChloSinh: return {in_f64(b, x, sinh64)};
    case OpKind::kChloCosh: return {in_f64(b, x, cosh64)};
    case OpKind::kChloAsin: return {in_f64(b, x, asin64)};
    case OpKind::kChloAcos: return {in_f64(b, x, acos64)};
    case OpKind::kChloAtan: return {in_f64(b, x, atan64)};
    case OpKind::kChloAsinh: return {in_f64(b, x, asinh64)};
    case OpKind::kChloAcosh: return {in_f64(b, x, acosh64)};
    case OpKind::kChloAtanh: return {in_f64(b, x, atanh64)};
    case OpKind::kChloErf: return {in_f64(b, x, erf64)};
    case OpKind::kChloErfc: return {in_f64(b, x, erfc64)};
    case OpKind::kChloErfInv: return {in_f64(b, x, erf_inv64)};
    case OpKind::kChloLgamma: return {in_f64(b, x, lgamma64)};
    case OpKind::kChloDigamma: return {in_f64(b, x, digamma64)};
    case OpKind::kChloNextAfter: {
      if (b.type(op.operands[1]) != t)
        fail(op, "operand types " + t.to_string() + " and " + b.type(op.operands[1]).to_string() + " differ");
      return {next_after(b, x, op.operands[1])};
    }
    case OpKind::kChloIsInf:
    case OpKind::kChloIsPosInf:
    case OpKind::kChloIsNegInf: {
      const bool abs = op.kind == OpKind::kChloIsInf;
      const double target = op.kind == OpKind::kChloIsNegInf ? -INFINITY : INFINITY;
      return {b.compare(CompareDir::kEQ, abs ? b.unary(OpKind::kAbs, x) : x, b.constant(target, t))};
    }
    default:
      fail(op, "has no decomposition", kUnimplemented);
  }
}

}  // namespace tsmlx::cpu::lower
