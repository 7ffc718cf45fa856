// OpenBLAS, loaded by the plugin itself (dlopen) so that it can pick OpenBLAS's kernels before
// OpenBLAS initialises. OpenBLAS chooses its kernel set ("core type") once, when it loads, from
// OPENBLAS_CORETYPE or its own CPU table; a processor newer than the OpenBLAS build falls back to
// generic SSE3 kernels (Prescott), several times slower. Unless the user set OPENBLAS_CORETYPE,
// the plugin names the core from the processor's features (and TSMLX_ISA):
//   AVX-512 with bf16 → Cooperlake, AVX-512 → SkylakeX, AVX2 on AMD → Zen, AVX2 → Haswell,
//   TSMLX_ISA=baseline on a newer processor → Prescott; otherwise OpenBLAS detects by itself.
// TSMLX_OPENBLAS names the library file to load instead of libopenblas.so.0.
#pragma once

#include <cblas.h>

#include <string>

namespace tsmlx::cpu {

// The BLAS entry points the kernels call, and what was loaded.
struct Blas {
  decltype(&cblas_sgemm) sgemm = nullptr;
  decltype(&cblas_dgemm) dgemm = nullptr;
  decltype(&cblas_sgemv) sgemv = nullptr;
  decltype(&cblas_dgemv) dgemv = nullptr;
  void (*set_num_threads)(int) = nullptr;

  std::string library;       // the file dlopen found
  std::string config;        // openblas_get_config(), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Haswell ..."
  std::string core;          // openblas_get_corename(): the kernels in use
  std::string requested;     // the core type the plugin asked for ("" when it asked for none)
  std::string core_source;   // why this core: "OPENBLAS_CORETYPE", "processor features (...)", "OpenBLAS's own detection"
  std::string error;         // why OpenBLAS could not be loaded, or ""
};

// Loads OpenBLAS once per process and returns it; check `error` before calling through it.
// Example: const Blas& b = blas(); b.sgemm(CblasRowMajor, ...);
const Blas& blas();

// The core type the plugin asks OpenBLAS for on this processor under TSMLX_ISA, or "" to leave
// the choice to OpenBLAS. Example: chosen_openblas_core() == "SkylakeX" on an AVX-512 Xeon.
std::string chosen_openblas_core();

}  // namespace tsmlx::cpu
