// reduce's fast paths for one operand and a one-op body, beside the strictly sequential
// reference they are tested against (native/cpu/test/reduce_test.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"

namespace tsmlx::cpu::kernels {

// Reduces `in` over `dims` into `out` starting from `init`, for the layouts that collapse to
// [A, M, C] -> [A, C] (leading or middle dims reduced), [M, K] -> [M] (trailing dims reduced)
// or [K] -> [] (everything), with an add/multiply/maximum/minimum/and/or body. Returns false,
// writing nothing, for any other case (the caller then runs reduce_sequential). The summation
// order it uses is described at the top of fast_reduce.cc.
// Example: if (!fast_reduce(x, init, {0, 1, 2}, ir::OpKind::kAdd, out)) reduce_sequential(...);
bool fast_reduce(const Tensor& in, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op, Tensor& out);

// The reference typed reduction: out = init, then every output combines its inputs one by
// one in increasing (row-major) order. Example: reduce_sequential(x, init, {1}, ir::OpKind::kMaximum, out);
void reduce_sequential(const Tensor& in, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op,
                       Tensor& out);

}  // namespace tsmlx::cpu::kernels
