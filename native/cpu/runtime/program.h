// The runnable Program: a verified entry function whose ops run in order over tensors.
#pragma once

#include <memory>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::runtime {

// Wraps a verified module; `entry` indexes its function to run.
// Example: auto p = make_program(std::move(module), 0);
std::unique_ptr<Program> make_program(ir::Module module, size_t entry);

}  // namespace tsmlx::cpu::runtime
