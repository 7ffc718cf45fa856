/**
 * tsmlx as a user gets it: `npm pack` of this checkout, installed with plain `npm install` into an
 * empty project, then used there from JavaScript and TypeScript, through its `tsmlx` command, and
 * as a Jupyter kernel run by Debian's nbclient from a folder outside the project.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, test } from "node:test";
import { which } from "../../src/cli/which.js";
import {
  killAll,
  lastJson,
  type NotebookCell,
  PYTHON,
  pythonEnv,
  ROOT,
  type RunResult,
  run,
} from "../kernel/helpers.js";

const work = mkdtempSync(join(tmpdir(), "tsmlx-package-"));
const project = join(work, "project");
const installed = join(project, "node_modules", "tsmlx");
const tsmlxBin = join(project, "node_modules", ".bin", "tsmlx");
let tarball = "";
let install: RunResult;

after(() => {
  killAll();
  rmSync(work, { recursive: true, force: true });
});

before(async () => {
  const pack = await run("npm", ["pack", "--pack-destination", work], { cwd: ROOT, timeoutMs: 300_000 });
  assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr.slice(-4000)}`);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "uses-tsmlx", private: true, type: "module" })}\n`,
  );
  install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
    cwd: project,
    timeoutMs: 300_000,
  });
  assert.equal(install.code, 0, `npm install failed:\n${install.stdout}\n${install.stderr.slice(-4000)}`);
});

test("the package holds the library, kernel, command, prebuilt binaries and notebooks, and no tests, benches or sources", () => {
  const list = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" }).stdout.trim().split("\n");
  const files = list.map((f) => f.replace(/^package\//, ""));
  for (const f of [
    "package.json",
    "README.md",
    "dist/src/index.js",
    "dist/src/index.d.ts",
    "dist/src/cli/bin.js",
    "dist/kernel/main.js",
    "build/libtsmlx_cpu_pjrt.so",
    "build/tsmlx_pjrt.node",
    "kernelspec/kernel.json",
    "kernelspec/logo-64x64.png",
    "notebooks/tour.ipynb",
    "scripts/postinstall.mjs",
  ]) {
    assert.ok(files.includes(f), `the package lacks ${f}`);
  }
  const unwanted = files.filter((f) =>
    /^(test|bench|examples|native|src|kernel\/.*\.ts$|dist\/(test|bench|examples)\/|build\/obj\/)|\.(map|debug|cc|h)$/.test(
      f,
    ),
  );
  assert.deepEqual(unwanted, []);
  const size = Number(spawnSync("gzip", ["-l", tarball], { encoding: "utf8" }).stdout.trim().split(/\s+/)[5]);
  assert.ok(
    size < 20_000_000,
    `unpacked size ${size} bytes: the binaries should ship without debug information`,
  );
});

test("plain npm install succeeds and the install check it runs prints nothing on this machine", async () => {
  const said = `${install.stdout}\n${install.stderr}`;
  assert.doesNotMatch(said, /npm error|tsmlx: /);
  // npm may skip dependencies' install scripts unless allowed; run tsmlx's as npm would.
  const postinstall = await run(process.execPath, ["scripts/postinstall.mjs"], { cwd: installed });
  assert.equal(postinstall.code, 0, postinstall.stderr);
  assert.equal(postinstall.stdout + postinstall.stderr, "");
});

test("a JavaScript program in the project builds, compiles and runs a graph with the installed tsmlx", async () => {
  writeFileSync(
    join(project, "main.js"),
    [
      'import * as tm from "tsmlx";',
      "const f = tm.exec((a, b) => tm.relu(tm.matmul(a, b).sub(45)));",
      "const out = await f([[1, 2], [3, 4]], [[5, 6], [7, 8]]);",
      "const t = await out.toTensor();",
      "console.log(JSON.stringify({ dtype: t.dtype, shape: t.shape.dims, values: t.toArray(), plugin: tm.runtimeInfo().plugin }));",
    ].join("\n"),
  );
  const r = await run(process.execPath, ["main.js"], { cwd: project });
  assert.equal(r.code, 0, r.stderr);
  const got = lastJson<{ dtype: string; shape: number[]; values: number[][]; plugin: string }>(r.stdout);
  assert.deepEqual(got.values, [
    [0, 0],
    [0, 5],
  ]);
  assert.equal(got.dtype, "f32");
  assert.deepEqual(got.shape, [2, 2]);
  assert.equal(got.plugin, join(installed, "build", "libtsmlx_cpu_pjrt.so"));
});

test("TypeScript checks a program against the installed types and rejects one that misuses them", async () => {
  writeFileSync(
    join(project, "good.ts"),
    [
      'import * as tm from "tsmlx";',
      "const f = tm.exec((a: tm.Node, b: tm.Node) => tm.matmul(a, b));",
      "const out: tm.DeviceArray = await f([[1, 2]], [[3], [4]]);",
      "const t: tm.Tensor = await out.toTensor();",
      "const dims: readonly number[] = t.shape.dims;",
      "console.log(dims);",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "bad.ts"),
    'import * as tm from "tsmlx";\nexport const n: number = tm.matmul;\n',
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
      },
      files: ["good.ts", "bad.ts"],
    }),
  );
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  const r = await run(process.execPath, [tsc, "-p", "."], { cwd: project });
  const errors = r.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
  assert.equal(errors.length, 1, r.stdout);
  assert.match(errors[0]!, /^bad\.ts\(2,14\): error TS2322/);
});

test("tsmlx info --json, run through the installed command, names the cpu platform and its devices", async () => {
  const r = await run(tsmlxBin, ["info", "--json"], { cwd: project });
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.platform, "cpu");
  assert.ok(info.devices.length >= 1, r.stdout);
  assert.equal(info.plugin, join(installed, "build", "libtsmlx_cpu_pjrt.so"));
  assert.equal(info.package, installed);
});

test("tsmlx kernel install registers the installed kernel; nbclient runs a notebook on it and it completes", async () => {
  const prefix = join(work, "jupyter-prefix");
  const jupyterDir = join(prefix, "share", "jupyter");
  const env = pythonEnv(jupyterDir);
  const reg = await run(tsmlxBin, ["kernel", "install", "--prefix", prefix], { cwd: project, env });
  assert.equal(reg.code, 0, reg.stderr);
  const spec = JSON.parse(readFileSync(join(jupyterDir, "kernels", "tsmlx", "kernel.json"), "utf8"));
  assert.equal(realpathSync(spec.argv[0]), realpathSync(which("node", env)!));
  assert.deepEqual(spec.argv.slice(1), [join(installed, "dist", "kernel", "main.js"), "{connection_file}"]);

  // The notebook lives outside the project: "tsmlx" comes from the kernel's own package.
  const notebooks = join(work, "notebooks");
  mkdirSync(notebooks);
  const cell = (id: string, source: string) => ({
    cell_type: "code",
    id,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  });
  const nb = {
    cells: [
      cell(
        "run",
        'import * as tm from "tsmlx";\nconst f = tm.exec((a, b) => tm.matmul(a, b).add(1));\n' +
          "const out = await f([[1, 2], [3, 4]], [[5, 6], [7, 8]]);\n" +
          "console.log(JSON.stringify((await out.toTensor()).toArray()));",
      ),
      cell("where", "console.log(tm.runtimeInfo().plugin);"),
    ],
    metadata: { kernelspec: { name: "tsmlx", display_name: "TypeScript (tsmlx)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(notebooks, "check.ipynb"), JSON.stringify(nb));
  const r = await run(
    PYTHON,
    [join(ROOT, "test", "kernel", "run_notebook.py"), join(notebooks, "check.ipynb")],
    {
      env,
      timeoutMs: 120_000,
    },
  );
  assert.equal(r.code, 0, r.stderr.slice(-4000));
  const { fresh } = lastJson<{ fresh: NotebookCell[] }>(r.stdout);
  assert.deepEqual(
    fresh.map((c) => c.outputs.map((o) => [o.type, o.text])),
    [
      [["stream", "[[20,23],[44,51]]\n"]],
      [["stream", `${join(installed, "build", "libtsmlx_cpu_pjrt.so")}\n`]],
    ],
  );

  const codes = ['import * as tm from "tsmlx";\ntm.matm', "process.versi"];
  const c = await run(PYTHON, [join(ROOT, "test", "package", "complete.py"), notebooks, ...codes], {
    env,
    timeoutMs: 120_000,
  });
  assert.equal(c.code, 0, c.stderr.slice(-4000));
  const matches = lastJson<Record<string, string[]>>(c.stdout);
  assert.ok(matches[codes[0]!]!.includes("matmul"), `tsmlx's types: ${c.stdout}`);
  assert.ok(matches[codes[1]!]!.includes("version"), `Node's types: ${c.stdout}`);
});

test("where oneDNN and OpenBLAS are missing, the installed tsmlx names them and their Debian packages", async (t) => {
  const probe = spawnSync("unshare", ["-m", "true"]);
  if (probe.status !== 0) {
    t.skip("unshare -m is not allowed here, so libraries cannot be hidden from the loader");
    return;
  }
  const hideScript = join(ROOT, "test", "package", "hide_libraries.sh");
  const env = { ...process.env, TMPDIR: work };
  // OpenBLAS alone: named by the loader or by the plugin, which opens it itself.
  const noBlas = await run(
    "unshare",
    ["-m", hideScript, "libopenblas*", "openblas*", "--", tsmlxBin, "check"],
    {
      cwd: project,
      env,
    },
  );
  assert.equal(noBlas.code, 1, noBlas.stdout);
  assert.match(noBlas.stderr, /libopenblas\.so\.0 .*\(Debian package libopenblas0\)/);
  assert.ok(noBlas.stderr.includes("apt-get install libopenblas0"), noBlas.stderr);
  const hide = [hideScript, "libdnnl*", "libopenblas*", "openblas*", "--"];
  const check = await run("unshare", ["-m", ...hide, tsmlxBin, "check"], { cwd: project, env });
  // Named at once, whether the plugin links OpenBLAS or opens it itself (OPENED_AT_RUN_TIME).
  const aptLine = "apt-get install libdnnl2 libopenblas0";
  assert.equal(check.code, 1, check.stdout);
  assert.match(check.stderr, /libdnnl\.so\.2 .*\(Debian package libdnnl2\)/);
  assert.match(check.stderr, /libopenblas\.so\.0 .*\(Debian package libopenblas0\)/);
  assert.ok(check.stderr.includes(aptLine), check.stderr);
  writeFileSync(
    join(project, "first_use.js"),
    'import * as tm from "tsmlx";\nawait tm.exec((a) => tm.add(a, 1))([1]);\n',
  );
  const program = await run("unshare", ["-m", ...hide, process.execPath, "first_use.js"], {
    cwd: project,
    env,
  });
  assert.notEqual(program.code, 0);
  assert.match(program.stderr, /cannot load .*libtsmlx_cpu_pjrt\.so/);
  assert.ok(program.stderr.includes(aptLine), program.stderr);
  const postinstall = await run("unshare", ["-m", ...hide, process.execPath, "scripts/postinstall.mjs"], {
    cwd: installed,
    env,
  });
  assert.equal(postinstall.code, 1);
  assert.match(postinstall.stderr, /this machine cannot run tsmlx yet/);
  assert.ok(postinstall.stderr.includes(aptLine), postinstall.stderr);
});
