// PJRT errors, events and plugin-level entry points of the CPU plugin.
#include <cstring>

#include "api/entries.h"
#include "api/objects.h"
#include "engine/parallel.h"
#include "engine/platform.h"

namespace tsmlx::api {

// ---------------------------------------------------------------- helpers

namespace {
// Handed out when even an error cannot be allocated; Error_Destroy never frees it.
PJRT_Error* static_oom_error() {
  static PJRT_Error oom{PJRT_Error_Code_RESOURCE_EXHAUSTED, "out of memory"};
  return &oom;
}
}  // namespace

PJRT_Error* make_error(PJRT_Error_Code code, std::string message) {
  try {
    return new PJRT_Error{code, std::move(message)};
  } catch (...) {
    return static_oom_error();
  }
}

PJRT_Error* unimplemented(const char* function) {
  return make_error(PJRT_Error_Code_UNIMPLEMENTED,
                    std::string(function) + " is not implemented by the tsmlx CPU plugin");
}

PJRT_Error_Code to_pjrt_code(int code) {
  if (code >= PJRT_Error_Code_CANCELLED && code <= PJRT_Error_Code_UNAUTHENTICATED) {
    return static_cast<PJRT_Error_Code>(code);
  }
  return PJRT_Error_Code_INTERNAL;
}

PJRT_Error* check_args(const void* args, size_t struct_size, size_t needed, const char* function) {
  if (args == nullptr) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, std::string(function) + ": args is NULL");
  }
  if (struct_size < needed) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      std::string(function) + ": args->struct_size is " + std::to_string(struct_size) +
                          ", expected at least " + std::to_string(needed) +
                          " (the caller was built against an older PJRT ABI)");
  }
  return nullptr;
}

PJRT_Event* ready_event(PJRT_Error_Code code, std::string message) {
  auto* event = new PJRT_Event{std::make_shared<EventState>()};
  event->state->set(code, std::move(message));
  return event;
}

// ---------------------------------------------------------------- EventState

void EventState::set(PJRT_Error_Code code, std::string message) {
  std::vector<std::pair<PJRT_Event_OnReadyCallback, void*>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (ready_) return;
    ready_ = true;
    code_ = code;
    message_ = std::move(message);
    callbacks.swap(callbacks_);
  }
  cv_.notify_all();
  for (auto& [cb, arg] : callbacks) {
    PJRT_Error* err = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      err = error_copy_locked();
    }
    cb(err, arg);
  }
}

bool EventState::is_ready() {
  std::lock_guard<std::mutex> lock(mu_);
  return ready_;
}

PJRT_Error* EventState::error_copy_locked() const {
  if (code_ == PJRT_Error_Code_OK) return nullptr;
  return make_error(code_, message_);
}

PJRT_Error* EventState::wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return ready_; });
  return error_copy_locked();
}

void EventState::on_ready(PJRT_Event_OnReadyCallback cb, void* user_arg) {
  PJRT_Error* err = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!ready_) {
      callbacks_.emplace_back(cb, user_arg);
      return;
    }
    err = error_copy_locked();
  }
  cb(err, user_arg);
}

// ---------------------------------------------------------------- errors

void Error_Destroy(PJRT_Error_Destroy_Args* args) {
  if (args == nullptr || args->struct_size < PJRT_Error_Destroy_Args_STRUCT_SIZE) return;
  if (args->error != static_oom_error()) delete args->error;
}

void Error_Message(PJRT_Error_Message_Args* args) {
  if (args == nullptr || args->struct_size < PJRT_Error_Message_Args_STRUCT_SIZE) return;
  if (args->error == nullptr) {
    args->message = "";
    args->message_size = 0;
    return;
  }
  args->message = args->error->message.data();
  args->message_size = args->error->message.size();
}

PJRT_Error* Error_GetCode(PJRT_Error_GetCode_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Error_GetCode_Args, "PJRT_Error_GetCode");
  TSMLX_REQUIRE(args->error, "PJRT_Error_GetCode", "args->error");
  args->code = args->error->code;
  return nullptr;
}

// ---------------------------------------------------------------- plugin

// Sets up the instruction-set cap, oneDNN, OpenBLAS and the thread pool (engine/platform.h);
// an invalid TSMLX_ISA or a missing OpenBLAS fails here, with the reason.
PJRT_Error* Plugin_Initialize(PJRT_Plugin_Initialize_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Plugin_Initialize_Args, "PJRT_Plugin_Initialize");
  return guarded("PJRT_Plugin_Initialize", [&]() -> PJRT_Error* {
    const std::string& why = cpu::setup_platform();
    return why.empty() ? nullptr : make_error(PJRT_Error_Code_FAILED_PRECONDITION, why);
  });
}

namespace {

// The attributes, made once and kept for the life of the process (PJRT's rule for them).
struct Attributes {
  std::vector<std::pair<std::string, std::string>> strings;
  std::vector<PJRT_NamedValue> values;
};

const Attributes& attributes() {
  static const Attributes a = [] {
    Attributes r;
    if (cpu::setup_platform().empty()) r.strings = cpu::platform_description();
    r.values.reserve(r.strings.size() + 1);
    for (const auto& [name, value] : r.strings) {
      PJRT_NamedValue v;
      std::memset(&v, 0, sizeof v);
      v.struct_size = PJRT_NamedValue_STRUCT_SIZE;
      v.name = name.data();
      v.name_size = name.size();
      v.type = PJRT_NamedValue_kString;
      v.string_value = value.data();
      v.value_size = value.size();
      r.values.push_back(v);
    }
    static const std::string threads = "threads";
    PJRT_NamedValue v;
    std::memset(&v, 0, sizeof v);
    v.struct_size = PJRT_NamedValue_STRUCT_SIZE;
    v.name = threads.data();
    v.name_size = threads.size();
    v.type = PJRT_NamedValue_kInt64;
    v.int64_value = cpu::num_threads();
    v.value_size = 1;
    r.values.push_back(v);
    return r;
  }();
  return a;
}

}  // namespace

// What the plugin runs on: the instruction set of its kernels and of oneDNN, OpenBLAS's core
// type and why it was chosen, the thread count (see engine/platform.h for the names).
PJRT_Error* Plugin_Attributes(PJRT_Plugin_Attributes_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Plugin_Attributes_Args, "PJRT_Plugin_Attributes");
  return guarded("PJRT_Plugin_Attributes", [&]() -> PJRT_Error* {
    const Attributes& a = attributes();
    args->attributes = a.values.data();
    args->num_attributes = a.values.size();
    return nullptr;
  });
}

// ---------------------------------------------------------------- events

PJRT_Error* Event_Destroy(PJRT_Event_Destroy_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_Destroy_Args, "PJRT_Event_Destroy");
  delete args->event;
  return nullptr;
}

PJRT_Error* Event_IsReady(PJRT_Event_IsReady_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_IsReady_Args, "PJRT_Event_IsReady");
  TSMLX_REQUIRE(args->event, "PJRT_Event_IsReady", "args->event");
  args->is_ready = args->event->state->is_ready();
  return nullptr;
}

PJRT_Error* Event_Error(PJRT_Event_Error_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_Error_Args, "PJRT_Event_Error");
  TSMLX_REQUIRE(args->event, "PJRT_Event_Error", "args->event");
  if (!args->event->state->is_ready()) {
    return make_error(PJRT_Error_Code_FAILED_PRECONDITION, "PJRT_Event_Error: the event is not ready yet");
  }
  return args->event->state->wait();
}

PJRT_Error* Event_Await(PJRT_Event_Await_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_Await_Args, "PJRT_Event_Await");
  TSMLX_REQUIRE(args->event, "PJRT_Event_Await", "args->event");
  return guarded("PJRT_Event_Await", [&] { return args->event->state->wait(); });
}

PJRT_Error* Event_OnReady(PJRT_Event_OnReady_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_OnReady_Args, "PJRT_Event_OnReady");
  TSMLX_REQUIRE(args->event, "PJRT_Event_OnReady", "args->event");
  TSMLX_REQUIRE(args->callback, "PJRT_Event_OnReady", "args->callback");
  return guarded("PJRT_Event_OnReady", [&]() -> PJRT_Error* {
    args->event->state->on_ready(args->callback, args->user_arg);
    return nullptr;
  });
}

PJRT_Error* Event_Create(PJRT_Event_Create_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_Create_Args, "PJRT_Event_Create");
  return guarded("PJRT_Event_Create", [&]() -> PJRT_Error* {
    args->event = new PJRT_Event{std::make_shared<EventState>()};
    return nullptr;
  });
}

PJRT_Error* Event_Set(PJRT_Event_Set_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Event_Set_Args, "PJRT_Event_Set");
  TSMLX_REQUIRE(args->event, "PJRT_Event_Set", "args->event");
  return guarded("PJRT_Event_Set", [&]() -> PJRT_Error* {
    std::string message;
    if (args->error_message != nullptr) message.assign(args->error_message, args->error_message_size);
    args->event->state->set(args->error_code, std::move(message));
    return nullptr;
  });
}

}  // namespace tsmlx::api
