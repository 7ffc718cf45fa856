/**
 * A picture of a graph: its ops top to bottom, each box naming the op and its output type, edges
 * from operands to users, and the nodes of each layer scope framed together under the scope's
 * name. Big graphs fold each layer into one box (its ops counted, its output types listed).
 * Shown as inline SVG in HTML with JupyterLab's theme colours, and as a standalone SVG.
 */
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "../core/mime.js";
import type { ShapeLike } from "../core/shape.js";
import { Graph } from "./graph.js";
import { Node } from "./node.js";

/** Options of {@link graphView}. */
export interface GraphViewOptions {
  /** A title over the picture. */
  readonly title?: string;
  /**
   * Fold each layer scope into one box: true, false, or "auto" (default: fold when more than
   * `maxNodes` ops would be drawn).
   */
  readonly fold?: boolean | "auto";
  /** Ops drawn before "auto" folds (default 60). */
  readonly maxNodes?: number;
}

/** One box of the picture: an op, or a folded scope. */
interface Box {
  readonly key: number;
  readonly label: string;
  readonly type: string;
  readonly scope: string;
  readonly inputs: Set<number>;
  readonly node?: Node;
  level: number;
  x: number;
  y: number;
  w: number;
}

const BOX_H = 34;
const ROW_H = 62;
const GAP = 18;
const MARGIN = 16;
const CHAR_W = 6.6;

/** Light colours for the standalone SVG; CSS variables with the same fallbacks for inline HTML. */
const LIGHT = {
  text: "#222",
  muted: "#666",
  box: "#ffffff",
  border: "#6a8caf",
  param: "#eef4ea",
  scope: "#f3f6fa",
  scopeBorder: "#b8c7d9",
  edge: "#8a99a8",
};
const THEMED: typeof LIGHT = {
  text: "var(--jp-ui-font-color1, #222)",
  muted: "var(--jp-ui-font-color2, #666)",
  box: "var(--jp-layout-color0, #ffffff)",
  border: "var(--jp-brand-color1, #6a8caf)",
  param: "var(--jp-layout-color2, #eef4ea)",
  scope: "var(--jp-layout-color1, #f3f6fa)",
  scopeBorder: "var(--jp-border-color1, #b8c7d9)",
  edge: "var(--jp-ui-font-color3, #8a99a8)",
};

/** Scope names shown: `/000_conv` → `000_conv`. */
const scopeName = (s: string) => s.replace(/^\//, "");

/** Whether a node is drawn apart (constants and broadcasts of them fold into their users). */
function hidden(n: Node): boolean {
  if (n.op === "constant") return true;
  return n.op === "broadcast_in_dim" && n.operands.length === 1 && n.operands[0]!.op === "constant";
}

function label(n: Node): string {
  if (n.op === "parameter") return String(n.attributes.name);
  const d = n.describeOp();
  return d.length > 32 ? `${d.slice(0, 31)}…` : d;
}

/** The picture of a graph; made by {@link graphView}. */
export class GraphView {
  /** The boxes drawn (ops, or folded scopes). */
  readonly boxes: number;
  /** Ops in the graph drawn (constants left out). */
  readonly ops: number;
  /** Whether layer scopes were folded into one box each. */
  readonly folded: boolean;
  readonly #title: string | undefined;
  readonly #layout: ReturnType<typeof layout>;

  constructor(outputs: readonly Node[], options: GraphViewOptions = {}) {
    if (outputs.length === 0) throw new TsmlxError("graphView", "no nodes to draw");
    const graph = outputs[0]!.graph;
    const nodes = graph.reachable(outputs).filter((n) => !hidden(n));
    this.ops = nodes.length;
    const fold = options.fold ?? "auto";
    this.folded = fold === true || (fold === "auto" && nodes.length > (options.maxNodes ?? 60));
    this.#title = options.title;
    this.#layout = layout(nodes, new Set(outputs), this.folded);
    this.boxes = this.#layout.boxes.length;
  }

  /** The picture as SVG; `themed` uses JupyterLab's CSS variables (for inline HTML). */
  svg(themed = false): string {
    const c = themed ? THEMED : LIGHT;
    const { boxes, height, scopes } = this.#layout;
    const top = this.#title ? 24 : 0;
    const width = Math.max(
      this.#layout.width,
      this.#title ? Math.ceil(this.#title.length * 7.8) + 2 * MARGIN : 0,
    );
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + top}" viewBox="0 0 ${width} ${height + top}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="11">`,
    ];
    const fill = (v: string) => (themed ? `style="fill:${v}"` : `fill="${v}"`);
    const stroke = (v: string) => (themed ? `style="stroke:${v};fill:none"` : `stroke="${v}" fill="none"`);
    if (this.#title)
      out.push(
        `<text x="${MARGIN}" y="17" font-size="13" font-weight="bold" ${fill(c.text)}>${escapeHtml(this.#title)}</text>`,
      );
    out.push(`<g transform="translate(0,${top})">`);
    // Scope frames first, behind the boxes.
    for (const [scope, members] of scopes) {
      const x0 = Math.min(...members.map((b) => b.x)) - 8;
      const x1 = Math.max(...members.map((b) => b.x + b.w)) + 8;
      const y0 = Math.min(...members.map((b) => b.y)) - 18;
      const y1 = Math.max(...members.map((b) => b.y)) + BOX_H + 6;
      const style = themed
        ? `style="fill:${c.scope};stroke:${c.scopeBorder}"`
        : `fill="${c.scope}" stroke="${c.scopeBorder}"`;
      out.push(
        `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" rx="6" ${style} stroke-dasharray="4 2"/>`,
        `<text x="${x0 + 6}" y="${y0 + 12}" font-size="10" ${fill(c.muted)}>${escapeHtml(scopeName(scope))}</text>`,
      );
    }
    const byKey = new Map(boxes.map((b) => [b.key, b]));
    for (const b of boxes) {
      for (const i of b.inputs) {
        const a = byKey.get(i)!;
        const [x1, y1, x2, y2] = [a.x + a.w / 2, a.y + BOX_H, b.x + b.w / 2, b.y];
        const my = (y1 + y2) / 2;
        out.push(
          `<path d="M${r(x1)},${y1} C${r(x1)},${my} ${r(x2)},${my} ${r(x2)},${y2 - 4}" ${stroke(c.edge)} stroke-width="1.2"/>`,
        );
        out.push(
          `<path d="M${r(x2 - 3.5)},${y2 - 6} L${r(x2)},${y2} L${r(x2 + 3.5)},${y2 - 6} Z" ${fill(c.edge)}/>`,
        );
      }
    }
    for (const b of boxes) {
      const isParam = b.node?.op === "parameter";
      const bg = isParam ? c.param : c.box;
      const style = themed ? `style="fill:${bg};stroke:${c.border}"` : `fill="${bg}" stroke="${c.border}"`;
      out.push(
        `<g><title>${escapeHtml(`${b.label} : ${b.type}`)}</title>`,
        `<rect x="${r(b.x)}" y="${b.y}" width="${r(b.w)}" height="${BOX_H}" rx="${isParam ? 12 : 4}" ${style}/>`,
        `<text x="${r(b.x + b.w / 2)}" y="${b.y + 14}" text-anchor="middle" font-weight="bold" ${fill(c.text)}>${escapeHtml(b.label)}</text>`,
        `<text x="${r(b.x + b.w / 2)}" y="${b.y + 27}" text-anchor="middle" font-size="10" ${fill(c.muted)}>${escapeHtml(b.type)}</text>`,
        "</g>",
      );
    }
    out.push("</g></svg>");
    return out.join("\n");
  }

  toString(): string {
    const scopes = this.#layout.scopeCount;
    return `graph view: ${this.ops} ops${this.folded ? ` in ${this.boxes} boxes (layers folded)` : ""}, ${scopes} scopes`;
  }

  /** Notebook display: themed inline SVG, the standalone SVG, and a line of text. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return {
      "text/plain": this.toString(),
      "text/html": `<div style="overflow:auto;max-height:900px">${this.svg(true)}</div>`,
      "image/svg+xml": this.svg(false),
    };
  }
}

const r = (v: number) => Number(v.toFixed(1));

/** The scope a node is folded into: its top-level scope (`/block_1` of `/block_1/dense`). */
function topScope(s: string): string {
  const parts = s.split("/").filter(Boolean);
  return parts.length === 0 ? "/" : `/${parts[0]}`;
}

function layout(nodes: readonly Node[], outputs: ReadonlySet<Node>, fold: boolean) {
  // Boxes: one per node, or one per folded scope.
  const boxOf = new Map<Node, number>();
  const boxes: Box[] = [];
  const byScope = new Map<string, Box>();
  for (const n of nodes) {
    const scope = fold ? topScope(n.scope) : n.scope;
    if (fold && scope !== "/") {
      let b = byScope.get(scope);
      if (!b) {
        b = {
          key: boxes.length,
          label: scopeName(scope),
          type: "",
          scope: "/",
          inputs: new Set(),
          level: 0,
          x: 0,
          y: 0,
          w: 0,
        };
        byScope.set(scope, b);
        boxes.push(b);
      }
      boxOf.set(n, b.key);
    } else {
      boxOf.set(n, boxes.length);
      boxes.push({
        key: boxes.length,
        label: label(n),
        type: n.typeString,
        scope,
        inputs: new Set(),
        node: n,
        level: 0,
        x: 0,
        y: 0,
        w: 0,
      });
    }
  }
  const visible = (n: Node): Node[] => (hidden(n) ? n.operands.flatMap(visible) : [n]);
  const used = new Map<number, Set<Node>>();
  for (const n of nodes) {
    const k = boxOf.get(n)!;
    for (const o of n.operands.flatMap(visible)) {
      const from = boxOf.get(o);
      if (from === undefined || from === k) continue;
      boxes[k]!.inputs.add(from);
      if (!used.has(from)) used.set(from, new Set());
      used.get(from)!.add(o);
    }
  }
  // A folded scope shows the types of the values that leave it.
  for (const b of byScope.values()) {
    const leaving = nodes.filter(
      (n) => boxOf.get(n) === b.key && (used.get(b.key)?.has(n) || outputs.has(n)),
    );
    const count = nodes.filter((n) => boxOf.get(n) === b.key).length;
    const types = [...new Set(leaving.map((n) => n.typeString))];
    (b as { type: string }).type =
      `${types.slice(0, 2).join(", ")}${types.length > 2 ? ", …" : ""} · ${count} ops`;
  }
  // Levels: longest path from the sources; sources sit just above their first user.
  const users = new Map<number, number[]>();
  for (const b of boxes) for (const i of b.inputs) (users.get(i) ?? users.set(i, []).get(i)!).push(b.key);
  const order = [...boxes].sort((a, b) => a.key - b.key);
  for (const b of order)
    b.level = b.inputs.size === 0 ? 0 : Math.max(...[...b.inputs].map((i) => boxes[i]!.level)) + 1;
  // Then as late as possible: side chains (a bias and its broadcast) sit just above their user.
  for (const b of [...order].reverse()) {
    const u = users.get(b.key);
    if (u && u.length > 0) b.level = Math.max(b.level, Math.min(...u.map((k) => boxes[k]!.level)) - 1);
  }
  // Widths, then x by level: each box near the mean of its inputs, no overlaps.
  for (const b of boxes)
    b.w = Math.max(70, Math.max(b.label.length * (CHAR_W + 0.6), b.type.length * CHAR_W * 0.92) + 16);
  const levels = new Map<number, Box[]>();
  for (const b of order) (levels.get(b.level) ?? levels.set(b.level, []).get(b.level)!).push(b);
  const sortedLevels = [...levels.keys()].sort((a, b) => a - b);
  for (const lv of sortedLevels) {
    const row = levels.get(lv)!;
    // Each box under its first input (the data it transforms; weights come second); sources
    // in creation order, which puts a layer's weights beside the input they meet.
    const want = (b: Box) => {
      const first = b.inputs.values().next();
      if (first.done) return Number.NaN;
      const a = boxes[first.value]!;
      return a.x + a.w / 2 - b.w / 2;
    };
    row.sort((a, b) => {
      const [wa, wb] = [want(a), want(b)];
      if (Number.isFinite(wa) && Number.isFinite(wb) && wa !== wb) return wa - wb;
      return a.key - b.key;
    });
    let right = MARGIN - GAP;
    for (const b of row) {
      const w = want(b);
      b.x = Math.max(Number.isFinite(w) ? w : right + GAP, right + GAP);
      right = b.x + b.w;
    }
    for (const b of row) b.y = MARGIN + 18 + lv * ROW_H;
  }
  const minX = Math.min(...boxes.map((b) => b.x));
  for (const b of boxes) b.x += MARGIN + 8 - minX;
  const width = Math.ceil(Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN + 8);
  const height = Math.ceil(Math.max(...boxes.map((b) => b.y)) + BOX_H + MARGIN);
  // Frames around the boxes of each scope (a folded scope is a box of its own).
  const scopes = new Map<string, Box[]>();
  for (const b of boxes) {
    if (b.scope === "/") continue;
    (scopes.get(b.scope) ?? scopes.set(b.scope, []).get(b.scope)!).push(b);
  }
  return { boxes, width, height, scopes, scopeCount: fold ? byScope.size : scopes.size };
}

/** What {@link graphView} draws: a node, several, a whole graph, or a function of new inputs. */
export type GraphViewTarget =
  | Node
  | readonly Node[]
  | Graph
  | ((...inputs: Node[]) => Node | readonly Node[]);

/**
 * A picture of a computation: the ops that `target` depends on (a node, nodes, or a whole graph),
 * or of a function traced on new inputs of the given types.
 * `tm.graphView(logits)`, `tm.graphView((a, b) => tm.matmul(a, b).relu(), [["f32", [2, 3]], ["f32", [3, 4]]])`
 */
export function graphView(
  target: GraphViewTarget,
  inputs?: readonly (readonly [DType, ShapeLike])[] | GraphViewOptions,
  options: GraphViewOptions = {},
): GraphView {
  if (target instanceof Node) return new GraphView([target], (inputs as GraphViewOptions) ?? options);
  if (target instanceof Graph) {
    const used = new Set(target.nodes.flatMap((n) => n.operands));
    const sinks = target.nodes.filter((n) => !used.has(n));
    if (!target.retainsNodes)
      throw new TsmlxError(
        "graphView",
        `graph "${target.name}" keeps only its parameters: pass the nodes to draw`,
      );
    return new GraphView(sinks, (inputs as GraphViewOptions) ?? options);
  }
  if (Array.isArray(target)) {
    if (!target.every((n) => n instanceof Node))
      throw new TsmlxError("graphView", "every item to draw must be a node");
    return new GraphView(target as readonly Node[], (inputs as GraphViewOptions) ?? options);
  }
  if (typeof target === "function") {
    if (!Array.isArray(inputs))
      throw new TsmlxError(
        "graphView",
        'a function is drawn on inputs: pass their types, e.g. [["f32", [2, 3]]]',
      );
    const g = new Graph(target.name || "f");
    const params = (inputs as readonly (readonly [DType, ShapeLike])[]).map(([dtype, shape], i) =>
      g.parameter(`x${i}`, dtype, shape),
    );
    const out = (target as (...a: Node[]) => Node | readonly Node[])(...params);
    const outs = out instanceof Node ? [out] : [...(out as readonly Node[])];
    return new GraphView(outs, options);
  }
  throw new TsmlxError(
    "graphView",
    `cannot draw ${typeof target}: pass a node, nodes, a graph or a function`,
  );
}
