// gather, scatter, dynamic_slice and dynamic_update_slice.
#include <algorithm>
#include <cstring>
#include <limits>

#include "kernels/indexing.h"
#include "engine/numeric.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

bool contains(const std::vector<int64_t>& v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// All elements of an integer tensor as int64.
std::vector<int64_t> index_values(const Tensor& t) {
  std::vector<int64_t> v(static_cast<size_t>(t.type.num_elements()));
  visit_type(t.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if constexpr (kIsInt<E>) {
      const auto* p = static_cast<const StorageT<E>*>(t.storage->data());
      for (size_t i = 0; i < v.size(); ++i) {
        if constexpr (std::is_same_v<StorageT<E>, uint64_t>) {
          v[i] = p[i] > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                                   : static_cast<int64_t>(p[i]);
        } else {
          v[i] = static_cast<int64_t>(p[i]);
        }
      }
    } else {
      throw EngineError{kInternal, "index tensor is not an integer tensor"};
    }
  });
  return v;
}

// Calls f(pos) for every index `pos` of `dims` in row-major order (nothing when a dim is 0).
template <class F>
void for_each_index(const std::vector<int64_t>& dims, F f) {
  for (int64_t d : dims)
    if (d == 0) return;
  std::vector<int64_t> pos(dims.size(), 0);
  while (true) {
    f(pos);
    size_t k = dims.size();
    while (k > 0) {
      --k;
      if (++pos[k] < dims[k]) break;
      pos[k] = 0;
      if (k == 0) return;
    }
    if (dims.empty()) return;
  }
}

}  // namespace

int64_t scalar_index(const Tensor& t) { return index_values(t)[0]; }

void gather(const Tensor& x, const Tensor& indices, const ir::GatherDims& g, const std::vector<int64_t>& sizes,
            Tensor& out) {
  if (out.type.num_elements() == 0) return;
  const size_t es = element_size(x.type.type);
  const std::vector<int64_t>&xd = x.type.dims, &id = indices.type.dims, &od = out.type.dims;
  const int64_t xr = static_cast<int64_t>(xd.size()), ir_ = static_cast<int64_t>(id.size()),
                rr = static_cast<int64_t>(od.size());
  const std::vector<int64_t> xs = row_major_strides(xd), is = row_major_strides(id), os = row_major_strides(od);
  const std::vector<int64_t> idx = index_values(indices);
  // Result batch dims and the index dims they walk.
  std::vector<int64_t> batch_sizes, batch_dst, batch_src;
  for (int64_t d = 0; d < rr; ++d)
    if (!contains(g.offset_dims, d)) {
      batch_sizes.push_back(od[d]);
      batch_dst.push_back(os[d]);
    }
  for (int64_t d = 0; d < ir_; ++d)
    if (d != g.index_vector_dim) batch_src.push_back(is[d]);
  // The window: kept operand dims -> offset dims of the result.
  std::vector<int64_t> win, win_src, win_dst;
  size_t k = 0;
  for (int64_t d = 0; d < xr; ++d) {
    if (contains(g.collapsed_slice_dims, d) || contains(g.operand_batching_dims, d)) continue;
    win.push_back(sizes[d]);
    win_src.push_back(xs[d]);
    win_dst.push_back(os[g.offset_dims[k++]]);
  }
  const int64_t vec_stride = g.index_vector_dim < ir_ ? is[g.index_vector_dim] : 0;
  const auto* src = static_cast<const uint8_t*>(x.storage->data());
  auto* dst = static_cast<uint8_t*>(out.storage->data());
  for_each_index(batch_sizes, [&](const std::vector<int64_t>& b) {
    int64_t ibase = 0, obase = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      ibase += b[j] * batch_src[j];
      obase += b[j] * batch_dst[j];
    }
    int64_t off = 0;
    for (size_t j = 0; j < g.start_index_map.size(); ++j) {
      const int64_t d = g.start_index_map[j];
      int64_t v = idx[ibase + static_cast<int64_t>(j) * vec_stride];
      v = std::min(std::max<int64_t>(v, 0), xd[d] - sizes[d]);
      off += v * xs[d];
    }
    for (size_t j = 0; j < g.operand_batching_dims.size(); ++j) {
      const int64_t sd = g.start_indices_batching_dims[j];
      off += b[sd < g.index_vector_dim ? sd : sd - 1] * xs[g.operand_batching_dims[j]];
    }
    strided_copy(es, win, src + off * es, win_src, dst + obase * es, win_dst);
  });
}

namespace {

// Calls f(out_offset, update_offset) (in elements) for every update element whose target
// lies inside the input, in row-major update order.
template <class F>
void for_each_scatter(const std::vector<int64_t>& xd, const Tensor& indices, const std::vector<int64_t>& ud,
                      const ir::ScatterDims& s, F f) {
  const int64_t xr = static_cast<int64_t>(xd.size()), ir_ = static_cast<int64_t>(indices.type.dims.size()),
                ur = static_cast<int64_t>(ud.size());
  const std::vector<int64_t> xs = row_major_strides(xd), is = row_major_strides(indices.type.dims),
                             us = row_major_strides(ud);
  const std::vector<int64_t> idx = index_values(indices);
  std::vector<int64_t> sc_sizes, sc_ustride, sc_istride;
  for (int64_t d = 0; d < ur; ++d)
    if (!contains(s.update_window_dims, d)) {
      sc_sizes.push_back(ud[d]);
      sc_ustride.push_back(us[d]);
    }
  for (int64_t d = 0; d < ir_; ++d)
    if (d != s.index_vector_dim) sc_istride.push_back(is[d]);
  std::vector<int64_t> win, win_in, win_ustride;
  size_t k = 0;
  for (int64_t d = 0; d < xr; ++d) {
    if (contains(s.inserted_window_dims, d) || contains(s.input_batching_dims, d)) continue;
    const int64_t u = s.update_window_dims[k++];
    win.push_back(ud[u]);
    win_in.push_back(d);
    win_ustride.push_back(us[u]);
  }
  const int64_t vec_stride = s.index_vector_dim < ir_ ? is[s.index_vector_dim] : 0;
  std::vector<int64_t> start(xr);
  for_each_index(sc_sizes, [&](const std::vector<int64_t>& b) {
    int64_t ibase = 0, ubase = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      ibase += b[j] * sc_istride[j];
      ubase += b[j] * sc_ustride[j];
    }
    std::fill(start.begin(), start.end(), 0);
    for (size_t j = 0; j < s.scatter_dims_to_operand_dims.size(); ++j)
      start[s.scatter_dims_to_operand_dims[j]] += idx[ibase + static_cast<int64_t>(j) * vec_stride];
    for (size_t j = 0; j < s.input_batching_dims.size(); ++j) {
      const int64_t sd = s.scatter_indices_batching_dims[j];
      start[s.input_batching_dims[j]] += b[sd < s.index_vector_dim ? sd : sd - 1];
    }
    // Out-of-bounds along a dim without a window: the whole update window is skipped.
    int64_t obase = 0;
    for (int64_t d = 0; d < xr; ++d) {
      if (!contains(win_in, d)) {
        if (start[d] < 0 || start[d] >= xd[d]) return;
        obase += start[d] * xs[d];
      }
    }
    for_each_index(win, [&](const std::vector<int64_t>& w) {
      int64_t o = obase, u = ubase;
      for (size_t j = 0; j < w.size(); ++j) {
        const int64_t t = start[win_in[j]] + w[j];
        if (t < 0 || t >= xd[win_in[j]]) return;
        o += t * xs[win_in[j]];
        u += w[j] * win_ustride[j];
      }
      f(o, u);
    });
  });
}

}  // namespace

void scatter(const std::vector<const Tensor*>& inputs, const Tensor& indices, const std::vector<const Tensor*>& updates,
             const ir::ScatterDims& dims, bool replace, ir::OpKind fast, const ScalarBody& body,
             const std::vector<Tensor*>& outs) {
  const size_t n = inputs.size();
  for (size_t k = 0; k < n; ++k) {
    const size_t bytes = inputs[k]->type.byte_size();
    if (bytes) std::memcpy(outs[k]->storage->data(), inputs[k]->storage->data(), bytes);
  }
  const std::vector<int64_t>& xd = inputs[0]->type.dims;
  const std::vector<int64_t>& ud = updates[0]->type.dims;
  if (n == 1 && (replace || fast != ir::OpKind::kReturn)) {
    visit_type(inputs[0]->type.type, [&](auto tag) {
      constexpr ElementType E = decltype(tag)::value;
      auto* o = static_cast<StorageT<E>*>(outs[0]->storage->data());
      const auto* u = static_cast<const StorageT<E>*>(updates[0]->storage->data());
      if (replace) {
        for_each_scatter(xd, indices, ud, dims, [&](int64_t i, int64_t j) { o[i] = u[j]; });
        return;
      }
      with_binary<E>(fast, [&](auto fn) {
        for_each_scatter(xd, indices, ud, dims,
                         [&](int64_t i, int64_t j) { o[i] = store<E>(fn(load<E>(o[i]), load<E>(u[j]))); });
      });
    });
    return;
  }
  std::vector<size_t> es(n);
  for (size_t k = 0; k < n; ++k) es[k] = element_size(inputs[k]->type.type);
  std::vector<const void*> args(2 * n);
  std::vector<void*> results(n);
  for_each_scatter(xd, indices, ud, dims, [&](int64_t i, int64_t j) {
    for (size_t k = 0; k < n; ++k) {
      auto* o = static_cast<uint8_t*>(outs[k]->storage->data()) + i * es[k];
      args[k] = o;
      args[n + k] = static_cast<const uint8_t*>(updates[k]->storage->data()) + j * es[k];
      results[k] = o;
    }
    body(args.data(), results.data());
  });
}

void dynamic_slice(const Tensor& x, std::vector<int64_t> starts, Tensor& out) {
  if (out.type.num_elements() == 0) return;
  const size_t es = element_size(x.type.type);
  const std::vector<int64_t> xs = row_major_strides(x.type.dims);
  int64_t off = 0;
  for (size_t d = 0; d < starts.size(); ++d) {
    starts[d] = std::min(std::max<int64_t>(starts[d], 0), x.type.dims[d] - out.type.dims[d]);
    off += starts[d] * xs[d];
  }
  strided_copy(es, out.type.dims, static_cast<const uint8_t*>(x.storage->data()) + off * es, xs, out.storage->data(),
               row_major_strides(out.type.dims));
}

void dynamic_update_slice(const Tensor& x, const Tensor& update, std::vector<int64_t> starts, Tensor& out) {
  const size_t bytes = x.type.byte_size();
  // In place (the plan gave out the storage of x, which dies here): only the update is written.
  if (bytes && out.storage->data() != x.storage->data()) std::memcpy(out.storage->data(), x.storage->data(), bytes);
  if (update.type.num_elements() == 0) return;
  const size_t es = element_size(x.type.type);
  const std::vector<int64_t> xs = row_major_strides(x.type.dims);
  int64_t off = 0;
  for (size_t d = 0; d < starts.size(); ++d) {
    starts[d] = std::min(std::max<int64_t>(starts[d], 0), x.type.dims[d] - update.type.dims[d]);
    off += starts[d] * xs[d];
  }
  strided_copy(es, update.type.dims, update.storage->data(), row_major_strides(update.type.dims),
               static_cast<uint8_t*>(out.storage->data()) + off * es, xs);
}

}  // namespace tsmlx::cpu::kernels
