// compile_program: parse, rewrite (inline calls, decompose CHLO, map custom calls), verify,
// wrap as a Program. Nothing thrown escapes.
#include <new>

#include "engine/engine.h"
#include "engine/status.h"
#include "lower/lower.h"
#include "parser/parser.h"
#include "runtime/program.h"
#include "verifier/verifier.h"

namespace tsmlx::cpu {
namespace {

std::unique_ptr<Error> make_error(int code, std::string msg) {
  auto e = std::make_unique<Error>();
  e->code = code;
  e->message = std::move(msg);
  return e;
}

size_t pick_entry(const ir::Module& m) {
  for (size_t i = 0; i < m.funcs.size(); ++i)
    if (m.funcs[i].name == "main") return i;
  if (m.funcs.size() == 1) return 0;
  fail_invalid("module has " + std::to_string(m.funcs.size()) + " functions and none is @main");
}

}  // namespace

std::unique_ptr<Error> compile_program(std::string_view text, std::unique_ptr<Program>* out) {
  try {
    ir::Module module = parser::parse_module(text);
    size_t entry = pick_entry(module);
    lower::lower_module(&module, entry);
    verifier::verify_function(&module.funcs[entry]);
    *out = runtime::make_program(std::move(module), entry);
    return nullptr;
  } catch (const EngineError& e) {
    return make_error(e.code, e.message);
  } catch (const std::bad_alloc&) {
    return make_error(kResourceExhausted, "out of memory while compiling");
  } catch (const std::exception& e) {
    return make_error(kInternal, std::string("internal error while compiling: ") + e.what());
  } catch (...) {
    return make_error(kInternal, "unknown internal error while compiling");
  }
}

}  // namespace tsmlx::cpu
