// dot_general: both operands are first laid out as [batch, free, contract] (lhs) and
// [batch, contract, free] (rhs), then each batch is one matrix product: cblas_sgemm /
// cblas_dgemm for f32 / f64, plain loops for the other types (f16/bf16 accumulate in f32,
// integers wrap).
#include <cblas.h>

#include <climits>
#include <cstring>
#include <numeric>

#include "kernels/kernels.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

// Copies `t` into `buf` with its dimensions reordered as `order`; returns the data pointer
// (t's own data when `order` is the identity).
const void* canonical(const Tensor& t, const std::vector<int64_t>& order, std::vector<uint8_t>* buf) {
  bool identity = true;
  for (size_t i = 0; i < order.size(); ++i) identity &= order[i] == static_cast<int64_t>(i);
  if (identity) return t.storage->data();
  buf->resize(t.type.byte_size());
  std::vector<int64_t> in_strides = row_major_strides(t.type.dims);
  std::vector<int64_t> dims(order.size()), src_strides(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    dims[i] = t.type.dims[order[i]];
    src_strides[i] = in_strides[order[i]];
  }
  strided_copy(element_size(t.type.type), dims, t.storage->data(), src_strides, buf->data(), row_major_strides(dims));
  return buf->data();
}

std::vector<int64_t> free_dims(size_t rank, const std::vector<int64_t>& batch, const std::vector<int64_t>& contract) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < rank; ++i) {
    bool used = false;
    for (int64_t b : batch) used |= b == static_cast<int64_t>(i);
    for (int64_t c : contract) used |= c == static_cast<int64_t>(i);
    if (!used) out.push_back(static_cast<int64_t>(i));
  }
  return out;
}

int64_t product(const std::vector<int64_t>& dims, const std::vector<int64_t>& which) {
  int64_t p = 1;
  for (int64_t i : which) p *= dims[i];
  return p;
}

template <ElementType E>
void matmul_loops(const StorageT<E>* a, const StorageT<E>* b, StorageT<E>* c, int64_t m, int64_t n, int64_t k) {
  // Accumulate in the compute type (f32 for f16/bf16), wrapping for integers.
  using C = ComputeT<E>;
  std::vector<C> row(static_cast<size_t>(n));
  for (int64_t i = 0; i < m; ++i) {
    std::fill(row.begin(), row.end(), C(0));
    for (int64_t p = 0; p < k; ++p) {
      const C av = load<E>(a[i * k + p]);
      const StorageT<E>* brow = b + p * n;
      for (int64_t j = 0; j < n; ++j) row[j] = op_add<E>(row[j], op_mul<E>(av, load<E>(brow[j])));
    }
    for (int64_t j = 0; j < n; ++j) c[i * n + j] = store<E>(row[j]);
  }
}

}  // namespace

namespace {

bool is_float_type(ElementType t) {
  return t == ElementType::kF16 || t == ElementType::kBF16 || t == ElementType::kF32 || t == ElementType::kF64;
}

Tensor converted(const Tensor& t, ElementType to) {
  Tensor c{TensorType{to, t.type.dims}, Storage::allocate(TensorType{to, t.type.dims}.byte_size())};
  if (!c.storage) throw EngineError{kResourceExhausted, "cannot allocate a temporary of " + c.type.to_string()};
  convert(t, c);
  return c;
}

void dot_same_type(const Tensor& lhs, const Tensor& rhs, const ir::DotDims& dd, Tensor& out);

}  // namespace

void dot_general(const Tensor& lhs, const Tensor& rhs, const ir::DotDims& dd, Tensor& out) {
  const ElementType lt = lhs.type.type, rt = rhs.type.type, ot = out.type.type;
  if (lt == ot && rt == ot) return dot_same_type(lhs, rhs, dd, out);
  // Mixed precision: compute in f32 (f64 if any side is f64) or, for integers, i64; round once at the end.
  ElementType acc = ElementType::kS64;
  if (is_float_type(lt) || is_float_type(rt) || is_float_type(ot))
    acc = (lt == ElementType::kF64 || rt == ElementType::kF64 || ot == ElementType::kF64) ? ElementType::kF64
                                                                                          : ElementType::kF32;
  Tensor l = lt == acc ? lhs : converted(lhs, acc);
  Tensor r = rt == acc ? rhs : converted(rhs, acc);
  if (ot == acc) return dot_same_type(l, r, dd, out);
  Tensor wide{TensorType{acc, out.type.dims}, Storage::allocate(TensorType{acc, out.type.dims}.byte_size())};
  if (!wide.storage) throw EngineError{kResourceExhausted, "cannot allocate a temporary of " + wide.type.to_string()};
  dot_same_type(l, r, dd, wide);
  convert(wide, out);
}

namespace {

void dot_same_type(const Tensor& lhs, const Tensor& rhs, const ir::DotDims& dd, Tensor& out) {
  const auto& ld = lhs.type.dims;
  const auto& rd = rhs.type.dims;
  std::vector<int64_t> lfree = free_dims(ld.size(), dd.lhs_batch, dd.lhs_contract);
  std::vector<int64_t> rfree = free_dims(rd.size(), dd.rhs_batch, dd.rhs_contract);
  const int64_t batch = product(ld, dd.lhs_batch);
  const int64_t m = product(ld, lfree), n = product(rd, rfree), k = product(ld, dd.lhs_contract);
  const size_t es = element_size(out.type.type);
  std::memset(out.storage->data(), 0, out.type.byte_size());
  if (batch == 0 || m == 0 || n == 0 || k == 0) return;

  std::vector<int64_t> lorder = dd.lhs_batch;
  lorder.insert(lorder.end(), lfree.begin(), lfree.end());
  lorder.insert(lorder.end(), dd.lhs_contract.begin(), dd.lhs_contract.end());
  std::vector<int64_t> rorder = dd.rhs_batch;
  rorder.insert(rorder.end(), dd.rhs_contract.begin(), dd.rhs_contract.end());
  rorder.insert(rorder.end(), rfree.begin(), rfree.end());
  std::vector<uint8_t> lbuf, rbuf;
  const auto* a = static_cast<const uint8_t*>(canonical(lhs, lorder, &lbuf));
  const auto* b = static_cast<const uint8_t*>(canonical(rhs, rorder, &rbuf));
  auto* c = static_cast<uint8_t*>(out.storage->data());
  const bool blas_ok = m <= INT_MAX && n <= INT_MAX && k <= INT_MAX;

  for (int64_t bi = 0; bi < batch; ++bi) {
    const uint8_t* ab = a + bi * m * k * es;
    const uint8_t* bb = b + bi * k * n * es;
    uint8_t* cb = c + bi * m * n * es;
    if (out.type.type == ElementType::kF32 && blas_ok) {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
                  static_cast<int>(k), 1.0f, reinterpret_cast<const float*>(ab), static_cast<int>(k),
                  reinterpret_cast<const float*>(bb), static_cast<int>(n), 0.0f, reinterpret_cast<float*>(cb),
                  static_cast<int>(n));
    } else if (out.type.type == ElementType::kF64 && blas_ok) {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
                  static_cast<int>(k), 1.0, reinterpret_cast<const double*>(ab), static_cast<int>(k),
                  reinterpret_cast<const double*>(bb), static_cast<int>(n), 0.0, reinterpret_cast<double*>(cb),
                  static_cast<int>(n));
    } else {
      visit_type(out.type.type, [&](auto tag) {
        constexpr ElementType E = decltype(tag)::value;
        matmul_loops<E>(reinterpret_cast<const StorageT<E>*>(ab), reinterpret_cast<const StorageT<E>*>(bb),
                        reinterpret_cast<StorageT<E>*>(cb), m, n, k);
      });
    }
  }
}

}  // namespace
}  // namespace tsmlx::cpu::kernels
