// The plugin's one-time platform set-up (see platform.h).
#include "engine/platform.h"

#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>

#include <cstdlib>

#include "engine/blas.h"
#include "engine/cpu_features.h"
#include "engine/parallel.h"

namespace tsmlx::cpu {
namespace {

// oneDNN's cap for a forced-down instruction set; its lowest JIT level is SSE4.1.
void cap_onednn(std::string* error) {
  if (kernel_isa() == machine_isa()) return;
  const dnnl_cpu_isa_t isa = kernel_isa() == Isa::kAvx2 ? dnnl_cpu_isa_avx2 : dnnl_cpu_isa_sse41;
  if (dnnl_set_max_cpu_isa(isa) != dnnl_success)
    *error = std::string("[plugin] oneDNN refused the instruction-set cap ") + dnnl_cpu_isa2str(isa) +
             " (it must be set before oneDNN's first primitive)";
}

std::string setup() {
  if (!isa_setting_error().empty()) return isa_setting_error();
  std::string error;
  cap_onednn(&error);
  if (!error.empty()) return error;
  if (!blas().error.empty()) return blas().error;
  configure_threads();
  return "";
}

}  // namespace

const std::string& setup_platform() {
  static const std::string error = setup();
  return error;
}

std::vector<std::pair<std::string, std::string>> platform_description() {
  const Blas& b = blas();
  const char* forced = std::getenv("TSMLX_ISA");
  std::string source = kernel_isa() == machine_isa() ? "processor" : std::string("TSMLX_ISA=") + forced;
  std::string features = isa_name(kernel_isa());
  if (kernel_isa() == Isa::kAvx512 && cpu_traits().avx512_bf16) features += "+bf16";
  if (cpu_traits().amd) features += ", AMD";
  std::string core_source = b.core_source;
  if (core_source == "processor features")
    core_source = kernel_isa() == machine_isa() ? core_source + " (" + features + ")" : source;
  if (!b.requested.empty() && b.core != b.requested)
    core_source += "; asked for " + b.requested + " but OpenBLAS runs " + b.core + " (was it loaded before the plugin?)";
  return {
      {"isa", isa_name(kernel_isa())},
      {"isa_machine", isa_name(machine_isa())},
      {"isa_source", source},
      {"onednn_isa", dnnl_cpu_isa2str(dnnl_get_effective_cpu_isa())},
      {"openblas_core", b.core},
      {"openblas_core_source", core_source},
      {"openblas_config", b.config},
      {"openblas_library", b.library},
  };
}

}  // namespace tsmlx::cpu
