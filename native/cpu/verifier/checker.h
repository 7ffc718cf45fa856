// What the verifier of an op group needs from the function verifier: value types, region
// checks and failure reporting. Lets op groups keep their rules in their own files.
#pragma once

#include <string>
#include <vector>

#include "engine/status.h"
#include "ir/ir.h"

namespace tsmlx::cpu::verifier {

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
};

// Verifies one op of the indexing group (ir::is_indexing_group) and fills its Params.
// Example: verify_indexing_op(&op, checker);
void verify_indexing_op(ir::Op* op, Checker& c);

// Verifies one op of the window group (ir::is_window_group) and fills its Params.
// Example: verify_window_op(&op, checker);
void verify_window_op(ir::Op* op, Checker& c);

}  // namespace tsmlx::cpu::verifier
