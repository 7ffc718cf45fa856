/**
 * The `tsmlx` command run as a user runs it (node dist/src/cli/bin.js) from this checkout: its
 * help, info, check, kernel registration with Debian's jupyter_client and without any Jupyter,
 * and the notebooks opened in Debian's classic Notebook server.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, test } from "node:test";
import { formatInfo, infoReport } from "../../src/cli/info.js";
import { installKernel, jupyterUserDataDir, kernelspecClientCandidates } from "../../src/cli/kernel.js";
import { bundledNotebooksDir, copyNotebooks } from "../../src/cli/notebooks.js";
import { bundledCpuPlugin } from "../../src/runtime/plugin.js";
import { killAll, PYTHON, pythonEnv, ROOT, run } from "../kernel/helpers.js";

const BIN = join(ROOT, "dist", "src", "cli", "bin.js");
const dir = mkdtempSync(join(tmpdir(), "tsmlx-cli-"));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `tsmlx args...` with a private Jupyter environment under `dir`. */
function tsmlx(args: string[], env: NodeJS.ProcessEnv = pythonEnv(join(dir, "jupyter"))) {
  return run(process.execPath, [BIN, ...args], { env, cwd: dir, timeoutMs: 120_000 });
}

/** A PATH holding only node (so no Jupyter and no python3 is found on it). */
function pathWithOnlyNode(): string {
  const bin = join(dir, "only-node");
  if (!existsSync(bin)) {
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
  }
  return bin;
}

test("tsmlx --help lists every command and --version prints the package's version", async () => {
  const help = await tsmlx(["--help"]);
  assert.equal(help.code, 0);
  for (const c of ["tsmlx info", "tsmlx check", "tsmlx kernel install", "tsmlx lab", "tsmlx notebook"]) {
    assert.ok(help.stdout.includes(c), `--help lacks ${c}`);
  }
  const version = await tsmlx(["--version"]);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
});

test("an unknown command or option exits with 2 and names it", async () => {
  const r = await tsmlx(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command frobnicate/);
  const o = await tsmlx(["kernel", "install", "--everywhere"]);
  assert.equal(o.code, 2);
  assert.match(o.stderr, /unknown option --everywhere/);
});

test("tsmlx info --json describes the bundled CPU plugin and its devices", async () => {
  const r = await tsmlx(["info", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.platform, "cpu");
  assert.equal(info.plugin, bundledCpuPlugin());
  assert.ok(info.devices.length >= 1);
  assert.equal(typeof info.devices[0].kind, "string");
  assert.equal(typeof info.attributes, "object");
});

test("tsmlx info's text shows the plugin, each device and every attribute the plugin reports", () => {
  const text = formatInfo(
    infoReport({
      plugin: "/p.so",
      platform: "cpu",
      platformVersion: "v1",
      devices: [{ id: 0, kind: "cpu", description: "CPU 0" }],
      attributes: { isa: "avx512", threads: 16n, blas_core: "SkylakeX", dims: [1, 2] },
    }),
  );
  assert.match(text, /^plugin +\/p\.so$/m);
  assert.match(text, /^ {2}0 +cpu {2}CPU 0$/m);
  assert.match(text, /^ {2}isa +avx512$/m);
  assert.match(text, /^ {2}threads +16$/m);
  assert.match(text, /^ {2}blas_core +SkylakeX$/m);
  assert.match(text, /^ {2}dims +1, 2$/m);
});

test("tsmlx check passes here and says it ran a matrix product", async () => {
  const r = await tsmlx(["check"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2x2 matmul on cpu .*: ok/);
});

test("tsmlx kernel install --prefix registers this node on this checkout's kernel with Jupyter", async () => {
  const prefix = join(dir, "prefix");
  const env = pythonEnv(join(dir, "jupyter"));
  const r = await tsmlx(["kernel", "install", "--prefix", prefix], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /registered by: .*(jupyter|kernelspecapp)/);
  const spec = JSON.parse(
    readFileSync(join(prefix, "share", "jupyter", "kernels", "tsmlx", "kernel.json"), "utf8"),
  );
  assert.deepEqual(spec.argv, [
    process.execPath,
    join(ROOT, "dist", "kernel", "main.js"),
    "{connection_file}",
  ]);
  const list = await run(PYTHON, ["-m", "jupyter_client.kernelspecapp", "list", "--json"], {
    env: pythonEnv(join(prefix, "share", "jupyter")),
  });
  assert.equal(JSON.parse(list.stdout).kernelspecs.tsmlx?.spec.display_name, "TypeScript (tsmlx)");
});

test("with no Jupyter client, --user writes kernel.json into Jupyter's user data dir itself", () => {
  const data = join(dir, "no-jupyter-data");
  const env = { PATH: pathWithOnlyNode(), JUPYTER_DATA_DIR: data };
  assert.equal(jupyterUserDataDir(env), data);
  assert.equal(jupyterUserDataDir({ HOME: "/home/ada" }), "/home/ada/.local/share/jupyter");
  assert.equal(jupyterUserDataDir({ HOME: "/home/ada", XDG_DATA_HOME: "/xdg" }), "/xdg/jupyter");
  const done = installKernel({ kind: "user" }, { env, client: null, name: "tsmlx-direct" });
  assert.equal(done.dir, join(data, "kernels", "tsmlx-direct"));
  assert.equal(done.client, undefined);
  const spec = JSON.parse(readFileSync(join(done.dir, "kernel.json"), "utf8"));
  assert.equal(spec.argv[1], join(ROOT, "dist", "kernel", "main.js"));
  assert.ok(existsSync(join(done.dir, "logo-64x64.png")));
  assert.throws(
    () => installKernel({ kind: "sys-prefix" }, { env, client: null }),
    /--sys-prefix .*no Jupyter was found.*use --user or --prefix DIR/,
  );
});

test("the Python behind a pip- or conda-installed jupyter script is asked before Debian's", () => {
  const bin = join(dir, "venv-bin");
  mkdirSync(bin, { recursive: true });
  const python = join(bin, "python3.11");
  symlinkSync(PYTHON, python);
  // pip's wrapper for interpreter paths too long for a #! line
  writeFileSync(
    join(bin, "jupyter"),
    `#!/bin/sh\n'''exec' "${python}" "$0" "$@"\n' '''\nfrom jupyter_core.command import main\n`,
    { mode: 0o755 },
  );
  const candidates = kernelspecClientCandidates({ PATH: `${bin}:${pathWithOnlyNode()}` }).map((c) => c.argv);
  assert.deepEqual(candidates, [
    [join(bin, "jupyter"), "kernelspec"],
    [python, "-m", "jupyter_client.kernelspecapp"],
    [PYTHON, "-m", "jupyter_client.kernelspecapp"],
  ]);
  assert.deepEqual(
    kernelspecClientCandidates({ PATH: pathWithOnlyNode() }).map((c) => c.argv),
    [[PYTHON, "-m", "jupyter_client.kernelspecapp"]],
  );
});

test("tsmlx lab without JupyterLab says how to install it and copies nothing", async () => {
  const r = await tsmlx(["lab", "--dir", join(dir, "lab-notebooks")], { PATH: pathWithOnlyNode() });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /JupyterLab is not installed/);
  assert.match(r.stderr, /pipx install jupyterlab/);
  assert.match(r.stderr, /apt-get install jupyter-notebook/);
  assert.equal(existsSync(join(dir, "lab-notebooks")), false);
});

test("the bundled notebooks are copied once; a copy the user changed is kept", () => {
  const dest = join(dir, "copies");
  const bundled = readdirSync(bundledNotebooksDir()).filter((n) => n.endsWith(".ipynb"));
  assert.ok(bundled.includes("tour.ipynb"));
  assert.deepEqual(copyNotebooks(dest), bundled.sort());
  writeFileSync(join(dest, "tour.ipynb"), "{}");
  assert.deepEqual(copyNotebooks(dest), []);
  assert.equal(readFileSync(join(dest, "tour.ipynb"), "utf8"), "{}");
});

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test("tsmlx notebook serves copied notebooks with a tsmlx kernel of this checkout, and cleans up", async () => {
  const port = await freePort();
  const temp = join(dir, "server-tmp");
  mkdirSync(temp);
  const nbDir = join(dir, "served");
  const env = { ...pythonEnv(join(dir, "server-jupyter")), TMPDIR: temp };
  const child = spawn(
    process.execPath,
    [
      BIN,
      "notebook",
      "--dir",
      nbDir,
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--NotebookApp.token=t0k",
    ],
    { env, cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let said = "";
  child.stdout!.on("data", (d) => {
    said += d;
  });
  child.stderr!.on("data", (d) => {
    said += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!said.includes(`127.0.0.1:${port}/`)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the server did not start:\n${said}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=t0k`);
    const specs = (await res.json()) as { kernelspecs: Record<string, { spec: { argv: string[] } }> };
    assert.deepEqual(specs.kernelspecs.tsmlx?.spec.argv.slice(0, 2), [
      process.execPath,
      join(ROOT, "dist", "kernel", "main.js"),
    ]);
    const contents = (await (await fetch(`http://127.0.0.1:${port}/api/contents?token=t0k`)).json()) as {
      content: { name: string }[];
    };
    assert.ok(contents.content.some((f) => f.name === "tour.ipynb"));
    assert.ok(existsSync(join(nbDir, "tour.ipynb")));
    // Stopped the way its own "Quit" button does, so that it exits cleanly.
    const quit = await fetch(`http://127.0.0.1:${port}/api/shutdown?token=t0k`, { method: "POST" });
    assert.ok(quit.ok, `POST /api/shutdown: ${quit.status}`);
  } catch (e) {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGINT");
    throw e;
  }
  assert.equal(await exited, 0, said);
  assert.deepEqual(readdirSync(temp), [], "the private kernelspec folder is removed");
});
