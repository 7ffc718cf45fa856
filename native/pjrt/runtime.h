// A plain C++ layer over a dlopen'd PJRT plugin: reference-counted handles for plugins,
// clients, executables and buffers, and the blocking operations the addon runs off the
// JS thread. Nothing here knows about N-API, and nothing knows which plugin it drives.
//
// Example:
//   Status s; auto plugin = PluginLib::load("build/libtsmlx_cpu_pjrt.so", &s);
//   auto client = ClientHandle::create(plugin, {}, &s);
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pjrt_abi.h"

namespace tsmlx::pjrt {

// The outcome of a PJRT call: code 0 is success, otherwise a PJRT_Error_Code and message.
struct Status {
  int code = 0;
  std::string message;
  bool ok() const { return code == 0; }
  static Status error(int code, std::string message) { return Status{code, std::move(message)}; }
};

// "INVALID_ARGUMENT" for 3, and so on; "UNKNOWN" for anything out of range.
const char* code_name(int code);

// A loaded plugin. Loaded once per path per process (PJRT_Plugin_Initialize may run only
// once); never unloaded, since a plugin's threads may outlive any one client.
class PluginLib {
 public:
  // dlopen()s `path`, finds GetPjrtApi, checks the table and initializes the plugin.
  static std::shared_ptr<PluginLib> load(const std::string& path, Status* status);
  const std::string& path() const { return path_; }
  const PJRT_Api* api() const { return api_; }
  // Turns a returned PJRT_Error into a Status (freeing it); `context` prefixes nothing,
  // the plugin's message is kept as is.
  Status consume(PJRT_Error* err) const;
  // Waits for `event` (may be NULL) and destroys it.
  Status await_and_destroy(PJRT_Event* event) const;

 private:
  std::string path_;
  const PJRT_Api* api_ = nullptr;
};

// A named create option (PJRT_NamedValue).
struct NamedOption {
  std::string name;
  PJRT_NamedValue_Type type = PJRT_NamedValue_kString;
  std::string string_value;
  int64_t int_value = 0;
  float float_value = 0;
  bool bool_value = false;
  std::vector<int64_t> list_value;
};

struct DeviceInfo {
  PJRT_Device* device = nullptr;
  int id = 0;
  int local_hardware_id = -1;
  std::string kind;
  std::string debug_string;
};

class ClientHandle {
 public:
  static std::shared_ptr<ClientHandle> create(std::shared_ptr<PluginLib> plugin,
                                              const std::vector<NamedOption>& options, Status* status);
  ~ClientHandle();
  const PluginLib& plugin() const { return *plugin_; }
  const PJRT_Api* api() const { return plugin_->api(); }
  PJRT_Client* client() const { return client_; }
  const std::string& platform_name() const { return platform_name_; }
  const std::string& platform_version() const { return platform_version_; }
  const std::vector<DeviceInfo>& devices() const { return devices_; }

 private:
  std::shared_ptr<PluginLib> plugin_;
  PJRT_Client* client_ = nullptr;
  std::string platform_name_;
  std::string platform_version_;
  std::vector<DeviceInfo> devices_;
};

// Live native executables and buffers, for leak checks.
struct LiveCounts {
  static std::atomic<int64_t> buffers;
  static std::atomic<int64_t> executables;
};

class BufferHandle {
 public:
  // Takes ownership of `buffer` (freed on failure too) and reads its type, dimensions, size.
  static std::shared_ptr<BufferHandle> adopt(std::shared_ptr<ClientHandle> client, PJRT_Buffer* buffer,
                                             Status* status);
  ~BufferHandle();
  const std::shared_ptr<ClientHandle>& client() const { return client_; }
  PJRT_Buffer* buffer() const { return buffer_; }
  int element_type() const { return element_type_; }
  const std::vector<int64_t>& dims() const { return dims_; }
  size_t on_device_size() const { return on_device_size_; }
  // Drops the device memory now (PJRT_Buffer_Delete); the handle stays until released.
  void delete_now();
  bool is_deleted() const;
  // Copies the buffer's bytes into a fresh malloc'd block (blocking).
  Status to_host(void** data, size_t* size) const;

 private:
  BufferHandle() { ++LiveCounts::buffers; }
  std::shared_ptr<ClientHandle> client_;
  PJRT_Buffer* buffer_ = nullptr;
  int element_type_ = 0;
  std::vector<int64_t> dims_;
  size_t on_device_size_ = 0;
  std::atomic<bool> deleted_{false};
};

class ExecutableHandle {
 public:
  ~ExecutableHandle();
  // Compiles MLIR text (blocking).
  static std::shared_ptr<ExecutableHandle> compile(std::shared_ptr<ClientHandle> client, const std::string& code,
                                                   const std::string& compile_options, Status* status);
  const std::shared_ptr<ClientHandle>& client() const { return client_; }
  const std::string& name() const { return name_; }
  size_t num_outputs() const { return num_outputs_; }
  // Runs on the first addressable device and waits for completion (blocking). Arguments
  // whose index is in `donate` may be consumed; they are deleted afterwards either way.
  // `launch_id` (PJRT_ExecuteOptions.launch_id) names the run for cancel().
  Status execute(const std::vector<std::shared_ptr<BufferHandle>>& args, const std::vector<int64_t>& donate,
                 std::vector<std::shared_ptr<BufferHandle>>* outputs, int launch_id = 0) const;
  // Stops the run with `launch_id` on the first addressable device through
  // PJRT_Device_PoisonExecution: its execute() returns `code` and `message`. *poisoned tells
  // whether such a run was in progress. UNIMPLEMENTED when the plugin cannot poison.
  // Example: bool hit; Status s = exe->cancel(7, PJRT_Error_Code_CANCELLED, "stopped", &hit);
  Status cancel(int launch_id, int code, const std::string& message, bool* poisoned) const;

 private:
  ExecutableHandle() { ++LiveCounts::executables; }
  std::shared_ptr<ClientHandle> client_;
  PJRT_LoadedExecutable* executable_ = nullptr;
  std::string name_;
  size_t num_outputs_ = 0;
};

// Copies `size` bytes at `data` into a new device buffer (blocking until the plugin is
// done with `data`).
std::shared_ptr<BufferHandle> buffer_from_host(std::shared_ptr<ClientHandle> client, const void* data,
                                               int element_type, const std::vector<int64_t>& dims,
                                               PJRT_Device* device, Status* status);

// Bytes per element of a PJRT_Buffer_Type, or 0 when not a whole number of bytes/unknown.
size_t element_byte_size(int element_type);

// The table's size and the indices of NULL entries (within what the table's size covers).
struct ApiTableInfo {
  size_t struct_size = 0;
  int entries = 0;
  std::vector<int> null_entries;
};
ApiTableInfo describe_api_table(const PJRT_Api* api);

// PJRT_Plugin_Attributes, copied (empty when the plugin's table has no such entry).
// Example: std::vector<NamedOption> a; Status s = plugin_attributes(*plugin, &a);
Status plugin_attributes(const PluginLib& plugin, std::vector<NamedOption>* out);

}  // namespace tsmlx::pjrt
