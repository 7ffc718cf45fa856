// The CPU plugin's engine: StableHLO text in, a runnable Program out.
//
// This header is the only contract between the PJRT surface (native/cpu/api) and the
// compiler/runtime behind it (parser, ir, verifier, kernels). The api side never looks
// inside a Program; the engine side never sees a PJRT struct.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tsmlx::cpu {

// Element types. The numeric values equal PJRT_Buffer_Type.
enum class ElementType : int32_t {
  kInvalid = 0,
  kPred = 1,
  kS8 = 2,
  kS16 = 3,
  kS32 = 4,
  kS64 = 5,
  kU8 = 6,
  kU16 = 7,
  kU32 = 8,
  kU64 = 9,
  kF16 = 10,
  kF32 = 11,
  kF64 = 12,
  kBF16 = 13,
};

// Bytes per element; 0 for kInvalid or an unknown value.
size_t element_size(ElementType t);
// The MLIR spelling: "i1", "i8", "ui8", "f32", "bf16" ...; "invalid" otherwise.
const char* element_type_name(ElementType t);
// True for the types this plugin can hold (kPred .. kBF16).
bool is_supported(ElementType t);

// A ranked tensor type: element type and dimensions (row-major, dense).
struct TensorType {
  ElementType type = ElementType::kInvalid;
  std::vector<int64_t> dims;

  int64_t num_elements() const;
  size_t byte_size() const;
  // "tensor<2x3xf32>", "tensor<f32>" for a scalar.
  std::string to_string() const;
  bool operator==(const TensorType& o) const { return type == o.type && dims == o.dims; }
  bool operator!=(const TensorType& o) const { return !(*this == o); }
};

namespace runtime {
class StoragePool;
}

// Dense row-major bytes, 64-byte aligned. Shared so that a buffer can be handed to a
// program and read back without a copy. Thread-safe to read from several threads.
class Storage {
 public:
  // Allocates `bytes` bytes (0 allowed), zero-filled. Returns nullptr if allocation fails.
  static std::shared_ptr<Storage> allocate(size_t bytes);
  // Like allocate, but the bytes are left as they are: for results a kernel fully writes.
  // Example: auto s = Storage::allocate_uninitialized(64 * 4);
  static std::shared_ptr<Storage> allocate_uninitialized(size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() { return data_; }
  const void* data() const { return data_; }
  size_t size() const { return size_; }
  // Bytes actually held (size() rounded up to the 64-byte alignment, at least 64).
  size_t capacity() const { return capacity_; }

 private:
  friend class runtime::StoragePool;
  // A new Storage of `bytes` bytes, zero-filled when `zero`; nullptr when allocation fails.
  static Storage* create(size_t bytes, bool zero) noexcept;
  Storage(void* data, size_t size, size_t capacity) : data_(data), size_(size), capacity_(capacity) {}
  void* data_;
  size_t size_;
  size_t capacity_;
};

// A value: a type plus the storage that holds it (storage->size() >= type.byte_size()).
struct Tensor {
  TensorType type;
  std::shared_ptr<Storage> storage;
};

// An engine failure. `code` is a PJRT_Error_Code value (absl status codes):
// 3 INVALID_ARGUMENT for malformed input, 12 UNIMPLEMENTED for unsupported ops or
// types, 8 RESOURCE_EXHAUSTED for failed allocations, 13 INTERNAL otherwise.
// Messages name the op and, for parse errors, the line: "line 4: [stablehlo.add] ...".
struct Error {
  int code = 13;
  std::string message;
};

// A compiled module's entry function. Immutable after compile; run() may be called
// from several threads at once.
class Program {
 public:
  virtual ~Program() = default;
  // The module's name (from `module @name`), or "main" when it has none.
  virtual const std::string& name() const = 0;
  virtual const std::vector<TensorType>& parameter_types() const = 0;
  virtual const std::vector<TensorType>& result_types() const = 0;
  // Runs the entry function. `args` must match parameter_types() (checked; a mismatch is
  // an INVALID_ARGUMENT error naming the argument index and both types). On success
  // `results` holds one tensor per result type, none sharing storage with another result or
  // with an argument the caller still holds. An argument whose storage the caller gives up
  // (moves in, so that args[i].storage is its only owner) is donated: the run may update it
  // in place or return it as a result. Returns nullptr on success.
  // Example: program->run({x}, &out);  program->run(std::move(donated_args), &out);
  virtual std::unique_ptr<Error> run(std::vector<Tensor> args, std::vector<Tensor>* results) const = 0;
};

// Parses and verifies a StableHLO module in MLIR text form (the func/module in usual
// syntax, ops in generic or pretty form). Returns nullptr and sets *out on success.
std::unique_ptr<Error> compile_program(std::string_view text, std::unique_ptr<Program>* out);

}  // namespace tsmlx::cpu
