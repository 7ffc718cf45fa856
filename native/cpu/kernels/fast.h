// Fast kernels beside the reference ones: each returns false when it does not cover the
// case (the caller then runs the reference kernel) and is tested against that kernel.
#pragma once

#include "engine/engine.h"
#include "ir/ir.h"
#include "kernels/dnnl.h"  // dnnl_convolution, tried before fast_convolution

namespace tsmlx::cpu::kernels {

// f32 convolution with one feature/batch group as blocked im2col + sgemm.
// Example: if (!fast_convolution(x, w, op.p.conv, out)) convolution(x, w, op.p.conv, out);
bool fast_convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out);

}  // namespace tsmlx::cpu::kernels

namespace tsmlx::cpu::kernels {

// f32 reduce_window with a maximum body over channels-last windows (innermost dim: window
// 1, stride 1, no padding; no dilations). Example: fast_max_pool(x, init, op.p.window, out);
bool fast_max_pool(const Tensor& in, const Tensor& init, const ir::WindowDims& w, Tensor& out);

// select_and_scatter of max-pooling's gradient (select >=, scatter add) over the same
// windows. Example: fast_max_pool_grad(x, dy, init, op.p.window, op.p.fast_body, out);
bool fast_max_pool_grad(const Tensor& operand, const Tensor& source, const Tensor& init, const ir::WindowDims& w,
                        ir::OpKind scatter, Tensor& out);

}  // namespace tsmlx::cpu::kernels
