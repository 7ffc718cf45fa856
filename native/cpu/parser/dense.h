// Literal values of `dense<...>` attributes, decoded once the tensor type is known.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"

namespace tsmlx::cpu::parser {

// The text inside dense<...>: a flat list of element tokens with the nested list shape,
// or the hex string of the raw data. Example: dense<[[1.0, 2.0]]> -> tokens {"1.0","2.0"}, shape {1,2}.
struct DenseLiteral {
  std::vector<std::string> tokens;
  std::vector<int64_t> shape;  // shape of the nested lists; empty for a scalar (splat)
  bool nested = false;         // written with [...]
  bool is_hex_string = false;  // dense<"0x...">
  std::string hex;             // the hex digits after 0x
};

// Decodes a literal into a tensor of `type`; throws EngineError (INVALID_ARGUMENT) with a
// message without line, e.g. "dense literal has 3 elements, tensor<2xf32> needs 2".
Tensor decode_dense(const DenseLiteral& lit, const TensorType& type);

}  // namespace tsmlx::cpu::parser
