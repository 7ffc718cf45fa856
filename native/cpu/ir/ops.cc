// The table of known ops: full name <-> OpKind.
#include <cstring>

#include "ir/ir.h"

namespace tsmlx::cpu::ir {
namespace {

struct Entry {
  OpKind kind;
  const char* name;
};

constexpr Entry kOps[] = {
    {OpKind::kConstant, "stablehlo.constant"},
    {OpKind::kIota, "stablehlo.iota"},
    {OpKind::kConvert, "stablehlo.convert"},
    {OpKind::kNegate, "stablehlo.negate"},
    {OpKind::kAbs, "stablehlo.abs"},
    {OpKind::kSign, "stablehlo.sign"},
    {OpKind::kExp, "stablehlo.exponential"},
    {OpKind::kExpm1, "stablehlo.exponential_minus_one"},
    {OpKind::kLog, "stablehlo.log"},
    {OpKind::kLog1p, "stablehlo.log_plus_one"},
    {OpKind::kSqrt, "stablehlo.sqrt"},
    {OpKind::kRsqrt, "stablehlo.rsqrt"},
    {OpKind::kTanh, "stablehlo.tanh"},
    {OpKind::kLogistic, "stablehlo.logistic"},
    {OpKind::kSine, "stablehlo.sine"},
    {OpKind::kCosine, "stablehlo.cosine"},
    {OpKind::kFloor, "stablehlo.floor"},
    {OpKind::kCeil, "stablehlo.ceil"},
    {OpKind::kRoundAfz, "stablehlo.round_nearest_afz"},
    {OpKind::kRoundEven, "stablehlo.round_nearest_even"},
    {OpKind::kNot, "stablehlo.not"},
    {OpKind::kAdd, "stablehlo.add"},
    {OpKind::kSubtract, "stablehlo.subtract"},
    {OpKind::kMultiply, "stablehlo.multiply"},
    {OpKind::kDivide, "stablehlo.divide"},
    {OpKind::kRemainder, "stablehlo.remainder"},
    {OpKind::kPower, "stablehlo.power"},
    {OpKind::kMaximum, "stablehlo.maximum"},
    {OpKind::kMinimum, "stablehlo.minimum"},
    {OpKind::kAnd, "stablehlo.and"},
    {OpKind::kOr, "stablehlo.or"},
    {OpKind::kXor, "stablehlo.xor"},
    {OpKind::kCompare, "stablehlo.compare"},
    {OpKind::kSelect, "stablehlo.select"},
    {OpKind::kClamp, "stablehlo.clamp"},
    {OpKind::kBroadcastInDim, "stablehlo.broadcast_in_dim"},
    {OpKind::kReshape, "stablehlo.reshape"},
    {OpKind::kTranspose, "stablehlo.transpose"},
    {OpKind::kSlice, "stablehlo.slice"},
    {OpKind::kConcatenate, "stablehlo.concatenate"},
    {OpKind::kPad, "stablehlo.pad"},
    {OpKind::kReduce, "stablehlo.reduce"},
    {OpKind::kDotGeneral, "stablehlo.dot_general"},
    {OpKind::kReturn, "stablehlo.return"},
    {OpKind::kFuncReturn, "func.return"},
    // indexing group
    {OpKind::kGather, "stablehlo.gather"},
    {OpKind::kScatter, "stablehlo.scatter"},
    {OpKind::kDynamicSlice, "stablehlo.dynamic_slice"},
    {OpKind::kDynamicUpdateSlice, "stablehlo.dynamic_update_slice"},
    {OpKind::kAtan2, "stablehlo.atan2"},
    {OpKind::kCbrt, "stablehlo.cbrt"},
    {OpKind::kIsFinite, "stablehlo.is_finite"},
    {OpKind::kBitcastConvert, "stablehlo.bitcast_convert"},
    {OpKind::kSort, "stablehlo.sort"},
    {OpKind::kRngBitGenerator, "stablehlo.rng_bit_generator"},
    {OpKind::kWhile, "stablehlo.while"},
    {OpKind::kIf, "stablehlo.if"},
    {OpKind::kCase, "stablehlo.case"},
    // window group
    {OpKind::kConvolution, "stablehlo.convolution"},
    {OpKind::kReduceWindow, "stablehlo.reduce_window"},
    {OpKind::kSelectAndScatter, "stablehlo.select_and_scatter"},
    {OpKind::kReverse, "stablehlo.reverse"},
};

}  // namespace

bool lookup_op(std::string_view name, OpKind* kind) {
  for (const Entry& e : kOps) {
    if (name == e.name) {
      *kind = e.kind;
      return true;
    }
  }
  return false;
}

const char* op_name(OpKind kind) {
  for (const Entry& e : kOps)
    if (e.kind == kind) return e.name;
  return "?";
}

bool is_unary(OpKind k) { return k >= OpKind::kConvert && k <= OpKind::kNot; }
bool is_binary(OpKind k) { return k >= OpKind::kAdd && k <= OpKind::kXor; }
bool is_indexing_group(OpKind k) { return k >= OpKind::kGather && k <= OpKind::kCase; }
bool is_window_group(OpKind k) { return k >= OpKind::kConvolution && k <= OpKind::kReverse; }

}  // namespace tsmlx::cpu::ir
