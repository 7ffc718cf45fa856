// The op table: one row of traits per op kind, read by the parser (pretty forms), the
// verifier (groups and type rules), the planner (zero-fill, in place) and the fusion pass.
#include <array>
#include <cstring>

#include "ir/ir.h"

namespace tsmlx::cpu::ir {
namespace {

using A = Accepts;
using F = Family;
using G = OpGroup;

// Columns: kind, name, group, family, accepts, writes_all, in_place, fusible, pretty_plain.
constexpr OpTraits kTable[] = {
    {OpKind::kConstant, "stablehlo.constant", G::kProducer, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kIota, "stablehlo.iota", G::kProducer, F::kCore, A::kAny, true, false, false, false},

    {OpKind::kConvert, "stablehlo.convert", G::kElementwise, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kNegate, "stablehlo.negate", G::kUnary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kAbs, "stablehlo.abs", G::kUnary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kSign, "stablehlo.sign", G::kUnary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kExp, "stablehlo.exponential", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kExpm1, "stablehlo.exponential_minus_one", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kLog, "stablehlo.log", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kLog1p, "stablehlo.log_plus_one", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kSqrt, "stablehlo.sqrt", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kRsqrt, "stablehlo.rsqrt", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kCbrt, "stablehlo.cbrt", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kTanh, "stablehlo.tanh", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kLogistic, "stablehlo.logistic", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kSine, "stablehlo.sine", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kCosine, "stablehlo.cosine", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kFloor, "stablehlo.floor", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kCeil, "stablehlo.ceil", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kRoundAfz, "stablehlo.round_nearest_afz", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kRoundEven, "stablehlo.round_nearest_even", G::kUnary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kNot, "stablehlo.not", G::kUnary, F::kCore, A::kIntOrPred, true, true, true, true},
    {OpKind::kIsFinite, "stablehlo.is_finite", G::kElementwise, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kBitcastConvert, "stablehlo.bitcast_convert", G::kElementwise, F::kCore, A::kAny, true, true, true, true},

    {OpKind::kAdd, "stablehlo.add", G::kBinary, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kSubtract, "stablehlo.subtract", G::kBinary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kMultiply, "stablehlo.multiply", G::kBinary, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kDivide, "stablehlo.divide", G::kBinary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kRemainder, "stablehlo.remainder", G::kBinary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kPower, "stablehlo.power", G::kBinary, F::kCore, A::kNotPred, true, true, true, true},
    {OpKind::kAtan2, "stablehlo.atan2", G::kBinary, F::kCore, A::kFloat, true, true, true, true},
    {OpKind::kMaximum, "stablehlo.maximum", G::kBinary, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kMinimum, "stablehlo.minimum", G::kBinary, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kAnd, "stablehlo.and", G::kBinary, F::kCore, A::kIntOrPred, true, true, true, true},
    {OpKind::kOr, "stablehlo.or", G::kBinary, F::kCore, A::kIntOrPred, true, true, true, true},
    {OpKind::kXor, "stablehlo.xor", G::kBinary, F::kCore, A::kIntOrPred, true, true, true, true},

    {OpKind::kCompare, "stablehlo.compare", G::kElementwise, F::kCore, A::kAny, true, true, true, false},
    {OpKind::kSelect, "stablehlo.select", G::kElementwise, F::kCore, A::kAny, true, true, true, true},
    {OpKind::kClamp, "stablehlo.clamp", G::kElementwise, F::kCore, A::kAny, true, true, true, true},

    {OpKind::kBroadcastInDim, "stablehlo.broadcast_in_dim", G::kMovement, F::kCore, A::kAny, true, false, true, false},
    {OpKind::kReshape, "stablehlo.reshape", G::kMovement, F::kCore, A::kAny, true, false, true, true},
    {OpKind::kTranspose, "stablehlo.transpose", G::kMovement, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kSlice, "stablehlo.slice", G::kMovement, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kConcatenate, "stablehlo.concatenate", G::kMovement, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kPad, "stablehlo.pad", G::kMovement, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kReverse, "stablehlo.reverse", G::kMovement, F::kWindow, A::kAny, false, false, false, false},

    {OpKind::kReduce, "stablehlo.reduce", G::kReduction, F::kCore, A::kAny, true, false, false, false},
    {OpKind::kDotGeneral, "stablehlo.dot_general", G::kReduction, F::kCore, A::kAny, false, false, false, false},

    {OpKind::kReturn, "stablehlo.return", G::kTerminator, F::kCore, A::kAny, false, false, false, false},
    {OpKind::kFuncReturn, "func.return", G::kTerminator, F::kCore, A::kAny, false, false, false, false},

    {OpKind::kGather, "stablehlo.gather", G::kIndexing, F::kIndexing, A::kAny, false, false, false, false},
    {OpKind::kScatter, "stablehlo.scatter", G::kIndexing, F::kIndexing, A::kAny, false, false, false, false},
    {OpKind::kDynamicSlice, "stablehlo.dynamic_slice", G::kIndexing, F::kIndexing, A::kAny, false, false, false, false},
    // a copy of the operand, then the update; in place when the operand dies (planner)
    {OpKind::kDynamicUpdateSlice, "stablehlo.dynamic_update_slice", G::kIndexing, F::kIndexing, A::kAny, true, false,
     false, true},
    {OpKind::kSort, "stablehlo.sort", G::kIndexing, F::kIndexing, A::kAny, false, false, false, false},
    {OpKind::kRngBitGenerator, "stablehlo.rng_bit_generator", G::kIndexing, F::kIndexing, A::kAny, false, false, false,
     false},

    {OpKind::kWhile, "stablehlo.while", G::kControl, F::kIndexing, A::kAny, true, false, false, false},
    {OpKind::kIf, "stablehlo.if", G::kControl, F::kIndexing, A::kAny, true, false, false, false},
    {OpKind::kCase, "stablehlo.case", G::kControl, F::kIndexing, A::kAny, true, false, false, false},

    // oneDNN writes every element; the other convolution paths zero their result themselves
    {OpKind::kConvolution, "stablehlo.convolution", G::kWindow, F::kWindow, A::kAny, true, false, false, false},
    {OpKind::kReduceWindow, "stablehlo.reduce_window", G::kWindow, F::kWindow, A::kAny, false, false, false, false},
    // both paths start from the init value everywhere needed
    {OpKind::kSelectAndScatter, "stablehlo.select_and_scatter", G::kWindow, F::kWindow, A::kAny, true, false, false,
     false},
};

constexpr size_t kKinds = static_cast<size_t>(OpKind::kSelectAndScatter) + 1;
static_assert(sizeof(kTable) / sizeof(kTable[0]) == kKinds, "the op table has one row per OpKind");

// Rows by kind; checks at start-up that every kind has exactly its own row.
const std::array<const OpTraits*, kKinds>& rows() {
  static const std::array<const OpTraits*, kKinds> r = [] {
    std::array<const OpTraits*, kKinds> a{};
    for (const OpTraits& t : kTable) a[static_cast<size_t>(t.kind)] = &t;
    return a;
  }();
  return r;
}

}  // namespace

const OpTraits& traits(OpKind kind) { return *rows()[static_cast<size_t>(kind)]; }

bool lookup_op(std::string_view name, OpKind* kind) {
  for (const OpTraits& t : kTable) {
    if (name == t.name) {
      *kind = t.kind;
      return true;
    }
  }
  return false;
}

const char* op_name(OpKind kind) { return traits(kind).name; }

}  // namespace tsmlx::cpu::ir
