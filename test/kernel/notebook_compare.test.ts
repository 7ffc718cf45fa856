/**
 * textsDiffer, the comparison the saved-notebook tests use: last-digit changes in computed
 * numbers pass, anything else a reader would notice fails.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { textsDiffer } from "./helpers.js";

const tol = { rel: 1e-5, abs: 1e-6 };

test("a float that differs in its last digits, and padding that follows it, still match", () => {
  assert.equal(textsDiffer("f32[2]\n[0.19737531, 1.]", "f32[2]\n[0.19737537, 1.]", tol), undefined);
  assert.equal(textsDiffer("[[ 0.5, -0.]]", "[[0.5,  0.]]", tol), undefined);
  assert.equal(textsDiffer("[1.0000001e-3]", "[0.0010000002]", tol), undefined);
});

test("changed words, changed integers and numbers beyond the tolerance are reported", () => {
  assert.match(textsDiffer("f32[2,3]", "f32[2,4]", tol)!, /integer 3 saved, 4 now/);
  assert.match(textsDiffer("loss 0.5", "cost 0.5", tol)!, /text "loss" saved, "cost" now/);
  assert.match(textsDiffer("[0.1973]", "[0.1974]", tol)!, /number 0\.1973 saved, 0\.1974 now/);
  assert.match(textsDiffer("[1., 2.]", "[1.]", tol)!, /2 numbers saved, 1 now/);
  assert.match(textsDiffer("[nan]", "[0.]", tol)!, /number nan saved/);
});
