// What the plugin runs on, set up once per process before anything runs: the instruction-set
// cap (TSMLX_ISA, cpu_features.h) applied to the plugin's kernels and to oneDNN, OpenBLAS loaded
// with its core type (blas.h), and the thread pool sized (parallel.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tsmlx::cpu {

// Sets everything up on the first call; returns "" or why the plugin cannot run here
// (an invalid TSMLX_ISA, OpenBLAS missing). Example: if (!setup_platform().empty()) ...
const std::string& setup_platform();

// Name and value of each fact about the set-up, in a fixed order, for PJRT_Plugin_Attributes:
// isa, isa_machine, isa_source, onednn_isa, openblas_core, openblas_core_source,
// openblas_config, openblas_library. Example: for (auto& [k, v] : platform_description()) ...
std::vector<std::pair<std::string, std::string>> platform_description();

}  // namespace tsmlx::cpu
