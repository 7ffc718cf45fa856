// Data movement kernels: broadcast_in_dim, reshape, transpose, slice, concatenate, pad.
// They move elements by size only, so one instantiation per element width serves all types.
#include <algorithm>
#include <cstring>

#include "engine/parallel.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {
namespace {

// Elements per parallel chunk: smaller copies run on the calling thread alone.
constexpr int64_t kGrain = 1 << 16;

// Copies rows [rb, re) of the block (a row = one run along the last dimension).
template <class T>
void copy_rows(const std::vector<int64_t>& dims, const T* src, const std::vector<int64_t>& ss, T* dst,
               const std::vector<int64_t>& ds, int64_t rb, int64_t re) {
  const size_t r = dims.size();
  const int64_t inner = dims[r - 1], s_in = ss[r - 1], d_in = ds[r - 1];
  // The multi-index of row rb over all but the last dimension.
  std::vector<int64_t> idx(r, 0);
  int64_t rem = rb, so = 0, dof = 0;
  for (size_t k = r - 1; k-- > 0;) {
    idx[k] = rem % dims[k];
    rem /= dims[k];
    so += idx[k] * ss[k];
    dof += idx[k] * ds[k];
  }
  for (int64_t row = rb; row < re; ++row) {
    const T* s = src + so;
    T* d = dst + dof;
    if (s_in == 1 && d_in == 1) {
      std::memcpy(d, s, static_cast<size_t>(inner) * sizeof(T));
    } else if (s_in == 0 && d_in == 1) {
      const T v = *s;
      for (int64_t i = 0; i < inner; ++i) d[i] = v;
    } else {
      for (int64_t i = 0; i < inner; ++i) d[i * d_in] = s[i * s_in];
    }
    // Advance the odometer over all but the last dimension.
    for (size_t k = r - 1; k-- > 0;) {
      so += ss[k];
      dof += ds[k];
      if (++idx[k] < dims[k]) break;
      so -= ss[k] * dims[k];
      dof -= ds[k] * dims[k];
      idx[k] = 0;
    }
  }
}

template <class T>
void strided_copy_t(const std::vector<int64_t>& dims, const T* src, const std::vector<int64_t>& ss, T* dst,
                    const std::vector<int64_t>& ds) {
  const size_t r = dims.size();
  for (int64_t d : dims)
    if (d == 0) return;
  if (r == 0) {
    *dst = *src;
    return;
  }
  int64_t rows = 1;
  for (size_t k = 0; k + 1 < r; ++k) rows *= dims[k];
  const int64_t grain = std::max<int64_t>(1, kGrain / dims[r - 1]);
  parallel_for(rows, grain, [&](int64_t rb, int64_t re) { copy_rows(dims, src, ss, dst, ds, rb, re); });
}

template <class T>
void fill_t(T* d, T v, int64_t n) {
  parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) d[i] = v;
  });
}

void fill(void* dst, const void* value, size_t elem_size, int64_t n) {
  switch (elem_size) {
    case 1: return fill_t(static_cast<uint8_t*>(dst), *static_cast<const uint8_t*>(value), n);
    case 2: {
      uint16_t v;
      std::memcpy(&v, value, 2);
      return fill_t(static_cast<uint16_t*>(dst), v, n);
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, value, 4);
      return fill_t(static_cast<uint32_t*>(dst), v, n);
    }
    default: {
      uint64_t v;
      std::memcpy(&v, value, 8);
      return fill_t(static_cast<uint64_t*>(dst), v, n);
    }
  }
}

}  // namespace

std::vector<int64_t> row_major_strides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
  return s;
}

void strided_copy(size_t elem_size, const std::vector<int64_t>& dims, const void* src,
                  const std::vector<int64_t>& src_strides, void* dst, const std::vector<int64_t>& dst_strides) {
  switch (elem_size) {
    case 1:
      return strided_copy_t(dims, static_cast<const uint8_t*>(src), src_strides, static_cast<uint8_t*>(dst), dst_strides);
    case 2:
      return strided_copy_t(dims, static_cast<const uint16_t*>(src), src_strides, static_cast<uint16_t*>(dst),
                            dst_strides);
    case 4:
      return strided_copy_t(dims, static_cast<const uint32_t*>(src), src_strides, static_cast<uint32_t*>(dst),
                            dst_strides);
    default:
      return strided_copy_t(dims, static_cast<const uint64_t*>(src), src_strides, static_cast<uint64_t*>(dst),
                            dst_strides);
  }
}

void broadcast_in_dim(const Tensor& in, const std::vector<int64_t>& dims, Tensor& out) {
  std::vector<int64_t> in_strides = row_major_strides(in.type.dims);
  std::vector<int64_t> src_strides(out.type.dims.size(), 0);
  for (size_t i = 0; i < dims.size(); ++i)
    if (in.type.dims[i] != 1) src_strides[dims[i]] = in_strides[i];
  strided_copy(element_size(in.type.type), out.type.dims, in.storage->data(), src_strides, out.storage->data(),
               row_major_strides(out.type.dims));
}

void reshape(const Tensor& in, Tensor& out) {
  size_t n = out.type.byte_size();
  if (n) std::memcpy(out.storage->data(), in.storage->data(), n);
}

void transpose(const Tensor& in, const std::vector<int64_t>& perm, Tensor& out) {
  std::vector<int64_t> in_strides = row_major_strides(in.type.dims);
  std::vector<int64_t> src_strides(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) src_strides[i] = in_strides[perm[i]];
  strided_copy(element_size(in.type.type), out.type.dims, in.storage->data(), src_strides, out.storage->data(),
               row_major_strides(out.type.dims));
}

void slice(const Tensor& in, const std::vector<int64_t>& starts, const std::vector<int64_t>& strides, Tensor& out) {
  if (out.type.num_elements() == 0) return;
  const size_t es = element_size(in.type.type);
  std::vector<int64_t> in_strides = row_major_strides(in.type.dims);
  std::vector<int64_t> src_strides(starts.size());
  int64_t offset = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    offset += starts[i] * in_strides[i];
    src_strides[i] = in_strides[i] * strides[i];
  }
  strided_copy(es, out.type.dims, static_cast<const uint8_t*>(in.storage->data()) + offset * es, src_strides,
               out.storage->data(), row_major_strides(out.type.dims));
}

void concatenate(const std::vector<const Tensor*>& ins, int64_t axis, Tensor& out) {
  const size_t es = element_size(out.type.type);
  std::vector<int64_t> out_strides = row_major_strides(out.type.dims);
  int64_t pos = 0;
  for (const Tensor* t : ins) {
    if (t->type.num_elements() > 0) {
      strided_copy(es, t->type.dims, t->storage->data(), row_major_strides(t->type.dims),
                   static_cast<uint8_t*>(out.storage->data()) + pos * out_strides[axis] * es, out_strides);
    }
    pos += t->type.dims[axis];
  }
}

void pad(const Tensor& in, const Tensor& value, const std::vector<int64_t>& low, const std::vector<int64_t>& interior,
         Tensor& out) {
  const size_t es = element_size(out.type.type);
  fill(out.storage->data(), value.storage->data(), es, out.type.num_elements());
  const size_t r = in.type.dims.size();
  std::vector<int64_t> in_strides = row_major_strides(in.type.dims);
  std::vector<int64_t> out_strides = row_major_strides(out.type.dims);
  std::vector<int64_t> counts(r), src_strides(r), dst_strides(r);
  int64_t src_off = 0, dst_off = 0;
  for (size_t i = 0; i < r; ++i) {
    const int64_t step = interior[i] + 1, d = in.type.dims[i], od = out.type.dims[i];
    // Operand element k lands at low + k*step; keep those inside [0, od).
    int64_t k0 = low[i] >= 0 ? 0 : (-low[i] + step - 1) / step;
    int64_t k1 = od - 1 - low[i] < 0 ? -1 : (od - 1 - low[i]) / step;
    if (k1 > d - 1) k1 = d - 1;
    counts[i] = k1 >= k0 ? k1 - k0 + 1 : 0;
    if (counts[i] == 0) return;
    src_off += k0 * in_strides[i];
    dst_off += (low[i] + k0 * step) * out_strides[i];
    src_strides[i] = in_strides[i];
    dst_strides[i] = step * out_strides[i];
  }
  strided_copy(es, counts, static_cast<const uint8_t*>(in.storage->data()) + src_off * es, src_strides,
               static_cast<uint8_t*>(out.storage->data()) + dst_off * es, dst_strides);
}

}  // namespace tsmlx::cpu::kernels
