// Shared setup for the addon tests: the addon, the bundled CPU plugin and small programs.
import { join } from "node:path";
import { loadAddon, type NativeClient, packageRoot } from "../../../src/runtime/addon.js";

/** Path of the bundled CPU plugin. `cpuPluginPath()` → ".../build/libtsmlx_cpu_pjrt.so" */
export function cpuPluginPath(): string {
  return join(packageRoot(), "build", "libtsmlx_cpu_pjrt.so");
}

/** A fresh client of the CPU plugin. `const c = cpuClient();` */
export function cpuClient(): NativeClient {
  return loadAddon().loadPlugin(cpuPluginPath()).createClient();
}

/** A module whose main returns its one argument of type `type`. `identityModule("tensor<2xf32>")` */
export function identityModule(type: string): string {
  return `module @identity {
  func.func public @main(%arg0: ${type}) -> (${type}) {
    "func.return"(%arg0) : (${type}) -> ()
  }
}`;
}

/** Asserts `p` rejects with a PJRT error of `code`; returns the error for more checks. */
export async function rejectsWithCode(
  p: Promise<unknown>,
  code: number,
): Promise<Error & { code: number; codeName: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { code: number; codeName: string };
    if (err.code !== code)
      throw new Error(`expected PJRT code ${code}, got ${err.code} (${err.codeName}): ${err.message}`);
    return err;
  }
  throw new Error(`expected a rejection with PJRT code ${code}, but the promise resolved`);
}
