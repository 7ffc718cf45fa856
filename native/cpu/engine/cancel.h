// Stopping a run from another thread. Whoever calls Program::run may install a CancelToken for
// the calling thread (CancelScope); the run checks it between steps, between the ops of a
// region and between the iterations of a while loop (check_cancelled), and ends with the
// token's error once it is cancelled. A kernel that is running finishes first: cancellation
// takes effect at the next check.
//
// Example:
//   CancelToken token;                       // shared with the thread that may cancel
//   { CancelScope scope(&token); program->run(args, &out); }
//   token.cancel(1, "[execute] cancelled");  // from another thread: run() returns that error soon
#pragma once

#include <atomic>
#include <mutex>
#include <string>

namespace tsmlx::cpu {

// A request to stop, set once. Thread-safe.
class CancelToken {
 public:
  // Asks the run to stop with `code` (a PJRT_Error_Code) and `message`; false if it was asked already.
  bool cancel(int code, std::string message);
  bool cancelled() const { return requested_.load(std::memory_order_acquire); }
  // The code and message given to cancel() (1 CANCELLED and "" before).
  int code() const;
  std::string message() const;

 private:
  mutable std::mutex mu_;
  std::atomic<bool> requested_{false};
  int code_ = 1;
  std::string message_;
};

// Makes `token` the calling thread's token for as long as the scope lives (scopes nest).
class CancelScope {
 public:
  explicit CancelScope(const CancelToken* token);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  const CancelToken* previous_;
};

// Throws EngineError{code, message} of the calling thread's token once it is cancelled; does
// nothing without a token. Costs one thread-local and one atomic load.
void check_cancelled();

}  // namespace tsmlx::cpu
