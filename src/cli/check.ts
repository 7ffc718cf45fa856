/**
 * `tsmlx check`, also run after `npm install tsmlx`: can this machine run tsmlx's prebuilt
 * binaries? It checks the platform, that the addon and the CPU plugin are there, that the
 * dynamic loader finds every library they need (naming the Debian package of each one that is
 * missing), and finally loads the plugin and runs a small matrix product on it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { matmul } from "../ops/index.js";
import { packageRoot } from "../runtime/addon.js";
import { Client } from "../runtime/client.js";
import { exec } from "../runtime/exec.js";
import { bundledCpuPlugin } from "../runtime/plugin.js";
import {
  libraryProblems,
  libraryReport,
  OPENED_AT_RUN_TIME,
  platformProblem,
  withOpened,
} from "../runtime/system_libs.js";

/** What {@link checkInstall} found: `ok`, and one line per check (the failure's report last). */
export interface CheckResult {
  ok: boolean;
  lines: string[];
}

/**
 * Runs the checks in order and stops at the first that fails.
 * @example (await checkInstall()).ok // => true on a machine with oneDNN, OpenBLAS and GNU OpenMP
 */
export async function checkInstall(): Promise<CheckResult> {
  const lines: string[] = [];
  const fail = (why: string): CheckResult => ({ ok: false, lines: [...lines, why] });
  const unsupported = platformProblem();
  if (unsupported) return fail(unsupported);
  lines.push(`platform  ${process.platform}-${process.arch}`);
  const binaries = [join(packageRoot(), "build", "tsmlx_pjrt.node"), bundledCpuPlugin()];
  const absent = binaries.filter((b) => !existsSync(b));
  if (absent.length) {
    const fix = existsSync(join(packageRoot(), "native"))
      ? "run 'make build' in this checkout"
      : "the package is incomplete: reinstall tsmlx (npm install tsmlx)";
    return fail(`missing native binaries: ${absent.join(", ")}; ${fix}`);
  }
  const linked = binaries.flatMap((b) => libraryProblems(b) ?? []);
  const problems = withOpened(linked, bundledCpuPlugin(), OPENED_AT_RUN_TIME);
  if (problems.length) return fail(`the native binaries cannot be loaded.\n${libraryReport(problems)}`);
  for (const b of binaries) lines.push(`library   ${b}: every shared library it links is found`);
  let client: Client;
  try {
    client = Client.open({ plugin: bundledCpuPlugin() });
  } catch (e) {
    return fail(`loading the CPU plugin failed: ${(e as Error).message}`);
  }
  try {
    const product = exec((a, b) => matmul(a, b), { client });
    const out = await product(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    );
    const got = JSON.stringify((await out.toTensor()).toArray());
    if (got !== "[[19,22],[43,50]]")
      return fail(`a 2x2 matmul on the CPU plugin gave ${got}, not [[19,22],[43,50]]`);
    lines.push(
      `run       a 2x2 matmul on ${client.platformName} (${client.native.devices().length} device(s)): ok`,
    );
  } catch (e) {
    return fail(`running a 2x2 matmul on the CPU plugin failed: ${(e as Error).message}`);
  }
  return { ok: true, lines };
}
