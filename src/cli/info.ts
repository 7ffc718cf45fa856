/** `tsmlx info`: what the runtime runs on, for people (aligned text) or programs (`--json`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import type { NamedValue } from "../runtime/addon.js";
import { packageRoot } from "../runtime/addon.js";
import type { RuntimeInfo } from "../runtime/info.js";

/**
 * This package's version, from its package.json.
 * @example packageVersion() // => "0.1.0"
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string })
    .version;
}

/** What `tsmlx info --json` prints: the package and Node, then the runtime's description. */
export interface InfoReport extends Omit<RuntimeInfo, "attributes"> {
  version: string;
  node: string;
  package: string;
  attributes: Record<string, string | number | boolean | number[]>;
}

/** A plugin attribute as JSON can hold it (int64s beyond 2^53 become strings). */
function jsonValue(v: NamedValue): string | number | boolean | number[] {
  if (typeof v !== "bigint") return v;
  return BigInt(Number(v)) === v ? Number(v) : v.toString();
}

/**
 * The report of `runtimeInfo()` with the package version, Node version and package folder.
 * @example infoReport(tm.runtimeInfo()).platform // => "cpu"
 */
export function infoReport(info: RuntimeInfo): InfoReport {
  return {
    version: packageVersion(),
    node: process.version,
    package: packageRoot(),
    ...info,
    attributes: Object.fromEntries(Object.entries(info.attributes).map(([k, v]) => [k, jsonValue(v)])),
  };
}

/**
 * The report as aligned text: one line per field, one per device, one per plugin attribute.
 * @example formatInfo(infoReport(tm.runtimeInfo())).startsWith("tsmlx ") // => true
 */
export function formatInfo(r: InfoReport): string {
  const width = Math.max(10, ...Object.keys(r.attributes).map((k) => k.length + 2));
  const row = (k: string, v: string) => `${k.padEnd(width)}  ${v}`;
  const lines = [
    `tsmlx ${r.version} (node ${r.node}, ${process.platform}-${process.arch})`,
    row("package", r.package),
    row("plugin", r.plugin),
    row("platform", `${r.platform} ${r.platformVersion}`.trim()),
    row("devices", String(r.devices.length)),
    ...r.devices.map((d) => row(`  ${d.id}`, `${d.kind}  ${d.description}`)),
  ];
  const attrs = Object.entries(r.attributes);
  if (attrs.length === 0) lines.push(row("attributes", "(none reported by the plugin)"));
  else {
    lines.push("attributes");
    for (const [k, v] of attrs) lines.push(row(`  ${k}`, Array.isArray(v) ? v.join(", ") : String(v)));
  }
  return lines.join("\n");
}
