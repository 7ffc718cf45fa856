// oneDNN-backed kernels. Each returns false when it does not cover the case (the caller then
// runs the next kernel in line) and is tested against the reference kernels (test/dnnl_test.cc).
#pragma once

#include <string>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::kernels {

// How a StableHLO convolution maps onto oneDNN: its forward pass, its gradient by the input
// (lhs dilation = the forward's strides) or its gradient by the kernel (the kernel spatially
// larger than the output), or none.
enum class DnnlConvKind { kNone, kForward, kBackwardData, kBackwardWeights };

// Elementwise work a forward convolution does on its output before storing it:
//   out = relu(conv + bias[feature])   (relu: select(x <= 0, +0, x))
// with `bias` an f32 vector over the output features (nullptr: none). Results are bit-identical
// to the convolution followed by the add and the select, except that relu turns NaN into 0:
// ask for relu only where no NaN can occur.
// Example: ConvEpilogue e; e.bias = &b; e.relu = true;
struct ConvEpilogue {
  const Tensor* bias = nullptr;
  bool relu = false;
  bool empty() const { return !bias && !relu; }
};

// f32 convolution through oneDNN, for one feature and one batch group, 1 to 3 spatial dims,
// non-negative padding, and either lhs dilation or window strides of 1. A non-empty epilogue
// is taken by forward convolutions only (the others decline).
// Example: if (!dnnl_convolution(x, w, op.p.conv, out)) fast_convolution(x, w, op.p.conv, out);
bool dnnl_convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out,
                      const ConvEpilogue& epilogue = {});

// Which oneDNN primitive dnnl_convolution would run for these operands (kNone: it declines)
// and, through `impl`, oneDNN's name for the implementation it picked. Only the types of the
// tensors are read: their storage may be empty.
// Example: std::string impl; auto kind = dnnl_convolution_kind(x, w, d, out, &impl);
DnnlConvKind dnnl_convolution_kind(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, const Tensor& out,
                                   std::string* impl, const ConvEpilogue& epilogue = {});

}  // namespace tsmlx::cpu::kernels
