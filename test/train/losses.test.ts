import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, execWithContext } from "../../src/context/index.js";
import { tensor } from "../../src/core/tensor.js";
import type { Node } from "../../src/graph/node.js";
import { exec } from "../../src/runtime/exec.js";
import { checkGradients } from "../../src/testing/gradients.js";
import {
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  categoricalCrossEntropy,
  huberLoss,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossEntropy,
} from "../../src/train/losses.js";
import {
  binaryAccuracy,
  readRunningMean,
  resetRunningMean,
  runningMean,
  sparseAccuracy,
} from "../../src/train/metrics.js";

const LOGITS = [
  [2, -1, 0.5],
  [0.1, 0.2, 3],
  [-4, 5, 1],
  [1000, 0, -1000],
];
const LABELS = [0, 2, 0, 1];

async function scalar(
  f: (...xs: Node[]) => Node,
  ...inputs: Parameters<typeof tensor>[0][]
): Promise<number> {
  const out = await exec(f)(...inputs.map((x) => tensor(x as number[], "f32")));
  return (await out.toTensor()).toFloat64Array()[0]!;
}

function logSoftmaxRef(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

test("sparse and dense categorical cross-entropy match a plain reference, also for extreme logits", async () => {
  const ref = LOGITS.map((r, i) => -logSoftmaxRef(r)[LABELS[i]!]!).reduce((a, b) => a + b, 0) / 4;
  const f = exec((l: Node, y: Node) => sparseCategoricalCrossEntropy(l, y));
  const got = (await (await f(tensor(LOGITS, "f32"), tensor(LABELS, "i32"))).toTensor()).toFloat64Array()[0]!;
  assert.ok(Number.isFinite(got) && Math.abs(got - ref) < 1e-3 * Math.max(1, ref), `${got} vs ${ref}`);
  const onehot = LABELS.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
  const dense = await scalar((l, t) => categoricalCrossEntropy(l, t), LOGITS, onehot);
  assert.ok(Math.abs(dense - ref) < 1e-3 * Math.max(1, ref));
  await assert.rejects(
    exec((l: Node, y: Node) => sparseCategoricalCrossEntropy(l, y)).mlir(
      tensor(LOGITS, "f32"),
      tensor([0, 1], "i32"),
    ),
    /\[sparseCategoricalCrossEntropy\] logits f32\[4,3\] need labels of shape \[4\], got i32\[2\]/,
  );
});

test("binary cross-entropy from logits and from probabilities agree with the formula", async () => {
  const x = [-3, -0.5, 0, 2, 40];
  const y = [0, 1, 1, 0, 1];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  const ref = x.reduce((s, v, i) => s + y[i]! * softplus(-v) + (1 - y[i]!) * softplus(v), 0) / x.length;
  const fromLogits = await scalar((a, b) => binaryCrossEntropyFromLogits(a, b), x, y);
  assert.ok(Math.abs(fromLogits - ref) < 1e-5, `${fromLogits} vs ${ref}`);
  const p = x.slice(0, 4).map(sig);
  const ref2 = p.reduce((s, v, i) => s - (y[i]! * Math.log(v) + (1 - y[i]!) * Math.log(1 - v)), 0) / 4;
  const fromProbs = await scalar((a, b) => binaryCrossEntropy(a, b), p, y.slice(0, 4));
  assert.ok(Math.abs(fromProbs - ref2) < 1e-5, `${fromProbs} vs ${ref2}`);
});

test("MSE, MAE and Huber match their definitions (sum and none reductions too)", async () => {
  const p = [1, -2, 3.5, 0];
  const t = [0.5, 1, 3, 0];
  const d = p.map((v, i) => v - t[i]!);
  assert.ok(
    Math.abs((await scalar((a, b) => meanSquaredError(a, b), p, t)) - d.reduce((s, v) => s + v * v, 0) / 4) <
      1e-6,
  );
  assert.ok(
    Math.abs(
      (await scalar((a, b) => meanAbsoluteError(a, b), p, t)) - d.reduce((s, v) => s + Math.abs(v), 0) / 4,
    ) < 1e-6,
  );
  const hub = (v: number) => (Math.abs(v) <= 1 ? 0.5 * v * v : Math.abs(v) - 0.5);
  assert.ok(
    Math.abs(
      (await scalar((a, b) => huberLoss(a, b, { reduction: "sum" }), p, t)) -
        d.reduce((s, v) => s + hub(v), 0),
    ) < 1e-6,
  );
  const none = await exec((a: Node, b: Node) => meanSquaredError(a, b, { reduction: "none" }))(
    tensor(p, "f32"),
    tensor(t, "f32"),
  );
  assert.deepEqual((await none.toTensor()).shape.dims, [4]);
});

test("loss gradients agree with central differences", async () => {
  const opts = { rtol: 1e-6, atol: 1e-9 };
  const l = tensor(
    [
      [0.3, -1.2, 0.8],
      [2, 0.1, -0.5],
    ],
    "f32",
  );
  const checks = [
    await checkGradients((a, y) => sparseCategoricalCrossEntropy(a!, y!), [l, tensor([2, 0], "i32")], opts),
    await checkGradients(
      (a, t) => categoricalCrossEntropy(a!, t!),
      [
        l,
        tensor(
          [
            [0.2, 0.3, 0.5],
            [1, 0, 0],
          ],
          "f32",
        ),
      ],
      { ...opts, wrt: [0] },
    ),
    await checkGradients(
      (a, t) => binaryCrossEntropyFromLogits(a!, t!),
      [
        l,
        tensor(
          [
            [0, 1, 1],
            [1, 0, 0],
          ],
          "f32",
        ),
      ],
      { ...opts, wrt: [0] },
    ),
    await checkGradients(
      (a, t) => binaryCrossEntropy(a!, t!),
      [tensor([0.2, 0.7, 0.9], "f32"), tensor([0, 1, 0], "f32")],
      { ...opts, wrt: [0] },
    ),
    await checkGradients(
      (a, t) => meanSquaredError(a!, t!),
      [
        l,
        tensor(
          [
            [0, 1, 1],
            [1, 0, 0],
          ],
          "f32",
        ),
      ],
      opts,
    ),
    await checkGradients(
      (a, t) => meanAbsoluteError(a!, t!),
      [
        l,
        tensor(
          [
            [0, 1, 1],
            [1, 0, 0],
          ],
          "f32",
        ),
      ],
      opts,
    ),
    await checkGradients(
      (a, t) => huberLoss(a!, t!, { delta: 0.7 }),
      [
        l,
        tensor(
          [
            [0, 1, 1],
            [1, 0, 0],
          ],
          "f32",
        ),
      ],
      opts,
    ),
  ];
  for (const c of checks) assert.ok(c.ok, c.message);
});

test("accuracies and running means kept in context variables", async () => {
  const acc = await exec((l: Node, y: Node) => sparseAccuracy(l, y))(
    tensor(LOGITS, "f32"),
    tensor(LABELS, "i32"),
  );
  // predictions: 0, 2, 1, 0 vs labels 0, 2, 0, 1 → 2/4
  assert.equal((await acc.toTensor()).get(), 0.5);
  const bin = await exec((l: Node, y: Node) => binaryAccuracy(l, y))(
    tensor([-1, 2, 0.5, -3], "f32"),
    tensor([0, 1, 0, 1], "f32"),
  );
  assert.equal((await bin.toTensor()).get(), 0.5);
  const ctx = new Context();
  const f = execWithContext(ctx, (c, x) => runningMean(c, "loss", x));
  await f(tensor(2, "f32"));
  await f(tensor(4, "f32"));
  const m = await f(tensor(9, "f32"));
  assert.equal((await m.toTensor()).get(), 5);
  assert.equal(await readRunningMean(ctx, "loss"), 5);
  resetRunningMean(ctx, "loss");
  await f(tensor(1, "f32"));
  assert.equal(await readRunningMean(ctx, "loss"), 1);
});
