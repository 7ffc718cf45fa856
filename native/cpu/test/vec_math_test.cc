// The vectorised f32 functions (kernels/vec_math.h) against double-precision libm rounded
// to f32: ulp bounds over a dense sweep of bit patterns and every special region, the same
// bits from every instruction-set build and from the one-element form, and the op-by-op
// and fused paths of the engine giving those bits.
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/vec_math.h"
#include "test/harness.h"
#include "test/vec_math_sweep.h"

namespace tsmlx::cpu::test {
namespace {

using kernels::vmath::Fn;
using kernels::vmath::Isa;

float f_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t u_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// Special regions: around 0, 1, the overflow/underflow thresholds, the denormal boundary,
// the tanh/logistic saturation points and the largest/infinite/NaN patterns; both signs.
std::vector<float> special_inputs() {
  std::vector<float> v;
  const float centres[] = {0.0f,   1.0f,          0x1p-126f,  0x1p-149f, 88.72283f, 88.0f,   89.0f,  -87.33654f,
                           -103.97208f, -104.0f,  -150.0f,    9.0f,      9.01f,     17.0f,   0.5f,   0.55f,
                           0.625f, 2.0f,          0x1p-25f,   0x1p-12f,  -1.0f,     0.693147f, 16.0f, 100.0f,
                           std::numeric_limits<float>::max(),         1e-7f,      1e-30f,    3.0e38f};
  for (float c : centres) {
    for (float s : {1.0f, -1.0f}) {
      const uint32_t b = u_of(c * s);
      for (int64_t d = -300; d <= 300; ++d) {
        const int64_t u = static_cast<int64_t>(b) + d;
        if (u >= 0 && u <= 0xffffffffll) v.push_back(f_of(static_cast<uint32_t>(u)));
      }
    }
  }
  for (float s : {1.0f, -1.0f}) {
    v.push_back(s * std::numeric_limits<float>::infinity());
    v.push_back(s * std::numeric_limits<float>::quiet_NaN());
    v.push_back(f_of(u_of(s * std::numeric_limits<float>::infinity()) | 1u));  // signalling-pattern NaN
    for (uint32_t u = 0; u < 4096; ++u) v.push_back(s * f_of(u));               // smallest denormals
    for (uint32_t u = 0x7f800000u - 4096; u < 0x7f800000u; ++u) v.push_back(s * f_of(u));  // largest finite
  }
  return v;
}

void vec_math(Suite& s) {
  s.current = "vec_math: ulp bounds against libm (dense sweep + special regions)";
  std::vector<float> inputs = special_inputs();
  for (uint64_t u = 0; u <= 0xffffffffull; u += 4093) inputs.push_back(f_of(static_cast<uint32_t>(u)));
  for (const SweepFn& fn : sweep_functions()) {
    SweepStats st = sweep(fn, inputs.data(), static_cast<int64_t>(inputs.size()));
    s.check(st.special_mismatch == 0, std::string(fn.name) + ": NaN/inf/zero-sign as libm (mismatches: " +
                                         std::to_string(st.special_mismatch) + ", first at x=" + st.first_bad + ")");
    s.check(st.max_ulp <= fn.max_ulp, std::string(fn.name) + ": within " + std::to_string(fn.max_ulp) +
                                          " ulp of correctly rounded (max " + std::to_string(st.max_ulp) +
                                          " at x=" + st.worst + ")");
  }

  s.current = "vec_math: every instruction-set build and the one-element form give the same bits";
  const Isa isas[] = {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512};
  for (const SweepFn& fn : sweep_functions()) {
    std::vector<float> ref(inputs.size()), got(inputs.size());
    kernels::vmath::apply(fn.fn, inputs.data(), ref.data(), static_cast<int64_t>(inputs.size()));
    for (Isa isa : isas) {
      // Odd lengths and offsets exercise the vector loops' remainders.
      for (int64_t off : {0, 1, 7}) {
        const int64_t n = static_cast<int64_t>(inputs.size()) - off - 3;
        std::fill(got.begin(), got.end(), 0.0f);
        if (!kernels::vmath::apply_with(isa, fn.fn, inputs.data() + off, got.data() + off, n)) continue;
        bool same = true;
        for (int64_t i = off; i < off + n && same; ++i) same = u_of(got[i]) == u_of(ref[i]);
        s.check(same, std::string(fn.name) + ": isa " + std::to_string(static_cast<int>(isa)) + " offset " +
                          std::to_string(off) + " equals the dispatched build");
      }
    }
    bool same = true;
    for (size_t i = 0; i < inputs.size() && same; i += 7) same = u_of(kernels::vmath::one(fn.fn, inputs[i])) == u_of(ref[i]);
    s.check(same, std::string(fn.name) + ": one() equals apply()");
    // In place (x == y).
    std::vector<float> io(inputs.begin(), inputs.begin() + 1001);
    kernels::vmath::apply(fn.fn, io.data(), io.data(), static_cast<int64_t>(io.size()));
    s.check(std::memcmp(io.data(), ref.data(), io.size() * 4) == 0, std::string(fn.name) + ": in place");
  }

  s.current = "vec_math: engine ops (op by op and fused) give the array functions' bits";
  const struct {
    const char* op;
    Fn fn;
  } ops[] = {{"stablehlo.exponential", Fn::kExp}, {"stablehlo.exponential_minus_one", Fn::kExpm1},
             {"stablehlo.log", Fn::kLog},         {"stablehlo.log_plus_one", Fn::kLog1p},
             {"stablehlo.tanh", Fn::kTanh},       {"stablehlo.logistic", Fn::kLogistic},
             {"stablehlo.sqrt", Fn::kSqrt},       {"stablehlo.rsqrt", Fn::kRsqrt}};
  // Sizes below, at and above the fused tile (kFusedTile = 1024) and the parallel grain (65536).
  for (int64_t n : {int64_t{1}, int64_t{17}, int64_t{1000}, int64_t{1024}, int64_t{1025}, int64_t{70001}}) {
    std::vector<float> xs(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) xs[i] = inputs[static_cast<size_t>(i * 7919) % inputs.size()];
    const std::string ty = "tensor<" + std::to_string(n) + "xf32>";
    for (const auto& o : ops) {
      std::vector<float> want(xs.size());
      kernels::vmath::apply(o.fn, xs.data(), want.data(), n);
      RunResult r = run(one_op(o.op, "", {ty}, ty), {make<float>(ElementType::kF32, {n}, xs)});
      s.check(r.ok && std::memcmp(values<float>(r.outputs[0]).data(), want.data(), want.size() * 4) == 0,
              std::string(o.op) + " op by op, n=" + std::to_string(n));
      // Fused: negate(negate(x)) then the op, so the op runs inside a fused loop.
      const std::string body = "    %0 = \"stablehlo.negate\"(%a0) : (" + ty + ") -> " + ty +
                               "\n    %1 = \"stablehlo.negate\"(%0) : (" + ty + ") -> " + ty + "\n    %2 = \"" +
                               o.op + "\"(%1) : (" + ty + ") -> " + ty + "\n    %3 = \"stablehlo.add\"(%2, %2) : (" +
                               ty + ", " + ty + ") -> " + ty;
      RunResult f = run(module_of(ty, ty, body, "%3"), {make<float>(ElementType::kF32, {n}, xs)});
      bool ok = f.ok;
      if (ok) {
        auto v = values<float>(f.outputs[0]);
        for (int64_t i = 0; i < n && ok; ++i) {
          const float w = want[i] + want[i];
          ok = u_of(v[i]) == u_of(w) || (std::isnan(v[i]) && std::isnan(w));
        }
      }
      s.check(ok, std::string(o.op) + " fused, n=" + std::to_string(n));
    }
  }
}

}  // namespace

void vec_math_tests(Suite& s) { vec_math(s); }

}  // namespace tsmlx::cpu::test
