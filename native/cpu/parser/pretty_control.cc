// Pretty forms of while, func.call, custom_call, reduce_precision and the CHLO ops, as JAX
// prints them. Each fills the op exactly as its generic form would.
#include <string>

#include "engine/status.h"
#include "parser/parser_impl.h"

namespace tsmlx::cpu::parser::detail {

void Parser::parse_pretty_while(ir::Op* op) {
  // (%iterArg = %init, ...) : types
  std::vector<std::string> names;
  lx_.expect("(", "to open the operands of stablehlo.while");
  if (!lx_.accept(")")) {
    do {
      names.push_back(lx_.sigil_name('%'));
      lx_.expect("=", "after a loop-carried name");
      op->operands.push_back(lookup(value_ref(), op->line));
    } while (lx_.accept(","));
    lx_.expect(")", "to close the operands of stablehlo.while");
  }
  if (!names.empty()) {
    lx_.expect(":", "before the types of stablehlo.while");
    do op->sig_operand_types.push_back(parse_tensor_type());
    while (lx_.accept(","));
  }
  if (op->sig_operand_types.size() != names.size())
    lx_.fail_at(op->line, "[stablehlo.while] " + std::to_string(names.size()) + " operands but " +
                              std::to_string(op->sig_operand_types.size()) + " types");
  op->sig_result_types = op->sig_operand_types;
  if (lx_.accept_word("attributes")) {
    lx_.expect("{", "to open the attributes of stablehlo.while");
    parse_attr_entries(&op->attrs, "}");
  }
  Nesting nesting(&region_depth_, "regions", op->line);
  for (const char* kw : {"cond", "do"}) {
    if (!lx_.accept_word(kw)) lx_.fail("[stablehlo.while] expected '" + std::string(kw) + "'");
    lx_.expect("{", std::string("to open the ") + kw + " region of stablehlo.while");
    op->regions.emplace_back();
    ir::Region& r = op->regions.back();
    scopes_.emplace_back();
    for (size_t i = 0; i < names.size(); ++i) r.args.push_back(new_value(names[i], op->sig_operand_types[i], op->line));
    parse_ops_until_brace(&r);
    scopes_.pop_back();
  }
  skip_loc();
}

void Parser::parse_pretty_call(ir::Op* op) {
  int line = lx_.line();
  if (lx_.peek() != '@') lx_.fail_at(line, "[" + op->name + "] expected '@name'");
  ir::Attr callee;
  callee.kind = ir::AttrKind::kString;
  callee.s = lx_.sigil_name('@');
  op->attrs.emplace_back(op->kind == ir::OpKind::kCall ? "callee" : "call_target_name", std::move(callee));
  lx_.expect("(", "to open the operands of " + op->name);
  if (!lx_.accept(")")) {
    do op->operands.push_back(lookup(value_ref(), op->line));
    while (lx_.accept(","));
    lx_.expect(")", "to close the operands of " + op->name);
  }
  if (lx_.peek() == '{') {
    lx_.accept("{");
    parse_attr_entries(&op->attrs, "}");
  }
  lx_.expect(":", "before the type of " + op->name);
  parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  skip_loc();
}

void Parser::parse_pretty_reduce_precision(ir::Op* op) {
  pretty_operands(op);
  expect_keyword("format", *op);
  const int line = lx_.line();
  const std::string f = lx_.word();  // e5m10
  const size_t m = f.find('m');
  if (f.size() < 4 || f[0] != 'e' || m == std::string::npos || m < 2 || m + 1 >= f.size())
    lx_.fail_at(line, "[stablehlo.reduce_precision] expected a format like e5m10, got '" + f + "'");
  op->attrs.emplace_back("exponent_bits", int_attr(small_int(f.substr(1, m - 1))));
  op->attrs.emplace_back("mantissa_bits", int_attr(small_int(f.substr(m + 1))));
  pretty_types(op);
}

// chlo.scan(%in, ...) inits(%init, ...) dimension=0 [attributes {is_reverse = true}] { ^bb0(...): ... } : (..) -> (..)
void Parser::parse_pretty_scan(ir::Op* op) {
  std::vector<int64_t> segments;
  for (const char* group : {"", "inits"}) {
    if (*group && !lx_.accept_word(group)) lx_.fail("[chlo.scan] expected 'inits'");
    lx_.expect("(", "to open the operands of chlo.scan");
    int64_t n = 0;
    if (!lx_.accept(")")) {
      do {
        op->operands.push_back(lookup(value_ref(), op->line));
        ++n;
      } while (lx_.accept(","));
      lx_.expect(")", "to close the operands of chlo.scan");
    }
    segments.push_back(n);
  }
  op->attrs.emplace_back("operandSegmentSizes", array_attr(segments));
  expect_keyword("dimension", *op);
  op->attrs.emplace_back("dimension", int_attr(small_int(lx_.number())));
  if (lx_.accept_word("attributes")) {
    lx_.expect("{", "to open the attributes of chlo.scan");
    parse_attr_entries(&op->attrs, "}");
  }
  Nesting nesting(&region_depth_, "regions", op->line);
  lx_.expect("{", "to open the body of chlo.scan");
  op->regions.emplace_back();
  parse_region(&op->regions.back());
  lx_.expect(":", "before the type of chlo.scan");
  parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  skip_loc();
}

void Parser::parse_pretty_chlo(ir::Op* op) {
  if (op->kind == ir::OpKind::kChloScan) return parse_pretty_scan(op);
  if (op->kind == ir::OpKind::kChloTopK) {
    lx_.expect("(", "to open the operands of chlo.top_k");
    op->operands.push_back(lookup(value_ref(), op->line));
    lx_.expect(",", "after the operand of chlo.top_k");
    expect_keyword("k", *op);
    op->attrs.emplace_back("k", int_attr(small_int(lx_.number())));
    lx_.expect(")", "to close the operands of chlo.top_k");
  } else {
    pretty_operands(op);
  }
  if (lx_.peek() == '{') {
    lx_.accept("{");
    parse_attr_entries(&op->attrs, "}");
  }
  lx_.expect(":", "before the type of " + op->name);
  // `t -> t`, `t, t -> t`, `t -> (t, t)`, or a function type `(t, t) -> t`.
  if (lx_.peek() == '(') {
    parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  } else {
    do op->sig_operand_types.push_back(parse_tensor_type());
    while (lx_.accept(","));
    if (lx_.accept("->")) {
      if (lx_.accept("(")) {
        do op->sig_result_types.push_back(parse_tensor_type());
        while (lx_.accept(","));
        lx_.expect(")", "to close the result types of " + op->name);
      } else {
        op->sig_result_types.push_back(parse_tensor_type());
      }
    } else if (op->sig_operand_types.size() == 1) {
      op->sig_result_types = op->sig_operand_types;
      op->sig_operand_types.assign(op->operands.size(), op->sig_result_types[0]);
    }
  }
  skip_loc();
}

}  // namespace tsmlx::cpu::parser::detail
