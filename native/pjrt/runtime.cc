// PJRT calls behind the addon; see runtime.h.
#include "runtime.h"

#include <dlfcn.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace tsmlx::pjrt {

std::atomic<int64_t> LiveCounts::buffers{0};
std::atomic<int64_t> LiveCounts::executables{0};

namespace {

// Entries the addon calls: each must be present in a plugin's table.
#define TSMLX_ADDON_ENTRIES(X)                                                                          \
  X(Error_Destroy) X(Error_Message) X(Error_GetCode) X(Plugin_Initialize) X(Event_Destroy)              \
  X(Event_Await) X(Client_Create) X(Client_Destroy) X(Client_PlatformName) X(Client_PlatformVersion)     \
  X(Client_AddressableDevices) X(Client_Compile) X(Client_BufferFromHostBuffer)                          \
  X(DeviceDescription_Id) X(DeviceDescription_Kind) X(DeviceDescription_DebugString)                     \
  X(Device_GetDescription) X(Device_LocalHardwareId) X(Executable_Destroy) X(Executable_Name)            \
  X(Executable_NumOutputs) X(LoadedExecutable_Destroy) X(LoadedExecutable_GetExecutable)                 \
  X(LoadedExecutable_Execute) X(Buffer_Destroy) X(Buffer_ElementType) X(Buffer_Dimensions)               \
  X(Buffer_OnDeviceSizeInBytes) X(Buffer_Delete) X(Buffer_IsDeleted) X(Buffer_ToHostBuffer)              \
  X(Buffer_ReadyEvent)

template <class T>
T sized() {
  T value;
  std::memset(&value, 0, sizeof value);
  return value;
}

#define TSMLX_ARGS(Type, var) \
  Type var = sized<Type>();   \
  var.struct_size = Type##_STRUCT_SIZE

std::string dims_string(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace

const char* code_name(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  if (code < 0 || code > 16) return "UNKNOWN";
  return kNames[code];
}

size_t element_byte_size(int t) {
  switch (t) {
    case PJRT_Buffer_Type_PRED:
    case PJRT_Buffer_Type_S8:
    case PJRT_Buffer_Type_U8:
    case PJRT_Buffer_Type_F8E5M2:
    case PJRT_Buffer_Type_F8E4M3FN:
    case PJRT_Buffer_Type_F8E4M3B11FNUZ:
    case PJRT_Buffer_Type_F8E5M2FNUZ:
    case PJRT_Buffer_Type_F8E4M3FNUZ:
    case PJRT_Buffer_Type_F8E4M3:
    case PJRT_Buffer_Type_F8E3M4:
    case PJRT_Buffer_Type_F8E8M0FNU:
      return 1;
    case PJRT_Buffer_Type_S16:
    case PJRT_Buffer_Type_U16:
    case PJRT_Buffer_Type_F16:
    case PJRT_Buffer_Type_BF16:
      return 2;
    case PJRT_Buffer_Type_S32:
    case PJRT_Buffer_Type_U32:
    case PJRT_Buffer_Type_F32:
      return 4;
    case PJRT_Buffer_Type_S64:
    case PJRT_Buffer_Type_U64:
    case PJRT_Buffer_Type_F64:
    case PJRT_Buffer_Type_C64:
      return 8;
    case PJRT_Buffer_Type_C128:
      return 16;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------- plugin

Status PluginLib::consume(PJRT_Error* err) const {
  if (err == nullptr) return Status{};
  Status s;
  TSMLX_ARGS(PJRT_Error_GetCode_Args, code);
  code.error = err;
  PJRT_Error* code_err = api_->PJRT_Error_GetCode(&code);
  if (code_err != nullptr) {
    // Do not recurse on a broken GetCode; report UNKNOWN and free both.
    TSMLX_ARGS(PJRT_Error_Destroy_Args, d);
    d.error = code_err;
    api_->PJRT_Error_Destroy(&d);
    s.code = PJRT_Error_Code_UNKNOWN;
  } else {
    s.code = code.code == PJRT_Error_Code_OK ? PJRT_Error_Code_UNKNOWN : code.code;
  }
  TSMLX_ARGS(PJRT_Error_Message_Args, msg);
  msg.error = err;
  api_->PJRT_Error_Message(&msg);
  if (msg.message != nullptr) s.message.assign(msg.message, msg.message_size);
  TSMLX_ARGS(PJRT_Error_Destroy_Args, d);
  d.error = err;
  api_->PJRT_Error_Destroy(&d);
  return s;
}

Status PluginLib::await_and_destroy(PJRT_Event* event) const {
  if (event == nullptr) return Status{};
  TSMLX_ARGS(PJRT_Event_Await_Args, aw);
  aw.event = event;
  Status s = consume(api_->PJRT_Event_Await(&aw));
  TSMLX_ARGS(PJRT_Event_Destroy_Args, d);
  d.event = event;
  Status ds = consume(api_->PJRT_Event_Destroy(&d));
  return s.ok() ? ds : s;
}

std::shared_ptr<PluginLib> PluginLib::load(const std::string& path, Status* status) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<PluginLib>> loaded;  // one per path per process
  std::lock_guard<std::mutex> lock(mu);
  // Key by the file itself, so two spellings of one path initialize the plugin once.
  std::string key = path;
  if (path.find('/') != std::string::npos) {
    if (char* real = realpath(path.c_str(), nullptr)) {
      key = real;
      std::free(real);
    }
  }
  auto it = loaded.find(key);
  if (it != loaded.end()) return it->second;

  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    *status = Status::error(PJRT_Error_Code_NOT_FOUND,
                            "[loadPlugin] cannot load " + path + ": " + (why ? why : "dlopen failed"));
    return nullptr;
  }
  auto get = reinterpret_cast<PJRT_GetPjrtApi_Fn*>(dlsym(handle, "GetPjrtApi"));
  if (get == nullptr) {
    *status = Status::error(PJRT_Error_Code_INVALID_ARGUMENT,
                            "[loadPlugin] " + path + " is not a PJRT plugin: it has no GetPjrtApi symbol");
    return nullptr;
  }
  const PJRT_Api* api = get();
  if (api == nullptr) {
    *status = Status::error(PJRT_Error_Code_INTERNAL, "[loadPlugin] GetPjrtApi of " + path + " returned NULL");
    return nullptr;
  }
  if (api->pjrt_api_version.major_version != PJRT_ABI_MAJOR) {
    *status = Status::error(PJRT_Error_Code_FAILED_PRECONDITION,
                            "[loadPlugin] " + path + " speaks PJRT " +
                                std::to_string(api->pjrt_api_version.major_version) + "." +
                                std::to_string(api->pjrt_api_version.minor_version) + ", expected major version " +
                                std::to_string(PJRT_ABI_MAJOR));
    return nullptr;
  }
#define TSMLX_CHECK_ENTRY(name)                                                                            \
  if (api->struct_size < offsetof(PJRT_Api, PJRT_##name) + sizeof(void*) || api->PJRT_##name == nullptr) { \
    *status = Status::error(PJRT_Error_Code_FAILED_PRECONDITION,                                           \
                            "[loadPlugin] " + path + " lacks PJRT_" #name);                                \
    return nullptr;                                                                                        \
  }
  TSMLX_ADDON_ENTRIES(TSMLX_CHECK_ENTRY)
#undef TSMLX_CHECK_ENTRY

  auto plugin = std::shared_ptr<PluginLib>(new PluginLib());
  plugin->path_ = path;
  plugin->api_ = api;
  TSMLX_ARGS(PJRT_Plugin_Initialize_Args, init);
  Status s = plugin->consume(api->PJRT_Plugin_Initialize(&init));
  if (!s.ok()) {
    s.message = "[loadPlugin] PJRT_Plugin_Initialize of " + path + " failed: " + s.message;
    *status = s;
    return nullptr;
  }
  loaded[key] = plugin;
  return plugin;
}

ApiTableInfo describe_api_table(const PJRT_Api* api) {
  ApiTableInfo info;
  info.struct_size = api->struct_size;
  const size_t first = offsetof(PJRT_Api, PJRT_Error_Destroy);
  info.entries = api->struct_size > first ? static_cast<int>((api->struct_size - first) / sizeof(void*)) : 0;
  const char* base = reinterpret_cast<const char*>(api) + first;
  for (int i = 0; i < info.entries; ++i) {
    void* fn = nullptr;
    std::memcpy(&fn, base + i * sizeof(void*), sizeof fn);
    if (fn == nullptr) info.null_entries.push_back(i);
  }
  return info;
}

Status plugin_attributes(const PluginLib& plugin, std::vector<NamedOption>* out) {
  out->clear();
  const PJRT_Api* api = plugin.api();
  if (api->struct_size < offsetof(PJRT_Api, PJRT_Plugin_Attributes) + sizeof(void*) ||
      api->PJRT_Plugin_Attributes == nullptr)
    return Status{};
  TSMLX_ARGS(PJRT_Plugin_Attributes_Args, args);
  Status s = plugin.consume(api->PJRT_Plugin_Attributes(&args));
  if (!s.ok()) return s;
  for (size_t i = 0; i < args.num_attributes && args.attributes != nullptr; ++i) {
    const PJRT_NamedValue& v = args.attributes[i];
    NamedOption o;
    o.name.assign(v.name, v.name_size);
    o.type = v.type;
    switch (v.type) {
      case PJRT_NamedValue_kString: o.string_value.assign(v.string_value, v.value_size); break;
      case PJRT_NamedValue_kInt64: o.int_value = v.int64_value; break;
      case PJRT_NamedValue_kInt64List: o.list_value.assign(v.int64_array_value, v.int64_array_value + v.value_size); break;
      case PJRT_NamedValue_kFloat: o.float_value = v.float_value; break;
      case PJRT_NamedValue_kBool: o.bool_value = v.bool_value; break;
      default: continue;
    }
    out->push_back(std::move(o));
  }
  return Status{};
}

// ---------------------------------------------------------------- client

std::shared_ptr<ClientHandle> ClientHandle::create(std::shared_ptr<PluginLib> plugin,
                                                   const std::vector<NamedOption>& options, Status* status) {
  const PJRT_Api* api = plugin->api();
  std::vector<PJRT_NamedValue> values(options.size());
  for (size_t i = 0; i < options.size(); ++i) {
    const NamedOption& o = options[i];
    PJRT_NamedValue& v = values[i];
    std::memset(&v, 0, sizeof v);
    v.struct_size = PJRT_NamedValue_STRUCT_SIZE;
    v.name = o.name.data();
    v.name_size = o.name.size();
    v.type = o.type;
    switch (o.type) {
      case PJRT_NamedValue_kString:
        v.string_value = o.string_value.data();
        v.value_size = o.string_value.size();
        break;
      case PJRT_NamedValue_kInt64:
        v.int64_value = o.int_value;
        v.value_size = 1;
        break;
      case PJRT_NamedValue_kInt64List:
        v.int64_array_value = o.list_value.data();
        v.value_size = o.list_value.size();
        break;
      case PJRT_NamedValue_kFloat:
        v.float_value = o.float_value;
        v.value_size = 1;
        break;
      case PJRT_NamedValue_kBool:
        v.bool_value = o.bool_value;
        v.value_size = 1;
        break;
    }
  }
  TSMLX_ARGS(PJRT_Client_Create_Args, create);
  create.create_options = values.data();
  create.num_options = values.size();
  Status s = plugin->consume(api->PJRT_Client_Create(&create));
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  auto client = std::shared_ptr<ClientHandle>(new ClientHandle());
  client->plugin_ = std::move(plugin);
  client->client_ = create.client;

  TSMLX_ARGS(PJRT_Client_PlatformName_Args, name);
  name.client = client->client_;
  s = client->plugin_->consume(api->PJRT_Client_PlatformName(&name));
  if (s.ok()) client->platform_name_.assign(name.platform_name, name.platform_name_size);
  TSMLX_ARGS(PJRT_Client_PlatformVersion_Args, version);
  version.client = client->client_;
  if (s.ok()) s = client->plugin_->consume(api->PJRT_Client_PlatformVersion(&version));
  if (s.ok()) client->platform_version_.assign(version.platform_version, version.platform_version_size);

  TSMLX_ARGS(PJRT_Client_AddressableDevices_Args, devs);
  devs.client = client->client_;
  if (s.ok()) s = client->plugin_->consume(api->PJRT_Client_AddressableDevices(&devs));
  for (size_t i = 0; s.ok() && i < devs.num_addressable_devices; ++i) {
    DeviceInfo info;
    info.device = devs.addressable_devices[i];
    TSMLX_ARGS(PJRT_Device_GetDescription_Args, gd);
    gd.device = info.device;
    s = client->plugin_->consume(api->PJRT_Device_GetDescription(&gd));
    if (!s.ok()) break;
    TSMLX_ARGS(PJRT_DeviceDescription_Id_Args, id);
    id.device_description = gd.device_description;
    s = client->plugin_->consume(api->PJRT_DeviceDescription_Id(&id));
    info.id = id.id;
    TSMLX_ARGS(PJRT_DeviceDescription_Kind_Args, kind);
    kind.device_description = gd.device_description;
    if (s.ok()) s = client->plugin_->consume(api->PJRT_DeviceDescription_Kind(&kind));
    if (s.ok()) info.kind.assign(kind.device_kind, kind.device_kind_size);
    TSMLX_ARGS(PJRT_DeviceDescription_DebugString_Args, dbg);
    dbg.device_description = gd.device_description;
    if (s.ok()) s = client->plugin_->consume(api->PJRT_DeviceDescription_DebugString(&dbg));
    if (s.ok()) info.debug_string.assign(dbg.debug_string, dbg.debug_string_size);
    TSMLX_ARGS(PJRT_Device_LocalHardwareId_Args, hw);
    hw.device = info.device;
    if (s.ok()) s = client->plugin_->consume(api->PJRT_Device_LocalHardwareId(&hw));
    info.local_hardware_id = hw.local_hardware_id;
    client->devices_.push_back(std::move(info));
  }
  if (s.ok() && client->devices_.empty()) {
    s = Status::error(PJRT_Error_Code_FAILED_PRECONDITION, "[createClient] the client has no addressable devices");
  }
  if (!s.ok()) {
    *status = s;
    return nullptr;  // the destructor destroys the PJRT client
  }
  return client;
}

ClientHandle::~ClientHandle() {
  if (client_ == nullptr) return;
  TSMLX_ARGS(PJRT_Client_Destroy_Args, d);
  d.client = client_;
  plugin_->consume(api()->PJRT_Client_Destroy(&d));
}

// ---------------------------------------------------------------- buffers

std::shared_ptr<BufferHandle> BufferHandle::adopt(std::shared_ptr<ClientHandle> client, PJRT_Buffer* buffer,
                                                  Status* status) {
  auto handle = std::shared_ptr<BufferHandle>(new BufferHandle());
  handle->client_ = std::move(client);
  handle->buffer_ = buffer;
  const PJRT_Api* api = handle->client_->api();
  const PluginLib& plugin = handle->client_->plugin();
  TSMLX_ARGS(PJRT_Buffer_ElementType_Args, et);
  et.buffer = buffer;
  Status s = plugin.consume(api->PJRT_Buffer_ElementType(&et));
  handle->element_type_ = et.type;
  TSMLX_ARGS(PJRT_Buffer_Dimensions_Args, dims);
  dims.buffer = buffer;
  if (s.ok()) s = plugin.consume(api->PJRT_Buffer_Dimensions(&dims));
  if (s.ok()) handle->dims_.assign(dims.dims, dims.dims + dims.num_dims);
  TSMLX_ARGS(PJRT_Buffer_OnDeviceSizeInBytes_Args, size);
  size.buffer = buffer;
  if (s.ok()) s = plugin.consume(api->PJRT_Buffer_OnDeviceSizeInBytes(&size));
  handle->on_device_size_ = size.on_device_size_in_bytes;
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  return handle;
}

BufferHandle::~BufferHandle() {
  --LiveCounts::buffers;
  if (buffer_ == nullptr) return;
  TSMLX_ARGS(PJRT_Buffer_Destroy_Args, d);
  d.buffer = buffer_;
  client_->plugin().consume(client_->api()->PJRT_Buffer_Destroy(&d));
}

void BufferHandle::delete_now() {
  if (deleted_.exchange(true)) return;
  TSMLX_ARGS(PJRT_Buffer_Delete_Args, d);
  d.buffer = buffer_;
  client_->plugin().consume(client_->api()->PJRT_Buffer_Delete(&d));
}

bool BufferHandle::is_deleted() const {
  if (deleted_) return true;
  TSMLX_ARGS(PJRT_Buffer_IsDeleted_Args, a);
  a.buffer = buffer_;
  Status s = client_->plugin().consume(client_->api()->PJRT_Buffer_IsDeleted(&a));
  return s.ok() && a.is_deleted;
}

Status BufferHandle::to_host(void** data, size_t* size) const {
  const PJRT_Api* api = client_->api();
  const PluginLib& plugin = client_->plugin();
  TSMLX_ARGS(PJRT_Buffer_ToHostBuffer_Args, query);
  query.src = buffer_;
  Status s = plugin.consume(api->PJRT_Buffer_ToHostBuffer(&query));
  if (!s.ok()) return s;
  if (query.event != nullptr) plugin.await_and_destroy(query.event);
  void* dst = std::malloc(query.dst_size > 0 ? query.dst_size : 1);
  if (dst == nullptr) {
    return Status::error(PJRT_Error_Code_RESOURCE_EXHAUSTED,
                         "[toHost] cannot allocate " + std::to_string(query.dst_size) + " host bytes");
  }
  TSMLX_ARGS(PJRT_Buffer_ToHostBuffer_Args, copy);
  copy.src = buffer_;
  copy.dst = dst;
  copy.dst_size = query.dst_size;
  s = plugin.consume(api->PJRT_Buffer_ToHostBuffer(&copy));
  if (s.ok()) s = plugin.await_and_destroy(copy.event);
  if (!s.ok()) {
    std::free(dst);
    return s;
  }
  *data = dst;
  *size = query.dst_size;
  return s;
}

std::shared_ptr<BufferHandle> buffer_from_host(std::shared_ptr<ClientHandle> client, const void* data,
                                               int element_type, const std::vector<int64_t>& dims,
                                               PJRT_Device* device, Status* status) {
  const PJRT_Api* api = client->api();
  const PluginLib& plugin = client->plugin();
  TSMLX_ARGS(PJRT_Client_BufferFromHostBuffer_Args, a);
  a.client = client->client();
  a.data = data;
  a.type = static_cast<PJRT_Buffer_Type>(element_type);
  a.dims = dims.data();
  a.num_dims = dims.size();
  a.byte_strides = nullptr;
  a.num_byte_strides = 0;
  a.host_buffer_semantics = PJRT_HostBufferSemantics_kImmutableUntilTransferCompletes;
  a.device = device != nullptr ? device : client->devices().front().device;
  Status s = plugin.consume(api->PJRT_Client_BufferFromHostBuffer(&a));
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  // The caller keeps `data` alive until this returns.
  Status done = plugin.await_and_destroy(a.done_with_host_buffer);
  std::shared_ptr<BufferHandle> handle = BufferHandle::adopt(client, a.buffer, &s);
  if (!handle) {
    *status = s;
    return nullptr;
  }
  if (!done.ok()) {
    *status = done;
    return nullptr;
  }
  TSMLX_ARGS(PJRT_Buffer_ReadyEvent_Args, ready);
  ready.buffer = a.buffer;
  s = plugin.consume(api->PJRT_Buffer_ReadyEvent(&ready));
  if (s.ok()) s = plugin.await_and_destroy(ready.event);
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  // Dimensions the plugin reports must be the ones asked for.
  if (handle->dims() != dims || handle->element_type() != element_type) {
    *status = Status::error(PJRT_Error_Code_INTERNAL, "[bufferFromHost] the plugin made a buffer of type " +
                                                          std::to_string(handle->element_type()) + " " +
                                                          dims_string(handle->dims()) + ", asked for " +
                                                          std::to_string(element_type) + " " + dims_string(dims));
    return nullptr;
  }
  return handle;
}

// ---------------------------------------------------------------- executables

ExecutableHandle::~ExecutableHandle() {
  --LiveCounts::executables;
  if (executable_ == nullptr) return;
  TSMLX_ARGS(PJRT_LoadedExecutable_Destroy_Args, d);
  d.executable = executable_;
  client_->plugin().consume(client_->api()->PJRT_LoadedExecutable_Destroy(&d));
}

std::shared_ptr<ExecutableHandle> ExecutableHandle::compile(std::shared_ptr<ClientHandle> client,
                                                            const std::string& code,
                                                            const std::string& compile_options, Status* status) {
  const PJRT_Api* api = client->api();
  const PluginLib& plugin = client->plugin();
  static const char kFormat[] = "mlir";
  TSMLX_ARGS(PJRT_Program, program);
  program.code = const_cast<char*>(code.data());
  program.code_size = code.size();
  program.format = kFormat;
  program.format_size = sizeof(kFormat) - 1;
  TSMLX_ARGS(PJRT_Client_Compile_Args, a);
  a.client = client->client();
  a.program = &program;
  a.compile_options = compile_options.data();
  a.compile_options_size = compile_options.size();
  Status s = plugin.consume(api->PJRT_Client_Compile(&a));
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  auto handle = std::shared_ptr<ExecutableHandle>(new ExecutableHandle());
  handle->client_ = std::move(client);
  handle->executable_ = a.executable;

  TSMLX_ARGS(PJRT_LoadedExecutable_GetExecutable_Args, ge);
  ge.loaded_executable = a.executable;
  s = plugin.consume(api->PJRT_LoadedExecutable_GetExecutable(&ge));
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  TSMLX_ARGS(PJRT_Executable_NumOutputs_Args, n);
  n.executable = ge.executable;
  s = plugin.consume(api->PJRT_Executable_NumOutputs(&n));
  handle->num_outputs_ = n.num_outputs;
  TSMLX_ARGS(PJRT_Executable_Name_Args, name);
  name.executable = ge.executable;
  if (s.ok() && plugin.consume(api->PJRT_Executable_Name(&name)).ok() && name.executable_name != nullptr) {
    handle->name_.assign(name.executable_name, name.executable_name_size);
  }
  TSMLX_ARGS(PJRT_Executable_Destroy_Args, ed);
  ed.executable = ge.executable;
  plugin.consume(api->PJRT_Executable_Destroy(&ed));
  if (!s.ok()) {
    *status = s;
    return nullptr;
  }
  return handle;
}

Status ExecutableHandle::cancel(int launch_id, int code, const std::string& message, bool* poisoned) const {
  *poisoned = false;
  const PJRT_Api* api = client_->api();
  const size_t needed = offsetof(PJRT_Api, PJRT_Device_PoisonExecution) + sizeof(api->PJRT_Device_PoisonExecution);
  if (api->struct_size < needed || api->PJRT_Device_PoisonExecution == nullptr) {
    return Status::error(PJRT_Error_Code_UNIMPLEMENTED,
                         "[execute] the plugin " + client_->plugin().path() + " cannot stop a run (no PJRT_Device_PoisonExecution)");
  }
  if (client_->devices().empty()) return Status::error(PJRT_Error_Code_FAILED_PRECONDITION, "[execute] no device");
  TSMLX_ARGS(PJRT_Device_PoisonExecution_Args, a);
  a.device = client_->devices()[0].device;
  a.launch_id = launch_id;
  a.error_code = static_cast<PJRT_Error_Code>(code);
  a.error_message = message.data();
  a.error_message_size = message.size();
  Status s = client_->plugin().consume(api->PJRT_Device_PoisonExecution(&a));
  if (s.ok()) *poisoned = a.poisoned;
  return s;
}

Status ExecutableHandle::execute(const std::vector<std::shared_ptr<BufferHandle>>& args,
                                 const std::vector<int64_t>& donate,
                                 std::vector<std::shared_ptr<BufferHandle>>* outputs, int launch_id) const {
  const PJRT_Api* api = client_->api();
  const PluginLib& plugin = client_->plugin();
  std::vector<PJRT_Buffer*> arg_buffers;
  arg_buffers.reserve(args.size());
  for (const auto& b : args) arg_buffers.push_back(b->buffer());
  std::vector<int64_t> keep;  // every argument not donated
  for (size_t i = 0; i < args.size(); ++i) {
    bool donated = false;
    for (int64_t d : donate) donated = donated || d == static_cast<int64_t>(i);
    if (!donated) keep.push_back(static_cast<int64_t>(i));
  }
  TSMLX_ARGS(PJRT_ExecuteOptions, options);
  options.launch_id = launch_id;
  options.non_donatable_input_indices = keep.data();
  options.num_non_donatable_input_indices = keep.size();
  std::vector<PJRT_Buffer*> outs(num_outputs_ > 0 ? num_outputs_ : 1, nullptr);
  PJRT_Buffer* const* arg_lists[1] = {arg_buffers.data()};
  PJRT_Buffer** out_lists[1] = {outs.data()};
  PJRT_Event* complete[1] = {nullptr};
  TSMLX_ARGS(PJRT_LoadedExecutable_Execute_Args, a);
  a.executable = executable_;
  a.options = &options;
  a.argument_lists = arg_lists;
  a.num_devices = 1;
  a.num_args = arg_buffers.size();
  a.output_lists = out_lists;
  a.device_complete_events = complete;
  a.execute_device = nullptr;
  Status s = plugin.consume(api->PJRT_LoadedExecutable_Execute(&a));
  if (!s.ok()) return s;
  // Adopt the outputs first, so that an error below frees them.
  std::vector<std::shared_ptr<BufferHandle>> made;
  Status adopt_status;
  for (size_t i = 0; i < num_outputs_; ++i) {
    if (outs[i] == nullptr) {
      adopt_status = Status::error(PJRT_Error_Code_INTERNAL, "[execute] the plugin returned no buffer for output " +
                                                                 std::to_string(i));
      continue;
    }
    Status one;
    auto h = BufferHandle::adopt(client_, outs[i], &one);
    if (!h) {
      if (adopt_status.ok()) adopt_status = one;
      continue;
    }
    made.push_back(std::move(h));
  }
  s = plugin.await_and_destroy(complete[0]);
  for (int64_t d : donate) {
    if (d >= 0 && static_cast<size_t>(d) < args.size()) args[d]->delete_now();
  }
  if (!s.ok()) return s;
  if (!adopt_status.ok()) return adopt_status;
  *outputs = std::move(made);
  return Status{};
}

}  // namespace tsmlx::pjrt
