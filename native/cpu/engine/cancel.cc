// CancelToken, CancelScope and check_cancelled (engine/cancel.h).
#include "engine/cancel.h"

#include <utility>

#include "engine/status.h"

namespace tsmlx::cpu {
namespace {

thread_local const CancelToken* t_token = nullptr;

}  // namespace

bool CancelToken::cancel(int code, std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (requested_.load(std::memory_order_relaxed)) return false;
  code_ = code;
  message_ = std::move(message);
  requested_.store(true, std::memory_order_release);
  return true;
}

int CancelToken::code() const {
  std::lock_guard<std::mutex> lock(mu_);
  return code_;
}

std::string CancelToken::message() const {
  std::lock_guard<std::mutex> lock(mu_);
  return message_;
}

CancelScope::CancelScope(const CancelToken* token) : previous_(t_token) { t_token = token; }

CancelScope::~CancelScope() { t_token = previous_; }

void check_cancelled() {
  const CancelToken* t = t_token;
  if (t != nullptr && t->cancelled()) throw EngineError{t->code(), t->message()};
}

}  // namespace tsmlx::cpu
