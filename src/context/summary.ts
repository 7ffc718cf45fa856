/**
 * Model summaries: a context's variables by scope (dtype, shape, parameter count, trainable or
 * not) with totals; given a model function and inputs, also the model traced once (nothing runs)
 * with each layer's output type and parameter count, and a picture of its graph.
 */
import { byteSize, type DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import { type ShapeLike, toShape } from "../core/shape.js";
import { Tensor } from "../core/tensor.js";
import { Graph } from "../graph/graph.js";
import { Node } from "../graph/node.js";
import { GraphView, type GraphViewOptions } from "../graph/view.js";
import type { Context } from "./context.js";
import type { ModelFn } from "./exec.js";

/** One variable of the summary. */
export interface SummaryVariable {
  /** The scope it lives in (`/000_conv`) and its name there (`weights`). */
  readonly scope: string;
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** Elements (the product of the dims). */
  readonly params: number;
  readonly trainable: boolean;
}

/** One layer of a traced model: a top-level scope, or the ops between layers. */
export interface SummaryLayer {
  /** The layer's scope (`/000_conv`), or the ops' names for ops outside any layer (`relu, reduce_window`). */
  readonly name: string;
  /** Whether the row is a layer scope (false for ops between layers). */
  readonly isScope: boolean;
  /** The type of the value the layer hands on (its last output used outside it). */
  readonly output: string;
  /** Ops the layer is made of (constants left out). */
  readonly ops: number;
  /** Parameters of the variables under the scope. */
  readonly params: number;
}

/** An input of {@link summary}: a tensor (its type is used) or a dtype and shape. */
export type SummaryInput =
  | Tensor
  | readonly [DType, ShapeLike]
  | { readonly dtype: DType; readonly shape: ShapeLike };

const fmt = (n: number) => n.toLocaleString("en-US");

function bytesText(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const TABLE =
  "border-collapse:collapse;font-family:var(--jp-code-font-family,monospace);font-size:var(--jp-code-font-size,12px);color:var(--jp-content-font-color1,inherit);margin:4px 0 10px 0";
const TH =
  "text-align:left;padding:2px 10px;border-bottom:1px solid var(--jp-border-color1,#bbb);color:var(--jp-content-font-color2,#555)";
const TD = "padding:1px 10px;border-bottom:1px solid var(--jp-border-color3,#eee)";
const NUM = `${TD};text-align:right`;
const SCOPE = "padding:4px 10px 1px 10px;font-weight:bold;color:var(--jp-content-font-color1,inherit)";

/** A model's variables and, when traced, its layers; made by {@link summary}. */
export class ModelSummary {
  /** Variables in creation order. */
  readonly variables: readonly SummaryVariable[];
  /** Layers of the traced model, in order (empty without a model function). */
  readonly layers: readonly SummaryLayer[];
  /** The inputs the model was traced on, `images f32[64,32,32,3]`. */
  readonly inputs: readonly string[];
  /** The model's output types. */
  readonly outputs: readonly string[];
  /** Parameters in all, of trainable variables, and bytes of all variables. */
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly bytes: number;
  readonly #graphNodes: readonly Node[];

  constructor(
    variables: readonly SummaryVariable[],
    traced?: {
      inputs: readonly string[];
      outputs: readonly Node[];
      layers: readonly SummaryLayer[];
      bytes?: number;
    },
  ) {
    this.variables = variables;
    this.layers = traced?.layers ?? [];
    this.inputs = traced?.inputs ?? [];
    this.outputs = traced?.outputs.map((n) => n.typeString) ?? [];
    this.#graphNodes = traced?.outputs ?? [];
    this.totalParams = variables.reduce((a, v) => a + v.params, 0);
    this.trainableParams = variables.filter((v) => v.trainable).reduce((a, v) => a + v.params, 0);
    this.bytes = variables.reduce((a, v) => a + v.params * byteSize(v.dtype), 0);
  }

  /** Variables grouped by scope, in order of first appearance. */
  byScope(): Map<string, SummaryVariable[]> {
    const m = new Map<string, SummaryVariable[]>();
    for (const v of this.variables) (m.get(v.scope) ?? m.set(v.scope, []).get(v.scope)!).push(v);
    return m;
  }

  /** A picture of the traced model's graph (needs a model function). `display(s.graph())` */
  graph(options: GraphViewOptions = {}): GraphView {
    if (this.#graphNodes.length === 0)
      throw new TsmlxError("summary", "the graph needs the model: tm.summary(ctx, model, ...inputs)");
    return new GraphView(this.#graphNodes, options);
  }

  /** The totals line: `27,626 parameters (27,626 trainable) in 10 variables, 107.9 KiB`. */
  totals(): string {
    return `${fmt(this.totalParams)} parameters (${fmt(this.trainableParams)} trainable) in ${this.variables.length} variables, ${bytesText(this.bytes)}`;
  }

  toString(): string {
    const parts: string[] = [];
    if (this.layers.length > 0) {
      parts.push(
        pad([
          ["layer", "output", "params"],
          ...this.inputs.map((i) => [`input ${i.split(" ")[0]}`, i.split(" ")[1] ?? "", ""]),
          ...this.layers.map((l) => [
            l.isScope ? l.name : `(${l.name})`,
            l.output,
            l.params ? fmt(l.params) : "",
          ]),
        ]),
      );
    }
    const vars: string[][] = [["variable", "dtype", "shape", "params"]];
    for (const [scope, vs] of this.byScope()) {
      for (const v of vs)
        vars.push([
          `${scope === "/" ? "" : scope}/${v.name}${v.trainable ? "" : " (fixed)"}`,
          v.dtype,
          `[${v.dims.join(",")}]`,
          fmt(v.params),
        ]);
    }
    parts.push(pad(vars), this.totals());
    return parts.join("\n\n");
  }

  /** Notebook display: the layer table (when traced), the variables by scope, and the totals. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const html: string[] = [];
    if (this.layers.length > 0) {
      const rows = [
        ...this.inputs.map((i) => {
          const [name, type] = i.split(" ");
          return `<tr><td style="${TD}">input <b>${escapeHtml(name!)}</b></td><td style="${TD}">${escapeHtml(type ?? "")}</td><td style="${NUM}"></td><td style="${NUM}"></td></tr>`;
        }),
        ...this.layers.map(
          (l) =>
            `<tr><td style="${TD}">${l.isScope ? escapeHtml(l.name) : `<i>${escapeHtml(l.name)}</i>`}</td><td style="${TD}">${escapeHtml(l.output)}</td>` +
            `<td style="${NUM}">${l.ops}</td><td style="${NUM}">${l.params ? fmt(l.params) : ""}</td></tr>`,
        ),
      ];
      html.push(
        `<table style="${TABLE}"><tr><th style="${TH}">layer</th><th style="${TH}">output</th><th style="${TH}">ops</th><th style="${TH}">params</th></tr>${rows.join("")}</table>`,
      );
    }
    const vrows: string[] = [];
    for (const [scope, vs] of this.byScope()) {
      const sum = vs.reduce((a, v) => a + v.params, 0);
      vrows.push(
        `<tr><td colspan="3" style="${SCOPE}">${escapeHtml(scope)}</td><td style="${NUM};font-weight:bold">${fmt(sum)}</td></tr>`,
      );
      for (const v of vs) {
        vrows.push(
          `<tr><td style="${TD};padding-left:22px">${escapeHtml(v.name)}${v.trainable ? "" : ` <span style="color:var(--jp-content-font-color2,#777)">(fixed)</span>`}</td>` +
            `<td style="${TD}">${v.dtype}</td><td style="${TD}">[${v.dims.join(",")}]</td><td style="${NUM}">${fmt(v.params)}</td></tr>`,
        );
      }
    }
    html.push(
      `<table style="${TABLE}"><tr><th style="${TH}">variable</th><th style="${TH}">dtype</th><th style="${TH}">shape</th><th style="${TH}">params</th></tr>${vrows.join("")}</table>`,
      `<div style="font-family:var(--jp-ui-font-family,sans-serif);color:var(--jp-content-font-color1,inherit)"><b>${escapeHtml(this.totals())}</b></div>`,
    );
    return { "text/plain": this.toString(), "text/html": html.join("") };
  }
}

function inputType(api: string, x: SummaryInput, i: number): [DType, ShapeLike] {
  if (x instanceof Tensor) return [x.dtype, x.shape.dims];
  if (Array.isArray(x) && x.length === 2) return [x[0] as DType, x[1] as ShapeLike];
  if (x && typeof x === "object" && "dtype" in x && "shape" in x) {
    const o = x as { dtype: DType; shape: ShapeLike };
    return [o.dtype, o.shape];
  }
  throw new TsmlxError(api, `input ${i} must be a tensor or a [dtype, shape] pair, got ${typeof x}`);
}

/** Top-level scope of a node's scope (`/block_1` of `/block_1/dense`); `/` for none. */
function topScope(s: string): string {
  const p = s.split("/").filter(Boolean);
  return p.length === 0 ? "/" : `/${p[0]}`;
}

const quiet = (n: Node) =>
  n.op === "constant" ||
  n.op === "parameter" ||
  (n.op === "broadcast_in_dim" && n.operands[0]?.op === "constant");

/**
 * A summary of a model: the context's variables by scope with shapes, dtypes and parameter
 * counts, and totals; with a model function and inputs, the model is traced on them once (its
 * variables made if new, nothing run) and each layer's output type is listed too.
 * `display(tm.summary(ctx))`, `display(tm.summary(ctx, tm.models.c10ConvModel, ["f32", [64, 32, 32, 3]]))`
 */
export function summary(
  ctx: Context,
  model?: ModelFn<Node | readonly Node[]>,
  ...inputs: SummaryInput[]
): ModelSummary {
  const api = "summary";
  if (!ctx || typeof ctx.variables !== "function")
    throw new TsmlxError(api, `the first argument must be a context, got ${typeof ctx}`);
  let traced: ConstructorParameters<typeof ModelSummary>[1];
  if (model !== undefined) {
    if (typeof model !== "function")
      throw new TsmlxError(api, `the model must be a function (ctx, ...inputs) => node, got ${typeof model}`);
    const g = new Graph("summary");
    const params = inputs.map((x, i) => {
      const [dtype, shape] = inputType(api, x, i);
      return g.parameter(`input_${i}`, dtype, toShape(shape));
    });
    const out = model(ctx, ...params);
    const outs = out instanceof Node ? [out] : [...(out as readonly Node[])];
    if (outs.length === 0 || !outs.every((n) => n instanceof Node))
      throw new TsmlxError(api, "the model must return a node or nodes");
    const nodes = g.reachable(outs);
    const outSet = new Set(outs);
    // Rows: runs of consecutive nodes (in creation order) with one top-level scope.
    const runs: { scope: string; nodes: Node[] }[] = [];
    for (const n of nodes) {
      if (n.op === "parameter" && n.scope === "/") continue;
      const s = topScope(n.scope);
      const last = runs.at(-1);
      if (last && last.scope === s) last.nodes.push(n);
      else runs.push({ scope: s, nodes: [n] });
    }
    const usedBy = new Map<Node, Node[]>();
    for (const n of nodes) for (const o of n.operands) (usedBy.get(o) ?? usedBy.set(o, []).get(o)!).push(n);
    const vars = ctx.variables();
    const layers: SummaryLayer[] = [];
    for (const run of runs) {
      const members = new Set(run.nodes);
      const leaving = run.nodes.filter(
        (n) => outSet.has(n) || (usedBy.get(n) ?? []).some((u) => !members.has(u)),
      );
      const outNode = leaving.at(-1) ?? run.nodes.at(-1)!;
      const ops = run.nodes.filter((n) => !quiet(n));
      if (ops.length === 0) continue;
      const isScope = run.scope !== "/";
      const prefix = `${run.scope}/`;
      layers.push({
        name: isScope ? run.scope : [...new Set(ops.map((n) => n.op))].join(", "),
        isScope,
        output: outNode.typeString,
        ops: ops.length,
        params: isScope
          ? vars.filter((v) => v.path.startsWith(prefix)).reduce((a, v) => a + v.shape.size, 0)
          : 0,
      });
    }
    traced = { inputs: params.map((p, i) => `input_${i} ${p.typeString}`), outputs: outs, layers };
  }
  const variables = (ctx.scope === "/" ? ctx.variables() : ctx.variablesInScope()).map((v) => {
    const cut = v.path.lastIndexOf("/");
    return {
      scope: cut <= 0 ? "/" : v.path.slice(0, cut),
      name: v.path.slice(cut + 1),
      dtype: v.dtype,
      dims: v.shape.dims,
      params: v.shape.size,
      trainable: v.trainable,
    };
  });
  return new ModelSummary(variables, traced);
}
