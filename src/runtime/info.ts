/**
 * What the runtime runs on: the plugin file, its platform, its devices, and the attributes the
 * plugin reports about itself (for tsmlx's CPU plugin: the instruction set its kernels use, the
 * BLAS core type, the thread count). `tsmlx info` prints this.
 */
import type { NamedValue } from "./addon.js";
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
    attributes: {},
  };
}
