// Verifier rules of the linear algebra family: cholesky and triangular_solve, as the StableHLO
// specification states them (batch dimensions first, square matrices last).
#include <algorithm>

#include "verifier/checker.h"

namespace tsmlx::cpu::verifier {
namespace {

using ir::Attr;
using ir::AttrKind;
using ir::Op;
using ir::OpKind;

bool bool_attr(const Op& op, Checker& c, const char* key, bool fallback) {
  const Attr* a = op.attr(key);
  if (a == nullptr) return fallback;
  if (a->kind != AttrKind::kBool) c.fail(op, std::string("attribute ") + key + " must be true or false");
  return a->b;
}

void need_square(const Op& op, Checker& c, const TensorType& a, const char* what) {
  const size_t r = a.dims.size();
  if (r < 2 || a.dims[r - 1] != a.dims[r - 2])
    c.fail(op, std::string(what) + " must be square matrices [..., n, n], got " + a.to_string());
}

void cholesky(Op& op, Checker& c) {
  const bool lapack = bool_attr(op, c, "tsmlx.lapack_info", false);
  c.expect_counts(op, 1, lapack ? 2 : 1);
  const TensorType& a = c.type(op.operands[0]);
  if (!is_float(a.type)) c.fail(op, "needs a float operand, got " + a.to_string());
  need_square(op, c, a, "the operand");
  c.expect_result(op, 0, a);
  if (lapack) {
    TensorType info{ElementType::kS32, std::vector<int64_t>(a.dims.begin(), a.dims.end() - 2)};
    c.expect_result(op, 1, info);
  }
  op.p.lower = bool_attr(op, c, "lower", false);
  op.p.keep_other_triangle = lapack;
}

void triangular_solve(Op& op, Checker& c) {
  c.expect_counts(op, 2, 1);
  const TensorType &a = c.type(op.operands[0]), &b = c.type(op.operands[1]);
  if (!is_float(a.type)) c.fail(op, "needs float operands, got " + a.to_string());
  if (a.type != b.type) c.fail(op, "element types of a " + a.to_string() + " and b " + b.to_string() + " differ");
  need_square(op, c, a, "a");
  const size_t r = a.dims.size();
  if (b.dims.size() != r) c.fail(op, "a " + a.to_string() + " and b " + b.to_string() + " differ in rank");
  for (size_t i = 0; i + 2 < r; ++i)
    if (a.dims[i] != b.dims[i]) c.fail(op, "batch dims of a " + a.to_string() + " and b " + b.to_string() + " differ");
  op.p.left_side = bool_attr(op, c, "left_side", true);
  op.p.lower = bool_attr(op, c, "lower", true);
  op.p.unit_diagonal = bool_attr(op, c, "unit_diagonal", false);
  const int64_t n = a.dims[r - 1];
  const int64_t along = op.p.left_side ? b.dims[r - 2] : b.dims[r - 1];
  if (along != n)
    c.fail(op, std::string(op.p.left_side ? "left_side: b's rows" : "right side: b's columns") + " (" +
                   std::to_string(along) + ") must equal a's size " + std::to_string(n) + " (a " + a.to_string() +
                   ", b " + b.to_string() + ")");
  op.p.transpose_a = false;
  if (const Attr* t = op.attr("transpose_a")) {
    if (t->kind != AttrKind::kEnum) c.fail(op, "transpose_a must be #stablehlo<transpose ...>");
    if (t->value == "TRANSPOSE" || t->value == "ADJOINT") op.p.transpose_a = true;
    else if (t->value != "NO_TRANSPOSE") c.fail(op, "unknown transpose_a " + t->value);
  }
  c.expect_result(op, 0, b);
}

void lu(Op& op, Checker& c) {
  c.expect_counts(op, 1, 3);
  const TensorType& a = c.type(op.operands[0]);
  if (!is_float(a.type) || a.dims.size() < 2) c.fail(op, "needs float matrices [..., m, n], got " + a.to_string());
  c.expect_result(op, 0, a);
  std::vector<int64_t> batch(a.dims.begin(), a.dims.end() - 2);
  std::vector<int64_t> piv = batch;
  piv.push_back(std::min(a.dims[a.dims.size() - 2], a.dims.back()));
  c.expect_result(op, 1, TensorType{ElementType::kS32, piv});
  c.expect_result(op, 2, TensorType{ElementType::kS32, batch});
}

}  // namespace

void verify_linalg_op(ir::Op* op, Checker& c) {
  if (!op->regions.empty()) c.fail(*op, "does not take regions");
  switch (op->kind) {
    case OpKind::kCholesky: return cholesky(*op, c);
    case OpKind::kTriangularSolve: return triangular_solve(*op, c);
    case OpKind::kLu: return lu(*op, c);
    default: c.fail(*op, "has no verifier", kUnimplemented);
  }
}

}  // namespace tsmlx::cpu::verifier
