// The engine's IR: a module of functions; a function is a region of ops over typed SSA
// values (numbered per function); ops carry attributes as parsed and, after
// verification, the typed parameters their kernels read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/engine.h"

namespace tsmlx::cpu::ir {

// Every op the engine knows. Ops parsed but not listed here are UNIMPLEMENTED. What each
// kind is (its group, its type rule, how its kernel writes, whether it fuses) is one row of
// the table in ir/ops.cc, read through traits(); no pass infers it from the enum's order.
enum class OpKind {
  kConstant, kIota,
  kConvert, kNegate, kAbs, kSign, kExp, kExpm1, kLog, kLog1p, kSqrt, kRsqrt, kCbrt, kTanh, kLogistic, kSine,
  kCosine, kFloor, kCeil, kRoundAfz, kRoundEven, kNot, kIsFinite, kBitcastConvert,
  kAdd, kSubtract, kMultiply, kDivide, kRemainder, kPower, kAtan2, kMaximum, kMinimum, kAnd, kOr, kXor,
  kCompare, kSelect, kClamp,
  kBroadcastInDim, kReshape, kTranspose, kSlice, kConcatenate, kPad, kReverse,
  kReduce, kDotGeneral,
  kReturn,      // stablehlo.return (region bodies)
  kFuncReturn,  // func.return / return
  kGather, kScatter, kDynamicSlice, kDynamicUpdateSlice, kSort, kRngBitGenerator,
  kWhile, kIf, kCase,
  kConvolution, kReduceWindow, kSelectAndScatter,
};

// What an op is.
enum class OpGroup : uint8_t {
  kProducer,     // constant, iota
  kUnary,        // one operand of the result's type, element i from element i (negate .. not)
  kBinary,       // two operands of the result's type, element i from elements i (add .. xor)
  kElementwise,  // element i from elements i with a type rule of its own: convert, is_finite,
                 // bitcast_convert (when element sizes agree), compare, select, clamp
  kMovement,     // broadcast_in_dim, reshape, transpose, slice, concatenate, pad, reverse
  kReduction,    // reduce, dot_general
  kTerminator,   // stablehlo.return, func.return
  kIndexing,     // gather, scatter, dynamic_slice, dynamic_update_slice, sort, rng_bit_generator
  kControl,      // while, if, case
  kWindow,       // convolution, reduce_window, select_and_scatter
};

// The element types a unary or binary op accepts (its result has the operand's type, or i1
// for is_finite).
enum class Accepts : uint8_t {
  kAny,        // every type
  kFloat,      // f16, bf16, f32, f64
  kNotPred,    // every type but i1
  kIntOrPred,  // integers and i1
};

// Which pair of files verifies and runs an op: the core ones (verifier/verifier.cc and the
// elementwise/data-movement kernels), the indexing group's (verifier/indexing.cc,
// program.cc's indexing block) or the window group's (verifier/window.cc, kernels/window.cc).
enum class Family : uint8_t { kCore, kIndexing, kWindow };

// One row of the op table.
struct OpTraits {
  OpKind kind;
  const char* name;     // "stablehlo.add"
  OpGroup group;
  Family family;
  Accepts accepts;      // unary and binary ops, is_finite: what the verifier allows
  bool writes_all;      // the kernel writes every element of every result: no zero-fill first
  bool in_place;        // the result may take the storage of an operand that dies here (same size)
  bool fusible;         // may join a fused elementwise loop (on the types fused loops compute in)
  bool pretty_plain;    // pretty form is `op %a, %b : types` with no attributes of its own
};

// The row of an op kind. Example: if (traits(op.kind).group == OpGroup::kBinary) ...
const OpTraits& traits(OpKind kind);

// Looks up an op by its full name ("stablehlo.add"); false when unknown.
// Example: OpKind k; lookup_op("stablehlo.add", &k);
bool lookup_op(std::string_view name, OpKind* kind);
// The op's full name. Example: op_name(OpKind::kAdd) == "stablehlo.add".
const char* op_name(OpKind kind);

enum class AttrKind { kUnit, kBool, kInt, kFloat, kString, kArray, kList, kDense, kEnum, kDot, kOpaque };

// The dimension numbers of dot_general.
struct DotDims {
  std::vector<int64_t> lhs_batch, rhs_batch, lhs_contract, rhs_contract;
};

// A parsed attribute value.
//   kInt `1 : i64` -> i; kFloat -> f; kBool -> b; kString -> s; kArray `array<i64: 1, 2>` -> ints
//   (booleans as 0/1); kList `[...]` -> list; kDense `dense<...> : tensor<..>` -> dense;
//   kEnum `#stablehlo<comparison_direction LT>` -> s = "comparison_direction", value = "LT";
//   kDot `#stablehlo.dot<...>` -> dot; kOpaque -> s holds the raw text.
struct Attr {
  AttrKind kind = AttrKind::kUnit;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s, value;
  std::vector<int64_t> ints;
  std::vector<Attr> list;
  Tensor dense;
  DotDims dot;
};

// Dimension numbers of gather (operand_batching_dims and start_indices_batching_dims may be empty).
struct GatherDims {
  std::vector<int64_t> offset_dims, collapsed_slice_dims, operand_batching_dims, start_indices_batching_dims,
      start_index_map;
  int64_t index_vector_dim = 0;
};

// Dimension numbers of scatter.
struct ScatterDims {
  std::vector<int64_t> update_window_dims, inserted_window_dims, input_batching_dims, scatter_indices_batching_dims,
      scatter_dims_to_operand_dims;
  int64_t index_vector_dim = 0;
};

enum class RngAlgorithm { kDefault, kThreeFry, kPhilox };

enum class CompareDir { kEQ, kNE, kGE, kGT, kLE, kLT };
enum class CompareType { kDefault, kFloat, kTotalOrder, kSigned, kUnsigned };

// ---- window group parameters
// Dimension numbers and window of a convolution (one entry per spatial dim in the vectors).
struct ConvDims {
  int64_t in_batch = 0, in_feature = 0, k_in = 0, k_out = 0, out_batch = 0, out_feature = 0;
  std::vector<int64_t> in_spatial, k_spatial, out_spatial;
  std::vector<int64_t> strides, pad_lo, pad_hi, lhs_dilation, rhs_dilation;
  std::vector<bool> reversal;
  int64_t feature_groups = 1, batch_groups = 1;
};

// The window of reduce_window / select_and_scatter (one entry per operand dim).
struct WindowDims {
  std::vector<int64_t> size, strides, base_dilation, window_dilation, pad_lo, pad_hi;
  // select_and_scatter: the select region is one compare of (arg0, arg1) in direction
  // `select_dir` (fast_select) and the scatter region is Params::fast_body (or kReturn).
  bool fast_select = false;
  CompareDir select_dir = CompareDir::kGE;
};

// Typed parameters filled by the verifier from the op's attributes.
struct Params {
  std::vector<int64_t> dims;     // broadcast_dimensions, permutation, reduce dimensions, slice starts
  std::vector<int64_t> limits;   // slice limit_indices
  std::vector<int64_t> strides;  // slice strides
  std::vector<int64_t> low, high, interior;  // pad
  int64_t axis = 0;                          // iota_dimension, concatenate dimension
  CompareDir dir = CompareDir::kEQ;
  CompareType cmp_type = CompareType::kDefault;
  DotDims dot;
  Tensor constant;  // constant's value
  // reduce: the body is one binary op of this kind over its two arguments, or kReturn when
  // the body needs the general evaluator.
  OpKind fast_body = OpKind::kReturn;
  // indexing group
  GatherDims gather;          // gather
  ScatterDims scatter;        // scatter
  RngAlgorithm rng = RngAlgorithm::kDefault;
  // scatter: update computation that returns the update (kReturn with replace = true), or a
  // single add/multiply/maximum/minimum/and/or of the two arguments; kReturn otherwise.
  bool scatter_replace = false;
  // window group
  ConvDims conv;       // convolution
  WindowDims window;   // reduce_window, select_and_scatter; reverse uses `dims`
};

struct Op;

// A single-block region: block arguments, then ops ending in a terminator.
struct Region {
  std::vector<int> args;
  std::vector<Op> ops;
};

struct Op {
  OpKind kind = OpKind::kReturn;
  std::string name;
  int line = 0;
  std::vector<int> operands;
  std::vector<int> results;
  std::vector<TensorType> sig_operand_types;  // as written in the op's function type
  std::vector<TensorType> sig_result_types;
  std::vector<std::pair<std::string, Attr>> attrs;
  std::vector<Region> regions;
  Params p;

  // The attribute named `key`, or nullptr.
  const Attr* attr(std::string_view key) const {
    for (const auto& [k, v] : attrs)
      if (k == key) return &v;
    return nullptr;
  }
};

struct Function {
  std::string name;
  int line = 0;
  std::vector<TensorType> param_types;
  std::vector<TensorType> result_types;
  std::vector<TensorType> value_types;    // by value id
  std::vector<std::string> value_names;   // by value id, for messages
  Region body;                            // args = the parameters
};

struct Module {
  std::string name = "main";
  std::vector<Function> funcs;
};

}  // namespace tsmlx::cpu::ir
