// The execution plan: fused elementwise groups against the op-by-op reference kernels (bit
// for bit, at sizes around the tile and thread split, every kind of broadcast, NaN/Inf),
// results taking dying operands' storage only when legal, donation, the storage pool's
// steady state, and threaded reductions against a sequential walk.
#include <omp.h>

#include <cmath>
#include <thread>
#include <limits>

#include "engine/parallel.h"
#include "kernels/vec_math.h"
#include "parser/parser.h"
#include "runtime/fusion.h"
#include "runtime/pool.h"
#include "runtime/program.h"
#include "test/harness.h"
#include "verifier/verifier.h"

namespace tsmlx::cpu::test {
namespace {

using runtime::kFusedTile;
using runtime::PlanOptions;

std::unique_ptr<Program> build(const std::string& text, bool fuse, bool in_place) {
  ir::Module m = parser::parse_module(text);
  verifier::verify_function(&m.funcs[0]);
  PlanOptions o;
  o.fuse = fuse;
  o.in_place = in_place;
  return runtime::make_program(std::move(m), 0, o);
}

std::string ty(const std::vector<int64_t>& dims, const std::string& et = "f32") {
  std::string s = "tensor<";
  for (int64_t d : dims) s += std::to_string(d) + "x";
  return s + et + ">";
}

// Values with NaN, +-Inf, -0 and ordinary numbers of both signs, deterministic.
std::vector<float> sample(int64_t n, uint32_t seed) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t s = seed;
  for (int64_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    float x = static_cast<float>(static_cast<int32_t>(s >> 8) - (1 << 23)) / float(1 << 21);
    switch (s % 29) {
      case 0: x = std::numeric_limits<float>::quiet_NaN(); break;
      case 1: x = std::numeric_limits<float>::infinity(); break;
      case 2: x = -std::numeric_limits<float>::infinity(); break;
      case 3: x = -0.0f; break;
      default: break;
    }
    v[static_cast<size_t>(i)] = x;
  }
  return v;
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.type == b.type && std::memcmp(a.storage->data(), b.storage->data(), a.type.byte_size()) == 0;
}

// Runs `text` fused and unfused on copies of `args`; checks every output is identical.
void fused_matches_reference(Suite& s, const std::string& what, const std::string& text,
                             const std::vector<Tensor>& args) {
  auto fused = build(text, true, true);
  auto plain = build(text, false, false);
  std::vector<Tensor> a, b;
  auto e1 = fused->run(args, &a);
  auto e2 = plain->run(args, &b);
  s.check(!e1 && !e2, what + " runs: " + (e1 ? e1->message : "") + (e2 ? e2->message : ""));
  if (e1 || e2) return;
  s.check(a.size() == b.size(), what + ": same number of results");
  for (size_t k = 0; k < a.size() && k < b.size(); ++k)
    s.check(same_bits(a[k], b[k]), what + ": result " + std::to_string(k) + " identical bit for bit");
}

// A 9-op chain with a scalar broadcast, a compare-built mask and two outputs:
//   y = relu(x * a + b) * exp(-x); m = x > 0; r = select(m, y, convert(m)) clamped to [-3, 3]
std::string chain_module(int64_t n) {
  const std::string t = ty({n}), p = ty({n}, "i1"), sc = "tensor<f32>";
  return module_of(t + ", " + t + ", " + sc, t + ", " + t,
                   "    %zero = \"stablehlo.constant\"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>\n"
                   "    %lo = \"stablehlo.constant\"() {value = dense<-3.0> : tensor<f32>} : () -> tensor<f32>\n"
                   "    %hi = \"stablehlo.constant\"() {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>\n"
                   "    %z = \"stablehlo.broadcast_in_dim\"(%zero) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + t + "\n"
                   "    %b = \"stablehlo.broadcast_in_dim\"(%a2) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + t + "\n"
                   "    %0 = \"stablehlo.multiply\"(%a0, %a1) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %1 = \"stablehlo.add\"(%0, %b) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %2 = \"stablehlo.maximum\"(%1, %z) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %3 = \"stablehlo.negate\"(%a0) : (" + t + ") -> " + t + "\n"
                   "    %4 = \"stablehlo.exponential\"(%3) : (" + t + ") -> " + t + "\n"
                   "    %5 = \"stablehlo.multiply\"(%2, %4) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %m = \"stablehlo.compare\"(%a0, %z) {comparison_direction = #stablehlo<comparison_direction GT>} : (" + t + ", " + t + ") -> " + p + "\n"
                   "    %mf = \"stablehlo.convert\"(%m) : (" + p + ") -> " + t + "\n"
                   "    %6 = \"stablehlo.select\"(%m, %5, %mf) : (" + p + ", " + t + ", " + t + ") -> " + t + "\n"
                   "    %7 = \"stablehlo.clamp\"(%lo, %6, %hi) : (tensor<f32>, " + t + ", tensor<f32>) -> " + t + "\n"
                   "    %8 = \"stablehlo.divide\"(%7, %a1) : (" + t + ", " + t + ") -> " + t,
                   "%8, %2");
}

void chains(Suite& s) {
  s.current = "fused chain equals the op-by-op kernels bit for bit";
  const int64_t T = kFusedTile;
  for (int64_t n : {int64_t{1}, int64_t{5}, int64_t{17}, T - 1, T, T + 1, 3 * T + 7, int64_t{1} << 20}) {
    std::vector<Tensor> args = {make<float>(ElementType::kF32, {n}, sample(n, 1)),
                                make<float>(ElementType::kF32, {n}, sample(n, 2)),
                                make<float>(ElementType::kF32, {}, {0.25f})};
    fused_matches_reference(s, "chain of " + std::to_string(n), chain_module(n), args);
  }
  // The chain really fuses: one group holding every elementwise op, with two outputs.
  ir::Module m = parser::parse_module(chain_module(100));
  verifier::verify_function(&m.funcs[0]);
  runtime::FusionPlan plan = runtime::plan_fusion(m.funcs[0]);
  s.check(plan.groups.size() == 1, "one fused group, got " + std::to_string(plan.groups.size()));
  if (plan.groups.size() == 1) {
    s.check(plan.groups[0].members.size() == 13, "13 members (broadcasts included), got " +
                                                     std::to_string(plan.groups[0].members.size()));
    s.check(plan.groups[0].outputs.size() == 2, "two outputs");
  }
}

// atan2, cbrt, is_finite and bitcast_convert are elementwise ops of the op table like the
// others: they join one fused group and give the op-by-op kernels' bits.
//   q = cbrt(atan2(x, y)) * y; ok = is_finite(q); bits = bitcast(q) to i32;
//   r = select(ok, bitcast(bits) to f32, atan2(x, y))
std::string extra_elementwise_module(int64_t n) {
  const std::string t = ty({n}), p = ty({n}, "i1"), i = ty({n}, "i32");
  return module_of(t + ", " + t, t + ", " + i + ", " + p,
                   "    %0 = \"stablehlo.atan2\"(%a0, %a1) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %1 = \"stablehlo.cbrt\"(%0) : (" + t + ") -> " + t + "\n"
                   "    %2 = \"stablehlo.multiply\"(%1, %a1) : (" + t + ", " + t + ") -> " + t + "\n"
                   "    %3 = \"stablehlo.is_finite\"(%2) : (" + t + ") -> " + p + "\n"
                   "    %4 = \"stablehlo.bitcast_convert\"(%2) : (" + t + ") -> " + i + "\n"
                   "    %5 = \"stablehlo.bitcast_convert\"(%4) : (" + i + ") -> " + t + "\n"
                   "    %6 = \"stablehlo.select\"(%3, %5, %0) : (" + p + ", " + t + ", " + t + ") -> " + t,
                   "%6, %4, %3");
}

void extra_elementwise(Suite& s) {
  s.current = "atan2, cbrt, is_finite and bitcast_convert fuse and equal the op-by-op kernels";
  const int64_t T = kFusedTile;
  for (int64_t n : {int64_t{1}, int64_t{7}, T - 1, T, T + 1, 5 * T + 3}) {
    std::vector<Tensor> args = {make<float>(ElementType::kF32, {n}, sample(n, 11)),
                                make<float>(ElementType::kF32, {n}, sample(n, 12))};
    fused_matches_reference(s, "extra elementwise ops over " + std::to_string(n), extra_elementwise_module(n), args);
  }
  ir::Module m = parser::parse_module(extra_elementwise_module(64));
  verifier::verify_function(&m.funcs[0]);
  runtime::FusionPlan plan = runtime::plan_fusion(m.funcs[0]);
  s.check(plan.groups.size() == 1 && plan.groups[0].members.size() == 7,
          "one fused group of all 7 ops, got " + std::to_string(plan.groups.size()) + " groups");
  // Every kind has exactly its own row in the op table, found again by its name.
  for (int k = 0; k <= static_cast<int>(ir::OpKind::kSelectAndScatter); ++k) {
    const auto kind = static_cast<ir::OpKind>(k);
    ir::OpKind back;
    s.check(ir::traits(kind).kind == kind && ir::lookup_op(ir::op_name(kind), &back) && back == kind,
            std::string("op table row of ") + ir::op_name(kind));
  }
  for (auto kind : {ir::OpKind::kAtan2, ir::OpKind::kCbrt, ir::OpKind::kIsFinite, ir::OpKind::kBitcastConvert}) {
    const ir::OpTraits& t = ir::traits(kind);
    s.check(t.writes_all && t.in_place && t.fusible, std::string(t.name) + " writes every element, may run in place, fuses");
  }
}

// 32-bit integers with the edge values of integer arithmetic mixed in: 0, +-1, INT_MIN,
// INT_MAX, UINT_MAX, powers of two, shift-sized amounts, and ordinary values.
std::vector<uint32_t> int_sample(int64_t n, uint32_t seed) {
  static const uint32_t kEdges[] = {0u,          1u,          0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 2u, 3u, 31u,
                                    32u,         33u,         256u,        0xFFFFFF00u, 0x80000001u, 7u, 0x40000000u};
  std::vector<uint32_t> v(static_cast<size_t>(n));
  uint32_t s = seed;
  for (int64_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    const uint32_t r = s ^ (s >> 13) * 0x9E3779B1u;
    v[static_cast<size_t>(i)] = (s >> 27) < 12 ? kEdges[(s >> 8) % 15] : (s >> 27) < 20 ? r % 1000 : r;
  }
  return v;
}

// Floats whose conversion to 32-bit integers saturates, rounds toward zero or meets NaN.
std::vector<float> convert_sample(int64_t n, uint32_t seed) {
  static const float kEdges[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                 -std::numeric_limits<float>::infinity(), 2147483648.0f, -2147483904.0f,
                                 4294967296.0f, 3e9f, -3e9f, -1.5f, -0.0f, 0.99f, 255.5f, 1e20f};
  std::vector<float> v = sample(n, seed);
  uint32_t s = seed * 7 + 1;
  for (int64_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    if ((s >> 28) < 6) v[static_cast<size_t>(i)] = kEdges[(s >> 8) % 13];
  }
  return v;
}

// An integer chain in `et` (i32 or ui32) over x, y (ints) and f (f32):
//   r = op(x, y); q = r / c; m = r % c (c a constant); k = clamp(lo, ~q, hi);
//   p = compare(k, y); s = select(p, k, -m); outputs: s, convert(s) to f32,
//   convert(f) to et, convert(p) to et, convert(s) to the other int type.
std::string int_chain_module(const std::string& et, int64_t n, const std::string& op, int64_t c,
                             const std::string& dir) {
  const std::string other = et == "i32" ? "ui32" : "i32";
  const std::string t = ty({n}, et), f = ty({n}), p = ty({n}, "i1"), o = ty({n}, other), sc = "tensor<" + et + ">";
  auto bin = [&](const std::string& name, const std::string& a, const std::string& b) {
    return "\"stablehlo." + name + "\"(" + a + ", " + b + ") : (" + t + ", " + t + ") -> " + t + "\n";
  };
  return module_of(
      t + ", " + t + ", " + f, t + ", " + f + ", " + t + ", " + t + ", " + o,
      "    %c = \"stablehlo.constant\"() {value = dense<" + std::to_string(c) + "> : " + sc + "} : () -> " + sc + "\n"
      "    %lo = \"stablehlo.constant\"() {value = dense<-1000> : " + sc + "} : () -> " + sc + "\n"
      "    %hi = \"stablehlo.constant\"() {value = dense<2000000000> : " + sc + "} : () -> " + sc + "\n"
      "    %cb = \"stablehlo.broadcast_in_dim\"(%c) {broadcast_dimensions = array<i64>} : (" + sc + ") -> " + t + "\n"
      "    %r = " + bin(op, "%a0", "%a1") +
      "    %q = " + bin("divide", "%r", "%cb") +
      "    %m = " + bin("remainder", "%r", "%cb") +
      "    %nq = \"stablehlo.not\"(%q) : (" + t + ") -> " + t + "\n"
      "    %k = \"stablehlo.clamp\"(%lo, %nq, %hi) : (" + sc + ", " + t + ", " + sc + ") -> " + t + "\n"
      "    %p = \"stablehlo.compare\"(%k, %a1) {comparison_direction = #stablehlo<comparison_direction " + dir + ">} : (" + t + ", " + t + ") -> " + p + "\n"
      "    %nm = \"stablehlo.negate\"(%m) : (" + t + ") -> " + t + "\n"
      "    %s = \"stablehlo.select\"(%p, %k, %nm) : (" + p + ", " + t + ", " + t + ") -> " + t + "\n"
      "    %sf = \"stablehlo.convert\"(%s) : (" + t + ") -> " + f + "\n"
      "    %fi = \"stablehlo.convert\"(%a2) : (" + f + ") -> " + t + "\n"
      "    %pi = \"stablehlo.convert\"(%p) : (" + p + ") -> " + t + "\n"
      "    %so = \"stablehlo.convert\"(%s) : (" + t + ") -> " + o,
      "%s, %sf, %fi, %pi, %so");
}

void integer_chains(Suite& s) {
  s.current = "fused 32-bit integer chains equal the op-by-op kernels bit for bit";
  const int64_t T = kFusedTile;
  const std::vector<std::string> ops = {"add",     "subtract", "multiply", "divide", "remainder", "maximum",
                                        "minimum", "and",      "or",       "xor",    "power"};
  // Divisors: powers of two (the shift path, 2^31 only unsigned), 1, 0, -1 and others.
  const std::vector<int64_t> u_divisors = {256, 1, 2, 2147483648LL, 0, 3, 4294967295LL};
  const std::vector<int64_t> s_divisors = {256, 1, 2, 1073741824, 0, -1, -256, 3, -2147483648LL};
  const std::vector<std::string> dirs = {"LT", "GE", "EQ", "NE", "GT", "LE"};
  size_t variant = 0;
  for (const std::string& et : {std::string("ui32"), std::string("i32")}) {
    const ElementType e = et == "i32" ? ElementType::kS32 : ElementType::kU32;
    const auto& divisors = et == "i32" ? s_divisors : u_divisors;
    for (size_t oi = 0; oi < ops.size(); ++oi) {
      for (size_t di = 0; di < divisors.size(); ++di) {
        if (di != oi % divisors.size() && ops[oi] != "divide" && ops[oi] != "add") continue;
        const int64_t sizes[] = {1, 5, T - 1, T, T + 1, 3 * T + 7};
        const int64_t n = sizes[variant++ % 6];
        const std::string dir = dirs[variant % dirs.size()];
        const std::string what = et + " " + ops[oi] + " / " + std::to_string(divisors[di]) + " " + dir + " n=" + std::to_string(n);
        fused_matches_reference(s, what, int_chain_module(et, n, ops[oi], divisors[di], dir),
                                {make<uint32_t>(e, {n}, int_sample(n, 11 + static_cast<uint32_t>(variant))),
                                 make<uint32_t>(e, {n}, int_sample(n, 23 + static_cast<uint32_t>(variant))),
                                 make<float>(ElementType::kF32, {n}, convert_sample(n, 5 + static_cast<uint32_t>(variant)))});
      }
    }
  }
  // Every op fuses: one group for the chain from x and y (12 ops, broadcast included) and
  // one for the convert of f, which reads nothing of the chain.
  ir::Module m = parser::parse_module(int_chain_module("ui32", 100, "add", 256, "LT"));
  verifier::verify_function(&m.funcs[0]);
  runtime::FusionPlan plan = runtime::plan_fusion(m.funcs[0]);
  s.check(plan.groups.size() == 2, "integer chain: two fused groups, got " + std::to_string(plan.groups.size()));
  if (plan.groups.size() == 2)
    s.check(plan.groups[0].members.size() + plan.groups[1].members.size() == 13 &&
                (plan.groups[0].members.size() == 12 || plan.groups[1].members.size() == 12),
            "integer chain: groups of 12 and 1 members, got " + std::to_string(plan.groups[0].members.size()) + " and " +
                std::to_string(plan.groups[1].members.size()));
}

// Dropout as the layers build it: bits -> / 256 -> f32 -> * 2^-24 -> < keep -> select.
std::string dropout_module(int64_t n) {
  const std::string t = ty({n}), u = ty({n}, "ui32"), p = ty({n}, "i1");
  return module_of(
      "tensor<2xui64>, " + t, "tensor<2xui64>, " + t + ", " + p,
      "    %st, %bits = \"stablehlo.rng_bit_generator\"(%a0) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} : (tensor<2xui64>) -> (tensor<2xui64>, " + u + ")\n"
      "    %c = \"stablehlo.constant\"() {value = dense<256> : tensor<ui32>} : () -> tensor<ui32>\n"
      "    %cb = \"stablehlo.broadcast_in_dim\"(%c) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> " + u + "\n"
      "    %d = \"stablehlo.divide\"(%bits, %cb) : (" + u + ", " + u + ") -> " + u + "\n"
      "    %f = \"stablehlo.convert\"(%d) : (" + u + ") -> " + t + "\n"
      "    %sc = \"stablehlo.constant\"() {value = dense<5.96046448E-8> : tensor<f32>} : () -> tensor<f32>\n"
      "    %scb = \"stablehlo.broadcast_in_dim\"(%sc) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + t + "\n"
      "    %uni = \"stablehlo.multiply\"(%f, %scb) : (" + t + ", " + t + ") -> " + t + "\n"
      "    %q = \"stablehlo.constant\"() {value = dense<0.9> : tensor<f32>} : () -> tensor<f32>\n"
      "    %qb = \"stablehlo.broadcast_in_dim\"(%q) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + t + "\n"
      "    %keep = \"stablehlo.compare\"(%uni, %qb) {comparison_direction = #stablehlo<comparison_direction LT>} : (" + t + ", " + t + ") -> " + p + "\n"
      "    %xs = \"stablehlo.divide\"(%a1, %qb) : (" + t + ", " + t + ") -> " + t + "\n"
      "    %z = \"stablehlo.constant\"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>\n"
      "    %zb = \"stablehlo.broadcast_in_dim\"(%z) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> " + t + "\n"
      "    %y = \"stablehlo.select\"(%keep, %xs, %zb) : (" + p + ", " + t + ", " + t + ") -> " + t,
      "%st, %y, %keep");
}

void dropout_chain(Suite& s) {
  s.current = "dropout's mask chain fuses into one pass after the generator";
  const int64_t T = kFusedTile;
  for (int64_t n : {int64_t{1}, int64_t{7}, T - 1, T, T + 1, 5 * T + 3, int64_t{1} << 18}) {
    fused_matches_reference(s, "dropout of " + std::to_string(n), dropout_module(n),
                            {make<uint64_t>(ElementType::kU64, {2}, {42, 7}),
                             make<float>(ElementType::kF32, {n}, sample(n, 8))});
  }
  ir::Module m = parser::parse_module(dropout_module(4096));
  verifier::verify_function(&m.funcs[0]);
  runtime::FusionPlan plan = runtime::plan_fusion(m.funcs[0]);
  s.check(plan.groups.size() == 1, "dropout: one fused group, got " + std::to_string(plan.groups.size()));
  if (plan.groups.size() == 1) {
    std::string kinds;
    for (int k : plan.groups[0].members) kinds += std::string(" ") + ir::op_name(m.funcs[0].body.ops[k].kind);
    s.check(plan.groups[0].members.size() == 10, "dropout: the divide, convert, compare and select are fused:" + kinds);
  }
}

// add(x, broadcast_in_dim(b, dims)) for an operand shape, result shape and dims.
void one_broadcast(Suite& s, const std::string& what, const std::vector<int64_t>& in,
                   const std::vector<int64_t>& out, const std::string& dims) {
  int64_t n = 1, k = 1;
  for (int64_t d : out) n *= d;
  for (int64_t d : in) k *= d;
  const std::string to = ty(out), ti = ty(in);
  std::string text = module_of(to + ", " + ti, to + ", " + to,
                               "    %b = \"stablehlo.broadcast_in_dim\"(%a1) {broadcast_dimensions = array<i64" + dims +
                                   ">} : (" + ti + ") -> " + to + "\n"
                                   "    %0 = \"stablehlo.add\"(%a0, %b) : (" + to + ", " + to + ") -> " + to,
                               "%0, %b");
  fused_matches_reference(s, what, text,
                          {make<float>(ElementType::kF32, out, sample(n, 3)), make<float>(ElementType::kF32, in, sample(k, 4))});
}

void broadcasts(Suite& s) {
  s.current = "fused broadcasts of every kind equal broadcast_in_dim";
  one_broadcast(s, "scalar", {}, {3, 700}, "");
  one_broadcast(s, "bias on the last dim", {32}, {8, 9, 10, 32}, ": 3");
  one_broadcast(s, "per row (first dim)", {37}, {37, 301}, ": 0");
  one_broadcast(s, "middle dim", {5}, {7, 5, 300}, ": 1");
  one_broadcast(s, "size-1 operand dims", {1, 33}, {129, 33}, ": 0, 1");
  one_broadcast(s, "inner and outer dims kept", {6, 1, 70}, {6, 13, 70}, ": 0, 1, 2");
  one_broadcast(s, "transposing", {40, 70}, {70, 40}, ": 1, 0");
  one_broadcast(s, "identity", {2049}, {2049}, ": 0");
  one_broadcast(s, "large bias", {64}, {64, 32, 32, 64}, ": 3");
}

float sum_bits(const Tensor& t) {
  float acc = 0;
  for (float v : values<float>(t)) acc += v;
  return acc;
}

void in_place(Suite& s) {
  s.current = "results take dying operands' storage only when legal";
  const int64_t n = 5000;
  const std::string t = ty({n});
  const std::vector<float> xs = sample(n, 9);
  for (bool fuse : {false, true}) {
    const std::string tag = fuse ? " (fused)" : " (unfused)";
    // y = x * 2 + x: the donated x may hold y (fused: the only dying operand of the group;
    // unfused: the add may take x's or the product's storage). y = x + 2 takes x's.
    for (bool chain : {true, false}) {
      std::string text = module_of(
          t, t,
          "    %c = \"stablehlo.constant\"() {value = dense<2.0> : " + t + "} : () -> " + t + "\n" +
              (chain ? "    %0 = \"stablehlo.multiply\"(%a0, %c) : (" + t + ", " + t + ") -> " + t + "\n" +
                           "    %1 = \"stablehlo.add\"(%0, %a0) : (" + t + ", " + t + ") -> " + t
                     : "    %1 = \"stablehlo.add\"(%a0, %c) : (" + t + ", " + t + ") -> " + t),
          "%1");
      auto prog = build(text, fuse, true);
      Tensor x = make<float>(ElementType::kF32, {n}, xs);
      const void* where = x.storage->data();
      std::vector<Tensor> args;
      args.push_back(std::move(x));
      std::vector<Tensor> out;
      auto err = prog->run(std::move(args), &out);
      s.check(!err, "donated run" + tag);
      if (err) continue;
      if (fuse || !chain) s.check(out[0].storage->data() == where, "donated x holds the result" + tag);
      bool ok = true;
      const auto got = values<float>(out[0]);
      for (int64_t i = 0; i < n; ++i) ok = ok && same_float(got[i], chain ? xs[i] * 2.0f + xs[i] : xs[i] + 2.0f);
      s.check(ok, std::string("donated result is ") + (chain ? "x*2+x" : "x+2") + tag);
    }
    std::string text = module_of(t, t,
                                 "    %c = \"stablehlo.constant\"() {value = dense<2.0> : " + t + "} : () -> " + t + "\n"
                                 "    %0 = \"stablehlo.multiply\"(%a0, %c) : (" + t + ", " + t + ") -> " + t + "\n"
                                 "    %1 = \"stablehlo.add\"(%0, %a0) : (" + t + ", " + t + ") -> " + t,
                                 "%1");
    auto prog = build(text, fuse, true);
    {
      Tensor x = make<float>(ElementType::kF32, {n}, xs);
      std::vector<Tensor> out;
      auto err = prog->run({x}, &out);
      s.check(!err, "held run" + tag);
      if (!err) {
        s.check(out[0].storage->data() != x.storage->data(), "the caller's live x is not written" + tag);
        s.check(std::memcmp(x.storage->data(), xs.data(), n * 4) == 0, "x unchanged byte for byte" + tag);
      }
    }
    // x used twice (exp and negate): the first use must not clobber it; x returned: kept.
    text = module_of(t, t + ", " + t + ", " + t,
                     "    %0 = \"stablehlo.exponential\"(%a0) : (" + t + ") -> " + t + "\n"
                     "    %1 = \"stablehlo.sine\"(%0) : (" + t + ") -> " + t + "\n"
                     "    %2 = \"stablehlo.negate\"(%a0) : (" + t + ") -> " + t,
                     "%1, %2, %a0");
    prog = build(text, fuse, true);
    {
      Tensor x = make<float>(ElementType::kF32, {n}, xs);
      std::vector<Tensor> args;
      args.push_back(std::move(x));
      std::vector<Tensor> out;
      auto err = prog->run(std::move(args), &out);
      s.check(!err, "used-twice run" + tag);
      if (!err) {
        bool ok = true;
        auto v0 = values<float>(out[0]), v1 = values<float>(out[1]), v2 = values<float>(out[2]);
        for (int64_t i = 0; i < n; ++i)
          ok = ok && same_float(v0[i], std::sin(kernels::vmath::one(kernels::vmath::Fn::kExp, xs[i]))) && same_float(v1[i], -xs[i]) &&
               same_float(v2[i], xs[i]);
        s.check(ok, "x used twice and returned: every result right" + tag);
        s.check(out[0].storage != out[1].storage && out[1].storage != out[2].storage &&
                    out[0].storage != out[2].storage,
                "results share no storage" + tag);
      }
    }
  }
  // A transposing broadcast of a donated operand never lets the output take its storage.
  const std::string a = ty({40, 70}), b = ty({70, 40});
  std::string text = module_of(a + ", " + b, b,
                               "    %t = \"stablehlo.broadcast_in_dim\"(%a0) {broadcast_dimensions = array<i64: 1, 0>} : (" + a +
                                   ") -> " + b + "\n"
                                   "    %0 = \"stablehlo.add\"(%t, %a1) : (" + b + ", " + b + ") -> " + b,
                               "%0");
  auto prog = build(text, true, true);
  auto ref = build(text, false, false);
  std::vector<Tensor> donated = {make<float>(ElementType::kF32, {40, 70}, sample(2800, 5)),
                                 make<float>(ElementType::kF32, {70, 40}, sample(2800, 6))};
  std::vector<Tensor> expect, got;
  s.check(!ref->run(donated, &expect), "reference transposed add runs");
  s.check(!prog->run(std::move(donated), &got), "donated transposed add runs");
  s.check(!got.empty() && !expect.empty() && same_bits(got[0], expect[0]), "donated transposed add is right");
  (void)sum_bits;
}

void pool(Suite& s) {
  s.current = "steady-state runs allocate nothing new";
  const int64_t n = 70000;
  auto prog = build(chain_module(n), true, true);
  std::vector<Tensor> args = {make<float>(ElementType::kF32, {n}, sample(n, 1)),
                              make<float>(ElementType::kF32, {n}, sample(n, 2)),
                              make<float>(ElementType::kF32, {}, {0.5f})};
  std::vector<Tensor> first;
  s.check(!prog->run(args, &first), "first run");
  first.clear();
  const size_t created = runtime::pool_of(*prog)->created();
  bool ok = true;
  for (int i = 0; i < 100; ++i) {
    std::vector<Tensor> out;
    ok = ok && !prog->run(args, &out);
  }
  s.check(ok, "100 runs");
  s.check(runtime::pool_of(*prog)->created() == created,
          "no buffer created after the first run: " + std::to_string(runtime::pool_of(*prog)->created()) + " vs " +
              std::to_string(created));
  s.check(runtime::pool_of(*prog)->idle_bytes() <= 4 * static_cast<size_t>(n) * 4 + 4096,
          "idle bytes bounded by one run's buffers");
}

void reductions(Suite& s) {
  s.current = "threaded reduce is deterministic and within the rounding bound of an f64 sum";
  struct Case {
    std::vector<int64_t> dims;
    std::string reduce;
    std::vector<int64_t> out;
  };
  for (const Case& c : {Case{{64, 16, 16, 32}, "0, 1, 2", {32}}, Case{{300, 700}, "1", {300}},
                        Case{{300, 700}, "0", {700}}, Case{{20, 30, 400}, "1", {20, 400}}}) {
    int64_t n = 1;
    for (int64_t d : c.dims) n *= d;
    const std::string ti = ty(c.dims), to = ty(c.out);
    std::string body = "    %z = \"stablehlo.constant\"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>\n"
                       "    %0 = \"stablehlo.reduce\"(%a0, %z) ({\n"
                       "    ^bb0(%p: tensor<f32>, %q: tensor<f32>):\n"
                       "      %s = \"stablehlo.add\"(%p, %q) : (tensor<f32>, tensor<f32>) -> tensor<f32>\n"
                       "      \"stablehlo.return\"(%s) : (tensor<f32>) -> ()\n"
                       "    }) {dimensions = array<i64: " + c.reduce + ">} : (" + ti + ", tensor<f32>) -> " + to;
    std::vector<float> x = sample(n, 11);
    for (float& v : x)
      if (!std::isfinite(v)) v = 1.5f;
    const std::string text = module_of(ti, to, body, "%0");
    RunResult r = run(text, {make<float>(ElementType::kF32, c.dims, x)});
    s.check(r.ok, "reduce over " + c.reduce + " of " + ti + " runs: " + r.message);
    if (!r.ok) continue;
    RunResult again = run(text, {make<float>(ElementType::kF32, c.dims, x)});
    s.check(again.ok && values<float>(again.outputs[0]) == values<float>(r.outputs[0]),
            "reduce over " + c.reduce + " of " + ti + " gives the same bits twice");
    // Exact sums in f64, row-major walk. Any order of m additions in f32 is within
    // (m - 1) * 2^-24 * sum |x| of the exact sum.
    std::vector<bool> red(c.dims.size(), false);
    for (char ch : c.reduce)
      if (ch >= '0' && ch <= '9') red[ch - '0'] = true;
    const size_t outs = static_cast<size_t>(r.outputs[0].type.num_elements());
    std::vector<double> exact(outs, 0.0), abs_sum(outs, 0.0);
    std::vector<int64_t> idx(c.dims.size(), 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t o = 0;
      for (size_t k = 0; k < c.dims.size(); ++k)
        if (!red[k]) o = o * c.dims[k] + idx[k];
      exact[o] += x[i];
      abs_sum[o] += std::fabs(x[i]);
      for (size_t k = c.dims.size(); k-- > 0;) {
        if (++idx[k] < c.dims[k]) break;
        idx[k] = 0;
      }
    }
    const double m = static_cast<double>(n) / static_cast<double>(outs);
    const auto got = values<float>(r.outputs[0]);
    bool within = true;
    for (size_t o = 0; o < outs; ++o)
      within = within && std::fabs(got[o] - exact[o]) <= (m - 1) * std::ldexp(1.0, -24) * abs_sum[o];
    s.check(within, "reduce over " + c.reduce + " of " + ti + " is within the rounding bound");
  }
}

// A program run on a thread the plugin never configured leaves that thread's OpenMP default
// at the plugin's size, so oneDNN's regions started there use TSMLX_NUM_THREADS too.
void threads(Suite& s) {
  s.current = "a run binds the calling thread's OpenMP default to the pool size";
  auto prog = build(chain_module(100), true, true);
  std::vector<Tensor> args = {make<float>(ElementType::kF32, {100}, sample(100, 1)),
                              make<float>(ElementType::kF32, {100}, sample(100, 2)),
                              make<float>(ElementType::kF32, {}, {0.5f})};
  int seen = -1;
  bool ok = false;
  std::thread t([&] {
    omp_set_num_threads(num_threads() + 3);  // as if the thread had another default
    std::vector<Tensor> out;
    ok = !prog->run(args, &out);
    seen = omp_get_max_threads();
  });
  t.join();
  s.check(ok, "the run on a fresh thread succeeds");
  s.check(seen == num_threads(), "omp_get_max_threads() after the run is " + std::to_string(seen) + ", pool size " +
                                     std::to_string(num_threads()));
}

}  // namespace

void plan_tests(Suite& s) {
  threads(s);
  chains(s);
  extra_elementwise(s);
  integer_chains(s);
  dropout_chain(s);
  broadcasts(s);
  in_place(s);
  pool(s);
  reductions(s);
}

}  // namespace tsmlx::cpu::test
