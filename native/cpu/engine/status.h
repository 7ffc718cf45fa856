// Internal error type of the engine. Thrown inside the engine, caught at its boundary
// (compile_program, Program::run) and turned into an engine Error; never escapes.
#pragma once

#include <string>
#include <utility>

namespace tsmlx::cpu {

// Error codes (PJRT_Error_Code values).
enum Code : int { kInvalidArgument = 3, kResourceExhausted = 8, kUnimplemented = 12, kInternal = 13 };

// An engine failure in flight. Example: throw EngineError{kInvalidArgument, "line 3: ..."};
struct EngineError {
  int code;
  std::string message;
};

// Throws INVALID_ARGUMENT. Example: fail_invalid("[stablehlo.add] operand types differ");
[[noreturn]] inline void fail_invalid(std::string msg) { throw EngineError{kInvalidArgument, std::move(msg)}; }
// Throws UNIMPLEMENTED. Example: fail_unimplemented("unknown op \"stablehlo.fancy\"");
[[noreturn]] inline void fail_unimplemented(std::string msg) { throw EngineError{kUnimplemented, std::move(msg)}; }

}  // namespace tsmlx::cpu
