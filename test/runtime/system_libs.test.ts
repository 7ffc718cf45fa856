/**
 * The check of the system libraries the native binaries need, against the real dynamic loader:
 * the built plugin and addon, and a small shared library built here that links a library which
 * is then removed. The Debian package table is checked against dpkg and apt on this machine.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, test } from "node:test";
import { packageRoot } from "../../src/runtime/addon.js";
import { Client } from "../../src/runtime/client.js";
import { bundledCpuPlugin } from "../../src/runtime/plugin.js";
import {
  DEBIAN_PACKAGES,
  librariesNamedIn,
  libraryProblems,
  libraryReport,
  loadFailureHint,
  missingOpenedLibraries,
  OPENED_AT_RUN_TIME,
  platformProblem,
  withOpened,
} from "../../src/runtime/system_libs.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-syslibs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ADDON = join(packageRoot(), "build", "tsmlx_pjrt.node");

/** A shared library that links libtsmlxgone.so.1, which no longer exists once this returns. */
function libraryWithMissingDependency(): string {
  writeFileSync(join(dir, "gone.cc"), 'extern "C" int tsmlx_gone() { return 1; }\n');
  writeFileSync(
    join(dir, "user.cc"),
    'extern "C" int tsmlx_gone();\nextern "C" int use_it() { return tsmlx_gone(); }\n',
  );
  const gone = join(dir, "libtsmlxgone.so.1");
  execFileSync("g++", [
    "-shared",
    "-fPIC",
    "-Wl,-soname,libtsmlxgone.so.1",
    "-o",
    gone,
    join(dir, "gone.cc"),
  ]);
  const user = join(dir, "libuser.so");
  execFileSync("g++", ["-shared", "-fPIC", "-o", user, join(dir, "user.cc"), gone]);
  rmSync(gone);
  return user;
}

test("the dynamic loader finds every library the built CPU plugin and addon need", () => {
  assert.deepEqual(libraryProblems(bundledCpuPlugin()), []);
  assert.deepEqual(libraryProblems(ADDON), []);
  assert.equal(loadFailureHint("", bundledCpuPlugin()), "");
});

test("a library whose dependency is gone is reported missing, with no Debian package guessed", () => {
  const user = libraryWithMissingDependency();
  const problems = libraryProblems(user)!;
  assert.deepEqual(
    problems.map((p) => [p.library, p.kind, p.package]),
    [["libtsmlxgone.so.1", "missing", undefined]],
  );
  const report = libraryReport(problems);
  assert.match(report, /libtsmlxgone\.so\.1 +needed by .*libuser\.so \(package unknown to tsmlx\)/);
  assert.match(report, /apt-file search/);
  assert.doesNotMatch(report, /apt-get install/);
});

test("loading such a library as a PJRT plugin fails with the missing library named", () => {
  const user = libraryWithMissingDependency();
  assert.throws(
    () => Client.open({ plugin: user }),
    (e: Error) =>
      /cannot load/.test(e.message) &&
      /These shared libraries are missing:\n {2}libtsmlxgone\.so\.1/.test(e.message),
  );
});

test("libraries a plugin opens itself are looked for only once something is missing anyway", () => {
  assert.deepEqual(missingOpenedLibraries(bundledCpuPlugin(), OPENED_AT_RUN_TIME), []);
  const absent = missingOpenedLibraries("p.so", ["libtsmlxnothere.so.9"]);
  assert.deepEqual(
    absent.map((p) => [p.library, p.kind, p.package]),
    [["libtsmlxnothere.so.9", "missing", undefined]],
  );
  assert.deepEqual(withOpened([], "p.so", ["libtsmlxnothere.so.9"]), []);
  const gone = {
    binary: "p.so",
    library: "libdnnl.so.2",
    kind: "missing" as const,
    detail: "",
    package: "libdnnl2",
  };
  assert.deepEqual(
    withOpened([gone], "p.so", ["libdnnl.so.2", "libtsmlxnothere.so.9"]).map((p) => p.library),
    ["libdnnl.so.2", "libtsmlxnothere.so.9"],
  );
});

test("a missing library with a known package ends the report with its apt-get install line", () => {
  const report = libraryReport([
    { binary: "p.so", library: "libdnnl.so.2", kind: "missing", detail: "", package: "libdnnl2" },
    { binary: "p.so", library: "libopenblas.so.0", kind: "missing", detail: "", package: "libopenblas0" },
    { binary: "q.so", library: "libdnnl.so.2", kind: "missing", detail: "", package: "libdnnl2" },
  ]);
  assert.match(report, /apt-get install libdnnl2 libopenblas0$/);
});

test("the sonames in a loader message are read out of it", () => {
  assert.deepEqual(
    librariesNamedIn(
      "[loadPlugin] cannot load /x/build/libtsmlx_cpu_pjrt.so: libopenblas.so.0: cannot open shared object file",
    ),
    ["libtsmlx_cpu_pjrt.so", "libopenblas.so.0"],
  );
  const hint = loadFailureHint("dlopen libopenblas.so.0: cannot open shared object file", ADDON);
  assert.match(hint, /libopenblas\.so\.0 .*\(Debian package libopenblas0\)/);
});

/** The package dpkg says owns `file` (Debian installs some libraries under /lib, some under /usr/lib). */
function owner(file: string): string | undefined {
  for (const path of [file, file.replace(/^\/usr\//, "/")]) {
    const r = spawnSync("dpkg", ["-S", path], { encoding: "utf8" });
    if (r.status === 0) return r.stdout.split(":")[0]!.trim();
  }
  return undefined;
}

test("each library the binaries link maps to the Debian package that provides it here", () => {
  const ldd = execFileSync("ldd", [bundledCpuPlugin(), ADDON], { encoding: "utf8" });
  const resolved = [...ldd.matchAll(/^\s*(\S+) => (\/\S+)/gm)].map((m) => [m[1]!, m[2]!] as const);
  assert.ok(resolved.some(([soname]) => soname === "libdnnl.so.2"));
  for (const [soname, path] of resolved) {
    const listed = DEBIAN_PACKAGES[soname];
    assert.ok(listed, `${soname} (${path}) has no entry in DEBIAN_PACKAGES`);
    const actual = owner(realpathSync(path));
    assert.ok(actual, `dpkg knows no package for ${realpathSync(path)}`);
    if (listed === actual) continue;
    // A metapackage (libopenblas0) is listed where the file comes from one of its variants.
    const depends = execFileSync("apt-cache", ["depends", listed], { encoding: "utf8" });
    assert.match(
      depends,
      new RegExp(`Depends: ${actual.replace(/[+.]/g, "\\$&")}\\b`),
      `${listed} for ${basename(path)}`,
    );
  }
});

test("only linux-x64 is supported, and other platforms are told so by name", () => {
  assert.equal(platformProblem("linux", "x64"), undefined);
  assert.match(platformProblem("darwin", "arm64")!, /Linux x86-64 only; this is darwin-arm64/);
  assert.match(platformProblem("linux", "arm64")!, /this is linux-arm64/);
});
