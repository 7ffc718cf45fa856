/**
 * The cell declarations (kernel/cell_api.ts) take the display types from kernel/display.ts
 * instead of writing them again, and what the language service then knows agrees with what
 * the kernel's display API gives cells at run time.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { CELL_API_DECLARATIONS, DISPLAY_MODULE } from "../../kernel/cell_api.js";
import { makeDisplayApi } from "../../kernel/display.js";
import { CellLanguage } from "../../kernel/language.js";
import { ROOT } from "./helpers.js";

const ls = new CellLanguage(ROOT);

/** The methods of a display object as cells get it. */
function methods(o: object): string[] {
  return Object.keys(o)
    .filter((k) => typeof (o as Record<string, unknown>)[k] === "function")
    .sort();
}

/** What the language service completes after `code` (which ends in a dot). */
function members(code: string): string[] {
  return ls.complete(code, code.length).matches.sort();
}

const FUNCTION_MEMBERS = [
  "apply",
  "arguments",
  "bind",
  "call",
  "caller",
  "length",
  "name",
  "prototype",
  "toString",
];

test("the declarations import the display types from kernel/display.ts's declaration file", () => {
  assert.ok(DISPLAY_MODULE.endsWith("/kernel/display.js"), DISPLAY_MODULE);
  assert.ok(existsSync(DISPLAY_MODULE.replace(/\.js$/, ".d.ts")), "display.d.ts is built beside display.js");
  assert.ok(CELL_API_DECLARATIONS.includes(`import(${JSON.stringify(DISPLAY_MODULE)}).Display`));
  assert.doesNotMatch(
    CELL_API_DECLARATIONS,
    /interface Display\b|interface DisplayOptions\b|function html\(/,
  );
});

test("the methods the language service knows on display, tslab.display and newDisplay() are those cells get", () => {
  const api = makeDisplayApi({ display: () => {}, clear: () => {} });
  const runtime = methods(api.display);
  assert.deepEqual(runtime, methods(api.newDisplay()));
  assert.ok(
    runtime.includes("html") && runtime.includes("png") && runtime.includes("raw"),
    runtime.join(", "),
  );
  const tslab = 'import * as tslab from "tslab";\n';
  assert.deepEqual(members(`${tslab}tslab.display.`), runtime);
  assert.deepEqual(members(`${tslab}tslab.newDisplay().`), runtime);
  assert.deepEqual(
    members("display.").filter((m) => !FUNCTION_MEMBERS.includes(m)),
    runtime,
  );
});

test("display's options are kernel/display.ts's DisplayOptions: a misspelt option is a type error", () => {
  assert.deepEqual(
    ls.typeErrors('display(1, { displayId: "p", update: true, metadata: {} }); display.html("<b>x</b>");'),
    [],
  );
  const errs = ls.typeErrors('display(1, { displayID: "p" });\ndisplay.nope("x");');
  assert.deepEqual(
    errs.map((e) => [e.line, e.code]),
    [
      [1, 2561],
      [2, 2339],
    ],
  );
  assert.match(errs[0]!.message, /'displayID' does not exist in type 'DisplayOptions'/);
});
