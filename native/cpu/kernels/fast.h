// Fast kernels beside the reference ones: each returns false when it does not cover the
// case (the caller then runs the reference kernel) and is tested against that kernel.
#pragma once

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::kernels {

// f32 convolution with one feature/batch group as blocked im2col + sgemm.
// Example: if (!fast_convolution(x, w, op.p.conv, out)) convolution(x, w, op.p.conv, out);
bool fast_convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out);

}  // namespace tsmlx::cpu::kernels
