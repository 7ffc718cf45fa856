// Program: walks the entry function's ops, allocating each result fresh and freeing values
// after their last use. Region bodies (reduce) run on preallocated scalars.
#include "runtime/program.h"

#include <cstring>
#include <new>

#include "engine/status.h"
#include "kernels/indexing.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "kernels/window.h"

namespace tsmlx::cpu::runtime {
namespace {

using ir::Op;
using ir::OpKind;

std::shared_ptr<Storage> allocate_or_throw(const TensorType& t) {
  auto s = Storage::allocate(t.byte_size());
  if (!s) throw EngineError{kResourceExhausted, "cannot allocate " + std::to_string(t.byte_size()) + " bytes for " + t.to_string()};
  return s;
}

// The per-run value table (one Tensor per SSA value id of the function).
using Env = std::vector<Tensor>;

void execute_op(const Op& op, Env& env);
void execute_indexing_op(const Op& op, Env& env);
void execute_window_op(const Op& op, Env& env);

// Runs a reduce body on scalars: its arguments and values are allocated once per reduce.
class RegionRunner {
 public:
  RegionRunner(const ir::Region& region, Env& env, size_t n_results) : region_(region), env_(env), n_(n_results) {
    for (int id : region.args) alloc(id);
    for (const Op& op : region.ops)
      for (int id : op.results) alloc(id);
  }

  void operator()(const void* const* args, void* const* results) {
    for (size_t i = 0; i < region_.args.size(); ++i) {
      Tensor& t = env_[region_.args[i]];
      std::memcpy(t.storage->data(), args[i], t.type.byte_size());
    }
    const size_t last = region_.ops.size() - 1;
    for (size_t i = 0; i < last; ++i) execute_op(region_.ops[i], env_);
    const Op& ret = region_.ops[last];
    for (size_t k = 0; k < n_; ++k) {
      const Tensor& t = env_[ret.operands[k]];
      std::memcpy(results[k], t.storage->data(), t.type.byte_size());
    }
  }

 private:
  void alloc(int id) {
    env_[id].type = types_of(id);
    env_[id].storage = allocate_or_throw(env_[id].type);
  }
  const TensorType& types_of(int id) const { return env_[id].type; }

  const ir::Region& region_;
  Env& env_;
  size_t n_;
};

// Runs one op with its results already allocated in env.
void execute_op(const Op& op, Env& env) {
  if (ir::is_indexing_group(op.kind)) return execute_indexing_op(op, env);
  if (ir::is_window_group(op.kind)) return execute_window_op(op, env);
  auto arg = [&](size_t i) -> const Tensor& { return env[op.operands[i]]; };
  Tensor& out = env[op.results.empty() ? 0 : op.results[0]];
  if (ir::is_binary(op.kind)) return kernels::binary(op.kind, arg(0), arg(1), out);
  if (ir::is_unary(op.kind) && op.kind != OpKind::kConvert) return kernels::unary(op.kind, arg(0), out);
  switch (op.kind) {
    case OpKind::kConstant: return kernels::constant(op.p.constant, out);
    case OpKind::kIota: return kernels::iota(op.p.axis, out);
    case OpKind::kConvert: return kernels::convert(arg(0), out);
    case OpKind::kCompare: return kernels::compare(op.p.dir, op.p.cmp_type, arg(0), arg(1), out);
    case OpKind::kSelect: return kernels::select(arg(0), arg(1), arg(2), out);
    case OpKind::kClamp: return kernels::clamp(arg(0), arg(1), arg(2), out);
    case OpKind::kBroadcastInDim: return kernels::broadcast_in_dim(arg(0), op.p.dims, out);
    case OpKind::kReshape: return kernels::reshape(arg(0), out);
    case OpKind::kTranspose: return kernels::transpose(arg(0), op.p.dims, out);
    case OpKind::kSlice: return kernels::slice(arg(0), op.p.dims, op.p.strides, out);
    case OpKind::kConcatenate: {
      std::vector<const Tensor*> ins;
      for (int id : op.operands) ins.push_back(&env[id]);
      return kernels::concatenate(ins, op.p.axis, out);
    }
    case OpKind::kPad: return kernels::pad(arg(0), arg(1), op.p.low, op.p.interior, out);
    case OpKind::kDotGeneral: return kernels::dot_general(arg(0), arg(1), op.p.dot, out);
    case OpKind::kReduce: {
      const size_t n = op.operands.size() / 2;
      std::vector<const Tensor*> ins, inits;
      std::vector<Tensor*> outs;
      for (size_t k = 0; k < n; ++k) {
        ins.push_back(&env[op.operands[k]]);
        inits.push_back(&env[op.operands[n + k]]);
        outs.push_back(&env[op.results[k]]);
      }
      if (op.p.fast_body != OpKind::kReturn) {
        return kernels::reduce(ins, inits, op.p.dims, op.p.fast_body, nullptr, outs);
      }
      RegionRunner runner(op.regions[0], env, n);
      return kernels::reduce(ins, inits, op.p.dims, OpKind::kReturn,
                             [&runner](const void* const* a, void* const* r) { runner(a, r); }, outs);
    }
    default:
      throw EngineError{kInternal, std::string("[") + op.name + "] cannot be executed"};
  }
}

// ---- indexing group: gather .. case ----

// Runs a region on whole tensors: binds its arguments, runs its ops (allocating each
// result) and returns the values its terminator names (sharing their storage).
std::vector<Tensor> run_region(const ir::Region& region, Env& env, const std::vector<Tensor>& args) {
  for (size_t i = 0; i < region.args.size(); ++i) env[region.args[i]].storage = args[i].storage;
  const size_t last = region.ops.size() - 1;
  for (size_t i = 0; i < last; ++i) {
    const Op& op = region.ops[i];
    for (int id : op.results) env[id].storage = allocate_or_throw(env[id].type);
    execute_op(op, env);
  }
  std::vector<Tensor> out;
  for (int id : region.ops[last].operands) out.push_back(env[id]);
  return out;
}

// Copies region results into the op's own (already allocated) results, so that no result
// shares storage with an argument of the function.
void take_results(const Op& op, Env& env, const std::vector<Tensor>& vals) {
  for (size_t k = 0; k < op.results.size(); ++k) {
    Tensor& r = env[op.results[k]];
    const size_t bytes = r.type.byte_size();
    if (bytes) std::memcpy(r.storage->data(), vals[k].storage->data(), bytes);
  }
}

void execute_indexing_op(const Op& op, Env& env) {
  auto arg = [&](size_t i) -> const Tensor& { return env[op.operands[i]]; };
  Tensor& out = env[op.results.empty() ? 0 : op.results[0]];
  auto starts_from = [&](size_t first) {
    std::vector<int64_t> v;
    for (size_t i = first; i < op.operands.size(); ++i) v.push_back(kernels::scalar_index(arg(i)));
    return v;
  };
  switch (op.kind) {
    case OpKind::kGather: return kernels::gather(arg(0), arg(1), op.p.gather, op.p.dims, out);
    case OpKind::kScatter: {
      const size_t n = op.results.size();
      std::vector<const Tensor*> ins, upd;
      std::vector<Tensor*> outs;
      for (size_t k = 0; k < n; ++k) {
        ins.push_back(&arg(k));
        upd.push_back(&arg(n + 1 + k));
        outs.push_back(&env[op.results[k]]);
      }
      if (op.p.scatter_replace || op.p.fast_body != OpKind::kReturn)
        return kernels::scatter(ins, arg(n), upd, op.p.scatter, op.p.scatter_replace, op.p.fast_body, nullptr, outs);
      RegionRunner runner(op.regions[0], env, n);
      return kernels::scatter(ins, arg(n), upd, op.p.scatter, false, OpKind::kReturn,
                              [&runner](const void* const* a, void* const* r) { runner(a, r); }, outs);
    }
    case OpKind::kDynamicSlice: return kernels::dynamic_slice(arg(0), starts_from(1), out);
    case OpKind::kDynamicUpdateSlice: return kernels::dynamic_update_slice(arg(0), arg(1), starts_from(2), out);
    case OpKind::kAtan2: return kernels::atan2(arg(0), arg(1), out);
    case OpKind::kCbrt: return kernels::cbrt(arg(0), out);
    case OpKind::kIsFinite: return kernels::is_finite(arg(0), out);
    case OpKind::kBitcastConvert: return kernels::bitcast_convert(arg(0), out);
    case OpKind::kSort: {
      std::vector<const Tensor*> ins;
      std::vector<Tensor*> outs;
      for (size_t k = 0; k < op.operands.size(); ++k) {
        ins.push_back(&arg(k));
        outs.push_back(&env[op.results[k]]);
      }
      if (op.p.fast_body == OpKind::kCompare)
        return kernels::sort_by_compare(ins, op.p.axis, op.p.dir, op.p.cmp_type, outs);
      RegionRunner runner(op.regions[0], env, 1);
      uint8_t verdict = 0;
      void* res[1] = {&verdict};
      return kernels::sort(ins, op.p.axis, [&](const void* const* a) {
        runner(a, res);
        return verdict != 0;
      }, outs);
    }
    case OpKind::kRngBitGenerator:
      return kernels::rng_bit_generator(op.p.rng, arg(0), env[op.results[0]], env[op.results[1]]);
    case OpKind::kWhile: {
      std::vector<Tensor> vals;
      for (size_t k = 0; k < op.operands.size(); ++k) vals.push_back(arg(k));
      while (true) {
        std::vector<Tensor> c = run_region(op.regions[0], env, vals);
        if (*static_cast<const uint8_t*>(c[0].storage->data()) == 0) break;
        vals = run_region(op.regions[1], env, vals);
      }
      return take_results(op, env, vals);
    }
    case OpKind::kIf:
    case OpKind::kCase: {
      int64_t branch;
      const int64_t n = static_cast<int64_t>(op.regions.size());
      if (op.kind == OpKind::kIf) {
        branch = *static_cast<const uint8_t*>(arg(0).storage->data()) ? 0 : 1;
      } else {
        branch = kernels::scalar_index(arg(0));
        if (branch < 0 || branch >= n) branch = n - 1;
      }
      return take_results(op, env, run_region(op.regions[branch], env, {}));
    }
    default:
      throw EngineError{kInternal, std::string("[") + op.name + "] cannot be executed"};
  }
}

// ---- window group: convolution, reduce_window, select_and_scatter, reverse ----

void execute_window_op(const Op& op, Env& env) {
  auto arg = [&](size_t i) -> const Tensor& { return env[op.operands[i]]; };
  Tensor& out = env[op.results[0]];
  switch (op.kind) {
    case OpKind::kConvolution:
      if (kernels::dnnl_convolution(arg(0), arg(1), op.p.conv, out)) return;
      if (kernels::fast_convolution(arg(0), arg(1), op.p.conv, out)) return;
      return kernels::convolution(arg(0), arg(1), op.p.conv, out);
    case OpKind::kReverse: return kernels::reverse(arg(0), op.p.dims, out);
    case OpKind::kReduceWindow: {
      const size_t n = op.operands.size() / 2;
      std::vector<const Tensor*> ins, inits;
      std::vector<Tensor*> outs;
      for (size_t k = 0; k < n; ++k) {
        ins.push_back(&arg(k));
        inits.push_back(&arg(n + k));
        outs.push_back(&env[op.results[k]]);
      }
      if (n == 1 && op.p.fast_body == OpKind::kMaximum &&
          kernels::fast_max_pool(*ins[0], *inits[0], op.p.window, *outs[0]))
        return;
      if (op.p.fast_body != OpKind::kReturn)
        return kernels::reduce_window(ins, inits, op.p.window, op.p.fast_body, nullptr, outs);
      RegionRunner runner(op.regions[0], env, n);
      return kernels::reduce_window(ins, inits, op.p.window, OpKind::kReturn,
                                    [&runner](const void* const* a, void* const* r) { runner(a, r); }, outs);
    }
    case OpKind::kSelectAndScatter: {
      if (kernels::fast_max_pool_grad(arg(0), arg(1), arg(2), op.p.window, op.p.fast_body, out)) return;
      RegionRunner select(op.regions[0], env, 1);
      RegionRunner scatter(op.regions[1], env, 1);
      uint8_t verdict = 0;
      void* res[1] = {&verdict};
      return kernels::select_and_scatter(
          arg(0), arg(1), arg(2), op.p.window,
          [&](const void* a, const void* b) {
            const void* args[2] = {a, b};
            select(args, res);
            return verdict != 0;
          },
          op.p.fast_body, [&scatter](const void* const* a, void* const* r) { scatter(a, r); }, out);
    }
    default:
      throw EngineError{kInternal, std::string("[") + op.name + "] cannot be executed"};
  }
}

class ProgramImpl final : public Program {
 public:
  ProgramImpl(ir::Module module, size_t entry) : module_(std::move(module)), fn_(module_.funcs[entry]) {
    name_ = module_.name;
    // Values whose last use is op i are freed after op i.
    std::vector<int> last_use(fn_.value_types.size(), -1);
    const auto& ops = fn_.body.ops;
    for (size_t i = 0; i < ops.size(); ++i) mark_uses(ops[i], static_cast<int>(i), &last_use);
    free_after_.resize(ops.size());
    for (size_t id = 0; id < last_use.size(); ++id)
      if (last_use[id] >= 0) free_after_[last_use[id]].push_back(static_cast<int>(id));
  }

  const std::string& name() const override { return name_; }
  const std::vector<TensorType>& parameter_types() const override { return fn_.param_types; }
  const std::vector<TensorType>& result_types() const override { return fn_.result_types; }

  std::unique_ptr<Error> run(const std::vector<Tensor>& args, std::vector<Tensor>* results) const override {
    try {
      run_or_throw(args, results);
      return nullptr;
    } catch (const EngineError& e) {
      return make_error(e.code, e.message);
    } catch (const std::bad_alloc&) {
      return make_error(kResourceExhausted, "out of memory while running " + name_);
    } catch (const std::exception& e) {
      return make_error(kInternal, std::string("internal error while running ") + name_ + ": " + e.what());
    } catch (...) {
      return make_error(kInternal, "unknown internal error while running " + name_);
    }
  }

 private:
  static std::unique_ptr<Error> make_error(int code, std::string msg) {
    auto e = std::make_unique<Error>();
    e->code = code;
    e->message = std::move(msg);
    return e;
  }

  // A value used by op i (or inside its regions) is live until op i.
  static void mark_uses(const Op& op, int i, std::vector<int>* last_use) {
    for (int id : op.operands) (*last_use)[id] = i;
    for (const ir::Region& r : op.regions)
      for (const Op& inner : r.ops) mark_uses(inner, i, last_use);
  }

  void run_or_throw(const std::vector<Tensor>& args, std::vector<Tensor>* results) const {
    const auto& params = fn_.param_types;
    if (args.size() != params.size())
      fail_invalid("@" + fn_.name + " takes " + std::to_string(params.size()) + " arguments, got " +
                   std::to_string(args.size()));
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].type != params[i])
        fail_invalid("argument " + std::to_string(i) + " of @" + fn_.name + " has type " + args[i].type.to_string() +
                     ", expected " + params[i].to_string());
      if (!args[i].storage && params[i].byte_size() == 0) continue;  // empty tensors need no bytes
      if (!args[i].storage || args[i].storage->size() < params[i].byte_size())
        fail_invalid("argument " + std::to_string(i) + " of @" + fn_.name + " holds fewer bytes than " +
                     params[i].to_string() + " needs");
    }
    Env env(fn_.value_types.size());
    for (size_t id = 0; id < env.size(); ++id) env[id].type = fn_.value_types[id];
    for (size_t i = 0; i < args.size(); ++i) {
      env[fn_.body.args[i]] = args[i];
      if (!args[i].storage) env[fn_.body.args[i]].storage = allocate_or_throw(args[i].type);
    }

    const auto& ops = fn_.body.ops;
    for (size_t i = 0; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      for (int id : op.results) env[id].storage = allocate_or_throw(env[id].type);
      execute_op(op, env);
      for (int id : free_after_[i]) env[id].storage.reset();
    }
    // func.return: hand out fresh storage; copy parameters and repeated values.
    const Op& ret = ops.back();
    std::vector<Tensor> out;
    out.reserve(ret.operands.size());
    std::vector<bool> taken(env.size(), false);
    std::vector<bool> is_param(env.size(), false);
    for (int id : fn_.body.args) is_param[id] = true;
    for (int id : ret.operands) {
      Tensor t = env[id];
      if (is_param[id] || taken[id]) {
        Tensor copy{t.type, allocate_or_throw(t.type)};
        if (t.type.byte_size()) std::memcpy(copy.storage->data(), t.storage->data(), t.type.byte_size());
        t = copy;
      }
      taken[id] = true;
      out.push_back(std::move(t));
    }
    *results = std::move(out);
  }

  ir::Module module_;
  const ir::Function& fn_;
  std::string name_;
  std::vector<std::vector<int>> free_after_;
};

}  // namespace

std::unique_ptr<Program> make_program(ir::Module module, size_t entry) {
  return std::make_unique<ProgramImpl>(std::move(module), entry);
}

}  // namespace tsmlx::cpu::runtime
