// The ops that StableHLO defines over dynamic shapes, when every shape is static after all (the
// shape operands are constants): they become their static forms. Also map (its body applied
// elementwise to whole tensors) and optimization_barrier (the identity here).
#include <string>
#include <unordered_map>

#include "engine/status.h"
#include "lower/builder.h"
#include "lower/lower.h"

namespace tsmlx::cpu::lower {
namespace {

using ir::Op;
using ir::OpKind;

[[noreturn]] void fail(const Op& op, const std::string& msg, int code = kInvalidArgument) {
  throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
}

// The integers of a constant operand (a 1-d i32/i64 tensor), or fails naming which operand.
std::vector<int64_t> constant_ints(const Op& op, size_t i, const char* what,
                                   const std::function<const Tensor*(int)>& constant_of) {
  const Tensor* t = constant_of(op.operands[i]);
  if (t == nullptr)
    fail(op, std::string(what) + " (operand #" + std::to_string(i) +
                 ") must be a constant: shapes are static here",
         kUnimplemented);
  std::vector<int64_t> v(static_cast<size_t>(t->type.num_elements()));
  for (size_t k = 0; k < v.size(); ++k) {
    switch (t->type.type) {
      case ElementType::kS64:
      case ElementType::kU64: v[k] = static_cast<const int64_t*>(t->storage->data())[k]; break;
      case ElementType::kS32: v[k] = static_cast<const int32_t*>(t->storage->data())[k]; break;
      case ElementType::kU32: v[k] = static_cast<const uint32_t*>(t->storage->data())[k]; break;
      default: fail(op, std::string(what) + " must hold integers, got " + t->type.to_string());
    }
  }
  return v;
}

void expect_operands(const Op& op, size_t n) {
  if (op.operands.size() != n)
    fail(op, "expects " + std::to_string(n) + " operands, got " + std::to_string(op.operands.size()));
  if (op.results.size() != 1) fail(op, "expects 1 result, got " + std::to_string(op.results.size()));
}

// The attributes of `op` except those named in `drop`.
std::vector<std::pair<std::string, ir::Attr>> attrs_except(const Op& op, std::initializer_list<const char*> drop) {
  std::vector<std::pair<std::string, ir::Attr>> out;
  for (const auto& [k, v] : op.attrs) {
    bool skip = false;
    for (const char* d : drop) skip = skip || k == d;
    if (!skip) out.emplace_back(k, v);
  }
  return out;
}

std::vector<int> map(Builder& b, const Op& op) {
  if (op.regions.size() != 1) fail(op, "needs one body region");
  if (op.results.size() != 1) fail(op, "expects 1 result");
  const ir::Region& body = op.regions[0];
  if (body.args.size() != op.operands.size())
    fail(op, "body takes " + std::to_string(body.args.size()) + " arguments for " +
                 std::to_string(op.operands.size()) + " operands");
  const TensorType& rt = b.type(op.results[0]);
  std::unordered_map<int, int> full;  // body value -> whole-tensor value
  for (size_t i = 0; i < body.args.size(); ++i) {
    const TensorType& in = b.type(op.operands[i]);
    if (in.dims != rt.dims) fail(op, "operand " + in.to_string() + " and result " + rt.to_string() + " differ in shape");
    if (b.type(body.args[i]) != TensorType{in.type, {}})
      fail(op, "body argument #" + std::to_string(i) + " is " + b.type(body.args[i]).to_string() + ", expected " +
                   TensorType{in.type, {}}.to_string());
    full[body.args[i]] = op.operands[i];
  }
  for (const Op& inner : body.ops) {
    if (inner.kind == OpKind::kReturn) {
      if (inner.operands.size() != 1) fail(op, "body returns " + std::to_string(inner.operands.size()) + " values");
      auto it = full.find(inner.operands[0]);
      if (it == full.end()) fail(op, "body returns a value it does not compute", kUnimplemented);
      return {it->second};
    }
    const ir::OpGroup g = ir::traits(inner.kind).group;
    if (inner.kind == OpKind::kConstant) {
      if (inner.results.size() != 1 || b.type(inner.results[0]).dims.size() != 0)
        fail(op, "body constants must be scalars", kUnimplemented);
      ir::Op& c = b.emit(OpKind::kConstant, {}, {b.type(inner.results[0])});
      c.attrs = inner.attrs;
      const int scalar = c.results[0];
      full[inner.results[0]] = b.broadcast(scalar, TensorType{b.type(scalar).type, rt.dims}, {});
      continue;
    }
    if (g != ir::OpGroup::kUnary && g != ir::OpGroup::kBinary && g != ir::OpGroup::kElementwise)
      fail(op, "body op " + inner.name + " is not elementwise, so it cannot be applied to whole tensors",
           kUnimplemented);
    std::vector<int> operands;
    for (int v : inner.operands) {
      auto it = full.find(v);
      if (it == full.end()) fail(op, "body op " + inner.name + " uses a value from outside the body", kUnimplemented);
      operands.push_back(it->second);
    }
    std::vector<TensorType> results;
    for (int r : inner.results) results.push_back(TensorType{b.type(r).type, rt.dims});
    ir::Op& e = b.emit(inner.kind, operands, results);
    e.attrs = inner.attrs;
    for (size_t k = 0; k < inner.results.size(); ++k) full[inner.results[k]] = e.results[k];
  }
  fail(op, "body has no stablehlo.return");
}

}  // namespace

std::vector<int> rewrite_dynamic(Builder& b, const Op& op, const std::function<const Tensor*(int)>& constant_of) {
  switch (op.kind) {
    case OpKind::kShardingConstraint:
      expect_operands(op, 1);
      return {op.operands[0]};
    case OpKind::kOptimizationBarrier: {
      if (op.operands.size() != op.results.size()) fail(op, "needs as many results as operands");
      return op.operands;
    }
    case OpKind::kMap: return map(b, op);
    case OpKind::kReal:
    case OpKind::kImag: {
      expect_operands(op, 1);
      const TensorType t = b.type(op.operands[0]);
      if (t != b.type(op.results[0]))
        fail(op, "of a real operand " + t.to_string() + " has its type, not " + b.type(op.results[0]).to_string(),
             kUnimplemented);
      return {op.kind == OpKind::kReal ? op.operands[0] : b.constant(0, t)};
    }
    case OpKind::kGetDimensionSize: {
      expect_operands(op, 1);
      const ir::Attr* d = op.attr("dimension");
      const TensorType t = b.type(op.operands[0]);
      if (d == nullptr || d->kind != ir::AttrKind::kInt || d->i < 0 || d->i >= static_cast<int64_t>(t.dims.size()))
        fail(op, "needs a dimension of " + t.to_string());
      return {b.constant(static_cast<double>(t.dims[d->i]), b.type(op.results[0]))};
    }
    case OpKind::kRealDynamicSlice: {
      expect_operands(op, 4);
      std::vector<int64_t> start = constant_ints(op, 1, "start_indices", constant_of);
      std::vector<int64_t> limit = constant_ints(op, 2, "limit_indices", constant_of);
      std::vector<int64_t> strides = constant_ints(op, 3, "strides", constant_of);
      ir::Op& s = b.emit(OpKind::kSlice, {op.operands[0]}, {b.type(op.results[0])});
      s.attrs.emplace_back("start_indices", array_attr(start));
      s.attrs.emplace_back("limit_indices", array_attr(limit));
      s.attrs.emplace_back("strides", array_attr(strides));
      return {s.results[0]};
    }
    case OpKind::kDynamicIota: {
      expect_operands(op, 1);
      constant_ints(op, 0, "output_shape", constant_of);
      ir::Op& s = b.emit(OpKind::kIota, {}, {b.type(op.results[0])});
      s.attrs = attrs_except(op, {});
      return {s.results[0]};
    }
    case OpKind::kDynamicBroadcastInDim: {
      expect_operands(op, 2);
      constant_ints(op, 1, "output_dimensions", constant_of);
      ir::Op& s = b.emit(OpKind::kBroadcastInDim, {op.operands[0]}, {b.type(op.results[0])});
      s.attrs = attrs_except(op, {"known_expanding_dimensions", "known_nonexpanding_dimensions"});
      return {s.results[0]};
    }
    case OpKind::kDynamicReshape: {
      expect_operands(op, 2);
      constant_ints(op, 1, "output_shape", constant_of);
      return {b.emit1(OpKind::kReshape, {op.operands[0]}, b.type(op.results[0]))};
    }
    case OpKind::kDynamicPad: {
      expect_operands(op, 5);
      std::vector<int64_t> lo = constant_ints(op, 2, "edge_padding_low", constant_of);
      std::vector<int64_t> hi = constant_ints(op, 3, "edge_padding_high", constant_of);
      std::vector<int64_t> in = constant_ints(op, 4, "interior_padding", constant_of);
      ir::Op& s = b.emit(OpKind::kPad, {op.operands[0], op.operands[1]}, {b.type(op.results[0])});
      s.attrs.emplace_back("edge_padding_low", array_attr(lo));
      s.attrs.emplace_back("edge_padding_high", array_attr(hi));
      s.attrs.emplace_back("interior_padding", array_attr(in));
      return {s.results[0]};
    }
    case OpKind::kDynamicConv: {
      expect_operands(op, 3);
      const Tensor* pad = constant_of(op.operands[2]);
      if (pad == nullptr) fail(op, "padding (operand #2) must be a constant: shapes are static here", kUnimplemented);
      ir::Op& s = b.emit(OpKind::kConvolution, {op.operands[0], op.operands[1]}, {b.type(op.results[0])});
      s.attrs = attrs_except(op, {"padding"});
      ir::Attr p;
      p.kind = ir::AttrKind::kDense;
      p.dense = *pad;
      s.attrs.emplace_back("padding", std::move(p));
      return {s.results[0]};
    }
    case OpKind::kDynamicGather: {
      expect_operands(op, 3);
      std::vector<int64_t> sizes = constant_ints(op, 2, "slice_sizes", constant_of);
      ir::Op& s = b.emit(OpKind::kGather, {op.operands[0], op.operands[1]}, {b.type(op.results[0])});
      s.attrs = attrs_except(op, {});
      s.attrs.emplace_back("slice_sizes", array_attr(sizes));
      return {s.results[0]};
    }
    default:
      fail(op, "has no rewrite", kUnimplemented);
  }
}

}  // namespace tsmlx::cpu::lower
