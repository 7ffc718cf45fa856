// Checks the CPU plugin's PJRT C surface directly, without the addon: every PJRT_Api
// entry is filled, unimplemented entries answer UNIMPLEMENTED and name themselves, short
// or NULL argument structs are rejected, a buffer survives a round trip, and
// PJRT_Device_PoisonExecution stops a never-ending execution on another thread.
// Usage: cpu_api_table_test <path to libtsmlx_cpu_pjrt.so>; prints one line per failure.
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <set>
#include <thread>
#include <string>
#include <vector>

#include "pjrt_abi.h"

namespace {

int failures = 0;
int checks = 0;

void check(bool ok, const std::string& what) {
  ++checks;
  if (!ok) {
    ++failures;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

const PJRT_Api* api = nullptr;

// Returns the error's code and message, and frees it; code OK for NULL.
std::pair<int, std::string> take(PJRT_Error* err) {
  if (err == nullptr) return {0, ""};
  PJRT_Error_GetCode_Args c{};
  c.struct_size = PJRT_Error_GetCode_Args_STRUCT_SIZE;
  c.error = err;
  PJRT_Error* e2 = api->PJRT_Error_GetCode(&c);
  int code = e2 ? -1 : c.code;
  PJRT_Error_Message_Args m{};
  m.struct_size = PJRT_Error_Message_Args_STRUCT_SIZE;
  m.error = err;
  api->PJRT_Error_Message(&m);
  std::string msg(m.message, m.message_size);
  PJRT_Error_Destroy_Args d{};
  d.struct_size = PJRT_Error_Destroy_Args_STRUCT_SIZE;
  d.error = err;
  api->PJRT_Error_Destroy(&d);
  return {code, msg};
}

const char* kImplemented[] = {
    "Error_Destroy", "Error_Message", "Error_GetCode", "Plugin_Initialize", "Plugin_Attributes", "Event_Destroy",
    "Event_IsReady", "Event_Error", "Event_Await", "Event_OnReady", "Event_Create", "Event_Set", "Client_Create",
    "Client_Destroy", "Client_PlatformName", "Client_ProcessIndex", "Client_PlatformVersion", "Client_Devices",
    "Client_AddressableDevices", "Client_LookupDevice", "Client_LookupAddressableDevice",
    "Client_AddressableMemories", "Client_Compile", "Client_DefaultDeviceAssignment",
    "Client_BufferFromHostBuffer", "DeviceDescription_Id", "DeviceDescription_ProcessIndex",
    "DeviceDescription_Attributes", "DeviceDescription_Kind", "DeviceDescription_DebugString",
    "DeviceDescription_ToString", "Device_GetDescription", "Device_IsAddressable", "Device_LocalHardwareId",
    "Device_AddressableMemories", "Device_DefaultMemory", "Device_PoisonExecution", "Memory_Id", "Memory_Kind", "Memory_Kind_Id",
    "Memory_DebugString", "Memory_ToString", "Memory_AddressableByDevices", "Executable_Destroy", "Executable_Name",
    "Executable_NumReplicas", "Executable_NumPartitions", "Executable_NumOutputs",
    "Executable_SizeOfGeneratedCodeInBytes", "Executable_OutputElementTypes", "Executable_OutputDimensions",
    "Executable_OutputMemoryKinds", "LoadedExecutable_Destroy", "LoadedExecutable_GetExecutable",
    "LoadedExecutable_AddressableDevices", "LoadedExecutable_Delete", "LoadedExecutable_IsDeleted",
    "LoadedExecutable_Execute", "Buffer_Destroy", "Buffer_ElementType", "Buffer_Dimensions",
    "Buffer_UnpaddedDimensions", "Buffer_DynamicDimensionIndices", "Buffer_OnDeviceSizeInBytes", "Buffer_Device",
    "Buffer_Memory", "Buffer_Delete", "Buffer_IsDeleted", "Buffer_ToHostBuffer", "Buffer_IsOnCpu",
    "Buffer_ReadyEvent", "Buffer_UnsafePointer",
};

struct Entry {
  int index;
  const char* name;
  void* fn;
};

std::vector<Entry> entries() {
  std::vector<Entry> out;
#define TSMLX_LIST_ENTRY(index, name) out.push_back({index, #name, reinterpret_cast<void*>(api->PJRT_##name)});
  PJRT_ABI_FOR_EACH_ENTRY(TSMLX_LIST_ENTRY, TSMLX_LIST_ENTRY)
  return out;
}

void test_table() {
  check(api->struct_size >= PJRT_Api_STRUCT_SIZE, "PJRT_Api.struct_size is " + std::to_string(api->struct_size));
  check(api->pjrt_api_version.major_version == PJRT_ABI_MAJOR && api->pjrt_api_version.minor_version == PJRT_ABI_MINOR,
        "api version is 0.114");
  std::vector<Entry> all = entries();
  check(all.size() == PJRT_ABI_NUM_ENTRIES, "138 entries listed");
  const char* const* base = reinterpret_cast<const char* const*>(reinterpret_cast<const char*>(api) + 40);
  for (int i = 0; i < PJRT_ABI_NUM_ENTRIES; ++i) {
    check(base[i] != nullptr, "entry " + std::to_string(i) + " (PJRT_" + all[i].name + ") is not NULL");
  }
  // Every entry not implemented answers UNIMPLEMENTED, naming itself, whatever its args.
  std::set<std::string> implemented(std::begin(kImplemented), std::end(kImplemented));
  alignas(16) unsigned char zeros[4096];
  int unimplemented = 0;
  for (const Entry& e : all) {
    if (implemented.count(e.name)) continue;
    std::memset(zeros, 0, sizeof zeros);
    *reinterpret_cast<size_t*>(zeros) = sizeof zeros;
    auto fn = reinterpret_cast<PJRT_Error* (*)(void*)>(e.fn);
    auto [code, msg] = take(fn(zeros));
    check(code == PJRT_Error_Code_UNIMPLEMENTED, std::string("PJRT_") + e.name + " returns UNIMPLEMENTED, got " +
                                                     std::to_string(code));
    check(msg.find(std::string("PJRT_") + e.name + " is not implemented") != std::string::npos,
          std::string("PJRT_") + e.name + " names itself: " + msg);
    ++unimplemented;
  }
  check(unimplemented == PJRT_ABI_NUM_ENTRIES - static_cast<int>(implemented.size()), "unimplemented count");
}

void test_argument_checks() {
  // A caller's struct that is too small, or missing, is rejected with INVALID_ARGUMENT.
  PJRT_Client_Create_Args small{};
  small.struct_size = 16;
  check(take(api->PJRT_Client_Create(&small)).first == PJRT_Error_Code_INVALID_ARGUMENT, "short Client_Create args");
  check(take(api->PJRT_Client_Create(nullptr)).first == PJRT_Error_Code_INVALID_ARGUMENT, "NULL Client_Create args");
  PJRT_Buffer_ToHostBuffer_Args th{};
  th.struct_size = PJRT_Buffer_ToHostBuffer_Args_STRUCT_SIZE - 8;
  check(take(api->PJRT_Buffer_ToHostBuffer(&th)).first == PJRT_Error_Code_INVALID_ARGUMENT, "short ToHostBuffer args");
  PJRT_Client_PlatformName_Args pn{};
  pn.struct_size = PJRT_Client_PlatformName_Args_STRUCT_SIZE;
  check(take(api->PJRT_Client_PlatformName(&pn)).first == PJRT_Error_Code_INVALID_ARGUMENT, "NULL client rejected");
  // Error_Destroy and Error_Message tolerate NULL.
  PJRT_Error_Destroy_Args d{};
  d.struct_size = PJRT_Error_Destroy_Args_STRUCT_SIZE;
  api->PJRT_Error_Destroy(&d);
  api->PJRT_Error_Destroy(nullptr);
  api->PJRT_Error_Message(nullptr);
}

void on_ready(PJRT_Error* err, void* arg) {
  *static_cast<int*>(arg) = 1 + take(err).first;
}

void test_client_round_trip() {
  PJRT_Plugin_Initialize_Args init{};
  init.struct_size = PJRT_Plugin_Initialize_Args_STRUCT_SIZE;
  check(take(api->PJRT_Plugin_Initialize(&init)).first == 0, "Plugin_Initialize");

  PJRT_NamedValue option{};
  option.struct_size = PJRT_NamedValue_STRUCT_SIZE;
  option.name = "unknown_option";
  option.name_size = std::strlen(option.name);
  option.type = PJRT_NamedValue_kInt64;
  option.int64_value = 7;
  option.value_size = 1;
  PJRT_Client_Create_Args cc{};
  cc.struct_size = PJRT_Client_Create_Args_STRUCT_SIZE;
  cc.create_options = &option;
  cc.num_options = 1;
  check(take(api->PJRT_Client_Create(&cc)).first == 0 && cc.client != nullptr, "Client_Create accepts options");
  PJRT_Client* client = cc.client;
  if (!client) return;

  PJRT_Client_PlatformName_Args pn{};
  pn.struct_size = PJRT_Client_PlatformName_Args_STRUCT_SIZE;
  pn.client = client;
  take(api->PJRT_Client_PlatformName(&pn));
  check(std::string(pn.platform_name, pn.platform_name_size) == "cpu", "platform name is cpu");

  PJRT_Client_AddressableDevices_Args ad{};
  ad.struct_size = PJRT_Client_AddressableDevices_Args_STRUCT_SIZE;
  ad.client = client;
  take(api->PJRT_Client_AddressableDevices(&ad));
  check(ad.num_addressable_devices == 1, "one addressable device");
  PJRT_Device* device = ad.addressable_devices[0];

  const float host[6] = {1, 2, 3, 4, 5, 6};
  const int64_t dims[2] = {2, 3};
  const int64_t strides[2] = {12, 4};
  PJRT_Client_BufferFromHostBuffer_Args bh{};
  bh.struct_size = PJRT_Client_BufferFromHostBuffer_Args_STRUCT_SIZE;
  bh.client = client;
  bh.data = host;
  bh.type = PJRT_Buffer_Type_F32;
  bh.dims = dims;
  bh.num_dims = 2;
  bh.byte_strides = strides;
  bh.num_byte_strides = 2;
  bh.host_buffer_semantics = PJRT_HostBufferSemantics_kImmutableOnlyDuringCall;
  bh.device = device;
  check(take(api->PJRT_Client_BufferFromHostBuffer(&bh)).first == 0, "BufferFromHostBuffer with dense strides");
  PJRT_Buffer* buffer = bh.buffer;

  int fired = 0;
  PJRT_Event_OnReady_Args ready{};
  ready.struct_size = PJRT_Event_OnReady_Args_STRUCT_SIZE;
  ready.event = bh.done_with_host_buffer;
  ready.callback = on_ready;
  ready.user_arg = &fired;
  take(api->PJRT_Event_OnReady(&ready));
  check(fired == 1, "done_with_host_buffer fires OnReady with success");
  PJRT_Event_Destroy_Args ed{};
  ed.struct_size = PJRT_Event_Destroy_Args_STRUCT_SIZE;
  ed.event = bh.done_with_host_buffer;
  take(api->PJRT_Event_Destroy(&ed));

  const int64_t transposed[2] = {4, 8};
  bh.byte_strides = transposed;
  bh.buffer = nullptr;
  check(take(api->PJRT_Client_BufferFromHostBuffer(&bh)).first == PJRT_Error_Code_UNIMPLEMENTED,
        "non-dense strides are UNIMPLEMENTED");

  PJRT_Buffer_ToHostBuffer_Args th{};
  th.struct_size = PJRT_Buffer_ToHostBuffer_Args_STRUCT_SIZE;
  th.src = buffer;
  take(api->PJRT_Buffer_ToHostBuffer(&th));
  check(th.dst_size == sizeof host, "ToHostBuffer size query");
  float back[6] = {};
  th.dst = back;
  check(take(api->PJRT_Buffer_ToHostBuffer(&th)).first == 0, "ToHostBuffer copies");
  PJRT_Event_Await_Args aw{};
  aw.struct_size = PJRT_Event_Await_Args_STRUCT_SIZE;
  aw.event = th.event;
  check(take(api->PJRT_Event_Await(&aw)).first == 0, "ToHostBuffer event succeeds");
  ed.event = th.event;
  take(api->PJRT_Event_Destroy(&ed));
  check(std::memcmp(back, host, sizeof host) == 0, "round trip keeps the bytes");

  // Compile: a format other than mlir is INVALID_ARGUMENT.
  PJRT_Program program{};
  program.struct_size = PJRT_Program_STRUCT_SIZE;
  char code[] = "module {}";
  program.code = code;
  program.code_size = sizeof code - 1;
  program.format = "hlo";
  program.format_size = 3;
  PJRT_Client_Compile_Args ca{};
  ca.struct_size = PJRT_Client_Compile_Args_STRUCT_SIZE;
  ca.client = client;
  ca.program = &program;
  check(take(api->PJRT_Client_Compile(&ca)).first == PJRT_Error_Code_INVALID_ARGUMENT, "format hlo is rejected");

  // Execute without options is INVALID_ARGUMENT, not a crash.
  PJRT_LoadedExecutable_Execute_Args ex{};
  ex.struct_size = PJRT_LoadedExecutable_Execute_Args_STRUCT_SIZE;
  ex.executable = reinterpret_cast<PJRT_LoadedExecutable*>(&ex);  // never dereferenced: options is checked first
  check(take(api->PJRT_LoadedExecutable_Execute(&ex)).first == PJRT_Error_Code_INVALID_ARGUMENT,
        "Execute without options is rejected");

  PJRT_Buffer_Delete_Args del{};
  del.struct_size = PJRT_Buffer_Delete_Args_STRUCT_SIZE;
  del.buffer = buffer;
  take(api->PJRT_Buffer_Delete(&del));
  PJRT_Buffer_IsDeleted_Args isd{};
  isd.struct_size = PJRT_Buffer_IsDeleted_Args_STRUCT_SIZE;
  isd.buffer = buffer;
  take(api->PJRT_Buffer_IsDeleted(&isd));
  check(isd.is_deleted, "Buffer_IsDeleted after Buffer_Delete");
  th.event = nullptr;
  check(take(api->PJRT_Buffer_ToHostBuffer(&th)).first == PJRT_Error_Code_FAILED_PRECONDITION,
        "ToHostBuffer of a deleted buffer fails cleanly");

  PJRT_Buffer_Destroy_Args bd{};
  bd.struct_size = PJRT_Buffer_Destroy_Args_STRUCT_SIZE;
  bd.buffer = buffer;
  take(api->PJRT_Buffer_Destroy(&bd));
  PJRT_Client_Destroy_Args cd{};
  cd.struct_size = PJRT_Client_Destroy_Args_STRUCT_SIZE;
  cd.client = client;
  check(take(api->PJRT_Client_Destroy(&cd)).first == 0, "Client_Destroy");
}

// An f32 counter that a while loop raises forever (i >= 0 stays true once i + 1 rounds to i).
const char kForever[] = R"mlir(func.func @main(%x: tensor<f32>) -> tensor<f32> {
  %r = "stablehlo.while"(%x) ({
  ^bb0(%i: tensor<f32>):
    %z = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %c = "stablehlo.compare"(%i, %z) {comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
    "stablehlo.return"(%c) : (tensor<i1>) -> ()
  }, {
  ^bb0(%i: tensor<f32>):
    %one = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %n = "stablehlo.add"(%i, %one) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%n) : (tensor<f32>) -> ()
  }) : (tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}
)mlir";

void test_poison_execution() {
  PJRT_Client_Create_Args cc{};
  cc.struct_size = PJRT_Client_Create_Args_STRUCT_SIZE;
  check(take(api->PJRT_Client_Create(&cc)).first == 0 && cc.client != nullptr, "Client_Create");
  PJRT_Client* client = cc.client;
  if (!client) return;
  PJRT_Client_AddressableDevices_Args ad{};
  ad.struct_size = PJRT_Client_AddressableDevices_Args_STRUCT_SIZE;
  ad.client = client;
  take(api->PJRT_Client_AddressableDevices(&ad));
  PJRT_Device* device = ad.addressable_devices[0];

  PJRT_Program program{};
  program.struct_size = PJRT_Program_STRUCT_SIZE;
  std::string code = kForever;
  program.code = code.data();
  program.code_size = code.size();
  program.format = "mlir";
  program.format_size = 4;
  PJRT_Client_Compile_Args ca{};
  ca.struct_size = PJRT_Client_Compile_Args_STRUCT_SIZE;
  ca.client = client;
  ca.program = &program;
  auto [compile_code, compile_msg] = take(api->PJRT_Client_Compile(&ca));
  check(compile_code == 0, "the never-ending loop compiles: " + compile_msg);
  if (compile_code != 0) return;

  float zero = 0;
  PJRT_Client_BufferFromHostBuffer_Args bh{};
  bh.struct_size = PJRT_Client_BufferFromHostBuffer_Args_STRUCT_SIZE;
  bh.client = client;
  bh.data = &zero;
  bh.type = PJRT_Buffer_Type_F32;
  bh.host_buffer_semantics = PJRT_HostBufferSemantics_kImmutableOnlyDuringCall;
  bh.device = device;
  take(api->PJRT_Client_BufferFromHostBuffer(&bh));
  PJRT_Event_Destroy_Args ed{};
  ed.struct_size = PJRT_Event_Destroy_Args_STRUCT_SIZE;
  ed.event = bh.done_with_host_buffer;
  take(api->PJRT_Event_Destroy(&ed));

  // Execute with launch_id 7 on another thread; it would never return on its own.
  auto run = std::async(std::launch::async, [&] {
    PJRT_ExecuteOptions options{};
    options.struct_size = PJRT_ExecuteOptions_STRUCT_SIZE;
    options.launch_id = 7;
    const int64_t keep[1] = {0};
    options.non_donatable_input_indices = keep;
    options.num_non_donatable_input_indices = 1;
    PJRT_Buffer* args[1] = {bh.buffer};
    PJRT_Buffer* const* arg_lists[1] = {args};
    PJRT_Buffer* outs[1] = {nullptr};
    PJRT_Buffer** out_lists[1] = {outs};
    PJRT_LoadedExecutable_Execute_Args ex{};
    ex.struct_size = PJRT_LoadedExecutable_Execute_Args_STRUCT_SIZE;
    ex.executable = ca.executable;
    ex.options = &options;
    ex.argument_lists = arg_lists;
    ex.num_devices = 1;
    ex.num_args = 1;
    ex.output_lists = out_lists;
    return take(api->PJRT_LoadedExecutable_Execute(&ex));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  check(run.wait_for(std::chrono::seconds(0)) == std::future_status::timeout, "the loop is still running");

  const std::string message = "[execute] stopped by the test";
  PJRT_Device_PoisonExecution_Args pe{};
  pe.struct_size = PJRT_Device_PoisonExecution_Args_STRUCT_SIZE;
  pe.device = device;
  pe.launch_id = 8;
  pe.error_code = PJRT_Error_Code_CANCELLED;
  pe.error_message = message.data();
  pe.error_message_size = message.size();
  check(take(api->PJRT_Device_PoisonExecution(&pe)).first == 0 && !pe.poisoned, "another launch_id poisons nothing");
  pe.launch_id = 7;
  const auto asked = std::chrono::steady_clock::now();
  check(take(api->PJRT_Device_PoisonExecution(&pe)).first == 0 && pe.poisoned, "launch_id 7 is poisoned");
  if (run.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    std::printf("FAIL: the poisoned execution did not stop within 2 s\n");
    std::fflush(stdout);
    std::_Exit(1);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - asked).count();
  auto [run_code, run_msg] = run.get();
  check(run_code == PJRT_Error_Code_CANCELLED && run_msg == message,
        "Execute returns the poisoning error: " + std::to_string(run_code) + " " + run_msg);
  check(ms < 2000, "stopped within 2 s of the poisoning: " + std::to_string(ms) + " ms");
  check(take(api->PJRT_Device_PoisonExecution(&pe)).first == 0 && !pe.poisoned, "a finished execution is not poisoned");
  pe.struct_size = 16;
  check(take(api->PJRT_Device_PoisonExecution(&pe)).first == PJRT_Error_Code_INVALID_ARGUMENT, "short args rejected");

  PJRT_Buffer_Destroy_Args bd{};
  bd.struct_size = PJRT_Buffer_Destroy_Args_STRUCT_SIZE;
  bd.buffer = bh.buffer;
  take(api->PJRT_Buffer_Destroy(&bd));
  PJRT_LoadedExecutable_Destroy_Args ld{};
  ld.struct_size = PJRT_LoadedExecutable_Destroy_Args_STRUCT_SIZE;
  ld.executable = ca.executable;
  take(api->PJRT_LoadedExecutable_Destroy(&ld));
  PJRT_Client_Destroy_Args cd{};
  cd.struct_size = PJRT_Client_Destroy_Args_STRUCT_SIZE;
  cd.client = client;
  take(api->PJRT_Client_Destroy(&cd));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <plugin.so>\n", argv[0]);
    return 2;
  }
  void* handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::printf("FAIL: dlopen: %s\n", dlerror());
    return 1;
  }
  auto get = reinterpret_cast<PJRT_GetPjrtApi_Fn*>(dlsym(handle, "GetPjrtApi"));
  if (!get) {
    std::printf("FAIL: no GetPjrtApi symbol\n");
    return 1;
  }
  api = get();
  test_table();
  test_argument_checks();
  test_client_round_trip();
  test_poison_execution();
  std::printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
