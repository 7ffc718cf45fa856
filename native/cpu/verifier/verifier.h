// Checks a parsed module: SSA types against each op's written signature, per-op shape and
// dtype rules, terminators; fills each op's typed Params for the kernels.
#pragma once

#include "ir/ir.h"

namespace tsmlx::cpu::verifier {

// Verifies `fn` in place; throws EngineError "line L: [op] ..." on the first problem.
// Example: verify_function(&module.funcs[0]);
void verify_function(ir::Function* fn);

}  // namespace tsmlx::cpu::verifier
