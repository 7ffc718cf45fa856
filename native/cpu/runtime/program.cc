// Program: an execution plan built once per compile and run many times. Elementwise chains
// run fused (runtime/fusion.h); results come from a per-program storage pool, uninitialised
// where the kernel writes every element; an elementwise result takes the storage of an
// operand that dies at that op when the run owns it alone (a temporary or a donated
// argument); reshapes and constants share storage instead of copying. Values are freed
// after their last use. Region bodies (reduce, while, ...) run op by op as before. A run stops
// with its CancelToken's error (engine/cancel.h) between steps, region ops and loop iterations.
#include "runtime/program.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_set>

#include "engine/cancel.h"
#include "engine/parallel.h"
#include "engine/status.h"
#include "runtime/epilogue.h"
#include "runtime/fusion.h"
#include "runtime/pool.h"
#include "kernels/indexing.h"
#include "kernels/dnnl.h"
#include "kernels/fast.h"
#include "kernels/kernels.h"
#include "kernels/window.h"

namespace tsmlx::cpu::runtime {
namespace {

using ir::Op;
using ir::OpKind;


// The per-run value table (one Tensor per SSA value id of the function) and where its
// storage comes from.
struct Env {
  std::vector<Tensor> values;
  StoragePool* pool = nullptr;

  Tensor& operator[](size_t i) { return values[i]; }
  const Tensor& operator[](size_t i) const { return values[i]; }
  size_t size() const { return values.size(); }

  std::shared_ptr<Storage> allocate(const TensorType& t, bool zero) {
    auto s = pool ? pool->get(t.byte_size(), zero) : (zero ? Storage::allocate(t.byte_size())
                                                           : Storage::allocate_uninitialized(t.byte_size()));
    if (!s)
      throw EngineError{kResourceExhausted,
                        "cannot allocate " + std::to_string(t.byte_size()) + " bytes for " + t.to_string()};
    return s;
  }
};

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
    env_[id].storage = env_.allocate(env_[id].type, true);
  }
  const TensorType& types_of(int id) const { return env_[id].type; }

  const ir::Region& region_;
  Env& env_;
  size_t n_;
};

// Runs one op with its results already allocated in env.
void execute_op(const Op& op, Env& env) {
  const ir::OpTraits& t = ir::traits(op.kind);
  if (t.family == ir::Family::kIndexing) return execute_indexing_op(op, env);
  if (t.family == ir::Family::kWindow) return execute_window_op(op, env);
  auto arg = [&](size_t i) -> const Tensor& { return env[op.operands[i]]; };
  Tensor& out = env[op.results.empty() ? 0 : op.results[0]];
  if (t.group == ir::OpGroup::kBinary) return kernels::binary(op.kind, arg(0), arg(1), out);
  if (t.group == ir::OpGroup::kUnary) return kernels::unary(op.kind, arg(0), out);
  switch (op.kind) {
    case OpKind::kConstant: return kernels::constant(op.p.constant, out);
    case OpKind::kIota: return kernels::iota(op.p.axis, out);
    case OpKind::kConvert: return kernels::convert(arg(0), out);
    case OpKind::kIsFinite: return kernels::is_finite(arg(0), out);
    case OpKind::kBitcastConvert: return kernels::bitcast_convert(arg(0), out);
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
    check_cancelled();
    const Op& op = region.ops[i];
    for (int id : op.results) env[id].storage = env.allocate(env[id].type, !ir::traits(op.kind).writes_all);
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
        check_cancelled();  // a loop whose condition never fails can still be stopped
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
      // The other paths accumulate into their result.
      if (out.storage && out.type.byte_size()) std::memset(out.storage->data(), 0, out.type.byte_size());
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

// What one top-level op does when the plan reaches it.
enum class StepKind : uint8_t {
  kKernel,    // run its kernel on freshly allocated (or reused) results
  kFused,     // run its fused group (the op is the group's last member)
  kSkip,      // a member of a fused group that runs later
  kAlias,     // reshape of a materialised value: share the storage
  kConstant,  // share the compiled value's storage
  kConvEpilogue,  // a convolution with its bias/relu epilogue (replaces a fused group)
  kEpilogueMask,  // the replaced group: relu's mask from the epilogue's output, if wanted
};

struct Step {
  StepKind kind = StepKind::kKernel;
  int group = -1;
  int epilogue = -1;                // kConvEpilogue, kEpilogueMask: index into epilogues_
  bool zero = true;                 // zero-fill the results
  std::vector<int> in_place;        // operand values whose storage result 0 may take
  std::vector<int> free_after;      // values dead once this step is done
};

class ProgramImpl final : public Program {
 public:
  ProgramImpl(ir::Module module, size_t entry, const PlanOptions& options)
      : module_(std::move(module)), fn_(module_.funcs[entry]), options_(options) {
    name_ = module_.name;
    pool_ = StoragePool::make(options.pool_bytes);
    const auto& ops = fn_.body.ops;
    if (options.fuse) {
      fusion_ = plan_fusion(fn_);
      if (options.conv_epilogues) epilogues_ = plan_conv_epilogues(fn_, fusion_);
    } else {
      fusion_.group_of.assign(ops.size(), -1);
    }
    // Where each op's work happens: a fused member runs with its group.
    std::vector<int> pos(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
      const int g = fusion_.group_of[i];
      pos[i] = g >= 0 ? fusion_.groups[g].exec_op : static_cast<int>(i);
    }
    // Values whose last use is step i are freed after step i (values nobody reads, right
    // after they are made).
    last_use_.assign(fn_.value_types.size(), -1);
    for (size_t i = 0; i < ops.size(); ++i) {
      for (int id : ops[i].results) last_use_[id] = pos[i];
      mark_uses(ops[i], pos[i], &last_use_);
    }
    steps_.resize(ops.size());
    for (size_t i = 0; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      Step& st = steps_[i];
      const int g = fusion_.group_of[i];
      if (g >= 0) {
        st.kind = fusion_.groups[g].exec_op == static_cast<int>(i) ? StepKind::kFused : StepKind::kSkip;
        st.group = g;
      } else if (op.kind == OpKind::kReshape) {
        st.kind = StepKind::kAlias;
      } else if (op.kind == OpKind::kConstant && op.p.constant.storage) {
        st.kind = StepKind::kConstant;
        constants_.insert(op.p.constant.storage.get());
      } else {
        st.zero = !ir::traits(op.kind).writes_all;
        if (options.in_place && ir::traits(op.kind).in_place && op.results.size() == 1) {
          const size_t bytes = fn_.value_types[op.results[0]].byte_size();
          for (int v : op.operands)
            if (last_use_[v] == static_cast<int>(i) && fn_.value_types[v].byte_size() == bytes &&
                std::find(st.in_place.begin(), st.in_place.end(), v) == st.in_place.end())
              st.in_place.push_back(v);
        }
        // dynamic_update_slice writes its update into the operand's own storage when that
        // operand dies here (a key/value cache donated to the step): no copy of the rest.
        if (options.in_place && op.kind == OpKind::kDynamicUpdateSlice && last_use_[op.operands[0]] == static_cast<int>(i))
          st.in_place.push_back(op.operands[0]);
      }
    }
    for (size_t k = 0; k < epilogues_.size(); ++k) {
      const ConvEpiloguePlan& e = epilogues_[k];
      steps_[e.conv_op] = Step{};
      steps_[e.conv_op].kind = StepKind::kConvEpilogue;
      steps_[e.conv_op].epilogue = static_cast<int>(k);
      Step& mask = steps_[fusion_.groups[e.group].exec_op];
      mask.kind = e.mask >= 0 ? StepKind::kEpilogueMask : StepKind::kSkip;
      mask.epilogue = static_cast<int>(k);
    }
    for (size_t id = 0; id < last_use_.size(); ++id)
      if (last_use_[id] >= 0 && static_cast<size_t>(last_use_[id]) + 1 < ops.size())
        steps_[last_use_[id]].free_after.push_back(static_cast<int>(id));
    if (options.dump) dump();
    if (options.profile) step_seconds_.assign(ops.size(), 0.0);
  }

  ~ProgramImpl() override {
    if (options_.profile) report_profile();
  }

  // Prints the costliest steps of all runs so far to stderr (TSMLX_PROFILE=1): seconds, share,
  // op, operand and result types; fused groups list their members.
  void report_profile() const {
    const auto& ops = fn_.body.ops;
    double total = 0;
    std::vector<size_t> order;
    for (size_t i = 0; i < step_seconds_.size(); ++i)
      if (step_seconds_[i] > 0) {
        total += step_seconds_[i];
        order.push_back(i);
      }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return step_seconds_[a] > step_seconds_[b]; });
    std::fprintf(stderr, "profile of @%s (%s): %lld runs, %.3f ms per run in %zu timed steps\n", fn_.name.c_str(),
                 name_.c_str(), static_cast<long long>(profiled_runs_),
                 profiled_runs_ ? 1e3 * total / static_cast<double>(profiled_runs_) : 0.0, order.size());
    std::map<std::string, double> by_kind;
    for (size_t i : order)
      by_kind[steps_[i].kind == StepKind::kFused          ? std::string("fused group")
              : steps_[i].kind == StepKind::kEpilogueMask  ? std::string("relu mask of a conv epilogue")
              : steps_[i].kind == StepKind::kConvEpilogue ? ops[i].name + " + epilogue"
                                                          : ops[i].name] += step_seconds_[i];
    std::vector<std::pair<double, std::string>> kinds;
    for (const auto& [name, sec] : by_kind) kinds.emplace_back(sec, name);
    std::sort(kinds.rbegin(), kinds.rend());
    for (const auto& [sec, name] : kinds)
      std::fprintf(stderr, "  %8.3f ms %5.1f%%  all %s\n", 1e3 * sec / static_cast<double>(std::max<int64_t>(profiled_runs_, 1)),
                   100.0 * sec / std::max(total, 1e-12), name.c_str());
    for (size_t n = 0; n < order.size() && n < 40; ++n) {
      const size_t i = order[n];
      const Op& op = ops[i];
      std::string what = op.name;
      if (steps_[i].kind == StepKind::kConvEpilogue) what += epilogues_[steps_[i].epilogue].relu ? " + bias + relu" : " + bias";
      if (steps_[i].kind == StepKind::kEpilogueMask) what = "relu mask";
      if (steps_[i].kind == StepKind::kFused) {
        what = "fused";
        for (int m : fusion_.groups[steps_[i].group].members)
          what += " " + (ops[m].name.rfind("stablehlo.", 0) == 0 ? ops[m].name.substr(10) : ops[m].name);
      }
      std::string operands;
      for (int v : op.operands) operands += (operands.empty() ? "" : ", ") + fn_.value_types[v].to_string();
      const std::string result = op.results.empty() ? "" : fn_.value_types[op.results[0]].to_string();
      std::fprintf(stderr, "  %8.3f ms %5.1f%%  %4zu %s (%s) -> %s\n",
                   1e3 * step_seconds_[i] / static_cast<double>(std::max<int64_t>(profiled_runs_, 1)),
                   100.0 * step_seconds_[i] / std::max(total, 1e-12), i, what.c_str(), operands.c_str(), result.c_str());
    }
  }

  // Prints the plan to stderr, one line per step (TSMLX_PLAN_DUMP=1).
  void dump() const {
    const auto& ops = fn_.body.ops;
    std::fprintf(stderr, "plan of @%s (%s): %zu ops, %zu fused groups\n", fn_.name.c_str(), name_.c_str(), ops.size(),
                 fusion_.groups.size());
    for (size_t i = 0; i + 1 < ops.size(); ++i) {
      const Step& st = steps_[i];
      if (st.kind == StepKind::kSkip) continue;
      const Op& op = ops[i];
      const std::string type = op.results.empty() ? "" : fn_.value_types[op.results[0]].to_string();
      if (st.kind == StepKind::kConvEpilogue || st.kind == StepKind::kEpilogueMask) {
        const ConvEpiloguePlan& e = epilogues_[st.epilogue];
        const std::string out = fn_.value_types[e.out].to_string();
        if (st.kind == StepKind::kConvEpilogue)
          std::fprintf(stderr, "  %4zu conv   %s + bias%s -> %s\n", i, op.name.c_str(), e.relu ? " + relu" : "",
                       out.c_str());
        else
          std::fprintf(stderr, "  %4zu mask   relu mask of the conv at %d\n", i, e.conv_op);
      } else if (st.kind == StepKind::kFused) {
        const FusedGroup& g = fusion_.groups[st.group];
        std::string names;
        for (int m : g.members) names += std::string(" ") + (ops[m].name.rfind("stablehlo.", 0) == 0 ? ops[m].name.substr(10) : ops[m].name);
        std::fprintf(stderr, "  %4zu fused  %zu ops, %zu leaves, %zu outputs, %lld elements:%s\n", i, g.members.size(),
                     g.leaves.size(), g.outputs.size(), static_cast<long long>(g.elements), names.c_str());
      } else {
        const char* what = st.kind == StepKind::kAlias ? "alias " : st.kind == StepKind::kConstant ? "const " : "kernel";
        std::fprintf(stderr, "  %4zu %s %s -> %s%s\n", i, what, op.name.c_str(), type.c_str(),
                     st.in_place.empty() ? "" : " (may update in place)");
      }
    }
  }

  const std::string& name() const override { return name_; }
  const std::vector<TensorType>& parameter_types() const override { return fn_.param_types; }
  const std::vector<TensorType>& result_types() const override { return fn_.result_types; }

  std::unique_ptr<Error> run(std::vector<Tensor> args, std::vector<Tensor>* results) const override {
    try {
      bind_threads();
      run_or_throw(std::move(args), results);
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

  const StoragePool& pool() const { return *pool_; }

 private:
  static std::unique_ptr<Error> make_error(int code, std::string msg) {
    auto e = std::make_unique<Error>();
    e->code = code;
    e->message = std::move(msg);
    return e;
  }

  // A value used by op i (or inside its regions) is live until step `at`.
  static void mark_uses(const Op& op, int at, std::vector<int>* last_use) {
    for (int id : op.operands) (*last_use)[id] = std::max((*last_use)[id], at);
    for (const ir::Region& r : op.regions)
      for (const Op& inner : r.ops) mark_uses(inner, at, last_use);
  }

  // True when the run holds the only reference to v's storage (so it may be overwritten).
  static bool sole_owner(const Env& env, int v) {
    return env[v].storage && env[v].storage.use_count() == 1;
  }

  void run_fused(int step, const FusedGroup& g, Env& env) const {
    std::vector<const Tensor*> leaves;
    leaves.reserve(g.leaves.size());
    for (int v : g.leaves) leaves.push_back(&env[v]);
    std::vector<Tensor*> outs;
    std::vector<bool> aliased(g.outputs.size(), false);
    std::vector<bool> taken(g.leaves.size(), false);
    for (size_t k = 0; k < g.outputs.size(); ++k) {
      Tensor& out = env[g.outputs[k]];
      const size_t bytes = out.type.byte_size();
      if (options_.in_place) {
        for (size_t l = 0; l < g.leaves.size() && !aliased[k]; ++l) {
          const int v = g.leaves[l];
          if (!taken[l] && g.leaf_linear[l] && last_use_[v] == step && env[v].type.byte_size() == bytes &&
              sole_owner(env, v)) {
            out.storage = env[v].storage;
            taken[l] = true;
            aliased[k] = true;
          }
        }
      }
      if (!aliased[k]) out.storage = env.allocate(out.type, false);
      outs.push_back(&out);
    }
    g.run(leaves, outs, aliased);
  }

  // The convolution writes relu(conv + bias) (or conv + bias) straight into the group's
  // output; relu inside oneDNN only when no NaN can reach it (epilogue.h). `bounds` holds, per
  // value, a bound on |value| known this run (NaN: none).
  void run_conv_epilogue(const Op& op, const ConvEpiloguePlan& e, Env& env, std::vector<float>* bounds) const {
    Tensor& y = env[e.out];
    y.storage = env.allocate(y.type, false);
    const Tensor &lhs = env[op.operands[0]], &rhs = env[op.operands[1]], &bias = env[e.bias];
    kernels::ConvEpilogue ce;
    ce.bias = &bias;
    float bound = std::numeric_limits<float>::infinity();
    if (e.relu) {
      float known = (*bounds)[op.operands[0]];
      if (std::isnan(known)) known = max_abs(lhs);
      bound = epilogue_bound(known, rhs, op.p.conv.k_out, bias);
      ce.relu = std::isfinite(bound);
    }
    if (kernels::dnnl_convolution(lhs, rhs, op.p.conv, y, ce)) {
      if (ce.relu) (*bounds)[e.out] = bound;
      else if (e.relu) relu_in_place(y);
      return;
    }
    // oneDNN declined at run time (it took this case when planned): the plain kernels, then
    // the epilogue with the graph's semantics.
    std::memset(y.storage->data(), 0, y.type.byte_size());
    if (!kernels::fast_convolution(lhs, rhs, op.p.conv, y)) kernels::convolution(lhs, rhs, op.p.conv, y);
    add_bias(y, bias, op.p.conv.out_feature);
    if (e.relu) relu_in_place(y);
  }

  // relu's mask, x <= 0, from y = relu(x): y <= 0 exactly where x <= 0 (NaN: neither).
  void run_epilogue_mask(const ConvEpiloguePlan& e, Env& env) const {
    Tensor& m = env[e.mask];
    m.storage = env.allocate(m.type, false);
    relu_mask(env[e.out], m);
  }

  void run_or_throw(std::vector<Tensor> args, std::vector<Tensor>* results) const {
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
    Env env;
    env.pool = pool_.get();
    env.values.resize(fn_.value_types.size());
    for (size_t id = 0; id < env.size(); ++id) env[id].type = fn_.value_types[id];
    // Arguments the caller still holds are foreign: never written, never handed out.
    std::unordered_set<const Storage*> foreign(constants_.begin(), constants_.end());
    for (size_t i = 0; i < args.size(); ++i) {
      Tensor& slot = env[fn_.body.args[i]];
      slot.storage = std::move(args[i].storage);
      if (!slot.storage) slot.storage = env.allocate(slot.type, true);
      else if (slot.storage.use_count() > 1 || !options_.in_place) foreign.insert(slot.storage.get());
    }
    args.clear();

    const auto& ops = fn_.body.ops;
    std::vector<double> seconds(options_.profile ? ops.size() : 0, 0.0);
    std::vector<float> bounds(epilogues_.empty() ? 0 : env.size(), std::numeric_limits<float>::quiet_NaN());
    using Clock = std::chrono::steady_clock;
    for (size_t i = 0; i + 1 < ops.size(); ++i) {
      check_cancelled();
      const Op& op = ops[i];
      const Step& st = steps_[i];
      const Clock::time_point started = options_.profile ? Clock::now() : Clock::time_point{};
      switch (st.kind) {
        case StepKind::kSkip:
          break;
        case StepKind::kFused:
          run_fused(static_cast<int>(i), fusion_.groups[st.group], env);
          break;
        case StepKind::kAlias:
          env[op.results[0]].storage = env[op.operands[0]].storage;
          break;
        case StepKind::kConstant:
          env[op.results[0]].storage = op.p.constant.storage;
          break;
        case StepKind::kConvEpilogue:
          run_conv_epilogue(op, epilogues_[st.epilogue], env, &bounds);
          break;
        case StepKind::kEpilogueMask:
          run_epilogue_mask(epilogues_[st.epilogue], env);
          break;
        case StepKind::kKernel: {
          bool reused = false;
          for (int v : st.in_place) {
            if (sole_owner(env, v) && !foreign.count(env[v].storage.get())) {
              env[op.results[0]].storage = env[v].storage;
              reused = true;
              break;
            }
          }
          for (size_t k = reused ? 1 : 0; k < op.results.size(); ++k) {
            const int id = op.results[k];
            env[id].storage = env.allocate(env[id].type, st.zero);
          }
          execute_op(op, env);
          break;
        }
      }
      for (int id : st.free_after) env[id].storage.reset();
      if (options_.profile) seconds[i] = std::chrono::duration<double>(Clock::now() - started).count();
    }
    if (options_.profile) {
      std::lock_guard<std::mutex> lock(profile_mutex_);
      for (size_t i = 0; i < seconds.size(); ++i) step_seconds_[i] += seconds[i];
      ++profiled_runs_;
    }
    // func.return: hand out storage the run owns; copy arguments the caller holds,
    // constants, and values returned twice.
    const Op& ret = ops.back();
    std::vector<Tensor> out;
    out.reserve(ret.operands.size());
    std::unordered_set<const Storage*> handed;
    for (int id : ret.operands) {
      Tensor t = env[id];
      const Storage* s = t.storage.get();
      if (foreign.count(s) || handed.count(s)) {
        Tensor copy{t.type, env.allocate(t.type, false)};
        if (t.type.byte_size()) std::memcpy(copy.storage->data(), t.storage->data(), t.type.byte_size());
        t = std::move(copy);
      }
      handed.insert(t.storage.get());
      out.push_back(std::move(t));
    }
    *results = std::move(out);
  }

  ir::Module module_;
  const ir::Function& fn_;
  PlanOptions options_;
  std::string name_;
  std::shared_ptr<StoragePool> pool_;
  FusionPlan fusion_;
  std::vector<ConvEpiloguePlan> epilogues_;
  std::vector<Step> steps_;
  std::vector<int> last_use_;
  std::unordered_set<const Storage*> constants_;
  // TSMLX_PROFILE=1: seconds per step summed over runs.
  mutable std::mutex profile_mutex_;
  mutable std::vector<double> step_seconds_;
  mutable int64_t profiled_runs_ = 0;
};

}  // namespace

PlanOptions PlanOptions::from_environment() {
  PlanOptions o;
  if (const char* v = std::getenv("TSMLX_FUSION")) o.fuse = std::string(v) != "0";
  if (const char* v = std::getenv("TSMLX_IN_PLACE")) o.in_place = std::string(v) != "0";
  if (const char* v = std::getenv("TSMLX_CONV_EPILOGUE")) o.conv_epilogues = std::string(v) != "0";
  if (const char* v = std::getenv("TSMLX_PLAN_DUMP")) o.dump = std::string(v) == "1";
  if (const char* v = std::getenv("TSMLX_PROFILE")) o.profile = std::string(v) == "1";
  return o;
}

std::unique_ptr<Program> make_program(ir::Module module, size_t entry, const PlanOptions& options) {
  return std::make_unique<ProgramImpl>(std::move(module), entry, options);
}

const StoragePool* pool_of(const Program& program) {
  const auto* impl = dynamic_cast<const ProgramImpl*>(&program);
  return impl ? &impl->pool() : nullptr;
}

std::unique_ptr<Program> make_program(ir::Module module, size_t entry) {
  return make_program(std::move(module), entry, PlanOptions::from_environment());
}

}  // namespace tsmlx::cpu::runtime
