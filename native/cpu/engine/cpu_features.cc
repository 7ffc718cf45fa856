// Instruction-set detection and the TSMLX_ISA cap (see cpu_features.h).
#include "engine/cpu_features.h"

#include <cstdlib>
#include <cstring>

namespace tsmlx::cpu {
namespace {

Isa detect() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
  return Isa::kBaseline;
}

struct Setting {
  Isa isa = Isa::kBaseline;
  std::string error;
};

Setting read_setting() {
  Setting s;
  s.isa = machine_isa();
  const char* v = std::getenv("TSMLX_ISA");
  if (v == nullptr || *v == '\0' || std::strcmp(v, "native") == 0) return s;
  Isa want;
  if (std::strcmp(v, "baseline") == 0) want = Isa::kBaseline;
  else if (std::strcmp(v, "avx2") == 0) want = Isa::kAvx2;
  else if (std::strcmp(v, "avx512") == 0) want = Isa::kAvx512;
  else {
    s.error = std::string("[plugin] TSMLX_ISA is \"") + v + "\"; expected baseline, avx2, avx512 or native";
    return s;
  }
  if (want > s.isa) {
    s.error = std::string("[plugin] TSMLX_ISA is \"") + v + "\" but this processor runs " + isa_name(s.isa) +
              " at most";
    return s;
  }
  s.isa = want;
  return s;
}

const Setting& setting() {
  static const Setting s = read_setting();
  return s;
}

}  // namespace

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kBaseline: return "baseline";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
  }
  return "unknown";
}

Isa machine_isa() {
  static const Isa isa = detect();
  return isa;
}

Isa kernel_isa() { return setting().error.empty() ? setting().isa : machine_isa(); }

const std::string& isa_setting_error() { return setting().error; }

const CpuTraits& cpu_traits() {
  static const CpuTraits t = [] {
    __builtin_cpu_init();
    CpuTraits r;
    r.amd = __builtin_cpu_is("amd");
    r.avx512_bf16 = __builtin_cpu_supports("avx512bf16");
    r.sse3 = __builtin_cpu_supports("sse3");
    return r;
  }();
  return t;
}

}  // namespace tsmlx::cpu
