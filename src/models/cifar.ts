/**
 * The CIFAR-10 convolutional classifier of GoMLX's cifar example ("C10ConvModel"), written
 * with tsmlx layers. For images `[batch, 32, 32, 3]` (channels last, values in [0, 1]):
 *
 *   3 blocks of [conv 3×3 SAME + relu + norm] × 2, max-pool 2×2, dropout
 *     with 32, 64, 128 filters and dropout rates 0.3, 0.5, 0.5;
 *   flatten to 2048, dense 128 + relu + norm, dropout 0.5, dense 10 (logits).
 *
 * "norm" is chosen by the hyperparameter `cnn_normalization`: "none" (default), "batch"
 * (batch norm on the channels) or "layer" (layer norm over the last two axes, and the last
 * axis after flattening). Layers get numbered scopes in order, `000_conv`, `001_norm`, ...,
 * `002_conv`, ... as in the original.
 */
import type { Context } from "../context/context.js";
import { TsmlxError } from "../core/errors.js";
import { CIFAR10_CLASSES } from "../data/cifar.js";
import type { Node } from "../graph/node.js";
import { conv, maxPool } from "../layers/conv.js";
import { dense } from "../layers/dense.js";
import { batchNorm, dropout, layerNorm } from "../layers/norms.js";
import { relu } from "../ops/activations.js";
import { reshape } from "../ops/shaping.js";

/** The hyperparameter choosing the normalization of the conv model. */
export const PARAM_CNN_NORMALIZATION = "cnn_normalization";

/** Throws unless `x` has `dims`. `assertDims("c10ConvModel", h, [64, 16, 16, 32])` */
export function assertDims(api: string, x: Node, dims: readonly number[]): Node {
  if (!x.shape.equals(dims))
    throw new TsmlxError(api, `expected ${x.dtype}[${dims.join(",")}], got ${x.typeString}`);
  return x;
}

/**
 * The model's "norm" step, chosen by `cnn_normalization` (identity for "none"); exported so the
 * model can be grown layer by layer with the same variables. `h = c10Normalize(ctx.in("001_norm"), h)`
 */
export function c10Normalize(ctx: Context, x: Node): Node {
  const kind = ctx.getParam(PARAM_CNN_NORMALIZATION, "none");
  switch (kind) {
    case "none":
    case "":
      return x;
    case "batch":
      return batchNorm(ctx, x, { axis: -1 });
    case "layer":
      if (x.rank === 2) return layerNorm(ctx, x, { axes: [-1] });
      if (x.rank === 4) return layerNorm(ctx, x, { axes: [2, 3] });
      return x;
    default:
      throw new TsmlxError(
        "c10ConvModel",
        `unknown normalization "${String(kind)}" (hyperparameter ${PARAM_CNN_NORMALIZATION}): use none, batch or layer`,
      );
  }
}

/**
 * Logits `[batch, 10]` for images `[batch, 32, 32, 3]`.
 * `const logits = c10ConvModel(ctx.withTraining(true), images)`
 */
export function c10ConvModel(ctx: Context, images: Node): Node {
  const api = "c10ConvModel";
  if (
    images.rank !== 4 ||
    images.shape.dims[1] !== 32 ||
    images.shape.dims[2] !== 32 ||
    images.shape.dims[3] !== 3
  ) {
    throw new TsmlxError(api, `images must be [batch,32,32,3], got ${images.typeString}`);
  }
  const batch = images.shape.dims[0]!;
  let index = 0;
  const next = (name: string) => ctx.in(`${String(index++).padStart(3, "0")}_${name}`);
  // Scopes are numbered in call order: conv, norm, conv, norm, dropout, ...
  const block = (x: Node, filters: number, rate: number, size: number): Node => {
    let h = x;
    for (let k = 0; k < 2; k++) {
      const c = conv(next("conv"), h).filters(filters).kernelSize(3).padSame().done();
      assertDims(api, c, [batch, size, size, filters]);
      h = c10Normalize(next("norm"), relu(c));
    }
    h = maxPool(h).window(2).done();
    h = dropout(next("dropout"), h, rate);
    return assertDims(api, h, [batch, size / 2, size / 2, filters]);
  };
  let h = block(images, 32, 0.3, 32);
  h = block(h, 64, 0.5, 16);
  h = block(h, 128, 0.5, 8);
  h = reshape(h, [batch, -1]);
  assertDims(api, h, [batch, 4 * 4 * 128]);
  h = relu(dense(next("dense"), h, 128));
  h = c10Normalize(next("norm"), h);
  h = dropout(next("dropout"), h, 0.5);
  return assertDims(api, dense(next("dense"), h, CIFAR10_CLASSES.length), [batch, 10]);
}
