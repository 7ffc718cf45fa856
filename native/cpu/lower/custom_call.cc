// stablehlo.custom_call as JAX's CPU lowering writes it. The LAPACK targets of the common
// linear algebra (jnp.linalg.cholesky, solve, inv, det, jax.scipy.linalg.solve_triangular) become
// the plugin's own cholesky, LU and triangular_solve; `Sharding` (a sharding annotation) is the identity on one
// device. Any other target fails with UNIMPLEMENTED naming it.
//   lapack_{s,d}potrf_ffi(a) -> (factor, info): mhlo.backend_config = {uplo = 76 ('L') | 85 ('U')}
//   lapack_{s,d}getrf_ffi(a) -> (lu, pivots, info): partial pivoting, pivots 1-based as LAPACK's
//   lapack_{s,d}trsm_ffi(a, b) -> x: {side = 'L'|'R', uplo = 'L'|'U', trans_x = 'N'|'T'|'C', diag = 'N'|'U'}
// Layouts (operand_layouts, result_layouts) only say how XLA stores the matrices it hands to
// LAPACK; the values are the same, so they are not needed here.
#include <string>

#include "engine/status.h"
#include "lower/builder.h"
#include "lower/lower.h"

namespace tsmlx::cpu::lower {
namespace {

using ir::Op;
using ir::OpKind;

[[noreturn]] void fail(const Op& op, const std::string& msg, int code = kInvalidArgument) {
  throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
}

// The character code `key` of the op's backend configuration dictionary.
char config_char(const Op& op, const std::string& target, const char* key, char fallback) {
  const ir::Attr* cfg = op.attr("mhlo.backend_config");
  if (cfg == nullptr || cfg->kind != ir::AttrKind::kDict) return fallback;
  for (size_t i = 0; i < cfg->keys.size(); ++i) {
    if (cfg->keys[i] != key) continue;
    const ir::Attr& v = cfg->list[i];
    if (v.kind != ir::AttrKind::kInt) fail(op, target + ": backend_config " + key + " is not an integer");
    return static_cast<char>(v.i);
  }
  return fallback;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

std::vector<int> rewrite_custom_call(Builder& b, const Op& op) {
  const ir::Attr* t = op.attr("call_target_name");
  if (t == nullptr || t->kind != ir::AttrKind::kString) fail(op, "needs a call_target_name");
  const std::string& target = t->s;
  auto operand_count = [&](size_t n) {
    if (op.operands.size() != n)
      fail(op, target + " takes " + std::to_string(n) + " operands, got " + std::to_string(op.operands.size()));
  };
  if (target == "Sharding" || target == "SPMDFullToShardShape" || target == "SPMDShardToFullShape") {
    operand_count(1);
    return {op.operands[0]};
  }
  if (target == "lapack_spotrf_ffi" || target == "lapack_dpotrf_ffi") {
    operand_count(1);
    if (op.results.size() != 2) fail(op, target + " has 2 results (factor, info), got " + std::to_string(op.results.size()));
    const char uplo = config_char(op, target, "uplo", 'L');
    if (uplo != 'L' && uplo != 'U') fail(op, target + ": uplo must be 'L' or 'U', got " + std::to_string(int(uplo)));
    ir::Op& c = b.emit(OpKind::kCholesky, {op.operands[0]},
                       {b.type(op.operands[0]), b.type(op.results[1])});
    c.attrs.emplace_back("lower", bool_attr(uplo == 'L'));
    c.attrs.emplace_back("tsmlx.lapack_info", bool_attr(true));
    return {c.results[0], c.results[1]};
  }
  if (target == "lapack_sgetrf_ffi" || target == "lapack_dgetrf_ffi") {
    operand_count(1);
    if (op.results.size() != 3)
      fail(op, target + " has 3 results (factors, pivots, info), got " + std::to_string(op.results.size()));
    ir::Op& lu = b.emit(OpKind::kLu, {op.operands[0]},
                        {b.type(op.operands[0]), b.type(op.results[1]), b.type(op.results[2])});
    return {lu.results[0], lu.results[1], lu.results[2]};
  }
  if (target == "lapack_strsm_ffi" || target == "lapack_dtrsm_ffi") {
    operand_count(2);
    if (op.results.size() != 1) fail(op, target + " has 1 result, got " + std::to_string(op.results.size()));
    const char side = config_char(op, target, "side", 'L');
    const char uplo = config_char(op, target, "uplo", 'L');
    const char trans = config_char(op, target, "trans_x", 'N');
    const char diag = config_char(op, target, "diag", 'N');
    ir::Op& s = b.emit(OpKind::kTriangularSolve, {op.operands[0], op.operands[1]}, {b.type(op.operands[1])});
    s.attrs.emplace_back("left_side", bool_attr(side == 'L'));
    s.attrs.emplace_back("lower", bool_attr(uplo == 'L'));
    s.attrs.emplace_back("unit_diagonal", bool_attr(diag == 'U'));
    s.attrs.emplace_back("transpose_a", enum_attr("transpose", trans == 'N' ? "NO_TRANSPOSE" : "TRANSPOSE"));
    return {s.results[0]};
  }
  if (starts_with(target, "lapack_") || starts_with(target, "cu") || starts_with(target, "hip"))
    fail(op, "custom_call target \"" + target + "\" is not supported (of LAPACK's, potrf, getrf and trsm are)",
         kUnimplemented);
  fail(op, "custom_call target \"" + target + "\" is not supported", kUnimplemented);
}

}  // namespace tsmlx::cpu::lower
