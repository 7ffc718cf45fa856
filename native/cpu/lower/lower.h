// Rewrites a parsed module into the ops the verifier and the runtime know, before verification:
//   - func.call: the callee's body is inlined (recursively; a call cycle is an error);
//   - stablehlo.custom_call: LAPACK targets of JAX's CPU lowering (potrf, trsm) become
//     cholesky / triangular_solve; any other target fails naming it (custom_call.cc);
//   - dynamic_* ops whose shape operands are constants become their static forms, map becomes
//     its body applied elementwise, optimization_barrier disappears (dynamic.cc);
//   - CHLO ops are decomposed into StableHLO (chlo.cc, where each one's accuracy is stated).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "ir/ir.h"

namespace tsmlx::cpu::lower {

// Rewrites the entry function `entry` of m in place (the other functions are only read).
// Throws EngineError naming the op ("line 4: [stablehlo.custom_call] ...") for what cannot be rewritten.
// Example: lower_module(&module, entry); verifier::verify_function(&module.funcs[entry]);
void lower_module(ir::Module* m, size_t entry);

class Builder;

// The rewrite of one op (kRewritten group) of fn: its replacement ops go to b; returns the values
// that stand for the op's results, in order. In chlo.cc, custom_call.cc and dynamic.cc.
std::vector<int> rewrite_chlo(Builder& b, const ir::Op& op);
std::vector<int> rewrite_custom_call(Builder& b, const ir::Op& op);
// `constant_of(id)` is the value of a stablehlo.constant, or nullptr for any other value.
std::vector<int> rewrite_dynamic(Builder& b, const ir::Op& op, const std::function<const Tensor*(int)>& constant_of);

}  // namespace tsmlx::cpu::lower
