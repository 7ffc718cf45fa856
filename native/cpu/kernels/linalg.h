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

// LU factorization with partial pivoting of each [m, n] matrix, as LAPACK's getrf: out holds
// L (unit diagonal, not stored) below the diagonal and U on and above it; pivots (i32,
// min(m, n) per matrix) the 1-based row swapped with row j at step j; info (i32 per matrix) the
// 1-based index of the first zero pivot, 0 when there is none.
// Example: lu(a, out, pivots, info);
void lu(const Tensor& a, Tensor& out, Tensor& pivots, Tensor& info);

}  // namespace tsmlx::cpu::kernels
