// Verifier: see verifier.h.
#include "verifier/verifier.h"

#include <algorithm>

#include "engine/status.h"
#include "verifier/checker.h"

namespace tsmlx::cpu::verifier {
namespace {

using ir::Attr;
using ir::AttrKind;
using ir::Op;
using ir::OpKind;

class Verifier final : public Checker {
 public:
  explicit Verifier(ir::Function* fn) : fn_(fn) {}

  // Checker, for op groups verified in their own files.
  const TensorType& type(int id) const override { return fn_->value_types[id]; }
  void verify_region(ir::Region* region) override { verify_block(region, false); }

  void run() {
    verify_block(&fn_->body, /*in_function=*/true);
    const Op& ret = fn_->body.ops.back();
    if (ret.operands.size() != fn_->result_types.size())
      fail(ret, "returns " + std::to_string(ret.operands.size()) + " values but @" + fn_->name + " declares " +
                    std::to_string(fn_->result_types.size()) + " results");
    for (size_t i = 0; i < ret.operands.size(); ++i) {
      if (type(ret.operands[i]) != fn_->result_types[i])
        fail(ret, "result #" + std::to_string(i) + " has type " + type(ret.operands[i]).to_string() + " but @" +
                      fn_->name + " declares " + fn_->result_types[i].to_string());
    }
  }

 private:
  [[noreturn]] void fail(const Op& op, const std::string& msg, int code = kInvalidArgument) {
    throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
  }

  const TensorType& in(const Op& op, size_t i) const { return type(op.operands[i]); }
  std::string vname(int id) const { return "%" + fn_->value_names[id]; }

  void verify_block(ir::Region* r, bool in_function) {
    const OpKind want = in_function ? OpKind::kFuncReturn : OpKind::kReturn;
    if (r->ops.empty() || r->ops.back().kind != want) {
      int line = r->ops.empty() ? fn_->line : r->ops.back().line;
      throw EngineError{kInvalidArgument, "line " + std::to_string(line) + ": block must end with " +
                                              (in_function ? "func.return" : "stablehlo.return")};
    }
    for (size_t i = 0; i < r->ops.size(); ++i) {
      Op& op = r->ops[i];
      if ((op.kind == OpKind::kReturn || op.kind == OpKind::kFuncReturn) && i + 1 != r->ops.size())
        fail(op, "terminator must be the last op of its block");
      if (op.kind == OpKind::kReturn && in_function) fail(op, "stablehlo.return outside a region");
      if (op.kind == OpKind::kFuncReturn && !in_function) fail(op, "func.return inside a region");
      verify_op(&op);
    }
  }

  const Attr& need_attr(const Op& op, const char* key, AttrKind kind) {
    const Attr* a = op.attr(key);
    if (a == nullptr) fail(op, std::string("missing attribute ") + key);
    if (a->kind != kind) fail(op, std::string("attribute ") + key + " has the wrong kind");
    return *a;
  }

  int64_t need_int(const Op& op, const char* key) { return need_attr(op, key, AttrKind::kInt).i; }
  // An integer list: `array<i64: ...>`, or the older `dense<[...]> : tensor<Nxi64>` spelling.
  std::vector<int64_t> ints_of(const Op& op, const char* key) {
    const Attr* a = op.attr(key);
    if (a == nullptr) fail(op, std::string("missing attribute ") + key);
    if (a->kind == AttrKind::kArray) return a->ints;
    const TensorType& t = a->dense.type;
    if (a->kind == AttrKind::kDense && t.dims.size() <= 1 &&
        (t.type == ElementType::kS64 || t.type == ElementType::kS32)) {
      std::vector<int64_t> v(static_cast<size_t>(t.num_elements()));
      for (size_t i = 0; i < v.size(); ++i) {
        if (t.type == ElementType::kS64) v[i] = static_cast<const int64_t*>(a->dense.storage->data())[i];
        else v[i] = static_cast<const int32_t*>(a->dense.storage->data())[i];
      }
      return v;
    }
    fail(op, std::string("attribute ") + key + " has the wrong kind, expected array<i64: ...>");
  }
  std::vector<int64_t> need_array(const Op& op, const char* key, size_t size) {
    std::vector<int64_t> v = ints_of(op, key);
    if (v.size() != size)
      fail(op, std::string(key) + " has " + std::to_string(v.size()) + " entries, expected " + std::to_string(size));
    return v;
  }
  std::vector<int64_t> opt_array(const Op& op, const char* key, size_t size, int64_t fill) {
    if (op.attr(key) == nullptr) return std::vector<int64_t>(size, fill);
    return need_array(op, key, size);
  }

  void verify_op(Op* opp) {
    Op& op = *opp;
    // Operand types as used must match the op's written signature.
    if (op.sig_operand_types.size() != op.operands.size() &&
        !(op.kind == OpKind::kFuncReturn && op.sig_operand_types.empty() && op.operands.empty()))
      fail(op, std::to_string(op.operands.size()) + " operands but the signature lists " +
                   std::to_string(op.sig_operand_types.size()) + " types");
    for (size_t i = 0; i < op.operands.size(); ++i) {
      if (in(op, i) != op.sig_operand_types[i])
        fail(op, "operand #" + std::to_string(i) + " " + vname(op.operands[i]) + " has type " + in(op, i).to_string() +
                     " but the signature says " + op.sig_operand_types[i].to_string());
    }
    for (int id : op.results) {
      for (int64_t d : type(id).dims)
        if (d < 0) fail(op, "negative dimension in " + type(id).to_string());
    }
    const ir::OpTraits& t = ir::traits(op.kind);
    if (t.family == ir::Family::kIndexing) return verify_indexing_op(&op, *this);
    if (t.family == ir::Family::kWindow) return verify_window_op(&op, *this);
    if (!op.regions.empty() && op.kind != OpKind::kReduce) fail(op, "does not take regions");
    if (t.group == ir::OpGroup::kUnary) return verify_unary(op, t);
    if (t.group == ir::OpGroup::kBinary) return verify_binary(op, t);
    switch (op.kind) {
      case OpKind::kConstant: {
        expect_counts(op, 0, 1);
        const Attr& v = need_attr(op, "value", AttrKind::kDense);
        expect_result(op, 0, v.dense.type);
        op.p.constant = v.dense;
        return;
      }
      case OpKind::kIota: {
        expect_counts(op, 0, 1);
        const TensorType& t = type(op.results[0]);
        int64_t axis = need_int(op, "iota_dimension");
        if (axis < 0 || axis >= static_cast<int64_t>(t.dims.size()))
          fail(op, "iota_dimension " + std::to_string(axis) + " is out of range for " + t.to_string());
        op.p.axis = axis;
        return;
      }
      case OpKind::kConvert: {
        expect_counts(op, 1, 1);
        if (type(op.results[0]).dims != in(op, 0).dims)
          fail(op, "result " + type(op.results[0]).to_string() + " and operand " + in(op, 0).to_string() +
                       " differ in shape");
        return;
      }
      case OpKind::kIsFinite: {
        expect_counts(op, 1, 1);
        check_accepts(op, t, in(op, 0));
        expect_result(op, 0, TensorType{ElementType::kPred, in(op, 0).dims});
        return;
      }
      case OpKind::kBitcastConvert: return verify_bitcast_convert(op);
      case OpKind::kCompare: return verify_compare(op);
      case OpKind::kSelect: {
        expect_counts(op, 3, 1);
        const TensorType &p = in(op, 0), &t = in(op, 1), &f = in(op, 2);
        if (p.type != ElementType::kPred) fail(op, "predicate must be i1, got " + p.to_string());
        if (t != f) fail(op, "branch types " + t.to_string() + " and " + f.to_string() + " differ");
        if (!p.dims.empty() && p.dims != t.dims)
          fail(op, "predicate " + p.to_string() + " must be a scalar or match " + t.to_string());
        expect_result(op, 0, t);
        return;
      }
      case OpKind::kClamp: {
        expect_counts(op, 3, 1);
        const TensorType &lo = in(op, 0), &x = in(op, 1), &hi = in(op, 2);
        for (const TensorType* b : {&lo, &hi}) {
          if (b->type != x.type || (!b->dims.empty() && b->dims != x.dims))
            fail(op, "bound " + b->to_string() + " must be a scalar of or match the operand " + x.to_string());
        }
        expect_result(op, 0, x);
        return;
      }
      case OpKind::kBroadcastInDim: return verify_broadcast(op);
      case OpKind::kReshape: {
        expect_counts(op, 1, 1);
        const TensorType &x = in(op, 0), &r = type(op.results[0]);
        if (x.type != r.type || x.num_elements() != r.num_elements())
          fail(op, "cannot reshape " + x.to_string() + " to " + r.to_string());
        return;
      }
      case OpKind::kTranspose: {
        expect_counts(op, 1, 1);
        const TensorType& x = in(op, 0);
        std::vector<int64_t> perm = need_array(op, "permutation", x.dims.size());
        std::vector<int64_t> sorted = perm;
        std::sort(sorted.begin(), sorted.end());
        for (size_t i = 0; i < sorted.size(); ++i)
          if (sorted[i] != static_cast<int64_t>(i)) fail(op, "permutation " + dims_str(perm) + " is not a permutation");
        TensorType r{x.type, {}};
        for (int64_t p : perm) r.dims.push_back(x.dims[p]);
        expect_result(op, 0, r);
        op.p.dims = perm;
        return;
      }
      case OpKind::kSlice: return verify_slice(op);
      case OpKind::kConcatenate: return verify_concatenate(op);
      case OpKind::kPad: return verify_pad(op);
      case OpKind::kReduce: return verify_reduce(op);
      case OpKind::kDotGeneral: return verify_dot(op);
      case OpKind::kReturn:
      case OpKind::kFuncReturn:
        if (!op.results.empty()) fail(op, "a terminator has no results");
        return;
      default:
        fail(op, "has no verifier", kUnimplemented);
    }
  }

  // The op table's type rule for an elementwise operand (ir::Accepts).
  void check_accepts(const Op& op, const ir::OpTraits& t, const TensorType& x) {
    const bool one = op.operands.size() == 1;
    switch (t.accepts) {
      case ir::Accepts::kAny: return;
      case ir::Accepts::kFloat:
        if (!is_float(x.type)) fail(op, std::string(one ? "needs a float operand" : "needs float operands") + ", got " + x.to_string());
        return;
      case ir::Accepts::kNotPred:
        if (is_pred(x.type)) fail(op, "does not accept " + x.to_string());
        return;
      case ir::Accepts::kIntOrPred:
        if (is_float(x.type))
          fail(op, std::string(one ? "needs an integer or i1 operand" : "needs integer or i1 operands") + ", got " +
                       x.to_string());
        return;
    }
  }

  void verify_unary(Op& op, const ir::OpTraits& t) {
    expect_counts(op, 1, 1);
    check_accepts(op, t, in(op, 0));
    expect_result(op, 0, in(op, 0));
  }

  void verify_binary(Op& op, const ir::OpTraits& t) {
    expect_counts(op, 2, 1);
    const TensorType &a = in(op, 0), &b = in(op, 1);
    if (a != b) fail(op, "operand types " + a.to_string() + " and " + b.to_string() + " differ");
    check_accepts(op, t, a);
    expect_result(op, 0, a);
  }

  // Same bits, another element type: equal sizes keep the shape; a wider operand element
  // becomes a new last dim of the ratio, a narrower one consumes such a dim.
  void verify_bitcast_convert(Op& op) {
    expect_counts(op, 1, 1);
    const TensorType &x = in(op, 0), &r = type(op.results[0]);
    if (is_pred(x.type) || is_pred(r.type))
      fail(op, "i1 has no bit width to reinterpret (" + x.to_string() + " -> " + r.to_string() + ")", kUnimplemented);
    const size_t a = element_size(x.type), b = element_size(r.type);
    std::vector<int64_t> want = x.dims;
    if (a > b) {
      want.push_back(static_cast<int64_t>(a / b));
    } else if (a < b) {
      if (x.dims.empty() || x.dims.back() != static_cast<int64_t>(b / a))
        fail(op, "operand " + x.to_string() + " needs a last dim of " + std::to_string(b / a) + " to become " +
                     r.to_string());
      want.pop_back();
    }
    if (r.dims != want) fail(op, "result " + r.to_string() + " has the wrong shape for operand " + x.to_string());
  }

  void verify_compare(Op& op) {
    expect_counts(op, 2, 1);
    const TensorType &a = in(op, 0), &b = in(op, 1);
    if (a != b) fail(op, "operand types " + a.to_string() + " and " + b.to_string() + " differ");
    expect_result(op, 0, TensorType{ElementType::kPred, a.dims});
    const Attr& dir = need_attr(op, "comparison_direction", AttrKind::kEnum);
    static constexpr std::pair<const char*, ir::CompareDir> kDirs[] = {
        {"EQ", ir::CompareDir::kEQ}, {"NE", ir::CompareDir::kNE}, {"GE", ir::CompareDir::kGE},
        {"GT", ir::CompareDir::kGT}, {"LE", ir::CompareDir::kLE}, {"LT", ir::CompareDir::kLT}};
    bool found = false;
    for (const auto& [name, d] : kDirs) {
      if (dir.value == name) {
        op.p.dir = d;
        found = true;
      }
    }
    if (!found) fail(op, "unknown comparison_direction " + dir.value);
    op.p.cmp_type = ir::CompareType::kDefault;
    if (const Attr* ct = op.attr("compare_type")) {
      if (ct->kind != AttrKind::kEnum) fail(op, "compare_type has the wrong kind");
      if (ct->value == "FLOAT") op.p.cmp_type = ir::CompareType::kFloat;
      else if (ct->value == "TOTALORDER") op.p.cmp_type = ir::CompareType::kTotalOrder;
      else if (ct->value == "SIGNED") op.p.cmp_type = ir::CompareType::kSigned;
      else if (ct->value == "UNSIGNED") op.p.cmp_type = ir::CompareType::kUnsigned;
      else if (ct->value != "NOTYPE") fail(op, "unknown compare_type " + ct->value);
      bool ok = op.p.cmp_type == ir::CompareType::kDefault ||
                (is_float(a.type) ? (op.p.cmp_type == ir::CompareType::kFloat ||
                                     op.p.cmp_type == ir::CompareType::kTotalOrder)
                                  : (op.p.cmp_type == (is_unsigned(a.type) || is_pred(a.type) ? ir::CompareType::kUnsigned
                                                                                              : ir::CompareType::kSigned)));
      if (!ok) fail(op, "compare_type " + ct->value + " does not fit " + a.to_string());
    }
  }

  void verify_broadcast(Op& op) {
    expect_counts(op, 1, 1);
    const TensorType &x = in(op, 0), &r = type(op.results[0]);
    std::vector<int64_t> bd = need_array(op, "broadcast_dimensions", x.dims.size());
    if (x.type != r.type) fail(op, "element types of " + x.to_string() + " and " + r.to_string() + " differ");
    std::vector<bool> seen(r.dims.size(), false);
    for (size_t i = 0; i < bd.size(); ++i) {
      if (bd[i] < 0 || bd[i] >= static_cast<int64_t>(r.dims.size()) || seen[bd[i]])
        fail(op, "broadcast_dimensions " + dims_str(bd) + " invalid for result " + r.to_string());
      seen[bd[i]] = true;
      if (x.dims[i] != 1 && x.dims[i] != r.dims[bd[i]])
        fail(op, "operand dimension " + std::to_string(i) + " of " + x.to_string() + " cannot broadcast to " +
                     r.to_string());
    }
    op.p.dims = bd;
  }

  void verify_slice(Op& op) {
    expect_counts(op, 1, 1);
    const TensorType& x = in(op, 0);
    const size_t r = x.dims.size();
    std::vector<int64_t> start = need_array(op, "start_indices", r);
    std::vector<int64_t> limit = need_array(op, "limit_indices", r);
    std::vector<int64_t> strides = opt_array(op, "strides", r, 1);
    TensorType want{x.type, {}};
    for (size_t i = 0; i < r; ++i) {
      if (start[i] < 0 || start[i] > limit[i] || limit[i] > x.dims[i] || strides[i] <= 0)
        fail(op, "slice " + dims_str(start) + ":" + dims_str(limit) + ":" + dims_str(strides) + " invalid for " +
                     x.to_string());
      want.dims.push_back((limit[i] - start[i] + strides[i] - 1) / strides[i]);
    }
    expect_result(op, 0, want);
    op.p.dims = start;
    op.p.limits = limit;
    op.p.strides = strides;
  }

  void verify_concatenate(Op& op) {
    if (op.operands.empty()) fail(op, "needs at least one operand");
    if (op.results.size() != 1) fail(op, "expects 1 result");
    const TensorType& first = in(op, 0);
    int64_t axis = need_int(op, "dimension");
    if (axis < 0 || axis >= static_cast<int64_t>(first.dims.size()))
      fail(op, "dimension " + std::to_string(axis) + " is out of range for " + first.to_string());
    TensorType want = first;
    want.dims[axis] = 0;
    for (size_t i = 0; i < op.operands.size(); ++i) {
      const TensorType& t = in(op, i);
      bool ok = t.type == first.type && t.dims.size() == first.dims.size();
      for (size_t d = 0; ok && d < t.dims.size(); ++d) ok = static_cast<int64_t>(d) == axis || t.dims[d] == first.dims[d];
      if (!ok) fail(op, "operand " + t.to_string() + " does not fit " + first.to_string() + " along dimension " +
                            std::to_string(axis));
      want.dims[axis] += t.dims[axis];
    }
    expect_result(op, 0, want);
    op.p.axis = axis;
  }

  void verify_pad(Op& op) {
    expect_counts(op, 2, 1);
    const TensorType &x = in(op, 0), &v = in(op, 1);
    if (v.type != x.type || !v.dims.empty()) fail(op, "padding value " + v.to_string() + " must be a scalar of " + x.to_string());
    const size_t r = x.dims.size();
    std::vector<int64_t> low = need_array(op, "edge_padding_low", r);
    std::vector<int64_t> high = need_array(op, "edge_padding_high", r);
    std::vector<int64_t> interior = opt_array(op, "interior_padding", r, 0);
    TensorType want{x.type, {}};
    for (size_t i = 0; i < r; ++i) {
      if (interior[i] < 0) fail(op, "interior_padding " + dims_str(interior) + " must not be negative");
      int64_t d = low[i] + high[i] + x.dims[i] + (x.dims[i] > 0 ? (x.dims[i] - 1) * interior[i] : 0);
      if (d < 0) fail(op, "padding makes dimension " + std::to_string(i) + " of " + x.to_string() + " negative");
      want.dims.push_back(d);
    }
    expect_result(op, 0, want);
    op.p.low = low;
    op.p.high = high;
    op.p.interior = interior;
  }

  void verify_reduce(Op& op) {
    if (op.operands.empty() || op.operands.size() % 2 != 0) fail(op, "needs operands followed by as many init values");
    const size_t n = op.operands.size() / 2;
    if (op.results.size() != n) fail(op, "expects " + std::to_string(n) + " results");
    if (op.regions.size() != 1) fail(op, "needs one body region");
    const TensorType& x0 = in(op, 0);
    std::vector<int64_t> dims = ints_of(op, "dimensions");
    std::vector<bool> reduced(x0.dims.size(), false);
    for (int64_t d : dims) {
      if (d < 0 || d >= static_cast<int64_t>(x0.dims.size()) || reduced[d])
        fail(op, "dimensions " + dims_str(dims) + " invalid for " + x0.to_string());
      reduced[d] = true;
    }
    ir::Region& body = op.regions[0];
    if (body.args.size() != 2 * n)
      fail(op, "body takes " + std::to_string(body.args.size()) + " arguments, expected " + std::to_string(2 * n));
    for (size_t k = 0; k < n; ++k) {
      const TensorType &x = in(op, k), &init = in(op, n + k);
      if (x.dims != x0.dims) fail(op, "operands " + x0.to_string() + " and " + x.to_string() + " differ in shape");
      if (!init.dims.empty() || init.type != x.type)
        fail(op, "init value " + init.to_string() + " must be a scalar of " + x.to_string());
      TensorType scalar{x.type, {}};
      for (int arg : {body.args[k], body.args[n + k]})
        if (type(arg) != scalar) fail(op, "body argument " + vname(arg) + " has type " + type(arg).to_string() +
                                              ", expected " + scalar.to_string());
      TensorType want{x.type, {}};
      for (size_t d = 0; d < x.dims.size(); ++d)
        if (!reduced[d]) want.dims.push_back(x.dims[d]);
      expect_result(op, k, want);
    }
    verify_block(&body, false);
    const Op& ret = body.ops.back();
    if (ret.operands.size() != n) fail(ret, "body returns " + std::to_string(ret.operands.size()) + " values, expected " + std::to_string(n));
    for (size_t k = 0; k < n; ++k) {
      TensorType scalar{in(op, k).type, {}};
      if (type(ret.operands[k]) != scalar)
        fail(ret, "body result " + type(ret.operands[k]).to_string() + " should be " + scalar.to_string());
    }
    op.p.dims = dims;
    op.p.fast_body = OpKind::kReturn;
    if (n == 1 && body.ops.size() == 2) {
      const Op& b = body.ops[0];
      const int a0 = body.args[0], a1 = body.args[1];
      bool simple = b.kind == OpKind::kAdd || b.kind == OpKind::kMultiply || b.kind == OpKind::kMaximum ||
                    b.kind == OpKind::kMinimum || b.kind == OpKind::kAnd || b.kind == OpKind::kOr;
      bool args_ok = (b.operands.size() == 2) && ((b.operands[0] == a0 && b.operands[1] == a1) ||
                                                  (b.operands[0] == a1 && b.operands[1] == a0));
      if (simple && args_ok && ret.operands[0] == b.results[0]) op.p.fast_body = b.kind;
    }
  }

  void verify_dot(Op& op) {
    expect_counts(op, 2, 1);
    const TensorType &l = in(op, 0), &r = in(op, 1);
    ir::DotDims dd;
    if (const Attr* a = op.attr("dot_dimension_numbers")) {
      if (a->kind != AttrKind::kDot) fail(op, "dot_dimension_numbers has the wrong kind");
      dd = a->dot;
    }
    // Operand and result element types may differ (e.g. bf16 x bf16 -> f32); i1 only with i1.
    const TensorType& res = type(op.results[0]);
    if ((l.type == ElementType::kPred || r.type == ElementType::kPred || res.type == ElementType::kPred) &&
        !(l.type == r.type && r.type == res.type))
      fail(op, "i1 operands " + l.to_string() + " and " + r.to_string() + " need an i1 result, got " + res.to_string());
    if (dd.lhs_batch.size() != dd.rhs_batch.size())
      fail(op, "batching dims " + dims_str(dd.lhs_batch) + " and " + dims_str(dd.rhs_batch) + " differ in count");
    if (dd.lhs_contract.size() != dd.rhs_contract.size())
      fail(op, "contracting dims " + dims_str(dd.lhs_contract) + " and " + dims_str(dd.rhs_contract) +
                   " differ in count");
    auto check_unique = [&](const TensorType& t, const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                            const char* side) {
      std::vector<bool> used(t.dims.size(), false);
      for (const auto* v : {&a, &b}) {
        for (int64_t d : *v) {
          if (d < 0 || d >= static_cast<int64_t>(t.dims.size()) || used[d])
            fail(op, std::string(side) + " dims " + dims_str(a) + " / " + dims_str(b) + " invalid for " + t.to_string());
          used[d] = true;
        }
      }
      return used;
    };
    std::vector<bool> lused = check_unique(l, dd.lhs_batch, dd.lhs_contract, "lhs");
    std::vector<bool> rused = check_unique(r, dd.rhs_batch, dd.rhs_contract, "rhs");
    TensorType want{res.type, {}};
    for (size_t i = 0; i < dd.lhs_batch.size(); ++i) {
      int64_t a = l.dims[dd.lhs_batch[i]], b = r.dims[dd.rhs_batch[i]];
      if (a != b)
        fail(op, "batch dims of lhs " + l.to_string() + " and rhs " + r.to_string() + " differ: " + std::to_string(a) +
                     " vs " + std::to_string(b));
      want.dims.push_back(a);
    }
    for (size_t i = 0; i < dd.lhs_contract.size(); ++i) {
      int64_t a = l.dims[dd.lhs_contract[i]], b = r.dims[dd.rhs_contract[i]];
      if (a != b)
        fail(op, "contracting dims of lhs " + l.to_string() + " and rhs " + r.to_string() + " differ: " +
                     std::to_string(a) + " vs " + std::to_string(b));
    }
    for (size_t i = 0; i < l.dims.size(); ++i)
      if (!lused[i]) want.dims.push_back(l.dims[i]);
    for (size_t i = 0; i < r.dims.size(); ++i)
      if (!rused[i]) want.dims.push_back(r.dims[i]);
    expect_result(op, 0, want);
    op.p.dot = dd;
  }

  ir::Function* fn_;
};

}  // namespace

void verify_function(ir::Function* fn) { Verifier(fn).run(); }

}  // namespace tsmlx::cpu::verifier
