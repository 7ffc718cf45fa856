// Parses MLIR text (module, func.func, ops in generic form) into the engine IR.
#pragma once

#include <string_view>

#include "ir/ir.h"

namespace tsmlx::cpu::parser {

// How deep regions, attribute values and dense literals may nest. Deeper input is refused with
// "[parser] regions nested deeper than 256 at line L" (and the like), so that neither the
// parser nor any later pass that walks regions recursively can run out of stack.
constexpr int kMaxNesting = 256;

// Parses a whole module; throws EngineError with "line L: ..." on malformed text and
// UNIMPLEMENTED for unknown ops or types. Example: ir::Module m = parse_module(text);
ir::Module parse_module(std::string_view text);

}  // namespace tsmlx::cpu::parser
