// dot_general against a naive loop: plain matmul, batch and contracting dims in unusual
// positions, several contracting dims, every dtype family, 0-size dims; and every storage
// order of [batch, free, contract] operands (the transposes that go into the GEMM call,
// the ones that need a copy) at odd sizes, small batches side by side and large ones.
#include <algorithm>

#include "engine/numeric.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

struct DotCase {
  std::vector<int64_t> ld, rd;
  std::vector<int64_t> lb, rb, lc, rc;
};

std::string list(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

std::string type_of(const std::vector<int64_t>& dims, const std::string& et) {
  std::string s = "tensor<";
  for (int64_t d : dims) s += std::to_string(d) + "x";
  return s + et + ">";
}

bool contains(const std::vector<int64_t>& v, int64_t x) {
  for (int64_t y : v)
    if (y == x) return true;
  return false;
}

// Result dims and values of dot_general computed by brute force over index tuples.
std::vector<double> naive(const DotCase& c, const std::vector<double>& l, const std::vector<double>& r,
                          std::vector<int64_t>* out_dims) {
  std::vector<int64_t> lfree, rfree;
  for (int64_t i = 0; i < int64_t(c.ld.size()); ++i)
    if (!contains(c.lb, i) && !contains(c.lc, i)) lfree.push_back(i);
  for (int64_t i = 0; i < int64_t(c.rd.size()); ++i)
    if (!contains(c.rb, i) && !contains(c.rc, i)) rfree.push_back(i);
  out_dims->clear();
  for (int64_t b : c.lb) out_dims->push_back(c.ld[b]);
  for (int64_t f : lfree) out_dims->push_back(c.ld[f]);
  for (int64_t f : rfree) out_dims->push_back(c.rd[f]);
  int64_t n = 1, k = 1;
  for (int64_t d : *out_dims) n *= d;
  for (int64_t d : c.lc) k *= c.ld[d];
  auto offset = [](const std::vector<int64_t>& dims, const std::vector<int64_t>& idx) {
    int64_t o = 0;
    for (size_t i = 0; i < dims.size(); ++i) o = o * dims[i] + idx[i];
    return o;
  };
  std::vector<double> out(n, 0);
  std::vector<int64_t> oi(out_dims->size());
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t rem = flat;
    for (size_t i = out_dims->size(); i-- > 0;) {
      oi[i] = rem % (*out_dims)[i];
      rem /= (*out_dims)[i];
    }
    for (int64_t kk = 0; kk < k; ++kk) {
      std::vector<int64_t> li(c.ld.size()), ri(c.rd.size());
      size_t p = 0;
      for (size_t i = 0; i < c.lb.size(); ++i, ++p) li[c.lb[i]] = ri[c.rb[i]] = oi[p];
      for (int64_t f : lfree) li[f] = oi[p++];
      for (int64_t f : rfree) ri[f] = oi[p++];
      int64_t krem = kk;
      for (size_t i = c.lc.size(); i-- > 0;) {
        li[c.lc[i]] = ri[c.rc[i]] = krem % c.ld[c.lc[i]];
        krem /= c.ld[c.lc[i]];
      }
      out[flat] += l[offset(c.ld, li)] * r[offset(c.rd, ri)];
    }
  }
  return out;
}

std::string dot_attr(const DotCase& c) {
  std::string a;
  auto add = [&](const char* k, const std::vector<int64_t>& v) {
    if (v.empty()) return;
    a += (a.empty() ? "" : ", ") + std::string(k) + " = " + list(v);
  };
  add("lhs_batching_dimensions", c.lb);
  add("rhs_batching_dimensions", c.rb);
  add("lhs_contracting_dimensions", c.lc);
  add("rhs_contracting_dimensions", c.rc);
  return "dot_dimension_numbers = #stablehlo.dot<" + a +
         ">, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]";
}

// Small integer-valued data so every dtype holds it exactly.
std::vector<double> data(int64_t n, int seed) {
  std::vector<double> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = double((i * 7 + seed * 3) % 5) - 2;
  return v;
}

template <ElementType E>
void check_case(Suite& s, const DotCase& c, const std::string& et, const std::string& label) {
  using T = StorageT<E>;
  int64_t ln = 1, rn = 1;
  for (int64_t d : c.ld) ln *= d;
  for (int64_t d : c.rd) rn *= d;
  std::vector<double> l = data(ln, 1), r = data(rn, 2);
  std::vector<int64_t> od;
  std::vector<double> want = naive(c, l, r, &od);
  std::vector<T> lt(ln), rt(rn);
  for (int64_t i = 0; i < ln; ++i) lt[i] = from_double<E>(l[i]);
  for (int64_t i = 0; i < rn; ++i) rt[i] = from_double<E>(r[i]);
  RunResult res = run(one_op("stablehlo.dot_general", dot_attr(c), {type_of(c.ld, et), type_of(c.rd, et)}, type_of(od, et)),
                      {make<T>(E, c.ld, lt), make<T>(E, c.rd, rt)});
  bool ok = res.ok;
  if (ok) {
    std::vector<T> got = values<T>(res.outputs[0]);
    ok = got.size() == want.size();
    for (size_t i = 0; ok && i < got.size(); ++i) ok = double(load<E>(got[i])) == double(load<E>(from_double<E>(want[i])));
  }
  s.check(ok, label + " " + et + ": " + res.message);
}

void cases(Suite& s) {
  s.current = "dot_general against a naive loop";
  const DotCase matmul{{2, 3}, {3, 4}, {}, {}, {1}, {0}};
  const DotCase batched{{2, 3, 4}, {2, 4, 5}, {0}, {0}, {2}, {1}};
  // lhs [K=3, B=2, M=4], rhs [N=5, K=3, B=2]: batch and contracting dims in unusual places.
  const DotCase odd{{3, 2, 4}, {5, 3, 2}, {1}, {2}, {0}, {1}};
  // Two contracting dims, listed in swapped order, plus two free dims on the lhs.
  const DotCase two_k{{2, 3, 4, 2}, {4, 5, 3}, {}, {}, {2, 1}, {0, 2}};
  const DotCase vecdot{{6}, {6}, {}, {}, {0}, {0}};
  const DotCase outer{{3}, {2}, {}, {}, {}, {}};
  const DotCase big{{33, 70}, {70, 17}, {}, {}, {1}, {0}};
  const std::pair<DotCase, const char*> all[] = {{matmul, "matmul"}, {batched, "batched"}, {odd, "unusual dims"},
                                                 {two_k, "two contracting dims"}, {vecdot, "vector dot"},
                                                 {outer, "outer product"}, {big, "33x70x17"}};
  for (const auto& [c, label] : all) {
    check_case<ElementType::kF32>(s, c, "f32", label);
    check_case<ElementType::kF64>(s, c, "f64", label);
    check_case<ElementType::kS32>(s, c, "i32", label);
  }
  for (const auto& [c, label] : {all[0], all[2], all[3]}) {
    check_case<ElementType::kF16>(s, c, "f16", label);
    check_case<ElementType::kBF16>(s, c, "bf16", label);
    check_case<ElementType::kS8>(s, c, "i8", label);
    check_case<ElementType::kU64>(s, c, "ui64", label);
    check_case<ElementType::kS64>(s, c, "i64", label);
  }
}

void edges(Suite& s) {
  s.current = "dot_general edge cases";
  // K = 0: zeros.
  RunResult r = run(one_op("stablehlo.dot_general", dot_attr({{2, 0}, {0, 3}, {}, {}, {1}, {0}}),
                           {"tensor<2x0xf32>", "tensor<0x3xf32>"}, "tensor<2x3xf32>"),
                    {make<float>(ElementType::kF32, {2, 0}, {}), make<float>(ElementType::kF32, {0, 3}, {})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>(6, 0.0f), "empty contraction gives zeros: " + r.message);
  r = run(one_op("stablehlo.dot_general", dot_attr({{0, 4}, {4, 3}, {}, {}, {1}, {0}}), {"tensor<0x4xf64>", "tensor<4x3xf64>"},
                 "tensor<0x3xf64>"),
          {make<double>(ElementType::kF64, {0, 4}, {}), make<double>(ElementType::kF64, {4, 3}, std::vector<double>(12, 1.0))});
  s.check(r.ok && r.outputs[0].type.to_string() == "tensor<0x3xf64>", "M = 0: " + r.message);
  // Integer accumulation wraps.
  r = run(one_op("stablehlo.dot_general", dot_attr({{2}, {2}, {}, {}, {0}, {0}}), {"tensor<2xi8>", "tensor<2xi8>"}, "tensor<i8>"),
          {make<int8_t>(ElementType::kS8, {2}, {100, 100}), make<int8_t>(ElementType::kS8, {2}, {1, 1})});
  s.check(r.ok && values<int8_t>(r.outputs[0])[0] == -56, "i8 dot wraps: " + r.message);
  // f16 accumulates in f32: 2048 + 1 + 1 = 2050 (exact in f16 only if not rounded after each step).
  r = run(one_op("stablehlo.dot_general", dot_attr({{3}, {3}, {}, {}, {0}, {0}}), {"tensor<3xf16>", "tensor<3xf16>"}, "tensor<f16>"),
          {make<uint16_t>(ElementType::kF16, {3}, {0x6800, 0x3c00, 0x3c00}),
           make<uint16_t>(ElementType::kF16, {3}, {0x3c00, 0x3c00, 0x3c00})});
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x6801, "f16 accumulates in f32: " + r.message);
}

void mixed_precision(Suite& s) {
  s.current = "dot_general with a wider result type";
  // bf16 x bf16 -> f32 accumulates without rounding to bf16: 256 + 1 + 1 = 258 (bf16 would keep 256).
  RunResult r = run(one_op("stablehlo.dot_general", dot_attr({{3}, {3}, {}, {}, {0}, {0}}), {"tensor<3xbf16>", "tensor<3xbf16>"},
                           "tensor<f32>"),
                    {make<uint16_t>(ElementType::kBF16, {3}, {0x4380, 0x3f80, 0x3f80}),
                     make<uint16_t>(ElementType::kBF16, {3}, {0x3f80, 0x3f80, 0x3f80})});
  s.check(r.ok && values<float>(r.outputs[0])[0] == 258.0f, "bf16 x bf16 -> f32: " + r.message);
  // i8 x i8 -> i32 does not wrap at 8 bits.
  r = run(one_op("stablehlo.dot_general", dot_attr({{2, 2}, {2, 2}, {}, {}, {1}, {0}}), {"tensor<2x2xi8>", "tensor<2x2xi8>"},
                 "tensor<2x2xi32>"),
          {make<int8_t>(ElementType::kS8, {2, 2}, {100, 100, -128, 1}), make<int8_t>(ElementType::kS8, {2, 2}, {1, 2, 127, 3})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{12800, 500, -1, -253}, "i8 x i8 -> i32: " + r.message);
  // f32 x f32 -> bf16 rounds once at the end.
  r = run(one_op("stablehlo.dot_general", dot_attr({{2}, {2}, {}, {}, {0}, {0}}), {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<bf16>"),
          {make<float>(ElementType::kF32, {2}, {1.0f, 1.0f}), make<float>(ElementType::kF32, {2}, {1.0f, 0.00390625f})});
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x3f80, "f32 x f32 -> bf16 rounds to even: " + r.message);
}

// Logical dims of a batched product: lhs (b, m, k), rhs (b, k, n); each operand stores its
// logical axes in some order. Axis ids: lhs 0 = b, 1 = m, 2 = k; rhs 0 = b, 1 = k, 2 = n.
struct Layout {
  std::vector<int> lorder, rorder;  // storage order of the logical axes (without 0 when unbatched)
};

int64_t lhs_value(int64_t b, int64_t i, int64_t p) { return (b * 3 + i * 7 + p * 5) % 5 - 2; }
int64_t rhs_value(int64_t b, int64_t p, int64_t j) { return (b * 5 + p * 3 + j * 11) % 7 - 3; }

// Fills storage of an operand whose logical axes (sizes `size`) are stored in `order`.
template <typename F>
std::vector<double> fill(const std::vector<int>& order, const int64_t size[3], F value, std::vector<int64_t>* dims) {
  dims->clear();
  for (int a : order) dims->push_back(size[a]);
  int64_t total = 1;
  for (int64_t d : *dims) total *= d;
  std::vector<double> out(total);
  std::vector<int64_t> idx(order.size(), 0);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat, logical[3] = {0, 0, 0};
    for (size_t i = order.size(); i-- > 0;) {
      logical[order[i]] = rem % (*dims)[i];
      rem /= (*dims)[i];
    }
    out[flat] = double(value(logical[0], logical[1], logical[2]));
  }
  return out;
}

int position(const std::vector<int>& order, int axis) {
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] == axis) return int(i);
  return -1;
}

template <ElementType E>
bool check_layout(Suite& s, const Layout& lay, int64_t batch, int64_t m, int64_t k, int64_t n, const std::string& et) {
  using T = StorageT<E>;
  const int64_t lsize[3] = {batch, m, k}, rsize[3] = {batch, k, n};
  DotCase c;
  std::vector<double> l = fill(lay.lorder, lsize, lhs_value, &c.ld);
  std::vector<double> r = fill(lay.rorder, rsize, rhs_value, &c.rd);
  const bool batched = position(lay.lorder, 0) >= 0;
  if (batched) {
    c.lb = {position(lay.lorder, 0)};
    c.rb = {position(lay.rorder, 0)};
  }
  c.lc = {position(lay.lorder, 2)};
  c.rc = {position(lay.rorder, 1)};
  const int64_t nb = batched ? batch : 1;
  std::vector<double> want(nb * m * n, 0.0);
  for (int64_t b = 0; b < nb; ++b)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t acc = 0;
        for (int64_t p = 0; p < k; ++p) acc += lhs_value(b, i, p) * rhs_value(b, p, j);
        want[(b * m + i) * n + j] = double(acc);
      }
  std::vector<int64_t> od;
  if (batched) od.push_back(batch);
  od.push_back(m);
  od.push_back(n);
  std::vector<T> lt(l.size()), rt(r.size());
  for (size_t i = 0; i < l.size(); ++i) lt[i] = from_double<E>(l[i]);
  for (size_t i = 0; i < r.size(); ++i) rt[i] = from_double<E>(r[i]);
  RunResult res = run(one_op("stablehlo.dot_general", dot_attr(c), {type_of(c.ld, et), type_of(c.rd, et)}, type_of(od, et)),
                      {make<T>(E, c.ld, lt), make<T>(E, c.rd, rt)});
  bool ok = res.ok;
  size_t bad = 0;
  if (ok) {
    std::vector<T> got = values<T>(res.outputs[0]);
    ok = got.size() == want.size();
    for (size_t i = 0; ok && i < got.size(); ++i) {
      ok = double(load<E>(got[i])) == double(load<E>(from_double<E>(want[i])));
      bad = i;
    }
  }
  auto name = [](const std::vector<int>& order, const char* axes) {
    std::string out;
    for (int a : order) out += axes[a];
    return out;
  };
  if (!ok)
    s.check(false, "layout lhs [" + name(lay.lorder, "bmk") + "] rhs [" + name(lay.rorder, "bkn") + "] b=" +
                       std::to_string(batch) + " m=" + std::to_string(m) + " k=" + std::to_string(k) +
                       " n=" + std::to_string(n) + " " + et + ": first mismatch at " + std::to_string(bad) + " " +
                       res.message);
  return ok;
}

// Every storage order of the lhs and rhs axes, unbatched and batched, at odd sizes.
void layouts(Suite& s) {
  s.current = "dot_general in every operand layout against a plain loop";
  std::vector<Layout> flat, batched;
  for (auto lo : {std::vector<int>{1, 2}, std::vector<int>{2, 1}})
    for (auto ro : {std::vector<int>{1, 2}, std::vector<int>{2, 1}}) flat.push_back({lo, ro});
  std::vector<int> lperm{0, 1, 2};
  do {
    std::vector<int> rperm{0, 1, 2};
    do batched.push_back({lperm, rperm});
    while (std::next_permutation(rperm.begin(), rperm.end()));
  } while (std::next_permutation(lperm.begin(), lperm.end()));

  // (m, k, n): each of 1, 3, 17, 65, 257 in each role; m or n of 1 with m*n*k above and
  // below the size where products become matrix-vector calls; products large enough to be
  // split across the pool by rows (65 x 17 x 257), by columns (few rows: 3 x 257 x 513) and
  // matrix-vector products split by output (1 x 600 x 600, 600 x 600 x 1).
  const int64_t sizes[][3] = {{1, 1, 1},    {1, 17, 3},   {3, 1, 17},  {17, 3, 1},   {65, 17, 257}, {257, 65, 3},
                              {3, 257, 65}, {17, 65, 17}, {257, 1, 65}, {1, 257, 257}, {65, 3, 1},
                              {257, 257, 1}, {1, 129, 1025}, {1025, 65, 1}, {3, 257, 513}, {1, 600, 600},
                              {600, 600, 1}};
  int passed = 0, total = 0;
  for (const Layout& lay : flat)
    for (const auto& sz : sizes) {
      total += 2;
      passed += check_layout<ElementType::kF32>(s, lay, 1, sz[0], sz[1], sz[2], "f32");
      passed += check_layout<ElementType::kF64>(s, lay, 1, sz[0], sz[1], sz[2], "f64");
    }
  s.check(passed == total, "2-d, 4 orientations x 17 sizes, f32 and f64: " + std::to_string(passed) + "/" +
                               std::to_string(total));
  // Batched: 36 storage orders; a small batch of odd matrices, many tiny ones (one thread),
  // many small ones (side by side on the pool), a pair above the side-by-side size (one
  // GEMM after the other, each on all threads, or side by side when the batch shares out
  // evenly over the threads: 2 and 4, not 3), matrix-vector pairs, a batch of tiny products
  // below and above the side-by-side chunk, and many matrix-vector products side by side.
  const int64_t bsizes[][4] = {{3, 17, 5, 3},     {1, 3, 1, 17},       {300, 3, 5, 4},   {40, 17, 33, 20},
                               {2, 65, 66, 67},   {2, 1, 1025, 300},   {2, 300, 1025, 1}, {3, 65, 66, 67},
                               {4, 129, 70, 65},  {5, 30, 30, 30},     {12, 30, 30, 30}, {9, 1, 600, 600}};
  passed = total = 0;
  for (const Layout& lay : batched)
    for (const auto& sz : bsizes) {
      total += 2;
      passed += check_layout<ElementType::kF32>(s, lay, sz[0], sz[1], sz[2], sz[3], "f32");
      passed += check_layout<ElementType::kF64>(s, lay, sz[0], sz[1], sz[2], sz[3], "f64");
    }
  s.check(passed == total, "batched, 36 storage orders x 12 sizes, f32 and f64: " + std::to_string(passed) + "/" +
                               std::to_string(total));
  // The plain loops of the other types read through the same strided views.
  passed = total = 0;
  for (const Layout& lay : batched) {
    total += 2;
    passed += check_layout<ElementType::kS32>(s, lay, 3, 17, 5, 3, "i32");
    passed += check_layout<ElementType::kBF16>(s, lay, 2, 3, 4, 5, "bf16");
  }
  for (const Layout& lay : flat) {
    total += 1;
    passed += check_layout<ElementType::kS32>(s, lay, 1, 65, 257, 17, "i32");
  }
  s.check(passed == total, "i32 and bf16 loops in every layout: " + std::to_string(passed) + "/" + std::to_string(total));
}

// Dims that group into one block, and dims that do not (the operand is copied first).
void grouping(Suite& s) {
  s.current = "dot_general with several free or contracting dims";
  // x [B, T, D] . W [D, E]: B and T group into M, one GEMM.
  const DotCase seq{{3, 5, 17}, {17, 4}, {}, {}, {2}, {0}};
  // lhs [K1, M, K2]: the contracting dims are not one block, so the lhs is copied.
  const DotCase split_k{{3, 4, 5}, {3, 5, 6}, {}, {}, {0, 2}, {0, 1}};
  // Contracting dims listed out of storage order on both sides.
  const DotCase swapped{{4, 3, 5}, {3, 5, 2}, {}, {}, {2, 1}, {1, 0}};
  // rhs contracting dims in the opposite order from the lhs: one side is copied.
  const DotCase crossed{{4, 3, 5}, {5, 3, 2}, {}, {}, {1, 2}, {1, 0}};
  // Two batch dims, listed in reverse storage order, around the free and contracting dims.
  const DotCase two_b{{2, 4, 3, 5}, {3, 5, 2, 6}, {2, 0}, {0, 2}, {3}, {1}};
  // Size-1 dims between the dims of a block do not break it.
  const DotCase ones{{4, 1, 3, 1, 5}, {5, 1, 2}, {}, {}, {4}, {0}};
  const std::pair<DotCase, const char*> all[] = {{seq, "x[B,T,D].W[D,E]"}, {split_k, "split contracting dims"},
                                                 {swapped, "contracting dims out of order"},
                                                 {crossed, "contracting dims crossed"}, {two_b, "two batch dims reversed"},
                                                 {ones, "size-1 dims inside blocks"}};
  for (const auto& [c, label] : all) {
    check_case<ElementType::kF32>(s, c, "f32", label);
    check_case<ElementType::kF64>(s, c, "f64", label);
    check_case<ElementType::kS32>(s, c, "i32", label);
  }
}

}  // namespace

void dot_tests(Suite& s) {
  mixed_precision(s);
  cases(s);
  edges(s);
  layouts(s);
  grouping(s);
}

}  // namespace tsmlx::cpu::test
