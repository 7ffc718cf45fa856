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
#include <unordered_map>

#include "engine/status.h"
#include "parser/dense.h"
#include "parser/lexer.h"

namespace tsmlx::cpu::parser {
namespace {

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

class Parser {
 public:
  explicit Parser(std::string_view text) : lx_(text) {}

  ir::Module parse() {
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
      } else {
        lx_.fail("expected 'module' or 'func.func'");
      }
    }
    if (module_.funcs.empty()) lx_.fail("no function in module");
    return std::move(module_);
  }

 private:
  // `#name = <attribute>` at top level (location aliases and the like).
  void skip_alias_definition() {
    lx_.sigil_name('#');
    lx_.expect("=", "after an alias name");
    parse_attr_value();
  }

  void parse_module_body() {
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

  void skip_dict() {
    if (lx_.peek() != '{') lx_.fail("expected '{'");
    lx_.balanced();
  }

  void skip_loc() {
    if (lx_.accept_word("loc")) {
      if (lx_.peek() != '(') lx_.fail("expected '(' after loc");
      lx_.balanced();
    }
  }

  // ---- types ----
  TensorType parse_tensor_type() {
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

  // `(t, t) -> t` or `(t) -> (t, t)` or `() -> ()`.
  void parse_function_type(std::vector<TensorType>* ins, std::vector<TensorType>* outs) {
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

  // ---- values ----
  int new_value(const std::string& name, const TensorType& type, int line) {
    auto& scope = scopes_.back();
    if (scope.count(name)) lx_.fail_at(line, "redefinition of %" + name);
    int id = static_cast<int>(fn_->value_types.size());
    fn_->value_types.push_back(type);
    fn_->value_names.push_back(name);
    scope[name] = id;
    return id;
  }

  int lookup(const std::string& name, int line) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->find(name);
      if (f != it->end()) return f->second;
    }
    size_t hash = name.find('#');
    if (hash != std::string::npos && name.substr(hash) == "#0") return lookup(name.substr(0, hash), line);
    lx_.fail_at(line, "use of undefined value %" + name);
  }

  // %name or %name#k as a lookup key.
  std::string value_ref() {
    std::string name = lx_.sigil_name('%');
    if (lx_.peek_raw() == '#') {
      lx_.accept("#");
      std::string idx = lx_.number();
      if (idx.empty()) lx_.fail("expected a result number after '#'");
      name += "#" + idx;
    }
    return name;
  }

  // ---- functions ----
  void parse_func() {
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

  // Ops up to and including the closing '}' of a block.
  void parse_ops_until_brace(ir::Region* region) {
    while (!lx_.accept("}")) {
      if (lx_.at_end()) lx_.fail("unterminated block (missing '}')");
      parse_op(region);
    }
  }

  // ---- ops ----
  void parse_op(ir::Region* region) {
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
        lx_.fail_at(op.line, "unknown op \"" + op.name + "\" (ops must be in generic form)", kUnimplemented);
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

  void set_kind(ir::Op* op) {
    std::string name = op->name == "return" ? "func.return" : op->name;
    if (!ir::lookup_op(name, &op->kind)) lx_.fail_at(op->line, "unknown op \"" + op->name + "\"", kUnimplemented);
  }

  void parse_generic_op(ir::Op* op) {
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

  // After '{': [^bb0(%a: t, ...):] ops '}'. Opens a name scope.
  void parse_region(ir::Region* region) {
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

  // return [%x, %y : t1, t2]
  void parse_pretty_return(ir::Op* op) {
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

  // ---- attributes ----
  // Entries `key [= value]` separated by ',' up to `close`.
  void parse_attr_entries(std::vector<std::pair<std::string, ir::Attr>>* out, std::string_view close) {
    if (lx_.accept(close)) return;
    do {
      std::string key = lx_.peek() == '"' ? lx_.string_lit() : lx_.word();
      if (key.empty()) lx_.fail("expected an attribute name");
      ir::Attr value;
      if (lx_.accept("=")) value = parse_attr_value();
      out->emplace_back(std::move(key), std::move(value));
    } while (lx_.accept(","));
    lx_.expect(close, "to close the attributes");
  }

  ir::Attr parse_attr_value() {
    ir::Attr a;
    char c = lx_.peek();
    if (c == '"') {
      a.kind = ir::AttrKind::kString;
      a.s = lx_.string_lit();
      skip_optional_type();
    } else if (c == '[') {
      lx_.accept("[");
      a.kind = ir::AttrKind::kList;
      if (!lx_.accept("]")) {
        do a.list.push_back(parse_attr_value());
        while (lx_.accept(","));
        lx_.expect("]", "to close a list attribute");
      }
    } else if (c == '{') {
      a.kind = ir::AttrKind::kOpaque;
      a.s = std::string(lx_.balanced());
    } else if (c == '#') {
      std::string name = lx_.sigil_name('#');
      if (name == "stablehlo" && lx_.peek_raw() == '<') {
        lx_.accept("<");
        a.kind = ir::AttrKind::kEnum;
        a.s = lx_.word();
        a.value = lx_.word();
        if (a.s.empty() || a.value.empty()) lx_.fail("expected '#stablehlo<name VALUE>'");
        lx_.expect(">", "to close #stablehlo<" + a.s);
      } else if (name == "stablehlo.dot" && lx_.peek_raw() == '<') {
        a.kind = ir::AttrKind::kDot;
        parse_dot_dims(&a.dot);
      } else {
        a.kind = ir::AttrKind::kOpaque;
        a.s = "#" + name;
        if (lx_.peek_raw() == '<') a.s += std::string(lx_.balanced());
      }
    } else if (c == '@') {
      a.kind = ir::AttrKind::kString;
      a.s = lx_.sigil_name('@');
    } else if (c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c))) {
      std::string n = lx_.number();
      if (n.empty()) lx_.fail("expected an attribute value");
      bool is_float = n.find_first_of(".eEn") != std::string::npos && n.find("0x") == std::string::npos;
      ElementType t = ElementType::kInvalid;
      if (lx_.accept(":")) {
        std::string tw = lx_.word();
        if (!parse_element_type(tw, &t) && tw != "index") lx_.fail("unsupported attribute type '" + tw + "'");
      }
      if (t == ElementType::kF16 || t == ElementType::kBF16 || t == ElementType::kF32 || t == ElementType::kF64)
        is_float = true;
      if (is_float) {
        a.kind = ir::AttrKind::kFloat;
        a.f = std::strtod(n.c_str(), nullptr);
        if (n.find("0x") != std::string::npos) lx_.fail("hex float attributes are not supported");
      } else {
        a.kind = ir::AttrKind::kInt;
        a.i = static_cast<int64_t>(n.find("0x") != std::string::npos ? std::strtoull(n.c_str(), nullptr, 16)
                                                                      : std::strtoll(n.c_str(), nullptr, 10));
      }
    } else {
      int line = lx_.line();
      std::string w = lx_.word();
      if (w.empty()) lx_.fail("expected an attribute value");
      if (w == "true" || w == "false") {
        a.kind = ir::AttrKind::kBool;
        a.b = w == "true";
      } else if (w == "unit") {
        a.kind = ir::AttrKind::kUnit;
      } else if (w == "dense") {
        parse_dense(&a, line);
      } else if (w == "array") {
        parse_array(&a);
      } else {
        a.kind = ir::AttrKind::kOpaque;
        a.s = w;
        if (lx_.peek_raw() == '<' || lx_.peek_raw() == '(') a.s += std::string(lx_.balanced());
      }
    }
    return a;
  }

  void skip_optional_type() {
    if (lx_.peek() == ':' && lx_.peek_raw(1) != ':') {
      lx_.accept(":");
      lx_.word();
      if (lx_.peek_raw() == '<') lx_.balanced();
    }
  }

  // #stablehlo.dot<lhs_batching_dimensions = [0], ...> (cursor at '<').
  void parse_dot_dims(ir::DotDims* d) {
    lx_.expect("<", "after #stablehlo.dot");
    if (lx_.accept(">")) return;
    do {
      std::string key = lx_.word();
      lx_.expect("=", "after " + key);
      std::vector<int64_t> v = int_list();
      if (key == "lhs_batching_dimensions") d->lhs_batch = v;
      else if (key == "rhs_batching_dimensions") d->rhs_batch = v;
      else if (key == "lhs_contracting_dimensions") d->lhs_contract = v;
      else if (key == "rhs_contracting_dimensions") d->rhs_contract = v;
      else lx_.fail("unknown dot dimension field '" + key + "'");
    } while (lx_.accept(","));
    lx_.expect(">", "to close #stablehlo.dot");
  }

  // A decimal integer used as a dimension, index or size: at most 2^40 in magnitude.
  int64_t small_int(const std::string& n) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(n.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v > (int64_t{1} << 40) || v < -(int64_t{1} << 40))
      lx_.fail("integer " + n + " is out of range here");
    return v;
  }

  std::vector<int64_t> int_list() {
    std::vector<int64_t> v;
    lx_.expect("[", "to open an integer list");
    if (lx_.accept("]")) return v;
    do {
      std::string n = lx_.number();
      if (n.empty()) lx_.fail("expected an integer");
      v.push_back(small_int(n));
    } while (lx_.accept(","));
    lx_.expect("]", "to close an integer list");
    return v;
  }

  // array<i64: 1, 2> / array<i1: true, false> / array<i64> (cursor after 'array').
  void parse_array(ir::Attr* a) {
    a->kind = ir::AttrKind::kArray;
    lx_.expect("<", "after array");
    std::string et = lx_.word();
    ElementType t;
    if (!parse_element_type(et, &t)) lx_.fail("unsupported array element type '" + et + "'");
    if (lx_.accept(":")) {
      do {
        if (lx_.accept_word("true")) {
          a->ints.push_back(1);
        } else if (lx_.accept_word("false")) {
          a->ints.push_back(0);
        } else {
          std::string n = lx_.number();
          if (n.empty() || n.find_first_of(".eE") != std::string::npos) lx_.fail("expected an integer in array<>");
          a->ints.push_back(small_int(n));
        }
      } while (lx_.accept(","));
    }
    lx_.expect(">", "to close array<");
  }

  // dense<...> : tensor<...> (cursor after 'dense').
  void parse_dense(ir::Attr* a, int line) {
    a->kind = ir::AttrKind::kDense;
    lx_.expect("<", "after dense");
    DenseLiteral lit;
    if (lx_.peek() == '"') {
      std::string s = lx_.string_lit();
      if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        lx_.fail("dense string literal must be hex data \"0x...\"");
      lit.is_hex_string = true;
      lit.hex = s.substr(2);
    } else if (lx_.peek() != '>') {
      if (lx_.peek() == '[') lit.nested = true;
      std::vector<int64_t> shape;
      dense_elements(&lit, 0);
    }
    lx_.expect(">", "to close dense<");
    lx_.expect(":", "before the type of a dense attribute");
    TensorType t = parse_tensor_type();
    try {
      a->dense = decode_dense(lit, t);
    } catch (EngineError& e) {
      lx_.fail_at(line, e.message, e.code);
    }
  }

  void dense_elements(DenseLiteral* lit, size_t depth) {
    if (lx_.accept("[")) {
      int64_t count = 0;
      if (!lx_.accept("]")) {
        do {
          dense_elements(lit, depth + 1);
          ++count;
        } while (lx_.accept(","));
        lx_.expect("]", "to close a dense list");
      }
      if (lit->shape.size() <= depth) lit->shape.resize(depth + 1, -1);
      if (lit->shape[depth] == -1) lit->shape[depth] = count;
      else if (lit->shape[depth] != count) lx_.fail("ragged dense literal");
      return;
    }
    if (lx_.accept_word("true")) {
      lit->tokens.push_back("true");
    } else if (lx_.accept_word("false")) {
      lit->tokens.push_back("false");
    } else {
      std::string n = lx_.number();
      if (n.empty()) lx_.fail("expected a number in dense literal");
      lit->tokens.push_back(n);
    }
  }

  Lexer lx_;
  ir::Module module_;
  ir::Function* fn_ = nullptr;
  std::vector<std::unordered_map<std::string, int>> scopes_;
};

}  // namespace

ir::Module parse_module(std::string_view text) { return Parser(text).parse(); }

}  // namespace tsmlx::cpu::parser
