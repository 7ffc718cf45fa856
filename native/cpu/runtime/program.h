// The runnable Program: a verified entry function compiled to an execution plan (fused
// elementwise groups, buffer reuse, in-place updates) and run over tensors.
#pragma once

#include <cstddef>
#include <memory>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::runtime {

// How the plan is built. Example: PlanOptions o; o.fuse = false;
struct PlanOptions {
  bool fuse = true;      // run elementwise chains as fused loops
  bool in_place = true;  // let results take the storage of dying operands and donated arguments
  bool conv_epilogues = true;  // run bias (+ relu) after a convolution inside its oneDNN primitive
  size_t pool_bytes = size_t{1} << 30;  // idle buffers the program keeps for reuse
  bool dump = false;                    // print the plan to stderr when compiled
  bool profile = false;                 // time every step; print the totals when the program goes
  // The defaults, with TSMLX_FUSION=0 / TSMLX_IN_PLACE=0 / TSMLX_CONV_EPILOGUE=0 turning those
  // off (for measuring),
  // TSMLX_PLAN_DUMP=1 printing each plan and TSMLX_PROFILE=1 printing where each program's
  // runs spent their time (the costliest steps, by op and result type) when it is destroyed.
  // Example: auto o = PlanOptions::from_environment();
  static PlanOptions from_environment();
};

class StoragePool;

// Wraps a verified module; `entry` indexes its function to run.
// Example: auto p = make_program(std::move(module), 0);
std::unique_ptr<Program> make_program(ir::Module module, size_t entry);
// The same with explicit options. Example: auto p = make_program(std::move(m), 0, PlanOptions{});
std::unique_ptr<Program> make_program(ir::Module module, size_t entry, const PlanOptions& options);

// The storage pool of a Program made by make_program (nullptr for any other Program).
// Example: size_t n = pool_of(*program)->created();
const StoragePool* pool_of(const Program& program);

}  // namespace tsmlx::cpu::runtime
