import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, valueAndGrad, vjp } from "../../src/autodiff/index.js";
import { Tensor, tensor } from "../../src/core/tensor.js";
import { Graph } from "../../src/graph/graph.js";
import type { Node } from "../../src/graph/node.js";
import type { Primitive } from "../../src/graph/primitive.js";
import * as tm from "../../src/ops/index.js";
import * as lax from "../../src/ops/lax.js";
import { exec } from "../../src/runtime/index.js";
import { toStableHLO } from "../../src/stablehlo/printer.js";
import { checkGradients } from "../../src/testing/index.js";

async function values(outs: unknown): Promise<number[][]> {
  const list = Array.isArray(outs) ? outs : [outs];
  const r: number[][] = [];
  for (const a of list) {
    r.push([...(await a.toTensor()).toFloat64Array()]);
    a.dispose();
  }
  return r;
}

test("grad of a polynomial gives its derivative at each point", async () => {
  const f = exec((x: Node) => grad(tm.mul(tm.mul(x, x), x).sum(), [x])[0]!);
  const [g] = await values(await f(tensor([1, -2, 0.5], "f32")));
  assert.deepEqual(g, [3, 12, 0.75]);
});

test("a value feeding several consumers gets the sum of their cotangents", async () => {
  const f = exec((x: Node) => {
    const y = tm.exp(x);
    return grad(tm.add(tm.mul(y, 2), tm.mul(y, x)).sum(), [x])[0]!;
  });
  const [g] = await values(await f(tensor([0, 1], "f64")));
  // d/dx (2e^x + x e^x) = 2e^x + e^x + x e^x
  assert.ok(Math.abs(g![0]! - 3) < 1e-12);
  assert.ok(Math.abs(g![1]! - 4 * Math.E) < 1e-12);
});

test("broadcasting: the gradient of a broadcast operand is summed over the broadcast dims", async () => {
  const f = exec((x: Node, b: Node) => grad(tm.mul(tm.add(x, b), 3).sum(), [x, b]));
  const [gx, gb] = await values(
    await f(
      tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        "f32",
      ),
      tensor([1, 1, 1], "f32"),
    ),
  );
  assert.deepEqual(gx, [3, 3, 3, 3, 3, 3]);
  assert.deepEqual(gb, [6, 6, 6]);
});

test("unreachable wrt gets zeros, integer wrt gets zeros, stopGradient blocks the gradient", async () => {
  const f = exec((x: Node, u: Node, k: Node) => {
    const loss = tm.add(tm.mul(x, tm.stopGradient(x)), tm.convert(k, "f32")).sum();
    return grad(loss, [x, u, k]);
  });
  const [gx, gu, gk] = await values(
    await f(tensor([2, 3], "f32"), tensor([7], "f32"), tensor([1, 2], "i32")),
  );
  assert.deepEqual(gx, [2, 3]);
  assert.deepEqual(gu, [0]);
  assert.deepEqual(gk, [0, 0]);
});

test("stopGradient emits no op: its value is its operand's", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2]);
  const mlir = toStableHLO(g, [tm.neg(tm.stopGradient(x))]);
  assert.match(mlir, /"stablehlo\.negate"\(%arg0\)/);
  assert.doesNotMatch(mlir, /stop_gradient/);
});

test("an op without a VJP on the path is an error naming it and its consumer", () => {
  const noVjp: Primitive = {
    name: "sort",
    api: "sort",
    infer: ([x]) => ({ dtype: x!.dtype, shape: x!.shape }),
    lower: () => {},
  };
  const g = new Graph();
  const x = g.parameter("x", "f32", [4]);
  const s = g.apply(noVjp, [x], {});
  const loss = tm.add(s, 1).sum();
  assert.throws(() => grad(loss, [x]), /\[grad\] no gradient for sort \(f32\[4\] ← sort, used by add\)/);
  // Not on the path of any wrt: no error.
  const y = g.parameter("y", "f32", []);
  assert.equal(grad(tm.add(loss, y), [y])[0]!.typeString, "f32[]");
});

test("grad checks its loss: a float scalar", () => {
  const g = new Graph();
  const x = g.parameter("x", "f32", [2]);
  assert.throws(() => grad(x, [x]), /\[grad\] loss must be a float scalar, got f32\[2\]/);
  const i = g.parameter("i", "i32", []);
  assert.throws(() => grad(i, [i]), /\[grad\] loss must be a float scalar, got i32\[\]/);
});

test("vjp takes any cotangent for a non-scalar output", async () => {
  const f = exec((x: Node, c: Node) => vjp([tm.mul(x, x)], [c], [x])[0]!);
  const [g] = await values(await f(tensor([1, 2, 3], "f32"), tensor([1, 10, 100], "f32")));
  assert.deepEqual(g, [2, 40, 600]);
});

test("valueAndGrad composes with exec: loss, gradients for argnums, then aux outputs", async () => {
  const step = exec(
    valueAndGrad(
      (w: Node, x: Node, y: Node) => {
        const err = tm.sub(tm.matmul(x, w), y);
        return [tm.mul(err, err).sum(), err];
      },
      { argnums: [0] },
    ),
  );
  const x = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    "f32",
  );
  const w = tensor([[0.5], [0.25]], "f32");
  const y = tensor([[1], [1]], "f32");
  const [loss, gw, err] = await values(await step(w, x, y));
  // err = [1*0.5+2*0.25-1, 3*0.5+4*0.25-1] = [0, 1.5]; loss = 2.25; gw = 2 x^T err
  assert.deepEqual(loss, [2.25]);
  assert.deepEqual(err, [0, 1.5]);
  assert.deepEqual(gw, [9, 12]);
});

test("checkGradients catches a wrong gradient rule", async () => {
  const wrong: Primitive = {
    ...lax.sinPrim,
    vjp: (n, g) => [tm.mul(g, tm.sin(n.operands[0]!))],
  };
  const bad = await checkGradients((x) => x.graph.apply(wrong, [x], {}).sum(), [tensor([0.3, 1.1], "f32")]);
  assert.equal(bad.ok, false);
  assert.match(bad.message, /gradients differ/);
  const good = await checkGradients((x) => tm.sin(x).sum(), [tensor([0.3, 1.1], "f32")]);
  assert.equal(good.ok, true, good.message);
});

test("gradients of gradients: the second derivative of tanh and of x³", async () => {
  const f = exec((x: Node) => {
    const [g1] = grad(tm.tanh(x).sum(), [x]);
    const [g2] = grad(g1!.sum(), [x]);
    const [c1] = grad(tm.mul(tm.mul(x, x), x).sum(), [x]);
    const [c2] = grad(c1!.sum(), [x]);
    return [g2!, c2!];
  });
  const xs = [0.3, -1.2];
  const [g2, c2] = await values(await f(tensor(xs, "f64")));
  xs.forEach((x, i) => {
    const t = Math.tanh(x);
    assert.ok(Math.abs(g2![i]! - -2 * t * (1 - t * t)) < 1e-12);
    assert.ok(Math.abs(c2![i]! - 6 * x) < 1e-12);
  });
});

test("empty tensors: gradients have the right (empty) shapes and run", async () => {
  const f = exec((x: Node, b: Node) => {
    const y = tm.add(tm.mul(x, b), tm.slice(tm.concatenate([x, x], 1), [0, 0], [0, 6], [1, 2]));
    return grad(tm.add(tm.reduceSum(y), tm.reduceSum(b)), [x, b]);
  });
  const [gx, gb] = await values(await f(Tensor.zeros("f32", [0, 3]), tensor([1, 2, 3], "f32")));
  assert.deepEqual(gx, []);
  assert.deepEqual(gb, [1, 1, 1]);
});

test("documented gradients at kinks and ties: relu, leakyRelu, max, reduceMax, maxWithIndex, clamp", async () => {
  const f = exec((x: Node) => {
    const at = (y: Node) => grad(y.sum(), [x])[0]!;
    return [
      at(tm.relu(x)),
      at(tm.leakyRelu(x, 0.1)),
      at(tm.max(x, 0)),
      at(tm.reduceMax(x)),
      at(tm.maxWithIndex(x, 0)[0]!),
      at(tm.clamp(-1, x, 2)),
    ];
  });
  const [relu, leaky, max0, rmax, argmaxV, clamp] = await values(await f(tensor([-1, 0, 2, 2], "f32")));
  assert.deepEqual(relu, [0, 0, 1, 1]);
  assert.deepEqual(leaky, [Math.fround(0.1), 1, 1, 1]);
  assert.deepEqual(max0, [0, 0.5, 1, 1]);
  assert.deepEqual(rmax, [0, 0, 0.5, 0.5]);
  assert.deepEqual(argmaxV, [0, 0, 1, 0]);
  assert.deepEqual(clamp, [1, 1, 1, 1]);
});

test("gradients in f16 and bf16 follow the f64 ones within their precision", async () => {
  const fn = (x: Node, w: Node) =>
    grad(
      tm
        .softmax(tm.mul(tm.tanh(x), w))
        .mul(w)
        .sum(),
      [x, w],
    );
  const xs = [0.3, -1.1, 0.7, 2];
  const ws = [1.5, -0.5, 0.25, 1];
  const f = exec(fn);
  const [rx, rw] = await values(await f(tensor(xs, "f64"), tensor(ws, "f64")));
  for (const d of ["f16", "bf16", "f32"] as const) {
    const [gx, gw] = await values(await f(tensor(xs, d), tensor(ws, d)));
    const tol = d === "bf16" ? 3e-2 : d === "f16" ? 4e-3 : 1e-6;
    const close = (got: number[], want: number[], what: string) => {
      got.forEach((v, i) => {
        assert.ok(
          Math.abs(v - want[i]!) <= tol * (1 + Math.abs(want[i]!)),
          `${d} ${what}[${i}] ${v} vs ${want[i]}`,
        );
      });
    };
    close(gx!, rx!, "dx");
    close(gw!, rw!, "dw");
  }
});

test("grad with a record of named nodes returns gradients under the same names", async () => {
  const f = exec((w: Node, b: Node) => {
    const g = grad(tm.add(tm.mul(w, w), b).sum(), { weight: w, bias: b });
    return [g.weight, g.bias];
  });
  const [gw, gb] = await values(await f(tensor([1, -3], "f32"), tensor([5, 6], "f32")));
  assert.deepEqual(gw, [2, -6]);
  assert.deepEqual(gb, [1, 1]);
});
