/**
 * Numeric gradient check: compares the reverse-mode gradient of a function with central
 * finite differences, in float64, on the PJRT plugin in use.
 *
 * The function is rebuilt with float64 parameters (its float inputs are converted to f64;
 * integer and bool inputs stay as they are). A non-scalar or multi-output function is turned
 * into a scalar by a fixed random weighting of its float outputs, so every output element
 * counts. For each of a few random directions v (one per differentiable input), the
 * directional derivative <grad f(x), v> is compared against
 * (f(x + εv) − f(x − εv)) / 2ε, within `atol + rtol · max(|analytic|, |numeric|)`.
 */

import { grad } from "../autodiff/grad.js";
import { isFloat } from "../core/dtype.js";
import { Tensor } from "../core/tensor.js";
import type { Node } from "../graph/node.js";
import { add, mul } from "../ops/binary.js";
import { convert } from "../ops/convert.js";
import { reduceSum } from "../ops/reduce.js";
import type { Client, DeviceArray } from "../runtime/client.js";
import { exec } from "../runtime/exec.js";

/** Options of {@link checkGradients}. */
export interface GradCheckOptions {
  /** Input indices to differentiate (default: every float input). */
  readonly wrt?: readonly number[];
  /** Number of random directions (default 3). */
  readonly directions?: number;
  /** Finite-difference step (default 1e-6). */
  readonly eps?: number;
  /** Relative tolerance (default 1e-5). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-7). */
  readonly atol?: number;
  /** Seed of the random directions and output weights (default 1). */
  readonly seed?: number;
  /** The client to run on; default the default client. */
  readonly client?: Client;
}

/** One direction's comparison. */
export interface DirectionCheck {
  readonly analytic: number;
  readonly numeric: number;
  readonly ok: boolean;
}

/** What {@link checkGradients} found. */
export interface GradCheckResult {
  readonly ok: boolean;
  readonly checks: readonly DirectionCheck[];
  /** A one-paragraph summary (the failures first). */
  readonly message: string;
}

/** A small seeded generator (mulberry32) with normal samples by Box–Muller. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

function toF64(t: Tensor): Tensor {
  return isFloat(t.dtype) && t.dtype !== "f64" ? new Tensor("f64", t.shape, t.toFloat64Array()) : t;
}

async function scalar(a: DeviceArray): Promise<number> {
  const t = await a.toTensor();
  a.dispose();
  return t.toFloat64Array()[0]!;
}

/**
 * Checks the gradient of `fn` at `inputs` against central differences in float64.
 *
 * `const r = await checkGradients((x) => tm.tanh(x).sum(), [tensor([0.1, 0.5], "f32")]); r.ok`
 */
export async function checkGradients(
  fn: (...xs: Node[]) => Node | readonly Node[],
  inputs: readonly Tensor[],
  options: GradCheckOptions = {},
): Promise<GradCheckResult> {
  const x64 = inputs.map(toF64);
  const wrt = options.wrt ?? x64.map((t, i) => (isFloat(t.dtype) ? i : -1)).filter((i) => i >= 0);
  for (const i of wrt) {
    if (!x64[i] || !isFloat(x64[i]!.dtype))
      throw new Error(`[checkGradients] input ${i} is not a float input`);
  }
  const random = rng(options.seed ?? 1);
  let weights: Tensor[] | undefined;
  // The scalar the check differentiates: a fixed random weighting of the float outputs.
  const loss = (...xs: Node[]): Node => {
    const r = fn(...xs);
    const outs = (Array.isArray(r) ? (r as readonly Node[]) : [r as Node]).filter((o) => isFloat(o.dtype));
    if (outs.length === 0) throw new Error("[checkGradients] the function has no float output");
    weights ??= outs.map((o) =>
      Tensor.fromValues(
        "f64",
        o.shape,
        Array.from({ length: o.shape.size }, () => random()),
      ),
    );
    const g = xs[0]?.graph ?? outs[0]!.graph;
    const terms = outs.map((o, i) => reduceSum(mul(convert(o, "f64"), g.constant(weights![i]!))));
    return terms.reduce((a, b) => add(a, b));
  };
  const client = options.client;
  const f = exec(loss, { name: "grad_check_f", client });
  const df = exec(
    (...xs: Node[]) => {
      const l = loss(...xs);
      return [
        l,
        ...grad(
          l,
          wrt.map((i) => xs[i]!),
        ),
      ];
    },
    {
      name: "grad_check_df",
      client,
    },
  );
  const outs = (await df(...x64)) as DeviceArray[];
  const grads: Float64Array[] = [];
  for (const a of outs.slice(1)) {
    grads.push((await a.toTensor()).toFloat64Array());
    a.dispose();
  }
  outs[0]!.dispose();

  const eps = options.eps ?? 1e-6;
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-7;
  const checks: DirectionCheck[] = [];
  for (let d = 0; d < (options.directions ?? 3); d++) {
    const v = wrt.map((i) => Float64Array.from({ length: x64[i]!.size }, () => random()));
    let analytic = 0;
    wrt.forEach((_, k) => {
      for (let j = 0; j < v[k]!.length; j++) analytic += grads[k]![j]! * v[k]![j]!;
    });
    const shifted = (sign: number) =>
      x64.map((t, i) => {
        const k = wrt.indexOf(i);
        if (k < 0) return t;
        const base = t.toFloat64Array();
        return new Tensor(
          "f64",
          t.shape,
          base.map((b, j) => b + sign * eps * v[k]![j]!),
        );
      });
    const plus = await scalar(await f(...shifted(1)));
    const minus = await scalar(await f(...shifted(-1)));
    const numeric = (plus - minus) / (2 * eps);
    const ok = Math.abs(analytic - numeric) <= atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
    checks.push({ analytic, numeric, ok });
  }
  const ok = checks.every((c) => c.ok);
  const lines = checks.map(
    (c, i) => `direction ${i}: analytic ${c.analytic} vs numeric ${c.numeric}${c.ok ? "" : " (MISMATCH)"}`,
  );
  return {
    ok,
    checks,
    message: `${ok ? "gradients agree" : "gradients differ"} (eps ${eps}, rtol ${rtol}, atol ${atol}):\n${lines.join("\n")}`,
  };
}
