// Verifier rules of the window group: convolution, reduce_window, select_and_scatter and
// reverse. Shape rules follow the StableHLO specification's constraints; each op's typed
// parameters (ir::ConvDims, ir::WindowDims) are filled here for the kernels.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "verifier/checker.h"

namespace tsmlx::cpu::verifier {
namespace {

using ir::Attr;
using ir::AttrKind;
using ir::Op;
using ir::OpKind;

// The integers of an `array<i64: ...>` / `array<i1: ...>` or of a `dense<...>` attribute.
bool int_values(const Attr& a, std::vector<int64_t>* out) {
  out->clear();
  if (a.kind == AttrKind::kArray) {
    *out = a.ints;
    return true;
  }
  if (a.kind == AttrKind::kList) {  // pretty form: [1, 2], [[0, 1], [1, 0]], [false, true]
    for (const Attr& e : a.list) {
      if (e.kind == AttrKind::kInt) out->push_back(e.i);
      else if (e.kind == AttrKind::kBool) out->push_back(e.b ? 1 : 0);
      else if (e.kind == AttrKind::kList) {
        std::vector<int64_t> inner;
        if (!int_values(e, &inner)) return false;
        out->insert(out->end(), inner.begin(), inner.end());
      } else {
        return false;
      }
    }
    return true;
  }
  if (a.kind != AttrKind::kDense) return false;
  const int64_t n = a.dense.type.num_elements();
  const void* data = a.dense.storage ? a.dense.storage->data() : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    switch (a.dense.type.type) {
      case ElementType::kS64: out->push_back(static_cast<const int64_t*>(data)[i]); break;
      case ElementType::kS32: out->push_back(static_cast<const int32_t*>(data)[i]); break;
      case ElementType::kPred: out->push_back(static_cast<const uint8_t*>(data)[i]); break;
      default: return false;
    }
  }
  return true;
}

// The conv dimension numbers `[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]` (any order, any
// number of spatial dims), read from the opaque attribute text `#stablehlo.conv<...>`.
bool parse_conv_dims(std::string_view text, size_t rank, ir::ConvDims* d) {
  std::string_view head = "#stablehlo.conv<";
  if (text.substr(0, head.size()) != head || text.back() != '>') return false;
  std::string_view body = text.substr(head.size(), text.size() - head.size() - 1);
  size_t i = 0;
  auto skip = [&] {
    while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  };
  // One bracketed list: letters `a`, `b` and digits for spatial dims; fills positions.
  auto list = [&](char a, char b, int64_t* pa, int64_t* pb, std::vector<int64_t>* spatial) {
    skip();
    if (i >= body.size() || body[i] != '[') return false;
    ++i;
    spatial->assign(rank >= 2 ? rank - 2 : 0, -1);
    int64_t seen_a = 0, seen_b = 0;
    for (size_t pos = 0;; ++pos) {
      skip();
      if (i >= body.size()) return false;
      if (body[i] == a) {
        *pa = static_cast<int64_t>(pos);
        ++seen_a;
        ++i;
      } else if (body[i] == b) {
        *pb = static_cast<int64_t>(pos);
        ++seen_b;
        ++i;
      } else if (std::isdigit(static_cast<unsigned char>(body[i]))) {
        size_t start = i;
        while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i;
        size_t k = std::stoul(std::string(body.substr(start, i - start)));
        if (k >= spatial->size() || (*spatial)[k] != -1) return false;
        (*spatial)[k] = static_cast<int64_t>(pos);
      } else {
        return false;
      }
      skip();
      if (i < body.size() && body[i] == ',') {
        ++i;
        continue;
      }
      if (i < body.size() && body[i] == ']') {
        ++i;
        if (pos + 1 != rank || seen_a != 1 || seen_b != 1) return false;
        for (int64_t s : *spatial)
          if (s < 0) return false;
        return true;
      }
      return false;
    }
  };
  if (!list('b', 'f', &d->in_batch, &d->in_feature, &d->in_spatial)) return false;
  skip();
  if (i >= body.size() || body[i] != 'x') return false;
  ++i;
  if (!list('i', 'o', &d->k_in, &d->k_out, &d->k_spatial)) return false;
  skip();
  if (body.substr(i, 2) != "->") return false;
  i += 2;
  if (!list('b', 'f', &d->out_batch, &d->out_feature, &d->out_spatial)) return false;
  skip();
  return i == body.size();
}

class WindowVerifier {
 public:
  WindowVerifier(Op* op, Checker& c) : op_(*op), c_(c) {}

  void run() {
    switch (op_.kind) {
      case OpKind::kConvolution: return convolution();
      case OpKind::kReduceWindow: return reduce_window();
      case OpKind::kSelectAndScatter: return select_and_scatter();
      case OpKind::kReverse: return reverse();
      default: c_.fail(op_, "is not in the window group", kInternal);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& msg) { c_.fail(op_, msg); }
  const TensorType& in(size_t i) const { return c_.type(op_.operands[i]); }
  const TensorType& out(size_t i) const { return c_.type(op_.results[i]); }

  void counts(size_t operands, size_t results) { c_.expect_counts(op_, operands, results); }

  void no_regions() {
    if (!op_.regions.empty()) fail("does not take regions");
  }

  // An integer list attribute of `size` entries (default `fill` when absent).
  std::vector<int64_t> ints(const char* key, size_t size, int64_t fill, bool required = false) {
    const Attr* a = op_.attr(key);
    if (a == nullptr) {
      if (required) fail(std::string("missing attribute ") + key);
      return std::vector<int64_t>(size, fill);
    }
    std::vector<int64_t> v;
    if (!int_values(*a, &v)) fail(std::string("attribute ") + key + " must be an integer array");
    if (v.size() != size)
      fail(std::string(key) + " has " + std::to_string(v.size()) + " entries, expected " + std::to_string(size));
    return v;
  }

  // `padding = dense<[[lo, hi], ...]> : tensor<Nx2xi64>` (zeros when absent).
  void padding(size_t n, std::vector<int64_t>* lo, std::vector<int64_t>* hi) {
    lo->assign(n, 0);
    hi->assign(n, 0);
    const Attr* a = op_.attr("padding");
    if (a == nullptr) return;
    std::vector<int64_t> v;
    if (!int_values(*a, &v)) fail("padding must be a dense integer attribute");
    if (v.size() != 2 * n) fail("padding has " + std::to_string(v.size()) + " values, expected " + std::to_string(n) + "x2");
    for (size_t i = 0; i < n; ++i) {
      (*lo)[i] = v[2 * i];
      (*hi)[i] = v[2 * i + 1];
    }
  }

  int64_t int_attr(const char* key, int64_t fill) {
    const Attr* a = op_.attr(key);
    if (a == nullptr) return fill;
    if (a->kind != AttrKind::kInt) fail(std::string("attribute ") + key + " must be an integer");
    return a->i;
  }

  // Number of windows along one dim (the spec's num_windows), from the dilated, padded size.
  static int64_t windows(int64_t dim, int64_t base_dil, int64_t lo, int64_t hi, int64_t win, int64_t win_dil,
                         int64_t stride) {
    const int64_t dilated = dim == 0 ? 0 : (dim - 1) * base_dil + 1;
    const int64_t padded = lo + dilated + hi;
    const int64_t wd = win == 0 ? 0 : (win - 1) * win_dil + 1;
    if (padded <= 0 || wd > padded) return 0;
    return (padded - wd) / stride + 1;
  }

  void convolution() {
    counts(2, 1);
    no_regions();
    const TensorType &l = in(0), &r = in(1), &res = out(0);
    const size_t rank = l.dims.size();
    if (r.dims.size() != rank || res.dims.size() != rank)
      fail("lhs " + l.to_string() + ", rhs " + r.to_string() + " and result " + res.to_string() + " need one rank");
    if (rank < 2) fail("needs operands of rank >= 2, got " + l.to_string());
    if (l.type != r.type || l.type != res.type)
      fail("element types of lhs " + l.to_string() + ", rhs " + r.to_string() + " and result " + res.to_string() +
           " differ");
    if (l.type == ElementType::kPred) fail("does not accept " + l.to_string());
    ir::ConvDims d;
    const Attr* dn = op_.attr("dimension_numbers");
    if (dn == nullptr) fail("missing attribute dimension_numbers");
    if (dn->kind != AttrKind::kOpaque || !parse_conv_dims(dn->s, rank, &d))
      fail("dimension_numbers must be #stablehlo.conv<[b, 0, .., f]x[0, .., i, o]->[b, 0, .., f]> for rank " +
           std::to_string(rank));
    const size_t n = rank - 2;
    d.strides = ints("window_strides", n, 1);
    d.lhs_dilation = ints("lhs_dilation", n, 1);
    d.rhs_dilation = ints("rhs_dilation", n, 1);
    std::vector<int64_t> rev = ints("window_reversal", n, 0);
    d.reversal.assign(n, false);
    for (size_t i = 0; i < n; ++i) d.reversal[i] = rev[i] != 0;
    padding(n, &d.pad_lo, &d.pad_hi);
    for (size_t i = 0; i < n; ++i) {
      if (d.strides[i] <= 0 || d.lhs_dilation[i] <= 0 || d.rhs_dilation[i] <= 0)
        fail("window_strides " + dims_str(d.strides) + ", lhs_dilation " + dims_str(d.lhs_dilation) +
             " and rhs_dilation " + dims_str(d.rhs_dilation) + " must be positive");
    }
    d.feature_groups = int_attr("feature_group_count", 1);
    d.batch_groups = int_attr("batch_group_count", 1);
    if (d.feature_groups <= 0 || d.batch_groups <= 0)
      fail("feature_group_count and batch_group_count must be positive");
    if (d.feature_groups != 1 && d.batch_groups != 1)
      fail("feature_group_count " + std::to_string(d.feature_groups) + " and batch_group_count " +
           std::to_string(d.batch_groups) + ": one of them must be 1");
    const int64_t batch = l.dims[d.in_batch], feat = l.dims[d.in_feature];
    const int64_t kin = r.dims[d.k_in], kout = r.dims[d.k_out];
    if (batch % d.batch_groups != 0)
      fail("input batch " + std::to_string(batch) + " of " + l.to_string() + " is not a multiple of batch_group_count " +
           std::to_string(d.batch_groups));
    if (feat % d.feature_groups != 0)
      fail("input features " + std::to_string(feat) + " of " + l.to_string() +
           " are not a multiple of feature_group_count " + std::to_string(d.feature_groups));
    if (kin != feat / d.feature_groups)
      fail("kernel " + r.to_string() + " has " + std::to_string(kin) + " input features, expected " +
           std::to_string(feat / d.feature_groups) + " (input " + l.to_string() + ")");
    if (kout % d.batch_groups != 0 || kout % d.feature_groups != 0)
      fail("kernel output features " + std::to_string(kout) + " must be a multiple of the group counts");
    TensorType want{l.type, std::vector<int64_t>(rank, 0)};
    want.dims[d.out_batch] = batch / d.batch_groups;
    want.dims[d.out_feature] = kout;
    for (size_t i = 0; i < n; ++i) {
      want.dims[d.out_spatial[i]] = windows(l.dims[d.in_spatial[i]], d.lhs_dilation[i], d.pad_lo[i], d.pad_hi[i],
                                            r.dims[d.k_spatial[i]], d.rhs_dilation[i], d.strides[i]);
    }
    if (res != want) fail("result type " + res.to_string() + " does not match the expected " + want.to_string());
    op_.p.conv = d;
  }

  // Reads window_dimensions, strides, dilations and padding for an operand of rank r.
  void window_attrs(size_t r, bool dilations) {
    ir::WindowDims& w = op_.p.window;
    w.size = ints("window_dimensions", r, 1, true);
    w.strides = ints("window_strides", r, 1);
    w.base_dilation = dilations ? ints("base_dilations", r, 1) : std::vector<int64_t>(r, 1);
    w.window_dilation = dilations ? ints("window_dilations", r, 1) : std::vector<int64_t>(r, 1);
    padding(r, &w.pad_lo, &w.pad_hi);
    for (size_t i = 0; i < r; ++i) {
      if (w.size[i] <= 0 || w.strides[i] <= 0 || w.base_dilation[i] <= 0 || w.window_dilation[i] <= 0)
        fail("window_dimensions " + dims_str(w.size) + ", window_strides " + dims_str(w.strides) +
             " and dilations must be positive");
    }
  }

  std::vector<int64_t> window_result_dims(const TensorType& x) {
    const ir::WindowDims& w = op_.p.window;
    std::vector<int64_t> dims;
    for (size_t i = 0; i < x.dims.size(); ++i)
      dims.push_back(windows(x.dims[i], w.base_dilation[i], w.pad_lo[i], w.pad_hi[i], w.size[i], w.window_dilation[i],
                             w.strides[i]));
    return dims;
  }

  // Checks that `region` takes scalars of the types `args` and returns scalars of the types
  // `rets`; verifies its body.
  void scalar_region(ir::Region* region, const std::vector<ElementType>& args, const std::vector<ElementType>& rets,
                     const char* what) {
    if (region->args.size() != args.size())
      fail(std::string(what) + " takes " + std::to_string(region->args.size()) + " arguments, expected " +
           std::to_string(args.size()));
    for (size_t i = 0; i < args.size(); ++i) {
      TensorType want{args[i], {}};
      if (c_.type(region->args[i]) != want)
        fail(std::string(what) + " argument " + std::to_string(i) + " has type " + c_.type(region->args[i]).to_string() +
             ", expected " + want.to_string());
    }
    c_.verify_region(region);
    const Op& ret = region->ops.back();
    if (ret.operands.size() != rets.size())
      fail(std::string(what) + " returns " + std::to_string(ret.operands.size()) + " values, expected " +
           std::to_string(rets.size()));
    for (size_t i = 0; i < rets.size(); ++i) {
      TensorType want{rets[i], {}};
      if (c_.type(ret.operands[i]) != want)
        fail(std::string(what) + " result " + c_.type(ret.operands[i]).to_string() + " should be " + want.to_string());
    }
  }

  // The kind of a region that is one binary op of its two arguments (either order), or kReturn.
  static OpKind simple_body(const ir::Region& body) {
    if (body.ops.size() != 2 || body.args.size() != 2) return OpKind::kReturn;
    const Op& b = body.ops[0];
    const bool simple = b.kind == OpKind::kAdd || b.kind == OpKind::kMultiply || b.kind == OpKind::kMaximum ||
                        b.kind == OpKind::kMinimum || b.kind == OpKind::kAnd || b.kind == OpKind::kOr;
    const int a0 = body.args[0], a1 = body.args[1];
    const bool args_ok = b.operands.size() == 2 && ((b.operands[0] == a0 && b.operands[1] == a1) ||
                                                    (b.operands[0] == a1 && b.operands[1] == a0));
    return simple && args_ok && body.ops[1].operands.size() == 1 && body.ops[1].operands[0] == b.results[0] ? b.kind
                                                                                                           : OpKind::kReturn;
  }

  void reduce_window() {
    if (op_.operands.empty() || op_.operands.size() % 2 != 0) fail("needs operands followed by as many init values");
    const size_t n = op_.operands.size() / 2;
    if (op_.results.size() != n) fail("expects " + std::to_string(n) + " results");
    if (op_.regions.size() != 1) fail("needs one body region");
    const TensorType& x0 = in(0);
    window_attrs(x0.dims.size(), true);
    const std::vector<int64_t> rdims = window_result_dims(x0);
    std::vector<ElementType> args, rets;
    for (size_t k = 0; k < n; ++k) {
      const TensorType &x = in(k), &init = in(n + k);
      if (x.dims != x0.dims) fail("operands " + x0.to_string() + " and " + x.to_string() + " differ in shape");
      if (!init.dims.empty() || init.type != x.type)
        fail("init value " + init.to_string() + " must be a scalar of " + x.to_string());
      TensorType want{x.type, rdims};
      if (out(k) != want) fail("result type " + out(k).to_string() + " does not match the expected " + want.to_string());
      rets.push_back(x.type);
    }
    args = rets;
    args.insert(args.end(), rets.begin(), rets.end());
    scalar_region(&op_.regions[0], args, rets, "body");
    op_.p.fast_body = n == 1 ? simple_body(op_.regions[0]) : OpKind::kReturn;
  }

  void select_and_scatter() {
    counts(3, 1);
    if (op_.regions.size() != 2) fail("needs a select and a scatter region");
    const TensorType &x = in(0), &src = in(1), &init = in(2);
    window_attrs(x.dims.size(), false);
    if (src.type != x.type) fail("source " + src.to_string() + " and operand " + x.to_string() + " differ in type");
    if (!init.dims.empty() || init.type != x.type)
      fail("init value " + init.to_string() + " must be a scalar of " + x.to_string());
    TensorType want_src{x.type, window_result_dims(x)};
    if (src != want_src)
      fail("source " + src.to_string() + " does not match the windows of the operand: expected " + want_src.to_string());
    if (out(0) != x) fail("result type " + out(0).to_string() + " does not match the operand " + x.to_string());
    scalar_region(&op_.regions[0], {x.type, x.type}, {ElementType::kPred}, "select");
    scalar_region(&op_.regions[1], {x.type, x.type}, {x.type}, "scatter");
    ir::WindowDims& w = op_.p.window;
    const ir::Region& sel = op_.regions[0];
    w.fast_select = false;
    if (sel.ops.size() == 2 && sel.ops[0].kind == OpKind::kCompare && sel.ops[0].operands.size() == 2 &&
        sel.ops[0].operands[0] == sel.args[0] && sel.ops[0].operands[1] == sel.args[1] &&
        sel.ops[1].operands[0] == sel.ops[0].results[0] && sel.ops[0].p.cmp_type != ir::CompareType::kTotalOrder) {
      const ir::CompareDir d = sel.ops[0].p.dir;
      if (d == ir::CompareDir::kGE || d == ir::CompareDir::kGT || d == ir::CompareDir::kLE || d == ir::CompareDir::kLT) {
        w.fast_select = true;
        w.select_dir = d;
      }
    }
    op_.p.fast_body = simple_body(op_.regions[1]);
  }

  void reverse() {
    counts(1, 1);
    no_regions();
    const TensorType& x = in(0);
    std::vector<int64_t> dims;
    if (const Attr* a = op_.attr("dimensions")) {
      if (!int_values(*a, &dims)) fail("dimensions must be an integer array");
    }
    std::vector<bool> seen(x.dims.size(), false);
    for (int64_t d : dims) {
      if (d < 0 || d >= static_cast<int64_t>(x.dims.size()) || seen[d])
        fail("dimensions " + dims_str(dims) + " invalid for " + x.to_string());
      seen[d] = true;
    }
    if (out(0) != x) fail("result type " + out(0).to_string() + " does not match the operand " + x.to_string());
    op_.p.dims = dims;
  }

  Op& op_;
  Checker& c_;
};

}  // namespace

void verify_window_op(ir::Op* op, Checker& c) { WindowVerifier(op, c).run(); }

}  // namespace tsmlx::cpu::verifier
