/**
 * The kernel's entry point: `node dist/kernel/main.js <connection-file>`, as kernel.json runs it.
 * Cells run with the current directory (the notebook's, as Jupyter starts kernels there) as base.
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { Kernel, log } from "./kernel.js";
import type { ConnectionInfo } from "./wire.js";

const file = process.argv[2];
if (!file) {
  log("usage: node dist/kernel/main.js <connection-file>");
  process.exit(2);
}
process.setSourceMapsEnabled(true);
const info = JSON.parse(readFileSync(file, "utf8")) as ConnectionInfo;
Kernel.start(info, process.cwd()).catch((e) => {
  log(`failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
