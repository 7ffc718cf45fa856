/**
 * Convolution and pooling builders in the GoMLX style:
 * `conv(ctx, x).filters(32).kernelSize(3).strides(1).padSame().done()`.
 * Inputs are channels-last (`[batch, ...spatial, channels]`) unless `.channelsFirst()` says
 * `[batch, channels, ...spatial]`; kernels are `[...spatial, in/groups, filters]` either way,
 * so the same weights serve both layouts.
 */
import type { Context } from "../context/context.js";
import { type Initializer, zerosInit } from "../context/initializers.js";
import { TsmlxError } from "../core/errors.js";
import type { Node } from "../graph/node.js";
import { add } from "../ops/binary.js";
import { conv as convOp, type Padding } from "../ops/conv.js";
import { broadcastInDim } from "../ops/shaping.js";
import { avgPool as avgPoolOp, maxPool as maxPoolOp } from "../ops/window.js";
import { type ActivationName, activation } from "./activations.js";
import { layerInput } from "./dense.js";
import { inScope } from "./scope.js";

function perDim(api: string, what: string, v: number | readonly number[], n: number): number[] {
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (list.length !== n || list.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new TsmlxError(api, `${what} must be a positive integer or ${n} of them, got ${JSON.stringify(v)}`);
  }
  return list;
}

/** What convolution and pooling builders share: strides, padding and the channel layout. */
abstract class WindowBuilder {
  protected windowStrides: number | readonly number[] | undefined;
  protected windowPadding: Padding = "valid";
  protected isChannelsFirst = false;

  /** Strides (default: 1 for a convolution, the window for pooling). `.strides(2)` */
  strides(s: number | readonly number[]): this {
    this.windowStrides = s;
    return this;
  }
  /** SAME padding: output size = ceil(input / stride). `.padSame()` */
  padSame(): this {
    this.windowPadding = "same";
    return this;
  }
  /** VALID padding (the default). `.padValid()` */
  padValid(): this {
    this.windowPadding = "valid";
    return this;
  }
  /** Input and output are `[batch, channels, ...spatial]` (default: channels last). `.channelsFirst()` */
  channelsFirst(on = true): this {
    this.isChannelsFirst = on;
    return this;
  }
}

/**
 * A convolution layer under construction; `done()` builds it. Variables: `weights`
 * `[...kernel, in/groups, filters]` and `biases` `[filters]`.
 *
 * `conv(ctx.in("conv_000"), images).filters(32).kernelSize(3).padSame().done()`
 */
export class ConvBuilder extends WindowBuilder {
  readonly #ctx: Context;
  readonly #x: Node;
  #filters: number | undefined;
  #kernel: number | readonly number[] | undefined;
  #dilations: number | readonly number[] = 1;
  #groups = 1;
  #useBias = true;
  #activation: string = "none";
  #initializer: Initializer | undefined;

  /** Use {@link conv}. */
  constructor(ctx: Context, x: Node) {
    super();
    this.#x = layerInput("conv", x, 3);
    this.#ctx = ctx;
  }

  /** Number of output channels. `.filters(64)` */
  filters(n: number): this {
    this.#filters = n;
    return this;
  }
  /** Kernel size, one for every spatial dim or one per dim. `.kernelSize(3)` */
  kernelSize(k: number | readonly number[]): this {
    this.#kernel = k;
    return this;
  }
  /** Kernel dilations (default 1). `.dilations(2)` */
  dilations(d: number | readonly number[]): this {
    this.#dilations = d;
    return this;
  }
  /** Feature groups (default 1; channels for a depthwise convolution). `.groups(4)` */
  groups(g: number): this {
    this.#groups = g;
    return this;
  }
  /** Explicit `[lo, hi]` padding per spatial dim. `.padding([[1, 1], [1, 1]])` */
  padding(p: Padding): this {
    this.windowPadding = p;
    return this;
  }
  /** Add a bias per filter (default true). `.useBias(false)` */
  useBias(b: boolean): this {
    this.#useBias = b;
    return this;
  }
  /** An activation by name after the bias (default none). `.activation("relu")` */
  activation(name: ActivationName | string): this {
    this.#activation = name;
    return this;
  }
  /** Kernel initializer (default: the context's). `.initializer(heNormal())` */
  initializer(init: Initializer): this {
    this.#initializer = init;
    return this;
  }

  /** Builds the layer and returns its output. */
  done(): Node {
    return inScope(this.#ctx, this.#x, () => {
      const x = this.#x;
      const n = x.rank - 2;
      if (this.#filters === undefined || !Number.isInteger(this.#filters) || this.#filters <= 0) {
        throw new TsmlxError(
          "conv",
          `input ${x.typeString}: set .filters(n) to a positive integer before done()`,
        );
      }
      if (this.#kernel === undefined) {
        throw new TsmlxError("conv", `input ${x.typeString}: set .kernelSize(k) before done()`);
      }
      const kernel = perDim("conv", "kernelSize", this.#kernel, n);
      const first = this.isChannelsFirst;
      const channels = x.shape.dims[first ? 1 : x.rank - 1]!;
      const g = this.#groups;
      if (!Number.isInteger(g) || g < 1 || channels % g !== 0 || this.#filters % g !== 0) {
        throw new TsmlxError(
          "conv",
          `input ${x.typeString}: groups ${g} must divide the ${channels} input channels and the ${this.#filters} filters`,
        );
      }
      const w = this.#ctx.weight(
        x.graph,
        "weights",
        x.dtype,
        [...kernel, channels / g, this.#filters],
        this.#initializer,
      );
      const sp = Array.from({ length: n }, (_, i) => String(i)).join("");
      let y = convOp(x, w, {
        strides: this.windowStrides ?? 1,
        dilations: this.#dilations,
        groups: g,
        padding: this.windowPadding,
        ...(first ? { dimensionNumbers: { lhs: `bf${sp}`, rhs: `${sp}io`, out: `bf${sp}` } } : {}),
      });
      if (this.#useBias) {
        const b = this.#ctx.weight(x.graph, "biases", x.dtype, [this.#filters], zerosInit());
        y = add(y, broadcastInDim(b, y.shape, [first ? 1 : y.rank - 1]));
      }
      return activation(this.#activation, y);
    });
  }
}

/** Starts a convolution layer. `conv(ctx.in("conv_0"), x).filters(32).kernelSize(3).padSame().done()` */
export function conv(ctx: Context, x: Node): ConvBuilder {
  return new ConvBuilder(ctx, x);
}

/**
 * A pooling op under construction (channels last unless `.channelsFirst()`); `done()` builds it.
 * `maxPool(x).window(2).done()`
 */
export class PoolBuilder extends WindowBuilder {
  readonly #kind: "max" | "avg";
  readonly #x: Node;
  #window: number | readonly number[] | undefined;

  /** Use {@link maxPool} or {@link avgPool}. */
  constructor(kind: "max" | "avg", x: Node) {
    super();
    this.#kind = kind;
    this.#x = layerInput(`${kind}Pool`, x, 3);
  }
  /** Window size per spatial dim. `.window(2)` */
  window(w: number | readonly number[]): this {
    this.#window = w;
    return this;
  }
  /** Builds the pooling. */
  done(): Node {
    const api = `${this.#kind}Pool`;
    if (this.#window === undefined)
      throw new TsmlxError(api, `input ${this.#x.typeString}: set .window(w) before done()`);
    const options = {
      window: this.#window,
      strides: this.windowStrides,
      padding: this.windowPadding,
      layout: this.isChannelsFirst ? ("NCHW" as const) : ("NHWC" as const),
    };
    return this.#kind === "max" ? maxPoolOp(this.#x, options) : avgPoolOp(this.#x, options);
  }
}

/** Starts a max pooling. `maxPool(x).window(2).done()` */
export function maxPool(x: Node): PoolBuilder {
  return new PoolBuilder("max", x);
}

/** Starts an average pooling. `avgPool(x).window(3).strides(1).padSame().done()` */
export function avgPool(x: Node): PoolBuilder {
  return new PoolBuilder("avg", x);
}
