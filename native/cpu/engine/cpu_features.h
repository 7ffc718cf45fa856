// The instruction sets the plugin's own kernels are built for, which one this processor runs,
// and the cap a user can set with TSMLX_ISA to run as on an older processor:
//   TSMLX_ISA=baseline   x86-64 code only (SSE2), oneDNN capped at its lowest level (SSE4.1)
//   TSMLX_ISA=avx2       AVX2 + FMA paths at most, oneDNN at AVX2, OpenBLAS's Haswell/Zen core
//   TSMLX_ISA=avx512     the AVX-512 paths where the processor has them (the default)
// Unset (or "native"), the widest set the processor runs is used.
#pragma once

#include <string>

namespace tsmlx::cpu {

// In increasing order; each includes the ones before it. Example: kernel_isa() >= Isa::kAvx2.
enum class Isa { kBaseline, kAvx2, kAvx512 };

// "baseline", "avx2" or "avx512". Example: isa_name(Isa::kAvx2) == std::string("avx2").
const char* isa_name(Isa isa);

// The widest set this processor runs (checked once): AVX-512 needs F, CD, BW, DQ and VL;
// AVX2 needs FMA too. Example: Isa m = machine_isa();
Isa machine_isa();

// The set the kernels use: machine_isa() capped by TSMLX_ISA. Example: if (kernel_isa() >= Isa::kAvx512) ...
Isa kernel_isa();

// Why TSMLX_ISA cannot be honoured (an unknown name, or a set this processor lacks), or "".
// Example: if (!isa_setting_error().empty()) return error(isa_setting_error());
const std::string& isa_setting_error();

// Processor features OpenBLAS's core choice depends on beyond the three sets above.
struct CpuTraits {
  bool amd = false;         // AuthenticAMD (OpenBLAS's Zen core for AVX2 parts)
  bool avx512_bf16 = false; // OpenBLAS's Cooperlake core (SkylakeX plus bf16 kernels)
  bool sse3 = false;        // OpenBLAS's Prescott core, the oldest it offers for x86-64
};

// The traits of this processor. Example: if (cpu_traits().amd) ...
const CpuTraits& cpu_traits();

}  // namespace tsmlx::cpu
