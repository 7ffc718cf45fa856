// The engine's unit tests: runs every group and prints "N passed, M failed".
#include "test/harness.h"

namespace tsmlx::cpu::test {

RunResult run(const std::string& text, const std::vector<Tensor>& args) {
  RunResult r;
  std::unique_ptr<Program> program;
  if (auto err = compile_program(text, &program)) {
    r.code = err->code;
    r.message = err->message;
    return r;
  }
  if (auto err = program->run(args, &r.outputs)) {
    r.code = err->code;
    r.message = err->message;
    return r;
  }
  r.ok = true;
  return r;
}

RunResult compile_only(const std::string& text) {
  RunResult r;
  std::unique_ptr<Program> program;
  if (auto err = compile_program(text, &program)) {
    r.code = err->code;
    r.message = err->message;
    return r;
  }
  r.ok = true;
  return r;
}

std::string module_of(const std::string& params, const std::string& results, const std::string& body,
                      const std::string& ret) {
  // params: comma-separated types, named %a0, %a1, ...
  std::string sig;
  size_t i = 0, start = 0;
  int depth = 0;
  std::vector<std::string> types;
  for (; i <= params.size(); ++i) {
    char c = i < params.size() ? params[i] : ',';
    if (c == '<') ++depth;
    if (c == '>') --depth;
    if (c == ',' && depth == 0) {
      std::string t = params.substr(start, i - start);
      while (!t.empty() && t.front() == ' ') t.erase(0, 1);
      if (!t.empty()) types.push_back(t);
      start = i + 1;
    }
  }
  for (size_t k = 0; k < types.size(); ++k) sig += (k ? ", " : "") + ("%a" + std::to_string(k) + ": " + types[k]);
  return "module @test {\n  func.func public @main(" + sig + ") -> (" + results + ") {\n" + body + "\n    \"func.return\"(" +
         ret + ") : (" + results + ") -> ()\n  }\n}\n";
}

std::string one_op(const std::string& op, const std::string& attrs, const std::vector<std::string>& in_types,
                   const std::string& out_type) {
  std::string params, operands, types;
  for (size_t i = 0; i < in_types.size(); ++i) {
    params += (i ? ", " : "") + in_types[i];
    operands += (i ? ", %a" : "%a") + std::to_string(i);
    types += (i ? ", " : "") + in_types[i];
  }
  std::string body = "    %0 = \"" + op + "\"(" + operands + ")" + (attrs.empty() ? "" : " {" + attrs + "}") + " : (" +
                     types + ") -> " + out_type;
  return module_of(params, out_type, body, "%0");
}

}  // namespace tsmlx::cpu::test

int main() {
  using namespace tsmlx::cpu::test;
  Suite s;
  parser_tests(s);
  verifier_tests(s);
  elementwise_tests(s);
  shape_tests(s);
  reduce_tests(s);
  dot_tests(s);
  indexing_tests(s);
  window_tests(s);
  fast_tests(s);
  plan_tests(s);
  epilogue_tests(s);
  dnnl_tests(s);
  rng_fast_tests(s);
  vec_math_tests(s);
  cancel_tests(s);
  lower_tests(s);
  linalg_tests(s);
  std::printf("%d passed, %d failed\n", s.passed, s.failed);
  return s.failed == 0 ? 0 : 1;
}
