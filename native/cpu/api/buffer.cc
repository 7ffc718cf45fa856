// Device buffers of the CPU plugin: dense row-major bytes in an engine Storage. Host
// transfers copy synchronously and return events that are already set.
#include <cstring>
#include <string>

#include "api/entries.h"
#include "api/objects.h"

namespace tsmlx::api {

namespace {

std::string dims_string(const int64_t* dims, size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

// The buffer's storage, or nullptr once it is deleted.
std::shared_ptr<cpu::Storage> storage_of(PJRT_Buffer* b) {
  std::lock_guard<std::mutex> lock(b->mu);
  return b->storage;
}

}  // namespace

PJRT_Error* Client_BufferFromHostBuffer(PJRT_Client_BufferFromHostBuffer_Args* args) {
  static const char kFn[] = "PJRT_Client_BufferFromHostBuffer";
  TSMLX_CHECK_ARGS(args, PJRT_Client_BufferFromHostBuffer_Args, kFn);
  TSMLX_REQUIRE(args->client, kFn, "args->client");
  PJRT_Client* client = args->client;
  const auto type = static_cast<cpu::ElementType>(args->type);
  if (!cpu::is_supported(type)) {
    return make_error(PJRT_Error_Code_UNIMPLEMENTED, "[bufferFromHost] element type " + std::to_string(args->type) +
                                                         " is not supported by the tsmlx CPU plugin");
  }
  if (args->num_dims > 0 && args->dims == nullptr) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[bufferFromHost] dims is NULL for rank " +
                                                            std::to_string(args->num_dims));
  }
  cpu::TensorType tt;
  tt.type = type;
  tt.dims.assign(args->dims, args->dims + args->num_dims);
  for (int64_t d : tt.dims) {
    if (d < 0) {
      return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                        "[bufferFromHost] dimensions " + dims_string(args->dims, args->num_dims) + " must be >= 0");
    }
  }
  const size_t bytes = tt.byte_size();
  if (args->byte_strides != nullptr && args->num_byte_strides > 0) {
    if (args->num_byte_strides != args->num_dims) {
      return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                        "[bufferFromHost] " + std::to_string(args->num_byte_strides) + " byte strides for rank " +
                            std::to_string(args->num_dims));
    }
    // Only the dense row-major layout is accepted; size-1 dimensions may carry any stride.
    int64_t expected = static_cast<int64_t>(cpu::element_size(type));
    for (size_t i = args->num_dims; i-- > 0;) {
      if (tt.dims[i] > 1 && args->byte_strides[i] != expected) {
        return make_error(PJRT_Error_Code_UNIMPLEMENTED,
                          "[bufferFromHost] byte strides " + dims_string(args->byte_strides, args->num_byte_strides) +
                              " are not dense row-major; the tsmlx CPU plugin takes dense data only");
      }
      expected *= tt.dims[i];
    }
  }
  if (args->device_layout != nullptr) {
    return make_error(PJRT_Error_Code_UNIMPLEMENTED, "[bufferFromHost] device_layout must be NULL (dense row-major)");
  }
  PJRT_Device* device = client->devices[0];
  if (args->memory != nullptr) {
    if (args->memory->client != client) {
      return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[bufferFromHost] memory belongs to another client");
    }
    device = args->memory->devices[0];
  } else if (args->device != nullptr) {
    if (args->device->client != client) {
      return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[bufferFromHost] device belongs to another client");
    }
    device = args->device;
  }
  if (bytes > 0 && args->data == nullptr) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[bufferFromHost] data is NULL for " + tt.to_string());
  }
  return guarded(kFn, [&]() -> PJRT_Error* {
    std::shared_ptr<cpu::Storage> storage = cpu::Storage::allocate(bytes);
    if (!storage) {
      return make_error(PJRT_Error_Code_RESOURCE_EXHAUSTED,
                        "[bufferFromHost] cannot allocate " + std::to_string(bytes) + " bytes for " + tt.to_string());
    }
    if (bytes > 0) std::memcpy(storage->data(), args->data, bytes);
    auto buffer = std::make_unique<PJRT_Buffer>();
    buffer->client = client;
    buffer->device = device;
    buffer->dims = tt.dims;
    buffer->type = std::move(tt);
    buffer->storage = std::move(storage);
    // Every host-buffer semantics is met by copying: the host data is free once we return.
    std::unique_ptr<PJRT_Event> done(ready_event());
    args->buffer = buffer.release();
    args->done_with_host_buffer = done.release();
    return nullptr;
  });
}

PJRT_Error* Buffer_Destroy(PJRT_Buffer_Destroy_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_Destroy_Args, "PJRT_Buffer_Destroy");
  delete args->buffer;
  return nullptr;
}

PJRT_Error* Buffer_ElementType(PJRT_Buffer_ElementType_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_ElementType_Args, "PJRT_Buffer_ElementType");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_ElementType", "args->buffer");
  args->type = static_cast<PJRT_Buffer_Type>(args->buffer->type.type);
  return nullptr;
}

PJRT_Error* Buffer_Dimensions(PJRT_Buffer_Dimensions_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_Dimensions_Args, "PJRT_Buffer_Dimensions");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_Dimensions", "args->buffer");
  args->dims = args->buffer->dims.data();
  args->num_dims = args->buffer->dims.size();
  return nullptr;
}

PJRT_Error* Buffer_UnpaddedDimensions(PJRT_Buffer_UnpaddedDimensions_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_UnpaddedDimensions_Args, "PJRT_Buffer_UnpaddedDimensions");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_UnpaddedDimensions", "args->buffer");
  args->unpadded_dims = args->buffer->dims.data();
  args->num_dims = args->buffer->dims.size();
  return nullptr;
}

PJRT_Error* Buffer_DynamicDimensionIndices(PJRT_Buffer_DynamicDimensionIndices_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_DynamicDimensionIndices_Args, "PJRT_Buffer_DynamicDimensionIndices");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_DynamicDimensionIndices", "args->buffer");
  args->dynamic_dim_indices = nullptr;
  args->num_dynamic_dims = 0;
  return nullptr;
}

PJRT_Error* Buffer_OnDeviceSizeInBytes(PJRT_Buffer_OnDeviceSizeInBytes_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_OnDeviceSizeInBytes_Args, "PJRT_Buffer_OnDeviceSizeInBytes");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_OnDeviceSizeInBytes", "args->buffer");
  args->on_device_size_in_bytes = args->buffer->type.byte_size();
  return nullptr;
}

PJRT_Error* Buffer_Device(PJRT_Buffer_Device_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_Device_Args, "PJRT_Buffer_Device");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_Device", "args->buffer");
  args->device = args->buffer->device;
  return nullptr;
}

PJRT_Error* Buffer_Memory(PJRT_Buffer_Memory_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_Memory_Args, "PJRT_Buffer_Memory");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_Memory", "args->buffer");
  args->memory = args->buffer->device->default_memory;
  return nullptr;
}

PJRT_Error* Buffer_Delete(PJRT_Buffer_Delete_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_Delete_Args, "PJRT_Buffer_Delete");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_Delete", "args->buffer");
  std::shared_ptr<cpu::Storage> dropped;  // freed outside the lock, once no execute holds it
  {
    std::lock_guard<std::mutex> lock(args->buffer->mu);
    dropped.swap(args->buffer->storage);
  }
  return nullptr;
}

PJRT_Error* Buffer_IsDeleted(PJRT_Buffer_IsDeleted_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_IsDeleted_Args, "PJRT_Buffer_IsDeleted");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_IsDeleted", "args->buffer");
  args->is_deleted = storage_of(args->buffer) == nullptr;
  return nullptr;
}

PJRT_Error* Buffer_ToHostBuffer(PJRT_Buffer_ToHostBuffer_Args* args) {
  static const char kFn[] = "PJRT_Buffer_ToHostBuffer";
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_ToHostBuffer_Args, kFn);
  TSMLX_REQUIRE(args->src, kFn, "args->src");
  if (args->host_layout != nullptr) {
    return make_error(PJRT_Error_Code_UNIMPLEMENTED, "[toHost] host_layout must be NULL (dense row-major)");
  }
  const size_t bytes = args->src->type.byte_size();
  if (args->dst == nullptr) {
    args->dst_size = bytes;
    args->event = nullptr;
    return nullptr;
  }
  if (args->dst_size < bytes) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[toHost] dst holds " + std::to_string(args->dst_size) +
                                                            " bytes, " + args->src->type.to_string() + " needs " +
                                                            std::to_string(bytes));
  }
  std::shared_ptr<cpu::Storage> storage = storage_of(args->src);
  if (!storage) {
    return make_error(PJRT_Error_Code_FAILED_PRECONDITION, "[toHost] the buffer has been deleted or donated");
  }
  return guarded(kFn, [&]() -> PJRT_Error* {
    std::unique_ptr<PJRT_Event> done(ready_event());
    if (bytes > 0) std::memcpy(args->dst, storage->data(), bytes);
    args->event = done.release();
    return nullptr;
  });
}

PJRT_Error* Buffer_IsOnCpu(PJRT_Buffer_IsOnCpu_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_IsOnCpu_Args, "PJRT_Buffer_IsOnCpu");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_IsOnCpu", "args->buffer");
  args->is_on_cpu = true;
  return nullptr;
}

PJRT_Error* Buffer_ReadyEvent(PJRT_Buffer_ReadyEvent_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_ReadyEvent_Args, "PJRT_Buffer_ReadyEvent");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_ReadyEvent", "args->buffer");
  return guarded("PJRT_Buffer_ReadyEvent", [&]() -> PJRT_Error* {
    if (storage_of(args->buffer)) {
      args->event = ready_event();
    } else {
      args->event = ready_event(PJRT_Error_Code_FAILED_PRECONDITION, "the buffer has been deleted or donated");
    }
    return nullptr;
  });
}

PJRT_Error* Buffer_UnsafePointer(PJRT_Buffer_UnsafePointer_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Buffer_UnsafePointer_Args, "PJRT_Buffer_UnsafePointer");
  TSMLX_REQUIRE(args->buffer, "PJRT_Buffer_UnsafePointer", "args->buffer");
  std::shared_ptr<cpu::Storage> storage = storage_of(args->buffer);
  if (!storage) {
    return make_error(PJRT_Error_Code_FAILED_PRECONDITION,
                      "PJRT_Buffer_UnsafePointer: the buffer has been deleted or donated");
  }
  args->buffer_pointer = reinterpret_cast<uintptr_t>(storage->data());
  return nullptr;
}

}  // namespace tsmlx::api
