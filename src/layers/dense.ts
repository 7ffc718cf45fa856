/**
 * Dense (fully connected) layers and MLPs.
 */
import type { Context } from "../context/context.js";
import { type Initializer, zerosInit } from "../context/initializers.js";
import { type DType, isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { add, mul } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { dotGeneral } from "../ops/dot.js";
import { type ActivationName, activation } from "./activations.js";
import { inScope } from "./scope.js";

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Add a bias (default true). */
  readonly useBias?: boolean;
  /** Activation by name (default "none"). */
  readonly activation?: ActivationName | string;
  /** Initializer of the weights (default: the context's, Glorot uniform). */
  readonly initializer?: Initializer;
  /**
   * The dtype the variables are stored in (default the input's); a different one is converted
   * to the input's dtype where it is read (bf16 weights, f32 compute).
   */
  readonly weightDtype?: DType;
}

/** `w` in `dtype` (a convert node when it differs). `const w32 = asDtype(wBf16, "f32")` */
export function asDtype(w: Node, dtype: DType): Node {
  return w.dtype === dtype ? w : convert(w, dtype);
}

/** Checks a layer input is a float node of rank `minRank` or more; returns it. `layerInput("dense", x, 2)` */
export function layerInput(api: string, x: unknown, minRank = 1): Node {
  if (!(x instanceof Node)) throw new TsmlxError(api, `input must be a graph node, got ${typeof x}`);
  if (!isFloat(x.dtype)) throw new TsmlxError(api, `input ${x.typeString} must be float`);
  if (x.rank < minRank) throw new TsmlxError(api, `input ${x.typeString} needs rank >= ${minRank}`);
  return x;
}

/**
 * A dense layer on the last axis: `x · weights + biases`, then an activation. Variables
 * `weights` `[in, units]` and `biases` `[units]` in `ctx`'s scope. Any leading dims are kept.
 *
 * `const h = dense(ctx.in("dense_0"), x, 128, { activation: "relu" })`
 */
export function dense(ctx: Context, x: Node, units: number, options: DenseOptions = {}): Node {
  return inScope(ctx, x, () => {
    x = layerInput("dense", x);
    if (!Number.isInteger(units) || units <= 0) {
      throw new TsmlxError("dense", `input ${x.typeString}: units must be a positive integer, got ${units}`);
    }
    const inFeatures = x.shape.dims[x.rank - 1]!;
    const wd = options.weightDtype ?? x.dtype;
    const w = asDtype(ctx.weight(x.graph, "weights", wd, [inFeatures, units], options.initializer), x.dtype);
    let y = dotGeneral(x, w, {
      lhsContracting: [x.rank - 1],
      rhsContracting: [0],
    });
    if (options.useBias ?? true) {
      y = add(y, asDtype(ctx.weight(x.graph, "biases", wd, [units], zerosInit()), x.dtype));
    }
    return activation(options.activation ?? "none", y);
  });
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Hidden width. */
  readonly hiddenDim: number;
  /** Output width (default: the input's last dim). */
  readonly outDim?: number;
  /** Activation (default "gelu"). */
  readonly activation?: ActivationName | string;
  /** Gated (GLU-style): act(x·W_gate) ⊙ (x·W_up), then W_down; with gelu this is GeGLU. */
  readonly gated?: boolean;
  /** Biases on the projections (default true; false is usual for gated MLPs). */
  readonly useBias?: boolean;
  /** The dtype the variables are stored in (default the input's); see {@link DenseOptions}. */
  readonly weightDtype?: DType;
}

/**
 * A two-layer MLP: `down(act(up(x)))`, or the gated form `down(act(gate(x)) * up(x))`.
 * Scopes `up`, `gate`, `down` under `ctx`.
 * `const y = mlp(ctx.in("mlp"), x, { hiddenDim: 4 * d, gated: true })`
 */
export function mlp(ctx: Context, x: Node, options: MlpOptions): Node {
  return inScope(ctx, x, () => {
    x = layerInput("mlp", x);
    const outDim = options.outDim ?? x.shape.dims[x.rank - 1]!;
    const act = options.activation ?? "gelu";
    const useBias = options.useBias ?? true;
    const o = { useBias, ...(options.weightDtype ? { weightDtype: options.weightDtype } : {}) };
    let h: Node;
    if (options.gated) {
      const gate = dense(ctx.in("gate"), x, options.hiddenDim, { ...o, activation: act });
      h = mul(gate, dense(ctx.in("up"), x, options.hiddenDim, o));
    } else {
      h = dense(ctx.in("up"), x, options.hiddenDim, { ...o, activation: act });
    }
    return dense(ctx.in("down"), h, outDim, o);
  });
}
