import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";

const g = new Graph();
const x = g.parameter("x", "f32", [2, 3]);
const y = g.parameter("y", "f32", [3, 4]);
const labels = g.parameter("labels", "i32", [3]);

test("einsum names what it does not support and what does not fit", () => {
  assert.throws(
    () => tm.einsum("ii->i", x),
    /\[einsum\] "ii->i": repeated subscript in "ii" \(diagonals\/traces\) is not supported/,
  );
  assert.throws(
    () => tm.einsum("i..j", x),
    /subscripts must be letters and at most one "\.\.\.", got "i\.\.j"/,
  );
  assert.throws(() => tm.einsum("ij,jk,kl->il", x, y, y), /\[einsum\] supports 1 or 2 operands, got 3/);
  assert.throws(() => tm.einsum("ij,kl->ik", x, x, y), /names 2 operands but got 3/);
  assert.throws(() => tm.einsum("ij,ik->jk", x, y), /subscript i is 2 in one place and 3 in another/);
  assert.throws(() => tm.einsum("ijk->i", x), /operand 0 f32\[2,3\] has rank 2, subscripts "ijk"/);
  assert.throws(() => tm.einsum("ij->iz", x), /output subscript z is in no operand/);
});

test("einsum shapes: implicit output is the ... dims then the letters used once, sorted", () => {
  assert.equal(tm.einsum("ij,jk", x, y).typeString, "f32[2,4]");
  assert.equal(tm.einsum("ji", x).typeString, "f32[3,2]");
  assert.equal(tm.einsum("ij->", x).typeString, "f32[]");
  assert.equal(tm.einsum("...j,jk->...k", x, y).typeString, "f32[2,4]");
  assert.equal(tm.einsum("...ij->j", tm.reshape(x, [1, 2, 3])).typeString, "f32[3]");
  assert.equal(tm.einsum("...j,jk", tm.reshape(x, [1, 2, 3]), y).typeString, "f32[1,2,4]");
});

test("softmaxCrossEntropy checks the labels against the logits", () => {
  const logits = g.parameter("logits", "f32", [2, 3]);
  assert.throws(
    () => tm.softmaxCrossEntropy(logits, labels),
    /\[softmaxCrossEntropy\] integer labels i32\[3\] must have the logits' shape f32\[2,3\] without dim 1: \[2\]/,
  );
  assert.throws(
    () => tm.softmaxCrossEntropy(logits, y),
    /labels must be integer class indices or f32\[2,3\] probabilities, got f32\[3,4\]/,
  );
  assert.throws(() => tm.softmax(labels), /\[softmax\] needs a float operand, got i32\[3\]/);
});

test("array composites name the bad argument", () => {
  assert.throws(() => tm.split(x, 2, 1), /\[split\] cannot split dim 1 of f32\[2,3\] into 2 equal parts/);
  assert.throws(() => tm.split(x, [1, 1], 1), /\[split\] sizes \[1,1\] do not add up to dim 1 of f32\[2,3\]/);
  assert.throws(() => tm.squeeze(x, [0]), /\[squeeze\] dim 0 of f32\[2,3\] is not 1/);
  assert.throws(() => tm.stack([x, y]), /\[stack\] needs equal types, got f32\[2,3\], f32\[3,4\]/);
  assert.equal(tm.flatten(x).typeString, "f32[6]");
  assert.equal(tm.expandDims(x, -1).typeString, "f32[2,3,1]");
});
