// PJRT clients, devices and memories of the CPU plugin: one client owns one CPU device
// with one memory ("device" kind), the shape XLA's own CPU plugin reports.
#include <string>

#include "api/entries.h"
#include "api/objects.h"
#include "engine/parallel.h"

namespace tsmlx::api {

namespace {


PJRT_Client* new_cpu_client() {
  auto client = std::make_unique<PJRT_Client>();
  client->platform_name = "cpu";
  client->platform_version = "tsmlx-cpu 0.1";

  auto device = std::make_unique<PJRT_Device>();
  device->client = client.get();
  device->local_hardware_id = 0;
  device->description.id = 0;
  device->description.process_index = 0;
  device->description.kind = "cpu";
  device->description.debug_string = "TFRT_CPU_0";
  device->description.to_string = "CpuDevice(id=0)";

  auto memory = std::make_unique<PJRT_Memory>();
  memory->client = client.get();
  memory->id = 0;
  memory->kind_id = 0;
  memory->kind = "device";
  memory->debug_string = "CpuDeviceMemory(id=0, process_index=0, client=cpu)";
  memory->to_string = "CPU_DEVICE_0";
  memory->devices.push_back(device.get());

  device->default_memory = memory.get();
  device->memories.push_back(memory.get());
  client->devices.push_back(device.get());
  client->memories.push_back(memory.get());
  client->owned_devices.push_back(std::move(device));
  client->owned_memories.push_back(std::move(memory));
  return client.release();
}

}  // namespace

// ---------------------------------------------------------------- client

PJRT_Error* Client_Create(PJRT_Client_Create_Args* args) {
  // Callers built against 0.x versions before kv_try_get only pass up to `client`.
  if (PJRT_Error* e = check_args(args, args ? args->struct_size : 0,
                                 PJRT_ABI_SIZE(PJRT_Client_Create_Args, client), "PJRT_Client_Create")) {
    return e;
  }
  if (args->num_options > 0 && args->create_options == nullptr) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "PJRT_Client_Create: num_options is " + std::to_string(args->num_options) +
                          " but create_options is NULL");
  }
  // Create options are accepted and ignored; the thread pool is sized from the environment.
  return guarded("PJRT_Client_Create", [&]() -> PJRT_Error* {
    cpu::configure_threads();
    args->client = new_cpu_client();
    return nullptr;
  });
}

PJRT_Error* Client_Destroy(PJRT_Client_Destroy_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_Destroy_Args, "PJRT_Client_Destroy");
  delete args->client;
  return nullptr;
}

PJRT_Error* Client_PlatformName(PJRT_Client_PlatformName_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_PlatformName_Args, "PJRT_Client_PlatformName");
  TSMLX_REQUIRE(args->client, "PJRT_Client_PlatformName", "args->client");
  args->platform_name = args->client->platform_name.data();
  args->platform_name_size = args->client->platform_name.size();
  return nullptr;
}

PJRT_Error* Client_ProcessIndex(PJRT_Client_ProcessIndex_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_ProcessIndex_Args, "PJRT_Client_ProcessIndex");
  TSMLX_REQUIRE(args->client, "PJRT_Client_ProcessIndex", "args->client");
  args->process_index = 0;
  return nullptr;
}

PJRT_Error* Client_PlatformVersion(PJRT_Client_PlatformVersion_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_PlatformVersion_Args, "PJRT_Client_PlatformVersion");
  TSMLX_REQUIRE(args->client, "PJRT_Client_PlatformVersion", "args->client");
  args->platform_version = args->client->platform_version.data();
  args->platform_version_size = args->client->platform_version.size();
  return nullptr;
}

PJRT_Error* Client_Devices(PJRT_Client_Devices_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_Devices_Args, "PJRT_Client_Devices");
  TSMLX_REQUIRE(args->client, "PJRT_Client_Devices", "args->client");
  args->devices = args->client->devices.data();
  args->num_devices = args->client->devices.size();
  return nullptr;
}

PJRT_Error* Client_AddressableDevices(PJRT_Client_AddressableDevices_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_AddressableDevices_Args, "PJRT_Client_AddressableDevices");
  TSMLX_REQUIRE(args->client, "PJRT_Client_AddressableDevices", "args->client");
  args->addressable_devices = args->client->devices.data();
  args->num_addressable_devices = args->client->devices.size();
  return nullptr;
}

PJRT_Error* Client_LookupDevice(PJRT_Client_LookupDevice_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_LookupDevice_Args, "PJRT_Client_LookupDevice");
  TSMLX_REQUIRE(args->client, "PJRT_Client_LookupDevice", "args->client");
  for (PJRT_Device* d : args->client->devices) {
    if (d->description.id == args->id) {
      args->device = d;
      return nullptr;
    }
  }
  return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                    "PJRT_Client_LookupDevice: no device with id " + std::to_string(args->id) +
                        " (the CPU client has ids 0.." + std::to_string(args->client->devices.size() - 1) + ")");
}

PJRT_Error* Client_LookupAddressableDevice(PJRT_Client_LookupAddressableDevice_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_LookupAddressableDevice_Args, "PJRT_Client_LookupAddressableDevice");
  TSMLX_REQUIRE(args->client, "PJRT_Client_LookupAddressableDevice", "args->client");
  for (PJRT_Device* d : args->client->devices) {
    if (d->local_hardware_id == args->local_hardware_id) {
      args->addressable_device = d;
      return nullptr;
    }
  }
  return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                    "PJRT_Client_LookupAddressableDevice: no device with local hardware id " +
                        std::to_string(args->local_hardware_id));
}

PJRT_Error* Client_AddressableMemories(PJRT_Client_AddressableMemories_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_AddressableMemories_Args, "PJRT_Client_AddressableMemories");
  TSMLX_REQUIRE(args->client, "PJRT_Client_AddressableMemories", "args->client");
  args->addressable_memories = args->client->memories.data();
  args->num_addressable_memories = args->client->memories.size();
  return nullptr;
}

PJRT_Error* Client_DefaultDeviceAssignment(PJRT_Client_DefaultDeviceAssignment_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Client_DefaultDeviceAssignment_Args, "PJRT_Client_DefaultDeviceAssignment");
  TSMLX_REQUIRE(args->client, "PJRT_Client_DefaultDeviceAssignment", "args->client");
  const size_t n_devices = args->client->devices.size();
  if (args->num_replicas < 1 || args->num_partitions < 1 ||
      static_cast<size_t>(args->num_replicas) * static_cast<size_t>(args->num_partitions) > n_devices) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "PJRT_Client_DefaultDeviceAssignment: " + std::to_string(args->num_replicas) +
                          " replicas x " + std::to_string(args->num_partitions) + " partitions need more than the " +
                          std::to_string(n_devices) + " CPU device(s)");
  }
  const size_t needed = static_cast<size_t>(args->num_replicas) * static_cast<size_t>(args->num_partitions);
  if (args->default_assignment_size < needed || args->default_assignment == nullptr) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "PJRT_Client_DefaultDeviceAssignment: default_assignment holds " +
                          std::to_string(args->default_assignment_size) + " ints, needs " + std::to_string(needed));
  }
  for (size_t i = 0; i < needed; ++i) args->default_assignment[i] = args->client->devices[i]->description.id;
  return nullptr;
}

// ---------------------------------------------------------------- device descriptions

PJRT_Error* DeviceDescription_Id(PJRT_DeviceDescription_Id_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_Id_Args, "PJRT_DeviceDescription_Id");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_Id", "args->device_description");
  args->id = args->device_description->id;
  return nullptr;
}

PJRT_Error* DeviceDescription_ProcessIndex(PJRT_DeviceDescription_ProcessIndex_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_ProcessIndex_Args, "PJRT_DeviceDescription_ProcessIndex");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_ProcessIndex", "args->device_description");
  args->process_index = args->device_description->process_index;
  return nullptr;
}

PJRT_Error* DeviceDescription_Attributes(PJRT_DeviceDescription_Attributes_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_Attributes_Args, "PJRT_DeviceDescription_Attributes");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_Attributes", "args->device_description");
  args->num_attributes = 0;
  args->attributes = nullptr;
  return nullptr;
}

PJRT_Error* DeviceDescription_Kind(PJRT_DeviceDescription_Kind_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_Kind_Args, "PJRT_DeviceDescription_Kind");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_Kind", "args->device_description");
  args->device_kind = args->device_description->kind.data();
  args->device_kind_size = args->device_description->kind.size();
  return nullptr;
}

PJRT_Error* DeviceDescription_DebugString(PJRT_DeviceDescription_DebugString_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_DebugString_Args, "PJRT_DeviceDescription_DebugString");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_DebugString", "args->device_description");
  args->debug_string = args->device_description->debug_string.data();
  args->debug_string_size = args->device_description->debug_string.size();
  return nullptr;
}

PJRT_Error* DeviceDescription_ToString(PJRT_DeviceDescription_ToString_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_DeviceDescription_ToString_Args, "PJRT_DeviceDescription_ToString");
  TSMLX_REQUIRE(args->device_description, "PJRT_DeviceDescription_ToString", "args->device_description");
  args->to_string = args->device_description->to_string.data();
  args->to_string_size = args->device_description->to_string.size();
  return nullptr;
}

// ---------------------------------------------------------------- devices

PJRT_Error* Device_GetDescription(PJRT_Device_GetDescription_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Device_GetDescription_Args, "PJRT_Device_GetDescription");
  TSMLX_REQUIRE(args->device, "PJRT_Device_GetDescription", "args->device");
  args->device_description = &args->device->description;
  return nullptr;
}

PJRT_Error* Device_IsAddressable(PJRT_Device_IsAddressable_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Device_IsAddressable_Args, "PJRT_Device_IsAddressable");
  TSMLX_REQUIRE(args->device, "PJRT_Device_IsAddressable", "args->device");
  args->is_addressable = true;
  return nullptr;
}

PJRT_Error* Device_LocalHardwareId(PJRT_Device_LocalHardwareId_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Device_LocalHardwareId_Args, "PJRT_Device_LocalHardwareId");
  TSMLX_REQUIRE(args->device, "PJRT_Device_LocalHardwareId", "args->device");
  args->local_hardware_id = args->device->local_hardware_id;
  return nullptr;
}

PJRT_Error* Device_AddressableMemories(PJRT_Device_AddressableMemories_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Device_AddressableMemories_Args, "PJRT_Device_AddressableMemories");
  TSMLX_REQUIRE(args->device, "PJRT_Device_AddressableMemories", "args->device");
  args->memories = args->device->memories.data();
  args->num_memories = args->device->memories.size();
  return nullptr;
}

PJRT_Error* Device_DefaultMemory(PJRT_Device_DefaultMemory_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Device_DefaultMemory_Args, "PJRT_Device_DefaultMemory");
  TSMLX_REQUIRE(args->device, "PJRT_Device_DefaultMemory", "args->device");
  args->memory = args->device->default_memory;
  return nullptr;
}

// ---------------------------------------------------------------- memories

PJRT_Error* Memory_Id(PJRT_Memory_Id_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_Id_Args, "PJRT_Memory_Id");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_Id", "args->memory");
  args->id = args->memory->id;
  return nullptr;
}

PJRT_Error* Memory_Kind(PJRT_Memory_Kind_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_Kind_Args, "PJRT_Memory_Kind");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_Kind", "args->memory");
  args->kind = args->memory->kind.data();
  args->kind_size = args->memory->kind.size();
  return nullptr;
}

PJRT_Error* Memory_Kind_Id(PJRT_Memory_Kind_Id_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_Kind_Id_Args, "PJRT_Memory_Kind_Id");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_Kind_Id", "args->memory");
  args->kind_id = args->memory->kind_id;
  return nullptr;
}

PJRT_Error* Memory_DebugString(PJRT_Memory_DebugString_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_DebugString_Args, "PJRT_Memory_DebugString");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_DebugString", "args->memory");
  args->debug_string = args->memory->debug_string.data();
  args->debug_string_size = args->memory->debug_string.size();
  return nullptr;
}

PJRT_Error* Memory_ToString(PJRT_Memory_ToString_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_ToString_Args, "PJRT_Memory_ToString");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_ToString", "args->memory");
  args->to_string = args->memory->to_string.data();
  args->to_string_size = args->memory->to_string.size();
  return nullptr;
}

PJRT_Error* Memory_AddressableByDevices(PJRT_Memory_AddressableByDevices_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Memory_AddressableByDevices_Args, "PJRT_Memory_AddressableByDevices");
  TSMLX_REQUIRE(args->memory, "PJRT_Memory_AddressableByDevices", "args->memory");
  args->devices = args->memory->devices.data();
  args->num_devices = args->memory->devices.size();
  return nullptr;
}

}  // namespace tsmlx::api
