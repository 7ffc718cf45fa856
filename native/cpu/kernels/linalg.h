// Linear algebra kernels: Cholesky factorization and triangular solves over batches of square
// matrices (the last two dims), accumulating in f64 for every float type.
#pragma once

#include "engine/engine.h"

namespace tsmlx::cpu::kernels {

// out = the Cholesky factor of a (its `lower` or upper triangle is read). The other triangle is
// zero, or a's own values when keep_other_triangle (LAPACK's potrf). A matrix that is not
// positive definite gives NaN everywhere, or with `info` (i32 per matrix) keeps the columns done
// and sets info to the 1-based column that failed (0 on success).
// Example: cholesky(a, true, false, out, nullptr);
void cholesky(const Tensor& a, bool lower, bool keep_other_triangle, Tensor& out, Tensor* info);

// out = x with op(a) x = b (left_side) or x op(a) = b, a triangular (lower or upper, only that
// triangle read; a unit diagonal is not read), op(a) = a or its transpose.
// Example: triangular_solve(a, b, true, true, false, false, out);
void triangular_solve(const Tensor& a, const Tensor& b, bool left_side, bool lower, bool unit_diagonal,
                      bool transpose_a, Tensor& out);

}  // namespace tsmlx::cpu::kernels
