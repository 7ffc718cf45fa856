// Parser tests: module/func forms, generic ops, attributes of every kind, loc, regions,
// multi-result values, dense literals (splat, nested, hex).
#include "parser/parser.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

void add_and_multiply(Suite& s) {
  s.current = "add and multiply in a named module";
  const char* text = R"mlir(module @m {
  func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> (tensor<2x3xf32>) {
    %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    %1 = "stablehlo.multiply"(%0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    "func.return"(%1) : (tensor<2x3xf32>) -> ()
  }
})mlir";
  Tensor a = make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = make<float>(ElementType::kF32, {2, 3}, {1, 1, 2, 2, 3, 3});
  RunResult r = run(text, {a, b});
  s.check(r.ok, "runs: " + r.message);
  if (!r.ok) return;
  std::vector<float> v = values<float>(r.outputs[0]);
  std::vector<float> want = {2, 3, 10, 12, 24, 27};
  s.check(v == want, "values of (a+b)*b");
  std::unique_ptr<Program> p;
  compile_program(text, &p);
  s.check(p && p->name() == "m", "module name is m");
  s.check(p && p->parameter_types().size() == 2 && p->parameter_types()[0].to_string() == "tensor<2x3xf32>",
          "parameter types");
  s.check(p && p->result_types().size() == 1, "one result");
}

void module_forms(Suite& s) {
  s.current = "module without name, func without visibility, result without parens, pretty return";
  const char* text = R"mlir(// leading comment
module {
  func.func @main(%x: tensor<f32> {jax.arg_info = "x", mhlo.sharding = "{replicated}"}) -> tensor<f32> {
    %c = "stablehlo.constant"() {value = dense<2.5> : tensor<f32>} : () -> tensor<f32> loc(#loc3)
    %y = "stablehlo.add"(%x, %c) : (tensor<f32>, tensor<f32>) -> tensor<f32> loc("x.ts":3:4)
    return %y : tensor<f32> loc(fused["a", "b(c)"])
  }
}
#loc1 = loc("file.ts":1:2)
#loc3 = loc(callsite(#loc1 at "f(x)"))
)mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {}, {1.0f})});
  s.check(r.ok, "runs: " + r.message);
  if (r.ok) s.check(values<float>(r.outputs[0])[0] == 3.5f, "1 + 2.5");
  std::unique_ptr<Program> p;
  compile_program(text, &p);
  s.check(p && p->name() == "main", "unnamed module is called main");

  s.current = "module attributes, func attributes, result attributes, two results with func.return pretty";
  const char* text2 = R"mlir(module @jit_f attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<2xi32>) -> (tensor<2xi32> {jax.result_info = "a"}, tensor<2xi32>) attributes {some.attr} {
    %0 = "stablehlo.negate"(%arg0) : (tensor<2xi32>) -> tensor<2xi32>
    func.return %0, %arg0 : tensor<2xi32>, tensor<2xi32>
  }
})mlir";
  Tensor x = make<int32_t>(ElementType::kS32, {2}, {5, -7});
  r = run(text2, {x});
  s.check(r.ok, "runs: " + r.message);
  if (r.ok) {
    s.check(r.outputs.size() == 2, "two results");
    s.check(values<int32_t>(r.outputs[0]) == std::vector<int32_t>{-5, 7}, "negated");
    s.check(values<int32_t>(r.outputs[1]) == std::vector<int32_t>{5, -7}, "parameter returned");
    s.check(r.outputs[1].storage != x.storage, "returned parameter is a fresh copy");
  }
}

void properties_and_attribute_kinds(Suite& s) {
  s.current = "properties form <{...}> and attributes in any order, unknown attributes ignored";
  const char* text = R"mlir(module @m {
  func.func @main(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
    %0 = "stablehlo.transpose"(%a) <{permutation = array<i64: 1, 0>}> {mhlo.frontend_attributes = {x = "1"}, unused = unit, flag, n = 3 : i64, f = 1.5e+00 : f32, l = [1, "s", #stablehlo<precision DEFAULT>], t = true, o = #foo.bar<[b, 0]x[0, 1]->[b, 0]>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    "func.return"(%0) : (tensor<3x2xf32>) -> ()
  }
})mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {2, 3}, {1, 2, 3, 4, 5, 6})});
  s.check(r.ok, "runs: " + r.message);
  if (r.ok) s.check(values<float>(r.outputs[0]) == std::vector<float>{1, 4, 2, 5, 3, 6}, "transposed");
}

void multi_result_and_region(Suite& s) {
  s.current = "multi-result %0:2 with #1 use and a region body";
  const char* text = R"mlir(module @m {
  func.func @main(%v: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<f32>, tensor<i32>) {
    %ninf = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %zero = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %0:2 = "stablehlo.reduce"(%v, %i, %ninf, %zero) ({
    ^bb0(%a: tensor<f32> loc("x"), %ai: tensor<i32>, %b: tensor<f32>, %bi: tensor<i32>):
      %gt = "stablehlo.compare"(%a, %b) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %m = "stablehlo.select"(%gt, %a, %b) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
      %mi = "stablehlo.select"(%gt, %ai, %bi) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%m, %mi) : (tensor<f32>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<4xf32>, tensor<4xi32>, tensor<f32>, tensor<i32>) -> (tensor<f32>, tensor<i32>)
    "func.return"(%0#0, %0#1) : (tensor<f32>, tensor<i32>) -> ()
  }
})mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {4}, {1, 7, 3, 2}),
                           make<int32_t>(ElementType::kS32, {4}, {0, 1, 2, 3})});
  s.check(r.ok, "runs: " + r.message);
  if (r.ok) {
    s.check(values<float>(r.outputs[0])[0] == 7.0f, "max is 7");
    s.check(values<int32_t>(r.outputs[1])[0] == 1, "argmax is 1");
  }
}

// Runs a constant op of `type` with dense literal `lit` and returns its bytes.
RunResult constant_of(const std::string& lit, const std::string& type) {
  std::string body = "    %0 = \"stablehlo.constant\"() {value = " + lit + " : " + type + "} : () -> " + type;
  return run(module_of("", type, body, "%0"), {});
}

void dense_literals(Suite& s) {
  s.current = "dense literals";
  RunResult r = constant_of("dense<[[1.0, -2.5e+00, 3.0], [4.0, 0x7FC00000, 0xFF800000]]>", "tensor<2x3xf32>");
  s.check(r.ok, "nested list runs: " + r.message);
  if (r.ok) {
    auto v = values<float>(r.outputs[0]);
    s.check(v[0] == 1 && v[1] == -2.5f && v[2] == 3 && v[3] == 4 && std::isnan(v[4]) && v[5] == -INFINITY,
            "nested list values incl. hex nan and -inf");
  }
  r = constant_of("dense<[inf, -inf, nan, 1.5E-3]>", "tensor<4xf64>");
  s.check(r.ok, "inf/nan spellings: " + r.message);
  if (r.ok) {
    auto v = values<double>(r.outputs[0]);
    s.check(v[0] == INFINITY && v[1] == -INFINITY && std::isnan(v[2]) && v[3] == 1.5e-3, "inf/nan/exponent values");
  }
  r = constant_of("dense<7>", "tensor<2x2xi64>");
  s.check(r.ok && values<int64_t>(r.outputs[0]) == std::vector<int64_t>{7, 7, 7, 7}, "int splat");
  r = constant_of("dense<[true, false, true]>", "tensor<3xi1>");
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 1}, "bools");
  r = constant_of("dense<true>", "tensor<2xi1>");
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 1}, "bool splat");
  r = constant_of("dense<\"0x0000803F00000040\">", "tensor<2xf32>");
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1.0f, 2.0f}, "hex raw data");
  r = constant_of("dense<\"0x0000803F\">", "tensor<3xf32>");
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1.0f, 1.0f, 1.0f}, "hex raw splat");
  r = constant_of("dense<[-1, 255]>", "tensor<2xui8>");
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{255, 255}, "ui8 literals");
  r = constant_of("dense<18446744073709551615>", "tensor<ui64>");
  s.check(r.ok && values<uint64_t>(r.outputs[0])[0] == UINT64_MAX, "ui64 max");
  r = constant_of("dense<-9223372036854775808>", "tensor<i64>");
  s.check(r.ok && values<int64_t>(r.outputs[0])[0] == INT64_MIN, "i64 min");
  r = constant_of("dense<[1.0, 0.1]>", "tensor<2xbf16>");
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x3f80, 0x3dcd}, "bf16 literals rounded");
  r = constant_of("dense<[1.0, 65504.0, 0.1, 0x7C00]>", "tensor<4xf16>");
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x3c00, 0x7bff, 0x2e66, 0x7c00},
          "f16 literals");
  r = constant_of("dense<>", "tensor<0xf32>");
  s.check(r.ok && r.outputs[0].type.num_elements() == 0, "empty dense");
  r = constant_of("dense<[]>", "tensor<0x3xi32>");
  s.check(r.ok && r.outputs[0].type.to_string() == "tensor<0x3xi32>", "empty list for 0x3");
  r = constant_of("dense<[1.0, 2.0, 3.0]>", "tensor<2xf32>");
  s.check(!r.ok && r.code == 3 && r.message.find("line 3") != std::string::npos, "wrong count is an error: " + r.message);
  r = constant_of("dense<[1.5]>", "tensor<1xi32>");
  s.check(!r.ok && r.code == 3, "float literal for int tensor is an error");
}

void parse_errors(Suite& s) {
  s.current = "parse errors";
  RunResult r = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                                       "    %0 = \"stablehlo.fancy\"(%a0) : (tensor<2xf32>) -> tensor<2xf32>", "%0"));
  s.check(r.code == 12 && r.message == "line 3: unknown op \"stablehlo.fancy\"", "unknown op: " + r.message);
  r = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                             "    %0 = \"stablehlo.add\"(%a0, %7) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>", "%0"));
  s.check(r.code == 3 && r.message == "line 3: use of undefined value %7", "undefined value: " + r.message);
  r = compile_only("module { func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> { \"func.return\"(%a) : (tensor<2xf32>) -> () ");
  s.check(r.code == 3 && r.message.find("unterminated") != std::string::npos, "unterminated: " + r.message);
  r = compile_only("module { func.func @main(%a: tensor<?xf32>) -> tensor<2xf32> { } }");
  s.check(r.code == 12 && r.message.find("dynamic") != std::string::npos, "dynamic shape: " + r.message);
  r = compile_only("garbage");
  s.check(r.code == 3 && r.message.rfind("line 1:", 0) == 0, "garbage: " + r.message);
  r = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                             "    %0 = \"stablehlo.abs\"(%a0) : (tensor<2xf32>) -> tensor<2xf32>\n"
                             "    %0 = \"stablehlo.abs\"(%a0) : (tensor<2xf32>) -> tensor<2xf32>",
                             "%0"));
  s.check(r.code == 3 && r.message == "line 4: redefinition of %0", "redefinition: " + r.message);
  r = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                             "    %0:2 = \"stablehlo.abs\"(%a0) : (tensor<2xf32>) -> tensor<2xf32>", "%0"));
  s.check(r.code == 3 && r.message.find("2 result names for 1 result types") != std::string::npos,
          "result count: " + r.message);
  r = compile_only(module_of("tensor<2xcomplex<f32>>", "tensor<2xf32>", "", "%a0"));
  s.check(r.code == 12, "complex type unsupported: " + r.message);
}

// `depth` stablehlo.if ops, each in the true branch of the one before; the innermost returns %x
// plus 1 and every other branch returns %x, so with %p true the result is x + 1.
std::string nested_ifs(int depth) {
  std::string text = "func.func @main(%p: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {\n";
  text += "  %one = \"stablehlo.constant\"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>\n";
  for (int i = 0; i < depth; ++i) text += "  %r" + std::to_string(i) + " = \"stablehlo.if\"(%p) ({\n";
  text += "  %in = \"stablehlo.add\"(%x, %one) : (tensor<f32>, tensor<f32>) -> tensor<f32>\n";
  text += "  \"stablehlo.return\"(%in) : (tensor<f32>) -> ()\n";
  for (int i = depth - 1; i >= 0; --i) {
    text += "  }, {\n  \"stablehlo.return\"(%x) : (tensor<f32>) -> ()\n";
    text += "  }) : (tensor<i1>) -> tensor<f32>\n";
    if (i > 0) text += "  \"stablehlo.return\"(%r" + std::to_string(i) + ") : (tensor<f32>) -> ()\n";
  }
  text += "  return %r0 : tensor<f32>\n}\n";
  return text;
}

void deep_nesting(Suite& s) {
  s.current = "regions nested to the limit compile and run";
  Tensor yes = make<uint8_t>(ElementType::kPred, {}, {1});
  Tensor x = make<float>(ElementType::kF32, {}, {2.0f});
  RunResult r = run(nested_ifs(parser::kMaxNesting), {yes, x});
  s.check(r.ok, "256 nested ifs run: " + r.message);
  if (r.ok) s.check(values<float>(r.outputs[0])[0] == 3.0f, "the innermost branch ran: 2 + 1");

  s.current = "regions nested deeper than the limit are a clear error, not a stack overflow";
  for (int depth : {parser::kMaxNesting + 1, 6000, 100000}) {
    r = compile_only(nested_ifs(depth));
    // The op that opens region parser::kMaxNesting + 1 is on line parser::kMaxNesting + 3 (after the header and the constant).
    const std::string want = "[parser] regions nested deeper than " + std::to_string(parser::kMaxNesting) + " at line " +
                             std::to_string(parser::kMaxNesting + 3);
    s.check(r.code == 3 && r.message == want, std::to_string(depth) + " nested ifs: " + r.message);
  }

  s.current = "attribute values and dense literals nested deeper than the limit are a clear error";
  const int deep = 100000;
  std::string list = std::string(deep, '[') + std::string(deep, ']');
  r = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>",
                             "    %0 = \"stablehlo.abs\"(%a0) {deep = " + list + "} : (tensor<2xf32>) -> tensor<2xf32>",
                             "%0"));
  s.check(r.code == 3 && r.message == "[parser] attribute values nested deeper than " + std::to_string(parser::kMaxNesting) +
                                          " at line 3",
          "nested list attribute: " + r.message);
  r = compile_only(module_of("", "tensor<1xf32>",
                             "    %0 = \"stablehlo.constant\"() {value = dense<" + list + "> : tensor<1xf32>} : () -> tensor<1xf32>",
                             "%0"));
  s.check(r.code == 3 && r.message == "[parser] dense literals nested deeper than " + std::to_string(parser::kMaxNesting) +
                                          " at line 3",
          "nested dense literal: " + r.message);
}

void args_checked_at_run(Suite& s) {
  s.current = "run() checks arguments";
  std::string text = module_of("tensor<2xf32>, tensor<2xf32>", "tensor<2xf32>",
                               "    %0 = \"stablehlo.add\"(%a0, %a1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>", "%0");
  Tensor a = make<float>(ElementType::kF32, {2}, {1, 2});
  Tensor bad = make<int32_t>(ElementType::kS32, {2}, {1, 2});
  RunResult r = run(text, {a});
  s.check(r.code == 3 && r.message.find("takes 2 arguments, got 1") != std::string::npos, "count: " + r.message);
  r = run(text, {a, bad});
  s.check(r.code == 3 && r.message.find("argument 1") != std::string::npos &&
              r.message.find("tensor<2xi32>") != std::string::npos && r.message.find("tensor<2xf32>") != std::string::npos,
          "type: " + r.message);
  r = run(text, {a, a});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{2, 4}, "same tensor twice");
}

void helpers(Suite& s) {
  s.current = "engine.h helpers";
  s.check(element_size(ElementType::kBF16) == 2 && element_size(ElementType::kPred) == 1 &&
              element_size(ElementType::kInvalid) == 0 && element_size(static_cast<ElementType>(99)) == 0,
          "element_size");
  s.check(TensorType{ElementType::kF32, {}}.to_string() == "tensor<f32>", "scalar type string");
  s.check(TensorType{ElementType::kU16, {0, 4}}.to_string() == "tensor<0x4xui16>", "0-size type string");
  auto st = Storage::allocate(0);
  s.check(st != nullptr && st->size() == 0, "zero-size storage");
  auto st2 = Storage::allocate(100);
  s.check(st2 && reinterpret_cast<uintptr_t>(st2->data()) % 64 == 0 && static_cast<uint8_t*>(st2->data())[99] == 0,
          "aligned, zeroed");
  s.check(Storage::allocate(SIZE_MAX - 10) == nullptr, "huge allocation fails without abort");
}

void truncated_and_mutated_text(Suite& s) {
  s.current = "every prefix and single-character mutation fails cleanly";
  const std::string text = R"mlir(module @m attributes {a = 1 : i32} {
  func.func public @main(%v: tensor<2x2xf32> {x = "y"}, %w: tensor<2xi32>) -> (tensor<2xf32>, tensor<2x2xi1>) {
    %c = "stablehlo.constant"() <{value = dense<[[1.0, 0x7FC00000], [-2.5e+00, inf]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32> loc(#loc1)
    %z = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %0:1 = "stablehlo.reduce"(%v, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%s) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2xf32>
    %1 = "stablehlo.compare"(%v, %c) {comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %2 = "stablehlo.dot_general"(%v, %c) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    return %0#0, %1 : tensor<2xf32>, tensor<2x2xi1>
  }
}
#loc1 = loc("a.ts":1:2)
)mlir";
  s.check(compile_only(text).ok, "the full text compiles: " + compile_only(text).message);
  // The older dense spelling of integer lists.
  RunResult old = run(one_op("stablehlo.transpose", "permutation = dense<[1, 0]> : tensor<2xi64>", {"tensor<1x2xi32>"},
                             "tensor<2x1xi32>"),
                      {make<int32_t>(ElementType::kS32, {1, 2}, {4, 5})});
  s.check(old.ok && values<int32_t>(old.outputs[0]) == std::vector<int32_t>{4, 5}, "dense<[..]> as an array: " + old.message);
  int bad = 0, accepted = 0;
  for (size_t n = 0; n < text.size(); ++n) {
    RunResult r = compile_only(text.substr(0, n));
    if (r.ok) ++accepted;
    else if (r.code != 3 && r.code != 12) ++bad;
    else if (r.message.rfind("line ", 0) != 0) ++bad;
  }
  // A prefix that ends right before the trailing #loc definition is a complete module.
  s.check(bad == 0, "prefix errors are INVALID_ARGUMENT/UNIMPLEMENTED with a line: " + std::to_string(bad) + " bad");
  s.check(accepted <= 60, "only prefixes ending after the module compile: " + std::to_string(accepted));
  const char subs[] = {'"', '<', '>', '(', ')', '{', '}', '[', ']', ',', ':', '%', '#', 'x', '0', ' ', '-', '\n'};
  int crashes = 0;
  for (size_t i = 0; i < text.size(); i += 3) {
    for (char c : subs) {
      std::string t = text;
      t[i] = c;
      RunResult r = compile_only(t);
      if (!r.ok && r.code != 3 && r.code != 12) ++crashes;
    }
  }
  s.check(crashes == 0, "mutations give clean errors: " + std::to_string(crashes) + " internal errors");
}

void pretty_forms(Suite& s) {
  s.current = "pretty (custom assembly) forms of the supported ops";
  const char* text = R"mlir(module @pretty {
  func.func @main(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>, %i: tensor<4xi32>) -> (tensor<2xf32>, tensor<2x2xf32>, tensor<2x3xi1>, tensor<3xi32>, tensor<4x2xf32>, tensor<6xf32>, tensor<2xf32>, tensor<2xi32>) {
    %c = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
    %z = stablehlo.constant dense<0.000000e+00> : tensor<f32>
    %a = stablehlo.add %x, %c : tensor<2x3xf32>
    %n = stablehlo.negate %a : tensor<2x3xf32>
    %m = stablehlo.multiply %n, %n {some.attr = 1 : i64} : tensor<2x3xf32> loc("here")
    %s = stablehlo.reduce(%m init: %z) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
    %d = stablehlo.dot_general %x, %y, contracting_dims = [1] x [0], precision = [DEFAULT, DEFAULT] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
    %cmp = stablehlo.compare  GT, %x, %c,  FLOAT : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
    %sl = stablehlo.slice %i [0:3] : (tensor<4xi32>) -> tensor<3xi32>
    %t = stablehlo.transpose %y, dims = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
    %b = stablehlo.broadcast_in_dim %z, dims = [] : (tensor<f32>) -> tensor<2x2xf32>
    %cc = stablehlo.concatenate %b, %d, dim = 0 : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
    %r = stablehlo.reshape %t : (tensor<2x3xf32>) -> tensor<6xf32>
    %p = stablehlo.pad %r, %z, low = [1], high = [-1], interior = [0] : (tensor<6xf32>, tensor<f32>) -> tensor<6xf32>
    %sel = stablehlo.select %cmp, %x, %c : tensor<2x3xi1>, tensor<2x3xf32>
    %mx = stablehlo.reduce(%sel init: %z) across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
     reducer(%p0: tensor<f32>, %p1: tensor<f32>)  {
      %q = stablehlo.maximum %p0, %p1 : tensor<f32>
      stablehlo.return %q : tensor<f32>
    }
    %io = stablehlo.iota dim = 0 : tensor<2xi32>
    %cv = stablehlo.convert %io : (tensor<2xi32>) -> tensor<2xi32>
    return %s, %d, %cmp, %sl, %cc, %p, %mx, %cv : tensor<2xf32>, tensor<2x2xf32>, tensor<2x3xi1>, tensor<3xi32>, tensor<4x2xf32>, tensor<6xf32>, tensor<2xf32>, tensor<2xi32>
  }
})mlir";
  Tensor x = make<float>(ElementType::kF32, {2, 3}, {0, 5, 1, 9, 2, 3});
  Tensor y = make<float>(ElementType::kF32, {3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor i = make<int32_t>(ElementType::kS32, {4}, {7, 8, 9, 10});
  RunResult r = run(text, {x, y, i});
  s.check(r.ok, "runs: " + r.message);
  if (!r.ok) return;
  // (x + c)^2 summed over rows: (1, 7, 4) -> 66; (13, 7, 9) -> 299.
  s.check(values<float>(r.outputs[0]) == std::vector<float>{66, 299}, "add/negate/multiply/reduce applies");
  s.check(values<float>(r.outputs[1]) == std::vector<float>{20, 26, 30, 44}, "dot_general");
  s.check(values<uint8_t>(r.outputs[2]) == std::vector<uint8_t>{0, 1, 0, 1, 0, 0}, "compare");
  s.check(values<int32_t>(r.outputs[3]) == std::vector<int32_t>{7, 8, 9}, "slice");
  s.check(values<float>(r.outputs[4]) == std::vector<float>{0, 0, 0, 0, 20, 26, 30, 44}, "broadcast and concatenate");
  s.check(values<float>(r.outputs[5]) == std::vector<float>{0, 1, 3, 5, 2, 4}, "transpose, reshape, pad");
  s.check(values<float>(r.outputs[6]) == std::vector<float>{5, 9}, "select and reduce with a reducer body");
  s.check(values<int32_t>(r.outputs[7]) == std::vector<int32_t>{0, 1}, "iota and convert");

  const char* strided = R"mlir(module {
  func.func @main(%x: tensor<10xi32>) -> tensor<3xi32> {
    %0 = stablehlo.slice %x [1:9:3] : (tensor<10xi32>) -> tensor<3xi32>
    return %0 : tensor<3xi32>
  }
})mlir";
  r = run(strided, {make<int32_t>(ElementType::kS32, {10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{1, 4, 7}, "strided slice: " + r.message);
  const char* batched = R"mlir(module {
  func.func @main(%l: tensor<2x2x2xi64>, %r: tensor<2x2x2xi64>) -> tensor<2x2x2xi64> {
    %0 = stablehlo.dot_general %l, %r,
      batching_dims = [0] x [0],
      contracting_dims = [2] x [1]
      : (tensor<2x2x2xi64>, tensor<2x2x2xi64>) -> tensor<2x2x2xi64>
    func.return %0 : tensor<2x2x2xi64>
  }
})mlir";
  r = run(batched, {make<int64_t>(ElementType::kS64, {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}),
                    make<int64_t>(ElementType::kS64, {2, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0})});
  s.check(r.ok && values<int64_t>(r.outputs[0]) == std::vector<int64_t>{1, 2, 3, 4, 6, 5, 8, 7},
          "multi-line dot_general with batching dims: " + r.message);
  RunResult e = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>", "    %0 = stablehlo.fancy %a0 : tensor<2xf32>", "%0"));
  s.check(e.code == 12 && e.message == "line 3: unknown op \"stablehlo.fancy\"", "unknown pretty op: " + e.message);
  e = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>", "    %0 = stablehlo.add %a0, %a0 : tensor<3xf32>", "%0"));
  s.check(e.code == 3 && e.message.find("has type tensor<2xf32> but the signature says tensor<3xf32>") != std::string::npos,
          "pretty type mismatch: " + e.message);
  e = compile_only(module_of("tensor<2xf32>", "tensor<2xf32>", "    %0 = stablehlo.transpose %a0, perm = [0] : (tensor<2xf32>) -> tensor<2xf32>", "%0"));
  s.check(e.code == 3 && e.message.find("expected 'dims'") != std::string::npos, "bad pretty keyword: " + e.message);
}

void fully_generic_module(Suite& s) {
  s.current = "fully generic builtin.module and func.func (mlir-opt --mlir-print-op-generic)";
  const char* text = R"mlir(#loc2 = loc("t.mlir":2:26)
"builtin.module"() <{sym_name = "g"}> ({
  "func.func"() <{function_type = (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>, sym_name = "main", sym_visibility = "public", arg_attrs = [{}, {a = 1 : i32}]}> ({
  ^bb0(%arg0: tensor<2xf32> loc("t.mlir":2:26), %arg1: tensor<2xf32> loc(#loc2)):
    %0 = "stablehlo.subtract"(%arg0, %arg1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32> loc(#loc4)
    "func.return"(%0) : (tensor<2xf32>) -> () loc(#loc5)
  }) : () -> () loc(#loc1)
}) : () -> () loc(#loc)
#loc = loc("t.mlir":1:1)
)mlir";
  RunResult r = run(text, {make<float>(ElementType::kF32, {2}, {5, 7}), make<float>(ElementType::kF32, {2}, {1, 2})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{4, 5}, "runs: " + r.message);
  std::unique_ptr<Program> p;
  compile_program(text, &p);
  s.check(p && p->name() == "g", "module name from sym_name");
  RunResult e = compile_only(R"mlir("builtin.module"() ({
  "func.func"() <{function_type = (tensor<2xf32>) -> tensor<2xf32>, sym_name = "main"}> ({
  ^bb0(%arg0: tensor<3xf32>):
    "func.return"(%arg0) : (tensor<3xf32>) -> ()
  }) : () -> ()
}) : () -> ()
)mlir");
  s.check(e.code == 3 && e.message.find("is tensor<3xf32> in the block but tensor<2xf32> in the type") != std::string::npos,
          "block argument types must match function_type: " + e.message);
}

}  // namespace

void parser_tests(Suite& s) {
  fully_generic_module(s);
  pretty_forms(s);
  truncated_and_mutated_text(s);
  helpers(s);
  add_and_multiply(s);
  module_forms(s);
  properties_and_attribute_kinds(s);
  multi_result_and_region(s);
  dense_literals(s);
  parse_errors(s);
  deep_nesting(s);
  args_checked_at_run(s);
}

}  // namespace tsmlx::cpu::test
