/**
 * What tsmlx's native binaries (the addon and the CPU plugin) need from the system: a Linux
 * x86-64 machine and a few shared libraries (oneDNN, OpenBLAS, GNU OpenMP). When a binary
 * cannot be loaded, this says which libraries the dynamic loader cannot find and which
 * Debian package provides each, so the error can end with the `apt-get install` line that
 * fixes it. `tsmlx check` and the package's install check print the same report.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import process from "node:process";

/**
 * The Debian 12 package that provides each shared library the prebuilt binaries load, by
 * soname (libraries they link directly and the ones those pull in).
 * @example DEBIAN_PACKAGES["libdnnl.so.2"] // => "libdnnl2"
 */
export const DEBIAN_PACKAGES: Readonly<Record<string, string>> = {
  "libdnnl.so.2": "libdnnl2",
  "libopenblas.so.0": "libopenblas0",
  "libgomp.so.1": "libgomp1",
  "libstdc++.so.6": "libstdc++6",
  "libgcc_s.so.1": "libgcc-s1",
  "libgfortran.so.5": "libgfortran5",
  "libquadmath.so.0": "libquadmath0",
  "libOpenCL.so.1": "ocl-icd-libopencl1",
  "libc.so.6": "libc6",
  "libm.so.6": "libc6",
};

/**
 * Libraries tsmlx's CPU plugin may open itself (dlopen) rather than link, so that `ldd` does not
 * list them: OpenBLAS, which the plugin loads after choosing its kernels (`TSMLX_OPENBLAS` names
 * another file). They are looked for when a report is made anyway, so that one `apt-get install`
 * line names everything missing.
 * @example OPENED_AT_RUN_TIME.includes("libopenblas.so.0") // => true
 */
export const OPENED_AT_RUN_TIME: readonly string[] = ["libopenblas.so.0"];

/** Where the loader looks for a soname: LD_LIBRARY_PATH, its cache, then the default folders. */
function findLibrary(soname: string): string | undefined {
  const dirs = (process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  for (const d of dirs) if (existsSync(join(d, soname))) return join(d, soname);
  for (const ldconfig of ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"]) {
    const r = spawnSync(ldconfig, ["-p"], { encoding: "utf8" });
    if (r.error || r.status !== 0) continue;
    for (const m of r.stdout.matchAll(/^\s*(\S+) \(([^)]*)\) => (\S+)$/gm)) {
      if (m[1] === soname && m[2]!.includes("x86-64") && existsSync(m[3]!)) return m[3];
    }
    break;
  }
  for (const d of [
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
  ]) {
    if (existsSync(join(d, soname))) return join(d, soname);
  }
  return undefined;
}

/**
 * The libraries of `sonames` that the loader would not find, as problems of `binary`; ones that
 * `TSMLX_OPENBLAS` replaces are not looked for.
 * @example missingOpenedLibraries("build/libtsmlx_cpu_pjrt.so", OPENED_AT_RUN_TIME) // => [] where OpenBLAS is installed
 */
export function missingOpenedLibraries(binary: string, sonames: readonly string[]): LibraryProblem[] {
  return sonames
    .filter((l) => !(l.startsWith("libopenblas") && process.env.TSMLX_OPENBLAS))
    .filter((l) => findLibrary(l) === undefined)
    .map((library) => ({
      binary,
      library,
      kind: "missing" as const,
      detail: `${library} (opened at run time) => not found`,
      package: DEBIAN_PACKAGES[library],
    }));
}

/** A shared library a binary needs that the dynamic loader cannot give it. */
export interface LibraryProblem {
  /** The binary that needs the library (as given to {@link libraryProblems}). */
  binary: string;
  /** The library's soname, e.g. `libdnnl.so.2`. */
  library: string;
  /**
   * `missing`: no such library on the loader's path. `version`: the library found is older
   * than the one the binary was built against (it lacks the symbol version named in `detail`).
   */
  kind: "missing" | "version";
  /** The loader's own words. */
  detail: string;
  /** The Debian package that provides the library, where known. */
  package?: string;
}

/**
 * Why this machine cannot run the prebuilt binaries, or undefined when it can.
 * @example platformProblem("darwin", "arm64") // => "tsmlx runs on Linux x86-64 only; this is darwin-arm64 ..."
 */
export function platformProblem(
  platform: string = process.platform,
  arch: string = process.arch,
): string | undefined {
  if (platform === "linux" && arch === "x64") return undefined;
  return (
    `tsmlx runs on Linux x86-64 only; this is ${platform}-${arch}. Its native addon and CPU plugin ` +
    "are prebuilt for linux-x64 (built on Debian 12); run it on such a machine, a virtual machine or " +
    "a container (e.g. docker run -it node:20-bookworm)"
  );
}

/**
 * The libraries `binary` needs that the dynamic loader cannot resolve, read from `ldd`
 * (which asks the loader itself, so libraries needed by libraries count too). Returns
 * undefined when `ldd` is not available to ask.
 * @example libraryProblems("build/libtsmlx_cpu_pjrt.so") // => [] where oneDNN and OpenBLAS are installed
 */
export function libraryProblems(binary: string): LibraryProblem[] | undefined {
  const r = spawnSync("ldd", [binary], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  if (r.error) return undefined;
  const problems: LibraryProblem[] = [];
  const seen = new Set<string>();
  const add = (p: LibraryProblem) => {
    const key = `${p.kind} ${p.library} ${p.detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };
  for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
    const missing = /^\s*(\S+) => not found\s*$/.exec(line);
    if (missing) {
      const library = missing[1]!;
      add({ binary, library, kind: "missing", detail: line.trim(), package: DEBIAN_PACKAGES[library] });
      continue;
    }
    const version = /^\S+: (\S+): version `([^']+)' not found/.exec(line);
    if (version) {
      const library = basename(version[1]!);
      add({ binary, library, kind: "version", detail: line.trim(), package: DEBIAN_PACKAGES[library] });
    }
  }
  return problems;
}

/**
 * The sonames a loader error message names, e.g. from `dlopen`'s "libdnnl.so.2: cannot open
 * shared object file". `librariesNamedIn("libdnnl.so.2: cannot open shared object file")` → `["libdnnl.so.2"]`
 */
export function librariesNamedIn(message: string): string[] {
  const names = message.match(/lib[A-Za-z0-9_+.-]*?\.so(?:\.[0-9]+)*/g) ?? [];
  return [...new Set(names)];
}

/**
 * A report of library problems that ends with what to do: the `apt-get install` line for the
 * libraries with a known package, `apt-file search` for the others, and a newer system for
 * libraries that are too old. Empty when there are no problems.
 * @example libraryReport(libraryProblems(path) ?? []) // => "" on a machine with every library
 */
export function libraryReport(problems: readonly LibraryProblem[]): string {
  if (problems.length === 0) return "";
  const lines: string[] = [];
  const missing = problems.filter((p) => p.kind === "missing");
  const old = problems.filter((p) => p.kind === "version");
  if (missing.length) {
    lines.push("These shared libraries are missing:");
    for (const p of missing) {
      const from = p.package ? `Debian package ${p.package}` : "package unknown to tsmlx";
      lines.push(`  ${p.library.padEnd(20)} needed by ${p.binary} (${from})`);
    }
    const packages = [...new Set(missing.flatMap((p) => (p.package ? [p.package] : [])))];
    if (packages.length) lines.push(`Install them with (as root): apt-get install ${packages.join(" ")}`);
    const unknown = missing.filter((p) => !p.package).map((p) => p.library);
    if (unknown.length) lines.push(`Find the package for ${unknown.join(", ")} with: apt-file search <name>`);
  }
  if (old.length) {
    lines.push("These shared libraries are older than the ones the binaries were built against:");
    for (const p of old) lines.push(`  ${p.detail}`);
    lines.push(
      "The prebuilt binaries need Debian 12 (bookworm) or a newer system; on an older one, build tsmlx " +
        "from source (git clone the repository, then make build).",
    );
  }
  return lines.join("\n");
}

/**
 * `problems` and, when there are any, the libraries of `opened` that are missing as well
 * (those `problems` names already are not repeated).
 * @example withOpened(libraryProblems(plugin)!, plugin, OPENED_AT_RUN_TIME) // => [] where nothing is missing
 */
export function withOpened(
  problems: readonly LibraryProblem[],
  binary: string,
  opened: readonly string[],
): LibraryProblem[] {
  if (problems.length === 0) return [];
  const named = new Set(problems.map((p) => p.library));
  return [
    ...problems,
    ...missingOpenedLibraries(
      binary,
      opened.filter((l) => !named.has(l)),
    ),
  ];
}

/**
 * What to add to an error from loading `binary`: the library report when `ldd` finds problems
 * (with those of `opened`, the libraries the binary opens itself, that are missing too), else
 * the packages for any libraries the error names, else nothing.
 * @example loadFailureHint(err.message, pluginPath) // => "These shared libraries are missing: ..."
 */
export function loadFailureHint(message: string, binary: string, opened: readonly string[] = []): string {
  const found = libraryProblems(binary);
  if (found?.length) return libraryReport(withOpened(found, binary, opened));
  if (!/cannot open shared object file|not found/.test(message)) return "";
  const named = librariesNamedIn(message).filter((l) => l !== basename(binary));
  return libraryReport(
    named.map((library) => ({
      binary,
      library,
      kind: "missing" as const,
      detail: message,
      package: DEBIAN_PACKAGES[library],
    })),
  );
}
