// The window group against naive reference loops: convolution with every kind of
// dimension numbers (NHWC, NCHW, 1-D, 3-D, shuffled), strides, padding (negative too),
// lhs/rhs dilation, window reversal, feature and batch groups, f64/f16/i32, odd shapes;
// reduce_window (fast and general bodies, dilations, padding), select_and_scatter and
// reverse; verifier errors.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "engine/numeric.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

using Dims = std::vector<int64_t>;

std::string type_of(const Dims& d, const std::string& et) {
  std::string s = "tensor<";
  for (int64_t x : d) s += std::to_string(x) + "x";
  return s + et + ">";
}

std::string list(const Dims& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s;
}

int64_t product(const Dims& d) {
  int64_t p = 1;
  for (int64_t x : d) p *= x;
  return p;
}

// Row-major offset of `idx` in `dims`.
int64_t offset(const Dims& dims, const Dims& idx) {
  int64_t o = 0;
  for (size_t i = 0; i < dims.size(); ++i) o = o * dims[i] + idx[i];
  return o;
}

// Deterministic small integers (exact in every float type and in f32 sums).
std::vector<double> sample(int64_t n, int seed) {
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<double>(((i * 7 + seed * 13) % 11) - 5);
  return v;
}

// A convolution case in logical terms: layouts as strings like "b01f", "01io", "b01f".
struct ConvCase {
  std::string name, lhs_layout, rhs_layout, out_layout;
  int64_t batch, feat, out_feat;
  Dims in_size, k_size, strides, pad_lo, pad_hi, lhs_dil, rhs_dil;
  std::vector<bool> reversal;
  int64_t fgc = 1, bgc = 1;
};

// Position of the layout letter for logical role `role` (b/f/i/o or spatial digit).
int64_t pos_of(const std::string& layout, char role) { return static_cast<int64_t>(layout.find(role)); }

Dims physical(const std::string& layout, int64_t a, char ra, int64_t b, char rb, const Dims& spatial) {
  Dims d(layout.size());
  d[pos_of(layout, ra)] = a;
  d[pos_of(layout, rb)] = b;
  for (size_t i = 0; i < spatial.size(); ++i) d[pos_of(layout, static_cast<char>('0' + i))] = spatial[i];
  return d;
}

std::string conv_letters(const std::string& layout) {
  std::string s = "[";
  for (size_t i = 0; i < layout.size(); ++i) s += std::string(i ? ", " : "") + layout[i];
  return s + "]";
}

int64_t num_windows(int64_t n, int64_t ld, int64_t lo, int64_t hi, int64_t k, int64_t rd, int64_t s) {
  int64_t padded = lo + (n == 0 ? 0 : (n - 1) * ld + 1) + hi, w = k == 0 ? 0 : (k - 1) * rd + 1;
  return padded <= 0 || w > padded ? 0 : (padded - w) / s + 1;
}

// The spec's convolution, one logical output element at a time: split into groups, pad
// and dilate the input, reverse the kernel, sum products.
std::vector<double> ref_conv(const ConvCase& c, const std::vector<double>& lhs, const std::vector<double>& rhs,
                             Dims* out_dims) {
  const size_t n = c.in_size.size();
  const int64_t cin = c.feat / c.fgc, ob = c.batch / c.bgc;
  Dims osz(n);
  for (size_t i = 0; i < n; ++i)
    osz[i] = num_windows(c.in_size[i], c.lhs_dil[i], c.pad_lo[i], c.pad_hi[i], c.k_size[i], c.rhs_dil[i], c.strides[i]);
  const Dims ld = physical(c.lhs_layout, c.batch, 'b', c.feat, 'f', c.in_size);
  const Dims rd = physical(c.rhs_layout, cin, 'i', c.out_feat, 'o', c.k_size);
  *out_dims = physical(c.out_layout, ob, 'b', c.out_feat, 'f', osz);
  std::vector<double> out(static_cast<size_t>(product(*out_dims)), 0.0);
  // Padded, dilated input value at logical (b, f, padded positions), 0 outside.
  auto input = [&](int64_t b, int64_t f, const Dims& p) {
    Dims idx(ld.size());
    idx[pos_of(c.lhs_layout, 'b')] = b;
    idx[pos_of(c.lhs_layout, 'f')] = f;
    for (size_t i = 0; i < n; ++i) {
      int64_t q = p[i] - c.pad_lo[i];
      if (q < 0 || q % c.lhs_dil[i] != 0 || q / c.lhs_dil[i] >= c.in_size[i]) return 0.0;
      idx[pos_of(c.lhs_layout, static_cast<char>('0' + i))] = q / c.lhs_dil[i];
    }
    return lhs[offset(ld, idx)];
  };
  auto kernel = [&](int64_t i_feat, int64_t o_feat, const Dims& k) {
    Dims idx(rd.size());
    idx[pos_of(c.rhs_layout, 'i')] = i_feat;
    idx[pos_of(c.rhs_layout, 'o')] = o_feat;
    for (size_t i = 0; i < n; ++i)
      idx[pos_of(c.rhs_layout, static_cast<char>('0' + i))] = c.reversal[i] ? c.k_size[i] - 1 - k[i] : k[i];
    return rhs[offset(rd, idx)];
  };
  for (int64_t b = 0; b < ob; ++b) {
    for (int64_t o = 0; o < c.out_feat; ++o) {
      const int64_t fg = o / (c.out_feat / c.fgc), bg = o / (c.out_feat / c.bgc);
      Dims os(n, 0);
      for (int64_t e = 0; e < product(osz); ++e) {
        int64_t rem = e;
        for (size_t i = n; i-- > 0;) {
          os[i] = rem % osz[i];
          rem /= osz[i];
        }
        double sum = 0;
        Dims k(n, 0);
        for (int64_t t = 0; t < product(c.k_size); ++t) {
          int64_t r2 = t;
          for (size_t i = n; i-- > 0;) {
            k[i] = r2 % c.k_size[i];
            r2 /= c.k_size[i];
          }
          Dims p(n);
          for (size_t i = 0; i < n; ++i) p[i] = os[i] * c.strides[i] + k[i] * c.rhs_dil[i];
          for (int64_t i = 0; i < cin; ++i) sum += input(bg * ob + b, fg * cin + i, p) * kernel(i, o, k);
        }
        Dims idx(out_dims->size());
        idx[pos_of(c.out_layout, 'b')] = b;
        idx[pos_of(c.out_layout, 'f')] = o;
        for (size_t i = 0; i < n; ++i) idx[pos_of(c.out_layout, static_cast<char>('0' + i))] = os[i];
        out[offset(*out_dims, idx)] = sum;
      }
    }
  }
  return out;
}

std::string conv_module(const ConvCase& c, const Dims& ld, const Dims& rd, const Dims& od, const std::string& et) {
  const size_t n = c.in_size.size();
  std::string pad = "[";
  for (size_t i = 0; i < n; ++i) pad += (i ? ", [" : "[") + std::to_string(c.pad_lo[i]) + ", " + std::to_string(c.pad_hi[i]) + "]";
  pad += "]";
  std::string rev;
  for (size_t i = 0; i < n; ++i) rev += std::string(i ? ", " : "") + (c.reversal[i] ? "true" : "false");
  std::string attrs = "batch_group_count = " + std::to_string(c.bgc) + " : i64, dimension_numbers = #stablehlo.conv<" +
                      conv_letters(c.lhs_layout) + "x" + conv_letters(c.rhs_layout) + "->" + conv_letters(c.out_layout) +
                      ">, feature_group_count = " + std::to_string(c.fgc) + " : i64";
  if (n == 0) return one_op("stablehlo.convolution", attrs, {type_of(ld, et), type_of(rd, et)}, type_of(od, et));
  attrs += ", lhs_dilation = array<i64: " +
                      list(c.lhs_dil) + ">, padding = dense<" + pad + "> : tensor<" + std::to_string(n) +
                      "x2xi64>, rhs_dilation = array<i64: " + list(c.rhs_dil) + ">, window_reversal = array<i1: " + rev +
                      ">, window_strides = array<i64: " + list(c.strides) + ">";
  return one_op("stablehlo.convolution", attrs, {type_of(ld, et), type_of(rd, et)}, type_of(od, et));
}

template <class T>
std::vector<T> cast(const std::vector<double>& v) {
  return std::vector<T>(v.begin(), v.end());
}

void run_conv_case(Suite& s, const ConvCase& c, const std::string& et) {
  const int64_t cin = c.feat / c.fgc;
  const Dims ld = physical(c.lhs_layout, c.batch, 'b', c.feat, 'f', c.in_size);
  const Dims rd = physical(c.rhs_layout, cin, 'i', c.out_feat, 'o', c.k_size);
  const std::vector<double> lhs = sample(product(ld), 1), rhs = sample(product(rd), 2);
  Dims od;
  const std::vector<double> want = ref_conv(c, lhs, rhs, &od);
  const std::string text = conv_module(c, ld, rd, od, et);
  RunResult r;
  std::vector<double> got;
  if (et == "f32") {
    r = run(text, {make(ElementType::kF32, ld, cast<float>(lhs)), make(ElementType::kF32, rd, cast<float>(rhs))});
    if (r.ok) for (float v : values<float>(r.outputs[0])) got.push_back(v);
  } else if (et == "f64") {
    r = run(text, {make(ElementType::kF64, ld, lhs), make(ElementType::kF64, rd, rhs)});
    if (r.ok) got = values<double>(r.outputs[0]);
  } else if (et == "i32") {
    r = run(text, {make(ElementType::kS32, ld, cast<int32_t>(lhs)), make(ElementType::kS32, rd, cast<int32_t>(rhs))});
    if (r.ok) for (int32_t v : values<int32_t>(r.outputs[0])) got.push_back(v);
  } else {  // f16
    auto half = [](const std::vector<double>& v) {
      std::vector<uint16_t> h;
      for (double x : v) h.push_back(float_to_half_bits(static_cast<float>(x)));
      return h;
    };
    r = run(text, {make(ElementType::kF16, ld, half(lhs)), make(ElementType::kF16, rd, half(rhs))});
    if (r.ok) for (uint16_t v : values<uint16_t>(r.outputs[0])) got.push_back(half_bits_to_float(v));
  }
  s.check(r.ok && got == want, c.name + " " + et + " equals the naive loop" + (r.ok ? "" : ": " + r.message));
}

void conv_tests(Suite& s) {
  s.current = "convolution vs naive loops";
  // name, lhs, rhs, out layouts, batch, feat, out_feat, in, k, strides, lo, hi, ldil, rdil, rev, fgc, bgc
  std::vector<ConvCase> cases = {
      {"nhwc 3x3 same", "b01f", "01io", "b01f", 2, 3, 4, {5, 6}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {false, false}},
      {"nchw stride 2", "bf01", "oi01", "bf01", 2, 3, 2, {7, 5}, {3, 2}, {2, 2}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {false, false}},
      {"1-D valid", "bf0", "oi0", "bf0", 3, 2, 3, {9}, {4}, {1}, {0}, {0}, {1}, {1}, {false}},
      {"3-D odd shapes", "b012f", "012io", "b012f", 1, 2, 3, {4, 3, 5}, {2, 3, 2}, {1, 2, 1}, {0, 1, 1}, {1, 0, 0}, {1, 1, 1}, {1, 1, 1}, {false, false, false}},
      {"shuffled layouts", "f0b1", "1o0i", "0fb1", 2, 3, 2, {5, 4}, {2, 3}, {1, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 1}, {false, false}},
      {"lhs dilation (transposed conv)", "b01f", "01io", "b01f", 1, 2, 2, {3, 4}, {3, 3}, {1, 1}, {2, 2}, {2, 1}, {2, 3}, {1, 1}, {false, false}},
      {"rhs dilation", "b01f", "01io", "b01f", 2, 2, 3, {8, 7}, {3, 2}, {1, 2}, {0, 1}, {2, 1}, {1, 1}, {2, 3}, {false, false}},
      {"negative padding", "b01f", "01io", "b01f", 1, 2, 2, {7, 6}, {2, 2}, {1, 1}, {-1, 0}, {-2, 1}, {1, 1}, {1, 1}, {false, false}},
      {"window reversal", "b01f", "01io", "b01f", 1, 2, 2, {4, 5}, {2, 3}, {1, 1}, {0, 1}, {0, 1}, {1, 1}, {1, 1}, {true, false}},
      {"feature groups", "b01f", "01io", "b01f", 2, 6, 4, {5, 5}, {3, 2}, {2, 1}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {false, false}, 2},
      {"depthwise nchw", "bf01", "oi01", "bf01", 1, 3, 6, {4, 4}, {2, 2}, {1, 1}, {0, 0}, {0, 0}, {1, 1}, {1, 1}, {false, false}, 3},
      {"batch groups", "b01f", "01io", "b01f", 6, 2, 6, {4, 3}, {2, 2}, {1, 1}, {0, 1}, {0, 0}, {1, 1}, {1, 1}, {false, false}, 1, 3},
      {"window bigger than input", "b0f", "0io", "b0f", 1, 1, 1, {2}, {3}, {1}, {0}, {0}, {1}, {1}, {false}},
      {"no spatial dims", "bf", "io", "bf", 3, 4, 2, {}, {}, {}, {}, {}, {}, {}, {}},
      {"larger nhwc (gemm tiles)", "b01f", "01io", "b01f", 3, 5, 37, {17, 19}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {false, false}},
      {"larger nchw groups", "bf01", "oi01", "bf01", 2, 8, 12, {13, 11}, {3, 2}, {2, 1}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {false, false}, 4},
      {"kernel-gradient shape", "fb01", "io01", "bf01", 3, 4, 5, {12, 12}, {10, 10}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {false, false}},
  };
  for (const ConvCase& c : cases) {
    run_conv_case(s, c, "f32");
    run_conv_case(s, c, "f64");
  }
  run_conv_case(s, cases[1], "i32");
  run_conv_case(s, cases[9], "f16");
  run_conv_case(s, cases[11], "i32");
  run_conv_case(s, cases[14], "i32");
  run_conv_case(s, cases[15], "f16");

  // The specification's example: lhs_dilation 2, stride 4 over a 4x4 image.
  const std::string attrs =
      "dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, window_strides = array<i64: 4, 4>, "
      "padding = dense<0> : tensor<2x2xi64>, lhs_dilation = array<i64: 2, 2>, rhs_dilation = array<i64: 1, 1>, "
      "feature_group_count = 1 : i64, batch_group_count = 1 : i64";
  RunResult r = run(one_op("stablehlo.convolution", attrs, {"tensor<1x4x4x1xi32>", "tensor<3x3x1x1xi32>"}, "tensor<1x2x2x1xi32>"),
                    {make<int32_t>(ElementType::kS32, {1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 10, 11, 14, 15, 12, 13, 16, 17}),
                     make<int32_t>(ElementType::kS32, {3, 3, 1, 1}, std::vector<int32_t>(9, 1))});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{10, 26, 46, 62}, "spec example: " + r.message);

  // The same in the pretty form JAX prints.
  const std::string pretty = module_of(
      "tensor<1x4x4x1xi32>, tensor<3x3x1x1xi32>", "tensor<1x2x2x1xi32>",
      "    %0 = stablehlo.convolution(%a0, %a1) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], window = "
      "{stride = [4, 4], pad = [[0, 0], [0, 0]], lhs_dilate = [2, 2], rhs_dilate = [1, 1], reverse = [false, false]} "
      "{batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x4x4x1xi32>, tensor<3x3x1x1xi32>) -> "
      "tensor<1x2x2x1xi32>",
      "%0");
  r = run(pretty, {make<int32_t>(ElementType::kS32, {1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 10, 11, 14, 15, 12, 13, 16, 17}),
                   make<int32_t>(ElementType::kS32, {3, 3, 1, 1}, std::vector<int32_t>(9, 1))});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{10, 26, 46, 62}, "pretty form: " + r.message);
  const std::string pretty_nchw = module_of(
      "tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>", "tensor<1x1x3x3xf32>",
      "    %0 = stablehlo.convolution(%a0, %a1) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1], window = "
      "{pad = [[1, 0], [0, 1]], reverse = [true, false]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} "
      ": (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>",
      "%0");
  // Kernel [[1, 2], [3, 4]] reversed along dim 0 is [[3, 4], [1, 2]].
  r = run(pretty_nchw, {make<float>(ElementType::kF32, {1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                        make<float>(ElementType::kF32, {1, 1, 2, 2}, {1, 2, 3, 4})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{5, 8, 3, 25, 35, 15, 55, 65, 27},
          "pretty form with padding and reversal: " + r.message);

  s.current = "convolution verifier";
  const std::string base = "window_strides = array<i64: 1, 1>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>";
  r = compile_only(one_op("stablehlo.convolution", base, {"tensor<1x4x4x2xf32>", "tensor<3x3x3x8xf32>"}, "tensor<1x2x2x8xf32>"));
  s.check(!r.ok && r.message.find("input features") != std::string::npos, "kernel input features checked: " + r.message);
  r = compile_only(one_op("stablehlo.convolution", base, {"tensor<1x4x4x2xf32>", "tensor<3x3x2x8xf32>"}, "tensor<1x3x3x8xf32>"));
  s.check(!r.ok && r.message.find("tensor<1x2x2x8xf32>") != std::string::npos, "result shape checked: " + r.message);
  r = compile_only(one_op("stablehlo.convolution",
                          "dimension_numbers = #stablehlo.conv<[b, 0, 0, f]x[0, 1, i, o]->[b, 0, 1, f]>",
                          {"tensor<1x4x4x2xf32>", "tensor<3x3x2x8xf32>"}, "tensor<1x2x2x8xf32>"));
  s.check(!r.ok && r.message.find("dimension_numbers") != std::string::npos, "bad dimension numbers: " + r.message);
  r = compile_only(one_op("stablehlo.convolution",
                          "window_strides = array<i64: 0, 1>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>",
                          {"tensor<1x4x4x2xf32>", "tensor<3x3x2x8xf32>"}, "tensor<1x2x2x8xf32>"));
  s.check(!r.ok && r.message.find("positive") != std::string::npos, "zero stride rejected: " + r.message);
}

// ---- reduce_window, select_and_scatter, reverse ----

struct Window {
  Dims size, strides, base_dil, win_dil, lo, hi;
};

std::vector<double> ref_reduce_window(const std::vector<double>& x, const Dims& dims, const Window& w, double init,
                                      const std::function<double(double, double)>& f, Dims* out_dims) {
  const size_t r = dims.size();
  out_dims->assign(r, 0);
  for (size_t i = 0; i < r; ++i)
    (*out_dims)[i] = num_windows(dims[i], w.base_dil[i], w.lo[i], w.hi[i], w.size[i], w.win_dil[i], w.strides[i]);
  std::vector<double> out;
  Dims o(r, 0), k(r, 0), idx(r);
  for (int64_t e = 0; e < product(*out_dims); ++e) {
    int64_t rem = e;
    for (size_t i = r; i-- > 0;) {
      o[i] = rem % (*out_dims)[i];
      rem /= (*out_dims)[i];
    }
    double acc = init;
    for (int64_t t = 0; t < product(w.size); ++t) {
      int64_t r2 = t;
      for (size_t i = r; i-- > 0;) {
        k[i] = r2 % w.size[i];
        r2 /= w.size[i];
      }
      bool real = true;
      for (size_t i = 0; i < r; ++i) {
        int64_t p = o[i] * w.strides[i] + k[i] * w.win_dil[i] - w.lo[i];
        if (p < 0 || p % w.base_dil[i] || p / w.base_dil[i] >= dims[i]) real = false;
        else idx[i] = p / w.base_dil[i];
      }
      acc = f(acc, real ? x[offset(dims, idx)] : init);
    }
    out.push_back(acc);
  }
  return out;
}

std::string pad_attr(const Window& w) {
  std::string pad = "[";
  for (size_t i = 0; i < w.lo.size(); ++i) pad += (i ? ", [" : "[") + std::to_string(w.lo[i]) + ", " + std::to_string(w.hi[i]) + "]";
  return "padding = dense<" + pad + "]> : tensor<" + std::to_string(w.lo.size()) + "x2xi64>";
}

std::string reduce_window_module(const Dims& dims, const Dims& od, const Window& w, const std::string& body_op,
                                 const std::string& et) {
  const std::string sc = "tensor<" + et + ">", in = type_of(dims, et), out = type_of(od, et);
  std::string body = "    %0 = \"stablehlo.reduce_window\"(%a0, %a1) ({\n    ^bb0(%a: " + sc + ", %b: " + sc + "):\n";
  if (body_op == "general") {  // max(max(a, b), max(a, b)): two ops, so the fast path cannot see it
    body += "      %m = \"stablehlo.maximum\"(%a, %b) : (" + sc + ", " + sc + ") -> " + sc + "\n";
    body += "      %r = \"stablehlo.maximum\"(%m, %m) : (" + sc + ", " + sc + ") -> " + sc + "\n";
  } else {
    body += "      %r = \"" + body_op + "\"(%a, %b) : (" + sc + ", " + sc + ") -> " + sc + "\n";
  }
  body += "      \"stablehlo.return\"(%r) : (" + sc + ") -> ()\n    }) {window_dimensions = array<i64: " + list(w.size) +
          ">, window_strides = array<i64: " + list(w.strides) + ">, base_dilations = array<i64: " + list(w.base_dil) +
          ">, window_dilations = array<i64: " + list(w.win_dil) + ">, " + pad_attr(w) + "} : (" + in + ", " + sc + ") -> " +
          out;
  return module_of(in + ", " + sc, out, body, "%0");
}

void reduce_window_tests(Suite& s) {
  s.current = "reduce_window vs naive loops";
  struct Case {
    std::string name;
    Dims dims;
    Window w;
  };
  std::vector<Case> cases = {
      {"2x2 stride 2 pool", {1, 4, 6, 2}, {{1, 2, 2, 1}, {1, 2, 2, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}}},
      {"3x3 same padding", {2, 5, 4, 1}, {{1, 3, 3, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {0, 1, 1, 0}, {0, 1, 1, 0}}},
      {"odd strides and padding", {7, 5}, {{3, 2}, {2, 3}, {1, 1}, {1, 1}, {1, 0}, {2, 1}}},
      {"base and window dilation", {5, 4}, {{2, 3}, {1, 2}, {2, 1}, {1, 2}, {1, 0}, {0, 2}}},
      {"cumulative (window = length)", {6}, {{6}, {1}, {1}, {1}, {5}, {0}}},
  };
  for (const Case& c : cases) {
    const std::vector<double> x = sample(product(c.dims), 3);
    for (const auto& [op, init, f] : std::vector<std::tuple<std::string, double, std::function<double(double, double)>>>{
             {"stablehlo.add", 0.0, [](double a, double b) { return a + b; }},
             {"stablehlo.maximum", -INFINITY, [](double a, double b) { return std::max(a, b); }},
             {"general", -INFINITY, [](double a, double b) { return std::max(a, b); }},
             {"stablehlo.add", 1.0, [](double a, double b) { return a + b; }}}) {
      Dims od;
      const std::vector<double> want = ref_reduce_window(x, c.dims, c.w, init, f, &od);
      RunResult r = run(reduce_window_module(c.dims, od, c.w, op, "f32"),
                        {make(ElementType::kF32, c.dims, cast<float>(x)), make<float>(ElementType::kF32, {}, {static_cast<float>(init)})});
      std::vector<double> got;
      if (r.ok) for (float v : values<float>(r.outputs[0])) got.push_back(v);
      s.check(r.ok && got == want, c.name + " with " + op + " init " + std::to_string(init) + ": " + r.message);
    }
  }
  Dims od;
  const Window w{{2, 2}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}};
  const std::vector<double> x = sample(12, 5);
  const std::vector<double> want = ref_reduce_window(x, {3, 4}, w, 0, [](double a, double b) { return a + b; }, &od);
  RunResult r = run(reduce_window_module({3, 4}, od, w, "stablehlo.add", "i32"),
                    {make(ElementType::kS32, {3, 4}, cast<int32_t>(x)), make<int32_t>(ElementType::kS32, {}, {0})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == cast<int32_t>(want), "i32 sum window: " + r.message);
  r = compile_only(reduce_window_module({3, 4}, {3, 3}, w, "stablehlo.add", "f32"));
  s.check(!r.ok && r.message.find("tensor<2x3xf32>") != std::string::npos, "result shape checked: " + r.message);
}

std::string select_and_scatter_module(const Dims& dims, const Dims& sd, const Window& w, const std::string& dir,
                                      bool general_scatter) {
  const std::string sc = "tensor<f32>", in = type_of(dims, "f32"), src = type_of(sd, "f32");
  std::string body = "    %0 = \"stablehlo.select_and_scatter\"(%a0, %a1, %a2) ({\n    ^bb0(%a: " + sc + ", %b: " + sc +
                     "):\n      %c = \"stablehlo.compare\"(%a, %b) {comparison_direction = #stablehlo<comparison_direction " +
                     dir + ">} : (" + sc + ", " + sc + ") -> tensor<i1>\n      \"stablehlo.return\"(%c) : (tensor<i1>) -> ()\n    }, {\n    ^bb0(%p: " +
                     sc + ", %q: " + sc + "):\n";
  if (general_scatter) {  // p + 2q - q
    body += "      %t = \"stablehlo.add\"(%q, %q) : (" + sc + ", " + sc + ") -> " + sc + "\n";
    body += "      %u = \"stablehlo.subtract\"(%t, %q) : (" + sc + ", " + sc + ") -> " + sc + "\n";
    body += "      %s = \"stablehlo.add\"(%p, %u) : (" + sc + ", " + sc + ") -> " + sc + "\n";
  } else {
    body += "      %s = \"stablehlo.add\"(%p, %q) : (" + sc + ", " + sc + ") -> " + sc + "\n";
  }
  body += "      \"stablehlo.return\"(%s) : (" + sc + ") -> ()\n    }) {window_dimensions = array<i64: " + list(w.size) +
          ">, window_strides = array<i64: " + list(w.strides) + ">, " + pad_attr(w) + "} : (" + in + ", " + src + ", " + sc +
          ") -> " + in;
  return module_of(in + ", " + src + ", " + sc, in, body, "%0");
}

void select_and_scatter_tests(Suite& s) {
  s.current = "select_and_scatter vs naive loops";
  const Dims dims{5, 6};
  for (const Window& w : {Window{{2, 2}, {2, 2}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
                          Window{{3, 3}, {1, 2}, {1, 1}, {1, 1}, {1, 1}, {1, 0}}}) {
    std::vector<double> x(30);
    for (int i = 0; i < 30; ++i) x[i] = (i * 17) % 23;  // distinct values
    for (const std::string dir : {"GE", "LE"}) {
      for (bool general : {false, true}) {
        Dims sd(2);
        for (int i = 0; i < 2; ++i) sd[i] = num_windows(dims[i], 1, w.lo[i], w.hi[i], w.size[i], 1, w.strides[i]);
        std::vector<double> src = sample(product(sd), 7);
        std::vector<double> want(30, 0.5);
        for (int64_t a = 0; a < sd[0]; ++a) {
          for (int64_t b = 0; b < sd[1]; ++b) {
            int64_t pick = -1;
            for (int64_t i = 0; i < w.size[0]; ++i) {
              for (int64_t j = 0; j < w.size[1]; ++j) {
                int64_t p = a * w.strides[0] + i - w.lo[0], q = b * w.strides[1] + j - w.lo[1];
                if (p < 0 || q < 0 || p >= dims[0] || q >= dims[1]) continue;
                int64_t off = p * dims[1] + q;
                bool better = pick < 0 || (dir == "GE" ? x[off] > x[pick] : x[off] < x[pick]);
                if (better) pick = off;
              }
            }
            if (pick >= 0) want[pick] += src[a * sd[1] + b];
          }
        }
        RunResult r = run(select_and_scatter_module(dims, sd, w, dir, general),
                          {make(ElementType::kF32, dims, cast<float>(x)), make(ElementType::kF32, sd, cast<float>(src)),
                           make<float>(ElementType::kF32, {}, {0.5f})});
        std::vector<double> got;
        if (r.ok) for (float v : values<float>(r.outputs[0])) got.push_back(v);
        s.check(r.ok && got == want, "window " + list(w.size) + " stride " + list(w.strides) + " " + dir +
                                         (general ? " general scatter" : "") + ": " + r.message);
      }
    }
  }
}

void reverse_tests(Suite& s) {
  s.current = "reverse";
  Tensor x = make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6});
  RunResult r = run(one_op("stablehlo.reverse", "dimensions = array<i64: 1>", {"tensor<2x3xf32>"}, "tensor<2x3xf32>"), {x});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{3, 2, 1, 6, 5, 4}, "dim 1: " + r.message);
  r = run(one_op("stablehlo.reverse", "dimensions = array<i64: 0, 1>", {"tensor<2x3xf32>"}, "tensor<2x3xf32>"), {x});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{6, 5, 4, 3, 2, 1}, "both dims: " + r.message);
  Tensor h = make<uint16_t>(ElementType::kF16, {3}, {1, 2, 3});
  r = run(one_op("stablehlo.reverse", "dimensions = array<i64: 0>", {"tensor<3xf16>"}, "tensor<3xf16>"), {h});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{3, 2, 1}, "f16: " + r.message);
  r = run(module_of("tensor<2x3xf32>", "tensor<2x3xf32>", "    %0 = stablehlo.reverse %a0, dims = [0] : tensor<2x3xf32>", "%0"), {x});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{4, 5, 6, 1, 2, 3}, "pretty form: " + r.message);
  r = compile_only(one_op("stablehlo.reverse", "dimensions = array<i64: 2>", {"tensor<2x3xf32>"}, "tensor<2x3xf32>"));
  s.check(!r.ok, "dimension out of range rejected");
}

}  // namespace

void window_tests(Suite& s) {
  conv_tests(s);
  reduce_window_tests(s);
  select_and_scatter_tests(s);
  reverse_tests(s);
}

}  // namespace tsmlx::cpu::test
