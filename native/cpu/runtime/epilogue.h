// Convolution epilogues: a forward convolution whose result only feeds a fused group that adds
// a per-feature bias and, optionally, applies relu (select(x <= 0, +0, x)) runs as one oneDNN
// primitive with the bias and relu applied before the output is stored, so the convolution's
// raw output is never materialised and the group's pass over memory disappears. When the
// group also hands out relu's mask (x <= 0, kept for the gradient), the mask is computed from
// the output (y <= 0 exactly when x <= 0, NaN included).
//
// oneDNN's relu maps NaN to 0 where the graph's select keeps it, so relu goes into the
// primitive only when no NaN can reach it: every operand finite and a bound on |conv + bias|
// (max |lhs| times each feature's sum of |weights|, plus |bias|) far below the f32 range. The
// bound of such an output is kept for the run, so a convolution reading it needs no scan.
// Otherwise the primitive adds the bias only and relu runs as a separate exact pass.
#pragma once

#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"
#include "runtime/fusion.h"

namespace tsmlx::cpu::runtime {

// One convolution with its epilogue.
struct ConvEpiloguePlan {
  int conv_op = -1;   // the convolution (top-level op index)
  int group = -1;     // the fused group it replaces
  int bias = -1;      // the bias vector (SSA id)
  bool relu = false;  // relu after the bias
  int out = -1;       // the group's output: relu's (or the add's) result (SSA id)
  int mask = -1;      // the group's other output, relu's mask (SSA id), or -1
};

// The largest |x| over an f32 tensor, or +inf when it holds NaN or an infinity.
// Example: float m = max_abs(x);
float max_abs(const Tensor& x);

// A bound on |conv + bias| for a convolution whose lhs is bounded by lhs_bound, with weights
// `rhs` (output features along dim k_out) and `bias`; +inf when NaN or an infinity may occur.
// Example: float b = epilogue_bound(max_abs(x), w, conv.k_out, bias);
float epilogue_bound(float lhs_bound, const Tensor& rhs, int64_t k_out, const Tensor& bias);

// y = select(y <= 0, +0, y) over an f32 tensor, in place. Example: relu_in_place(y);
void relu_in_place(Tensor& y);

// mask = (y <= 0) over an f32 tensor into an i1 one. Example: relu_mask(y, m);
void relu_mask(const Tensor& y, Tensor& mask);

// y += bias along dim `feature` of y (f32). Example: add_bias(y, b, 3);
void add_bias(Tensor& y, const Tensor& bias, int64_t feature);

// The convolutions of fn (with its fusion plan) that take an epilogue oneDNN can run.
// Example: for (const ConvEpiloguePlan& e : plan_conv_epilogues(fn, fusion)) ...
std::vector<ConvEpiloguePlan> plan_conv_epilogues(const ir::Function& fn, const FusionPlan& fusion);

}  // namespace tsmlx::cpu::runtime
