import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../../src/graph/graph.js";
import * as tm from "../../src/ops/index.js";

test("nodes know their dtype and shape as soon as they are made", () => {
  const g = new Graph("f");
  const x = g.parameter("x", "f32", [2, 3]);
  const y = tm.matmul(x, tm.transpose(x));
  assert.equal(y.dtype, "f32");
  assert.deepEqual(y.shape.dims, [2, 2]);
  assert.equal(y.op, "dot_general");
  assert.equal(y.graph, g);
});

test("parameters are kept in creation order and names must be unique", () => {
  const g = new Graph();
  const a = g.parameter("a", "f32", [1]);
  const b = g.parameter("b", "i32", []);
  assert.deepEqual(g.parameters, [a, b]);
  assert.equal(g.name, "main");
  assert.throws(
    () => g.parameter("a", "f32", [1]),
    /\[parameter\] graph "main" already has a parameter named "a"/,
  );
});

test("reachable returns only what the outputs need, operands first", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2]);
  const unused = tm.exp(x);
  const y = tm.add(x, 1);
  const nodes = g.reachable([y]);
  assert.ok(!nodes.includes(unused));
  assert.equal(nodes[nodes.length - 1], y);
  for (const n of nodes) for (const o of n.operands) assert.ok(nodes.indexOf(o) < nodes.indexOf(n));
});

test("mixing nodes of two graphs is an error naming both graphs", () => {
  const g1 = new Graph("one");
  const g2 = new Graph("two");
  const a = g1.parameter("a", "f32", [2]);
  const b = g2.parameter("b", "f32", [2]);
  assert.throws(() => tm.add(a, b), /\[add\] operand f32\[2\] belongs to graph "two", not "one"/);
});

test("a node prints its type and the ops that made it; the graph prints an op list", () => {
  const g = new Graph("f");
  const x = g.parameter("x", "f32", [2, 3]);
  const y = x.add(1).mul(2);
  assert.equal(y.toString(), "f32[2,3] ← multiply ← add");
  assert.equal(x.toString(), 'f32[2,3] ← parameter "x"');
  const lines = g.toString().split("\n");
  assert.equal(tm.reduceSum(y, [1]).toString(), "f32[2] ← reduce sum ← multiply");
  assert.equal(lines[0], "graph f (7 nodes)");
  assert.equal(lines[1], '  %0 = parameter "x" : f32[2,3]');
  assert.equal(lines[2], "  %1 = constant 1. : f32[]");
  assert.equal(lines[4], "  %3 = add(%0, %2) : f32[2,3]");
});

test("fluent methods build the same nodes as the functions", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2, 3]);
  const a = x
    .sub(1)
    .div(2)
    .pow(2)
    .neg()
    .reshape([3, 2])
    .transpose()
    .convert("f64")
    .sum([0], { keepDims: true });
  assert.equal(a.typeString, "f64[1,3]");
  const w = g.parameter("w", "f32", [3, 4]);
  assert.equal(x.matmul(w).typeString, "f32[2,4]");
});

test("building a graph runs nothing: ops on empty or huge shapes are instant", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [100000, 100000]);
  const y = tm.reduceSum(tm.exp(x), [1]);
  assert.deepEqual(y.shape.dims, [100000]);
});

test("fluent comparisons, unary ops and reductions match their function forms", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2, 3]);
  assert.equal(x.gt(0).toString(), 'bool[2,3] ← compare GT ← parameter "x"');
  assert.equal(x.abs().exp().log().sqrt().tanh().typeString, "f32[2,3]");
  assert.equal(x.max(1).min(2).rem(3).reduceMax([1]).typeString, "f32[2]");
  assert.equal(x.reduceMin([0], { keepDims: true }).typeString, "f32[1,3]");
  assert.equal(x.slice([0, 1], [2, 3]).broadcastTo([4, 2, 2]).typeString, "f32[4,2,2]");
  for (const cmp of [x.eq(1), x.ne(1), x.lt(1), x.le(1), x.ge(1)]) assert.equal(cmp.dtype, "bool");
});
