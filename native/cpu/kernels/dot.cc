// dot_general as batched matrix products that read the operands where they lie. After
// grouping, each operand is per batch a matrix (lhs: free x contract, rhs: contract x free)
// whose rows and columns are each one evenly strided block of dims; when either block has
// unit stride the matrix is row-major in one orientation or the other, and the transpose
// goes into the GEMM call (trans flag, leading dimension, per-batch offsets) instead of a
// copy. Only an operand whose dims cannot be grouped so is first copied into
// [batch, rows, cols] order. f32/f64 run on OpenBLAS (cblas_sgemm/cblas_dgemm through engine/blas.h; measured
// against oneDNN's dnnl_sgemm in bench/gemm_libs.cc), single-threaded inside the plugin's
// pool: a large product is split into blocks of rows or columns, one per pool thread, and
// many small products of a batch run side by side, each on one thread. The other types run
// on plain loops (f16/bf16 accumulate in f32, integers wrap).
#include <algorithm>
#include <climits>
#include <cstring>
#include <numeric>
#include <type_traits>

#include "engine/blas.h"
#include "engine/parallel.h"
#include "kernels/kernels.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

// One operand as a matrix per batch: element (r, c) of batch b is
// base[batch_offset[b] + r * row_stride + c * col_stride] (offsets and strides in elements).
struct MatrixView {
  const void* base = nullptr;
  std::vector<int64_t> batch_offset;
  int64_t rows = 1, cols = 1, row_stride = 1, col_stride = 1;
  bool trans = false;  // BLAS orientation: false = rows of `cols` unit-stride elements
  int64_t ld = 1;      // BLAS leading dimension for that orientation
};

// Size and stride of `axes` taken as one index (first axis slowest); false when they do
// not form one evenly strided block. Size-1 axes do not matter and are skipped.
bool merge(const std::vector<int64_t>& dims, const std::vector<int64_t>& strides, const std::vector<int64_t>& axes,
           int64_t* size, int64_t* stride) {
  *size = 1;
  *stride = 1;
  int64_t prev = -1;
  for (int64_t a : axes) {
    if (dims[a] == 1) continue;
    if (prev >= 0 && strides[prev] != dims[a] * strides[a]) return false;
    *size *= dims[a];
    prev = a;
  }
  if (prev >= 0) *stride = strides[prev];
  return true;
}

// Offsets (in elements) of each batch, batch index running over `axes` last-fastest.
std::vector<int64_t> batch_offsets(const std::vector<int64_t>& dims, const std::vector<int64_t>& strides,
                                   const std::vector<int64_t>& axes) {
  std::vector<int64_t> out{0};
  for (int64_t a : axes) {
    std::vector<int64_t> next;
    next.reserve(out.size() * dims[a]);
    for (int64_t o : out)
      for (int64_t i = 0; i < dims[a]; ++i) next.push_back(o + i * strides[a]);
    out.swap(next);
  }
  return out;
}

// Picks the BLAS orientation of `v`: NoTrans when its columns have unit stride, Trans when
// its rows do (the matrix is then stored transposed). False when neither holds.
bool orient(MatrixView* v) {
  if ((v->cols == 1 || v->col_stride == 1) && (v->rows == 1 || v->row_stride >= v->cols)) {
    v->trans = false;
    v->ld = v->rows == 1 ? v->cols : v->row_stride;
    return true;
  }
  if ((v->rows == 1 || v->row_stride == 1) && (v->cols == 1 || v->col_stride >= v->rows)) {
    v->trans = true;
    v->ld = v->cols == 1 ? v->rows : v->col_stride;
    return true;
  }
  return false;
}

// `t` seen in place as a matrix per batch over (batch, row, col) axes; false when it cannot be.
bool view_in_place(const Tensor& t, const std::vector<int64_t>& batch, const std::vector<int64_t>& row_axes,
                   const std::vector<int64_t>& col_axes, MatrixView* v) {
  const std::vector<int64_t>& dims = t.type.dims;
  const std::vector<int64_t> strides = row_major_strides(dims);
  if (!merge(dims, strides, row_axes, &v->rows, &v->row_stride) ||
      !merge(dims, strides, col_axes, &v->cols, &v->col_stride) || !orient(v))
    return false;
  v->base = t.storage->data();
  v->batch_offset = batch_offsets(dims, strides, batch);
  return true;
}

// `t` copied into `buf` as [batch..., row axes..., col axes...], then seen as a matrix per batch.
MatrixView view_copied(const Tensor& t, const std::vector<int64_t>& batch, const std::vector<int64_t>& row_axes,
                       const std::vector<int64_t>& col_axes, std::vector<uint8_t>* buf) {
  std::vector<int64_t> order = batch;
  order.insert(order.end(), row_axes.begin(), row_axes.end());
  order.insert(order.end(), col_axes.begin(), col_axes.end());
  const std::vector<int64_t>& dims = t.type.dims;
  const std::vector<int64_t> in_strides = row_major_strides(dims);
  std::vector<int64_t> pdims(order.size()), src_strides(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    pdims[i] = dims[order[i]];
    src_strides[i] = in_strides[order[i]];
  }
  buf->resize(t.type.byte_size());
  strided_copy(element_size(t.type.type), pdims, t.storage->data(), src_strides, buf->data(),
               row_major_strides(pdims));
  MatrixView v;
  v.base = buf->data();
  for (int64_t a : row_axes) v.rows *= dims[a];
  for (int64_t a : col_axes) v.cols *= dims[a];
  v.row_stride = v.cols;
  v.col_stride = 1;
  orient(&v);
  int64_t nb = 1;
  for (int64_t a : batch) nb *= dims[a];
  v.batch_offset.resize(nb);
  for (int64_t b = 0; b < nb; ++b) v.batch_offset[b] = b * v.rows * v.cols;
  return v;
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

// c[i, j] = sum_p a(i, p) b(p, j) for rows [r0, r1) of one batch, through the views' strides.
template <ElementType E>
void matmul_loops(const StorageT<E>* a, const MatrixView& av, const StorageT<E>* b, const MatrixView& bv,
                  StorageT<E>* c, int64_t n, int64_t k, int64_t r0, int64_t r1) {
  // Accumulate in the compute type (f32 for f16/bf16), wrapping for integers.
  using C = ComputeT<E>;
  std::vector<C> row(static_cast<size_t>(n));
  for (int64_t i = r0; i < r1; ++i) {
    std::fill(row.begin(), row.end(), C(0));
    for (int64_t p = 0; p < k; ++p) {
      const C x = load<E>(a[i * av.row_stride + p * av.col_stride]);
      const StorageT<E>* brow = b + p * bv.row_stride;
      const int64_t bs = bv.col_stride;
      for (int64_t j = 0; j < n; ++j) row[j] = op_add<E>(row[j], op_mul<E>(x, load<E>(brow[j * bs])));
    }
    for (int64_t j = 0; j < n; ++j) c[i * n + j] = store<E>(row[j]);
  }
}

// Products of at most this many multiply-adds run side by side, one per pool thread: OpenBLAS
// (0.3.x) computes a product with m * n * k <= 65536 * 4 on the calling thread, so such calls
// from several pool threads at once never meet in its own thread pool.
constexpr int64_t kSmallProduct = int64_t{64} * 64 * 64;

// Products run side by side go to the pool in chunks of at least this many multiply-adds:
// waking a pool thread costs tens of microseconds (more on a loaded machine), as much as ~256K
// multiply-adds on one core, so a batch of small products below that (one decoded token's
// attention over a cache of hundreds of positions) runs on the calling thread.
constexpr int64_t kSideBySideGrain = int64_t{1} << 18;

// Products with m or n of 1 and at least this many multiply-adds go to gemv: a matrix-vector
// product reads the matrix once where gemm would first pack (copy) it.
constexpr int64_t kGemvMin = int64_t{1} << 16;

// Products of at least this many multiply-adds are split into one block of rows (or columns)
// per pool thread, each a single-threaded BLAS call: OpenBLAS runs on one thread inside the
// plugin's pool (threads.cc), so its own workers never spin beside oneDNN's.
constexpr int64_t kSplitMin = int64_t{1} << 18;

// c (m x n, leading dimension ldc) = op(a) op(b) on the calling thread.
template <typename T>
void gemm_block(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
                int64_t ldb, T* c, int64_t ldc) {
  const auto to = [](bool t) { return t ? CblasTrans : CblasNoTrans; };
  const int im = static_cast<int>(m), in = static_cast<int>(n), ik = static_cast<int>(k);
  if constexpr (std::is_same_v<T, float>)
    blas().sgemm(CblasRowMajor, to(ta), to(tb), im, in, ik, 1.0f, a, static_cast<int>(lda), b, static_cast<int>(ldb),
                0.0f, c, static_cast<int>(ldc));
  else
    blas().dgemm(CblasRowMajor, to(ta), to(tb), im, in, ik, 1.0, a, static_cast<int>(lda), b, static_cast<int>(ldb),
                0.0, c, static_cast<int>(ldc));
}

// c (m x n, row-major) = op(a) op(b); a large product runs as blocks of rows of c (or of
// columns when there are fewer rows than threads) on the pool.
template <typename T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
          T* c, bool split) {
  const int64_t threads = num_threads();
  if (!split || threads < 2 || m * n * k < kSplitMin) return gemm_block(ta, tb, m, n, k, a, lda, b, ldb, c, n);
  if (m >= 8 * threads) {
    // Rows m0..m1 of op(a): a stored [m, k] starts at row m0; stored [k, m] at column m0.
    parallel_for(m, 8, [&](int64_t m0, int64_t m1) {
      gemm_block(ta, tb, m1 - m0, n, k, ta ? a + m0 : a + m0 * lda, lda, b, ldb, c + m0 * n, n);
    });
  } else {
    // Columns n0..n1 of op(b): b stored [k, n] starts at column n0; stored [n, k] at row n0.
    parallel_for(n, 16, [&](int64_t n0, int64_t n1) {
      gemm_block(ta, tb, m, n1 - n0, k, a, lda, tb ? b + n0 * ldb : b + n0, ldb, c + n0, n);
    });
  }
}

// y = op(A) x for row-major A of rows x cols (leading dimension lda), op = transpose when `t`.
template <typename T>
void gemv_block(bool t, int64_t rows, int64_t cols, const T* a, int64_t lda, const T* x, int64_t incx, T* y) {
  const auto tr = t ? CblasTrans : CblasNoTrans;
  if constexpr (std::is_same_v<T, float>)
    blas().sgemv(CblasRowMajor, tr, static_cast<int>(rows), static_cast<int>(cols), 1.0f, a, static_cast<int>(lda),
                x, static_cast<int>(incx), 0.0f, y, 1);
  else
    blas().dgemv(CblasRowMajor, tr, static_cast<int>(rows), static_cast<int>(cols), 1.0, a, static_cast<int>(lda), x,
                static_cast<int>(incx), 0.0, y, 1);
}

// As gemv_block; a large product runs as blocks of y on the pool.
template <typename T>
void gemv(bool t, int64_t rows, int64_t cols, const T* a, int64_t lda, const T* x, int64_t incx, T* y, bool split) {
  if (!split || num_threads() < 2 || rows * cols < kSplitMin) return gemv_block(t, rows, cols, a, lda, x, incx, y);
  if (!t) {
    // y = A x: rows r0..r1 of A give y[r0..r1].
    parallel_for(rows, 64, [&](int64_t r0, int64_t r1) { gemv_block(false, r1 - r0, cols, a + r0 * lda, lda, x, incx, y + r0); });
  } else {
    // y = Aᵀ x: columns c0..c1 of A give y[c0..c1].
    parallel_for(cols, 64, [&](int64_t c0, int64_t c1) { gemv_block(true, rows, c1 - c0, a + c0, lda, x, incx, y + c0); });
  }
}

// One batch's c[m, n] = a(m x k) b(k x n) through OpenBLAS, the operands as their views say.
// `outside_pool` (the call is not already one of several running side by side on the pool)
// allows splitting a large product across the pool.
template <typename T>
void blas_product(const MatrixView& av, const T* a, const MatrixView& bv, const T* b, T* c, int64_t m, int64_t n,
                  int64_t k, bool outside_pool) {
  const bool gemv_size = m * n * k >= kGemvMin;
  const bool split = outside_pool;
  if (gemv_size && m == 1) {
    // c = bᵀ-product with a's row as the vector (stride along k: a's column stride).
    if (bv.trans)  // b stored [n, k]
      gemv<T>(false, n, k, b, bv.ld, a, av.col_stride, c, split);
    else  // b stored [k, n]
      gemv<T>(true, k, n, b, bv.ld, a, av.col_stride, c, split);
  } else if (gemv_size && n == 1) {
    // c = a times b's column (stride along k: b's row stride).
    if (av.trans)  // a stored [k, m]
      gemv<T>(true, k, m, a, av.ld, b, bv.row_stride, c, split);
    else
      gemv<T>(false, m, k, a, av.ld, b, bv.row_stride, c, split);
  } else {
    gemm<T>(av.trans, bv.trans, m, n, k, a, av.ld, b, bv.ld, c, outside_pool);
  }
}

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
  const std::vector<int64_t> lfree = free_dims(ld.size(), dd.lhs_batch, dd.lhs_contract);
  const std::vector<int64_t> rfree = free_dims(rd.size(), dd.rhs_batch, dd.rhs_contract);
  int64_t batch = 1, m = 1, n = 1, k = 1;
  for (int64_t a : dd.lhs_batch) batch *= ld[a];
  for (int64_t a : lfree) m *= ld[a];
  for (int64_t a : rfree) n *= rd[a];
  for (int64_t a : dd.lhs_contract) k *= ld[a];
  if (batch == 0 || m == 0 || n == 0 || k == 0) {
    std::memset(out.storage->data(), 0, out.type.byte_size());
    return;
  }

  // The contracting dims pair up position by position; any common reordering of both lists
  // is the same product. Try the order in which they lie in the lhs, then in the rhs, and
  // keep the one that leaves fewer operands to copy.
  const size_t nc = dd.lhs_contract.size();
  std::vector<size_t> by_lhs(nc), by_rhs(nc);
  std::iota(by_lhs.begin(), by_lhs.end(), 0);
  std::iota(by_rhs.begin(), by_rhs.end(), 0);
  std::sort(by_lhs.begin(), by_lhs.end(), [&](size_t x, size_t y) { return dd.lhs_contract[x] < dd.lhs_contract[y]; });
  std::sort(by_rhs.begin(), by_rhs.end(), [&](size_t x, size_t y) { return dd.rhs_contract[x] < dd.rhs_contract[y]; });
  MatrixView av, bv;
  bool a_ok = false, b_ok = false;
  std::vector<int64_t> lc(nc), rc(nc);
  for (const auto* perm : {&by_lhs, &by_rhs}) {
    std::vector<int64_t> plc(nc), prc(nc);
    for (size_t i = 0; i < nc; ++i) {
      plc[i] = dd.lhs_contract[(*perm)[i]];
      prc[i] = dd.rhs_contract[(*perm)[i]];
    }
    MatrixView pa, pb;
    const bool pa_ok = view_in_place(lhs, dd.lhs_batch, lfree, plc, &pa);
    const bool pb_ok = view_in_place(rhs, dd.rhs_batch, prc, rfree, &pb);
    if (perm == &by_lhs || int(pa_ok) + int(pb_ok) > int(a_ok) + int(b_ok)) {
      av = pa, bv = pb, a_ok = pa_ok, b_ok = pb_ok, lc = plc, rc = prc;
    }
    if (a_ok && b_ok) break;
  }
  std::vector<uint8_t> abuf, bbuf;
  if (!a_ok) av = view_copied(lhs, dd.lhs_batch, lfree, lc, &abuf);
  if (!b_ok) bv = view_copied(rhs, dd.rhs_batch, rc, rfree, &bbuf);

  auto* c = static_cast<uint8_t*>(out.storage->data());
  const ElementType et = out.type.type;
  // Side by side when each product is small, or when the batch shares out evenly over the
  // threads (one pool region for all, each product a whole single-threaded GEMM: the heads of
  // an attention); otherwise one GEMM at a time, each on all threads.
  const int64_t threads = num_threads();
  const bool side_by_side =
      batch >= 2 && (m * n * k <= kSmallProduct || (batch >= threads && batch % threads == 0) || batch >= 4 * threads);
  auto for_batches = [&](auto&& one) {
    if (side_by_side)  // chunks of at least kSideBySideGrain multiply-adds: tiny batches stay on one thread
      parallel_for(batch, kSideBySideGrain / (m * n * k) + 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b) one(b);
      });
    else
      for (int64_t b = 0; b < batch; ++b) one(b);
  };

  const bool blas_ok = m <= INT_MAX && n <= INT_MAX && k <= INT_MAX && av.ld <= INT_MAX && bv.ld <= INT_MAX &&
                       av.col_stride <= INT_MAX && bv.row_stride <= INT_MAX;
  if ((et == ElementType::kF32 || et == ElementType::kF64) && blas_ok) {
    auto run = [&](auto zero) {
      using T = decltype(zero);
      const auto* a = static_cast<const T*>(av.base);
      const auto* bp = static_cast<const T*>(bv.base);
      auto* ct = reinterpret_cast<T*>(c);
      for_batches([&](int64_t b) { 
        blas_product<T>(av, a + av.batch_offset[b], bv, bp + bv.batch_offset[b], ct + b * m * n, m, n, k, !side_by_side);
      });
    };
    if (et == ElementType::kF32)
      run(0.0f);
    else
      run(0.0);
    return;
  }
  visit_type(et, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    using T = StorageT<E>;
    const auto* a = static_cast<const T*>(av.base);
    const auto* bp = static_cast<const T*>(bv.base);
    auto* ct = reinterpret_cast<T*>(c);
    // Parallel over (batch, block of rows); every block writes its own rows of the result.
    const int64_t rows_per = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, n * k));
    const int64_t blocks = (m + rows_per - 1) / rows_per;
    parallel_for(batch * blocks, 1, [&](int64_t w0, int64_t w1) {
      for (int64_t w = w0; w < w1; ++w) {
        const int64_t b = w / blocks, r0 = (w % blocks) * rows_per, r1 = std::min(m, r0 + rows_per);
        matmul_loops<E>(a + av.batch_offset[b], av, bp + bv.batch_offset[b], bv, ct + b * m * n, n, k, r0, r1);
      }
    });
  });
}

}  // namespace
}  // namespace tsmlx::cpu::kernels
