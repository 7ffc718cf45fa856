// reduce's fast paths for one operand and a one-op body (fast_reduce.h).
//
// Layout. Size-1 dims are dropped and neighbouring dims that are both reduced or both kept
// are merged; what is left must be [A, M, C] -> [A, C] with M reduced (any of A, M, C may be
// 1). Two loops cover it:
//   columns (C > 1): output (a, c) combines x[a, 0, c], x[a, 1, c], ... ; the loops run across
//            c, so they vectorise (the bias gradient [N*H*W, C] -> [C] is this case).
//   rows (C == 1): output a combines the contiguous row x[a, 0..M) with kLanes independent
//            accumulators (softmax and loss rows; [M] -> [] is A == 1).
//
// Order of combination. Integer and boolean ops give the same result in any order, and
// maximum/minimum give the reference's exact bits (below), so only floating-point add
// rounds differently from reduce_sequential. Its order depends on the shape alone, never on
// the thread count, so results are the same run to run and for any TSMLX_NUM_THREADS:
//   columns: if C >= kWideColumns or M <= R = ceil(kBlock / C), each output is init then its M
//            inputs in increasing order, as in reduce_sequential. Otherwise the M rows are cut
//            into blocks of R rows; block 0 starts from init, every later block from its own
//            first row, each combines its rows in increasing order, and the block results are
//            then combined in increasing block order (((B0 + B1) + B2) + ...).
//   rows:    rows shorter than kMinLaneRow are init then their elements in increasing order.
//            Longer rows are cut into blocks of kBlock elements. In a block, lane l combines
//            elements l, l + kLanes, l + 2 kLanes, ... in increasing order (a last partial group
//            goes to lanes 0, 1, ...), then the lanes fold as a tree (lane l with l + 8, then
//            l + 4, l + 2, l + 1); a last block shorter than kLanes is combined in order from
//            its first element. The row's result is init, then the blocks in increasing order.
// Blocked sums are also more accurate than one long chain: the rounding error of a sum grows
// with the longest chain of additions, here about R + M / R (columns) or
// kBlock / kLanes + M / kBlock (rows) instead of M.
//
// Maximum and minimum: the reference keeps the *last* input that equals the extremum (so
// which of +0 and -0) and the *first* NaN. Combining contiguous blocks in increasing order
// keeps both, so the columns loop is bit-exact as it stands. Lanes interleave, so the rows
// loop recomputes sequentially any result that is ±0 or NaN (the only values that have
// several encodings comparing alike). Float multiply and 16-bit floats (which round every
// step) are left to the sequential kernel.
#include "kernels/fast_reduce.h"

#include <algorithm>
#include <vector>

#include "engine/parallel.h"
#include "engine/numeric.h"
#include "kernels/scalar_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

constexpr int64_t kLanes = 16;              // accumulators of a row
constexpr int64_t kMinLaneRow = 2 * kLanes;  // shorter rows are summed in order
constexpr int64_t kBlock = 16384;           // elements per block (fixes the order)
constexpr int64_t kWideColumns = 1024;      // from here columns keep the sequential order
constexpr int64_t kGrain = 1 << 16;         // elements per parallel chunk

// [A, M, C] -> [A, C] with M reduced, after dropping size-1 dims and merging neighbours.
struct Layout {
  int64_t a = 1, m = 1, c = 1;
};

bool collapse(const std::vector<int64_t>& dims, const std::vector<int64_t>& reduce_dims, Layout* l) {
  std::vector<bool> reduced(dims.size(), false);
  for (int64_t d : reduce_dims) {
    if (d < 0 || d >= static_cast<int64_t>(dims.size())) return false;
    reduced[d] = true;
  }
  std::vector<std::pair<int64_t, bool>> groups;  // (size, reduced)
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] <= 0) return false;  // empty: the sequential kernel writes init
    if (dims[i] == 1) continue;
    if (!groups.empty() && groups.back().second == reduced[i]) groups.back().first *= dims[i];
    else groups.emplace_back(dims[i], reduced[i]);
  }
  if (groups.size() == 1 && !groups[0].second) {
    l->c = groups[0].first;  // nothing reduced: out = op(init, x)
    return true;
  }
  size_t k = 0;
  if (k < groups.size() && !groups[k].second) l->a = groups[k++].first;
  if (k < groups.size() && groups[k].second) l->m = groups[k++].first;
  if (k < groups.size() && !groups[k].second) l->c = groups[k++].first;
  return k == groups.size();  // all dims of size 1: A = M = C = 1
}

// Partial results of the blocks, one buffer per call.
template <class T>
using Scratch = std::vector<T>;

// Columns: out[a, c] = x[a, 0, c] (+) x[a, 1, c] (+) ... starting from init.
template <class T, class F>
void columns(const T* x, T init, const Layout& l, F fn, T* out) {
  const int64_t A = l.a, M = l.m, C = l.c;
  const int64_t rows_per_block = (kBlock + C - 1) / C;
  const int64_t nb = (M + rows_per_block - 1) / rows_per_block;
  if (nb == 1 || C >= kWideColumns) {
    // Split over outputs only: chunks of w columns, each walking all M rows in order (the
    // order does not depend on w). Wide columns: one chunk per thread, in whole cache lines,
    // at most 4096 columns so that its accumulators stay in L1. Narrow columns stay in one
    // chunk: then the input is at most a block.
    int64_t w = C;
    if (C >= kWideColumns) {
      const int64_t per_thread = (C + num_threads() - 1) / num_threads();
      w = std::clamp<int64_t>((per_thread + 15) / 16 * 16, 256, 4096);
    }
    const int64_t chunks = (C + w - 1) / w;
    const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, M * std::min(w, C)));
    parallel_for(A * chunks, grain, [&](int64_t b, int64_t e) {
      for (int64_t t = b; t < e; ++t) {
        const int64_t a = t / chunks, c0 = (t % chunks) * w, c1 = std::min(C, c0 + w);
        T* acc = out + a * C;
        const T* xa = x + a * M * C;
        for (int64_t c = c0; c < c1; ++c) acc[c] = init;
        for (int64_t r = 0; r < M; ++r) {
          const T* row = xa + r * C;
#pragma omp simd
          for (int64_t c = c0; c < c1; ++c) acc[c] = fn(acc[c], row[c]);
        }
      }
    });
    return;
  }
  Scratch<T> part(static_cast<size_t>(A * nb * C));
  const int64_t grain = std::max<int64_t>(1, kGrain / (rows_per_block * C));
  parallel_for(A * nb, grain, [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t a = t / nb, k = t % nb;
      const int64_t r0 = k * rows_per_block, r1 = std::min(M, r0 + rows_per_block);
      T* acc = part.data() + t * C;
      const T* xa = x + a * M * C;
      int64_t r = r0;
      if (k == 0) {
        for (int64_t c = 0; c < C; ++c) acc[c] = init;
      } else {
        std::copy(xa + r0 * C, xa + (r0 + 1) * C, acc);
        ++r;
      }
      for (; r < r1; ++r) {
        const T* row = xa + r * C;
#pragma omp simd
        for (int64_t c = 0; c < C; ++c) acc[c] = fn(acc[c], row[c]);
      }
    }
  });
  const int64_t cgrain = std::max<int64_t>(1, kGrain / (nb * C));
  parallel_for(A, cgrain, [&](int64_t b, int64_t e) {
    for (int64_t a = b; a < e; ++a) {
      T* o = out + a * C;
      const T* p = part.data() + a * nb * C;
      std::copy(p, p + C, o);
      for (int64_t k = 1; k < nb; ++k) {
        const T* q = p + k * C;
#pragma omp simd
        for (int64_t c = 0; c < C; ++c) o[c] = fn(o[c], q[c]);
      }
    }
  });
}

// init then x[0..n) in order.
template <class T, class F>
T sequential(const T* x, int64_t n, T init, F fn) {
  T acc = init;
  for (int64_t i = 0; i < n; ++i) acc = fn(acc, x[i]);
  return acc;
}

// One block of a row (n >= 1) in the lane order described at the top.
template <class T, class F>
T block(const T* x, int64_t n, F fn) {
  if (n < kLanes) return sequential(x + 1, n - 1, x[0], fn);
  T acc[kLanes];
  for (int64_t j = 0; j < kLanes; ++j) acc[j] = x[j];
  int64_t i = kLanes;
  for (; i + kLanes <= n; i += kLanes) {
    for (int64_t j = 0; j < kLanes; ++j) acc[j] = fn(acc[j], x[i + j]);
  }
  for (int64_t j = 0; i + j < n; ++j) acc[j] = fn(acc[j], x[i + j]);
  for (int64_t w = kLanes / 2; w >= 1; w /= 2) {
    for (int64_t j = 0; j < w; ++j) acc[j] = fn(acc[j], acc[j + w]);
  }
  return acc[0];
}

// Rows: out[a] = init (+) x[a, 0] (+) ... (+) x[a, M - 1] in the lane order; `redo(v)` says
// when a result must be recomputed in order.
template <class T, class F, class Redo>
void rows(const T* x, T init, const Layout& l, F fn, Redo redo, T* out) {
  const int64_t A = l.a, M = l.m;
  if (M < kMinLaneRow) {
    parallel_for(A, std::max<int64_t>(1, kGrain / M), [&](int64_t b, int64_t e) {
      for (int64_t a = b; a < e; ++a) out[a] = sequential(x + a * M, M, init, fn);
    });
    return;
  }
  const int64_t nb = (M + kBlock - 1) / kBlock;
  auto finish = [&](int64_t a, T v) { out[a] = redo(v) ? sequential(x + a * M, M, init, fn) : v; };
  if (nb == 1) {
    parallel_for(A, std::max<int64_t>(1, kGrain / M), [&](int64_t b, int64_t e) {
      for (int64_t a = b; a < e; ++a) finish(a, fn(init, block(x + a * M, M, fn)));
    });
    return;
  }
  Scratch<T> part(static_cast<size_t>(A * nb));
  parallel_for(A * nb, std::max<int64_t>(1, kGrain / kBlock), [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t a = t / nb, k = t % nb;
      const int64_t i0 = k * kBlock, i1 = std::min(M, i0 + kBlock);
      part[t] = block(x + a * M + i0, i1 - i0, fn);
    }
  });
  parallel_for(A, std::max<int64_t>(1, kGrain / M), [&](int64_t b, int64_t e) {
    for (int64_t a = b; a < e; ++a) finish(a, sequential(part.data() + a * nb, nb, init, fn));
  });
}

template <class T, class F, class Redo>
void run(const T* x, T init, const Layout& l, F fn, Redo redo, T* out) {
  if (l.c == 1) rows(x, init, l, fn, redo, out);
  else columns(x, init, l, fn, out);
}

}  // namespace

bool fast_reduce(const Tensor& in, const Tensor& init, const std::vector<int64_t>& dims, ir::OpKind op, Tensor& out) {
  using ir::OpKind;
  Layout l;
  if (!collapse(in.type.dims, dims, &l)) return false;
  return visit_type(in.type.type, [&](auto tag) -> bool {
    constexpr ElementType E = decltype(tag)::value;
    using T = StorageT<E>;
    if constexpr (E == ElementType::kF16 || E == ElementType::kBF16) {
      return false;
    } else {
      const T* x = static_cast<const T*>(in.storage->data());
      T* o = static_cast<T*>(out.storage->data());
      const T start = *static_cast<const T*>(init.storage->data());
      auto never = [](T) { return false; };
      if constexpr (kIsFloat<E>) {
        // Selects rather than branches so that the loops vectorise; same results as op_max/op_min.
        auto zero_or_nan = [](T v) { return v == T(0) || v != v; };
        switch (op) {
          case OpKind::kAdd: run(x, start, l, [](T a, T b) { return a + b; }, never, o); return true;
          case OpKind::kMaximum:
            run(x, start, l,
                [](T a, T b) {
                  T m = a > b ? a : b;
                  m = b != b ? b : m;
                  return a != a ? a : m;
                },
                zero_or_nan, o);
            return true;
          case OpKind::kMinimum:
            run(x, start, l,
                [](T a, T b) {
                  T m = a < b ? a : b;
                  m = b != b ? b : m;
                  return a != a ? a : m;
                },
                zero_or_nan, o);
            return true;
          default: return false;
        }
      } else {
        switch (op) {
          case OpKind::kAdd: run(x, start, l, [](T a, T b) { return op_add<E>(a, b); }, never, o); return true;
          case OpKind::kMultiply: run(x, start, l, [](T a, T b) { return op_mul<E>(a, b); }, never, o); return true;
          case OpKind::kMaximum: run(x, start, l, [](T a, T b) { return op_max<E>(a, b); }, never, o); return true;
          case OpKind::kMinimum: run(x, start, l, [](T a, T b) { return op_min<E>(a, b); }, never, o); return true;
          case OpKind::kAnd: run(x, start, l, [](T a, T b) { return op_and<E>(a, b); }, never, o); return true;
          case OpKind::kOr: run(x, start, l, [](T a, T b) { return op_or<E>(a, b); }, never, o); return true;
          default: return false;
        }
      }
    }
  });
}

}  // namespace tsmlx::cpu::kernels
