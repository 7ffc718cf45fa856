/**
 * End to end: a one-block transformer (token embedding, RMSNorm, causal self-attention with
 * rotary position embeddings, GeGLU MLP, residuals, softmax cross-entropy) computes its loss
 * and gradients on the plugin; the gradients agree with central differences in float64, and
 * a few SGD steps in float32 lower the loss.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { valueAndGrad } from "../../src/autodiff/index.js";
import { Tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import * as tm from "../../src/ops/index.js";
import { exec } from "../../src/runtime/index.js";
import { checkGradients } from "../../src/testing/index.js";

const B = 2; // batch
const T = 4; // sequence length
const D = 8; // model width
const H = 2; // heads
const DH = D / H;
const F = 12; // MLP hidden width
const V = 6; // vocabulary

function rmsNorm(x: Node, scale: Node): Node {
  const ms = tm.mean(tm.mul(x, x), [-1], { keepDims: true });
  return tm.mul(tm.mul(x, tm.rsqrt(tm.add(ms, 1e-6))), scale);
}

/** Rotary embedding on [B, H, T, DH]: rotates pairs (i, i + DH/2) by position-dependent angles. */
function rope(x: Node): Node {
  const half = DH / 2;
  const angle = (t: number, i: number) => t / 10000 ** ((2 * i) / DH);
  const cos = x.graph.constant(
    Array.from({ length: T }, (_, t) => Array.from({ length: half }, (_, i) => Math.cos(angle(t, i)))),
    x.dtype,
  );
  const sin = x.graph.constant(
    Array.from({ length: T }, (_, t) => Array.from({ length: half }, (_, i) => Math.sin(angle(t, i)))),
    x.dtype,
  );
  const [x1, x2] = tm.split(x, 2, -1) as [Node, Node];
  return tm.concatenate(
    [tm.sub(tm.mul(x1, cos), tm.mul(x2, sin)), tm.add(tm.mul(x2, cos), tm.mul(x1, sin))],
    -1,
  );
}

function heads(x: Node): Node {
  return tm.transpose(tm.reshape(x, [B, T, H, DH]), [0, 2, 1, 3]);
}

function attention(x: Node, wq: Node, wk: Node, wv: Node, wo: Node): Node {
  const q = rope(heads(tm.matmul(x, wq)));
  const k = rope(heads(tm.matmul(x, wk)));
  const v = heads(tm.matmul(x, wv));
  const scores = tm.div(tm.einsum("bhqd,bhkd->bhqk", q, k), Math.sqrt(DH));
  const g = x.graph;
  const causal = tm.ge(tm.iota(g, "i32", [T, T], 0), tm.iota(g, "i32", [T, T], 1));
  const p = tm.softmax(tm.where(causal, scores, -1e9), -1);
  const o = tm.einsum("bhqk,bhkd->bhqd", p, v);
  return tm.matmul(tm.reshape(tm.transpose(o, [0, 2, 1, 3]), [B, T, D]), wo);
}

/** [B, T] token ids to [B, T, V] one-hot rows of `dtype`. */
function oneHot(ids: Node, dtype: Node["dtype"]): Node {
  const classes = tm.iota(ids.graph, "i32", [B, T, V], 2);
  return tm.convert(tm.eq(classes, tm.broadcastInDim(ids, [B, T, V], [0, 1])), dtype);
}

/** Parameters in order; ids and targets come first. */
const PARAM_SHAPES: [string, number[]][] = [
  ["embed", [V, D]],
  ["norm1", [D]],
  ["wq", [D, D]],
  ["wk", [D, D]],
  ["wv", [D, D]],
  ["wo", [D, D]],
  ["norm2", [D]],
  ["wGate", [D, F]],
  ["wUp", [D, F]],
  ["wDown", [F, D]],
  ["unembed", [D, V]],
];

function loss(ids: Node, targets: Node, ...p: Node[]): Node {
  const [embed, norm1, wq, wk, wv, wo, norm2, wGate, wUp, wDown, unembed] = p as Node[] & { length: 11 };
  let x = tm.matmul(oneHot(ids, embed!.dtype), embed!);
  x = tm.add(x, attention(rmsNorm(x, norm1!), wq!, wk!, wv!, wo!));
  const h = rmsNorm(x, norm2!);
  const mlp = tm.matmul(tm.mul(tm.gelu(tm.matmul(h, wGate!)), tm.matmul(h, wUp!)), wDown!);
  x = tm.add(x, mlp);
  const logits = tm.matmul(x, unembed!);
  return tm.mean(tm.softmaxCrossEntropy(logits, targets));
}

function init(seed: number): Tensor[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  return PARAM_SHAPES.map(([name, dims]) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const isScale = name.startsWith("norm");
    const scale = isScale ? 0 : 1 / Math.sqrt(dims[0]!);
    return Tensor.fromValues(
      "f32",
      dims,
      Array.from({ length: n }, () => (isScale ? 1 + 0.2 * rnd() : 2 * scale * rnd())),
    );
  });
}

const IDS = Tensor.fromValues("i32", [B, T], [1, 4, 2, 5, 0, 3, 3, 1]);
const TARGETS = Tensor.fromValues("i32", [B, T], [4, 2, 5, 0, 3, 3, 1, 2]);

test("transformer block: gradients of every parameter agree with central differences", async () => {
  const params = init(7);
  const r = await checkGradients(
    (ids, targets, ...p) => loss(ids!, targets!, ...p),
    [IDS, TARGETS, ...params],
    { directions: 4, rtol: 1e-5 },
  );
  assert.ok(r.ok, r.message);
  for (const c of r.checks) assert.ok(Math.abs(c.analytic) > 1e-6, `a degenerate direction: ${r.message}`);
});

test("transformer block: per-parameter gradients agree with central differences one at a time", async () => {
  const params = init(11);
  for (let i = 0; i < PARAM_SHAPES.length; i++) {
    const r = await checkGradients(
      (ids, targets, ...p) => loss(ids!, targets!, ...p),
      [IDS, TARGETS, ...params],
      { wrt: [2 + i], directions: 1, seed: 3 + i },
    );
    assert.ok(r.ok, `${PARAM_SHAPES[i]![0]}: ${r.message}`);
  }
});

test("transformer block: valueAndGrad through exec trains in float32 (SGD lowers the loss)", async () => {
  let params = init(5);
  const step = exec(
    valueAndGrad((ids, targets, ...p) => loss(ids!, targets!, ...p), {
      argnums: PARAM_SHAPES.map((_, i) => i + 2),
    }),
  );
  const losses: number[] = [];
  for (let it = 0; it < 8; it++) {
    const outs = await step(IDS, TARGETS, ...params);
    const host: Tensor[] = [];
    for (const a of outs) {
      host.push(await a.toTensor());
      a.dispose();
    }
    losses.push(host[0]!.toFloat64Array()[0]!);
    params = params.map((p, i) => {
      const g = host[i + 1]!.toFloat64Array();
      const v = p.toFloat64Array();
      return Tensor.fromValues(
        "f32",
        p.shape,
        [...v].map((w, j) => w - 0.5 * g[j]!),
      );
    });
  }
  assert.ok(Number.isFinite(losses[0]!), `loss ${losses[0]}`);
  assert.ok(losses[7]! < losses[0]! * 0.9, `loss did not go down: ${losses.join(", ")}`);
  assert.equal(step.compiledCount, 1);
});
