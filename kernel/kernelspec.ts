/**
 * Writes an installable kernelspec directory: kernelspec/kernel.json with the node binary
 * and the kernel's entry point made absolute for this checkout or installed package, plus the logos.
 *
 * `node dist/kernel/kernelspec.js <dir>` writes `<dir>/kernel.json` and the logos;
 * `tsmlx kernel install` (src/cli/kernel.ts) hands such a directory to Jupyter.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "./exec/importer.js";

/** The kernelspec's kernel.json, as a JSON object. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode?: string;
  env?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

/**
 * Writes kernel.json (absolute paths) and the logos into `dir`, and returns the spec.
 * @example writeKernelSpec("/tmp/jupyter/kernels/tsmlx").argv[1] // => "/…/dist/kernel/main.js"
 */
export function writeKernelSpec(dir: string, env: Record<string, string> = {}): KernelSpec {
  const source = join(REPO_ROOT, "kernelspec");
  const spec = JSON.parse(readFileSync(join(source, "kernel.json"), "utf8")) as KernelSpec;
  spec.argv = spec.argv.map((a, i) => {
    if (i === 0 && a === "node") return process.execPath;
    if (a.startsWith("dist/")) return join(REPO_ROOT, a);
    return a;
  });
  spec.env = { ...spec.env, ...env };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  for (const logo of ["logo-32x32.png", "logo-64x64.png"]) copyFileSync(join(source, logo), join(dir, logo));
  return spec;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: node dist/kernel/kernelspec.js <output-dir>\n");
    process.exit(2);
  }
  writeKernelSpec(resolve(dir));
}
