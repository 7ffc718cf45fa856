// After `npm install tsmlx`: runs the install check (src/cli/postinstall.ts, built into dist/).
// A source checkout has nothing built yet when npm installs its packages; make build follows.
import { existsSync } from "node:fs";

const check = new URL("../dist/src/cli/postinstall.js", import.meta.url);
if (existsSync(check)) await import(check.href);
