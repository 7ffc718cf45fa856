// The plugin's one export: GetPjrtApi() returns the PJRT_Api table. Every entry is
// filled: the implemented ones (entries.h) behind a guard that keeps C++ exceptions
// inside, the rest with a function that answers UNIMPLEMENTED and names itself.
#include "api/entries.h"
#include "api/objects.h"

namespace tsmlx::api {
namespace {

// Unimplemented_<Name> for every entry that returns an error.
#define TSMLX_UNIMPLEMENTED_ENTRY(index, name)                                     \
  PJRT_Error* Unimplemented_##name(PJRT_##name##_Args* /*args*/) noexcept {        \
    return unimplemented("PJRT_" #name);                                           \
  }
#define TSMLX_NO_STUB(index, name)
PJRT_ABI_FOR_EACH_ENTRY(TSMLX_NO_STUB, TSMLX_UNIMPLEMENTED_ENTRY)

// Safe_<Name> wraps an implemented entry in the exception guard.
#define TSMLX_SAFE_ENTRY(name)                                                     \
  PJRT_Error* Safe_##name(PJRT_##name##_Args* args) noexcept {                     \
    return guarded("PJRT_" #name, [&] { return name(args); });                     \
  }
TSMLX_IMPLEMENTED_ENTRIES(TSMLX_SAFE_ENTRY)

void Safe_Error_Destroy(PJRT_Error_Destroy_Args* args) noexcept {
  try {
    Error_Destroy(args);
  } catch (...) {
  }
}

void Safe_Error_Message(PJRT_Error_Message_Args* args) noexcept {
  try {
    Error_Message(args);
  } catch (...) {
  }
}

PJRT_Api make_api() {
  PJRT_Api api{};
  api.struct_size = PJRT_Api_STRUCT_SIZE;
  api.extension_start = nullptr;
  api.pjrt_api_version.struct_size = PJRT_Api_Version_STRUCT_SIZE;
  api.pjrt_api_version.extension_start = nullptr;
  api.pjrt_api_version.major_version = PJRT_ABI_MAJOR;
  api.pjrt_api_version.minor_version = PJRT_ABI_MINOR;
#define TSMLX_FILL_UNIMPLEMENTED(index, name) api.PJRT_##name = Unimplemented_##name;
  PJRT_ABI_FOR_EACH_ENTRY(TSMLX_NO_STUB, TSMLX_FILL_UNIMPLEMENTED)
#define TSMLX_FILL_IMPLEMENTED(name) api.PJRT_##name = Safe_##name;
  TSMLX_IMPLEMENTED_ENTRIES(TSMLX_FILL_IMPLEMENTED)
  api.PJRT_Error_Destroy = Safe_Error_Destroy;
  api.PJRT_Error_Message = Safe_Error_Message;
  return api;
}

}  // namespace
}  // namespace tsmlx::api

// The PJRT plugin entry point (the only symbol this library exports).
extern "C" __attribute__((visibility("default"))) const PJRT_Api* GetPjrtApi() {
  static const PJRT_Api api = tsmlx::api::make_api();
  return &api;
}
