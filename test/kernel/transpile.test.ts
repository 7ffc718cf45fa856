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
  const gen = vm.runInContext(c.script, ctx) as Generator;
  assert.equal(got, undefined, "nothing runs before the generator is driven");
  assert.equal(gen.next().done, true);
  assert.equal(got, "ab");
});

test("static and dynamic imports and import.meta go through the kernel global", () => {
  const c = compileCell(
    'import * as tm from "tsmlx";\nimport d, { a as b, type T } from "m";\nimport "side";\nconst x = await import("y");\nimport.meta.url',
    "In[4]",
  );
  assert.deepEqual(c.names.sort(), ["b", "d", "tm", "x"]);
  assert.match(c.script, /tm = \(yield __tsmlxKernel\.import\("tsmlx"\)\)/);
  assert.match(c.script, /\{ default: d, a: b \} = \(yield __tsmlxKernel\.import\("m"\)\)/);
  assert.match(c.script, /\(yield __tsmlxKernel\.import\("side"\)\)/);
  assert.match(c.script, /\(yield __tsmlxKernel\.import\("y"\)\)/);
  assert.match(c.script, /__tsmlxKernel\.meta\.url/);
  assert.doesNotMatch(c.script, /\bimport\s/);
});

test("a syntax error reports the cell's line and column", () => {
  assert.throws(
    () => compileCell("const a = 1;\nconst b = (2 +;\n", "In[5]"),
    (e: unknown) => e instanceof CellSyntaxError && e.line === 2 && e.column === 14 && e.filename === "In[5]",
  );
});

test("top-level awaits become yields of a generator; awaits in nested functions stay", () => {
  const c = compileCell(
    "const f = async () => await g();\nconst v = 1 + await f();\nfor (const x of [1]) { await x; }",
    "In[6]",
  );
  assert.equal(c.mode, "generator");
  assert.match(c.script, /^\(function\* \(\)/);
  assert.match(c.script, /async \(\) => await g\(\)/);
  assert.match(c.script, /1 \+ \(yield f\(\)\)/);
  assert.match(c.script, /\(yield x\)/);
});

test("a cell with a top-level for await runs as an async function", () => {
  const c = compileCell("for await (const x of xs) { await x; }", "In[7]");
  assert.equal(c.mode, "async");
  assert.match(c.script, /^\(async function \(\)/);
});
