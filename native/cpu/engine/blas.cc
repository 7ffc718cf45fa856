// Loading OpenBLAS with a core type chosen from the processor (see blas.h).
#include "engine/blas.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "engine/cpu_features.h"

namespace tsmlx::cpu {
namespace {

template <typename F>
bool bind(void* lib, const char* name, F* out, std::string* error) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (*out == nullptr && error->empty()) *error = std::string("[plugin] OpenBLAS has no ") + name;
  return *out != nullptr;
}

Blas load() {
  Blas b;
  const char* override_path = std::getenv("TSMLX_OPENBLAS");
  const char* const candidates[] = {"libopenblas.so.0", "libopenblas.so",
                                    "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"};
  const char* user_core = std::getenv("OPENBLAS_CORETYPE");
  const bool user_set = user_core != nullptr && *user_core != '\0';
  if (user_set) {
    b.core_source = "OPENBLAS_CORETYPE";
  } else {
    b.requested = chosen_openblas_core();
    b.core_source = b.requested.empty() ? "OpenBLAS's own detection" : "processor features";
  }
  // OpenBLAS reads OPENBLAS_CORETYPE in its constructor, which runs inside dlopen; the
  // variable is removed again at once so that nothing else in the process sees it.
  if (!b.requested.empty()) setenv("OPENBLAS_CORETYPE", b.requested.c_str(), 1);
  void* lib = nullptr;
  std::string tried;
  if (override_path != nullptr && *override_path != '\0') {
    lib = dlopen(override_path, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) tried = dlerror();
  } else {
    for (const char* name : candidates) {
      lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (lib != nullptr) break;
      if (tried.empty()) tried = dlerror();
    }
  }
  if (!b.requested.empty()) unsetenv("OPENBLAS_CORETYPE");
  if (lib == nullptr) {
    b.error = "[plugin] cannot load OpenBLAS (" + tried +
              "); install it (Debian: apt-get install libopenblas0) or set TSMLX_OPENBLAS to its path";
    return b;
  }
  char path[4096] = {0};
  if (dlinfo(lib, RTLD_DI_ORIGIN, path) == 0) b.library = std::string(path) + "/";
  b.library += override_path && *override_path ? override_path : "libopenblas.so.0";
  bind(lib, "cblas_sgemm", &b.sgemm, &b.error);
  bind(lib, "cblas_dgemm", &b.dgemm, &b.error);
  bind(lib, "cblas_sgemv", &b.sgemv, &b.error);
  bind(lib, "cblas_dgemv", &b.dgemv, &b.error);
  bind(lib, "openblas_set_num_threads", &b.set_num_threads, &b.error);
  char* (*corename)() = nullptr;
  char* (*config)() = nullptr;
  bind(lib, "openblas_get_corename", &corename, &b.error);
  bind(lib, "openblas_get_config", &config, &b.error);
  if (!b.error.empty()) return b;
  b.core = corename();
  b.config = config();
  return b;
}

}  // namespace

std::string chosen_openblas_core() {
  const Isa isa = kernel_isa();
  const CpuTraits& t = cpu_traits();
  switch (isa) {
    case Isa::kAvx512: return t.avx512_bf16 ? "Cooperlake" : "SkylakeX";
    case Isa::kAvx2: return t.amd ? "Zen" : "Haswell";
    case Isa::kBaseline:
      // Only a cap below the processor asks for the SSE3 kernels; an old processor is one
      // OpenBLAS knows.
      return machine_isa() > Isa::kBaseline && t.sse3 ? "Prescott" : "";
  }
  return "";
}

const Blas& blas() {
  static const Blas b = load();
  return b;
}

}  // namespace tsmlx::cpu
