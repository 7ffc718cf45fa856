import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import { CellSyntaxError, compileCell, KERNEL_GLOBAL } from "../../kernel/exec/transpile.js";

test("top-level declarations become global bindings, re-declarable on the next run", () => {
  const c = compileCell("const a: number = 1, { b } = { b: 2 };\nlet u;\nclass K {}\nenum E { X }", "In[1]");
  assert.deepEqual(c.names.sort(), ["E", "K", "a", "b", "u"]);
  assert.doesNotMatch(c.script, /\b(const|let) a\b/);
});

test("positions in the transpiled script map back to the TypeScript source lines", () => {
  const source =
    "const x = 1;\n\ninterface I { a: number }\ntype T = string;\nfunction f(n: number) {\n  return n;\n}\nf(x)";
  const c = compileCell(source, "In[2]");
  const lines = c.script.split("\n");
  const at = lines.findIndex((l) => l.includes("return n"));
  const pos = c.map.original({ line: at, column: lines[at]!.indexOf("return") });
  assert.deepEqual(pos, { line: 5, column: 2 });
});

test("the last expression statement is handed to the result hook, even a constant string", () => {
  const c = compileCell("'a' + 'b'", "In[3]", 7);
  assert.match(c.script, new RegExp(`${KERNEL_GLOBAL}\\.result\\(7, `));
  let got: unknown;
  const ctx = vm.createContext({ [KERNEL_GLOBAL]: { result: (_: number, v: unknown) => (got = v) } });
  vm.runInContext(c.script, ctx);
  assert.equal(got, "ab");
});

test("static and dynamic imports and import.meta go through the kernel global", () => {
  const c = compileCell(
    'import * as tm from "tsmlx";\nimport d, { a as b, type T } from "m";\nimport "side";\nconst x = await import("y");\nimport.meta.url',
    "In[4]",
  );
  assert.deepEqual(c.names.sort(), ["b", "d", "tm", "x"]);
  assert.match(c.script, /tm = await __tsmlxKernel\.import\("tsmlx"\)/);
  assert.match(c.script, /\{ default: d, a: b \} = await __tsmlxKernel\.import\("m"\)/);
  assert.match(c.script, /await __tsmlxKernel\.import\("side"\)/);
  assert.match(c.script, /__tsmlxKernel\.import\("y"\)/);
  assert.match(c.script, /__tsmlxKernel\.meta\.url/);
  assert.doesNotMatch(c.script, /\bimport\s/);
});

test("a syntax error reports the cell's line and column", () => {
  assert.throws(
    () => compileCell("const a = 1;\nconst b = (2 +;\n", "In[5]"),
    (e: unknown) => e instanceof CellSyntaxError && e.line === 2 && e.column === 14 && e.filename === "In[5]",
  );
});
