// f32 convolution through oneDNN. A StableHLO convolution (lhs dilation 1) computes
//   out[b, o.., f] = sum over taps k.. and features c of lhs[b, o*s + k*rd - lo.., c] * rhs[k.., c, f]
// and maps onto one of oneDNN's three convolution primitives:
//  - forward: src = lhs, weights = rhs, dst = out; strides s, dilation rd - 1, padding lo;
//  - backward by the kernel, when the kernel is spatially larger than the output (what a
//    kernel gradient looks like): src = lhs with its batch and feature dims trading roles,
//    diff_dst = rhs (its input features are the batch), diff_weights = out; strides rd,
//    dilation s - 1, padding lo;
//  - with lhs dilation L (and window strides 1), the gradient by the input of a forward conv
//    with strides L: diff_dst = lhs, weights = rhs spatially reversed with its feature dims
//    trading roles, diff_src = out; dilation rd - 1, padding (K - 1) * rd - lo.
// Every tensor is described to oneDNN as a strided view of its row-major storage (NHWC
// activations are oneDNN's nhwc), except the weights, which the primitive takes in the
// blocked layout it prefers through one reorder per call. High padding is recomputed from
// the sizes (oneDNN wants the exact value). Primitives are made once per shape and memoized.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/status.h"
#include "kernels/dnnl.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {
namespace {

using dnnl::memory;
using Dims = memory::dims;

dnnl::engine& cpu_engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

// A tensor seen through oneDNN's role order: dims and strides of [N, C, spatial..].
struct View {
  Dims dims, strides;
};

View view(const Tensor& t, int64_t n, int64_t c, const std::vector<int64_t>& spatial) {
  const std::vector<int64_t> rs = row_major_strides(t.type.dims);
  View v;
  for (int64_t a : {n, c}) {
    v.dims.push_back(t.type.dims[a]);
    v.strides.push_back(rs[a]);
  }
  for (int64_t a : spatial) {
    v.dims.push_back(t.type.dims[a]);
    v.strides.push_back(rs[a]);
  }
  return v;
}

// Everything that defines one primitive: the memo's key.
struct Plan {
  DnnlConvKind kind = DnnlConvKind::kNone;
  View a, w, b;  // fwd: src, weights, dst; bwd data: diff_dst, weights, diff_src; bwd weights: src, diff_weights, diff_dst
  Dims strides, dilates, pad_l, pad_r;
  std::vector<bool> flip;  // weights: spatial dims read reversed (packed by hand before the call)
  bool any_flip = false;
  bool bias = false, relu = false;  // the forward epilogue

  std::string key() const {
    std::string k(1, static_cast<char>('0' + static_cast<int>(kind)));
    auto put = [&k](const Dims& d) {
      for (auto x : d) k += std::to_string(x) + ',';
      k += ';';
    };
    for (const View* v : {&a, &w, &b}) {
      put(v->dims);
      put(v->strides);
    }
    put(strides);
    put(dilates);
    put(pad_l);
    put(pad_r);
    for (bool f : flip) k += f ? '1' : '0';
    k += bias ? 'b' : '-';
    k += relu ? 'r' : '-';
    return k;
  }
};

Plan make_plan(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, const Tensor& out);

// High padding that makes oneDNN's output-size rule give exactly `out` (floor division by the
// stride), or false when no legal value exists.
bool high_pad(int64_t in, int64_t kernel_extent, int64_t out, int64_t stride, int64_t lo, int64_t* hi) {
  if (lo < 0 || stride < 1) return false;
  int64_t p = (out - 1) * stride + kernel_extent - in - lo;
  if (p + stride <= 0) p += stride - 1;
  if (p + stride <= 0) return false;
  *hi = p;
  return (in - kernel_extent + lo + p) / stride + 1 == out && in - kernel_extent + lo + p >= 0;
}

Plan make_plan(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, const Tensor& out,
               const ConvEpilogue& e) {
  Plan p = make_plan(lhs, rhs, d, out);
  if (e.empty() || p.kind == DnnlConvKind::kNone) return p;
  if (p.kind != DnnlConvKind::kForward) return Plan{};
  if (e.bias) {
    const TensorType& bt = e.bias->type;
    if (bt.type != ElementType::kF32 || bt.dims.size() != 1 || bt.dims[0] != out.type.dims[d.out_feature])
      return Plan{};
  }
  p.bias = e.bias != nullptr;
  p.relu = e.relu;
  return p;
}

Plan make_plan(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& d, const Tensor& out) {
  Plan p;
  const ElementType f32 = ElementType::kF32;
  if (lhs.type.type != f32 || rhs.type.type != f32 || out.type.type != f32) return p;
  if (d.feature_groups != 1 || d.batch_groups != 1) return p;
  const size_t n = d.in_spatial.size();
  if (n < 1 || n > 3) return p;
  if (lhs.type.num_elements() == 0 || rhs.type.num_elements() == 0 || out.type.num_elements() == 0) return p;
  const auto &ld = lhs.type.dims, &rd = rhs.type.dims, &od = out.type.dims;
  bool lhs_dilated = false, strided = false, reversed = false;
  int64_t out_taps = 1, k_taps = 1;
  for (size_t i = 0; i < n; ++i) {
    lhs_dilated |= d.lhs_dilation[i] != 1;
    strided |= d.strides[i] != 1;
    reversed |= d.reversal[i];
    out_taps *= od[d.out_spatial[i]];
    k_taps *= rd[d.k_spatial[i]];
    if (d.pad_lo[i] < 0 || d.pad_hi[i] < 0 || d.rhs_dilation[i] < 1 || d.strides[i] < 1 || d.lhs_dilation[i] < 1)
      return p;
  }
  p.strides.resize(n);
  p.dilates.resize(n);
  p.pad_l.resize(n);
  p.pad_r.resize(n);
  p.flip.assign(n, false);
  if (lhs_dilated) {
    if (strided) return p;
    // The gradient by the input of a forward conv with strides L = lhs_dilation.
    p.kind = DnnlConvKind::kBackwardData;
    p.a = view(lhs, d.in_batch, d.in_feature, d.in_spatial);
    p.w = view(rhs, d.k_in, d.k_out, d.k_spatial);  // [OC, IC, k..] of the forward conv
    p.b = view(out, d.out_batch, d.out_feature, d.out_spatial);
    for (size_t i = 0; i < n; ++i) {
      const int64_t K = rd[d.k_spatial[i]], extent = (K - 1) * d.rhs_dilation[i] + 1;
      p.strides[i] = d.lhs_dilation[i];
      p.dilates[i] = d.rhs_dilation[i] - 1;
      p.pad_l[i] = extent - 1 - d.pad_lo[i];
      p.flip[i] = !d.reversal[i];
      if (!high_pad(od[d.out_spatial[i]], extent, ld[d.in_spatial[i]], p.strides[i], p.pad_l[i], &p.pad_r[i]))
        return Plan{};
    }
  } else if (out_taps < k_taps) {
    if (reversed) return p;
    // A kernel gradient: lhs's features are the batch, rhs is diff_dst, out the weights.
    p.kind = DnnlConvKind::kBackwardWeights;
    p.a = view(lhs, d.in_feature, d.in_batch, d.in_spatial);
    p.w = view(out, d.out_feature, d.out_batch, d.out_spatial);
    p.b = view(rhs, d.k_in, d.k_out, d.k_spatial);
    for (size_t i = 0; i < n; ++i) {
      const int64_t K = od[d.out_spatial[i]], extent = (K - 1) * d.strides[i] + 1;
      p.strides[i] = d.rhs_dilation[i];
      p.dilates[i] = d.strides[i] - 1;
      p.pad_l[i] = d.pad_lo[i];
      if (!high_pad(ld[d.in_spatial[i]], extent, rd[d.k_spatial[i]], p.strides[i], p.pad_l[i], &p.pad_r[i]))
        return Plan{};
    }
  } else {
    p.kind = DnnlConvKind::kForward;
    p.a = view(lhs, d.in_batch, d.in_feature, d.in_spatial);
    p.w = view(rhs, d.k_out, d.k_in, d.k_spatial);
    p.b = view(out, d.out_batch, d.out_feature, d.out_spatial);
    for (size_t i = 0; i < n; ++i) {
      const int64_t K = rd[d.k_spatial[i]], extent = (K - 1) * d.rhs_dilation[i] + 1;
      p.strides[i] = d.strides[i];
      p.dilates[i] = d.rhs_dilation[i] - 1;
      p.pad_l[i] = d.pad_lo[i];
      p.flip[i] = d.reversal[i];
      if (!high_pad(ld[d.in_spatial[i]], extent, od[d.out_spatial[i]], p.strides[i], p.pad_l[i], &p.pad_r[i]))
        return Plan{};
    }
  }
  for (bool f : p.flip) p.any_flip |= f;
  return p;
}

memory::desc strided_md(const View& v) { return memory::desc(v.dims, memory::data_type::f32, v.strides); }
memory::desc any_md(const View& v) { return memory::desc(v.dims, memory::data_type::f32, memory::format_tag::any); }

// A primitive ready to run, with the reorders between the caller's weights and its own.
struct Prepared {
  dnnl::primitive prim;
  memory::desc a_md, w_md, b_md;  // the primitive's descs
  memory::desc w_user;            // the caller's weights (after flipping: dense [OC, IC, k..])
  bool reorder_w = false;
  dnnl::reorder w_reorder;  // caller -> primitive (fwd, bwd data) or primitive -> caller (bwd weights)
  memory::desc scratchpad_md;
  size_t scratch_bytes = 0;
  std::string impl;
};

// Weights as the caller holds them: the strided view, or the dense copy made when flipping.
memory::desc user_weights_md(const Plan& p) {
  if (!p.any_flip) return strided_md(p.w);
  return memory::desc(p.w.dims, memory::data_type::f32, Dims(row_major_strides(p.w.dims)));
}

std::shared_ptr<Prepared> prepare(const Plan& p) {
  auto& eng = cpu_engine();
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  const auto alg = dnnl::algorithm::convolution_direct;
  auto pr = std::make_shared<Prepared>();
  pr->w_user = user_weights_md(p);
  // Keeps a primitive with its descriptors in the roles of Plan's a, w, b.
  auto take = [&pr](const auto& pd, const memory::desc& a, const memory::desc& w, const memory::desc& b,
                    dnnl::primitive prim) {
    pr->impl = pd.impl_info_str();
    pr->a_md = a;
    pr->w_md = w;
    pr->b_md = b;
    pr->scratchpad_md = pd.scratchpad_desc();
    pr->scratch_bytes = pr->scratchpad_md.get_size();
    pr->prim = std::move(prim);
  };
  // Activations stay in the caller's layout when an optimized implementation takes them;
  // otherwise (a "ref" implementation), everything goes to the primitive's preferred layouts.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool plain = attempt == 0;
    const memory::desc a = plain ? strided_md(p.a) : any_md(p.a);
    const memory::desc b = plain ? strided_md(p.b) : any_md(p.b);
    const memory::desc w = any_md(p.w);
    switch (p.kind) {
      case DnnlConvKind::kForward: {
        // The epilogue: relu, then + 0 so that a -0 sum becomes +0 as in select(x <= 0, +0, x);
        // the bias is added to the finished sum, as a separate add would. oneDNN's relu maps NaN
        // to 0: callers ask for it only when no NaN can occur.
        dnnl::primitive_attr fattr = attr;
        if (p.relu) {
          dnnl::post_ops ops;
          ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
          ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, 1.0f, 0.0f);
          fattr.set_post_ops(ops);
        }
        const memory::desc bias_md(Dims{p.b.dims[1]}, memory::data_type::f32, memory::format_tag::x);
        auto desc = p.bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, alg, a, w, bias_md,
                                                             b, p.strides, p.dilates, p.pad_l, p.pad_r)
                           : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, alg, a, w, b,
                                                             p.strides, p.dilates, p.pad_l, p.pad_r);
        dnnl::convolution_forward::primitive_desc pd(desc, fattr, eng);
        take(pd, pd.src_desc(), pd.weights_desc(), pd.dst_desc(), dnnl::convolution_forward(pd));
        break;
      }
      case DnnlConvKind::kBackwardData: {
        dnnl::convolution_forward::desc fdesc(dnnl::prop_kind::forward_training, alg, b, w, a, p.strides, p.dilates,
                                              p.pad_l, p.pad_r);
        dnnl::convolution_forward::primitive_desc fpd(fdesc, eng);
        dnnl::convolution_backward_data::desc desc(alg, b, w, a, p.strides, p.dilates, p.pad_l, p.pad_r);
        dnnl::convolution_backward_data::primitive_desc pd(desc, attr, eng, fpd);
        take(pd, pd.diff_dst_desc(), pd.weights_desc(), pd.diff_src_desc(), dnnl::convolution_backward_data(pd));
        break;
      }
      case DnnlConvKind::kBackwardWeights: {
        dnnl::convolution_forward::desc fdesc(dnnl::prop_kind::forward_training, alg, a, w, b, p.strides, p.dilates,
                                              p.pad_l, p.pad_r);
        dnnl::convolution_forward::primitive_desc fpd(fdesc, eng);
        dnnl::convolution_backward_weights::desc desc(alg, a, w, b, p.strides, p.dilates, p.pad_l, p.pad_r);
        dnnl::convolution_backward_weights::primitive_desc pd(desc, attr, eng, fpd);
        take(pd, pd.src_desc(), pd.diff_weights_desc(), pd.diff_dst_desc(), dnnl::convolution_backward_weights(pd));
        break;
      }
      case DnnlConvKind::kNone: return nullptr;
    }
    if (pr->impl.rfind("ref", 0) != 0) break;
  }
  pr->reorder_w = pr->w_md != pr->w_user;
  if (pr->reorder_w) {
    if (p.kind == DnnlConvKind::kBackwardWeights) {
      pr->w_reorder = dnnl::reorder(dnnl::reorder::primitive_desc(eng, pr->w_md, eng, pr->w_user));
    } else {
      pr->w_reorder = dnnl::reorder(dnnl::reorder::primitive_desc(eng, pr->w_user, eng, pr->w_md));
    }
  }
  return pr;
}

// The memo of prepared primitives, bounded (cleared when full).
class PrimitiveCache {
 public:
  std::shared_ptr<Prepared> get(const Plan& p) {
    const std::string k = p.key();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = map_.find(k);
      if (it != map_.end()) return it->second;
    }
    std::shared_ptr<Prepared> pr = prepare(p);  // may throw dnnl::error
    std::lock_guard<std::mutex> lock(mu_);
    if (map_.size() >= kCapacity) map_.clear();
    map_.emplace(k, pr);
    return pr;
  }

 private:
  static constexpr size_t kCapacity = 256;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Prepared>> map_;
};

PrimitiveCache& cache() {
  static PrimitiveCache c;
  return c;
}

// A 64-byte aligned scratch buffer.
struct Scratch {
  explicit Scratch(size_t bytes) : p(bytes ? std::aligned_alloc(64, (bytes + 63) / 64 * 64) : nullptr) {
    if (bytes && !p) throw EngineError{kResourceExhausted, "[stablehlo.convolution] out of memory for scratch"};
  }
  ~Scratch() { std::free(p); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  void* p;
};

// The caller's [OC, IC, k..] weights (strided view) copied dense with the flipped spatial dims reversed.
void pack_flipped(const Plan& p, const float* src, float* dst) {
  const size_t r = p.w.dims.size();
  std::vector<int64_t> idx(r, 0);
  int64_t count = 1;
  for (auto x : p.w.dims) count *= x;
  for (int64_t e = 0; e < count; ++e) {
    int64_t off = 0;
    for (size_t i = 0; i < r; ++i) {
      const int64_t j = i >= 2 && p.flip[i - 2] ? p.w.dims[i] - 1 - idx[i] : idx[i];
      off += j * p.w.strides[i];
    }
    dst[e] = src[off];
    for (size_t i = r; i-- > 0;) {
      if (++idx[i] < p.w.dims[i]) break;
      idx[i] = 0;
    }
  }
}

void run(const Plan& p, const Prepared& pr, const Tensor& lhs, const Tensor& rhs, Tensor& out, const Tensor* bias) {
  auto& eng = cpu_engine();
  dnnl::stream strm(eng);
  const Tensor *a_t, *w_t, *b_t;
  switch (p.kind) {
    case DnnlConvKind::kBackwardWeights:
      a_t = &lhs;
      w_t = &out;
      b_t = &rhs;
      break;
    default:
      a_t = &lhs;
      w_t = &rhs;
      b_t = &out;
  }
  void* a_ptr = const_cast<void*>(a_t->storage->data());
  void* w_ptr = const_cast<void*>(w_t->storage->data());
  void* b_ptr = const_cast<void*>(b_t->storage->data());
  // Activations: reorder only when the primitive would not take the caller's layout.
  const memory::desc a_user = strided_md(p.a), b_user = strided_md(p.b);
  Scratch scratch(pr.scratch_bytes);
  memory a_mem(a_user, eng, a_ptr), b_mem(b_user, eng, b_ptr);
  std::unique_ptr<Scratch> a_buf, b_buf, w_buf, flip_buf;
  memory a_use = a_mem, b_use = b_mem;
  const bool b_is_output = p.kind != DnnlConvKind::kBackwardWeights;
  if (pr.a_md != a_user) {
    a_buf = std::make_unique<Scratch>(pr.a_md.get_size());
    a_use = memory(pr.a_md, eng, a_buf->p);
    dnnl::reorder(a_mem, a_use).execute(strm, a_mem, a_use);
  }
  if (pr.b_md != b_user) {
    b_buf = std::make_unique<Scratch>(pr.b_md.get_size());
    b_use = memory(pr.b_md, eng, b_buf->p);
    if (!b_is_output) dnnl::reorder(b_mem, b_use).execute(strm, b_mem, b_use);
  }
  // Weights.
  void* w_user_ptr = w_ptr;
  if (p.any_flip) {
    flip_buf = std::make_unique<Scratch>(pr.w_user.get_size());
    pack_flipped(p, static_cast<const float*>(w_ptr), static_cast<float*>(flip_buf->p));
    w_user_ptr = flip_buf->p;
  }
  memory w_user_mem(pr.w_user, eng, w_user_ptr);
  memory w_use = w_user_mem;
  if (pr.reorder_w) {
    w_buf = std::make_unique<Scratch>(pr.w_md.get_size());
    w_use = memory(pr.w_md, eng, w_buf->p);
    if (p.kind != DnnlConvKind::kBackwardWeights) pr.w_reorder.execute(strm, w_user_mem, w_use);
  }
  std::unordered_map<int, memory> args;
  switch (p.kind) {
    case DnnlConvKind::kForward:
      args = {{DNNL_ARG_SRC, a_use}, {DNNL_ARG_WEIGHTS, w_use}, {DNNL_ARG_DST, b_use}};
      break;
    case DnnlConvKind::kBackwardData:
      args = {{DNNL_ARG_DIFF_DST, a_use}, {DNNL_ARG_WEIGHTS, w_use}, {DNNL_ARG_DIFF_SRC, b_use}};
      break;
    case DnnlConvKind::kBackwardWeights:
      args = {{DNNL_ARG_SRC, a_use}, {DNNL_ARG_DIFF_DST, b_use}, {DNNL_ARG_DIFF_WEIGHTS, w_use}};
      break;
    case DnnlConvKind::kNone: return;
  }
  if (pr.scratch_bytes) args.emplace(DNNL_ARG_SCRATCHPAD, memory(pr.scratchpad_md, eng, scratch.p));
  if (p.bias)
    args.emplace(DNNL_ARG_BIAS, memory(memory::desc(Dims{p.b.dims[1]}, memory::data_type::f32, memory::format_tag::x),
                                       eng, const_cast<void*>(bias->storage->data())));
  pr.prim.execute(strm, args);
  if (b_is_output && pr.b_md != b_user) dnnl::reorder(b_use, b_mem).execute(strm, b_use, b_mem);
  if (p.kind == DnnlConvKind::kBackwardWeights && pr.reorder_w) pr.w_reorder.execute(strm, w_use, w_user_mem);
  strm.wait();
}

}  // namespace

DnnlConvKind dnnl_convolution_kind(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, const Tensor& out,
                                   std::string* impl, const ConvEpilogue& epilogue) {
  const Plan p = make_plan(lhs, rhs, dims, out, epilogue);
  if (p.kind == DnnlConvKind::kNone) return p.kind;
  try {
    auto pr = cache().get(p);
    if (!pr) return DnnlConvKind::kNone;
    if (impl) *impl = pr->impl;
  } catch (const dnnl::error&) {
    return DnnlConvKind::kNone;
  }
  return p.kind;
}

bool dnnl_convolution(const Tensor& lhs, const Tensor& rhs, const ir::ConvDims& dims, Tensor& out,
                      const ConvEpilogue& epilogue) {
  const Plan p = make_plan(lhs, rhs, dims, out, epilogue);
  if (p.kind == DnnlConvKind::kNone) return false;
  try {
    auto pr = cache().get(p);
    if (!pr) return false;
    run(p, *pr, lhs, rhs, out, epilogue.bias);
  } catch (const dnnl::error&) {
    return false;  // the caller's next kernel rewrites `out` completely
  }
  return true;
}

}  // namespace tsmlx::cpu::kernels
