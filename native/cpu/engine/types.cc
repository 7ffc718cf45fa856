// Helpers declared in engine.h: element sizes and names, tensor types, aligned storage.
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/engine.h"

namespace tsmlx::cpu {

size_t element_size(ElementType t) {
  switch (t) {
    case ElementType::kPred:
    case ElementType::kS8:
    case ElementType::kU8:
      return 1;
    case ElementType::kS16:
    case ElementType::kU16:
    case ElementType::kF16:
    case ElementType::kBF16:
      return 2;
    case ElementType::kS32:
    case ElementType::kU32:
    case ElementType::kF32:
      return 4;
    case ElementType::kS64:
    case ElementType::kU64:
    case ElementType::kF64:
      return 8;
    default:
      return 0;
  }
}

const char* element_type_name(ElementType t) {
  switch (t) {
    case ElementType::kPred: return "i1";
    case ElementType::kS8: return "i8";
    case ElementType::kS16: return "i16";
    case ElementType::kS32: return "i32";
    case ElementType::kS64: return "i64";
    case ElementType::kU8: return "ui8";
    case ElementType::kU16: return "ui16";
    case ElementType::kU32: return "ui32";
    case ElementType::kU64: return "ui64";
    case ElementType::kF16: return "f16";
    case ElementType::kF32: return "f32";
    case ElementType::kF64: return "f64";
    case ElementType::kBF16: return "bf16";
    default: return "invalid";
  }
}

bool is_supported(ElementType t) { return element_size(t) != 0; }

int64_t TensorType::num_elements() const {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

size_t TensorType::byte_size() const { return static_cast<size_t>(num_elements()) * element_size(type); }

std::string TensorType::to_string() const {
  std::string s = "tensor<";
  for (int64_t d : dims) {
    s += std::to_string(d);
    s += 'x';
  }
  s += element_type_name(type);
  s += '>';
  return s;
}

Storage* Storage::create(size_t bytes, bool zero) noexcept {
  constexpr size_t kAlign = 64;
  if (bytes > SIZE_MAX - kAlign) return nullptr;
  size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
  if (rounded == 0) rounded = kAlign;
  void* p = std::aligned_alloc(kAlign, rounded);
  if (p == nullptr) return nullptr;
  if (zero) std::memset(p, 0, rounded);
  Storage* s = new (std::nothrow) Storage(p, bytes, rounded);
  if (s == nullptr) std::free(p);
  return s;
}

namespace {
std::shared_ptr<Storage> share(Storage* s) {
  if (s == nullptr) return nullptr;
  try {
    return std::shared_ptr<Storage>(s);  // deletes s itself if it throws
  } catch (...) {
    return nullptr;
  }
}
}  // namespace

std::shared_ptr<Storage> Storage::allocate(size_t bytes) { return share(create(bytes, true)); }

std::shared_ptr<Storage> Storage::allocate_uninitialized(size_t bytes) { return share(create(bytes, false)); }

Storage::~Storage() { std::free(data_); }

}  // namespace tsmlx::cpu
