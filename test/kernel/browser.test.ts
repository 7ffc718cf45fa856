/**
 * The kernel in a real front end: Debian's classic Notebook server (jupyter-notebook) serves a
 * notebook, headless Chromium opens it, a cell that makes a tsmlx Tensor runs through the UI, and
 * the rendered table is checked in the DOM. The screenshot goes to test-artifacts/.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, test } from "node:test";
import { Browser } from "./cdp.js";
import { jupyterPath, pythonEnv, ROOT } from "./helpers.js";

const jp = jupyterPath();
const notebookDir = mkdtempSync(join(tmpdir(), "tsmlx-ui-"));
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let serverLog = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function stopServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s?.pid || s.exitCode !== null) return;
  const exited = new Promise((r) => s.once("exit", r));
  try {
    process.kill(-s.pid, "SIGTERM"); // the server shuts its kernels down
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  try {
    process.kill(-s.pid, "SIGKILL");
  } catch {
    // gone
  }
}

after(async () => {
  browser?.close();
  await stopServer();
  jp.dispose();
  rmSync(notebookDir, { recursive: true, force: true });
});

test("classic Notebook in headless Chromium runs a cell that shows a tsmlx Tensor as a table", async () => {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  writeFileSync(
    join(notebookDir, "tensor.ipynb"),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tsmlx", display_name: "TypeScript (tsmlx)", language: "typescript" } },
      cells: [{ cell_type: "code", id: "c1", metadata: {}, source: "", outputs: [], execution_count: null }],
    }),
  );
  server = spawn(
    "/usr/bin/jupyter-notebook",
    [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${notebookDir}`,
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    { env: pythonEnv(jp.dir), detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout!.on("data", (d) => {
    serverLog += d;
  });
  server.stderr!.on("data", (d) => {
    serverLog += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${base}/api/status?token=${token}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    assert.ok(
      Date.now() < deadline && server.exitCode === null,
      `notebook server did not come up:\n${serverLog}`,
    );
    await new Promise((r) => setTimeout(r, 200));
  }

  browser = await Browser.launch();
  await browser.navigate(`${base}/notebooks/tensor.ipynb?token=${token}`);
  await browser.waitFor(
    "!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())",
    60_000,
    "the notebook's kernel to connect",
  );
  await browser.evaluate(`(() => {
    const cell = Jupyter.notebook.get_cell(0);
    cell.set_text('import * as tm from "tsmlx";\\nconst t = tm.tensor([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]]);\\nt');
    cell.execute();
    return true;
  })()`);
  const rendered = await browser
    .waitFor<{ header: string; cells: string[]; prompt: string }>(
      `(() => {
      const area = document.querySelector(".cell .output_area .output_html");
      const table = area && area.querySelector("table");
      if (!table) return null;
      return {
        header: area.querySelector(".tsmlx-tensor > div").textContent,
        cells: [...table.querySelectorAll("td")].map((td) => td.textContent),
        prompt: document.querySelector(".cell .output_prompt").textContent,
      };
    })()`,
      60_000,
      "the tensor's table in the cell output",
    )
    .catch((e) => {
      throw new Error(`${(e as Error).message}\nserver log:\n${serverLog.slice(-3000)}`);
    });
  const shot = await browser.screenshot();
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  writeFileSync(join(ROOT, "test-artifacts", "notebook-tensor.png"), shot);

  assert.equal(rendered.header, "f32[2,3] · min 1.5 · max 6.5 · mean 4 · 0 NaN · 0 Inf");
  assert.deepEqual(rendered.cells, ["1.5", "2.5", "3.5", "4.5", "5.5", "6.5"]);
  assert.match(rendered.prompt, /Out\[1\]/);
  assert.ok(shot.length > 1000 && shot.subarray(1, 4).toString() === "PNG");
});
