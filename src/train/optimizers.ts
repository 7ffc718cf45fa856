/**
 * Optimizers as graph functions. `optimizer.update(ctx, grads)` builds, inside the train-step
 * graph, the new value of every variable in `grads` and of the optimizer's own state, and
 * writes them to the variables (see `Variable.write`); the program that runs the step stores
 * them. Optimizer state lives in the context under `/optimizer/<name>/<slot>/<variable path>`,
 * e.g. `/optimizer/adam/m/dense/weights`, and the step counter in `/optimizer/global_step`
 * (i32), so checkpoints of the context include it.
 *
 * Every optimizer supports a learning-rate schedule, clipping by global norm and a NaN
 * guard: when the loss or any gradient is not finite, no variable changes (the step counter
 * included) and the skip is visible in the returned `skipped` node.
 */
import { grad } from "../autodiff/grad.js";
import type { Context } from "../context/context.js";
import { zerosInit } from "../context/initializers.js";
import type { Variable } from "../context/variable.js";
import { TsmlxError } from "../core/errors.js";
import type { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { add, and, div, eq, lt, max, min, mul, pow, select, sub } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { reduceSum } from "../ops/reduce.js";
import { cos, floor, sqrt } from "../ops/unary.js";

/** A learning rate: a number, or a function of the step (f32 scalar node, 0-based) to an f32 scalar node. */
export type LearningRate = number | ((step: Node) => Node);

/** Options every optimizer takes. */
export interface OptimizerOptions {
  /** Learning rate or schedule (default 1e-3; SGD 1e-2). */
  readonly learningRate?: LearningRate;
  /** Clip gradients so their global L2 norm is at most this. */
  readonly clipGlobalNorm?: number;
  /** Skip the update when the loss or a gradient is not finite (default true). */
  readonly nanGuard?: boolean;
}

/** What {@link Optimizer.update} built. */
export interface UpdateResult {
  /** The learning rate used (f32 scalar). */
  readonly learningRate: Node;
  /** Global L2 norm of the gradients before clipping (f32 scalar). */
  readonly gradNorm: Node;
  /** True when the NaN guard skipped the update (bool scalar; false without a guard). */
  readonly skipped: Node;
}

/** Per-variable new value and new state, before the NaN guard. */
type Rule = (args: {
  readonly v: Variable;
  readonly param: Node;
  readonly grad: Node;
  readonly lr: Node;
  /** 1-based step number (f32 scalar). */
  readonly t: Node;
  readonly slot: (name: string) => Variable;
}) => { value: Node; slots: ReadonlyMap<Variable, Node> };

/** The path of the step counter. */
export const GLOBAL_STEP_PATH = "/optimizer/global_step";

/** The step counter variable (i32 scalar, not trainable). `globalStep(ctx)` */
export function globalStep(ctx: Context): Variable {
  return ctx.atScope("/optimizer").variable("global_step", "i32", [], zerosInit(), { trainable: false });
}

function isFiniteNode(x: Node): Node {
  // x − x is 0 for finite x and NaN for ±inf and NaN.
  return eq(sub(x, x), 0);
}

function asF32(x: Node): Node {
  return x.dtype === "f32" ? x : convert(x, "f32");
}

/** A value as an error shows it: numbers as written (NaN, -1), strings quoted, objects by kind. */
function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return `an object`;
  return String(v);
}

/**
 * Checks an options object: an object (or undefined) whose keys are all `known`.
 * `checkOptions("adam", options, ["learningRate", "beta1"])`
 */
function checkOptions(op: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TsmlxError(op, `options must be an object, got ${shown(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new TsmlxError(op, `unknown option "${k}" (known: ${known.join(", ")})`);
  }
}

/** The checks of one numeric argument; `undefined` passes (the default applies). */
const numberRules = {
  /** Finite, >= 0. */
  nonNegative: (v: number) => Number.isFinite(v) && v >= 0,
  /** Finite, > 0. */
  positive: (v: number) => Number.isFinite(v) && v > 0,
  /** In [0, 1). */
  unitOpen: (v: number) => v >= 0 && v < 1,
  /** An integer > 0. */
  positiveInteger: (v: number) => Number.isSafeInteger(v) && v > 0,
  /** An integer >= 0. */
  nonNegativeInteger: (v: number) => Number.isSafeInteger(v) && v >= 0,
} as const;
const ruleText: Record<keyof typeof numberRules, string> = {
  nonNegative: "a finite number >= 0",
  positive: "a finite number > 0",
  unitOpen: "a number in [0, 1)",
  positiveInteger: "a positive integer",
  nonNegativeInteger: "a non-negative integer",
};

/** Throws `[op] name must be <rule>, got <v>` unless `v` is undefined or a number passing `rule`. */
function checkNumber(
  op: string,
  name: string,
  v: unknown,
  rule: keyof typeof numberRules,
  required = false,
): void {
  if (v === undefined && !required) return;
  if (typeof v !== "number" || !numberRules[rule](v)) {
    throw new TsmlxError(op, `${name} must be ${ruleText[rule]}, got ${shown(v)}`);
  }
}

function checkBoolean(op: string, name: string, v: unknown): void {
  if (v !== undefined && typeof v !== "boolean")
    throw new TsmlxError(op, `${name} must be a boolean, got ${shown(v)}`);
}

const COMMON_OPTIONS = ["learningRate", "clipGlobalNorm", "nanGuard"] as const;

/** Checks the options every optimizer takes (see {@link OptimizerOptions}). */
function checkCommon(op: string, o: OptimizerOptions): void {
  const lr = o.learningRate;
  if (lr !== undefined && typeof lr !== "function") {
    if (typeof lr !== "number" || !Number.isFinite(lr)) {
      throw new TsmlxError(op, `learningRate must be a finite number or a schedule, got ${shown(lr)}`);
    }
    if (lr < 0) throw new TsmlxError(op, `learningRate must be >= 0, got ${lr}`);
  }
  checkNumber(op, "clipGlobalNorm", o.clipGlobalNorm, "positive");
  checkBoolean(op, "nanGuard", o.nanGuard);
}

/** An optimizer: builds the update of variables from their gradients in a train-step graph. */
export class Optimizer {
  /** The name used in state paths, e.g. `adam`. */
  readonly name: string;
  readonly options: OptimizerOptions;
  readonly #rule: Rule;
  readonly #defaultLr: number;

  /** Made by {@link sgd}, {@link adam}, {@link adamW}, {@link rmsProp}. */
  constructor(name: string, options: OptimizerOptions, rule: Rule, defaultLr: number) {
    this.name = name;
    this.options = options;
    this.#rule = rule;
    this.#defaultLr = defaultLr;
  }

  /**
   * The state variable `slot` for `v`: `/optimizer/<name>/<slot>/<v's path>`, zeros at first.
   * `opt.slot(ctx, "m", w)`
   */
  slot(ctx: Context, slot: string, v: Variable): Variable {
    const scope = `/optimizer/${this.name}/${slot}${v.scope === "/" ? "" : v.scope}`;
    return ctx.atScope(scope).variable(v.name, v.dtype, v.shape, zerosInit(), { trainable: false });
  }

  /**
   * Builds the update: writes the new value of each variable in `grads` (gradient nodes of
   * one graph, shaped like the variables), the optimizer state and the step counter.
   * Pass `loss` so the NaN guard checks it too.
   * `optimizer.update(ctx, new Map([[w, gw]]), { loss })`
   */
  update(ctx: Context, grads: ReadonlyMap<Variable, Node>, options: { loss?: Node } = {}): UpdateResult {
    const entries = [...grads.entries()];
    if (entries.length === 0) throw new TsmlxError(`${this.name}.update`, "got no gradients");
    const graph: Graph = entries[0]![1].graph;
    for (const [v, g] of entries) {
      if (g.graph !== graph)
        throw new TsmlxError(`${this.name}.update`, `the gradient of ${v.path} is in another graph`);
      if (g.dtype !== v.dtype || !g.shape.equals(v.shape)) {
        throw new TsmlxError(
          `${this.name}.update`,
          `the gradient of ${v.path} ${v.typeString} is ${g.typeString}`,
        );
      }
    }
    const stepVar = globalStep(ctx);
    const step = stepVar.read(graph);
    const stepF = convert(step, "f32");
    const t = add(stepF, 1);
    const lrSpec = this.options.learningRate ?? this.#defaultLr;
    const lr = typeof lrSpec === "number" ? graph.constant(lrSpec, "f32") : lrSpec(stepF);
    if (lr.dtype !== "f32" || lr.rank !== 0) {
      throw new TsmlxError(
        `${this.name}.update`,
        `the learning-rate schedule must give an f32 scalar, got ${lr.typeString}`,
      );
    }

    // Global norm of the gradients (f32), used by clipping and the NaN guard.
    const sq = entries.map(([, g]) => reduceSum(mul(asF32(g), asF32(g))));
    const sumSq = sq.reduce((a, b) => add(a, b));
    const gradNorm = sqrt(sumSq);
    let scale: Node | undefined;
    const clip = this.options.clipGlobalNorm;
    if (clip !== undefined) {
      if (!(clip > 0)) throw new TsmlxError(`${this.name}.update`, `clipGlobalNorm must be > 0, got ${clip}`);
      scale = div(clip, max(gradNorm, clip));
    }

    const guard = this.options.nanGuard ?? true;
    let ok: Node | undefined;
    if (guard) {
      ok = isFiniteNode(sumSq);
      if (options.loss) ok = and(ok, isFiniteNode(asF32(reduceSum(options.loss))));
    }

    const writes = new Map<Variable, Node>();
    for (const [v, g0] of entries) {
      const g = scale ? mul(g0, convert(scale, g0.dtype)) : g0;
      const param = v.read(graph);
      const r = this.#rule({
        v,
        param,
        grad: g,
        lr: v.dtype === "f32" ? lr : convert(lr, v.dtype),
        t: v.dtype === "f32" ? t : convert(t, v.dtype),
        slot: (name) => this.slot(ctx, name, v),
      });
      writes.set(v, r.value);
      for (const [s, n] of r.slots) writes.set(s, n);
    }
    writes.set(stepVar, add(step, 1));

    for (const [v, n] of writes) {
      v.write(ok ? select(ok, n, v.read(graph)) : n);
    }
    const skipped = ok ? eq(ok, false) : graph.constant(false, "bool");
    return { learningRate: lr, gradNorm, skipped };
  }

  /**
   * Differentiates `loss` with respect to the trainable variables its graph read and builds
   * the update. `const { gradNorm } = optimizer.minimize(ctx, loss)`
   */
  minimize(ctx: Context, loss: Node): UpdateResult & { readonly grads: ReadonlyMap<Variable, Node> } {
    const trace = ctx.traceOf(loss.graph);
    const vars = [...trace.reads.keys()].filter((v) => v.trainable);
    if (vars.length === 0)
      throw new TsmlxError(`${this.name}.minimize`, "the loss's graph read no trainable variables");
    const gs = grad(
      loss,
      vars.map((v) => trace.reads.get(v)!),
    );
    const grads = new Map(vars.map((v, i) => [v, gs[i]!] as const));
    return { ...this.update(ctx, grads, { loss }), grads };
  }
}

/** Options of {@link sgd}. */
export interface SgdOptions extends OptimizerOptions {
  /** Momentum μ (default 0: plain SGD). */
  readonly momentum?: number;
  /** Nesterov momentum (default false). */
  readonly nesterov?: boolean;
  /** L2 weight decay added to the gradient (default 0). */
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent. With momentum μ: v ← μv + g; p ← p − lr·v, or with Nesterov
 * p ← p − lr·(g + μv). `sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })`
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  checkOptions("sgd", options, [...COMMON_OPTIONS, "momentum", "nesterov", "weightDecay"]);
  checkCommon("sgd", options);
  checkNumber("sgd", "momentum", options.momentum, "unitOpen");
  checkBoolean("sgd", "nesterov", options.nesterov);
  checkNumber("sgd", "weightDecay", options.weightDecay, "nonNegative");
  const mu = options.momentum ?? 0;
  const wd = options.weightDecay ?? 0;
  if (options.nesterov && mu === 0) throw new TsmlxError("sgd", "nesterov needs a momentum > 0");
  return new Optimizer(
    "sgd",
    options,
    ({ param, grad: g0, lr, slot }) => {
      const g = wd ? add(g0, mul(param, wd)) : g0;
      if (mu === 0) return { value: sub(param, mul(lr, g)), slots: new Map() };
      const velocity = slot("velocity");
      const vNew = add(mul(velocity.read(param.graph), mu), g);
      const stepDir = options.nesterov ? add(g, mul(vNew, mu)) : vNew;
      return { value: sub(param, mul(lr, stepDir)), slots: new Map([[velocity, vNew]]) };
    },
    1e-2,
  );
}

/** Options of {@link adam} and {@link adamW}. */
export interface AdamOptions extends OptimizerOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** AdamW only: decoupled weight decay (default 0.01). */
  readonly weightDecay?: number;
}

/** Checks the options of adam (`op` "adam") and adamW ("adamw"). */
function checkAdam(op: string, options: AdamOptions): void {
  checkOptions(op, options, [
    ...COMMON_OPTIONS,
    "beta1",
    "beta2",
    "epsilon",
    ...(op === "adamw" ? ["weightDecay"] : []),
  ]);
  checkCommon(op, options);
  checkNumber(op, "beta1", options.beta1, "unitOpen");
  checkNumber(op, "beta2", options.beta2, "unitOpen");
  checkNumber(op, "epsilon", options.epsilon, "positive");
  checkNumber(op, "weightDecay", options.weightDecay, "nonNegative");
}

function adamRule(beta1: number, beta2: number, eps: number, decoupled: number): Rule {
  return ({ param, grad: g, lr, t, slot }) => {
    const m = slot("m");
    const v = slot("v");
    const mNew = add(mul(m.read(param.graph), beta1), mul(g, 1 - beta1));
    const vNew = add(mul(v.read(param.graph), beta2), mul(mul(g, g), 1 - beta2));
    const mHat = div(mNew, sub(1, pow(beta1, t)));
    const vHat = div(vNew, sub(1, pow(beta2, t)));
    let dir = div(mHat, add(sqrt(vHat), eps));
    if (decoupled) dir = add(dir, mul(param, decoupled));
    return {
      value: sub(param, mul(lr, dir)),
      slots: new Map([
        [m, mNew],
        [v, vNew],
      ]),
    };
  };
}

/**
 * Adam with bias correction: m ← β1·m + (1−β1)g, v ← β2·v + (1−β2)g²,
 * p ← p − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ). `adam({ learningRate: 1e-3 })`
 */
export function adam(options: AdamOptions = {}): Optimizer {
  checkAdam("adam", options);
  return new Optimizer(
    "adam",
    options,
    adamRule(options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-8, 0),
    1e-3,
  );
}

/**
 * AdamW: Adam plus decoupled weight decay, p ← p − lr·(m̂/(√v̂ + ε) + λ·p).
 * `adamW({ learningRate: 1e-3, weightDecay: 0.01 })`
 */
export function adamW(options: AdamOptions = {}): Optimizer {
  checkAdam("adamw", options);
  return new Optimizer(
    "adamw",
    options,
    adamRule(
      options.beta1 ?? 0.9,
      options.beta2 ?? 0.999,
      options.epsilon ?? 1e-8,
      options.weightDecay ?? 0.01,
    ),
    1e-3,
  );
}

/** Options of {@link rmsProp}. */
export interface RmsPropOptions extends OptimizerOptions {
  /** Decay ρ of the squared-gradient average (default 0.9). */
  readonly rho?: number;
  readonly epsilon?: number;
  /** Momentum on the scaled step (default 0). */
  readonly momentum?: number;
}

/**
 * RMSProp: s ← ρs + (1−ρ)g², p ← p − lr·g/(√s + ε) (with momentum μ: b ← μb + g/(√s + ε),
 * p ← p − lr·b). `rmsProp({ learningRate: 1e-3 })`
 */
export function rmsProp(options: RmsPropOptions = {}): Optimizer {
  checkOptions("rmsprop", options, [...COMMON_OPTIONS, "rho", "epsilon", "momentum"]);
  checkCommon("rmsprop", options);
  checkNumber("rmsprop", "rho", options.rho, "unitOpen");
  checkNumber("rmsprop", "epsilon", options.epsilon, "positive");
  checkNumber("rmsprop", "momentum", options.momentum, "unitOpen");
  const rho = options.rho ?? 0.9;
  const eps = options.epsilon ?? 1e-7;
  const mu = options.momentum ?? 0;
  return new Optimizer(
    "rmsprop",
    options,
    ({ param, grad: g, lr, slot }) => {
      const s = slot("ms");
      const sNew = add(mul(s.read(param.graph), rho), mul(mul(g, g), 1 - rho));
      const scaled = div(g, add(sqrt(sNew), eps));
      const slots = new Map<Variable, Node>([[s, sNew]]);
      if (mu === 0) return { value: sub(param, mul(lr, scaled)), slots };
      const b = slot("momentum");
      const bNew = add(mul(b.read(param.graph), mu), scaled);
      slots.set(b, bNew);
      return { value: sub(param, mul(lr, bNew)), slots };
    },
    1e-3,
  );
}

// ---------------------------------------------------------------- schedules

/**
 * Linear warm-up from 0 to `base` over `warmupSteps`, then cosine decay to `minValue` at
 * `totalSteps` (and `minValue` after). `cosineSchedule({ base: 1e-3, warmupSteps: 100, totalSteps: 10000 })`
 */
export function cosineSchedule(options: {
  base: number;
  totalSteps: number;
  warmupSteps?: number;
  minValue?: number;
}): (step: Node) => Node {
  checkOptions("cosineSchedule", options, ["base", "totalSteps", "warmupSteps", "minValue"]);
  checkNumber("cosineSchedule", "base", options.base, "nonNegative", true);
  checkNumber("cosineSchedule", "totalSteps", options.totalSteps, "positiveInteger", true);
  checkNumber("cosineSchedule", "warmupSteps", options.warmupSteps, "nonNegativeInteger");
  checkNumber("cosineSchedule", "minValue", options.minValue, "nonNegative");
  const warm = options.warmupSteps ?? 0;
  const minV = options.minValue ?? 0;
  const { base, totalSteps } = options;
  if (!(totalSteps > warm))
    throw new TsmlxError("cosineSchedule", `totalSteps ${totalSteps} must exceed warmupSteps ${warm}`);
  return (step) => {
    const progress = min(max(div(sub(step, warm), totalSteps - warm), 0), 1);
    const cosine = add(mul(add(cos(mul(progress, Math.PI)), 1), 0.5 * (base - minV)), minV);
    if (warm === 0) return cosine;
    const warmup = mul(div(add(step, 1), warm), base);
    return select(lt(step, warm), warmup, cosine);
  };
}

/**
 * `base · gamma^⌊step / stepSize⌋`. `stepSchedule({ base: 0.1, stepSize: 1000, gamma: 0.5 })`
 */
export function stepSchedule(options: {
  base: number;
  stepSize: number;
  gamma?: number;
}): (step: Node) => Node {
  checkOptions("stepSchedule", options, ["base", "stepSize", "gamma"]);
  checkNumber("stepSchedule", "base", options.base, "nonNegative", true);
  checkNumber("stepSchedule", "stepSize", options.stepSize, "positive", true);
  checkNumber("stepSchedule", "gamma", options.gamma, "positive");
  const gamma = options.gamma ?? 0.1;
  return (step) => mul(pow(gamma, floor(div(step, options.stepSize))), options.base);
}
