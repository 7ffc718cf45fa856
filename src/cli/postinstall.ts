/**
 * Runs after `npm install tsmlx` (package.json "postinstall"): the checks of `tsmlx check`.
 * Silent when they pass; when one fails it prints what is missing and how to install it, and
 * fails the install so the message is seen. Does nothing in a source checkout, where
 * `make build` builds the binaries after npm has installed the packages.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { packageRoot } from "../runtime/addon.js";
import { checkInstall } from "./check.js";

if (!existsSync(join(packageRoot(), "native"))) {
  const r = await checkInstall();
  if (!r.ok) {
    process.stderr.write(
      `tsmlx: this machine cannot run tsmlx yet.\n${r.lines.at(-1)}\n` +
        "Fix that and run `npx tsmlx check`; or install with --ignore-scripts to skip this check " +
        "(tsmlx then fails with the same message when it is first used).\n",
    );
    process.exitCode = 1;
  }
}
