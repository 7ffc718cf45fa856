// Pretty forms of the window group: convolution (as JAX prints it) and reverse. Each
// fills the op with the attributes of its generic form, so the verifier sees one shape.
#include <string>

#include "engine/status.h"
#include "parser/parser_impl.h"

namespace tsmlx::cpu::parser::detail {

void Parser::parse_pretty_window(ir::Op* op) {
  if (op->kind == ir::OpKind::kReverse) {
    pretty_operands(op);
    expect_keyword("dims", *op);
    op->attrs.emplace_back("dimensions", array_attr(int_list()));
    return pretty_types(op);
  }
  // convolution
  lx_.expect("(", "to open the operands of " + op->name);
  pretty_operands(op);
  lx_.expect(")", "to close the operands of " + op->name);
  expect_keyword("dim_numbers", *op);
  std::string dn = "#stablehlo.conv<";
  if (lx_.peek() != '[') lx_.fail("[" + op->name + "] expected '[' to open the input dimension numbers");
  dn += std::string(lx_.balanced());
  if (lx_.word() != "x") lx_.fail("[" + op->name + "] expected 'x' between input and kernel dimension numbers");
  if (lx_.peek() != '[') lx_.fail("[" + op->name + "] expected '[' to open the kernel dimension numbers");
  dn += "x" + std::string(lx_.balanced());
  lx_.expect("->", "before the output dimension numbers");
  if (lx_.peek() != '[') lx_.fail("[" + op->name + "] expected '[' to open the output dimension numbers");
  dn += "->" + std::string(lx_.balanced()) + ">";
  ir::Attr dims;
  dims.kind = ir::AttrKind::kOpaque;
  dims.s = dn;
  op->attrs.emplace_back("dimension_numbers", std::move(dims));
  if (lx_.accept(",")) {
    expect_keyword("window", *op);
    lx_.expect("{", "to open the window of " + op->name);
    std::vector<std::pair<std::string, ir::Attr>> window;
    parse_attr_entries(&window, "}");
    for (auto& [key, value] : window) {
      std::string name = key == "stride"       ? "window_strides"
                         : key == "pad"        ? "padding"
                         : key == "lhs_dilate" ? "lhs_dilation"
                         : key == "rhs_dilate" ? "rhs_dilation"
                         : key == "reverse"    ? "window_reversal"
                                               : "";
      if (name.empty()) lx_.fail("[" + op->name + "] unknown window field '" + key + "'");
      op->attrs.emplace_back(name, std::move(value));
    }
  }
  if (lx_.accept("{")) parse_attr_entries(&op->attrs, "}");
  pretty_types(op);
}

}  // namespace tsmlx::cpu::parser::detail
