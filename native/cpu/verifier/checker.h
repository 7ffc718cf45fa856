// What the verifier of an op group needs from the function verifier: value types, region
// checks, the count/result checks and failure reporting, and the element-type classes every
// group's rules use. Lets op groups keep their rules in their own files.
#pragma once

#include <string>
#include <vector>

#include "engine/status.h"
#include "ir/ir.h"

namespace tsmlx::cpu::verifier {

// Element-type classes. Example: if (!is_float(t.type)) c.fail(op, "needs a float operand");
inline bool is_float(ElementType t) {
  return t == ElementType::kF16 || t == ElementType::kBF16 || t == ElementType::kF32 || t == ElementType::kF64;
}
inline bool is_pred(ElementType t) { return t == ElementType::kPred; }
inline bool is_unsigned(ElementType t) {
  return t == ElementType::kU8 || t == ElementType::kU16 || t == ElementType::kU32 || t == ElementType::kU64;
}
inline bool is_int(ElementType t) { return !is_float(t) && !is_pred(t) && t != ElementType::kInvalid; }

// "[1, 2, 3]". Example: c.fail(op, "permutation " + dims_str(perm) + " is not a permutation");
inline std::string dims_str(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

// Implemented by the function verifier. Example: c.fail(op, "needs 2 operands");
class Checker {
 public:
  virtual ~Checker() = default;
  // The type of SSA value `id`.
  virtual const TensorType& type(int id) const = 0;
  // Verifies a region body: its ops, ending in stablehlo.return.
  virtual void verify_region(ir::Region* region) = 0;
  // Throws "line L: [op] msg".
  [[noreturn]] void fail(const ir::Op& op, const std::string& msg, int code = kInvalidArgument) const {
    throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
  }
  // Fails unless op has `operands` operands and `results` results. Example: c.expect_counts(op, 2, 1);
  void expect_counts(const ir::Op& op, size_t operands, size_t results) const {
    if (op.operands.size() != operands)
      fail(op, "expects " + std::to_string(operands) + " operands, got " + std::to_string(op.operands.size()));
    if (op.results.size() != results)
      fail(op, "expects " + std::to_string(results) + " results, got " + std::to_string(op.results.size()));
  }
  // Fails unless result i has type `want`. Example: c.expect_result(op, 0, in);
  void expect_result(const ir::Op& op, size_t i, const TensorType& want) const {
    const TensorType& got = type(op.results[i]);
    if (got != want) fail(op, "result type " + got.to_string() + " does not match the expected " + want.to_string());
  }
};

// Verifies one op of the indexing family (ir::Family::kIndexing) and fills its Params.
// Example: verify_indexing_op(&op, checker);
void verify_indexing_op(ir::Op* op, Checker& c);

// Verifies one op of the window family (ir::Family::kWindow) and fills its Params.
// Example: verify_window_op(&op, checker);
void verify_window_op(ir::Op* op, Checker& c);

}  // namespace tsmlx::cpu::verifier
