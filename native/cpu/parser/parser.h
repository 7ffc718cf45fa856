// Parses MLIR text (module, func.func, ops in generic form) into the engine IR.
#pragma once

#include <string_view>

#include "ir/ir.h"

namespace tsmlx::cpu::parser {

// Parses a whole module; throws EngineError with "line L: ..." on malformed text and
// UNIMPLEMENTED for unknown ops or types. Example: ir::Module m = parse_module(text);
ir::Module parse_module(std::string_view text);

}  // namespace tsmlx::cpu::parser
