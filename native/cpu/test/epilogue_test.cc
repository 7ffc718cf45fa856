// Convolution epilogues (runtime/epilogue.h): which conv + bias (+ relu) patterns the planner
// hands to oneDNN as one primitive, and that a program running them gives results identical
// bit for bit to the op-by-op kernels, relu's mask included, at feature counts around
// oneDNN's 16-wide blocks, with strides, NCHW, NaN/Inf/-0 in the data.
#include <cmath>
#include <limits>

#include "parser/parser.h"
#include "runtime/epilogue.h"
#include "runtime/fusion.h"
#include "runtime/program.h"
#include "test/harness.h"
#include "verifier/verifier.h"

namespace tsmlx::cpu::test {
namespace {

using Dims = std::vector<int64_t>;

std::string tys(const Dims& dims, const std::string& et = "f32") {
  std::string s = "tensor<";
  for (int64_t d : dims) s += std::to_string(d) + "x";
  return s + et + ">";
}

// How the conv's result is used.
enum class Tail {
  kRelu,          // relu(conv + b), the result only
  kReluMask,      // relu(conv + b) and its mask (as a training step keeps it)
  kBias,          // conv + b
  kConvReturned,  // relu(conv + b), and the conv itself also returned: no epilogue
  kReluGT,        // select(x > 0, x, 0)-like pattern with another compare: no epilogue
  kLateBias,      // the bias computed after the conv: no epilogue
};

struct Case {
  int64_t B, H, W, C, F, K = 3, stride = 1;
  bool nchw = false;
  Tail tail = Tail::kReluMask;
  float scale = 1.0f;  // of the lhs values: 1e30 makes sums overflow to +-Inf and NaN
};

Dims out_dims(const Case& c, int64_t* oh, int64_t* ow) {
  *oh = (c.H + c.stride - 1) / c.stride;  // SAME padding
  *ow = (c.W + c.stride - 1) / c.stride;
  return c.nchw ? Dims{c.B, c.F, *oh, *ow} : Dims{c.B, *oh, *ow, c.F};
}

std::string module_for(const Case& c) {
  int64_t oh, ow;
  const Dims od = out_dims(c, &oh, &ow);
  const Dims xd = c.nchw ? Dims{c.B, c.C, c.H, c.W} : Dims{c.B, c.H, c.W, c.C};
  const std::string x = tys(xd), w = tys({c.K, c.K, c.C, c.F}), b = tys({c.F}), o = tys(od), m = tys(od, "i1");
  auto pad = [&](int64_t in, int64_t out) {
    const int64_t total = std::max<int64_t>(0, (out - 1) * c.stride + c.K - in);
    return "[" + std::to_string(total / 2) + ", " + std::to_string(total - total / 2) + "]";
  };
  const std::string layout = c.nchw ? "[b, f, 0, 1]x[0, 1, i, o]->[b, f, 0, 1]" : "[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]";
  const std::string s = std::to_string(c.stride);
  const std::string conv =
      "    %c = \"stablehlo.convolution\"(%a0, %a1) {batch_group_count = 1 : i64, dimension_numbers = #stablehlo.conv<" +
      layout + ">, feature_group_count = 1 : i64, padding = dense<[" + pad(c.H, oh) + ", " + pad(c.W, ow) +
      "]> : tensor<2x2xi64>, window_strides = array<i64: " + s + ", " + s + ">} : (" + x + ", " + w + ") -> " + o + "\n";
  const std::string fdim = c.nchw ? "1" : "3";
  std::string body = "    %zero = \"stablehlo.constant\"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>\n";
  std::string bias = "%a2";
  if (c.tail == Tail::kLateBias) {
    body += conv + "    %bb = \"stablehlo.add\"(%a2, %a2) : (" + b + ", " + b + ") -> " + b + "\n";
    bias = "%bb";
  } else {
    body += conv;
  }
  body += "    %bias = \"stablehlo.broadcast_in_dim\"(" + bias + ") {broadcast_dimensions = array<i64: " + fdim + ">} : (" +
          b + ") -> " + o + "\n" + "    %s = \"stablehlo.add\"(%c, %bias) : (" + o + ", " + o + ") -> " + o + "\n";
  if (c.tail == Tail::kBias) return module_of(x + ", " + w + ", " + b, o, body, "%s");
  const std::string dir = c.tail == Tail::kReluGT ? "GT" : "LE";
  body += "    %z = \"stablehlo.broadcast_in_dim\"(%zero) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + o +
          "\n    %m = \"stablehlo.compare\"(%s, %z) {comparison_direction = #stablehlo<comparison_direction " + dir +
          ">} : (" + o + ", " + o + ") -> " + m + "\n    %y = \"stablehlo.select\"(%m, %z, %s) : (" + m + ", " + o +
          ", " + o + ") -> " + o;
  switch (c.tail) {
    case Tail::kRelu: return module_of(x + ", " + w + ", " + b, o, body, "%y");
    case Tail::kConvReturned: return module_of(x + ", " + w + ", " + b, o + ", " + o, body, "%y, %c");
    default: return module_of(x + ", " + w + ", " + b, o + ", " + m, body, "%y, %m");
  }
}

// Values in [-1, 1) with, when `specials`, a NaN, infinities and -0 sprinkled in.
std::vector<float> values_for(int64_t n, uint32_t seed, bool specials) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t s = seed;
  for (int64_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    float x = static_cast<float>(s >> 8) / float(1 << 23) - 1.0f;
    if (specials) {
      if (s % 997 == 0) x = std::numeric_limits<float>::quiet_NaN();
      if (s % 991 == 1) x = std::numeric_limits<float>::infinity();
      if (s % 983 == 2) x = -0.0f;
    }
    v[static_cast<size_t>(i)] = x;
  }
  return v;
}

std::unique_ptr<Program> build_program(const std::string& text, bool fuse) {
  ir::Module m = parser::parse_module(text);
  verifier::verify_function(&m.funcs[0]);
  runtime::PlanOptions o;
  o.fuse = fuse;
  o.in_place = fuse;
  return runtime::make_program(std::move(m), 0, o);
}

std::vector<runtime::ConvEpiloguePlan> epilogues_of(const std::string& text) {
  ir::Module m = parser::parse_module(text);
  verifier::verify_function(&m.funcs[0]);
  return runtime::plan_conv_epilogues(m.funcs[0], runtime::plan_fusion(m.funcs[0]));
}

std::string name_of(const Case& c) {
  static const char* tails[] = {"relu", "relu+mask", "bias", "conv returned", "GT compare", "late bias"};
  return std::to_string(c.B) + "x" + std::to_string(c.H) + "x" + std::to_string(c.W) + "x" + std::to_string(c.C) +
         "->" + std::to_string(c.F) + " k" + std::to_string(c.K) + " s" + std::to_string(c.stride) +
         (c.nchw ? " NCHW " : " NHWC ") + tails[static_cast<int>(c.tail)];
}

void check_case(Suite& s, const Case& c, bool specials) {
  const std::string text = module_for(c),
                    what = name_of(c) + (specials ? " with NaN/Inf/-0" : "") + (c.scale != 1.0f ? " overflowing" : "");
  s.current = "conv epilogue " + what;
  // Which plans take an epilogue.
  const auto found = epilogues_of(text);
  const bool want = c.tail == Tail::kRelu || c.tail == Tail::kReluMask || c.tail == Tail::kBias;
  s.check(found.size() == (want ? 1u : 0u), "epilogues found: " + std::to_string(found.size()));
  if (want && found.size() == 1) {
    s.check(found[0].relu == (c.tail != Tail::kBias), "relu taken exactly when present");
    s.check((found[0].mask >= 0) == (c.tail == Tail::kReluMask), "mask computed exactly when handed out");
  }
  // Identical results to the unfused program.
  const Dims xd = c.nchw ? Dims{c.B, c.C, c.H, c.W} : Dims{c.B, c.H, c.W, c.C};
  int64_t n = 1;
  for (int64_t d : xd) n *= d;
  std::vector<float> bias = values_for(c.F, 9, false);
  if (specials && c.F > 1) bias[1] = -0.0f;
  std::vector<float> xs = values_for(n, 3, specials);
  for (float& v : xs) v *= c.scale;
  const std::vector<Tensor> args = {make<float>(ElementType::kF32, xd, xs),
                                    make<float>(ElementType::kF32, {c.K, c.K, c.C, c.F},
                                                values_for(c.K * c.K * c.C * c.F, 5, false)),
                                    make<float>(ElementType::kF32, {c.F}, bias)};
  auto fused = build_program(text, true), plain = build_program(text, false);
  std::vector<Tensor> a, b;
  auto e1 = fused->run(args, &a);
  auto e2 = plain->run(args, &b);
  s.check(!e1 && !e2, "runs: " + (e1 ? e1->message : std::string()) + (e2 ? e2->message : std::string()));
  if (e1 || e2 || a.size() != b.size()) return;
  for (size_t k = 0; k < a.size(); ++k) {
    s.check(a[k].type == b[k].type &&
                std::memcmp(a[k].storage->data(), b[k].storage->data(), a[k].type.byte_size()) == 0,
            "result " + std::to_string(k) + " identical bit for bit");
  }
}

// Two conv + bias + relu layers, the second reading the first's output (whose bound is then
// known without a scan), with relu's masks handed out; lhs values scaled by `scale`.
void chained(Suite& s, float scale) {
  s.current = std::string("conv epilogue chain of two layers") + (scale != 1.0f ? " overflowing" : "");
  const std::string x = tys({2, 6, 6, 4}), w1 = tys({3, 3, 4, 8}), w2 = tys({3, 3, 8, 8}), b = tys({8}),
                    o = tys({2, 6, 6, 8}), m = tys({2, 6, 6, 8}, "i1");
  auto conv = [&](const std::string& name, const std::string& in, const std::string& in_t, const std::string& w,
                  const std::string& w_t) {
    return "    " + name + " = \"stablehlo.convolution\"(" + in + ", " + w +
           ") {batch_group_count = 1 : i64, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, "
           "f]>, feature_group_count = 1 : i64, padding = dense<[[1, 1], [1, 1]]> : tensor<2x2xi64>, window_strides = "
           "array<i64: 1, 1>} : (" + in_t + ", " + w_t + ") -> " + o + "\n";
  };
  auto relu = [&](const std::string& n, const std::string& c, const std::string& bias) {
    return "    %z" + n + " = \"stablehlo.broadcast_in_dim\"(%zero) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " +
           o + "\n    %bb" + n + " = \"stablehlo.broadcast_in_dim\"(" + bias +
           ") {broadcast_dimensions = array<i64: 3>} : (" + b + ") -> " + o + "\n    %s" + n +
           " = \"stablehlo.add\"(" + c + ", %bb" + n + ") : (" + o + ", " + o + ") -> " + o + "\n    %m" + n +
           " = \"stablehlo.compare\"(%s" + n + ", %z" + n + ") {comparison_direction = #stablehlo<comparison_direction LE>} : (" +
           o + ", " + o + ") -> " + m + "\n    %y" + n + " = \"stablehlo.select\"(%m" + n + ", %z" + n + ", %s" + n + ") : (" + m +
           ", " + o + ", " + o + ") -> " + o + "\n";
  };
  const std::string body =
      "    %zero = \"stablehlo.constant\"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>\n" +
      conv("%c1", "%a0", x, "%a1", w1) + relu("1", "%c1", "%a3") + conv("%c2", "%y1", o, "%a2", w2) +
      relu("2", "%c2", "%a4");
  const std::string text = module_of(x + ", " + w1 + ", " + w2 + ", " + b + ", " + b, o + ", " + m + ", " + m, body,
                                     "%y2, %m1, %m2");
  s.check(epilogues_of(text).size() == 2, "both convolutions take their epilogue");
  std::vector<float> xs = values_for(2 * 6 * 6 * 4, 11, false);
  for (float& v : xs) v *= scale;
  const std::vector<Tensor> args = {make<float>(ElementType::kF32, {2, 6, 6, 4}, xs),
                                    make<float>(ElementType::kF32, {3, 3, 4, 8}, values_for(288, 12, false)),
                                    make<float>(ElementType::kF32, {3, 3, 8, 8}, values_for(576, 13, false)),
                                    make<float>(ElementType::kF32, {8}, values_for(8, 14, false)),
                                    make<float>(ElementType::kF32, {8}, values_for(8, 15, false))};
  auto fused = build_program(text, true), plain = build_program(text, false);
  std::vector<Tensor> a, r;
  auto e1 = fused->run(args, &a);
  auto e2 = plain->run(args, &r);
  s.check(!e1 && !e2 && a.size() == 3 && r.size() == 3, "runs");
  if (e1 || e2 || a.size() != 3 || r.size() != 3) return;
  for (size_t k = 0; k < 3; ++k)
    s.check(std::memcmp(a[k].storage->data(), r[k].storage->data(), a[k].type.byte_size()) == 0,
            "result " + std::to_string(k) + " identical bit for bit");
  if (scale != 1.0f) {
    bool nan = false;
    const auto* y = static_cast<const float*>(r[0].storage->data());
    for (int64_t i = 0; i < r[0].type.num_elements(); ++i) nan |= std::isnan(y[i]);
    s.check(nan, "the overflowing chain really produces NaN (so the exact relu path ran)");
  }
}

}  // namespace

void epilogue_tests(Suite& s) {
  chained(s, 1.0f);
  chained(s, 1e38f);
  {
    Case c{2, 6, 6, 8, 16};
    c.scale = 1e30f;
    check_case(s, c, false);
  }
  for (int64_t f : {1, 3, 16, 17, 33}) check_case(s, Case{2, 5, 7, 3, f}, false);
  for (int64_t ch : {1, 8, 31}) check_case(s, Case{3, 6, 6, ch, 16, 3, 2}, false);
  check_case(s, Case{1, 9, 9, 4, 5, 1}, false);
  check_case(s, Case{2, 8, 8, 32, 32}, true);
  check_case(s, Case{2, 5, 7, 3, 17, 3, 1, true}, false);
  for (Tail t : {Tail::kRelu, Tail::kBias, Tail::kConvReturned, Tail::kReluGT, Tail::kLateBias}) {
    Case c{2, 6, 6, 8, 16};
    c.tail = t;
    check_case(s, c, true);
  }
  // Large enough for every thread and oneDNN's blocking along the batch.
  check_case(s, Case{16, 16, 16, 32, 64}, false);
}

}  // namespace tsmlx::cpu::test
