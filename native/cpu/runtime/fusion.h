// Elementwise fusion: maximal groups of f32, i1, s32 and u32 elementwise ops (unary, binary,
// compare, select, clamp, convert among those types) with the broadcast_in_dim and reshape
// ops that feed them, run as one loop over the output in tiles. Each op of a group runs as a
// plain loop over a tile held in a small scratch slot (L1/L2), so a chain reads its inputs
// and writes its outputs once instead of once per op.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::runtime {

// Elements per tile of a fused loop.
constexpr int64_t kFusedTile = 1024;

struct FusedCode;  // the group's compiled tile program (fusion.cc)

// One fused group of a function's top-level ops.
struct FusedGroup {
  std::vector<int> members;  // op indices in the function body, in program order
  int exec_op = -1;          // the member where the group runs (its last member)
  int64_t elements = 0;      // elements of every value in the group
  std::vector<int> leaves;   // values read from outside the group (SSA ids)
  std::vector<int> outputs;  // member results used outside the group (SSA ids)
  // For each leaf: true when every member reads it element for element (never through a
  // broadcast), so that an output of the same byte size may take its storage.
  std::vector<bool> leaf_linear;
  std::shared_ptr<const FusedCode> code;

  // Runs the group over the given leaves and outputs (in the order of `leaves` and
  // `outputs`). out_aliases_leaf[k] says output k shares storage with some leaf.
  // Example: g.run(leaf_tensors, out_tensors, aliased);
  void run(const std::vector<const Tensor*>& leaf_tensors, const std::vector<Tensor*>& out_tensors,
           const std::vector<bool>& out_aliases_leaf) const;
};

// The fusion of a function body: groups, and for each op its group (-1 when unfused).
struct FusionPlan {
  std::vector<FusedGroup> groups;
  std::vector<int> group_of;
};

// Groups the function body's top-level ops. Example: FusionPlan p = plan_fusion(fn);
FusionPlan plan_fusion(const ir::Function& fn);

}  // namespace tsmlx::cpu::runtime
