import assert from "node:assert/strict";
import { test } from "node:test";
import { isComplete } from "../../kernel/is_complete.js";

test("complete code", () => {
  for (const code of ["", "1 + 1", "let x = 1;", "function f() {\n  return 1;\n}\n"]) {
    assert.equal(isComplete(code).status, "complete", code);
  }
});

test("code cut off at its end is incomplete, with an indent for the next line", () => {
  assert.deepEqual(isComplete("function f() {"), { status: "incomplete", indent: "  " });
  assert.deepEqual(isComplete("if (a) {\n  if (b) {"), { status: "incomplete", indent: "    " });
  assert.equal(isComplete("let xs = [1,").status, "incomplete");
  assert.equal(isComplete("const s = `line one").status, "incomplete");
});

test("code broken before its end is invalid", () => {
  for (const code of ["1 +* 2", "let = ;", "x)", 'const s = "abc']) {
    assert.equal(isComplete(code).status, "invalid", code);
  }
});
