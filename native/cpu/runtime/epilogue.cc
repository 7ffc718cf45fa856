// Finding convolution epilogues in a fused function body (see epilogue.h).
#include "runtime/epilogue.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/parallel.h"

#include "kernels/dnnl.h"

namespace tsmlx::cpu::runtime {

using ir::Op;
using ir::OpKind;

namespace {

// The ops of the body that read each value (top level; a use inside a region counts for the
// op that holds the region).
std::vector<std::vector<int>> users_of(const ir::Function& fn) {
  std::vector<std::vector<int>> users(fn.value_types.size());
  auto note = [&](auto&& self, const Op& op, int at) -> void {
    for (int v : op.operands)
      if (users[v].empty() || users[v].back() != at) users[v].push_back(at);
    for (const ir::Region& r : op.regions)
      for (const Op& inner : r.ops) self(self, inner, at);
  };
  for (size_t i = 0; i < fn.body.ops.size(); ++i) note(note, fn.body.ops[i], static_cast<int>(i));
  return users;
}

// True when `op` broadcasts a scalar f32 constant equal to zero (+0 only when `positive`).
bool zero_broadcast(const ir::Function& fn, const std::vector<int>& producer, const Op& op, bool positive) {
  if (op.kind != OpKind::kBroadcastInDim || op.operands.size() != 1) return false;
  const int src = producer[op.operands[0]];
  if (src < 0) return false;
  const Op& c = fn.body.ops[src];
  if (c.kind != OpKind::kConstant || !c.p.constant.storage) return false;
  const TensorType& t = fn.value_types[op.operands[0]];
  if (t.type != ElementType::kF32 || t.num_elements() != 1) return false;
  float v;
  std::memcpy(&v, c.p.constant.storage->data(), sizeof v);
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return positive ? bits == 0 : v == 0.0f;
}

// Bounds at or above this leave no margin for rounding on the way to overflow.
constexpr float kSafeBound = 1e37f;

// The product of the dims after `axis` (the stride of `axis` in row-major order).
int64_t elements_after(const std::vector<int64_t>& dims, int64_t axis) {
  int64_t n = 1;
  for (size_t k = static_cast<size_t>(axis) + 1; k < dims.size(); ++k) n *= dims[k];
  return n;
}

// The loops, on plain pointers so that they vectorise.
void max_abs_range(const float* v, int64_t n, float* max_out, int* nonfinite_out) {
  float m = 0.0f;
  int nonfinite = 0;
#pragma omp simd reduction(max : m) reduction(| : nonfinite)
  for (int64_t i = 0; i < n; ++i) {
    const float a = std::fabs(v[i]);
    nonfinite |= !(a <= FLT_MAX);
    m = a > m ? a : m;
  }
  *max_out = m;
  *nonfinite_out = nonfinite;
}

void relu_range(float* v, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) v[i] = v[i] <= 0.0f ? 0.0f : v[i];
}

void mask_range(const float* y, uint8_t* m, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) m[i] = y[i] <= 0.0f ? 1 : 0;
}

void add_range(float* v, int64_t n, float add) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) v[i] += add;
}

}  // namespace

float max_abs(const Tensor& x) {
  const auto* v = static_cast<const float*>(x.storage->data());
  const int64_t n = x.type.num_elements();
  const int64_t chunks = std::max<int64_t>(1, std::min<int64_t>(num_threads(), n >> 16));
  std::vector<float> part(static_cast<size_t>(chunks), 0.0f);
  std::vector<int> bad(static_cast<size_t>(chunks), 0);
  parallel_for(chunks, 1, [&](int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
      max_abs_range(v + b, e - b, &part[static_cast<size_t>(c)], &bad[static_cast<size_t>(c)]);
    }
  });
  float m = 0.0f;
  for (int64_t c = 0; c < chunks; ++c) {
    if (bad[static_cast<size_t>(c)]) return std::numeric_limits<float>::infinity();
    m = std::max(m, part[static_cast<size_t>(c)]);
  }
  return m;
}

float epilogue_bound(float lhs_bound, const Tensor& rhs, int64_t k_out, const Tensor& bias) {
  const float inf = std::numeric_limits<float>::infinity();
  if (!(lhs_bound <= FLT_MAX)) return inf;
  const int64_t features = rhs.type.dims[k_out], inner = elements_after(rhs.type.dims, k_out);
  const int64_t outer = features * inner == 0 ? 0 : rhs.type.num_elements() / (features * inner);
  std::vector<double> sum(static_cast<size_t>(features), 0.0);
  const auto* w = static_cast<const float*>(rhs.storage->data());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t f = 0; f < features; ++f)
      for (const float* p = w + (o * features + f) * inner, *end = p + inner; p < end; ++p) {
        if (!(std::fabs(*p) <= FLT_MAX)) return inf;
        sum[static_cast<size_t>(f)] += std::fabs(*p);
      }
  const auto* b = static_cast<const float*>(bias.storage->data());
  double bound = 0.0;
  for (int64_t f = 0; f < features; ++f) {
    if (!(std::fabs(b[f]) <= FLT_MAX)) return inf;
    bound = std::max(bound, double(lhs_bound) * sum[static_cast<size_t>(f)] + std::fabs(b[f]));
  }
  return bound < kSafeBound ? static_cast<float>(bound) : inf;
}

void relu_in_place(Tensor& y) {
  auto* v = static_cast<float*>(y.storage->data());
  parallel_for(y.type.num_elements(), int64_t{1} << 16, [&](int64_t b, int64_t e) { relu_range(v + b, e - b); });
}

void relu_mask(const Tensor& y, Tensor& mask) {
  const auto* v = static_cast<const float*>(y.storage->data());
  auto* m = static_cast<uint8_t*>(mask.storage->data());
  parallel_for(y.type.num_elements(), int64_t{1} << 16, [&](int64_t b, int64_t e) { mask_range(v + b, m + b, e - b); });
}

void add_bias(Tensor& y, const Tensor& bias, int64_t feature) {
  const int64_t inner = elements_after(y.type.dims, feature);
  const int64_t features = y.type.dims[feature], rows = y.type.num_elements() / std::max<int64_t>(1, inner);
  auto* v = static_cast<float*>(y.storage->data());
  const auto* b = static_cast<const float*>(bias.storage->data());
  parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, inner)), [&](int64_t rb, int64_t re) {
    for (int64_t r = rb; r < re; ++r) add_range(v + r * inner, inner, b[r % features]);
  });
}

std::vector<ConvEpiloguePlan> plan_conv_epilogues(const ir::Function& fn, const FusionPlan& fusion) {
  const auto& ops = fn.body.ops;
  std::vector<ConvEpiloguePlan> found;
  std::vector<int> producer(fn.value_types.size(), -1);
  for (size_t i = 0; i < ops.size(); ++i)
    for (int v : ops[i].results) producer[v] = static_cast<int>(i);
  const auto users = users_of(fn);
  std::vector<bool> taken(fusion.groups.size(), false);
  for (size_t i = 0; i < ops.size(); ++i) {
    const Op& conv = ops[i];
    if (conv.kind != OpKind::kConvolution || conv.results.size() != 1) continue;
    const int c = conv.results[0];
    const TensorType& ct = fn.value_types[c];
    if (ct.type != ElementType::kF32 || users[c].size() != 1) continue;
    const int g = fusion.group_of[users[c][0]];
    if (g < 0 || taken[g]) continue;
    const FusedGroup& group = fusion.groups[g];
    // Sort the members by role.
    const Op *add = nullptr, *cmp = nullptr, *sel = nullptr;
    std::vector<const Op*> broadcasts;
    bool other = false;
    for (int m : group.members) {
      const Op& op = ops[m];
      switch (op.kind) {
        case OpKind::kAdd: other |= add != nullptr; add = &op; break;
        case OpKind::kCompare: other |= cmp != nullptr; cmp = &op; break;
        case OpKind::kSelect: other |= sel != nullptr; sel = &op; break;
        case OpKind::kBroadcastInDim: broadcasts.push_back(&op); break;
        default: other = true;
      }
    }
    if (other || !add || (cmp == nullptr) != (sel == nullptr)) continue;
    // add(c, broadcast(bias)) with the bias along the output features.
    const int bb = add->operands[0] == c ? add->operands[1] : add->operands[1] == c ? add->operands[0] : -1;
    if (bb < 0 || producer[bb] < 0 || fusion.group_of[producer[bb]] != g) continue;
    const Op& bop = ops[producer[bb]];
    if (bop.kind != OpKind::kBroadcastInDim) continue;
    const int bias = bop.operands[0];
    const TensorType& bt = fn.value_types[bias];
    if (bt.type != ElementType::kF32 || bt.dims.size() != 1 || bop.p.dims.size() != 1 ||
        bop.p.dims[0] != conv.p.conv.out_feature)
      continue;
    if (producer[bias] >= static_cast<int>(i)) continue;  // the bias must exist when the conv runs
    const int a = add->results[0];
    ConvEpiloguePlan e;
    e.conv_op = static_cast<int>(i);
    e.group = g;
    e.bias = bias;
    if (!cmp) {
      if (broadcasts.size() != 1 || group.outputs != std::vector<int>{a}) continue;
      e.out = a;
    } else {
      // relu: select(compare(a, 0, LE), +0, a), the zeros broadcast from constants.
      if (cmp->operands[0] != a || cmp->p.dir != ir::CompareDir::kLE ||
          cmp->p.cmp_type == ir::CompareType::kTotalOrder)
        continue;
      const int z1 = producer[cmp->operands[1]];
      if (z1 < 0 || fusion.group_of[z1] != g || !zero_broadcast(fn, producer, ops[z1], false)) continue;
      if (sel->operands[0] != cmp->results[0] || sel->operands[2] != a) continue;
      const int z2 = producer[sel->operands[1]];
      if (z2 < 0 || fusion.group_of[z2] != g || !zero_broadcast(fn, producer, ops[z2], true)) continue;
      if (broadcasts.size() != (z1 == z2 ? 2u : 3u)) continue;
      const int y = sel->results[0], m = cmp->results[0];
      if (std::find(group.outputs.begin(), group.outputs.end(), y) == group.outputs.end()) continue;
      bool extra = false;
      for (int v : group.outputs) extra |= v != y && v != m;
      if (extra) continue;
      e.relu = true;
      e.out = y;
      if (std::find(group.outputs.begin(), group.outputs.end(), m) != group.outputs.end()) e.mask = m;
    }
    // oneDNN must take this convolution with this epilogue.
    const Tensor lhs{fn.value_types[conv.operands[0]], nullptr}, rhs{fn.value_types[conv.operands[1]], nullptr};
    const Tensor out{ct, nullptr}, bias_t{bt, nullptr};
    kernels::ConvEpilogue ce;
    ce.bias = &bias_t;
    ce.relu = e.relu;
    if (kernels::dnnl_convolution_kind(lhs, rhs, conv.p.conv, out, nullptr, ce) != kernels::DnnlConvKind::kForward)
      continue;
    taken[g] = true;
    found.push_back(e);
  }
  return found;
}

}  // namespace tsmlx::cpu::runtime
