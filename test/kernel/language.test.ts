import assert from "node:assert/strict";
import { test } from "node:test";
import { CellLanguage } from "../../kernel/language.js";
import { ROOT } from "./helpers.js";

const ls = new CellLanguage(ROOT);
ls.addCell('import * as tm from "tsmlx";\nconst myTensor = tm.tensor([1, 2, 3]);');

test("tm. completes the library's exports after an earlier cell imported tsmlx", () => {
  const code = "tm.ten";
  const r = ls.complete(code, code.length);
  assert.ok(r.matches.includes("tensor"), r.matches.join(", "));
  assert.ok(r.matches.every((m) => m.startsWith("ten")));
  assert.equal(r.cursor_start, 3);
  assert.equal(r.cursor_end, code.length);
});

test("names declared in earlier cells complete, with members of their types", () => {
  assert.ok(ls.complete("myTe", 4).matches.includes("myTensor"));
  const members = ls.complete("myTensor.", 9).matches;
  assert.ok(members.includes("shape") && members.includes("dtype"), members.join(", "));
});

test("kernel globals and the tslab module are known to completion", () => {
  assert.ok(ls.complete("displ", 5).matches.includes("display"));
  const code = 'import * as tslab from "tslab";\ntslab.newD';
  assert.deepEqual(ls.complete(code, code.length).matches, ["newDisplay"]);
});

test("inspect shows the signature and the doc comment of a library function", () => {
  const r = ls.inspect("tm.exec", "tm.exec".length);
  assert.equal(r.found, true);
  assert.match(r.data["text/plain"]!, /function exec/);
  assert.match(r.data["text/plain"]!, /compiled, cached callable/);
  assert.equal(ls.inspect("   ", 1).found, false);
});

test("type errors of a cell are found at its own lines; redeclaring an earlier cell's names is not one", () => {
  const errs = ls.typeErrors('const ok = 1;\nconst n: number = "text";');
  assert.equal(errs.length, 1);
  assert.equal(errs[0]!.code, 2322);
  assert.equal(errs[0]!.line, 2);
  assert.match(errs[0]!.message, /not assignable to type 'number'/);
  assert.deepEqual(ls.typeErrors("const myTensor = tm.tensor([4]);"), []);
});
