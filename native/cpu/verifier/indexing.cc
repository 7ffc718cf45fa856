// Verifier rules of the indexing family: gather, scatter, dynamic_slice,
// dynamic_update_slice, sort, rng_bit_generator, while, if, case. Shape rules follow the StableHLO specification's constraints.
#include <algorithm>
#include <cctype>
#include <limits>
#include <string_view>

#include "verifier/checker.h"

namespace tsmlx::cpu::verifier {
namespace {

using ir::Attr;
using ir::AttrKind;
using ir::Op;
using ir::OpKind;

bool contains(const std::vector<int64_t>& v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Parses `#stablehlo.gather<key = [1, 2], key = 3>` into named integer lists (a plain
// integer becomes a one-element list). Returns false on malformed text.
bool parse_dim_numbers(std::string_view text, std::string_view head,
                       std::vector<std::pair<std::string, std::vector<int64_t>>>* out) {
  if (text.substr(0, head.size()) != head) return false;
  size_t i = head.size();
  auto skip = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  auto number = [&](int64_t* v) {
    skip();
    size_t start = i;
    if (i < text.size() && text[i] == '-') ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return false;
    *v = std::stoll(std::string(text.substr(start, i - start)));
    return true;
  };
  skip();
  if (i >= text.size() || text[i] != '<') return false;
  ++i;
  skip();
  if (i < text.size() && text[i] == '>') return true;
  while (true) {
    skip();
    size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
    std::string key(text.substr(start, i - start));
    if (key.empty()) return false;
    skip();
    if (i >= text.size() || text[i] != '=') return false;
    ++i;
    skip();
    std::vector<int64_t> vals;
    if (i < text.size() && text[i] == '[') {
      ++i;
      skip();
      if (i < text.size() && text[i] == ']') {
        ++i;
      } else {
        while (true) {
          int64_t v;
          if (!number(&v)) return false;
          vals.push_back(v);
          skip();
          if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
          }
          if (i < text.size() && text[i] == ']') {
            ++i;
            break;
          }
          return false;
        }
      }
    } else {
      int64_t v;
      if (!number(&v)) return false;
      vals.push_back(v);
    }
    out->emplace_back(std::move(key), std::move(vals));
    skip();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == '>') return true;
    return false;
  }
}

class GroupVerifier {
 public:
  GroupVerifier(Op& op, Checker& c) : op_(op), c_(c) {}

  void run() {
    switch (op_.kind) {
      case OpKind::kGather: return gather();
      case OpKind::kScatter: return scatter();
      case OpKind::kDynamicSlice: return dynamic_slice();
      case OpKind::kDynamicUpdateSlice: return dynamic_update_slice();
      case OpKind::kSort: return sort();
      case OpKind::kRngBitGenerator: return rng_bit_generator();
      case OpKind::kWhile: return while_loop();
      case OpKind::kIf:
      case OpKind::kCase: return branches();
      default: fail("has no verifier", kUnimplemented);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& msg, int code = kInvalidArgument) const { c_.fail(op_, msg, code); }
  const TensorType& in(size_t i) const { return c_.type(op_.operands[i]); }
  const TensorType& out(size_t i) const { return c_.type(op_.results[i]); }

  void counts(size_t operands, size_t results) const { c_.expect_counts(op_, operands, results); }
  void no_regions() const {
    if (!op_.regions.empty()) fail("does not take regions");
  }
  void result(size_t i, const TensorType& want) const { c_.expect_result(op_, i, want); }
  const Attr* attr(const char* key, AttrKind kind) const {
    const Attr* a = op_.attr(key);
    if (a != nullptr && a->kind != kind) fail(std::string("attribute ") + key + " has the wrong kind");
    return a;
  }
  std::vector<int64_t> need_array(const char* key) const {
    const Attr* a = attr(key, AttrKind::kArray);
    if (a == nullptr) fail(std::string("missing attribute ") + key);
    return a->ints;
  }
  // Region `r` takes scalars of `types` and returns scalars/tensors of `rets`.
  void check_region(size_t r, const std::vector<TensorType>& args, const std::vector<TensorType>& rets,
                    const char* what) {
    ir::Region& region = op_.regions[r];
    if (region.args.size() != args.size())
      fail(std::string(what) + " takes " + std::to_string(region.args.size()) + " arguments, expected " +
           std::to_string(args.size()));
    for (size_t i = 0; i < args.size(); ++i)
      if (c_.type(region.args[i]) != args[i])
        fail(std::string(what) + " argument #" + std::to_string(i) + " has type " +
             c_.type(region.args[i]).to_string() + ", expected " + args[i].to_string());
    c_.verify_region(&region);
    const Op& ret = region.ops.back();
    if (ret.operands.size() != rets.size())
      fail(std::string(what) + " returns " + std::to_string(ret.operands.size()) + " values, expected " +
           std::to_string(rets.size()));
    for (size_t i = 0; i < rets.size(); ++i)
      if (c_.type(ret.operands[i]) != rets[i])
        fail(std::string(what) + " result #" + std::to_string(i) + " has type " + c_.type(ret.operands[i]).to_string() +
             ", expected " + rets[i].to_string());
  }

  // A dims list: unique entries in [0, bound).
  void check_dims(const std::vector<int64_t>& v, int64_t bound, const char* what) const {
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] < 0 || v[i] >= bound) fail(std::string(what) + " " + dims_str(v) + " has an entry out of range [0, " + std::to_string(bound) + ")");
      for (size_t j = 0; j < i; ++j)
        if (v[j] == v[i]) fail(std::string(what) + " " + dims_str(v) + " repeats " + std::to_string(v[i]));
    }
  }
  void check_sorted(const std::vector<int64_t>& v, const char* what) const {
    if (!std::is_sorted(v.begin(), v.end())) fail(std::string(what) + " " + dims_str(v) + " must be sorted");
  }

  std::vector<std::pair<std::string, std::vector<int64_t>>> dim_numbers(const char* key, std::string_view head) {
    const Attr* a = op_.attr(key);
    if (a == nullptr) fail(std::string("missing attribute ") + key);
    std::vector<std::pair<std::string, std::vector<int64_t>>> fields;
    if (a->kind != AttrKind::kOpaque || !parse_dim_numbers(a->s, head, &fields))
      fail(std::string("cannot read ") + key + ", expected " + std::string(head) + "<...>");
    return fields;
  }

  // ---- gather ----
  void gather() {
    counts(2, 1);
    no_regions();
    const TensorType &x = in(0), &idx = in(1);
    if (!is_int(idx.type)) fail("start_indices must be integers, got " + idx.to_string());
    ir::GatherDims g;
    bool have_ivd = false;
    for (auto& [k, v] : dim_numbers("dimension_numbers", "#stablehlo.gather")) {
      if (k == "offset_dims") g.offset_dims = v;
      else if (k == "collapsed_slice_dims") g.collapsed_slice_dims = v;
      else if (k == "operand_batching_dims") g.operand_batching_dims = v;
      else if (k == "start_indices_batching_dims") g.start_indices_batching_dims = v;
      else if (k == "start_index_map") g.start_index_map = v;
      else if (k == "index_vector_dim" && v.size() == 1) g.index_vector_dim = v[0], have_ivd = true;
      else fail("unknown gather dimension field '" + k + "'");
    }
    if (!have_ivd) g.index_vector_dim = 0;
    const int64_t xr = static_cast<int64_t>(x.dims.size()), ir_ = static_cast<int64_t>(idx.dims.size());
    const std::vector<int64_t> sizes = need_array("slice_sizes");
    if (static_cast<int64_t>(sizes.size()) != xr)
      fail("slice_sizes " + dims_str(sizes) + " needs one entry per dimension of " + x.to_string());
    for (int64_t d = 0; d < xr; ++d)
      if (sizes[d] < 0 || sizes[d] > x.dims[d])
        fail("slice_sizes " + dims_str(sizes) + " exceed the operand " + x.to_string());
    if (g.index_vector_dim < 0 || g.index_vector_dim > ir_)
      fail("index_vector_dim " + std::to_string(g.index_vector_dim) + " is out of range for " + idx.to_string());
    const int64_t nvec = g.index_vector_dim < ir_ ? idx.dims[g.index_vector_dim] : 1;
    check_dims(g.offset_dims, std::numeric_limits<int64_t>::max(), "offset_dims");
    check_sorted(g.offset_dims, "offset_dims");
    check_dims(g.collapsed_slice_dims, xr, "collapsed_slice_dims");
    check_sorted(g.collapsed_slice_dims, "collapsed_slice_dims");
    check_dims(g.operand_batching_dims, xr, "operand_batching_dims");
    check_sorted(g.operand_batching_dims, "operand_batching_dims");
    check_dims(g.start_index_map, xr, "start_index_map");
    check_dims(g.start_indices_batching_dims, ir_, "start_indices_batching_dims");
    for (int64_t d : g.collapsed_slice_dims) {
      if (contains(g.operand_batching_dims, d))
        fail("collapsed_slice_dims and operand_batching_dims share " + std::to_string(d));
      if (sizes[d] > 1) fail("slice_sizes[" + std::to_string(d) + "] of a collapsed dim must be 0 or 1");
    }
    for (int64_t d : g.operand_batching_dims) {
      if (contains(g.start_index_map, d)) fail("start_index_map and operand_batching_dims share " + std::to_string(d));
      if (sizes[d] > 1) fail("slice_sizes[" + std::to_string(d) + "] of a batching dim must be 0 or 1");
    }
    if (contains(g.start_indices_batching_dims, g.index_vector_dim))
      fail("start_indices_batching_dims must not hold index_vector_dim " + std::to_string(g.index_vector_dim));
    if (g.operand_batching_dims.size() != g.start_indices_batching_dims.size())
      fail("operand_batching_dims " + dims_str(g.operand_batching_dims) + " and start_indices_batching_dims " +
           dims_str(g.start_indices_batching_dims) + " differ in size");
    for (size_t i = 0; i < g.operand_batching_dims.size(); ++i)
      if (x.dims[g.operand_batching_dims[i]] != idx.dims[g.start_indices_batching_dims[i]])
        fail("batching dim sizes differ: operand dim " + std::to_string(g.operand_batching_dims[i]) +
             " vs start_indices dim " + std::to_string(g.start_indices_batching_dims[i]));
    if (static_cast<int64_t>(g.start_index_map.size()) != nvec)
      fail("start_index_map " + dims_str(g.start_index_map) + " needs " + std::to_string(nvec) +
           " entries (the index vector size of " + idx.to_string() + ")");
    std::vector<int64_t> batch, offsets;
    for (int64_t d = 0; d < ir_; ++d)
      if (d != g.index_vector_dim) batch.push_back(idx.dims[d]);
    for (int64_t d = 0; d < xr; ++d)
      if (!contains(g.collapsed_slice_dims, d) && !contains(g.operand_batching_dims, d)) offsets.push_back(sizes[d]);
    if (offsets.size() != g.offset_dims.size())
      fail("offset_dims " + dims_str(g.offset_dims) + " needs " + std::to_string(offsets.size()) + " entries");
    const int64_t rr = static_cast<int64_t>(batch.size() + offsets.size());
    TensorType want{x.type, {}};
    size_t bi = 0, oi = 0;
    for (int64_t d = 0; d < rr; ++d) {
      if (contains(g.offset_dims, d)) want.dims.push_back(offsets[oi++]);
      else if (bi < batch.size()) want.dims.push_back(batch[bi++]);
      else fail("offset_dims " + dims_str(g.offset_dims) + " out of range for a rank-" + std::to_string(rr) + " result");
    }
    result(0, want);
    op_.p.gather = g;
    op_.p.dims = sizes;
  }

  // ---- scatter ----
  void scatter() {
    const size_t n_ops = op_.operands.size();
    if (n_ops < 3 || n_ops % 2 == 0) fail("needs N inputs, the scatter indices and N updates");
    const size_t n = (n_ops - 1) / 2;
    if (op_.results.size() != n) fail("expects " + std::to_string(n) + " results");
    if (op_.regions.size() != 1) fail("needs one update computation region");
    const TensorType& x = in(0);
    const TensorType& idx = in(n);
    const TensorType& u = in(n + 1);
    if (!is_int(idx.type)) fail("scatter_indices must be integers, got " + idx.to_string());
    for (size_t k = 0; k < n; ++k) {
      if (in(k).dims != x.dims) fail("inputs " + x.to_string() + " and " + in(k).to_string() + " differ in shape");
      if (in(n + 1 + k).dims != u.dims)
        fail("updates " + u.to_string() + " and " + in(n + 1 + k).to_string() + " differ in shape");
      if (in(n + 1 + k).type != in(k).type)
        fail("update " + in(n + 1 + k).to_string() + " and input " + in(k).to_string() + " differ in element type");
      result(k, in(k));
    }
    ir::ScatterDims s;
    for (auto& [k, v] : dim_numbers("scatter_dimension_numbers", "#stablehlo.scatter")) {
      if (k == "update_window_dims") s.update_window_dims = v;
      else if (k == "inserted_window_dims") s.inserted_window_dims = v;
      else if (k == "input_batching_dims") s.input_batching_dims = v;
      else if (k == "scatter_indices_batching_dims") s.scatter_indices_batching_dims = v;
      else if (k == "scatter_dims_to_operand_dims") s.scatter_dims_to_operand_dims = v;
      else if (k == "index_vector_dim" && v.size() == 1) s.index_vector_dim = v[0];
      else fail("unknown scatter dimension field '" + k + "'");
    }
    const int64_t xr = static_cast<int64_t>(x.dims.size()), ir_ = static_cast<int64_t>(idx.dims.size()),
                  ur = static_cast<int64_t>(u.dims.size());
    if (s.index_vector_dim < 0 || s.index_vector_dim > ir_)
      fail("index_vector_dim " + std::to_string(s.index_vector_dim) + " is out of range for " + idx.to_string());
    const int64_t nvec = s.index_vector_dim < ir_ ? idx.dims[s.index_vector_dim] : 1;
    check_dims(s.update_window_dims, ur, "update_window_dims");
    check_sorted(s.update_window_dims, "update_window_dims");
    check_dims(s.inserted_window_dims, xr, "inserted_window_dims");
    check_sorted(s.inserted_window_dims, "inserted_window_dims");
    check_dims(s.input_batching_dims, xr, "input_batching_dims");
    check_sorted(s.input_batching_dims, "input_batching_dims");
    check_dims(s.scatter_dims_to_operand_dims, xr, "scatter_dims_to_operand_dims");
    check_dims(s.scatter_indices_batching_dims, ir_, "scatter_indices_batching_dims");
    for (int64_t d : s.inserted_window_dims)
      if (contains(s.input_batching_dims, d)) fail("inserted_window_dims and input_batching_dims share " + std::to_string(d));
    for (int64_t d : s.input_batching_dims)
      if (contains(s.scatter_dims_to_operand_dims, d))
        fail("scatter_dims_to_operand_dims and input_batching_dims share " + std::to_string(d));
    if (contains(s.scatter_indices_batching_dims, s.index_vector_dim))
      fail("scatter_indices_batching_dims must not hold index_vector_dim");
    if (s.input_batching_dims.size() != s.scatter_indices_batching_dims.size())
      fail("input_batching_dims and scatter_indices_batching_dims differ in size");
    for (size_t i = 0; i < s.input_batching_dims.size(); ++i)
      if (x.dims[s.input_batching_dims[i]] != idx.dims[s.scatter_indices_batching_dims[i]])
        fail("batching dim sizes differ: input dim " + std::to_string(s.input_batching_dims[i]) +
             " vs scatter_indices dim " + std::to_string(s.scatter_indices_batching_dims[i]));
    if (static_cast<int64_t>(s.scatter_dims_to_operand_dims.size()) != nvec)
      fail("scatter_dims_to_operand_dims " + dims_str(s.scatter_dims_to_operand_dims) + " needs " +
           std::to_string(nvec) + " entries (the index vector size of " + idx.to_string() + ")");
    if (static_cast<int64_t>(s.update_window_dims.size() + s.inserted_window_dims.size() +
                             s.input_batching_dims.size()) != xr)
      fail("update_window_dims, inserted_window_dims and input_batching_dims must cover the " + std::to_string(xr) +
           " input dims");
    // Scatter dims of the updates match the indices' batch dims, in order.
    std::vector<int64_t> batch;
    for (int64_t d = 0; d < ir_; ++d)
      if (d != s.index_vector_dim) batch.push_back(idx.dims[d]);
    size_t bi = 0;
    for (int64_t d = 0; d < ur; ++d) {
      if (contains(s.update_window_dims, d)) continue;
      if (bi >= batch.size() || u.dims[d] != batch[bi])
        fail("update scatter dims of " + u.to_string() + " do not match the index batch dims of " + idx.to_string());
      ++bi;
    }
    if (bi != batch.size())
      fail("updates " + u.to_string() + " need " + std::to_string(batch.size()) + " scatter dims for " + idx.to_string());
    // Window dims fit the input.
    size_t wi = 0;
    for (int64_t d = 0; d < xr; ++d) {
      if (contains(s.inserted_window_dims, d) || contains(s.input_batching_dims, d)) continue;
      int64_t w = u.dims[s.update_window_dims[wi++]];
      if (w > x.dims[d]) fail("update window " + u.to_string() + " exceeds input " + x.to_string() + " in dim " + std::to_string(d));
    }
    std::vector<TensorType> args, rets;
    for (size_t k = 0; k < n; ++k) args.push_back(TensorType{in(k).type, {}});
    for (size_t k = 0; k < n; ++k) args.push_back(TensorType{in(k).type, {}});
    for (size_t k = 0; k < n; ++k) rets.push_back(TensorType{in(k).type, {}});
    check_region(0, args, rets, "update computation");
    op_.p.scatter = s;
    // Fast paths: `return %update` (replace) or one binary op of the two arguments.
    const ir::Region& body = op_.regions[0];
    op_.p.fast_body = OpKind::kReturn;
    op_.p.scatter_replace = false;
    if (n == 1) {
      const Op& ret = body.ops.back();
      if (body.ops.size() == 1 && ret.operands[0] == body.args[1]) op_.p.scatter_replace = true;
      if (body.ops.size() == 2) {
        const Op& b = body.ops[0];
        bool simple = b.kind == OpKind::kAdd || b.kind == OpKind::kMultiply || b.kind == OpKind::kMaximum ||
                      b.kind == OpKind::kMinimum || b.kind == OpKind::kAnd || b.kind == OpKind::kOr;
        bool ordered = b.operands.size() == 2 && b.operands[0] == body.args[0] && b.operands[1] == body.args[1];
        if (simple && ordered && ret.operands[0] == b.results[0]) op_.p.fast_body = b.kind;
      }
    }
  }

  // ---- dynamic_slice / dynamic_update_slice ----
  void scalar_indices(size_t first, size_t rank) {
    if (op_.operands.size() != first + rank)
      fail("needs " + std::to_string(rank) + " start indices, got " + std::to_string(op_.operands.size() - first));
    for (size_t i = first; i < op_.operands.size(); ++i) {
      if (!in(i).dims.empty() || !is_int(in(i).type)) fail("start index " + in(i).to_string() + " must be an integer scalar");
      if (in(i).type != in(first).type)
        fail("start indices " + in(first).to_string() + " and " + in(i).to_string() + " differ in type");
    }
  }

  void dynamic_slice() {
    no_regions();
    if (op_.operands.empty() || op_.results.size() != 1) fail("needs an operand and one result");
    const TensorType& x = in(0);
    scalar_indices(1, x.dims.size());
    std::vector<int64_t> sizes = need_array("slice_sizes");
    if (sizes.size() != x.dims.size()) fail("slice_sizes " + dims_str(sizes) + " needs one entry per dim of " + x.to_string());
    for (size_t d = 0; d < sizes.size(); ++d)
      if (sizes[d] < 0 || sizes[d] > x.dims[d]) fail("slice_sizes " + dims_str(sizes) + " exceed " + x.to_string());
    result(0, TensorType{x.type, sizes});
    op_.p.dims = sizes;
  }

  void dynamic_update_slice() {
    no_regions();
    if (op_.operands.size() < 2 || op_.results.size() != 1) fail("needs an operand, an update and one result");
    const TensorType &x = in(0), &u = in(1);
    if (u.type != x.type || u.dims.size() != x.dims.size())
      fail("update " + u.to_string() + " does not fit operand " + x.to_string());
    for (size_t d = 0; d < x.dims.size(); ++d)
      if (u.dims[d] > x.dims[d]) fail("update " + u.to_string() + " is larger than operand " + x.to_string());
    scalar_indices(2, x.dims.size());
    result(0, x);
  }

  // ---- bitcast_convert ----
  // ---- sort ----
  void sort() {
    if (op_.operands.empty() || op_.results.size() != op_.operands.size()) fail("needs N operands and N results");
    if (op_.regions.size() != 1) fail("needs one comparator region");
    const TensorType& x0 = in(0);
    std::vector<TensorType> args;
    for (size_t k = 0; k < op_.operands.size(); ++k) {
      if (in(k).dims != x0.dims) fail("operands " + x0.to_string() + " and " + in(k).to_string() + " differ in shape");
      result(k, in(k));
      args.push_back(TensorType{in(k).type, {}});
      args.push_back(TensorType{in(k).type, {}});
    }
    const int64_t r = static_cast<int64_t>(x0.dims.size());
    int64_t dim = -1;
    if (const Attr* a = attr("dimension", AttrKind::kInt)) dim = a->i;
    if (dim < -r || dim >= r || r == 0) fail("dimension " + std::to_string(dim) + " is out of range for " + x0.to_string());
    op_.p.axis = dim < 0 ? dim + r : dim;
    check_region(0, args, {TensorType{ElementType::kPred, {}}}, "comparator");
    // Fast path: the body is one compare of (lhs0, rhs0) (or swapped, with the direction flipped).
    op_.p.fast_body = OpKind::kReturn;
    const ir::Region& body = op_.regions[0];
    if (body.ops.size() == 2 && body.ops[0].kind == OpKind::kCompare &&
        body.ops.back().operands[0] == body.ops[0].results[0]) {
      const Op& cmp = body.ops[0];
      const int l = body.args[0], r = body.args[1];
      bool straight = cmp.operands[0] == l && cmp.operands[1] == r;
      bool swapped = cmp.operands[0] == r && cmp.operands[1] == l;
      if (straight || swapped) {
        op_.p.fast_body = OpKind::kCompare;
        op_.p.dir = cmp.p.dir;
        op_.p.cmp_type = cmp.p.cmp_type;
        if (swapped) {
          using D = ir::CompareDir;
          switch (cmp.p.dir) {
            case D::kLT: op_.p.dir = D::kGT; break;
            case D::kGT: op_.p.dir = D::kLT; break;
            case D::kLE: op_.p.dir = D::kGE; break;
            case D::kGE: op_.p.dir = D::kLE; break;
            default: break;
          }
        }
      }
    }
  }

  // ---- rng_bit_generator ----
  void rng_bit_generator() {
    counts(1, 2);
    no_regions();
    const TensorType& st = in(0);
    const Attr* a = attr("rng_algorithm", AttrKind::kEnum);
    if (a == nullptr) fail("missing attribute rng_algorithm");
    if (a->value == "DEFAULT") op_.p.rng = ir::RngAlgorithm::kDefault;
    else if (a->value == "THREE_FRY") op_.p.rng = ir::RngAlgorithm::kThreeFry;
    else if (a->value == "PHILOX") op_.p.rng = ir::RngAlgorithm::kPhilox;
    else fail("unknown rng_algorithm " + a->value);
    if (st.type != ElementType::kU64 || st.dims.size() != 1)
      fail("initial_state must be a 1-D ui64 tensor, got " + st.to_string());
    const int64_t n = st.dims[0];
    bool ok = op_.p.rng == ir::RngAlgorithm::kPhilox ? (n == 2 || n == 3) : n == 2;
    if (!ok) fail("initial_state " + st.to_string() + " has the wrong size for " + a->value);
    result(0, st);
    if (out(1).type == ElementType::kPred) fail("output must be an integer or float tensor, got " + out(1).to_string());
  }

  // ---- while / if / case ----
  void while_loop() {
    if (op_.regions.size() != 2) fail("needs a cond and a body region");
    if (op_.results.size() != op_.operands.size()) fail("needs as many results as operands");
    std::vector<TensorType> types;
    for (size_t k = 0; k < op_.operands.size(); ++k) {
      types.push_back(in(k));
      result(k, in(k));
    }
    check_region(0, types, {TensorType{ElementType::kPred, {}}}, "cond");
    check_region(1, types, types, "body");
  }

  void branches() {
    const bool is_if = op_.kind == OpKind::kIf;
    if (op_.operands.size() != 1) fail("needs one operand");
    const TensorType& p = in(0);
    if (is_if && (p.type != ElementType::kPred || !p.dims.empty())) fail("pred must be tensor<i1>, got " + p.to_string());
    if (!is_if && (p.type != ElementType::kS32 || !p.dims.empty())) fail("index must be tensor<i32>, got " + p.to_string());
    if (is_if ? op_.regions.size() != 2 : op_.regions.empty())
      fail(is_if ? "needs a true and a false branch" : "needs at least one branch");
    std::vector<TensorType> rets;
    for (size_t k = 0; k < op_.results.size(); ++k) rets.push_back(out(k));
    for (size_t r = 0; r < op_.regions.size(); ++r) check_region(r, {}, rets, "branch");
  }

  Op& op_;
  Checker& c_;
};

}  // namespace

void verify_indexing_op(ir::Op* op, Checker& c) { GroupVerifier(*op, c).run(); }

}  // namespace tsmlx::cpu::verifier
