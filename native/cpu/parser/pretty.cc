// Pretty (custom assembly) forms of the supported ops, e.g.
//   %2 = stablehlo.add %0, %1 : tensor<4xf32>
//   %3 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [1] : (..) -> ..
// Each fills the op exactly as its generic form would.
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "engine/status.h"
#include "parser/parser_impl.h"

namespace tsmlx::cpu::parser::detail {

void Parser::pretty_operands(ir::Op* op) {
  while (lx_.peek() == '%') {
    op->operands.push_back(lookup(value_ref(), op->line));
    if (lx_.peek() != ',') break;
    lx_.accept(",");
    if (lx_.peek() != '%') break;
  }
}

void Parser::expect_keyword(const char* kw, const ir::Op& op) {
  if (!lx_.accept_word(kw)) lx_.fail("[" + op.name + "] expected '" + kw + "'");
  lx_.expect("=", std::string("after ") + kw);
}

ir::Attr Parser::array_attr(std::vector<int64_t> v) {
  ir::Attr a;
  a.kind = ir::AttrKind::kArray;
  a.ints = std::move(v);
  return a;
}

ir::Attr Parser::int_attr(int64_t v) {
  ir::Attr a;
  a.kind = ir::AttrKind::kInt;
  a.i = v;
  return a;
}

void Parser::pretty_types(ir::Op* op) {
  if (lx_.peek() == '{') {
    lx_.accept("{");
    parse_attr_entries(&op->attrs, "}");
  }
  lx_.expect(":", "before the type of " + op->name);
  if (lx_.peek() == '(') {
    parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  } else {
    std::vector<TensorType> ts;
    do ts.push_back(parse_tensor_type());
    while (lx_.accept(","));
    if (ts.size() == 1) {
      op->sig_operand_types.assign(op->operands.size(), ts[0]);
      op->sig_result_types.push_back(ts[0]);
    } else if (ts.size() == 2 && op->kind == ir::OpKind::kSelect && op->operands.size() == 3) {
      op->sig_operand_types = {ts[0], ts[1], ts[1]};
      op->sig_result_types.push_back(ts[1]);
    } else {
      lx_.fail_at(op->line, "[" + op->name + "] expected one type or a function type");
    }
  }
  skip_loc();
}

void Parser::parse_pretty_op(ir::Op* op) {
  using ir::OpKind;
  set_kind(op);
  if (ir::traits(op->kind).pretty_plain) {
    pretty_operands(op);
    return pretty_types(op);
  }
  switch (op->kind) {
    case OpKind::kConstant: {
      if (lx_.peek() == '{') {
        lx_.accept("{");
        parse_attr_entries(&op->attrs, "}");
      }
      int line = lx_.line();
      ir::Attr v = parse_attr_value();
      if (v.kind != ir::AttrKind::kDense) lx_.fail_at(line, "[stablehlo.constant] expected a dense<...> value");
      op->sig_result_types.push_back(v.dense.type);
      op->attrs.emplace_back("value", std::move(v));
      skip_loc();
      return;
    }
    case OpKind::kIota:
      expect_keyword("dim", *op);
      op->attrs.emplace_back("iota_dimension", int_attr(small_int(lx_.number())));
      return pretty_types(op);
    case OpKind::kCompare: {
      ir::Attr dir;
      dir.kind = ir::AttrKind::kEnum;
      dir.s = "comparison_direction";
      dir.value = lx_.word();
      lx_.expect(",", "after the comparison direction");
      op->attrs.emplace_back("comparison_direction", dir);
      pretty_operands(op);
      std::string type = lx_.word();
      if (!type.empty()) {
        ir::Attr ct;
        ct.kind = ir::AttrKind::kEnum;
        ct.s = "comparison_type";
        ct.value = type;
        op->attrs.emplace_back("compare_type", ct);
      }
      return pretty_types(op);
    }
    case OpKind::kBroadcastInDim:
      pretty_operands(op);
      expect_keyword("dims", *op);
      op->attrs.emplace_back("broadcast_dimensions", array_attr(int_list()));
      return pretty_types(op);
    case OpKind::kTranspose:
      pretty_operands(op);
      expect_keyword("dims", *op);
      op->attrs.emplace_back("permutation", array_attr(int_list()));
      return pretty_types(op);
    case OpKind::kConcatenate:
      pretty_operands(op);
      expect_keyword("dim", *op);
      op->attrs.emplace_back("dimension", int_attr(small_int(lx_.number())));
      return pretty_types(op);
    case OpKind::kPad:
      pretty_operands(op);
      expect_keyword("low", *op);
      op->attrs.emplace_back("edge_padding_low", array_attr(int_list()));
      lx_.expect(",", "after low");
      expect_keyword("high", *op);
      op->attrs.emplace_back("edge_padding_high", array_attr(int_list()));
      lx_.expect(",", "after high");
      expect_keyword("interior", *op);
      op->attrs.emplace_back("interior_padding", array_attr(int_list()));
      return pretty_types(op);
    case OpKind::kSlice: {
      pretty_operands(op);
      if (lx_.accept("[")) {  // [start:limit(:stride)?, ...]
        std::vector<int64_t> start, limit, stride;
        if (!lx_.accept("]")) {
          do {
            start.push_back(small_int(lx_.number()));
            lx_.expect(":", "in a slice range");
            limit.push_back(small_int(lx_.number()));
            stride.push_back(lx_.accept(":") ? small_int(lx_.number()) : 1);
          } while (lx_.accept(","));
          lx_.expect("]", "to close the slice ranges");
        }
        op->attrs.emplace_back("start_indices", array_attr(start));
        op->attrs.emplace_back("limit_indices", array_attr(limit));
        op->attrs.emplace_back("strides", array_attr(stride));
      }
      return pretty_types(op);
    }
    case OpKind::kDotGeneral: {
      pretty_operands(op);
      ir::Attr dd;
      dd.kind = ir::AttrKind::kDot;
      while (true) {
        if (lx_.accept_word("batching_dims")) {
          lx_.expect("=", "after batching_dims");
          dd.dot.lhs_batch = int_list();
          if (!lx_.accept_word("x")) lx_.fail("expected 'x' between batching dims");
          dd.dot.rhs_batch = int_list();
        } else if (lx_.accept_word("contracting_dims")) {
          lx_.expect("=", "after contracting_dims");
          dd.dot.lhs_contract = int_list();
          if (!lx_.accept_word("x")) lx_.fail("expected 'x' between contracting dims");
          dd.dot.rhs_contract = int_list();
        } else if (lx_.accept_word("precision")) {
          lx_.expect("=", "after precision");
          if (lx_.peek() != '[') lx_.fail("expected '[' after precision =");
          lx_.balanced();
        } else if (lx_.accept_word("algorithm")) {
          lx_.expect("=", "after algorithm");
          if (lx_.peek() != '<') lx_.fail("expected '<' after algorithm =");
          lx_.balanced();
        } else {
          break;
        }
        if (!lx_.accept(",")) break;
      }
      op->attrs.emplace_back("dot_dimension_numbers", dd);
      return pretty_types(op);
    }
    case OpKind::kReduce: return parse_pretty_reduce(op);
    case OpKind::kDynamicSlice:
      pretty_operands(op);
      expect_keyword("sizes", *op);
      op->attrs.emplace_back("slice_sizes", array_attr(int_list()));
      return pretty_types(op);
    case OpKind::kConvolution:
    case OpKind::kReverse:
      return parse_pretty_window(op);
    default:
      lx_.fail_at(op->line, "the pretty form of \"" + op->name + "\" is not supported; use the generic form",
                  kUnimplemented);
  }
}

void Parser::parse_pretty_reduce(ir::Op* op) {
  std::vector<int> inputs, inits;
  do {
    lx_.expect("(", "to open a reduce operand");
    inputs.push_back(lookup(value_ref(), op->line));
    if (!lx_.accept_word("init")) lx_.fail("[stablehlo.reduce] expected 'init:'");
    lx_.expect(":", "after init");
    inits.push_back(lookup(value_ref(), op->line));
    lx_.expect(")", "to close a reduce operand");
  } while (lx_.accept(","));
  op->operands = inputs;
  op->operands.insert(op->operands.end(), inits.begin(), inits.end());
  std::string applies;
  if (lx_.accept_word("applies")) {
    applies = lx_.word();
    if (applies.empty()) lx_.fail("[stablehlo.reduce] expected an op after 'applies'");
  }
  if (!lx_.accept_word("across")) lx_.fail("[stablehlo.reduce] expected 'across'");
  expect_keyword("dimensions", *op);
  op->attrs.emplace_back("dimensions", array_attr(int_list()));
  if (lx_.peek() == '{') {
    lx_.accept("{");
    parse_attr_entries(&op->attrs, "}");
  }
  lx_.expect(":", "before the type of stablehlo.reduce");
  parse_function_type(&op->sig_operand_types, &op->sig_result_types);
  const size_t n = inputs.size();
  if (op->sig_operand_types.size() != 2 * n) lx_.fail_at(op->line, "[stablehlo.reduce] operand types do not match the operands");
  op->regions.emplace_back();
  ir::Region& body = op->regions.back();
  scopes_.emplace_back();
  if (!applies.empty()) {
    if (n != 1) lx_.fail_at(op->line, "[stablehlo.reduce] 'applies' needs exactly one operand");
    TensorType scalar{op->sig_operand_types[0].type, {}};
    int a = new_value(".lhs", scalar, op->line), b = new_value(".rhs", scalar, op->line);
    body.args = {a, b};
    ir::Op bin;
    bin.name = applies;
    bin.line = op->line;
    set_kind(&bin);
    bin.operands = {a, b};
    bin.sig_operand_types = {scalar, scalar};
    bin.sig_result_types = {scalar};
    bin.results = {new_value(".acc", scalar, op->line)};
    ir::Op ret;
    ret.kind = ir::OpKind::kReturn;
    ret.name = "stablehlo.return";
    ret.line = op->line;
    ret.operands = bin.results;
    ret.sig_operand_types = {scalar};
    body.ops.push_back(std::move(bin));
    body.ops.push_back(std::move(ret));
    scopes_.pop_back();
    skip_loc();
    return;
  }
  skip_loc();
  if (!lx_.accept_word("reducer")) lx_.fail("[stablehlo.reduce] expected 'applies' or 'reducer'");
  std::vector<int> lhs, rhs;
  for (size_t k = 0; k < n; ++k) {
    lx_.expect("(", "to open a reducer argument pair");
    for (std::vector<int>* side : {&lhs, &rhs}) {
      int line = lx_.line();
      std::string name = lx_.sigil_name('%');
      lx_.expect(":", "after reducer argument %" + name);
      TensorType t = parse_tensor_type();
      skip_loc();
      side->push_back(new_value(name, t, line));
      if (side == &lhs) lx_.expect(",", "between reducer arguments");
    }
    lx_.expect(")", "to close a reducer argument pair");
  }
  body.args = lhs;
  body.args.insert(body.args.end(), rhs.begin(), rhs.end());
  lx_.expect("{", "to open the reducer body");
  Nesting nesting(&region_depth_, "regions", op->line);
  parse_ops_until_brace(&body);
  scopes_.pop_back();
}

}  // namespace tsmlx::cpu::parser::detail
