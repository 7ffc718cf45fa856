// Elementwise fusion: grouping of a function's top-level ops, compilation of each group to
// a small tile program, and the tiled, threaded loop that runs it.
#include "runtime/fusion.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "engine/parallel.h"
#include "engine/numeric.h"
#include "kernels/scalar_ops.h"
#include "kernels/unary_ops.h"

namespace tsmlx::cpu::runtime {

using ir::Op;
using ir::OpKind;

namespace {

constexpr ElementType kF32 = ElementType::kF32;
constexpr ElementType kPred = ElementType::kPred;
constexpr ElementType kS32 = ElementType::kS32;
constexpr ElementType kU32 = ElementType::kU32;
constexpr size_t kMaxBroadcastRank = 32;

// Where an instruction operand lives during a tile.
enum class Where : uint8_t { kLeaf, kConst, kSlot, kOut };

struct Ref {
  Where where = Where::kSlot;
  int index = 0;  // leaf, slot or output index
};

enum class Code : uint8_t { kUnary, kBinary, kCompare, kSelect, kClamp, kConvert, kIsFinite, kBroadcast, kCopy };

// A broadcast's index map from the (collapsed) output shape to its source.
struct BroadcastMap {
  int leaf = 0;
  std::vector<int64_t> dims, strides;
  bool constant = false;  // every stride 0: one value everywhere
};

struct Instr {
  Code code = Code::kCopy;
  OpKind op = OpKind::kAdd;
  ir::CompareDir dir = ir::CompareDir::kEQ;
  ElementType type = kF32;     // result type
  ElementType in_type = kF32;  // operand type (compare, convert)
  Ref a, b, c, dst;
  int map = -1;            // broadcast
  bool b_uniform = false;  // operand b holds one value everywhere (a constant slot)
};

// The element types a fused group computes in: f32, i1 and the 32-bit integers.
bool fusible_type(ElementType t) { return t == kF32 || t == kPred || t == kS32 || t == kU32; }

// Calls f(std::integral_constant<ElementType, E>) for a fusible type E.
template <class F>
decltype(auto) visit_fusible(ElementType t, F&& f) {
  switch (t) {
    case kF32: return f(std::integral_constant<ElementType, kF32>{});
    case kS32: return f(std::integral_constant<ElementType, kS32>{});
    case kU32: return f(std::integral_constant<ElementType, kU32>{});
    default: return f(std::integral_constant<ElementType, kPred>{});
  }
}

// Collapses a broadcast's output dims and source strides: size-1 dims dropped, runs of
// dims that walk the source contiguously merged.
void collapse(const std::vector<int64_t>& dims, const std::vector<int64_t>& strides, BroadcastMap* m) {
  for (size_t k = 0; k < dims.size(); ++k) {
    if (dims[k] == 1) continue;
    if (!m->dims.empty() && m->strides.back() == strides[k] * dims[k]) {
      m->dims.back() *= dims[k];
      m->strides.back() = strides[k];
    } else {
      m->dims.push_back(dims[k]);
      m->strides.push_back(strides[k]);
    }
  }
  if (m->dims.empty()) {
    m->dims.push_back(1);
    m->strides.push_back(0);
  }
  m->constant = std::all_of(m->strides.begin(), m->strides.end(), [](int64_t s) { return s == 0; });
}

BroadcastMap broadcast_map(const TensorType& in, const TensorType& out, const std::vector<int64_t>& bdims) {
  std::vector<int64_t> in_strides(in.dims.size(), 1);
  for (size_t i = in.dims.size(); i-- > 1;) in_strides[i - 1] = in_strides[i] * in.dims[i];
  std::vector<int64_t> src(out.dims.size(), 0);
  for (size_t i = 0; i < bdims.size(); ++i)
    if (in.dims[i] != 1) src[bdims[i]] = in_strides[i];
  BroadcastMap m;
  collapse(out.dims, src, &m);
  return m;
}

// True when op (a top-level op of fn) can be part of a fused group: its row of the op table
// says it may, and the loop computes in its types.
bool fusible(const Op& op, const ir::Function& fn) {
  const ir::OpTraits& t = ir::traits(op.kind);
  if (!t.fusible || op.results.size() != 1 || !op.regions.empty()) return false;
  const TensorType& r = fn.value_types[op.results[0]];
  if (!fusible_type(r.type)) return false;
  for (int v : op.operands)
    if (!fusible_type(fn.value_types[v].type)) return false;
  const ElementType in = op.operands.empty() ? r.type : fn.value_types[op.operands[0]].type;
  const auto noop = [](auto) {};
  if (op.kind == OpKind::kConvert) return true;
  if (t.group == ir::OpGroup::kUnary) {
    if (in != r.type) return false;
    if (r.type == kPred) return op.kind == OpKind::kNot;
    return visit_fusible(r.type, [&](auto tag) { return kernels::with_unary<decltype(tag)::value>(op.kind, noop); });
  }
  if (t.group == ir::OpGroup::kBinary) {
    if (r.type == kF32) return t.accepts != ir::Accepts::kIntOrPred;
    if (r.type == kPred) return t.accepts == ir::Accepts::kIntOrPred;
    return t.accepts != ir::Accepts::kFloat;  // s32, u32: every integer op
  }
  switch (op.kind) {
    case OpKind::kIsFinite:
      return in == kF32;
    case OpKind::kBitcastConvert:  // 32-bit types only: the same shape, the bits copied
      return element_size(in) == 4 && element_size(r.type) == 4;
    case OpKind::kCompare:
      return !(in == kF32 && op.p.cmp_type == ir::CompareType::kTotalOrder);
    case OpKind::kSelect:
      return fn.value_types[op.operands[0]].type == kPred;
    case OpKind::kClamp:
      return r.type != kPred;
    case OpKind::kBroadcastInDim:
      return broadcast_map(fn.value_types[op.operands[0]], r, op.p.dims).dims.size() <= kMaxBroadcastRank;
    case OpKind::kReshape:
      return true;
    default:
      return false;
  }
}

// Every value op reads, including those read inside its regions.
void collect_uses(const Op& op, std::vector<int>* out) {
  for (int v : op.operands) out->push_back(v);
  for (const ir::Region& r : op.regions)
    for (const Op& inner : r.ops) collect_uses(inner, out);
}

}  // namespace

// ---------------------------------------------------------------- the tile program

struct FusedCode {
  int64_t elements = 0;
  std::vector<ElementType> leaf_types, out_types;
  std::vector<Instr> prologue;  // run once per thread: constant slots
  std::vector<Instr> body;      // run per tile
  std::vector<std::pair<int, int>> const_fills;  // (slot, leaf): slot filled with leaf's one element
  std::vector<int> out_scratch;                  // per output: the slot used when it aliases a leaf
  std::vector<BroadcastMap> maps;
  int slots = 0;

  void run(const std::vector<const Tensor*>& leaves, const std::vector<Tensor*>& outs,
           const std::vector<bool>& aliased) const;
};

namespace {

template <class T>
void broadcast_tile(const BroadcastMap& m, const T* src, T* d, int64_t t0, int64_t len) {
  const size_t r = m.dims.size();
  int64_t idx[kMaxBroadcastRank];
  int64_t rem = t0, off = 0;
  for (size_t k = r; k-- > 0;) {
    idx[k] = rem % m.dims[k];
    rem /= m.dims[k];
    off += idx[k] * m.strides[k];
  }
  const int64_t last = m.dims[r - 1], s = m.strides[r - 1];
  int64_t done = 0;
  while (done < len) {
    const int64_t run = std::min(last - idx[r - 1], len - done);
    T* dd = d + done;
    if (s == 0) {
      const T v = src[off];
      for (int64_t j = 0; j < run; ++j) dd[j] = v;
    } else if (s == 1) {
      std::memcpy(dd, src + off, static_cast<size_t>(run) * sizeof(T));
    } else {
      for (int64_t j = 0; j < run; ++j) dd[j] = src[off + j * s];
    }
    done += run;
    idx[r - 1] += run;
    off += run * s;
    for (size_t k = r - 1; idx[k] == m.dims[k]; --k) {
      off -= m.dims[k] * m.strides[k];
      idx[k] = 0;
      if (k == 0) break;  // past the end: wraps (a constant map filling a whole tile)
      ++idx[k - 1];
      off += m.strides[k - 1];
    }
  }
}

template <class K>
void compare_tile(ir::CompareDir dir, const K* a, const K* b, uint8_t* d, int64_t n) {
  using ir::CompareDir;
  switch (dir) {
    case CompareDir::kEQ: for (int64_t j = 0; j < n; ++j) d[j] = a[j] == b[j]; break;
    case CompareDir::kNE: for (int64_t j = 0; j < n; ++j) d[j] = a[j] != b[j]; break;
    case CompareDir::kGE: for (int64_t j = 0; j < n; ++j) d[j] = a[j] >= b[j]; break;
    case CompareDir::kGT: for (int64_t j = 0; j < n; ++j) d[j] = a[j] > b[j]; break;
    case CompareDir::kLE: for (int64_t j = 0; j < n; ++j) d[j] = a[j] <= b[j]; break;
    case CompareDir::kLT: for (int64_t j = 0; j < n; ++j) d[j] = a[j] < b[j]; break;
  }
}

// Select on the element bits without a branch (predicates are 0 or 1), so that a random
// mask costs no mispredictions and the loop vectorises.
template <class U>
void select_tile(const uint8_t* p, const U* t, const U* f, U* d, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    const U m = static_cast<U>(U(0) - static_cast<U>(p[j] != 0));
    d[j] = static_cast<U>((t[j] & m) | (f[j] & static_cast<U>(~m)));
  }
}

// Integer divide or remainder by one value d everywhere, when d is a power of two: a shift
// or a mask (d > 0 for signed types; other divisors take the general loop). The results
// equal op_div / op_rem (C's truncating division) for every a. True when it ran.
template <ElementType E>
bool div_by_power_of_two(ir::OpKind op, const StorageT<E>* a, StorageT<E> d, StorageT<E>* o, int64_t n) {
  using C = ComputeT<E>;
  using U = std::make_unsigned_t<C>;
  if (d <= 0) return false;
  const U ud = static_cast<U>(d);
  if ((ud & (ud - 1)) != 0) return false;
  const int k = __builtin_ctz(ud);
  const bool div = op == ir::OpKind::kDivide;
  if constexpr (!kIsSigned<E>) {
    if (div) for (int64_t j = 0; j < n; ++j) o[j] = static_cast<C>(a[j] >> k);
    else for (int64_t j = 0; j < n; ++j) o[j] = static_cast<C>(a[j] & (ud - 1));
  } else {
    if (k == 0) {  // x / 1 = x, x % 1 = 0
      for (int64_t j = 0; j < n; ++j) o[j] = div ? a[j] : C(0);
      return true;
    }
    // Rounds toward zero: negative dividends get d - 1 added before the arithmetic shift.
    constexpr int kBits = 8 * sizeof(C);
    for (int64_t j = 0; j < n; ++j) {
      const C bias = static_cast<C>(static_cast<U>(a[j] >> (kBits - 1)) >> (kBits - k));
      const C q = static_cast<C>((a[j] + bias) >> k);
      o[j] = div ? q : static_cast<C>(static_cast<U>(a[j]) - (static_cast<U>(q) << k));
    }
  }
  return true;
}

// One tile of a typed instruction (every code but broadcast and copy).
template <ElementType E>
void exec_typed(const Instr& in, void* dv, const void* av, const void* bv, const void* cv, int64_t n) {
  using S = StorageT<E>;
  const S* a = static_cast<const S*>(av);
  const S* b = static_cast<const S*>(bv);
  const S* c = static_cast<const S*>(cv);
  S* d = static_cast<S*>(dv);
  switch (in.code) {
    case Code::kUnary:
      if constexpr (kIsPred<E>) {
        for (int64_t j = 0; j < n; ++j) d[j] = static_cast<uint8_t>(!a[j]);
      } else if (E == kF32 && kernels::unary_f32(in.op, reinterpret_cast<const float*>(a), reinterpret_cast<float*>(d), n)) {
        // exp, log, tanh, logistic, ...: the same array functions as the op-by-op kernel
      } else {
        kernels::with_unary<E>(in.op, [&](auto fn) {
          for (int64_t j = 0; j < n; ++j) d[j] = store<E>(fn(load<E>(a[j])));
        });
      }
      return;
    case Code::kBinary:
      if constexpr (kIsInt<E>) {
        if (in.b_uniform && (in.op == OpKind::kDivide || in.op == OpKind::kRemainder) &&
            div_by_power_of_two<E>(in.op, a, b[0], d, n))
          return;
      }
      kernels::with_binary<E>(in.op, [&](auto fn) {
        for (int64_t j = 0; j < n; ++j) d[j] = store<E>(fn(load<E>(a[j]), load<E>(b[j])));
      });
      return;
    case Code::kCompare:
      compare_tile(in.dir, a, b, reinterpret_cast<uint8_t*>(dv), n);
      return;
    case Code::kClamp:
      if constexpr (!kIsPred<E>) {
        // clamp(lo, x, hi): a = lo, b = x, c = hi
        for (int64_t j = 0; j < n; ++j)
          d[j] = store<E>(kernels::op_min<E>(kernels::op_max<E>(load<E>(b[j]), load<E>(a[j])), load<E>(c[j])));
      }
      return;
    default:
      return;
  }
}

// A tile of convert from EI to the instruction's result type.
template <ElementType EI>
void convert_tile(ElementType to, const void* av, void* dv, int64_t n) {
  const StorageT<EI>* a = static_cast<const StorageT<EI>*>(av);
  visit_fusible(to, [&](auto tag) {
    constexpr ElementType EO = decltype(tag)::value;
    StorageT<EO>* d = static_cast<StorageT<EO>*>(dv);
    for (int64_t j = 0; j < n; ++j) d[j] = kernels::convert_one<EI, EO>(a[j]);
  });
}

// Runs one instruction over n elements. Pointers are already offset to the tile.
void exec(const Instr& in, const BroadcastMap* map, void* dv, const void* av, const void* bv, const void* cv,
          int64_t t0, int64_t n) {
  const size_t es = element_size(in.type);
  switch (in.code) {
    case Code::kUnary:
    case Code::kBinary:
    case Code::kClamp:
      visit_fusible(in.type, [&](auto tag) { exec_typed<decltype(tag)::value>(in, dv, av, bv, cv, n); });
      return;
    case Code::kCompare:
      visit_fusible(in.in_type, [&](auto tag) { exec_typed<decltype(tag)::value>(in, dv, av, bv, cv, n); });
      return;
    case Code::kSelect:
      if (es == 4)
        select_tile(static_cast<const uint8_t*>(av), static_cast<const uint32_t*>(bv), static_cast<const uint32_t*>(cv),
                    static_cast<uint32_t*>(dv), n);
      else
        select_tile(static_cast<const uint8_t*>(av), static_cast<const uint8_t*>(bv), static_cast<const uint8_t*>(cv),
                    static_cast<uint8_t*>(dv), n);
      return;
    case Code::kConvert:
      if (in.in_type == in.type) {
        if (dv != av) std::memcpy(dv, av, static_cast<size_t>(n) * es);
      } else {
        visit_fusible(in.in_type, [&](auto tag) { convert_tile<decltype(tag)::value>(in.type, av, dv, n); });
      }
      return;
    case Code::kIsFinite: {
      const float* a = static_cast<const float*>(av);
      uint8_t* d = static_cast<uint8_t*>(dv);
      for (int64_t j = 0; j < n; ++j) d[j] = std::isfinite(a[j]) ? 1 : 0;
      return;
    }
    case Code::kBroadcast:
      if (es == 4)
        broadcast_tile(*map, static_cast<const uint32_t*>(av), static_cast<uint32_t*>(dv), t0, n);
      else
        broadcast_tile(*map, static_cast<const uint8_t*>(av), static_cast<uint8_t*>(dv), t0, n);
      return;
    case Code::kCopy:
      if (dv != av) std::memcpy(dv, av, static_cast<size_t>(n) * es);
      return;
  }
}

}  // namespace

void FusedCode::run(const std::vector<const Tensor*>& leaves, const std::vector<Tensor*>& outs,
                    const std::vector<bool>& aliased) const {
  const int64_t n = elements;
  if (n == 0) return;
  const int64_t ntiles = (n + kFusedTile - 1) / kFusedTile;
  const int64_t grain_tiles = std::max<int64_t>(1, (int64_t{1} << 16) / kFusedTile);
  const int64_t nchunks =
      std::max<int64_t>(1, std::min<int64_t>(num_threads(), (ntiles + grain_tiles - 1) / grain_tiles));
  // Slots hold one tile, or the whole group when it is smaller (rounded up to 64 bytes).
  const int64_t fill = std::min<int64_t>(kFusedTile, (n + 15) / 16 * 16);
  const size_t slot_floats = static_cast<size_t>(fill);
  const size_t chunk_floats = slot_floats * static_cast<size_t>(std::max(slots, 1));
  std::vector<float> scratch(chunk_floats * static_cast<size_t>(nchunks));
  std::vector<const uint8_t*> leaf_base(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) leaf_base[i] = static_cast<const uint8_t*>(leaves[i]->storage->data());
  std::vector<uint8_t*> out_base(outs.size());
  for (size_t i = 0; i < outs.size(); ++i) out_base[i] = static_cast<uint8_t*>(outs[i]->storage->data());

  parallel_for(nchunks, 1, [&](int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      float* mine = scratch.data() + chunk_floats * static_cast<size_t>(c);
      auto slot = [&](int s) { return static_cast<void*>(mine + slot_floats * static_cast<size_t>(s)); };
      int64_t t0 = 0;
      auto ptr = [&](const Ref& r, ElementType t) -> void* {
        switch (r.where) {
          case Where::kLeaf:
            return const_cast<uint8_t*>(leaf_base[r.index]) + t0 * static_cast<int64_t>(element_size(t));
          case Where::kOut:
            if (aliased[r.index]) return slot(out_scratch[r.index]);
            return out_base[r.index] + t0 * static_cast<int64_t>(element_size(t));
          default:
            return slot(r.index);
        }
      };
      // Constant slots: scalar leaves and broadcasts of one value, filled once.
      for (const auto& [s, leaf] : const_fills) {
        if (element_size(leaf_types[leaf]) == 4) {
          uint32_t v;
          std::memcpy(&v, leaf_base[leaf], 4);
          uint32_t* d = static_cast<uint32_t*>(slot(s));
          for (int64_t j = 0; j < fill; ++j) d[j] = v;
        } else {
          std::memset(slot(s), *leaf_base[leaf], static_cast<size_t>(fill));
        }
      }
      for (const Instr& in : prologue)
        exec(in, &maps[in.map], slot(in.dst.index), leaf_base[maps[in.map].leaf], nullptr, nullptr, 0, fill);
      const int64_t tb = ntiles * c / nchunks, te = ntiles * (c + 1) / nchunks;
      for (int64_t t = tb; t < te; ++t) {
        t0 = t * kFusedTile;
        const int64_t len = std::min<int64_t>(kFusedTile, n - t0);
        for (const Instr& in : body) {
          const ElementType at = in.code == Code::kSelect ? kPred : in.in_type;
          const ElementType bt = in.code == Code::kSelect ? in.type : in.in_type;
          if (in.code == Code::kBroadcast) {
            exec(in, &maps[in.map], ptr(in.dst, in.type), leaf_base[maps[in.map].leaf], nullptr, nullptr, t0, len);
            continue;
          }
          const bool two = in.code == Code::kBinary || in.code == Code::kCompare || in.code == Code::kSelect ||
                           in.code == Code::kClamp;
          const bool three = in.code == Code::kSelect || in.code == Code::kClamp;
          exec(in, nullptr, ptr(in.dst, in.type), ptr(in.a, at), two ? ptr(in.b, bt) : nullptr,
               three ? ptr(in.c, bt) : nullptr, t0, len);
        }
        for (size_t k = 0; k < outs.size(); ++k) {
          if (!aliased[k]) continue;
          const size_t es = element_size(out_types[k]);
          std::memcpy(out_base[k] + t0 * static_cast<int64_t>(es), slot(out_scratch[k]), static_cast<size_t>(len) * es);
        }
      }
    }
  });
}

void FusedGroup::run(const std::vector<const Tensor*>& leaf_tensors, const std::vector<Tensor*>& out_tensors,
                     const std::vector<bool>& out_aliases_leaf) const {
  code->run(leaf_tensors, out_tensors, out_aliases_leaf);
}

// ---------------------------------------------------------------- planning

namespace {

// Union-find over group ids.
int find(std::vector<int>& parent, int g) {
  while (parent[g] != g) g = parent[g] = parent[parent[g]];
  return g;
}

// Compiles one group's members to its tile program; fills leaves, outputs, leaf_linear.
void compile_group(const ir::Function& fn, const std::vector<std::vector<int>>& users, const std::vector<int>& group_of,
                   int gid, FusedGroup* g) {
  const auto& ops = fn.body.ops;
  auto code = std::make_shared<FusedCode>();
  code->elements = g->elements;
  std::vector<bool> member_value(fn.value_types.size(), false);
  for (int m : g->members) member_value[ops[m].results[0]] = true;
  // Outputs: member results read by any op outside the group.
  std::vector<int> out_index(fn.value_types.size(), -1);
  for (int m : g->members) {
    const int v = ops[m].results[0];
    for (int u : users[v]) {
      if (group_of[u] != gid) {
        out_index[v] = static_cast<int>(g->outputs.size());
        g->outputs.push_back(v);
        code->out_types.push_back(fn.value_types[v].type);
        break;
      }
    }
  }
  // Last use of each member value inside the group (instruction index).
  std::vector<int> last_use(fn.value_types.size(), -1);
  for (size_t k = 0; k < g->members.size(); ++k)
    for (int v : ops[g->members[k]].operands) last_use[v] = static_cast<int>(k);

  std::vector<int> leaf_index(fn.value_types.size(), -1);
  std::vector<int> const_slot(fn.value_types.size(), -1);  // scalar leaves
  std::vector<Ref> ref_of(fn.value_types.size());
  std::vector<int> free_slots;
  auto new_slot = [&]() {
    if (!free_slots.empty()) {
      int s = free_slots.back();
      free_slots.pop_back();
      return s;
    }
    return code->slots++;
  };
  auto leaf = [&](int v, bool linear) {
    if (leaf_index[v] < 0) {
      leaf_index[v] = static_cast<int>(g->leaves.size());
      g->leaves.push_back(v);
      g->leaf_linear.push_back(true);
      code->leaf_types.push_back(fn.value_types[v].type);
    }
    if (!linear) g->leaf_linear[leaf_index[v]] = false;
    return leaf_index[v];
  };
  auto operand = [&](int v) -> Ref {
    if (member_value[v]) return ref_of[v];
    const int64_t nv = fn.value_types[v].num_elements();
    if (nv == g->elements) return Ref{Where::kLeaf, leaf(v, true)};
    // A scalar read by every element (clamp bounds, select predicate).
    const int l = leaf(v, false);
    if (const_slot[v] < 0) {
      const_slot[v] = code->slots++;  // pinned: never freed
      code->const_fills.emplace_back(const_slot[v], l);
    }
    return Ref{Where::kConst, const_slot[v]};
  };
  for (size_t k = 0; k < g->members.size(); ++k) {
    const Op& op = ops[g->members[k]];
    const int rv = op.results[0];
    Instr in;
    in.op = op.kind;
    in.type = fn.value_types[rv].type;
    in.in_type = op.operands.empty() ? in.type : fn.value_types[op.operands[0]].type;
    bool pinned = false;
    if (op.kind == OpKind::kBroadcastInDim) {
      in.code = Code::kBroadcast;
      BroadcastMap m = broadcast_map(fn.value_types[op.operands[0]], fn.value_types[rv], op.p.dims);
      m.leaf = leaf(op.operands[0], false);
      in.map = static_cast<int>(code->maps.size());
      pinned = m.constant && out_index[rv] < 0;
      code->maps.push_back(std::move(m));
    } else {
      if (op.kind == OpKind::kReshape) in.code = Code::kCopy;
      else if (op.kind == OpKind::kConvert) in.code = Code::kConvert;
      else if (op.kind == OpKind::kBitcastConvert) in.code = Code::kCopy;
      else if (op.kind == OpKind::kIsFinite) in.code = Code::kIsFinite;
      else if (op.kind == OpKind::kCompare) in.code = Code::kCompare, in.dir = op.p.dir;
      else if (op.kind == OpKind::kSelect) in.code = Code::kSelect, in.in_type = in.type;
      else if (op.kind == OpKind::kClamp) in.code = Code::kClamp;
      else if (ir::traits(op.kind).group == ir::OpGroup::kBinary) in.code = Code::kBinary;
      else in.code = Code::kUnary;
      in.a = operand(op.operands[0]);
      if (op.operands.size() > 1) in.b = operand(op.operands[1]);
      if (op.operands.size() > 2) in.c = operand(op.operands[2]);
      // A constant slot, or the pinned slot of a broadcast of one value, filled before any tile.
      in.b_uniform = op.operands.size() > 1 &&
                     (in.b.where == Where::kConst ||
                      (in.b.where == Where::kSlot &&
                       std::any_of(code->prologue.begin(), code->prologue.end(),
                                   [&](const Instr& p) { return p.dst.index == in.b.index; })));
    }
    if (out_index[rv] >= 0) {
      in.dst = Ref{Where::kOut, out_index[rv]};
    } else {
      in.dst = Ref{Where::kSlot, pinned ? code->slots++ : new_slot()};
    }
    ref_of[rv] = in.dst;
    // Slots of member values read for the last time here are free for later instructions.
    for (int v : op.operands)
      if (member_value[v] && last_use[v] == static_cast<int>(k) && ref_of[v].where == Where::kSlot) {
        bool pinned_slot = false;
        for (const Instr& p : code->prologue) pinned_slot = pinned_slot || p.dst.index == ref_of[v].index;
        if (!pinned_slot && std::find(free_slots.begin(), free_slots.end(), ref_of[v].index) == free_slots.end())
          free_slots.push_back(ref_of[v].index);
      }
    if (pinned) code->prologue.push_back(in);
    else code->body.push_back(in);
  }
  for (size_t k = 0; k < g->outputs.size(); ++k) code->out_scratch.push_back(code->slots++);
  g->code = std::move(code);
}

}  // namespace

FusionPlan plan_fusion(const ir::Function& fn) {
  const auto& ops = fn.body.ops;
  const size_t nv = fn.value_types.size();
  FusionPlan plan;
  plan.group_of.assign(ops.size(), -1);
  std::vector<int> producer(nv, -1);
  std::vector<std::vector<int>> users(nv);
  for (size_t i = 0; i < ops.size(); ++i) {
    for (int v : ops[i].results) producer[v] = static_cast<int>(i);
    std::vector<int> uses;
    collect_uses(ops[i], &uses);
    for (int v : uses)
      if (users[v].empty() || users[v].back() != static_cast<int>(i)) users[v].push_back(static_cast<int>(i));
  }
  std::vector<int> parent, raw(ops.size(), -1);
  std::vector<int64_t> elements;
  std::vector<bool> open;
  auto group_of_value = [&](int v) {
    const int p = producer[v];
    return p >= 0 && raw[p] >= 0 ? find(parent, raw[p]) : -1;
  };
  for (size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    bool f = fusible(op, fn);
    std::vector<int> join;
    int64_t n = 0;
    if (f) {
      n = fn.value_types[op.results[0]].num_elements();
      if (op.kind != OpKind::kBroadcastInDim) {
        for (int v : op.operands) {
          const int g = group_of_value(v);
          if (g >= 0 && open[g] && elements[g] == n && std::find(join.begin(), join.end(), g) == join.end())
            join.push_back(g);
        }
      }
      if (op.kind == OpKind::kReshape && join.empty()) f = false;  // a reshape of a materialized value is free
    }
    // Groups read here from outside can no longer grow: they must be complete before this op.
    std::vector<int> uses;
    collect_uses(op, &uses);
    for (int v : uses) {
      const int g = group_of_value(v);
      if (g >= 0 && std::find(join.begin(), join.end(), g) == join.end()) open[g] = false;
    }
    if (!f) continue;
    int gid;
    if (join.empty()) {
      gid = static_cast<int>(parent.size());
      parent.push_back(gid);
      elements.push_back(n);
      open.push_back(true);
    } else {
      gid = join[0];
      for (size_t k = 1; k < join.size(); ++k) parent[join[k]] = gid;
    }
    raw[i] = gid;
  }
  // Number the groups by root; members stay in program order.
  std::vector<int> number(parent.size(), -1);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (raw[i] < 0) continue;
    const int root = find(parent, raw[i]);
    if (number[root] < 0) {
      number[root] = static_cast<int>(plan.groups.size());
      plan.groups.emplace_back();
      plan.groups.back().elements = elements[root];
    }
    plan.group_of[i] = number[root];
    plan.groups[number[root]].members.push_back(static_cast<int>(i));
  }
  for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
    FusedGroup& g = plan.groups[gi];
    g.exec_op = g.members.back();
    compile_group(fn, users, plan.group_of, static_cast<int>(gi), &g);
    // Every reader outside the group must come after the group runs.
    for (int v : g.outputs)
      for (int u : users[v])
        if (plan.group_of[u] != static_cast<int>(gi) && u <= g.exec_op)
          throw EngineError{kInternal, "[fusion] group " + std::to_string(gi) + " is read before it runs"};
  }
  return plan;
}

}  // namespace tsmlx::cpu::runtime
