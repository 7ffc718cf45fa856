// A libFuzzer target for the CPU plugin's engine: every input is MLIR text handed to
// compile_program (parser, verifier, planner), which must return a program or an error and
// never crash, hang or leak. With TSMLX_FUZZ_EXECUTE=1 a program that compiles is also run
// on zero-filled arguments (inputs of at most 1 MiB in all), stopped through its CancelToken
// after 50 ms, so that loops that never end cost one time slice, not a hang.
//
// Built by `make build/fuzz_compile` with clang's -fsanitize=fuzzer,address,undefined on the
// parser, verifier and IR (the rest of the engine is linked as built); run by
// test/native/cpu/fuzz.test.ts for a fixed short time, and longer by `make fuzz-long`.
//
// Example: TSMLX_FUZZ_EXECUTE=1 build/fuzz_compile -max_total_time=60 corpus/ test/ops/golden/
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/cancel.h"
#include "engine/engine.h"

namespace {

bool g_execute = false;
constexpr size_t kMaxArgumentBytes = size_t{1} << 20;
constexpr auto kRunLimit = std::chrono::milliseconds(50);

// Runs `program` on zeros with a watchdog that cancels it after kRunLimit.
void run_bounded(const tsmlx::cpu::Program& program) {
  size_t bytes = 0;
  for (const auto& t : program.parameter_types()) {
    if (t.num_elements() < 0) return;
    bytes += t.byte_size();
    if (bytes > kMaxArgumentBytes) return;
  }
  std::vector<tsmlx::cpu::Tensor> args;
  for (const auto& t : program.parameter_types()) {
    tsmlx::cpu::Tensor a;
    a.type = t;
    a.storage = tsmlx::cpu::Storage::allocate(t.byte_size());
    if (!a.storage) return;
    args.push_back(std::move(a));
  }
  tsmlx::cpu::CancelToken token;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, kRunLimit, [&] { return done; })) token.cancel(4, "[fuzz] time limit");
  });
  {
    tsmlx::cpu::CancelScope scope(&token);
    std::vector<tsmlx::cpu::Tensor> results;
    program.run(std::move(args), &results);
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_one();
  watchdog.join();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* e = std::getenv("TSMLX_FUZZ_EXECUTE");
  g_execute = e != nullptr && std::strcmp(e, "1") == 0;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<tsmlx::cpu::Program> program;
  std::unique_ptr<tsmlx::cpu::Error> err = tsmlx::cpu::compile_program(text, &program);
  if (err) {
    // An error always says what is wrong.
    if (err->message.empty()) std::abort();
    return 0;
  }
  if (!program) std::abort();  // neither an error nor a program
  if (g_execute) run_bounded(*program);
  return 0;
}
