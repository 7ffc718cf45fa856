/**
 * What the runtime runs on: the plugin file, its platform, its devices, and the attributes the
 * plugin reports about itself. tsmlx's CPU plugin reports `isa` (the instruction set its kernels
 * use: baseline, avx2 or avx512), `isa_machine`, `isa_source` (the processor, or TSMLX_ISA),
 * `onednn_isa`, `openblas_core` (the kernels OpenBLAS runs), `openblas_core_source` (why),
 * `openblas_config`, `openblas_library` and `threads`. `tsmlx info` prints this.
 */
import { loadAddon, type NamedValue } from "./addon.js";
import { type Client, defaultClient } from "./client.js";

/** A device as the plugin describes it. */
export interface DeviceInfo {
  id: number;
  kind: string;
  description: string;
}

/** The runtime's plugin, platform, devices and plugin attributes. */
export interface RuntimeInfo {
  plugin: string;
  platform: string;
  platformVersion: string;
  devices: DeviceInfo[];
  /** PJRT_Plugin_Attributes, by name (empty where the plugin reports none). */
  attributes: Record<string, NamedValue>;
}

/**
 * Describes the plugin a client runs on.
 * @example tm.runtimeInfo().devices.length // => 1
 */
export function runtimeInfo(client: Client = defaultClient()): RuntimeInfo {
  return {
    plugin: client.pluginPath,
    platform: client.platformName,
    platformVersion: client.native.platformVersion,
    devices: client.native.devices().map((d) => ({ id: d.id, kind: d.kind, description: d.debugString })),
    attributes: loadAddon().loadPlugin(client.pluginPath).attributes(),
  };
}
