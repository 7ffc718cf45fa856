// StoragePool: idle buffers kept by capacity; the shared_ptr deleter brings them back.
#include "runtime/pool.h"

#include <cstring>

namespace tsmlx::cpu::runtime {

std::shared_ptr<StoragePool> StoragePool::make(size_t max_bytes) {
  return std::shared_ptr<StoragePool>(new StoragePool(max_bytes));
}

StoragePool::~StoragePool() {
  for (auto& [cap, list] : idle_)
    for (Storage* s : list) delete s;
}

std::shared_ptr<Storage> StoragePool::get(size_t bytes, bool zero) {
  constexpr size_t kAlign = 64;
  if (bytes > SIZE_MAX - kAlign) return nullptr;
  size_t cap = (bytes + kAlign - 1) / kAlign * kAlign;
  if (cap == 0) cap = kAlign;
  Storage* s = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = idle_.find(cap);
    if (it != idle_.end() && !it->second.empty()) {
      s = it->second.back();
      it->second.pop_back();
      idle_bytes_ -= cap;
    }
  }
  if (s != nullptr) {
    s->size_ = bytes;
    if (zero) std::memset(s->data(), 0, cap);
  } else {
    s = Storage::create(bytes, zero);
    if (s == nullptr) return nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    ++created_;
  }
  std::weak_ptr<StoragePool> home = weak_from_this();
  try {
    return std::shared_ptr<Storage>(s, [home](Storage* p) {
      if (auto pool = home.lock()) {
        pool->give_back(p);
      } else {
        delete p;
      }
    });
  } catch (...) {
    delete s;
    return nullptr;
  }
}

void StoragePool::give_back(Storage* s) noexcept {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_bytes_ + s->capacity() <= max_bytes_) {
      try {
        idle_[s->capacity()].push_back(s);
        idle_bytes_ += s->capacity();
        return;
      } catch (...) {
      }
    }
  }
  delete s;
}

size_t StoragePool::idle_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_bytes_;
}

size_t StoragePool::created() const {
  std::lock_guard<std::mutex> lock(mu_);
  return created_;
}

}  // namespace tsmlx::cpu::runtime
