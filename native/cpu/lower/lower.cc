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
      if (op.kind == OpKind::kConvolution && op.operands.size() == 2 && op.results.size() == 1)
        widen_convolution_operands(&op, &out);
      if (ir::traits(op.kind).family != ir::Family::kRewritten) {
        if (op.kind == OpKind::kConstant && op.results.size() == 1)
          if (const ir::Attr* v = op.attr("value"); v != nullptr && v->kind == ir::AttrKind::kDense)
            constants_[op.results[0]] = v->dense;
        out.push_back(std::move(op));
        continue;
      }
      Builder b(fn_, &out, op);
      std::vector<int> vals;
      if (op.kind == OpKind::kCall || op.kind == OpKind::kComposite) {
        vals = inline_call(b, op, &out, depth);
      } else if (op.kind == OpKind::kCustomCall) {
        vals = rewrite_custom_call(b, op);
      } else if (op.kind == OpKind::kChloScan) {
        vals = scan(b, op);
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
    const char* key = call.kind == OpKind::kComposite ? "decomposition" : "callee";
    const ir::Attr* callee = call.attr(key);
    if (callee == nullptr || callee->kind != ir::AttrKind::kString)
      fail_op(call, std::string("needs a ") + key + " = @name attribute");
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

  // A convolution whose operands have a narrower element type than its result (i8 x i8 -> i32,
  // bf16 x bf16 -> f32) convolves the operands converted to the result's type: the same values,
  // accumulated in the result's type.
  void widen_convolution_operands(Op* op, std::vector<Op>* out) {
    const ElementType rt = fn_->value_types[op->results[0]].type;
    Builder b(fn_, out, *op);
    for (size_t i = 0; i < 2; ++i) {
      const TensorType t = fn_->value_types[resolve(op->operands[i])];
      if (t.type == rt) continue;
      op->operands[i] = b.convert(op->operands[i], rt);
      op->sig_operand_types[i] = TensorType{rt, t.dims};
    }
  }

  // chlo.scan as a while loop over the scanned dimension: the state is the step, the carries and
  // the outputs so far; each step slices every input there (dynamic_slice), runs the body (its
  // ops copied) and writes the body's outputs there (dynamic_update_slice).
  std::vector<int> scan(Builder& b, const Op& op) {
    const ir::Attr* seg = op.attr("operandSegmentSizes");
    const ir::Attr* dim_attr = op.attr("dimension");
    if (seg == nullptr || seg->kind != ir::AttrKind::kArray || seg->ints.size() != 2)
      fail_op(op, "needs operandSegmentSizes (inputs, inits)");
    if (dim_attr == nullptr || dim_attr->kind != ir::AttrKind::kInt) fail_op(op, "needs an integer dimension");
    if (op.regions.size() != 1) fail_op(op, "needs one body region");
    const size_t n = static_cast<size_t>(seg->ints[0]), m = static_cast<size_t>(seg->ints[1]);
    if (n + m != op.operands.size() || n == 0) fail_op(op, "operandSegmentSizes do not match its operands");
    if (op.results.size() < m) fail_op(op, "has fewer results than carries");
    const size_t k = op.results.size() - m;
    const int64_t d = dim_attr->i;
    bool reverse = false;
    if (const ir::Attr* r = op.attr("is_reverse"); r != nullptr && r->kind == ir::AttrKind::kBool) reverse = r->b;
    const TensorType in0 = b.type(op.operands[0]);
    if (d < 0 || d >= static_cast<int64_t>(in0.dims.size())) fail_op(op, "dimension is out of range for " + in0.to_string());
    const int64_t steps = in0.dims[d];
    const ir::Region& body = op.regions[0];
    if (body.args.size() != n + m) fail_op(op, "body takes " + std::to_string(body.args.size()) + " arguments, expected " +
                                                   std::to_string(n + m));
    const TensorType idx_t{ElementType::kS32, {}};
    std::vector<int> init = {b.constant(0, idx_t)};
    std::vector<TensorType> state = {idx_t};
    for (size_t c = 0; c < m; ++c) {
      init.push_back(op.operands[n + c]);
      state.push_back(b.type(op.operands[n + c]));
    }
    for (size_t o = 0; o < k; ++o) {
      const TensorType t = b.type(op.results[o]);
      if (t.dims.size() != in0.dims.size() || t.dims[d] != steps)
        fail_op(op, "output " + t.to_string() + " does not stack along dimension " + std::to_string(d));
      init.push_back(b.constant(0, t));
      state.push_back(t);
    }
    ir::Region cond = b.region(state, [&](Builder& rb, const std::vector<int>& a) -> std::vector<int> {
      return {rb.compare(ir::CompareDir::kLT, a[0], rb.constant(static_cast<double>(steps), idx_t))};
    });
    ir::Region loop = b.region(state, [&](Builder& rb, const std::vector<int>& a) -> std::vector<int> {
      const int i = a[0];
      const int at = reverse ? rb.sub(rb.constant(static_cast<double>(steps - 1), idx_t), i) : i;
      const int zero = rb.constant(0, idx_t);
      auto starts = [&](size_t rank) {
        std::vector<int> v(rank, zero);
        v[d] = at;
        return v;
      };
      std::unordered_map<int, int> map;
      for (size_t j = 0; j < n; ++j) {
        const TensorType t = rb.type(op.operands[j]);
        std::vector<int> operands = {op.operands[j]};
        for (int s : starts(t.dims.size())) operands.push_back(s);
        TensorType one = t;
        one.dims[d] = 1;
        ir::Op& ds = rb.emit(OpKind::kDynamicSlice, operands, {one});
        ds.attrs.emplace_back("slice_sizes", array_attr(one.dims));
        const int sliced = ds.results[0];
        map[body.args[j]] = rb.emit1(OpKind::kReshape, {sliced}, rb.type(body.args[j]));
      }
      for (size_t c = 0; c < m; ++c) map[body.args[n + c]] = a[1 + c];
      ir::Region copy;
      clone_region(*fn_, body, &copy, &map, rb, false, /*outer_values=*/true);
      if (copy.ops.empty() || copy.ops.back().kind != OpKind::kReturn) fail_op(op, "body does not end with stablehlo.return");
      std::vector<int> rets = copy.ops.back().operands;
      copy.ops.pop_back();
      if (rets.size() != k + m)
        fail_op(op, "body returns " + std::to_string(rets.size()) + " values, expected " + std::to_string(k + m));
      for (Op& c : copy.ops) rb.push(std::move(c));
      std::vector<int> next = {rb.add(i, rb.constant(1, idx_t))};
      for (size_t c = 0; c < m; ++c) next.push_back(rets[k + c]);
      for (size_t o = 0; o < k; ++o) {
        TensorType one = rb.type(op.results[o]);
        one.dims[d] = 1;
        const int upd = rb.emit1(OpKind::kReshape, {rets[o]}, one);
        std::vector<int> operands = {a[1 + m + o], upd};
        for (int s : starts(one.dims.size())) operands.push_back(s);
        next.push_back(rb.emit1(OpKind::kDynamicUpdateSlice, operands, rb.type(op.results[o])));
      }
      return next;
    });
    ir::Op& w = b.emit(OpKind::kWhile, init, state);
    w.regions.push_back(std::move(cond));
    w.regions.push_back(std::move(loop));
    const std::vector<int> res = w.results;
    std::vector<int> out;
    for (size_t o = 0; o < k; ++o) out.push_back(res[1 + m + o]);
    for (size_t c = 0; c < m; ++c) out.push_back(res[1 + c]);
    return out;
  }

  // Copies region `src` of function `f` into `dst`, giving every value it defines a fresh id.
  // With outer_values (a region of this same function), values from outside it stay as they are.
  void clone_region(const ir::Function& f, const ir::Region& src, ir::Region* dst, std::unordered_map<int, int>* map,
                    Builder& b, bool bind_args, bool outer_values = false) {
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
        if (it == map->end()) {
          if (outer_values) {
            c.operands.push_back(v);
            continue;
          }
          fail_op(op, "uses a value of @" + f.name + " that is not defined before it", kInternal);
        }
        c.operands.push_back(it->second);
      }
      for (const ir::Region& r : op.regions) {
        c.regions.emplace_back();
        clone_region(f, r, &c.regions.back(), map, b, true, outer_values);
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
