/*
 * tsmlx's declarations of the PJRT C API, ABI version 0.114 (x86-64, LP64).
 *
 * Both sides of the interface use this one header: the CPU plugin (native/cpu/api)
 * implements the table, the Node addon (native/pjrt) calls through it, including into
 * XLA's own plugins. Field order and types follow the public PJRT ABI; every offset and
 * size that matters is pinned by a static assertion at the end of this file.
 *
 * Conventions of the ABI, in short:
 *  - every argument struct starts with `size_t struct_size` and an extension pointer;
 *    `struct_size` is the offset of the last field plus its size (PJRT_ABI_SIZE below);
 *  - a callee accepts a caller's struct that is at least as large as the fields it reads;
 *  - every function except Error_Destroy/Error_Message returns a PJRT_Error* (NULL = ok)
 *    that the caller frees with Error_Destroy.
 *
 * Example: `PJRT_Client_Create_Args a{}; a.struct_size = PJRT_Client_Create_Args_STRUCT_SIZE;`
 */
#ifndef TSMLX_PJRT_ABI_H_
#define TSMLX_PJRT_ABI_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version this header describes. */
#define PJRT_ABI_MAJOR 0
#define PJRT_ABI_MINOR 114
/* Number of function-pointer entries in PJRT_Api at this version. */
#define PJRT_ABI_NUM_ENTRIES 138

/* Size of `type` as far as `last` (no trailing padding), as the ABI defines it. */
#define PJRT_ABI_SIZE(type, last) (offsetof(type, last) + sizeof(((type*)0)->last))

/* ------------------------------------------------------------------ basics */

typedef enum {
  PJRT_Extension_Type_Gpu_Custom_Call = 0,
  PJRT_Extension_Type_Profiler,
  PJRT_Extension_Type_Custom_Partitioner,
  PJRT_Extension_Type_Stream,
  PJRT_Extension_Type_Layouts,
  PJRT_Extension_Type_FFI,
  PJRT_Extension_Type_MemoryDescriptions,
  PJRT_Extension_Type_Triton,
  PJRT_Extension_Type_RawBuffer,
  PJRT_Extension_Type_PhaseCompile,
  PJRT_Extension_Type_Example,
  PJRT_Extension_Type_Unknown,
} PJRT_Extension_Type;

/* A link in the optional chain of extensions hung off PJRT_Api and argument structs. */
typedef struct PJRT_Extension_Base {
  size_t struct_size;
  PJRT_Extension_Type type;
  struct PJRT_Extension_Base* next;
} PJRT_Extension_Base;

typedef struct PJRT_Api_Version {
  size_t struct_size;
  PJRT_Extension_Base* extension_start;
  int major_version;
  int minor_version;
} PJRT_Api_Version;

/* Opaque handles. Each implementation defines these structs privately. */
typedef struct PJRT_Error PJRT_Error;
typedef struct PJRT_Event PJRT_Event;
typedef struct PJRT_Client PJRT_Client;
typedef struct PJRT_Device PJRT_Device;
typedef struct PJRT_Memory PJRT_Memory;
typedef struct PJRT_DeviceDescription PJRT_DeviceDescription;
typedef struct PJRT_TopologyDescription PJRT_TopologyDescription;
typedef struct PJRT_Executable PJRT_Executable;
typedef struct PJRT_LoadedExecutable PJRT_LoadedExecutable;
typedef struct PJRT_Buffer PJRT_Buffer;
typedef struct PJRT_ExecuteContext PJRT_ExecuteContext;
typedef struct PJRT_Buffer_MemoryLayout PJRT_Buffer_MemoryLayout;
typedef struct PJRT_SendCallbackInfo PJRT_SendCallbackInfo;
typedef struct PJRT_RecvCallbackInfo PJRT_RecvCallbackInfo;
typedef struct PJRT_MultiSlice_Config PJRT_MultiSlice_Config;

/* absl status codes. */
typedef enum {
  PJRT_Error_Code_OK = 0,
  PJRT_Error_Code_CANCELLED = 1,
  PJRT_Error_Code_UNKNOWN = 2,
  PJRT_Error_Code_INVALID_ARGUMENT = 3,
  PJRT_Error_Code_DEADLINE_EXCEEDED = 4,
  PJRT_Error_Code_NOT_FOUND = 5,
  PJRT_Error_Code_ALREADY_EXISTS = 6,
  PJRT_Error_Code_PERMISSION_DENIED = 7,
  PJRT_Error_Code_RESOURCE_EXHAUSTED = 8,
  PJRT_Error_Code_FAILED_PRECONDITION = 9,
  PJRT_Error_Code_ABORTED = 10,
  PJRT_Error_Code_OUT_OF_RANGE = 11,
  PJRT_Error_Code_UNIMPLEMENTED = 12,
  PJRT_Error_Code_INTERNAL = 13,
  PJRT_Error_Code_UNAVAILABLE = 14,
  PJRT_Error_Code_DATA_LOSS = 15,
  PJRT_Error_Code_UNAUTHENTICATED = 16,
} PJRT_Error_Code;

typedef enum {
  PJRT_Buffer_Type_INVALID = 0,
  PJRT_Buffer_Type_PRED = 1,
  PJRT_Buffer_Type_S8 = 2,
  PJRT_Buffer_Type_S16 = 3,
  PJRT_Buffer_Type_S32 = 4,
  PJRT_Buffer_Type_S64 = 5,
  PJRT_Buffer_Type_U8 = 6,
  PJRT_Buffer_Type_U16 = 7,
  PJRT_Buffer_Type_U32 = 8,
  PJRT_Buffer_Type_U64 = 9,
  PJRT_Buffer_Type_F16 = 10,
  PJRT_Buffer_Type_F32 = 11,
  PJRT_Buffer_Type_F64 = 12,
  PJRT_Buffer_Type_BF16 = 13,
  PJRT_Buffer_Type_C64 = 14,
  PJRT_Buffer_Type_C128 = 15,
  PJRT_Buffer_Type_F8E5M2 = 16,
  PJRT_Buffer_Type_F8E4M3FN = 17,
  PJRT_Buffer_Type_F8E4M3B11FNUZ = 18,
  PJRT_Buffer_Type_F8E5M2FNUZ = 19,
  PJRT_Buffer_Type_F8E4M3FNUZ = 20,
  PJRT_Buffer_Type_S4 = 21,
  PJRT_Buffer_Type_U4 = 22,
  PJRT_Buffer_Type_TOKEN = 23,
  PJRT_Buffer_Type_S2 = 24,
  PJRT_Buffer_Type_U2 = 25,
  PJRT_Buffer_Type_F8E4M3 = 26,
  PJRT_Buffer_Type_F8E3M4 = 27,
  PJRT_Buffer_Type_F8E8M0FNU = 28,
  PJRT_Buffer_Type_F4E2M1FN = 29,
  PJRT_Buffer_Type_S1 = 30,
  PJRT_Buffer_Type_U1 = 31,
} PJRT_Buffer_Type;

typedef enum {
  /* The callee copies `data` before the call returns. */
  PJRT_HostBufferSemantics_kImmutableOnlyDuringCall = 0,
  /* The caller keeps `data` unchanged until done_with_host_buffer is ready. */
  PJRT_HostBufferSemantics_kImmutableUntilTransferCompletes = 1,
  /* The buffer may alias `data` for its whole life; the callee never writes it. */
  PJRT_HostBufferSemantics_kImmutableZeroCopy = 2,
  /* The buffer may alias `data` for its whole life and may write it. */
  PJRT_HostBufferSemantics_kMutableZeroCopy = 3,
} PJRT_HostBufferSemantics;

typedef enum {
  PJRT_NamedValue_kString = 0,
  PJRT_NamedValue_kInt64 = 1,
  PJRT_NamedValue_kInt64List = 2,
  PJRT_NamedValue_kFloat = 3,
  PJRT_NamedValue_kBool = 4,
} PJRT_NamedValue_Type;

/* A key/value pair (create options, attributes). `value_size` counts elements for a
 * string or list and is 1 for a scalar. */
typedef struct PJRT_NamedValue {
  size_t struct_size;
  PJRT_Extension_Base* extension_start;
  const char* name;
  size_t name_size;
  PJRT_NamedValue_Type type;
  union {
    const char* string_value;
    int64_t int64_value;
    const int64_t* int64_array_value;
    float float_value;
    bool bool_value;
  };
  size_t value_size;
} PJRT_NamedValue;

/* A program handed to a compiler: `format` is "mlir" (text or bytecode), "hlo", ... */
typedef struct PJRT_Program {
  size_t struct_size;
  PJRT_Extension_Base* extension_start;
  char* code;
  size_t code_size;
  const char* format;
  size_t format_size;
} PJRT_Program;

/* Options for one Execute call. */
typedef struct PJRT_ExecuteOptions {
  size_t struct_size;
  PJRT_Extension_Base* extension_start;
  PJRT_SendCallbackInfo** send_callbacks;
  PJRT_RecvCallbackInfo** recv_callbacks;
  size_t num_send_ops;
  size_t num_recv_ops;
  int launch_id;
  /* Argument indices that must not be donated, whatever the compiled aliasing says. */
  const int64_t* non_donatable_input_indices;
  size_t num_non_donatable_input_indices;
  PJRT_ExecuteContext* context;
  const char* call_location;
  size_t num_tasks;
  int* task_ids;
  int64_t* incarnation_ids;
  PJRT_MultiSlice_Config* multi_slice_config;
  bool use_major_to_minor_data_layout_for_callbacks;
  void* hlo_output_callbacks;
  size_t num_hlo_output_callbacks;
} PJRT_ExecuteOptions;

/* Callback types. */
struct PJRT_KeyValueGetCallback_Args;
struct PJRT_KeyValuePutCallback_Args;
struct PJRT_KeyValueTryGetCallback_Args;
typedef void (*PJRT_Event_OnReadyCallback)(PJRT_Error* error, void* user_arg);
typedef PJRT_Error* (*PJRT_CallbackError)(PJRT_Error_Code code, const char* message, size_t message_size);
typedef PJRT_Error* (*PJRT_KeyValueGetCallback)(struct PJRT_KeyValueGetCallback_Args* args);
typedef PJRT_Error* (*PJRT_KeyValuePutCallback)(struct PJRT_KeyValuePutCallback_Args* args);
typedef PJRT_Error* (*PJRT_KeyValueTryGetCallback)(struct PJRT_KeyValueTryGetCallback_Args* args);

/* ------------------------------------------------------------------ argument structs
 * Declared for every function this project calls or implements. The remaining entries
 * take argument structs that stay incomplete here (pointers to them are all we need). */

#define PJRT_ABI_ARGS_BEGIN(name) \
  typedef struct name##_Args {    \
    size_t struct_size;           \
    PJRT_Extension_Base* extension_start;
#define PJRT_ABI_ARGS_END(name) \
  }                             \
  name##_Args;

/* Errors */
PJRT_ABI_ARGS_BEGIN(PJRT_Error_Destroy)
  PJRT_Error* error;
PJRT_ABI_ARGS_END(PJRT_Error_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_Error_Message)
  const PJRT_Error* error;
  const char* message;  /* out, lives as long as `error` */
  size_t message_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Error_Message)

PJRT_ABI_ARGS_BEGIN(PJRT_Error_GetCode)
  const PJRT_Error* error;
  PJRT_Error_Code code;  /* out */
PJRT_ABI_ARGS_END(PJRT_Error_GetCode)

/* Plugin */
PJRT_ABI_ARGS_BEGIN(PJRT_Plugin_Initialize)
PJRT_ABI_ARGS_END(PJRT_Plugin_Initialize)

PJRT_ABI_ARGS_BEGIN(PJRT_Plugin_Attributes)
  const PJRT_NamedValue* attributes;  /* out, lives as long as the process */
  size_t num_attributes;              /* out */
PJRT_ABI_ARGS_END(PJRT_Plugin_Attributes)

/* Events */
PJRT_ABI_ARGS_BEGIN(PJRT_Event_Destroy)
  PJRT_Event* event;
PJRT_ABI_ARGS_END(PJRT_Event_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_IsReady)
  PJRT_Event* event;
  bool is_ready;  /* out */
PJRT_ABI_ARGS_END(PJRT_Event_IsReady)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_Error)
  PJRT_Event* event;
PJRT_ABI_ARGS_END(PJRT_Event_Error)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_Await)
  PJRT_Event* event;
PJRT_ABI_ARGS_END(PJRT_Event_Await)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_OnReady)
  PJRT_Event* event;
  PJRT_Event_OnReadyCallback callback;  /* receives ownership of the error */
  void* user_arg;
PJRT_ABI_ARGS_END(PJRT_Event_OnReady)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_Create)
  PJRT_Event* event;  /* out */
PJRT_ABI_ARGS_END(PJRT_Event_Create)

PJRT_ABI_ARGS_BEGIN(PJRT_Event_Set)
  PJRT_Event* event;
  PJRT_Error_Code error_code;
  const char* error_message;
  size_t error_message_size;
PJRT_ABI_ARGS_END(PJRT_Event_Set)

/* Client */
PJRT_ABI_ARGS_BEGIN(PJRT_Client_Create)
  const PJRT_NamedValue* create_options;
  size_t num_options;
  PJRT_KeyValueGetCallback kv_get_callback;
  void* kv_get_user_arg;
  PJRT_KeyValuePutCallback kv_put_callback;
  void* kv_put_user_arg;
  PJRT_Client* client;  /* out */
  PJRT_KeyValueTryGetCallback kv_try_get_callback;
  void* kv_try_get_user_arg;
PJRT_ABI_ARGS_END(PJRT_Client_Create)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_Destroy)
  PJRT_Client* client;
PJRT_ABI_ARGS_END(PJRT_Client_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_PlatformName)
  PJRT_Client* client;
  const char* platform_name;  /* out */
  size_t platform_name_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_PlatformName)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_ProcessIndex)
  PJRT_Client* client;
  int process_index;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_ProcessIndex)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_PlatformVersion)
  PJRT_Client* client;
  const char* platform_version;  /* out */
  size_t platform_version_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_PlatformVersion)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_Devices)
  PJRT_Client* client;
  PJRT_Device* const* devices;  /* out */
  size_t num_devices;           /* out */
PJRT_ABI_ARGS_END(PJRT_Client_Devices)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_AddressableDevices)
  PJRT_Client* client;
  PJRT_Device* const* addressable_devices;  /* out */
  size_t num_addressable_devices;           /* out */
PJRT_ABI_ARGS_END(PJRT_Client_AddressableDevices)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_LookupDevice)
  PJRT_Client* client;
  int id;
  PJRT_Device* device;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_LookupDevice)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_LookupAddressableDevice)
  PJRT_Client* client;
  int local_hardware_id;
  PJRT_Device* addressable_device;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_LookupAddressableDevice)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_AddressableMemories)
  PJRT_Client* client;
  PJRT_Memory* const* addressable_memories;  /* out */
  size_t num_addressable_memories;           /* out */
PJRT_ABI_ARGS_END(PJRT_Client_AddressableMemories)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_Compile)
  PJRT_Client* client;
  const PJRT_Program* program;
  const char* compile_options;  /* serialized xla.CompileOptionsProto */
  size_t compile_options_size;
  PJRT_LoadedExecutable* executable;  /* out */
PJRT_ABI_ARGS_END(PJRT_Client_Compile)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_DefaultDeviceAssignment)
  PJRT_Client* client;
  int num_replicas;
  int num_partitions;
  size_t default_assignment_size;
  int* default_assignment;  /* caller-owned, num_replicas * num_partitions written */
PJRT_ABI_ARGS_END(PJRT_Client_DefaultDeviceAssignment)

PJRT_ABI_ARGS_BEGIN(PJRT_Client_BufferFromHostBuffer)
  PJRT_Client* client;
  const void* data;
  PJRT_Buffer_Type type;
  const int64_t* dims;
  size_t num_dims;
  const int64_t* byte_strides;  /* NULL = dense row-major */
  size_t num_byte_strides;
  PJRT_HostBufferSemantics host_buffer_semantics;
  PJRT_Device* device;
  PJRT_Memory* memory;  /* when set, wins over `device` */
  PJRT_Buffer_MemoryLayout* device_layout;
  PJRT_Event* done_with_host_buffer;  /* out */
  PJRT_Buffer* buffer;                /* out */
PJRT_ABI_ARGS_END(PJRT_Client_BufferFromHostBuffer)

/* Device descriptions */
PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_Id)
  PJRT_DeviceDescription* device_description;
  int id;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_Id)

PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_ProcessIndex)
  PJRT_DeviceDescription* device_description;
  int process_index;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_ProcessIndex)

PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_Attributes)
  PJRT_DeviceDescription* device_description;
  size_t num_attributes;              /* out */
  const PJRT_NamedValue* attributes;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_Attributes)

PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_Kind)
  PJRT_DeviceDescription* device_description;
  const char* device_kind;  /* out */
  size_t device_kind_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_Kind)

PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_DebugString)
  PJRT_DeviceDescription* device_description;
  const char* debug_string;  /* out */
  size_t debug_string_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_DebugString)

PJRT_ABI_ARGS_BEGIN(PJRT_DeviceDescription_ToString)
  PJRT_DeviceDescription* device_description;
  const char* to_string;  /* out */
  size_t to_string_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_DeviceDescription_ToString)

/* Devices */
PJRT_ABI_ARGS_BEGIN(PJRT_Device_GetDescription)
  PJRT_Device* device;
  PJRT_DeviceDescription* device_description;  /* out */
PJRT_ABI_ARGS_END(PJRT_Device_GetDescription)

PJRT_ABI_ARGS_BEGIN(PJRT_Device_IsAddressable)
  PJRT_Device* device;
  bool is_addressable;  /* out */
PJRT_ABI_ARGS_END(PJRT_Device_IsAddressable)

PJRT_ABI_ARGS_BEGIN(PJRT_Device_LocalHardwareId)
  PJRT_Device* device;
  int local_hardware_id;  /* out */
PJRT_ABI_ARGS_END(PJRT_Device_LocalHardwareId)

PJRT_ABI_ARGS_BEGIN(PJRT_Device_AddressableMemories)
  PJRT_Device* device;
  PJRT_Memory* const* memories;  /* out */
  size_t num_memories;           /* out */
PJRT_ABI_ARGS_END(PJRT_Device_AddressableMemories)

PJRT_ABI_ARGS_BEGIN(PJRT_Device_DefaultMemory)
  PJRT_Device* device;
  PJRT_Memory* memory;  /* out */
PJRT_ABI_ARGS_END(PJRT_Device_DefaultMemory)

/* Poisons the earliest execution on `device` with this launch_id that has not finished: it
 * ends with the given error. `poisoned` tells whether there was one. */
PJRT_ABI_ARGS_BEGIN(PJRT_Device_PoisonExecution)
  PJRT_Device* device;
  int32_t launch_id;
  PJRT_Error_Code error_code;
  const char* error_message;
  size_t error_message_size;
  bool poisoned;  /* out */
PJRT_ABI_ARGS_END(PJRT_Device_PoisonExecution)

/* Memories */
PJRT_ABI_ARGS_BEGIN(PJRT_Memory_Id)
  PJRT_Memory* memory;
  int id;  /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_Id)

PJRT_ABI_ARGS_BEGIN(PJRT_Memory_Kind)
  PJRT_Memory* memory;
  const char* kind;  /* out */
  size_t kind_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_Kind)

PJRT_ABI_ARGS_BEGIN(PJRT_Memory_Kind_Id)
  PJRT_Memory* memory;
  int kind_id;  /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_Kind_Id)

PJRT_ABI_ARGS_BEGIN(PJRT_Memory_DebugString)
  PJRT_Memory* memory;
  const char* debug_string;  /* out */
  size_t debug_string_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_DebugString)

PJRT_ABI_ARGS_BEGIN(PJRT_Memory_ToString)
  PJRT_Memory* memory;
  const char* to_string;  /* out */
  size_t to_string_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_ToString)

PJRT_ABI_ARGS_BEGIN(PJRT_Memory_AddressableByDevices)
  PJRT_Memory* memory;
  PJRT_Device* const* devices;  /* out */
  size_t num_devices;           /* out */
PJRT_ABI_ARGS_END(PJRT_Memory_AddressableByDevices)

/* Executables */
PJRT_ABI_ARGS_BEGIN(PJRT_Executable_Destroy)
  PJRT_Executable* executable;
PJRT_ABI_ARGS_END(PJRT_Executable_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_Name)
  PJRT_Executable* executable;
  const char* executable_name;  /* out */
  size_t executable_name_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_Name)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_NumReplicas)
  PJRT_Executable* executable;
  size_t num_replicas;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_NumReplicas)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_NumPartitions)
  PJRT_Executable* executable;
  size_t num_partitions;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_NumPartitions)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_NumOutputs)
  PJRT_Executable* executable;
  size_t num_outputs;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_NumOutputs)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_SizeOfGeneratedCodeInBytes)
  PJRT_Executable* executable;
  int64_t size_in_bytes;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_SizeOfGeneratedCodeInBytes)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_OutputElementTypes)
  PJRT_Executable* executable;
  PJRT_Buffer_Type* output_types;  /* out */
  size_t num_output_types;         /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_OutputElementTypes)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_OutputDimensions)
  PJRT_Executable* executable;
  size_t num_outputs;        /* out */
  const int64_t* dims;       /* out: all outputs' dims, concatenated */
  const size_t* dim_sizes;   /* out: rank of each output */
PJRT_ABI_ARGS_END(PJRT_Executable_OutputDimensions)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_OutputMemoryKinds)
  PJRT_Executable* executable;
  size_t num_outputs;                 /* out */
  const char* const* memory_kinds;    /* out */
  const size_t* memory_kind_sizes;    /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_OutputMemoryKinds)

PJRT_ABI_ARGS_BEGIN(PJRT_Executable_Fingerprint)
  PJRT_Executable* executable;
  const char* executable_fingerprint;  /* out */
  size_t executable_fingerprint_size;  /* out */
PJRT_ABI_ARGS_END(PJRT_Executable_Fingerprint)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_Destroy)
  PJRT_LoadedExecutable* executable;
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_GetExecutable)
  PJRT_LoadedExecutable* loaded_executable;
  PJRT_Executable* executable;  /* out, freed with Executable_Destroy */
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_GetExecutable)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_AddressableDevices)
  PJRT_LoadedExecutable* executable;
  PJRT_Device* const* addressable_devices;  /* out */
  size_t num_addressable_devices;           /* out */
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_AddressableDevices)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_Delete)
  PJRT_LoadedExecutable* executable;
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_Delete)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_IsDeleted)
  PJRT_LoadedExecutable* executable;
  bool is_deleted;  /* out */
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_IsDeleted)

PJRT_ABI_ARGS_BEGIN(PJRT_LoadedExecutable_Execute)
  PJRT_LoadedExecutable* executable;
  PJRT_ExecuteOptions* options;               /* required */
  PJRT_Buffer* const* const* argument_lists;  /* [num_devices][num_args] */
  size_t num_devices;
  size_t num_args;
  PJRT_Buffer** const* output_lists;    /* [num_devices][num_outputs], filled */
  PJRT_Event** device_complete_events;  /* optional [num_devices], filled */
  PJRT_Device* execute_device;
PJRT_ABI_ARGS_END(PJRT_LoadedExecutable_Execute)

/* Buffers */
PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_Destroy)
  PJRT_Buffer* buffer;
PJRT_ABI_ARGS_END(PJRT_Buffer_Destroy)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_ElementType)
  PJRT_Buffer* buffer;
  PJRT_Buffer_Type type;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_ElementType)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_Dimensions)
  PJRT_Buffer* buffer;
  const int64_t* dims;  /* out, lives as long as `buffer` */
  size_t num_dims;      /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_Dimensions)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_UnpaddedDimensions)
  PJRT_Buffer* buffer;
  const int64_t* unpadded_dims;  /* out */
  size_t num_dims;               /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_UnpaddedDimensions)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_DynamicDimensionIndices)
  PJRT_Buffer* buffer;
  const size_t* dynamic_dim_indices;  /* out */
  size_t num_dynamic_dims;            /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_DynamicDimensionIndices)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_OnDeviceSizeInBytes)
  PJRT_Buffer* buffer;
  size_t on_device_size_in_bytes;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_OnDeviceSizeInBytes)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_Device)
  PJRT_Buffer* buffer;
  PJRT_Device* device;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_Device)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_Memory)
  PJRT_Buffer* buffer;
  PJRT_Memory* memory;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_Memory)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_Delete)
  PJRT_Buffer* buffer;
PJRT_ABI_ARGS_END(PJRT_Buffer_Delete)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_IsDeleted)
  PJRT_Buffer* buffer;
  bool is_deleted;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_IsDeleted)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_ToHostBuffer)
  PJRT_Buffer* src;
  PJRT_Buffer_MemoryLayout* host_layout;  /* NULL = the buffer's own layout */
  void* dst;                              /* NULL = only report dst_size */
  size_t dst_size;                        /* in/out */
  PJRT_Event* event;                      /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_ToHostBuffer)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_IsOnCpu)
  PJRT_Buffer* buffer;
  bool is_on_cpu;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_IsOnCpu)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_ReadyEvent)
  PJRT_Buffer* buffer;
  PJRT_Event* event;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_ReadyEvent)

PJRT_ABI_ARGS_BEGIN(PJRT_Buffer_UnsafePointer)
  PJRT_Buffer* buffer;
  uintptr_t buffer_pointer;  /* out */
PJRT_ABI_ARGS_END(PJRT_Buffer_UnsafePointer)

/* ------------------------------------------------------------------ the table */

/* Every entry of PJRT_Api, in table order, with its index: X(index, Name) names the
 * field PJRT_Name, its function type PJRT_Name_Fn and its argument struct PJRT_Name_Args.
 * The indices are the ABI: entry i lives at byte offset 40 + 8 * i. */
#define PJRT_ABI_FOR_EACH_ENTRY(V, X) \
  V(0, Error_Destroy) \
  V(1, Error_Message) \
  X(2, Error_GetCode) \
  X(3, Plugin_Initialize) \
  X(4, Plugin_Attributes) \
  X(5, Event_Destroy) \
  X(6, Event_IsReady) \
  X(7, Event_Error) \
  X(8, Event_Await) \
  X(9, Event_OnReady) \
  X(10, Client_Create) \
  X(11, Client_Destroy) \
  X(12, Client_PlatformName) \
  X(13, Client_ProcessIndex) \
  X(14, Client_PlatformVersion) \
  X(15, Client_Devices) \
  X(16, Client_AddressableDevices) \
  X(17, Client_LookupDevice) \
  X(18, Client_LookupAddressableDevice) \
  X(19, Client_AddressableMemories) \
  X(20, Client_Compile) \
  X(21, Client_DefaultDeviceAssignment) \
  X(22, Client_BufferFromHostBuffer) \
  X(23, DeviceDescription_Id) \
  X(24, DeviceDescription_ProcessIndex) \
  X(25, DeviceDescription_Attributes) \
  X(26, DeviceDescription_Kind) \
  X(27, DeviceDescription_DebugString) \
  X(28, DeviceDescription_ToString) \
  X(29, Device_GetDescription) \
  X(30, Device_IsAddressable) \
  X(31, Device_LocalHardwareId) \
  X(32, Device_AddressableMemories) \
  X(33, Device_DefaultMemory) \
  X(34, Device_MemoryStats) \
  X(35, Memory_Id) \
  X(36, Memory_Kind) \
  X(37, Memory_DebugString) \
  X(38, Memory_ToString) \
  X(39, Memory_AddressableByDevices) \
  X(40, Executable_Destroy) \
  X(41, Executable_Name) \
  X(42, Executable_NumReplicas) \
  X(43, Executable_NumPartitions) \
  X(44, Executable_NumOutputs) \
  X(45, Executable_SizeOfGeneratedCodeInBytes) \
  X(46, Executable_GetCostAnalysis) \
  X(47, Executable_OutputMemoryKinds) \
  X(48, Executable_OptimizedProgram) \
  X(49, Executable_Serialize) \
  X(50, LoadedExecutable_Destroy) \
  X(51, LoadedExecutable_GetExecutable) \
  X(52, LoadedExecutable_AddressableDevices) \
  X(53, LoadedExecutable_Delete) \
  X(54, LoadedExecutable_IsDeleted) \
  X(55, LoadedExecutable_Execute) \
  X(56, Executable_DeserializeAndLoad) \
  X(57, LoadedExecutable_Fingerprint) \
  X(58, Buffer_Destroy) \
  X(59, Buffer_ElementType) \
  X(60, Buffer_Dimensions) \
  X(61, Buffer_UnpaddedDimensions) \
  X(62, Buffer_DynamicDimensionIndices) \
  X(63, Buffer_GetMemoryLayout) \
  X(64, Buffer_OnDeviceSizeInBytes) \
  X(65, Buffer_Device) \
  X(66, Buffer_Memory) \
  X(67, Buffer_Delete) \
  X(68, Buffer_IsDeleted) \
  X(69, Buffer_CopyToDevice) \
  X(70, Buffer_ToHostBuffer) \
  X(71, Buffer_IsOnCpu) \
  X(72, Buffer_ReadyEvent) \
  X(73, Buffer_UnsafePointer) \
  X(74, Buffer_IncreaseExternalReferenceCount) \
  X(75, Buffer_DecreaseExternalReferenceCount) \
  X(76, Buffer_OpaqueDeviceMemoryDataPointer) \
  X(77, CopyToDeviceStream_Destroy) \
  X(78, CopyToDeviceStream_AddChunk) \
  X(79, CopyToDeviceStream_TotalBytes) \
  X(80, CopyToDeviceStream_GranuleSize) \
  X(81, CopyToDeviceStream_CurrentBytes) \
  X(82, TopologyDescription_Create) \
  X(83, TopologyDescription_Destroy) \
  X(84, TopologyDescription_PlatformName) \
  X(85, TopologyDescription_PlatformVersion) \
  X(86, TopologyDescription_GetDeviceDescriptions) \
  X(87, TopologyDescription_Serialize) \
  X(88, TopologyDescription_Attributes) \
  X(89, Compile) \
  X(90, Executable_OutputElementTypes) \
  X(91, Executable_OutputDimensions) \
  X(92, Buffer_CopyToMemory) \
  X(93, Client_CreateViewOfDeviceBuffer) \
  X(94, Executable_Fingerprint) \
  X(95, Client_TopologyDescription) \
  X(96, Executable_GetCompiledMemoryStats) \
  X(97, Memory_Kind_Id) \
  X(98, ExecuteContext_Create) \
  X(99, ExecuteContext_Destroy) \
  X(100, Buffer_CopyRawToHost) \
  X(101, AsyncHostToDeviceTransferManager_Destroy) \
  X(102, AsyncHostToDeviceTransferManager_TransferData) \
  X(103, Client_CreateBuffersForAsyncHostToDevice) \
  X(104, AsyncHostToDeviceTransferManager_RetrieveBuffer) \
  X(105, AsyncHostToDeviceTransferManager_Device) \
  X(106, AsyncHostToDeviceTransferManager_BufferCount) \
  X(107, AsyncHostToDeviceTransferManager_BufferSize) \
  X(108, AsyncHostToDeviceTransferManager_SetBufferError) \
  X(109, AsyncHostToDeviceTransferManager_AddMetadata) \
  X(110, Client_DmaMap) \
  X(111, Client_DmaUnmap) \
  X(112, Client_CreateUninitializedBuffer) \
  X(113, Client_UpdateGlobalProcessInfo) \
  X(114, TopologyDescription_Deserialize) \
  X(115, Client_CreateAliasBuffer) \
  X(116, Client_FulfillAliasBuffer) \
  X(117, LoadedExecutable_GetDeviceAssignment) \
  X(118, Client_CreateErrorBuffer) \
  X(119, AsyncHostToDeviceTransferManager_TransferLiteral) \
  X(120, Buffer_CopyRawToHostFuture) \
  X(121, Device_PoisonExecution) \
  X(122, Device_CreateAsyncTrackingEvent) \
  X(123, AsyncTrackingEvent_Destroy) \
  X(124, Executable_GetCompileOptions) \
  X(125, Buffer_DonateWithControlDependency) \
  X(126, Event_Create) \
  X(127, Event_Set) \
  X(128, Device_GetAttributes) \
  X(129, Client_Load) \
  X(130, LoadedExecutable_AddressableDeviceLogicalIds) \
  X(131, Buffer_Bitcast) \
  X(132, Error_ForEachPayload) \
  X(133, TopologyDescription_Fingerprint) \
  X(134, Executable_ParameterMemoryKinds) \
  X(135, Device_ClearMemoryStats) \
  X(136, TopologyDescription_MakeCanonicalShapeForMemorySpace) \
  X(137, TopologyDescription_GetMemorySpaceKindIds) \
  /* end of list */

/* Function types: PJRT_Name_Fn. Entries 0 and 1 return nothing; the rest return an error. */
#define PJRT_ABI_DECLARE_VOID_FN(index, name)                 \
  typedef struct PJRT_##name##_Args PJRT_##name##_Args;       \
  typedef void PJRT_##name##_Fn(PJRT_##name##_Args* args);
#define PJRT_ABI_DECLARE_ERROR_FN(index, name)                \
  typedef struct PJRT_##name##_Args PJRT_##name##_Args;       \
  typedef PJRT_Error* PJRT_##name##_Fn(PJRT_##name##_Args* args);
PJRT_ABI_FOR_EACH_ENTRY(PJRT_ABI_DECLARE_VOID_FN, PJRT_ABI_DECLARE_ERROR_FN)

/* The table a plugin's GetPjrtApi() returns. */
#define PJRT_ABI_DECLARE_FIELD(index, name) PJRT_##name##_Fn* PJRT_##name;
typedef struct PJRT_Api {
  size_t struct_size;
  PJRT_Extension_Base* extension_start;
  PJRT_Api_Version pjrt_api_version;
  PJRT_ABI_FOR_EACH_ENTRY(PJRT_ABI_DECLARE_FIELD, PJRT_ABI_DECLARE_FIELD)
} PJRT_Api;

/* The one symbol a plugin exports. */
typedef const PJRT_Api* PJRT_GetPjrtApi_Fn(void);

/* ------------------------------------------------------------------ sizes */

#define PJRT_ABI_SIZE_CONSTANT(type, last) enum { type##_STRUCT_SIZE = PJRT_ABI_SIZE(type, last) };
PJRT_ABI_SIZE_CONSTANT(PJRT_Api, PJRT_TopologyDescription_GetMemorySpaceKindIds)
PJRT_ABI_SIZE_CONSTANT(PJRT_Api_Version, minor_version)
PJRT_ABI_SIZE_CONSTANT(PJRT_Extension_Base, next)
PJRT_ABI_SIZE_CONSTANT(PJRT_NamedValue, value_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Program, format_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_ExecuteOptions, num_hlo_output_callbacks)
PJRT_ABI_SIZE_CONSTANT(PJRT_Error_Destroy_Args, error)
PJRT_ABI_SIZE_CONSTANT(PJRT_Error_Message_Args, message_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Error_GetCode_Args, code)
PJRT_ABI_SIZE_CONSTANT(PJRT_Plugin_Initialize_Args, extension_start)
PJRT_ABI_SIZE_CONSTANT(PJRT_Plugin_Attributes_Args, num_attributes)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_Destroy_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_IsReady_Args, is_ready)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_Error_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_Await_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_OnReady_Args, user_arg)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_Create_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Event_Set_Args, error_message_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_Create_Args, kv_try_get_user_arg)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_Destroy_Args, client)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_PlatformName_Args, platform_name_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_ProcessIndex_Args, process_index)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_PlatformVersion_Args, platform_version_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_Devices_Args, num_devices)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_AddressableDevices_Args, num_addressable_devices)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_LookupDevice_Args, device)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_LookupAddressableDevice_Args, addressable_device)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_AddressableMemories_Args, num_addressable_memories)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_Compile_Args, executable)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_DefaultDeviceAssignment_Args, default_assignment)
PJRT_ABI_SIZE_CONSTANT(PJRT_Client_BufferFromHostBuffer_Args, buffer)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_Id_Args, id)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_ProcessIndex_Args, process_index)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_Attributes_Args, attributes)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_Kind_Args, device_kind_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_DebugString_Args, debug_string_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_DeviceDescription_ToString_Args, to_string_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_GetDescription_Args, device_description)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_IsAddressable_Args, is_addressable)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_LocalHardwareId_Args, local_hardware_id)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_AddressableMemories_Args, num_memories)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_DefaultMemory_Args, memory)
PJRT_ABI_SIZE_CONSTANT(PJRT_Device_PoisonExecution_Args, poisoned)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_Id_Args, id)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_Kind_Args, kind_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_Kind_Id_Args, kind_id)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_DebugString_Args, debug_string_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_ToString_Args, to_string_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Memory_AddressableByDevices_Args, num_devices)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_Destroy_Args, executable)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_Name_Args, executable_name_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_NumReplicas_Args, num_replicas)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_NumPartitions_Args, num_partitions)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_NumOutputs_Args, num_outputs)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_SizeOfGeneratedCodeInBytes_Args, size_in_bytes)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_OutputElementTypes_Args, num_output_types)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_OutputDimensions_Args, dim_sizes)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_OutputMemoryKinds_Args, memory_kind_sizes)
PJRT_ABI_SIZE_CONSTANT(PJRT_Executable_Fingerprint_Args, executable_fingerprint_size)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_Destroy_Args, executable)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_GetExecutable_Args, executable)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_AddressableDevices_Args, num_addressable_devices)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_Delete_Args, executable)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_IsDeleted_Args, is_deleted)
PJRT_ABI_SIZE_CONSTANT(PJRT_LoadedExecutable_Execute_Args, execute_device)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_Destroy_Args, buffer)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_ElementType_Args, type)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_Dimensions_Args, num_dims)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_UnpaddedDimensions_Args, num_dims)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_DynamicDimensionIndices_Args, num_dynamic_dims)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_OnDeviceSizeInBytes_Args, on_device_size_in_bytes)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_Device_Args, device)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_Memory_Args, memory)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_Delete_Args, buffer)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_IsDeleted_Args, is_deleted)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_ToHostBuffer_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_IsOnCpu_Args, is_on_cpu)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_ReadyEvent_Args, event)
PJRT_ABI_SIZE_CONSTANT(PJRT_Buffer_UnsafePointer_Args, buffer_pointer)

#ifdef __cplusplus
} /* extern "C" */
#define PJRT_ABI_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define PJRT_ABI_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* ------------------------------------------------------------------ ABI pins (x86-64) */

PJRT_ABI_STATIC_ASSERT(sizeof(void*) == 8 && sizeof(size_t) == 8, "the PJRT ABI pins here are for LP64");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_Api, pjrt_api_version) == 16, "PJRT_Api.pjrt_api_version");
#define PJRT_ABI_ASSERT_OFFSET(index, name) \
  PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_Api, PJRT_##name) == 40 + 8 * (index), "PJRT_Api entry PJRT_" #name);
PJRT_ABI_FOR_EACH_ENTRY(PJRT_ABI_ASSERT_OFFSET, PJRT_ABI_ASSERT_OFFSET)
PJRT_ABI_STATIC_ASSERT(sizeof(PJRT_Api) == 1144, "sizeof(PJRT_Api)");

#define PJRT_ABI_ASSERT_SIZE(type, bytes) PJRT_ABI_STATIC_ASSERT(type##_STRUCT_SIZE == (bytes), #type " size");
PJRT_ABI_ASSERT_SIZE(PJRT_Api, 1144)
PJRT_ABI_ASSERT_SIZE(PJRT_Api_Version, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_NamedValue, 56)
PJRT_ABI_ASSERT_SIZE(PJRT_Error_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Error_Message_Args, 40)
PJRT_ABI_ASSERT_SIZE(PJRT_Error_GetCode_Args, 28)
PJRT_ABI_ASSERT_SIZE(PJRT_Plugin_Initialize_Args, 16)
PJRT_ABI_ASSERT_SIZE(PJRT_Plugin_Attributes_Args, 32)
PJRT_ABI_ASSERT_SIZE(PJRT_Event_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Event_Await_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Event_OnReady_Args, 40)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_Create_Args, 88)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_PlatformName_Args, 40)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_AddressableDevices_Args, 40)
PJRT_ABI_ASSERT_SIZE(PJRT_Program, 48)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_Compile_Args, 56)
PJRT_ABI_ASSERT_SIZE(PJRT_Client_BufferFromHostBuffer_Args, 120)
PJRT_ABI_ASSERT_SIZE(PJRT_ExecuteOptions, 144)
PJRT_ABI_ASSERT_SIZE(PJRT_LoadedExecutable_Execute_Args, 80)
PJRT_ABI_ASSERT_SIZE(PJRT_LoadedExecutable_GetExecutable_Args, 32)
PJRT_ABI_ASSERT_SIZE(PJRT_Executable_NumOutputs_Args, 32)
PJRT_ABI_ASSERT_SIZE(PJRT_Executable_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_LoadedExecutable_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Buffer_ToHostBuffer_Args, 56)
PJRT_ABI_ASSERT_SIZE(PJRT_Buffer_Dimensions_Args, 40)
PJRT_ABI_ASSERT_SIZE(PJRT_Buffer_ElementType_Args, 28)
PJRT_ABI_ASSERT_SIZE(PJRT_Buffer_Destroy_Args, 24)
PJRT_ABI_ASSERT_SIZE(PJRT_Device_PoisonExecution_Args, 49)
/* Field offsets inside the structs whose later fields matter most. */
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_NamedValue, type) == 32 && offsetof(PJRT_NamedValue, int64_value) == 40,
                       "PJRT_NamedValue layout");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_Client_Create_Args, client) == 64, "PJRT_Client_Create_Args.client");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_Client_BufferFromHostBuffer_Args, host_buffer_semantics) == 72 &&
                           offsetof(PJRT_Client_BufferFromHostBuffer_Args, done_with_host_buffer) == 104,
                       "PJRT_Client_BufferFromHostBuffer_Args layout");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_Device_PoisonExecution_Args, launch_id) == 24 &&
                           offsetof(PJRT_Device_PoisonExecution_Args, error_message) == 32,
                       "PJRT_Device_PoisonExecution_Args layout");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_ExecuteOptions, launch_id) == 48 &&
                           offsetof(PJRT_ExecuteOptions, non_donatable_input_indices) == 56 &&
                           offsetof(PJRT_ExecuteOptions, multi_slice_config) == 112,
                       "PJRT_ExecuteOptions layout");
PJRT_ABI_STATIC_ASSERT(offsetof(PJRT_LoadedExecutable_Execute_Args, output_lists) == 56, "Execute_Args layout");

#endif /* TSMLX_PJRT_ABI_H_ */
