// lower_module: see lower.h. Calls are inlined first (bodies may hold any op), then each
// rewritten op is replaced where it stands, inside regions too. Uses of a replaced op's results
// are renamed to the values that replace them once the whole function is done.
#include "lower/lower.h"

#include <string>
#include <unordered_map>

#include "engine/status.h"
#include "lower/builder.h"
#include "parser/parser.h"

namespace tsmlx::cpu::lower {
namespace {

using ir::Op;
using ir::OpKind;

[[noreturn]] void fail_op(const Op& op, const std::string& msg, int code = kInvalidArgument) {
  throw EngineError{code, "line " + std::to_string(op.line) + ": [" + op.name + "] " + msg};
}

class Lowering {
 public:
  Lowering(ir::Module* m, size_t entry) : m_(m), fn_(&m->funcs[entry]) {
    for (size_t i = 0; i < m->funcs.size(); ++i) by_name_[m->funcs[i].name] = i;
    entry_name_ = fn_->name;
  }

  void run() {
    stack_.push_back(entry_name_);
    rewrite_region(&fn_->body, 0);
    rename_region(&fn_->body);
  }

 private:
  // The value that `id` stands for after the rewrites (following chains of renames).
  int resolve(int id) const {
    for (auto it = rename_.find(id); it != rename_.end(); it = rename_.find(id)) id = it->second;
    return id;
  }

  void rename_region(ir::Region* r) {
    for (Op& op : r->ops) {
      for (int& v : op.operands) v = resolve(v);
      for (ir::Region& sub : op.regions) rename_region(&sub);
    }
  }

  void rewrite_region(ir::Region* r, int depth) {
    if (depth > parser::kMaxNesting)
      throw EngineError{kInvalidArgument, "[lower] regions and calls nested deeper than " +
                                              std::to_string(parser::kMaxNesting)};
    std::vector<Op> out;
    out.reserve(r->ops.size());
    for (Op& op : r->ops) {
      for (ir::Region& sub : op.regions) rewrite_region(&sub, depth + 1);
      if (ir::traits(op.kind).family != ir::Family::kRewritten) {
        if (op.kind == OpKind::kConstant && op.results.size() == 1)
          if (const ir::Attr* v = op.attr("value"); v != nullptr && v->kind == ir::AttrKind::kDense)
            constants_[op.results[0]] = v->dense;
        out.push_back(std::move(op));
        continue;
      }
      Builder b(fn_, &out, op);
      std::vector<int> vals;
      if (op.kind == OpKind::kCall) {
        vals = inline_call(b, op, &out, depth);
      } else if (op.kind == OpKind::kCustomCall) {
        vals = rewrite_custom_call(b, op);
      } else if (op.name.rfind("chlo.", 0) == 0) {
        vals = rewrite_chlo(b, op);
      } else {
        vals = rewrite_dynamic(b, op, [this](int id) { return constant_of(id); });
      }
      if (vals.size() != op.results.size())
        fail_op(op, "was rewritten into " + std::to_string(vals.size()) + " values for " +
                        std::to_string(op.results.size()) + " results", kInternal);
      for (size_t k = 0; k < vals.size(); ++k) {
        if (fn_->value_types[resolve(vals[k])] != fn_->value_types[op.results[k]])
          fail_op(op, "result #" + std::to_string(k) + " is declared " + fn_->value_types[op.results[k]].to_string() +
                          " but computes " + fn_->value_types[resolve(vals[k])].to_string());
        rename_[op.results[k]] = vals[k];
      }
    }
    r->ops = std::move(out);
  }

  // The value of a stablehlo.constant already rewritten (its region done), else nullptr.
  const Tensor* constant_of(int id) const {
    auto it = constants_.find(resolve(id));
    return it == constants_.end() ? nullptr : &it->second;
  }

  // Copies the callee's body (its own calls inlined in turn) into `out` with fresh value ids and
  // returns the values of its func.return.
  std::vector<int> inline_call(Builder& b, const Op& call, std::vector<Op>* out, int depth) {
    const ir::Attr* callee = call.attr("callee");
    if (callee == nullptr || callee->kind != ir::AttrKind::kString) fail_op(call, "needs a callee = @name attribute");
    auto found = by_name_.find(callee->s);
    if (found == by_name_.end()) fail_op(call, "calls @" + callee->s + ", which the module does not define");
    for (const std::string& s : stack_)
      if (s == callee->s) fail_op(call, "calls @" + callee->s + " recursively, which cannot be inlined", kUnimplemented);
    const ir::Function& f = m_->funcs[found->second];
    if (call.operands.size() != f.param_types.size())
      fail_op(call, "passes " + std::to_string(call.operands.size()) + " arguments to @" + f.name + ", which takes " +
                        std::to_string(f.param_types.size()));
    for (size_t i = 0; i < call.operands.size(); ++i)
      if (fn_->value_types[call.operands[i]] != f.param_types[i])
        fail_op(call, "argument #" + std::to_string(i) + " is " + fn_->value_types[call.operands[i]].to_string() +
                          " but @" + f.name + " takes " + f.param_types[i].to_string());
    std::unordered_map<int, int> map;  // callee value id -> caller value id
    for (size_t i = 0; i < f.body.args.size(); ++i) map[f.body.args[i]] = call.operands[i];
    ir::Region body;
    clone_region(f, f.body, &body, &map, b, /*bind_args=*/false);
    if (body.ops.empty() || body.ops.back().kind != OpKind::kFuncReturn)
      fail_op(call, "@" + f.name + " does not end with func.return");
    Op ret = std::move(body.ops.back());
    body.ops.pop_back();
    stack_.push_back(f.name);
    rewrite_region(&body, depth + 1);
    stack_.pop_back();
    for (Op& op : body.ops) out->push_back(std::move(op));
    return ret.operands;
  }

  // Copies region `src` of function `f` into `dst`, giving every value it defines a fresh id.
  void clone_region(const ir::Function& f, const ir::Region& src, ir::Region* dst, std::unordered_map<int, int>* map,
                    Builder& b, bool bind_args) {
    auto fresh = [&](int id) {
      const int v = b.value(f.value_types[id]);
      fn_->value_names[v] = f.value_names[id];
      (*map)[id] = v;
      return v;
    };
    if (bind_args)
      for (int a : src.args) dst->args.push_back(fresh(a));
    for (const Op& op : src.ops) {
      Op c;
      c.kind = op.kind;
      c.name = op.name;
      c.line = op.line;
      c.sig_operand_types = op.sig_operand_types;
      c.sig_result_types = op.sig_result_types;
      c.attrs = op.attrs;
      for (int v : op.operands) {
        auto it = map->find(v);
        if (it == map->end()) fail_op(op, "uses a value of @" + f.name + " that is not defined before it", kInternal);
        c.operands.push_back(it->second);
      }
      for (const ir::Region& r : op.regions) {
        c.regions.emplace_back();
        clone_region(f, r, &c.regions.back(), map, b, true);
      }
      for (int v : op.results) c.results.push_back(fresh(v));
      dst->ops.push_back(std::move(c));
    }
  }

  ir::Module* m_;
  ir::Function* fn_;
  std::string entry_name_;
  std::unordered_map<std::string, size_t> by_name_;
  std::vector<std::string> stack_;
  std::unordered_map<int, int> rename_;
  std::unordered_map<int, Tensor> constants_;
};

}  // namespace

void lower_module(ir::Module* m, size_t entry) { Lowering(m, entry).run(); }

}  // namespace tsmlx::cpu::lower
