// Kernels of the window group: convolution (kernels/conv.cc), reduce_window,
// select_and_scatter and reverse (kernels/window.cc). Inputs are verified when they run.
#pragma once

#include <functional>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {

// convolution with any dimension numbers, strides, padding (negative crops), lhs/rhs
// dilation, window reversal and feature or batch groups. f16/bf16 accumulate in f32,
// integers wrap. Example: convolution(lhs, rhs, op.p.conv, out);
void convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out);

// reduce_window: ins[k] reduced over each window starting from inits[k]; padding and base
// dilation holes hold the init value. `fast` names a one-op body (N == 1) or is kReturn to
// call `body` (args: N accumulators, then N elements).
void reduce_window(const std::vector<const Tensor*>& ins, const std::vector<const Tensor*>& inits,
                   const ir::WindowDims& w, ir::OpKind fast, const ScalarBody& body, const std::vector<Tensor*>& outs);

// The select region on scalars: true keeps the current pick `a` over the element `b`.
using SelectFn = std::function<bool(const void* a, const void* b)>;

// select_and_scatter: for each window (padding never selected) the element picked by
// `select` (w.fast_select: a compare in w.select_dir) gets source[window] combined into
// the result (which starts at init) by `fast_scatter` or, when that is kReturn, `scatter`.
void select_and_scatter(const Tensor& operand, const Tensor& source, const Tensor& init, const ir::WindowDims& w,
                        const SelectFn& select, ir::OpKind fast_scatter, const ScalarBody& scatter, Tensor& out);

// reverse: out = in with the listed dims reversed.
void reverse(const Tensor& in, const std::vector<int64_t>& dims, Tensor& out);

}  // namespace tsmlx::cpu::kernels
