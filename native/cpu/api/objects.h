// The objects behind the CPU plugin's opaque PJRT handles, and the helpers every entry
// point uses: errors, argument checks, and the guard that keeps C++ exceptions inside.
//
// Example: `PJRT_Error* e = tsmlx::api::make_error(PJRT_Error_Code_INVALID_ARGUMENT, "bad");`
#pragma once

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "engine/cancel.h"
#include "engine/engine.h"
#include "pjrt_abi.h"

// ---------------------------------------------------------------- handle types

struct PJRT_Error {
  PJRT_Error_Code code;
  std::string message;
};

namespace tsmlx::api {

// The shared state of an event: set once, then observed by any number of PJRT_Events.
class EventState {
 public:
  // Marks the event done; `code` OK means success. Runs the registered callbacks.
  void set(PJRT_Error_Code code, std::string message);
  bool is_ready();
  // Blocks until set; returns the error to hand out (nullptr on success).
  PJRT_Error* wait();
  // Runs `cb` once the event is set (at once if it already is).
  void on_ready(PJRT_Event_OnReadyCallback cb, void* user_arg);

 private:
  PJRT_Error* error_copy_locked() const;
  std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false;
  PJRT_Error_Code code_ = PJRT_Error_Code_OK;
  std::string message_;
  std::vector<std::pair<PJRT_Event_OnReadyCallback, void*>> callbacks_;
};

}  // namespace tsmlx::api

struct PJRT_Event {
  std::shared_ptr<tsmlx::api::EventState> state;
};

struct PJRT_DeviceDescription {
  int id = 0;
  int process_index = 0;
  std::string kind;
  std::string debug_string;
  std::string to_string;
};

struct PJRT_Memory {
  PJRT_Client* client = nullptr;
  int id = 0;
  int kind_id = 0;
  std::string kind;
  std::string debug_string;
  std::string to_string;
  std::vector<PJRT_Device*> devices;
};

struct PJRT_Device {
  PJRT_Client* client = nullptr;
  PJRT_DeviceDescription description;
  int local_hardware_id = 0;
  PJRT_Memory* default_memory = nullptr;
  std::vector<PJRT_Memory*> memories;
};

namespace tsmlx::api {

// An Execute in progress: what PJRT_Device_PoisonExecution finds by device and launch_id.
struct RunningExecution {
  PJRT_Device* device = nullptr;
  int launch_id = 0;
  cpu::CancelToken cancel;
};

}  // namespace tsmlx::api

struct PJRT_Client {
  // Executions running now, oldest first (each registered by LoadedExecutable_Execute).
  std::mutex runs_mu;
  std::list<tsmlx::api::RunningExecution*> runs;
  std::string platform_name;
  std::string platform_version;
  std::vector<std::unique_ptr<PJRT_Device>> owned_devices;
  std::vector<std::unique_ptr<PJRT_Memory>> owned_memories;
  std::vector<PJRT_Device*> devices;
  std::vector<PJRT_Memory*> memories;
};

namespace tsmlx::api {

// What the executables know about a compiled program, shared by the loaded and unloaded
// handles (PJRT hands out both for the same program).
struct CompiledProgram {
  std::shared_ptr<const cpu::Program> program;
  std::string name;
  std::vector<PJRT_Buffer_Type> output_types;
  std::vector<int64_t> output_dims;  // concatenated
  std::vector<size_t> output_ranks;
  std::vector<const char*> output_memory_kinds;
  std::vector<size_t> output_memory_kind_sizes;
};

}  // namespace tsmlx::api

struct PJRT_Executable {
  std::shared_ptr<const tsmlx::api::CompiledProgram> compiled;
};

struct PJRT_LoadedExecutable {
  PJRT_Client* client = nullptr;
  std::mutex mu;
  std::shared_ptr<const tsmlx::api::CompiledProgram> compiled;  // null once deleted
};

struct PJRT_Buffer {
  PJRT_Client* client = nullptr;
  PJRT_Device* device = nullptr;
  tsmlx::cpu::TensorType type;
  std::vector<int64_t> dims;  // same as type.dims; kept for the API's lifetime rules
  std::mutex mu;
  std::shared_ptr<tsmlx::cpu::Storage> storage;  // null once deleted
};

namespace tsmlx::api {

// A new error; the caller of the PJRT entry point frees it with PJRT_Error_Destroy.
PJRT_Error* make_error(PJRT_Error_Code code, std::string message);
// UNIMPLEMENTED, naming the entry point: "PJRT_Client_DmaMap is not implemented by ...".
PJRT_Error* unimplemented(const char* function);
// A new event that is already set (to success, or to the given error).
PJRT_Event* ready_event(PJRT_Error_Code code = PJRT_Error_Code_OK, std::string message = {});
// The PJRT_Error_Code for an engine error code (anything unknown becomes INTERNAL).
PJRT_Error_Code to_pjrt_code(int code);

// Checks `args` is present and its struct_size covers the `needed` bytes this plugin reads.
PJRT_Error* check_args(const void* args, size_t struct_size, size_t needed, const char* function);

// Runs `body`, turning any escaping C++ exception into a PJRT error.
template <class F>
PJRT_Error* guarded(const char* function, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return make_error(PJRT_Error_Code_RESOURCE_EXHAUSTED, std::string(function) + ": out of memory");
  } catch (const std::exception& e) {
    return make_error(PJRT_Error_Code_INTERNAL, std::string(function) + ": " + e.what());
  } catch (...) {
    return make_error(PJRT_Error_Code_INTERNAL, std::string(function) + ": unknown failure");
  }
}

}  // namespace tsmlx::api

// Validates `args` against the struct's size and returns an INVALID_ARGUMENT error from
// the enclosing entry point when it is short or NULL.
#define TSMLX_CHECK_ARGS(args, Type, function)                                                     \
  do {                                                                                             \
    if (PJRT_Error* tsmlx_err_ = ::tsmlx::api::check_args(                                         \
            (args), (args) ? (args)->struct_size : 0, Type##_STRUCT_SIZE, (function)))             \
      return tsmlx_err_;                                                                           \
  } while (0)

// Returns INVALID_ARGUMENT from the enclosing entry point when `ptr` is NULL.
#define TSMLX_REQUIRE(ptr, function, what)                                                         \
  do {                                                                                             \
    if ((ptr) == nullptr)                                                                          \
      return ::tsmlx::api::make_error(PJRT_Error_Code_INVALID_ARGUMENT,                            \
                                      std::string(function) + ": " + (what) + " is NULL");         \
  } while (0)
