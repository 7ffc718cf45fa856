// A pool of Storage buffers recycled by capacity, so that a program run many times
// allocates (and page-faults) nothing in the steady state.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"

namespace tsmlx::cpu::runtime {

// Hands out Storage whose last owner, wherever it lives (a run's value table, a PJRT
// buffer on the JS thread), returns it here instead of freeing it. Holds at most
// `max_bytes` of idle buffers; the rest are freed. Thread-safe. Storages outlive the pool
// safely (they are freed normally once it is gone).
// Example: auto pool = StoragePool::make(1 << 30); auto s = pool->get(4096, /*zero=*/false);
class StoragePool : public std::enable_shared_from_this<StoragePool> {
 public:
  // A pool keeping at most `max_bytes` idle.
  static std::shared_ptr<StoragePool> make(size_t max_bytes);
  ~StoragePool();
  StoragePool(const StoragePool&) = delete;
  StoragePool& operator=(const StoragePool&) = delete;

  // A buffer of `bytes` bytes (zero-filled when `zero`), recycled when one of the same
  // capacity is idle. nullptr when memory is exhausted.
  std::shared_ptr<Storage> get(size_t bytes, bool zero);
  // Bytes held idle now (for tests and diagnostics).
  size_t idle_bytes() const;
  // Buffers created by this pool so far (recycled ones are not counted again).
  size_t created() const;

 private:
  explicit StoragePool(size_t max_bytes) : max_bytes_(max_bytes) {}
  void give_back(Storage* s) noexcept;

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<size_t, std::vector<Storage*>> idle_;  // by capacity
  size_t idle_bytes_ = 0;
  size_t created_ = 0;
};

}  // namespace tsmlx::cpu::runtime
