// Builds StableHLO ops into a function's IR, for the rewrites of native/cpu/lower: new SSA values
// get fresh ids in the function, ops get the attributes their generic form would carry, so the
// verifier checks the rewritten ops like any parsed ones.
//
//   Builder b(fn, &out_ops, origin);              // origin: the op being replaced (line, name)
//   int y = b.mul(x, b.constant(0.5, b.type(x)));  // 0.5 * x, the constant broadcast to x's shape
#pragma once

#include <string>
#include <vector>

#include "ir/ir.h"

namespace tsmlx::cpu::lower {

class Builder {
 public:
  Builder(ir::Function* fn, std::vector<ir::Op>* out, const ir::Op& origin)
      : fn_(fn), out_(out), line_(origin.line), origin_(origin.name) {}

  // By value: building ops adds values, which may move the function's type table.
  TensorType type(int id) const { return fn_->value_types[id]; }
  // A fresh value of type t.
  int value(const TensorType& t);
  // Appends an op of `kind` with results of `results`; returns it (results already numbered).
  ir::Op& emit(ir::OpKind kind, const std::vector<int>& operands, const std::vector<TensorType>& results);
  // Like emit, for an op with one result; returns the result's id.
  int emit1(ir::OpKind kind, const std::vector<int>& operands, const TensorType& result);

  // Constants: a scalar of `t`'s element type holding v, broadcast to t's shape.
  int constant(double v, const TensorType& t);
  // The same for integer bit patterns (exact for 64-bit types).
  int constant_bits(uint64_t bits, const TensorType& t);

  int unary(ir::OpKind kind, int x) { return emit1(kind, {x}, type(x)); }
  int binary(ir::OpKind kind, int a, int b) { return emit1(kind, {a, b}, type(a)); }
  int add(int a, int b) { return binary(ir::OpKind::kAdd, a, b); }
  int sub(int a, int b) { return binary(ir::OpKind::kSubtract, a, b); }
  int mul(int a, int b) { return binary(ir::OpKind::kMultiply, a, b); }
  int div(int a, int b) { return binary(ir::OpKind::kDivide, a, b); }
  int neg(int x) { return unary(ir::OpKind::kNegate, x); }
  // a + k for a constant k.
  int add_c(int a, double k) { return add(a, constant(k, type(a))); }
  int mul_c(int a, double k) { return mul(a, constant(k, type(a))); }
  // An elementwise comparison (i1 result; compare_type from the operands' element type).
  int compare(ir::CompareDir dir, int a, int b, const char* compare_type = nullptr);
  int select(int pred, int on_true, int on_false);
  int convert(int x, ElementType to);
  int bitcast(int x, ElementType to);
  int broadcast(int x, const TensorType& to, const std::vector<int64_t>& dims);
  int slice(int x, const std::vector<int64_t>& start, const std::vector<int64_t>& limit);
  int iota(const TensorType& t, int64_t dim);

  // A body region for an op: scalar arguments of `arg_types`; fill it with a nested Builder.
  // Example: ir::Region r = b.region({s, s}, [&](Builder& rb, const std::vector<int>& a) { return {rb.add(a[0], a[1])}; });
  template <class F>
  ir::Region region(const std::vector<TensorType>& arg_types, F&& body);

  // Appends an op built elsewhere (its values already numbered in this function).
  void push(ir::Op op) { out_->push_back(std::move(op)); }

  int line() const { return line_; }
  const std::string& origin() const { return origin_; }

 private:
  ir::Function* fn_;
  std::vector<ir::Op>* out_;
  int line_;
  std::string origin_;
};

// The attribute helpers rewrites share.
ir::Attr int_attr(int64_t v);
ir::Attr bool_attr(bool v);
ir::Attr array_attr(std::vector<int64_t> v);
ir::Attr enum_attr(const char* name, const char* value);

template <class F>
ir::Region Builder::region(const std::vector<TensorType>& arg_types, F&& body) {
  ir::Region r;
  for (const TensorType& t : arg_types) r.args.push_back(value(t));
  Builder inner(fn_, &r.ops, ir::Op{});
  inner.line_ = line_;
  inner.origin_ = origin_;
  std::vector<int> rets = body(inner, r.args);
  ir::Op& ret = inner.emit(ir::OpKind::kReturn, rets, {});
  (void)ret;
  return r;
}

}  // namespace tsmlx::cpu::lower
