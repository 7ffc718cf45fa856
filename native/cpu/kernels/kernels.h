// Reference kernels, one entry point per op family. Inputs are verified by the time a
// kernel runs; outputs arrive allocated with their result types and are fully written.
#pragma once

#include <functional>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::kernels {

// constant: copies the compiled value. Example: constant(op.p.constant, out);
void constant(const Tensor& value, Tensor& out);
// iota: out[..., i, ...] = i along `axis`.
void iota(int64_t axis, Tensor& out);
// convert between any two element types (float->int truncates and saturates, NaN -> 0).
void convert(const Tensor& in, Tensor& out);
// One-operand elementwise ops (negate .. not, except convert).
void unary(ir::OpKind kind, const Tensor& in, Tensor& out);
// is_finite: an i1 per element, true unless the element is NaN or infinite.
void is_finite(const Tensor& x, Tensor& out);
// bitcast_convert: the bytes unchanged (little-endian element order for width changes).
void bitcast_convert(const Tensor& x, Tensor& out);
// Two-operand elementwise ops (add .. xor) over equal shapes.
void binary(ir::OpKind kind, const Tensor& a, const Tensor& b, Tensor& out);
// compare: out (i1) = a <dir> b under `type` (kDefault picks by element type).
void compare(ir::CompareDir dir, ir::CompareType type, const Tensor& a, const Tensor& b, Tensor& out);
// select: pred may be a scalar.
void select(const Tensor& pred, const Tensor& on_true, const Tensor& on_false, Tensor& out);
// clamp: lo and hi may be scalars.
void clamp(const Tensor& lo, const Tensor& x, const Tensor& hi, Tensor& out);

// Data movement (type-agnostic, by element size).
void broadcast_in_dim(const Tensor& in, const std::vector<int64_t>& dims, Tensor& out);
void reshape(const Tensor& in, Tensor& out);
void transpose(const Tensor& in, const std::vector<int64_t>& perm, Tensor& out);
void slice(const Tensor& in, const std::vector<int64_t>& starts, const std::vector<int64_t>& strides, Tensor& out);
void concatenate(const std::vector<const Tensor*>& ins, int64_t axis, Tensor& out);
void pad(const Tensor& in, const Tensor& value, const std::vector<int64_t>& low, const std::vector<int64_t>& interior,
         Tensor& out);

// Evaluates a reduction body on scalars: args[0..N) accumulators then args[N..2N) elements,
// each pointing at one element; writes N results.
using ScalarBody = std::function<void(const void* const* args, void* const* results)>;
// reduce: ins[k] reduced over `dims` starting from inits[k]. `fast` names a single
// add/multiply/maximum/minimum/and/or body (N == 1), or is kReturn to call `body`.
void reduce(const std::vector<const Tensor*>& ins, const std::vector<const Tensor*>& inits,
            const std::vector<int64_t>& dims, ir::OpKind fast, const ScalarBody& body, const std::vector<Tensor*>& outs);

// dot_general: result dims = batch, lhs free, rhs free.
void dot_general(const Tensor& lhs, const Tensor& rhs, const ir::DotDims& dims, Tensor& out);

// Copies an N-d block element by element: dst[sum i*dst_strides] = src[sum i*src_strides]
// over all indices i of `dims` (strides in elements). Example: a transpose is a copy with
// permuted source strides.
void strided_copy(size_t elem_size, const std::vector<int64_t>& dims, const void* src,
                  const std::vector<int64_t>& src_strides, void* dst, const std::vector<int64_t>& dst_strides);
// Row-major strides (in elements) of `dims`.
std::vector<int64_t> row_major_strides(const std::vector<int64_t>& dims);

}  // namespace tsmlx::cpu::kernels
