// Attribute values: dictionaries, dense<...> literals, array<...>, #stablehlo<...> enums,
// #stablehlo.dot<...>, numbers, strings, booleans, and opaque values kept as text.
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "engine/status.h"
#include "parser/parser_impl.h"

namespace tsmlx::cpu::parser::detail {

void Parser::parse_attr_entries(std::vector<std::pair<std::string, ir::Attr>>* out, std::string_view close) {
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

ir::Attr Parser::parse_attr_value() {
  ir::Attr a;
  char c = lx_.peek();
  if (c == '"') {
    a.kind = ir::AttrKind::kString;
    a.s = lx_.string_lit();
    skip_optional_type();
  } else if (c == '[') {
    Nesting nesting(&value_depth_, "attribute values", lx_.line());
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

void Parser::skip_optional_type() {
  if (lx_.peek() == ':' && lx_.peek_raw(1) != ':') {
    lx_.accept(":");
    lx_.word();
    if (lx_.peek_raw() == '<') lx_.balanced();
  }
}

void Parser::parse_dot_dims(ir::DotDims* d) {
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

int64_t Parser::small_int(const std::string& n) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(n.c_str(), &end, 10);
  if (n.empty()) lx_.fail("expected an integer");
  if (errno != 0 || *end != '\0' || v > (int64_t{1} << 40) || v < -(int64_t{1} << 40))
    lx_.fail("integer " + n + " is out of range here");
  return v;
}

std::vector<int64_t> Parser::int_list() {
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

void Parser::parse_array(ir::Attr* a) {
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

void Parser::parse_dense(ir::Attr* a, int line) {
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
    if (lx_.peek() == '(' || (lx_.peek() == '[' && lx_.peek_raw(1) == '('))
      lx_.fail("complex literals are not supported", kUnimplemented);
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

void Parser::dense_elements(DenseLiteral* lit, size_t depth) {
  if (lx_.peek() == '[') {
    Nesting nesting(&dense_depth_, "dense literals", lx_.line());
    lx_.accept("[");
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

}  // namespace tsmlx::cpu::parser::detail
