/**
 * Which PJRT plugin a client loads. `TSMLX_PJRT_PLUGIN` holds a path to a plugin `.so`
 * or a short name: `cpu` (tsmlx's own plugin, the default) or `cuda` (XLA's CUDA plugin
 * from the pip wheel jax-cuda13-pjrt, found through Python's import path or
 * `TSMLX_CUDA_PLUGIN`).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { packageRoot } from "./addon.js";

/** Path of tsmlx's own CPU plugin. `bundledCpuPlugin().endsWith(".so")` */
export function bundledCpuPlugin(): string {
  return join(packageRoot(), "build", "libtsmlx_cpu_pjrt.so");
}

function findCudaPlugin(): string {
  const fromEnv = process.env.TSMLX_CUDA_PLUGIN;
  if (fromEnv) return fromEnv;
  const probe =
    "import importlib.util, os\n" +
    "s = importlib.util.find_spec('jax_plugins.xla_cuda13')\n" +
    "print(os.path.join(os.path.dirname(s.origin), 'xla_cuda_plugin.so') if s else '')";
  for (const python of ["python3", "python"]) {
    try {
      const out = execFileSync(python, ["-c", probe], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      if (out) return out;
    } catch {
      // try the next interpreter
    }
  }
  throw new Error(
    "[runtime] plugin 'cuda' not found: install the pip wheel jax-cuda13-pjrt or set TSMLX_CUDA_PLUGIN to xla_cuda_plugin.so",
  );
}

/**
 * Resolves a plugin name or path (default: `TSMLX_PJRT_PLUGIN`, else `cpu`) to a file path.
 * `resolvePlugin("cpu")` → `<repo>/build/libtsmlx_cpu_pjrt.so`
 */
export function resolvePlugin(spec: string | undefined = process.env.TSMLX_PJRT_PLUGIN): string {
  const name = spec === undefined || spec === "" ? "cpu" : spec;
  let path: string;
  if (name === "cpu") path = bundledCpuPlugin();
  else if (name === "cuda") path = findCudaPlugin();
  else path = isAbsolute(name) ? name : resolve(name);
  if (!existsSync(path)) {
    throw new Error(`[runtime] PJRT plugin '${name}' resolves to ${path}, which does not exist`);
  }
  return path;
}
