/**
 * A tiny deterministic regression problem for trainer tests: y = x·[1, -2, 0.5, 3] + 0.25
 * (+ a fixed wobble), a linear model, and SGD with momentum whose state lives in the context.
 */
import { Context } from "../../src/context/context.js";
import { zerosInit } from "../../src/context/initializers.js";
import { Tensor } from "../../src/core/tensor.js";
import { fromTensors } from "../../src/data/dataset.js";
import type { Node } from "../../src/graph/node.js";
import { reduceSum } from "../../src/ops/reduce.js";
import { Trainer, type UpdateFn } from "../../src/train/trainer.js";

export const ROWS = 20;

export function tinyData() {
  const x = new Float32Array(ROWS * 4);
  const y = new Float32Array(ROWS);
  const coef = [1, -2, 0.5, 3];
  for (let r = 0; r < ROWS; r++) {
    let acc = 0.25 + 0.05 * Math.sin(r);
    for (let c = 0; c < 4; c++) {
      const v = Math.cos(r * 1.3 + c * 0.7);
      x[r * 4 + c] = v;
      acc += v * coef[c]!;
    }
    y[r] = acc;
  }
  return fromTensors({
    x: Tensor.fromTypedArray("f32", [ROWS, 4], x),
    y: Tensor.fromTypedArray("f32", [ROWS, 1], y),
  });
}

export function linear(ctx: Context, x: Node): Node {
  const c = ctx.in("linear");
  const w = c.variable("w", "f32", [4, 1]).read(x.graph);
  const b = c.variable("b", "f32", [1], zerosInit()).read(x.graph);
  return x.matmul(w).add(b.reshape([1, 1]).broadcastTo([x.shape.dims[0]!, 1]));
}

export function mse(pred: Node, labels: Node): Node {
  const d = pred.sub(labels);
  return reduceSum(d.mul(d)).div(pred.shape.size);
}

/** SGD with momentum: velocity variables under /optimizer, updated with the weights. */
export function momentumSgd(lr: number, momentum = 0.9): UpdateFn {
  return (ctx, grads) => {
    for (const [variable, gradient] of grads) {
      const vel = ctx
        .atScope(`/optimizer${variable.scope === "/" ? "" : variable.scope}`)
        .variable(`${variable.name}_velocity`, variable.dtype, variable.shape, zerosInit(), {
          trainable: false,
        });
      const g = gradient.graph;
      const v = vel.read(g).mul(momentum).add(gradient);
      vel.write(v);
      variable.write(variable.read(g).sub(v.mul(lr)));
    }
  };
}

export function tinyTrainer(seed = 1) {
  const ctx = new Context({ seed });
  const trainer = new Trainer({
    ctx,
    model: linear,
    loss: mse,
    optimizer: momentumSgd(0.05),
    inputs: ["x"],
    labels: "y",
  });
  return { ctx, trainer };
}
