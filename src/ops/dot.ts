/**
 * dot_general (batched tensor contraction) and matmul built on it.
 */
import { formatDims, TsmlxError } from "../core/errors.js";
import { Shape } from "../core/shape.js";
import { Node } from "../graph/node.js";
import type { Primitive } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { broadcastShapes, broadcastToShape } from "./operand.js";
import { reshape, transpose } from "./shaping.js";

/**
 * How precisely a backend must compute an f32 dot product (StableHLO's precision_config).
 * `"default"` lets it trade precision for speed: XLA's GPU backend then multiplies f32 in
 * TF32 (a 10-bit mantissa). `"highest"` asks for full f32. tsmlx's CPU plugin is always full
 * precision. Example: `matmul(a, b, { precision: "highest" })`
 */
export type DotPrecision = "default" | "high" | "highest";

/** Which dims of each side are batch dims and which are contracted, and the precision. */
export interface DotDims {
  readonly lhsBatch?: readonly number[];
  readonly rhsBatch?: readonly number[];
  readonly lhsContracting: readonly number[];
  readonly rhsContracting: readonly number[];
  readonly precision?: DotPrecision;
}

/** Attributes of dot_general (all four lists present). */
export interface DotGeneralAttrs {
  readonly [k: string]: unknown;
  readonly lhsBatch: readonly number[];
  readonly rhsBatch: readonly number[];
  readonly lhsContracting: readonly number[];
  readonly rhsContracting: readonly number[];
  readonly precision?: DotPrecision;
}

const PRECISIONS: readonly DotPrecision[] = ["default", "high", "highest"];

function checkDims(l: Node, r: Node, a: DotGeneralAttrs): void {
  const api = "dotGeneral";
  const sides = [
    ["lhs", l, a.lhsBatch, a.lhsContracting],
    ["rhs", r, a.rhsBatch, a.rhsContracting],
  ] as const;
  for (const [side, n, batch, contract] of sides) {
    const all = [...batch, ...contract];
    for (const d of all) {
      if (!Number.isInteger(d) || d < 0 || d >= n.rank) {
        throw new TsmlxError(api, `${side} dim ${d} is out of range for ${side} ${n.typeString}`);
      }
    }
    if (new Set(all).size !== all.length) {
      throw new TsmlxError(
        api,
        `${side} batch dims ${formatDims(batch)} and contracting dims ${formatDims(contract)} repeat a dim`,
      );
    }
  }
  const pairs = [
    ["batch", a.lhsBatch, a.rhsBatch],
    ["contracting", a.lhsContracting, a.rhsContracting],
  ] as const;
  for (const [what, ld, rd] of pairs) {
    if (ld.length !== rd.length) {
      throw new TsmlxError(
        api,
        `lhs and rhs need as many ${what} dims: ${formatDims(ld)} vs ${formatDims(rd)}`,
      );
    }
    ld.forEach((d, i) => {
      const x = l.shape.dims[d]!;
      const y = r.shape.dims[rd[i]!]!;
      if (x !== y) {
        throw new TsmlxError(
          api,
          `${what} dims of lhs ${l.typeString} and rhs ${r.typeString} differ: ${x} vs ${y}`,
        );
      }
    });
  }
}

/** `stablehlo.dot_general`. Result dims: batch, then lhs free dims, then rhs free dims. */
export const dotGeneralPrim: Primitive<DotGeneralAttrs> = {
  name: "dot_general",
  api: "dotGeneral",
  infer([l, r], a) {
    if (l!.dtype !== r!.dtype) {
      throw new TsmlxError("dotGeneral", `dtypes differ: lhs ${l!.typeString} vs rhs ${r!.typeString}`);
    }
    if (l!.dtype === "bool")
      throw new TsmlxError("dotGeneral", `needs numeric operands, got ${l!.typeString}`);
    checkDims(l!, r!, a);
    const free = (n: Node, batch: readonly number[], c: readonly number[]) =>
      n.shape.dims.filter((_, i) => !batch.includes(i) && !c.includes(i));
    const dims = [
      ...a.lhsBatch.map((d) => l!.shape.dims[d]!),
      ...free(l!, a.lhsBatch, a.lhsContracting),
      ...free(r!, a.rhsBatch, a.rhsContracting),
    ];
    return { dtype: l!.dtype, shape: new Shape(dims) };
  },
  lower(node, ctx) {
    const a = node.attributes as DotGeneralAttrs;
    const parts: string[] = [];
    const put = (k: string, v: readonly number[]) => {
      if (v.length > 0) parts.push(`${k} = [${v.join(", ")}]`);
    };
    put("lhs_batching_dimensions", a.lhsBatch);
    put("rhs_batching_dimensions", a.rhsBatch);
    put("lhs_contracting_dimensions", a.lhsContracting);
    put("rhs_contracting_dimensions", a.rhsContracting);
    const attrs: [string, string][] = [["dot_dimension_numbers", `#stablehlo.dot<${parts.join(", ")}>`]];
    if (a.precision !== undefined && a.precision !== "default") {
      const p = `#stablehlo<precision ${a.precision.toUpperCase()}>`;
      attrs.push(["precision_config", `[${p}, ${p}]`]);
    }
    emitOp(ctx, node, attrs);
  },
  vjp(node, g) {
    const a = node.attributes as DotGeneralAttrs;
    const [l, r] = node.operands as [Node, Node];
    return [
      dotOperandGrad(g, l, r, a.lhsBatch, a.lhsContracting, a.rhsBatch, a.rhsContracting, "lhs", a.precision),
      dotOperandGrad(g, r, l, a.rhsBatch, a.rhsContracting, a.lhsBatch, a.lhsContracting, "rhs", a.precision),
    ];
  },
};

/**
 * The gradient of one dot_general operand `s`: the cotangent contracted with the other
 * operand `o` over o's free dims (batch dims stay paired), then transposed into s's layout.
 */
function dotOperandGrad(
  g: Node,
  s: Node,
  o: Node,
  sBatch: readonly number[],
  sContract: readonly number[],
  oBatch: readonly number[],
  oContract: readonly number[],
  side: "lhs" | "rhs",
  precision: DotPrecision | undefined,
): Node {
  const nb = sBatch.length;
  const free = (n: Node, batch: readonly number[], c: readonly number[]) =>
    n.shape.dims.map((_, i) => i).filter((i) => !batch.includes(i) && !c.includes(i));
  const sFree = free(s, sBatch, sContract);
  const oFree = free(o, oBatch, oContract);
  // Positions of o's free dims in the cotangent: after the batch dims and lhs free dims.
  const lhsFreeCount = side === "lhs" ? sFree.length : oFree.length;
  const oFreeAt = oFree.map((_, j) => (side === "lhs" ? nb + lhsFreeCount + j : nb + j));
  const t = dotGeneral(g, o, {
    lhsBatch: sBatch.map((_, k) => k),
    rhsBatch: oBatch,
    lhsContracting: oFreeAt,
    rhsContracting: oFree,
    ...(precision ? { precision } : {}),
  });
  // t's dims: batch, s's free dims, then o's contracting dims in ascending order.
  const oSorted = [...oContract].sort((x, y) => x - y);
  const perm = s.shape.dims.map((_, d) => {
    const b = sBatch.indexOf(d);
    if (b >= 0) return b;
    const f = sFree.indexOf(d);
    if (f >= 0) return nb + f;
    return nb + sFree.length + oSorted.indexOf(oContract[sContract.indexOf(d)]!);
  });
  return perm.every((p, i) => p === i) ? t : transpose(t, perm);
}

/**
 * General dot product: contracts `lhsContracting` with `rhsContracting`, keeps batch dims paired.
 * Result dims: batch dims, then lhs free dims, then rhs free dims.
 *
 * `dotGeneral(a, b, { lhsContracting: [1], rhsContracting: [0], lhsBatch: [], rhsBatch: [] })` is a matmul
 */
export function dotGeneral(lhs: Node, rhs: Node, dims: DotDims): Node {
  if (!(lhs instanceof Node) || !(rhs instanceof Node)) {
    throw new TsmlxError("dotGeneral", "needs two graph nodes");
  }
  if (dims.precision !== undefined && !PRECISIONS.includes(dims.precision)) {
    throw new TsmlxError(
      "dotGeneral",
      `precision must be one of ${PRECISIONS.join(", ")}, got ${String(dims.precision)}`,
    );
  }
  return lhs.graph.apply(dotGeneralPrim, [lhs, rhs], {
    lhsBatch: [...(dims.lhsBatch ?? [])],
    rhsBatch: [...(dims.rhsBatch ?? [])],
    lhsContracting: [...dims.lhsContracting],
    rhsContracting: [...dims.rhsContracting],
    ...(dims.precision && dims.precision !== "default" ? { precision: dims.precision } : {}),
  });
}

/**
 * Matrix product with numpy's matmul rules: the last dim of `a` contracts with the
 * second-to-last of `b` (the only dim of a vector); leading batch dims broadcast.
 *
 * `matmul(x, w)` turns `f32[8,4]` and `f32[4,2]` into `f32[8,2]`; `options.precision` as in
 * {@link DotPrecision}.
 */
export function matmul(a: Node, b: Node, options: { precision?: DotPrecision } = {}): Node {
  if (!(a instanceof Node) || !(b instanceof Node)) throw new TsmlxError("matmul", "needs two graph nodes");
  if (a.rank === 0 || b.rank === 0) {
    throw new TsmlxError("matmul", `needs operands of rank >= 1, got ${a.typeString} and ${b.typeString}`);
  }
  const av = a.rank === 1;
  const bv = b.rank === 1;
  const A = av ? reshape(a, [1, a.shape.dims[0]!]) : a;
  const B = bv ? reshape(b, [b.shape.dims[0]!, 1]) : b;
  const ka = A.shape.dims[A.rank - 1]!;
  const kb = B.shape.dims[B.rank - 2]!;
  if (ka !== kb) {
    throw new TsmlxError(
      "matmul",
      `contracting dims of ${a.typeString} and ${b.typeString} differ: ${ka} vs ${kb}`,
    );
  }
  const batch = broadcastShapes(
    "matmul",
    [A.shape.dims.slice(0, -2), B.shape.dims.slice(0, -2)],
    `batch dims of ${a.typeString} and ${b.typeString}`,
  ).dims;
  const Ab = broadcastToShape("matmul", A, new Shape([...batch, ...A.shape.dims.slice(-2)]));
  const Bb = broadcastToShape("matmul", B, new Shape([...batch, ...B.shape.dims.slice(-2)]));
  const nb = batch.length;
  const bd = batch.map((_, i) => i);
  let out = dotGeneral(Ab, Bb, {
    lhsBatch: bd,
    rhsBatch: bd,
    lhsContracting: [nb + 1],
    rhsContracting: [nb],
    ...(options.precision ? { precision: options.precision } : {}),
  });
  if (av || bv) {
    const dims = out.shape.dims.filter((_, i) => !((av && i === nb) || (bv && i === nb + 1)));
    out = reshape(out, dims);
  }
  return out;
}
