import assert from "node:assert/strict";
import { test } from "node:test";
import { globToRegExp, History } from "../../kernel/history.js";

function filled(): History {
  const h = new History(3);
  ["1 + 2", "a = 1", "1 + 2", "print(1 + 2)"].forEach((code, i) => {
    h.add(i + 1, code).output = String(i);
  });
  return h;
}

test("tail returns the last n cells, with outputs when asked", () => {
  assert.deepEqual(filled().query({ hist_access_type: "tail", n: 2 }), [
    [3, 3, "1 + 2"],
    [3, 4, "print(1 + 2)"],
  ]);
  assert.deepEqual(filled().query({ hist_access_type: "tail", n: 1, output: true }), [
    [3, 4, ["print(1 + 2)", "3"]],
  ]);
});

test("range selects [start, stop) of this session (0 means the current session)", () => {
  assert.deepEqual(filled().query({ hist_access_type: "range", session: 3, start: 2, stop: 3 }), [
    [3, 2, "a = 1"],
  ]);
  assert.equal(filled().query({ hist_access_type: "range", session: 0, start: 1 }).length, 4);
  assert.deepEqual(filled().query({ hist_access_type: "range", session: 9, start: 1 }), []);
});

test("search matches a glob against the whole input; unique drops repeats; n keeps the last n", () => {
  const h = filled();
  assert.equal(h.query({ hist_access_type: "search", pattern: "1 + 2*" }).length, 2);
  assert.equal(h.query({ hist_access_type: "search", pattern: "*1 + 2*" }).length, 3);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "1 + 2", unique: true }), [
    [3, 3, "1 + 2"],
  ]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "*", n: 1 }), [[3, 4, "print(1 + 2)"]]);
  assert.ok(globToRegExp("a?c").test("abc"));
  assert.ok(globToRegExp("[ab]x").test("bx"));
  assert.ok(!globToRegExp("a.c").test("abc"));
});
