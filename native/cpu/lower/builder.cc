// Builder: see builder.h.
#include "lower/builder.h"

#include <cstring>

#include "engine/numeric.h"
#include "engine/status.h"

namespace tsmlx::cpu::lower {

ir::Attr int_attr(int64_t v) {
  ir::Attr a;
  a.kind = ir::AttrKind::kInt;
  a.i = v;
  return a;
}

ir::Attr bool_attr(bool v) {
  ir::Attr a;
  a.kind = ir::AttrKind::kBool;
  a.b = v;
  return a;
}

ir::Attr array_attr(std::vector<int64_t> v) {
  ir::Attr a;
  a.kind = ir::AttrKind::kArray;
  a.ints = std::move(v);
  return a;
}

ir::Attr enum_attr(const char* name, const char* value) {
  ir::Attr a;
  a.kind = ir::AttrKind::kEnum;
  a.s = name;
  a.value = value;
  return a;
}

int Builder::value(const TensorType& t) {
  const int id = static_cast<int>(fn_->value_types.size());
  fn_->value_types.push_back(t);
  fn_->value_names.push_back("." + std::to_string(id));
  return id;
}

ir::Op& Builder::emit(ir::OpKind kind, const std::vector<int>& operands, const std::vector<TensorType>& results) {
  ir::Op op;
  op.kind = kind;
  op.name = ir::op_name(kind);
  op.line = line_;
  op.operands = operands;
  for (int v : operands) op.sig_operand_types.push_back(type(v));
  for (const TensorType& t : results) {
    op.results.push_back(value(t));
    op.sig_result_types.push_back(t);
  }
  out_->push_back(std::move(op));
  return out_->back();
}

int Builder::emit1(ir::OpKind kind, const std::vector<int>& operands, const TensorType& result) {
  return emit(kind, operands, {result}).results[0];
}

int Builder::constant_bits(uint64_t bits, const TensorType& t) {
  TensorType scalar{t.type, {}};
  ir::Attr v;
  v.kind = ir::AttrKind::kDense;
  v.dense.type = scalar;
  v.dense.storage = Storage::allocate(element_size(t.type));
  if (!v.dense.storage) throw EngineError{kResourceExhausted, "out of memory while rewriting " + origin_};
  std::memcpy(v.dense.storage->data(), &bits, element_size(t.type));
  ir::Op& c = emit(ir::OpKind::kConstant, {}, {scalar});
  c.attrs.emplace_back("value", std::move(v));
  const int id = c.results[0];
  if (t.dims.empty()) return id;
  return broadcast(id, t, {});
}

int Builder::constant(double v, const TensorType& t) {
  uint64_t bits = 0;
  visit_type(t.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    StorageT<E> s;
    if constexpr (kIsFloat<E>) {
      s = from_double<E>(v);
    } else if constexpr (kIsPred<E>) {
      s = static_cast<StorageT<E>>(v != 0);
    } else {
      s = static_cast<StorageT<E>>(static_cast<int64_t>(v));
    }
    std::memcpy(&bits, &s, sizeof(s));
  });
  return constant_bits(bits, t);
}

int Builder::compare(ir::CompareDir dir, int a, int b, const char* compare_type) {
  static const char* kDirs[] = {"EQ", "NE", "GE", "GT", "LE", "LT"};
  const ElementType e = type(a).type;
  const bool is_float = e == ElementType::kF16 || e == ElementType::kBF16 || e == ElementType::kF32 ||
                        e == ElementType::kF64;
  const bool is_unsigned = e == ElementType::kPred || e == ElementType::kU8 || e == ElementType::kU16 ||
                           e == ElementType::kU32 || e == ElementType::kU64;
  ir::Op& op = emit(ir::OpKind::kCompare, {a, b}, {TensorType{ElementType::kPred, type(a).dims}});
  op.attrs.emplace_back("comparison_direction", enum_attr("comparison_direction", kDirs[static_cast<int>(dir)]));
  op.attrs.emplace_back("compare_type",
                        enum_attr("comparison_type", compare_type ? compare_type
                                                     : is_float  ? "FLOAT"
                                                     : is_unsigned ? "UNSIGNED"
                                                                   : "SIGNED"));
  return op.results[0];
}

int Builder::select(int pred, int on_true, int on_false) {
  return emit1(ir::OpKind::kSelect, {pred, on_true, on_false}, type(on_true));
}

int Builder::convert(int x, ElementType to) {
  if (type(x).type == to) return x;
  return emit1(ir::OpKind::kConvert, {x}, TensorType{to, type(x).dims});
}

int Builder::bitcast(int x, ElementType to) {
  return emit1(ir::OpKind::kBitcastConvert, {x}, TensorType{to, type(x).dims});
}

int Builder::broadcast(int x, const TensorType& to, const std::vector<int64_t>& dims) {
  ir::Op& op = emit(ir::OpKind::kBroadcastInDim, {x}, {TensorType{type(x).type, to.dims}});
  op.attrs.emplace_back("broadcast_dimensions", array_attr(dims));
  return op.results[0];
}

int Builder::slice(int x, const std::vector<int64_t>& start, const std::vector<int64_t>& limit) {
  TensorType t{type(x).type, {}};
  for (size_t i = 0; i < start.size(); ++i) t.dims.push_back(limit[i] - start[i]);
  ir::Op& op = emit(ir::OpKind::kSlice, {x}, {t});
  op.attrs.emplace_back("start_indices", array_attr(start));
  op.attrs.emplace_back("limit_indices", array_attr(limit));
  op.attrs.emplace_back("strides", array_attr(std::vector<int64_t>(start.size(), 1)));
  return op.results[0];
}

int Builder::iota(const TensorType& t, int64_t dim) {
  ir::Op& op = emit(ir::OpKind::kIota, {}, {t});
  op.attrs.emplace_back("iota_dimension", int_attr(dim));
  return op.results[0];
}

}  // namespace tsmlx::cpu::lower
