// Elementwise kernels: convert, unary and binary math, compare, select, clamp.
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/parallel.h"
#include "kernels/kernels.h"
#include "kernels/scalar_ops.h"
#include "kernels/unary_ops.h"

namespace tsmlx::cpu::kernels {
namespace {

template <ElementType E>
const StorageT<E>* in_ptr(const Tensor& t) {
  return static_cast<const StorageT<E>*>(t.storage->data());
}
template <ElementType E>
StorageT<E>* out_ptr(Tensor& t) {
  return static_cast<StorageT<E>*>(t.storage->data());
}

// Elements per parallel chunk: below this a loop runs on the calling thread alone.
constexpr int64_t kGrain = 1 << 16;

// ---- unary ----
template <ElementType E, class F>
void unary_loop(const Tensor& in, Tensor& out, F f) {
  const auto* a = in_ptr<E>(in);
  auto* o = out_ptr<E>(out);
  parallel_for(in.type.num_elements(), kGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) o[i] = store<E>(f(load<E>(a[i])));
  });
}

template <ElementType E>
void unary_typed(ir::OpKind kind, const Tensor& in, Tensor& out) {
  if constexpr (E == ElementType::kF32) {
    const float* a = in_ptr<E>(in);
    float* o = out_ptr<E>(out);
    if (unary_f32(kind, a, o, 0)) {  // a kind the array functions cover: run them chunk by chunk
      parallel_for(in.type.num_elements(), kGrain, [&](int64_t b, int64_t e) { unary_f32(kind, a + b, o + b, e - b); });
      return;
    }
  }
  if (with_unary<E>(kind, [&](auto fn) { unary_loop<E>(in, out, fn); })) return;
  throw EngineError{kInternal, std::string("[") + ir::op_name(kind) + "] unsupported for " +
                                   element_type_name(in.type.type)};
}

// ---- compare ----

template <class K, class Get>
void compare_range(ir::CompareDir dir, int64_t lo, int64_t n, Get get, uint8_t* o) {
  using ir::CompareDir;
  switch (dir) {
    case CompareDir::kEQ: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a == b; } break;
    case CompareDir::kNE: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a != b; } break;
    case CompareDir::kGE: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a >= b; } break;
    case CompareDir::kGT: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a > b; } break;
    case CompareDir::kLE: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a <= b; } break;
    case CompareDir::kLT: for (int64_t i = lo; i < n; ++i) { auto [a, b] = get(i); o[i] = a < b; } break;
  }
}

template <class K, class Get>
void compare_loop(ir::CompareDir dir, int64_t n, Get get, uint8_t* o) {
  parallel_for(n, kGrain, [&](int64_t b, int64_t e) { compare_range<K>(dir, b, e, get, o); });
}

// ---- select / clamp helpers ----
template <class T>
void select_loop(const uint8_t* p, bool scalar_pred, const T* t, const T* f, T* o, int64_t n) {
  if (scalar_pred) {
    const T* src = p[0] ? t : f;
    if (src != o) std::memcpy(o, src, static_cast<size_t>(n) * sizeof(T));
    return;
  }
  // Bitwise blend (predicates are 0 or 1): no branch to mispredict on a random mask.
  parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const T m = static_cast<T>(T(0) - static_cast<T>(p[i] != 0));
      o[i] = static_cast<T>((t[i] & m) | (f[i] & static_cast<T>(~m)));
    }
  });
}

}  // namespace

void constant(const Tensor& value, Tensor& out) {
  size_t n = out.type.byte_size();
  if (n) std::memcpy(out.storage->data(), value.storage->data(), n);
}

void iota(int64_t axis, Tensor& out) {
  const auto& d = out.type.dims;
  int64_t outer = 1, inner = 1, len = d[axis];
  for (int64_t i = 0; i < axis; ++i) outer *= d[i];
  for (size_t i = axis + 1; i < d.size(); ++i) inner *= d[i];
  visit_type(out.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    auto* o = out_ptr<E>(out);
    for (int64_t a = 0; a < len; ++a) {
      StorageT<E> v;
      if constexpr (kIsFloat<E>) v = from_double<E>(static_cast<double>(a));
      else v = static_cast<StorageT<E>>(a);
      for (int64_t x = 0; x < outer; ++x)
        for (int64_t i = 0; i < inner; ++i) o[(x * len + a) * inner + i] = v;
    }
  });
}

void convert(const Tensor& in, Tensor& out) {
  const int64_t n = in.type.num_elements();
  visit_type(in.type.type, [&](auto tin) {
    constexpr ElementType EI = decltype(tin)::value;
    visit_type(out.type.type, [&](auto tout) {
      constexpr ElementType EO = decltype(tout)::value;
      const auto* a = in_ptr<EI>(in);
      auto* o = out_ptr<EO>(out);
      parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) o[i] = convert_one<EI, EO>(a[i]);
      });
    });
  });
}

void unary(ir::OpKind kind, const Tensor& in, Tensor& out) {
  visit_type(in.type.type, [&](auto tag) { unary_typed<decltype(tag)::value>(kind, in, out); });
}

void binary(ir::OpKind kind, const Tensor& a, const Tensor& b, Tensor& out) {
  const int64_t n = a.type.num_elements();
  visit_type(a.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    const auto* x = in_ptr<E>(a);
    const auto* y = in_ptr<E>(b);
    auto* o = out_ptr<E>(out);
    with_binary<E>(kind, [&](auto fn) {
      parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) o[i] = store<E>(fn(load<E>(x[i]), load<E>(y[i])));
      });
    });
  });
}

void compare(ir::CompareDir dir, ir::CompareType type, const Tensor& a, const Tensor& b, Tensor& out) {
  const int64_t n = a.type.num_elements();
  auto* o = static_cast<uint8_t*>(out.storage->data());
  visit_type(a.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    const auto* x = in_ptr<E>(a);
    const auto* y = in_ptr<E>(b);
    if constexpr (kIsFloat<E>) {
      if (type == ir::CompareType::kTotalOrder) {
        compare_loop<int64_t>(dir, n, [&](int64_t i) {
          return std::pair<int64_t, int64_t>(total_order_key<E>(x[i]), total_order_key<E>(y[i]));
        }, o);
        return;
      }
    }
    compare_loop<ComputeT<E>>(dir, n, [&](int64_t i) {
      return std::pair<ComputeT<E>, ComputeT<E>>(load<E>(x[i]), load<E>(y[i]));
    }, o);
  });
}

void select(const Tensor& pred, const Tensor& on_true, const Tensor& on_false, Tensor& out) {
  const int64_t n = out.type.num_elements();
  const auto* p = static_cast<const uint8_t*>(pred.storage->data());
  const bool scalar = pred.type.dims.empty() && !out.type.dims.empty();
  const void* t = on_true.storage->data();
  const void* f = on_false.storage->data();
  void* o = out.storage->data();
  switch (element_size(out.type.type)) {
    case 1: return select_loop(p, scalar, static_cast<const uint8_t*>(t), static_cast<const uint8_t*>(f), static_cast<uint8_t*>(o), n);
    case 2: return select_loop(p, scalar, static_cast<const uint16_t*>(t), static_cast<const uint16_t*>(f), static_cast<uint16_t*>(o), n);
    case 4: return select_loop(p, scalar, static_cast<const uint32_t*>(t), static_cast<const uint32_t*>(f), static_cast<uint32_t*>(o), n);
    default: return select_loop(p, scalar, static_cast<const uint64_t*>(t), static_cast<const uint64_t*>(f), static_cast<uint64_t*>(o), n);
  }
}

void clamp(const Tensor& lo, const Tensor& x, const Tensor& hi, Tensor& out) {
  const int64_t n = x.type.num_elements();
  const int64_t lo_step = lo.type.num_elements() == n && !lo.type.dims.empty() ? 1 : 0;
  const int64_t hi_step = hi.type.num_elements() == n && !hi.type.dims.empty() ? 1 : 0;
  visit_type(x.type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    const auto* l = in_ptr<E>(lo);
    const auto* v = in_ptr<E>(x);
    const auto* h = in_ptr<E>(hi);
    auto* o = out_ptr<E>(out);
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        o[i] = store<E>(op_min<E>(op_max<E>(load<E>(v[i]), load<E>(l[i * lo_step])), load<E>(h[i * hi_step])));
    });
  });
}

}  // namespace tsmlx::cpu::kernels
