// Internal to the parser: the recursive-descent Parser shared by parser.cc (module,
// functions, ops, types, values), pretty.cc (custom assembly forms of ops) and
// attributes.cc (attribute values and dense literals).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ir/ir.h"
#include "parser/dense.h"
#include "parser/lexer.h"
#include "parser/parser.h"

namespace tsmlx::cpu::parser::detail {

// The element type named `s` ("f32", "ui8", ...); false when unknown.
bool parse_element_type(std::string_view s, ElementType* t);

// Parses one module text. Example: ir::Module m = Parser(text).parse();
class Parser {
 public:
  explicit Parser(std::string_view text) : lx_(text) {}
  ir::Module parse();

 private:
  // ---- module, functions, ops, types, values (parser.cc) ----
  // `#name = <attribute>` at top level (location aliases and the like).
  void skip_alias_definition();
  void parse_module_body();
  // "builtin.module"() [<{sym_name = "m"}>] [{attrs}] ({ funcs }) : () -> () (after the name).
  void parse_generic_module();
  // `: () -> () [loc(...)]` after a generic module or function.
  void skip_generic_tail();
  // "func.func"() <{function_type = (..) -> (..), sym_name = "main", ...}> ({ ^bb0(%a: t, ...): ops }) : () -> ()
  void parse_generic_func();
  void skip_dict();
  void skip_loc();
  // ---- types ----
  TensorType parse_tensor_type();
  // `(t, t) -> t` or `(t) -> (t, t)` or `() -> ()`.
  void parse_function_type(std::vector<TensorType>* ins, std::vector<TensorType>* outs);
  // ---- values ----
  int new_value(const std::string& name, const TensorType& type, int line);
  int lookup(const std::string& name, int line);
  // %name or %name#k as a lookup key.
  std::string value_ref();
  // ---- functions ----
  void parse_func();
  // Ops up to and including the closing '}' of a block.
  void parse_ops_until_brace(ir::Region* region);
  // ---- ops ----
  void parse_op(ir::Region* region);
  void set_kind(ir::Op* op);
  void parse_generic_op(ir::Op* op);
  // After '{': [^bb0(%a: t, ...):] ops '}'. Opens a name scope.
  void parse_region(ir::Region* region);
  // return [%x, %y : t1, t2]
  void parse_pretty_return(ir::Op* op);

  // ---- pretty (custom assembly) forms of the supported ops (pretty.cc) ----
  // Each fills the op exactly as its generic form would: operands, attributes by their
  // generic names, and the written operand/result types.
  // %a, %b, ... (stops before a keyword after a comma).
  void pretty_operands(ir::Op* op);
  // `keyword =` (after the operands).
  void expect_keyword(const char* kw, const ir::Op& op);
  ir::Attr array_attr(std::vector<int64_t> v);
  ir::Attr int_attr(int64_t v);
  // `: (t, ...) -> t` or `: t` (every operand and the result have type t) or, for select,
  // `: pred_t, t`. Then an optional attribute dictionary was already consumed by the caller.
  void pretty_types(ir::Op* op);
  // After the op name of a pretty op.
  void parse_pretty_op(ir::Op* op);
  // stablehlo.reduce(%x init: %z)[, (%y init: %w)] applies stablehlo.add across dimensions = [1] : type
  // stablehlo.reduce(%x init: %z) across dimensions = [1] : type reducer(%a: t, %b: t) { ... }
  void parse_pretty_reduce(ir::Op* op);
  // Window group (pretty_window.cc):
  // stablehlo.convolution(%l, %r) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
  //   window = {stride = [..], pad = [[..]], lhs_dilate = [..], rhs_dilate = [..], reverse = [..]} {attrs} : type
  // stablehlo.reverse %x, dims = [1] : type
  void parse_pretty_window(ir::Op* op);

  // ---- attributes (attributes.cc) ----
  // Entries `key [= value]` separated by ',' up to `close`.
  void parse_attr_entries(std::vector<std::pair<std::string, ir::Attr>>* out, std::string_view close);
  // One attribute value (see ir::Attr for the kinds).
  ir::Attr parse_attr_value();
  // An optional `: type` after a string attribute.
  void skip_optional_type();
  // #stablehlo.dot<lhs_batching_dimensions = [0], ...> (cursor at '<').
  void parse_dot_dims(ir::DotDims* d);
  // A decimal integer used as a dimension, index or size: at most 2^40 in magnitude.
  int64_t small_int(const std::string& n);
  // [1, 2, 3]
  std::vector<int64_t> int_list();
  // array<i64: 1, 2> / array<i1: true, false> / array<i64> (cursor after 'array').
  void parse_array(ir::Attr* a);
  // dense<...> : tensor<...> (cursor after 'dense').
  void parse_dense(ir::Attr* a, int line);
  // One element or nested list of a dense literal at nesting `depth`.
  void dense_elements(DenseLiteral* lit, size_t depth);

  // One more level of `what` (regions, attribute values, dense literals) for as long as it
  // lives; past kMaxNesting levels it throws "[parser] <what> nested deeper than N at line L".
  // Example: Nesting n(&region_depth_, "regions", op->line);
  class Nesting {
   public:
    Nesting(int* depth, const char* what, int line);
    ~Nesting() { --*depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    int* depth_;
  };

  Lexer lx_;
  int region_depth_ = 0;
  int value_depth_ = 0;
  int dense_depth_ = 0;
  ir::Module module_;
  ir::Function* fn_ = nullptr;
  std::vector<std::unordered_map<std::string, int>> scopes_;
};

}  // namespace tsmlx::cpu::parser::detail
