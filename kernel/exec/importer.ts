/**
 * How cells import modules: `import x from "spec"` in a cell becomes `await importer.import("spec")`.
 *
 * Resolution order: modules the kernel provides (`tslab`), `tsmlx` itself (this checkout's
 * build, no install needed), Node built-ins, files relative to the notebook's directory
 * (TypeScript files are bundled with esbuild on the fly), then npm packages from the
 * notebook's directory upwards and finally from the kernel's own node_modules.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, isAbsolute, join, resolve as resolvePath } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/** Options of a cell's import, as written in its `with { ... }` clause. */
export interface ImportOptions {
  with?: Record<string, string>;
}

const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];
const FILE_CANDIDATES = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".json", "/index.ts", "/index.js"];

/** The root of this checkout (dist/kernel/exec/importer.js is three levels down). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Resolves and loads modules for cells.
 * @example const ns = await new Importer(process.cwd(), {}).import("node:path"); ns.join("a", "b")
 */
export class Importer {
  /** Where bundles of local TypeScript imports go: made private on first use (see privateCacheDir). */
  private outDir: string | undefined;

  constructor(
    /** The notebook's directory: relative imports and packages resolve from here. */
    readonly dir: string,
    /** Modules the kernel itself provides, by specifier. */
    private readonly provided: Record<string, object>,
  ) {}

  /**
   * Loads a module for a cell and returns its namespace object. For CommonJS modules the
   * properties of `module.exports` are also available by name (`import { f } from "cjs"`),
   * as bundlers and TypeScript's esModuleInterop allow, even where Node's static analysis
   * of the module cannot find them.
   */
  async import(spec: string, options?: ImportOptions): Promise<any> {
    return withDefaultMembers(await this.load(spec, options));
  }

  /** The private directory holding this importer's bundles, once it has made one. */
  get cacheDir(): string | undefined {
    return this.outDir;
  }

  /** Removes the bundles made for local TypeScript imports. */
  dispose(): void {
    if (this.outDir) rmSync(this.outDir, { recursive: true, force: true });
    this.outDir = undefined;
  }

  private async load(spec: string, options?: ImportOptions): Promise<any> {
    const provided = this.provided[spec];
    if (provided) return provided;
    if (isBuiltin(spec)) return import(spec);
    const file = this.resolve(spec);
    if (TS_EXTENSIONS.includes(extname(file))) return import(await this.bundleTs(file));
    let url = pathToFileURL(file).href;
    if (this.isLocal(spec)) url += `?mtime=${statSync(file).mtimeMs}`;
    return options?.with ? import(url, options as any) : import(url);
  }

  private isLocal(spec: string): boolean {
    return spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("file:");
  }

  /** The absolute file a specifier names, for anything but built-ins and provided modules. */
  resolve(spec: string, fromDir = this.dir): string {
    if (spec === "tsmlx") return join(REPO_ROOT, "dist", "src", "index.js");
    if (this.isLocal(spec)) {
      const base = spec.startsWith("file:") ? fileURLToPath(spec) : resolvePath(fromDir, spec);
      for (const c of FILE_CANDIDATES) {
        const p = base + c;
        if (existsSync(p) && statSync(p).isFile()) return p;
      }
      throw new Error(`[import] cannot find ${JSON.stringify(spec)}: no file ${base} (looked in ${fromDir})`);
    }
    const errors: string[] = [];
    for (const dir of [fromDir, REPO_ROOT]) {
      try {
        return createRequire(join(dir, "noop.js")).resolve(spec);
      } catch (e) {
        const viaExports = resolveEsmOnly(spec, dir);
        if (viaExports) return viaExports;
        errors.push((e as Error).message.split("\n")[0]!);
      }
    }
    throw new Error(`[import] cannot find package ${JSON.stringify(spec)} from ${fromDir}: ${errors[0]}`);
  }

  /** Bundles a local TypeScript file (and the local files it imports) into an ES module. */
  private async bundleTs(file: string): Promise<string> {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "es2022",
      write: false,
      sourcemap: "inline",
      logLevel: "silent",
      plugins: [
        {
          name: "tsmlx-kernel-packages",
          setup: (b) => {
            b.onResolve({ filter: /^[^./]/ }, (args) => {
              if (isBuiltin(args.path)) return { path: args.path, external: true };
              if (this.provided[args.path]) {
                throw new Error(`${JSON.stringify(args.path)} can only be imported from a cell`);
              }
              const resolved = this.resolve(args.path, args.resolveDir || dirname(file));
              return { path: pathToFileURL(resolved).href, external: true };
            });
          },
        },
      ],
    });
    const text = result.outputFiles[0]!.text;
    this.outDir ??= privateCacheDir();
    checkPrivateDir(this.outDir);
    return pathToFileURL(writeVerifiedBundle(this.outDir, text)).href;
  }
}

/**
 * A fresh directory for bundles that only this user can enter (mkdtemp: a random name, mode
 * 0700), so nobody else can plant or read a module there.
 * @example const dir = privateCacheDir(); // => "/tmp/tsmlx-kernel-Xa81Qz"
 */
export function privateCacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tsmlx-kernel-"));
  checkPrivateDir(dir);
  return dir;
}

/**
 * Throws unless `dir` is a real directory (not a link) owned by this user and closed to others.
 * @example checkPrivateDir(privateCacheDir()) // passes
 */
export function checkPrivateDir(dir: string): void {
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`[import] cache directory ${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new Error(
      `[import] cache directory ${dir} is owned by uid ${st.uid}, not by this user (uid ${uid})`,
    );
  }
  if ((st.mode & 0o077) !== 0) {
    throw new Error(
      `[import] cache directory ${dir} is readable or writable by others (mode ${(st.mode & 0o777).toString(8)})`,
    );
  }
}

const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Writes `text` to `<dir>/<sha256 of text>.mjs` (owner-only, mode 0600) unless a regular file
 * with exactly those bytes is already there, and returns the path after checking that its bytes
 * hash to its name: whatever else had that name is replaced, never imported.
 * @example writeVerifiedBundle(privateCacheDir(), "export default 1;\n") // => "/tmp/tsmlx-kernel-…/6f2c….mjs"
 */
export function writeVerifiedBundle(dir: string, text: string): string {
  const hash = sha256(text);
  const path = join(dir, `${hash}.mjs`);
  const matches = () => {
    const st = lstatSync(path, { throwIfNoEntry: false });
    return st?.isFile() === true && (st.mode & 0o077) === 0 && sha256(readFileSync(path)) === hash;
  };
  if (matches()) return path;
  rmSync(path, { force: true, recursive: true });
  const fd = openSync(path, "wx", 0o600);
  try {
    const bytes = Buffer.from(text, "utf8");
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
  } finally {
    closeSync(fd);
  }
  if (!matches()) throw new Error(`[import] the bundle ${path} does not hold what was written to it`);
  return path;
}

/** Resolves a package whose `exports` offer only an `import` condition, which require.resolve refuses. */
function resolveEsmOnly(spec: string, fromDir: string): string | undefined {
  const parts = spec.split("/");
  const nameLen = spec.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, nameLen).join("/");
  const sub = parts.length > nameLen ? `./${parts.slice(nameLen).join("/")}` : ".";
  for (let dir = resolvePath(fromDir); ; dir = dirname(dir)) {
    const pkgDir = join(dir, "node_modules", name);
    const pkgJson = join(pkgDir, "package.json");
    if (existsSync(pkgJson)) {
      const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
      let target = pkg.exports === undefined ? undefined : pickExport(pkg.exports, sub);
      if (target === undefined && sub === ".") target = pkg.module ?? pkg.main ?? "index.js";
      if (typeof target !== "string") return undefined;
      const p = join(pkgDir, target);
      return existsSync(p) ? p : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function pickExport(exports: unknown, sub: string): string | undefined {
  if (typeof exports === "string") return sub === "." ? exports : undefined;
  if (exports === null || typeof exports !== "object") return undefined;
  const keys = Object.keys(exports);
  const map = keys.some((k) => k.startsWith(".")) ? (exports as any)[sub] : sub === "." ? exports : undefined;
  return pickCondition(map);
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickCondition(t);
      if (r) return r;
    }
    return undefined;
  }
  if (target && typeof target === "object") {
    for (const cond of ["node", "import", "default"]) {
      if (cond in target) {
        const r = pickCondition((target as any)[cond]);
        if (r) return r;
      }
    }
  }
  return undefined;
}

/** A namespace whose default export's own properties are also reachable by name (namespace wins). */
function withDefaultMembers(ns: any): any {
  const def = ns?.default;
  if (def === null || (typeof def !== "object" && typeof def !== "function")) return ns;
  const extra = Object.keys(def).filter((k) => !(k in ns));
  if (extra.length === 0) return ns;
  const merged: Record<string, unknown> = Object.create(null);
  for (const k of extra) merged[k] = def[k];
  for (const k of Object.keys(ns)) merged[k] = ns[k];
  Object.defineProperty(merged, Symbol.toStringTag, { value: "Module" });
  return merged;
}
