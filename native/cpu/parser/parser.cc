// Recursive-descent parser for StableHLO modules in MLIR text.
//
//   module [@name] [attributes {...}] { func.func ... }
//   func.func [public|private] @name(%a: tensor<..> [{attrs}] [loc(..)], ...) [-> results] [attributes {..}] { ops }
//   op:  [%r[:N] | %r0, %r1 =] "dialect.op"(%x, %y#1) [<{props}>] [({regions})] [{attrs}] : (types) -> types [loc(..)]
//        return %x : type  |  func.return %x, %y : t1, t2  |  "func.return"(%x) : (..) -> ()
#include "parser/parser.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "engine/status.h"
#include "parser/parser_impl.h"

namespace tsmlx::cpu::parser {
namespace detail {

bool parse_element_type(std::string_view s, ElementType* t) {
  static constexpr std::pair<const char*, ElementType> kTypes[] = {
      {"i1", ElementType::kPred},  {"i8", ElementType::kS8},     {"i16", ElementType::kS16},
      {"i32", ElementType::kS32},  {"i64", ElementType::kS64},   {"ui8", ElementType::kU8},
      {"ui16", ElementType::kU16}, {"ui32", ElementType::kU32},  {"ui64", ElementType::kU64},
      {"f16", ElementType::kF16},  {"bf16", ElementType::kBF16}, {"f32", ElementType::kF32},
      {"f64", ElementType::kF64},  {"si8", ElementType::kS8},    {"si16", ElementType::kS16},
      {"si32", ElementType::kS32}, {"si64", ElementType::kS64},
  };
  for (const auto& [name, type] : kTypes) {
    if (s == name) {
      *t = type;
      return true;
    }
  }
  return false;
}

Parser::Nesting::Nesting(int* depth, const char* what, int line) : depth_(depth) {
  if (++*depth_ > kMaxNesting) {
    --*depth_;
    throw EngineError{kInvalidArgument, std::string("[parser] ") + what + " nested deeper than " +
                                            std::to_string(kMaxNesting) + " at line " + std::to_string(line)};
  }
}

ir::Module Parser::parse() {
  bool saw_module = false;
  while (!lx_.at_end()) {
    if (lx_.peek() == '#') {
      skip_alias_definition();
    } else if (lx_.accept_word("module")) {
      if (saw_module) lx_.fail("more than one module");
      saw_module = true;
      parse_module_body();
    } else if (lx_.accept_word("func.func")) {
      parse_func();
    } else if (lx_.peek() == '"') {
      int line = lx_.line();
      std::string name = lx_.string_lit();
      if (name == "builtin.module") {
        if (saw_module) lx_.fail_at(line, "more than one module");
        saw_module = true;
        parse_generic_module();
      } else if (name == "func.func") {
        parse_generic_func();
      } else {
        lx_.fail_at(line, "expected a module or a function, got \"" + name + "\"");
      }
    } else {
      lx_.fail("expected 'module' or 'func.func'");
    }
  }
  if (module_.funcs.empty()) lx_.fail("no function in module");
  return std::move(module_);
}

void Parser::skip_alias_definition() {
  lx_.sigil_name('#');
  lx_.expect("=", "after an alias name");
  parse_attr_value();
}

void Parser::parse_module_body() {
  if (lx_.peek() == '@') module_.name = lx_.sigil_name('@');
  if (lx_.accept_word("attributes")) skip_dict();
  lx_.expect("{", "to open the module");
  while (!lx_.accept("}")) {
    if (lx_.at_end()) lx_.fail("unterminated module");
    if (lx_.accept_word("func.func")) {
      parse_func();
    } else {
      lx_.fail("expected 'func.func' in module, got '" + lx_.word() + "'");
    }
  }
  skip_loc();
}

void Parser::parse_generic_module() {
  lx_.expect("(", "after \"builtin.module\"");
  lx_.expect(")", "after \"builtin.module\"(");
  std::vector<std::pair<std::string, ir::Attr>> props;
  if (lx_.peek() == '<' && lx_.peek_raw(1) == '{') {
    lx_.accept("<");
    lx_.accept("{");
    parse_attr_entries(&props, "}>");
  }
  for (const auto& [k, v] : props)
    if (k == "sym_name" && v.kind == ir::AttrKind::kString) module_.name = v.s;
  if (lx_.peek() == '{') skip_dict();
  lx_.expect("(", "to open the module's region");
  lx_.expect("{", "to open the module's region");
  if (lx_.peek() == '^') {
    lx_.sigil_name('^');
    lx_.expect(":", "after the block label");
  }
  while (!lx_.accept("}")) {
    if (lx_.at_end()) lx_.fail("unterminated module");
    if (lx_.accept_word("func.func")) {
      parse_func();
      continue;
    }
    int line = lx_.line();
    if (lx_.peek() != '"' || lx_.string_lit() != "func.func") lx_.fail_at(line, "expected a function in the module");
    parse_generic_func();
  }
  lx_.expect(")", "to close the module's region");
  skip_generic_tail();
}

void Parser::skip_generic_tail() {
  lx_.expect(":", "before the type of a module or function");
  std::vector<TensorType> ins, outs;
  parse_function_type(&ins, &outs);
  skip_loc();
}

void Parser::parse_generic_func() {
  ir::Function fn;
  fn.line = lx_.line();
  fn_ = &fn;
  scopes_.clear();
  scopes_.emplace_back();
  lx_.expect("(", "after \"func.func\"");
  lx_.expect(")", "after \"func.func\"(");
  bool has_type = false;
  if (lx_.peek() == '<' && lx_.peek_raw(1) == '{') {
    lx_.accept("<");
    lx_.accept("{");
    do {
      std::string key = lx_.word();
      if (key.empty()) lx_.fail("expected a function property");
      lx_.expect("=", "after " + key);
      if (key == "function_type") {
        parse_function_type(&fn.param_types, &fn.result_types);
        has_type = true;
      } else {
        ir::Attr v = parse_attr_value();
        if (key == "sym_name") fn.name = v.s;
      }
    } while (lx_.accept(","));
    lx_.expect("}>", "to close the function properties");
  }
  if (!has_type) lx_.fail_at(fn.line, "\"func.func\" without function_type");
  if (lx_.peek() == '{') skip_dict();
  lx_.expect("(", "to open the body of @" + fn.name);
  lx_.expect("{", "to open the body of @" + fn.name);
  if (lx_.peek() == '^') {
    lx_.sigil_name('^');
    if (lx_.accept("(") && !lx_.accept(")")) {
      do {
        int line = lx_.line();
        std::string name = lx_.sigil_name('%');
        lx_.expect(":", "after parameter %" + name);
        TensorType t = parse_tensor_type();
        skip_loc();
        fn.body.args.push_back(new_value(name, t, line));
      } while (lx_.accept(","));
      lx_.expect(")", "to close the parameters of @" + fn.name);
    }
    lx_.expect(":", "after the block header");
  }
  if (fn.body.args.size() != fn.param_types.size())
    lx_.fail_at(fn.line, "@" + fn.name + " has " + std::to_string(fn.body.args.size()) + " block arguments but its type lists " +
                             std::to_string(fn.param_types.size()) + " parameters");
  for (size_t i = 0; i < fn.param_types.size(); ++i) {
    if (fn.value_types[fn.body.args[i]] != fn.param_types[i])
      lx_.fail_at(fn.line, "parameter " + std::to_string(i) + " of @" + fn.name + " is " +
                               fn.value_types[fn.body.args[i]].to_string() + " in the block but " +
                               fn.param_types[i].to_string() + " in the type");
  }
  parse_ops_until_brace(&fn.body);
  lx_.expect(")", "to close the body of @" + fn.name);
  skip_generic_tail();
  fn_ = nullptr;
  module_.funcs.push_back(std::move(fn));
}

void Parser::skip_dict() {
  if (lx_.peek() != '{') lx_.fail("expected '{'");
  lx_.balanced();
}

void Parser::skip_loc() {
  if (lx_.accept_word("loc")) {
    if (lx_.peek() != '(') lx_.fail("expected '(' after loc");
    lx_.balanced();
  }
}

TensorType Parser::parse_tensor_type() {
  int line = lx_.line();
  if (lx_.peek() == '!') lx_.fail("unsupported type " + std::string(lx_.raw_until(',')), kUnimplemented);
  if (!lx_.accept_word("tensor")) {
    std::string w = lx_.word();
    if (!w.empty()) lx_.fail_at(line, "unsupported type '" + w + "', expected tensor<...>", kUnimplemented);
    lx_.fail("expected a tensor type");
  }
  if (lx_.peek() != '<') lx_.fail("expected '<' after tensor");
  std::string_view body = lx_.balanced();
  body = body.substr(1, body.size() - 2);
  TensorType t;
  size_t start = 0;
  while (true) {
    size_t x = body.find('x', start);
    std::string_view part = body.substr(start, x == std::string_view::npos ? std::string_view::npos : x - start);
    bool is_dim = !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
    if (x != std::string_view::npos && is_dim) {
      errno = 0;
      long long d = std::strtoll(std::string(part).c_str(), nullptr, 10);
      if (errno != 0 || d > (int64_t{1} << 40)) lx_.fail_at(line, "dimension " + std::string(part) + " is too large");
      t.dims.push_back(d);
      start = x + 1;
      continue;
    }
    if (part == "?" || (x != std::string_view::npos && part.find('?') != std::string_view::npos))
      lx_.fail_at(line, "dynamic shapes are not supported: tensor<" + std::string(body) + ">", kUnimplemented);
    std::string_view rest = body.substr(start);
    if (!parse_element_type(rest, &t.type))
      lx_.fail_at(line, "unsupported tensor type tensor<" + std::string(body) + ">", kUnimplemented);
    break;
  }
  double total = 1;
  for (int64_t d : t.dims) total *= static_cast<double>(d);
  if (total > static_cast<double>(int64_t{1} << 48)) lx_.fail_at(line, "tensor<" + std::string(body) + "> is too large");
  return t;
}

void Parser::parse_function_type(std::vector<TensorType>* ins, std::vector<TensorType>* outs) {
  lx_.expect("(", "to open the operand types");
  if (!lx_.accept(")")) {
    do ins->push_back(parse_tensor_type());
    while (lx_.accept(","));
    lx_.expect(")", "to close the operand types");
  }
  lx_.expect("->", "in the op's function type");
  if (lx_.accept("(")) {
    if (!lx_.accept(")")) {
      do outs->push_back(parse_tensor_type());
      while (lx_.accept(","));
      lx_.expect(")", "to close the result types");
    }
  } else {
    outs->push_back(parse_tensor_type());
  }
}

int Parser::new_value(const std::string& name, const TensorType& type, int line) {
  auto& scope = scopes_.back();
  if (scope.count(name)) lx_.fail_at(line, "redefinition of %" + name);
  int id = static_cast<int>(fn_->value_types.size());
  fn_->value_types.push_back(type);
  fn_->value_names.push_back(name);
  scope[name] = id;
  return id;
}

int Parser::lookup(const std::string& name, int line) {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto f = it->find(name);
    if (f != it->end()) return f->second;
  }
  size_t hash = name.find('#');
  if (hash != std::string::npos && name.substr(hash) == "#0") return lookup(name.substr(0, hash), line);
  lx_.fail_at(line, "use of undefined value %" + name);
}

std::string Parser::value_ref() {
  std::string name = lx_.sigil_name('%');
  if (lx_.peek_raw() == '#') {
    lx_.accept("#");
    std::string idx = lx_.number();
    if (idx.empty()) lx_.fail("expected a result number after '#'");
    name += "#" + idx;
  }
  return name;
}

void Parser::parse_func() {
  ir::Function fn;
  fn.line = lx_.line();
  fn_ = &fn;
  scopes_.clear();
  scopes_.emplace_back();
  if (lx_.accept_word("public") || lx_.accept_word("private") || lx_.accept_word("nested")) {
  }
  fn.name = lx_.sigil_name('@');
  lx_.expect("(", "to open the parameters of @" + fn.name);
  if (!lx_.accept(")")) {
    do {
      int line = lx_.line();
      std::string name = lx_.sigil_name('%');
      lx_.expect(":", "after parameter %" + name);
      TensorType t = parse_tensor_type();
      if (lx_.peek() == '{') skip_dict();
      skip_loc();
      fn.param_types.push_back(t);
      fn.body.args.push_back(new_value(name, t, line));
    } while (lx_.accept(","));
    lx_.expect(")", "to close the parameters of @" + fn.name);
  }
  if (lx_.accept("->")) {
    if (lx_.accept("(")) {
      if (!lx_.accept(")")) {
        do {
          fn.result_types.push_back(parse_tensor_type());
          if (lx_.peek() == '{') skip_dict();
        } while (lx_.accept(","));
        lx_.expect(")", "to close the results of @" + fn.name);
      }
    } else {
      fn.result_types.push_back(parse_tensor_type());  // a '{' after it opens the body
    }
  }
  if (lx_.accept_word("attributes")) skip_dict();
  lx_.expect("{", "to open the body of @" + fn.name);
  parse_ops_until_brace(&fn.body);
  skip_loc();
  fn_ = nullptr;
  module_.funcs.push_back(std::move(fn));
}

void Parser::parse_ops_until_brace(ir::Region* region) {
  while (!lx_.accept("}")) {
    if (lx_.at_end()) lx_.fail("unterminated block (missing '}')");
    parse_op(region);
  }
}

void Parser::parse_op(ir::Region* region) {
  ir::Op op;
  op.line = lx_.line();
  // Result names.
  std::vector<std::pair<std::string, int>> names;  // name, count (count -1 = single name)
  if (lx_.peek() == '%') {
    do {
      std::string name = lx_.sigil_name('%');
      int count = -1;
      if (lx_.peek() == ':' && lx_.peek_raw(1) != ':') {
        lx_.accept(":");
        std::string n = lx_.number();
        if (n.empty()) lx_.fail("expected a result count after '%" + name + ":'");
        count = n.size() > 6 ? -2 : std::atoi(n.c_str());
        if (count < 0) lx_.fail("bad result count '" + n + "'");
      }
      names.emplace_back(name, count);
    } while (lx_.accept(","));
    lx_.expect("=", "after result names");
  }
  if (lx_.peek() == '"') {
    op.name = lx_.string_lit();
    parse_generic_op(&op);
  } else {
    op.name = lx_.word();
    if (op.name == "return" || op.name == "func.return" || op.name == "stablehlo.return") {
      parse_pretty_return(&op);
    } else if (op.name.empty()) {
      lx_.fail("expected an op");
    } else {
      parse_pretty_op(&op);
    }
  }
  // Define results.
  size_t total = 0;
  for (auto& [name, count] : names) total += count < 0 ? 1 : static_cast<size_t>(count);
  if (total != op.sig_result_types.size())
    lx_.fail_at(op.line, "[" + op.name + "] " + std::to_string(total) + " result names for " +
                             std::to_string(op.sig_result_types.size()) + " result types");
  size_t k = 0;
  for (auto& [name, count] : names) {
    if (count < 0) {
      op.results.push_back(new_value(name, op.sig_result_types[k], op.line));
      ++k;
    } else {
      for (int i = 0; i < count; ++i, ++k)
        op.results.push_back(new_value(name + "#" + std::to_string(i), op.sig_result_types[k], op.line));
    }
  }
  region->ops.push_back(std::move(op));
}

void Parser::set_kind(ir::Op* op) {
  std::string name = op->name == "return" ? "func.return" : op->name;
  if (!ir::lookup_op(name, &op->kind)) lx_.fail_at(op->line, "unknown op \"" + op->name + "\"", kUnimplemented);
}

void Parser::parse_generic_op(ir::Op* op) {
  set_kind(op);
  lx_.expect("(", "to open the operands of " + op->name);
  if (!lx_.accept(")")) {
    do op->operands.push_back(lookup(value_ref(), op->line));
    while (lx_.accept(","));
    lx_.expect(")", "to close the operands of " + op->name);
  }
  if (lx_.peek() == '<' && lx_.peek_raw(1) == '{') {
    lx_.accept("<");
    lx_.accept("{");
    parse_attr_entries(&op->attrs, "}>");
  }
  if (lx_.peek() == '(') {
    Nesting nesting(&region_depth_, "regions", op->line);
    lx_.accept("(");
    do {
      lx_.expect("{", "to open a region of " + op->name);
      op->regions.emplace_back();
      parse_region(&op->regions.back());
    } while (lx_.accept(","));
    lx_.expect(")", "to close the regions of " + op->name);
  }
  if (lx_.accept("{")) parse_attr_entries(&op->attrs, "}");
  lx_.expect(":", "before the type of " + op->name);
  parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  skip_loc();
}

void Parser::parse_region(ir::Region* region) {
  scopes_.emplace_back();
  if (lx_.peek() == '^') {
    lx_.sigil_name('^');
    if (lx_.accept("(")) {
      if (!lx_.accept(")")) {
        do {
          int line = lx_.line();
          std::string name = lx_.sigil_name('%');
          lx_.expect(":", "after block argument %" + name);
          TensorType t = parse_tensor_type();
          skip_loc();
          region->args.push_back(new_value(name, t, line));
        } while (lx_.accept(","));
        lx_.expect(")", "to close the block arguments");
      }
    }
    lx_.expect(":", "after the block header");
  }
  parse_ops_until_brace(region);
  scopes_.pop_back();
}

void Parser::parse_pretty_return(ir::Op* op) {
  set_kind(op);
  if (lx_.peek() == '%') {
    do op->operands.push_back(lookup(value_ref(), op->line));
    while (lx_.accept(","));
    lx_.expect(":", "before the types of " + op->name);
    do op->sig_operand_types.push_back(parse_tensor_type());
    while (lx_.accept(","));
  }
  skip_loc();
}

}  // namespace detail

ir::Module parse_module(std::string_view text) { return detail::Parser(text).parse(); }

}  // namespace tsmlx::cpu::parser
