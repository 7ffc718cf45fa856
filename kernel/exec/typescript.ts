/**
 * Loads the TypeScript compiler on first use: it is large, and the kernel answers its first
 * requests before it is needed. `preloadTypeScript` warms it up once the kernel is idle.
 */
import { createRequire } from "node:module";

type TS = typeof import("typescript");

let loaded: TS | undefined;

/**
 * The `typescript` module, loaded synchronously the first time it is asked for.
 * @example const ts = typescript(); ts.version // => "5.9.3"
 */
export function typescript(): TS {
  loaded ??= createRequire(import.meta.url)("typescript") as TS;
  return loaded;
}

/** The installed TypeScript version, read without loading the compiler. */
export function typescriptVersion(): string {
  try {
    return (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}
