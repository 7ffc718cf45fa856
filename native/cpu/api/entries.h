// The PJRT entry points the CPU plugin implements, one C++ function per PJRT_Api field
// (Client_Create implements PJRT_Client_Create, and so on). api_table.cc puts them in the
// table; every other entry answers UNIMPLEMENTED.
//
// Example: `PJRT_Error* e = tsmlx::api::Client_Create(&args);`
#pragma once

#include "pjrt_abi.h"

// X(name) for every implemented entry that returns a PJRT_Error*.
#define TSMLX_IMPLEMENTED_ENTRIES(X)                                                                 \
  X(Error_GetCode)                                                                                   \
  X(Plugin_Initialize) X(Plugin_Attributes)                                                          \
  X(Event_Destroy) X(Event_IsReady) X(Event_Error) X(Event_Await) X(Event_OnReady) X(Event_Create)   \
  X(Event_Set)                                                                                       \
  X(Client_Create) X(Client_Destroy) X(Client_PlatformName) X(Client_ProcessIndex)                   \
  X(Client_PlatformVersion) X(Client_Devices) X(Client_AddressableDevices) X(Client_LookupDevice)    \
  X(Client_LookupAddressableDevice) X(Client_AddressableMemories) X(Client_Compile)                  \
  X(Client_DefaultDeviceAssignment) X(Client_BufferFromHostBuffer)                                   \
  X(DeviceDescription_Id) X(DeviceDescription_ProcessIndex) X(DeviceDescription_Attributes)          \
  X(DeviceDescription_Kind) X(DeviceDescription_DebugString) X(DeviceDescription_ToString)           \
  X(Device_GetDescription) X(Device_IsAddressable) X(Device_LocalHardwareId)                         \
  X(Device_AddressableMemories) X(Device_DefaultMemory) X(Device_PoisonExecution)                    \
  X(Memory_Id) X(Memory_Kind) X(Memory_Kind_Id) X(Memory_DebugString) X(Memory_ToString)             \
  X(Memory_AddressableByDevices)                                                                     \
  X(Executable_Destroy) X(Executable_Name) X(Executable_NumReplicas) X(Executable_NumPartitions)     \
  X(Executable_NumOutputs) X(Executable_SizeOfGeneratedCodeInBytes) X(Executable_OutputElementTypes) \
  X(Executable_OutputDimensions) X(Executable_OutputMemoryKinds)                                     \
  X(LoadedExecutable_Destroy) X(LoadedExecutable_GetExecutable)                                      \
  X(LoadedExecutable_AddressableDevices) X(LoadedExecutable_Delete) X(LoadedExecutable_IsDeleted)    \
  X(LoadedExecutable_Execute)                                                                        \
  X(Buffer_Destroy) X(Buffer_ElementType) X(Buffer_Dimensions) X(Buffer_UnpaddedDimensions)          \
  X(Buffer_DynamicDimensionIndices) X(Buffer_OnDeviceSizeInBytes) X(Buffer_Device) X(Buffer_Memory)  \
  X(Buffer_Delete) X(Buffer_IsDeleted) X(Buffer_ToHostBuffer) X(Buffer_IsOnCpu) X(Buffer_ReadyEvent) \
  X(Buffer_UnsafePointer)

namespace tsmlx::api {

void Error_Destroy(PJRT_Error_Destroy_Args* args);
void Error_Message(PJRT_Error_Message_Args* args);
#define TSMLX_DECLARE_ENTRY(name) PJRT_Error* name(PJRT_##name##_Args* args);
TSMLX_IMPLEMENTED_ENTRIES(TSMLX_DECLARE_ENTRY)
#undef TSMLX_DECLARE_ENTRY

}  // namespace tsmlx::api
