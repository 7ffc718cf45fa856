/**
 * Elementwise binary ops, compare, select and clamp. The public functions accept JS scalars
 * and tensors besides nodes and broadcast numpy-style (see ./operand.ts); the primitives
 * themselves need equal shapes, as StableHLO does.
 */
import { type DType, isFloat, isInteger, isUnsigned } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { Node } from "../graph/node.js";
import type { Primitive, VjpRule } from "../graph/primitive.js";
import { emitOp } from "../stablehlo/emit.js";
import { convert } from "./convert.js";
import { broadcastAll, graphOf, lift, liftAndBroadcast, type Operand } from "./operand.js";
import { floor, log, neg, not, sign } from "./unary.js";

type Attrs = Readonly<Record<string, unknown>>;

function sameTypes(api: string, xs: readonly Node[]): void {
  const [a] = xs;
  for (const b of xs) {
    if (b.dtype !== a!.dtype || !b.shape.equals(a!.shape)) {
      throw new TsmlxError(api, `operand types differ: ${xs.map((n) => n.typeString).join(" vs ")}`);
    }
  }
}

function binaryPrim(
  name: string,
  api: string,
  accepts: (d: DType) => boolean,
  kinds: string,
  vjp?: VjpRule,
): Primitive<Attrs> {
  return {
    name,
    api,
    vjp,
    infer(xs) {
      sameTypes(api, xs);
      const [a] = xs;
      if (!accepts(a!.dtype)) {
        throw new TsmlxError(
          api,
          `needs ${kinds} operands, got ${xs.map((n) => n.typeString).join(" and ")}`,
        );
      }
      return { dtype: a!.dtype, shape: a!.shape };
    },
    lower(node, ctx) {
      emitOp(ctx, node);
    },
  };
}

const numeric = (d: DType) => d !== "bool";

/** rem(a, b) = a - b * trunc(a / b): d/da = 1, d/db = -trunc(a / b). */
const remVjp: VjpRule = (n, g) => {
  const [a, b] = n.operands as [Node, Node];
  const q = div(sub(a, n), b); // exactly trunc(a / b) up to rounding
  const t = mul(sign(q), floor(mul(sign(q), q)));
  return [g, neg(mul(g, t))];
};

/**
 * pow(a, b): d/da = b * a^(b-1) (0 where b is 0), d/db = a^b * log(a) (0 where a is 0, so
 * 0^b stays differentiable in b at the boundary as in JAX).
 */
const powVjp: VjpRule = (n, g) => {
  const [a, b] = n.operands as [Node, Node];
  const da = select(eq(b, 0), 0, mul(b, pow(a, sub(b, 1))));
  const db = mul(n, log(select(eq(a, 0), 1, a)));
  return [mul(g, da), mul(g, db)];
};

/**
 * max/min: the gradient goes to the operand that wins; on a tie it is split evenly (half
 * each), as in JAX. Where either operand is NaN, it goes to the second operand.
 */
function extremumVjp(n: Node, g: Node, dir: "GT" | "LT"): (Node | undefined)[] {
  const [a, b] = n.operands as [Node, Node];
  const wa = select(compare(a, b, dir), 1, mul(convert(eq(a, b), a.dtype), 0.5));
  return [mul(g, wa), mul(g, sub(1, wa))];
}
const boolOrInt = (d: DType) => d === "bool" || isInteger(d);

/** `stablehlo.add` (integers wrap). */
export const addPrim = binaryPrim("add", "add", numeric, "numeric", (_n, g) => [g, g]);
/** `stablehlo.subtract`. */
export const subPrim = binaryPrim("subtract", "sub", numeric, "numeric", (_n, g) => [g, neg(g)]);
/** `stablehlo.multiply`. */
export const mulPrim = binaryPrim("multiply", "mul", numeric, "numeric", (n, g) => [
  mul(g, n.operands[1]!),
  mul(g, n.operands[0]!),
]);
/** `stablehlo.divide`: integers truncate toward zero; x/0 is -1 (all ones unsigned); INT_MIN/-1 is INT_MIN. */
export const divPrim = binaryPrim("divide", "div", numeric, "numeric", (n, g) => [
  div(g, n.operands[1]!),
  neg(div(mul(g, n), n.operands[1]!)),
]);
/** `stablehlo.remainder`: the sign follows the dividend; integer x % 0 is x. */
export const remPrim = binaryPrim("remainder", "rem", numeric, "numeric", remVjp);
/** `stablehlo.power`: integer powers with a negative exponent are 0 except for bases 1 and -1. */
export const powPrim = binaryPrim("power", "pow", numeric, "numeric", powVjp);
/** `stablehlo.maximum` (NaN propagates). */
export const maxPrim = binaryPrim("maximum", "max", numeric, "numeric", (n, g) => extremumVjp(n, g, "GT"));
/** `stablehlo.minimum` (NaN propagates). */
export const minPrim = binaryPrim("minimum", "min", numeric, "numeric", (n, g) => extremumVjp(n, g, "LT"));
/** `stablehlo.and`: logical for bool, bitwise for integers. */
export const andPrim = binaryPrim("and", "and", boolOrInt, "bool or integer");
/** `stablehlo.or`. */
export const orPrim = binaryPrim("or", "or", boolOrInt, "bool or integer");
/** `stablehlo.xor`. */
export const xorPrim = binaryPrim("xor", "xor", boolOrInt, "bool or integer");

function apply2(p: Primitive<Attrs>, a: Operand, b: Operand): Node {
  const [x, y] = liftAndBroadcast(p.api, [a, b]);
  return x!.graph.apply(p, [x!, y!], {});
}

/** a + b, broadcasting. `add(x, 1)` */
export const add = (a: Operand, b: Operand): Node => apply2(addPrim, a, b);
/** a - b, broadcasting. `sub(x, y)` */
export const sub = (a: Operand, b: Operand): Node => apply2(subPrim, a, b);
/** a * b, broadcasting. `mul(x, 2)` */
export const mul = (a: Operand, b: Operand): Node => apply2(mulPrim, a, b);
/** a / b, broadcasting (integer division truncates). `div(x, y)` */
export const div = (a: Operand, b: Operand): Node => apply2(divPrim, a, b);
/** Remainder with the dividend's sign (like C's fmod and %). `rem(x, 3)` */
export const rem = (a: Operand, b: Operand): Node => apply2(remPrim, a, b);
/** a to the power b, broadcasting. `pow(x, 2)` */
export const pow = (a: Operand, b: Operand): Node => apply2(powPrim, a, b);
/** Elementwise maximum (NaN if either is NaN). `max(x, 0)` */
export const max = (a: Operand, b: Operand): Node => apply2(maxPrim, a, b);
/** Elementwise minimum (NaN if either is NaN). `min(x, 1)` */
export const min = (a: Operand, b: Operand): Node => apply2(minPrim, a, b);
/** Logical/bitwise and. `and(m1, m2)` */
export const and = (a: Operand, b: Operand): Node => apply2(andPrim, a, b);
/** Logical/bitwise or. `or(m1, m2)` */
export const or = (a: Operand, b: Operand): Node => apply2(orPrim, a, b);
/** Logical/bitwise exclusive or. `xor(m1, m2)` */
export const xor = (a: Operand, b: Operand): Node => apply2(xorPrim, a, b);

// ---------------------------------------------------------------- compare

/** Comparison directions. */
export type ComparisonDirection = "EQ" | "NE" | "LT" | "LE" | "GT" | "GE";

/** Attributes of compare. */
export interface CompareAttrs {
  readonly [k: string]: unknown;
  readonly direction: ComparisonDirection;
}

/** The comparison type StableHLO needs for a dtype: FLOAT, SIGNED, or UNSIGNED (also bool). `compareType("u8") === "UNSIGNED"` */
export function compareType(d: DType): "FLOAT" | "SIGNED" | "UNSIGNED" {
  if (isFloat(d)) return "FLOAT";
  if (d === "bool" || isUnsigned(d)) return "UNSIGNED";
  return "SIGNED";
}

/** `stablehlo.compare`: a bool result; any comparison with NaN is false except NE. */
export const comparePrim: Primitive<CompareAttrs> = {
  name: "compare",
  api: "compare",
  infer(xs, { direction }) {
    if (!["EQ", "NE", "LT", "LE", "GT", "GE"].includes(direction)) {
      throw new TsmlxError("compare", `unknown direction ${String(direction)}`);
    }
    sameTypes("compare", xs);
    return { dtype: "bool", shape: xs[0]!.shape };
  },
  lower(node, ctx) {
    const a = node.attributes as CompareAttrs;
    emitOp(ctx, node, [
      ["comparison_direction", `#stablehlo<comparison_direction ${a.direction}>`],
      ["compare_type", `#stablehlo<comparison_type ${compareType(node.operands[0]!.dtype)}>`],
    ]);
  },
};

const API: Record<ComparisonDirection, string> = {
  EQ: "eq",
  NE: "ne",
  LT: "lt",
  LE: "le",
  GT: "gt",
  GE: "ge",
};

/** Compares with a direction, broadcasting. `compare(x, 0, "GT")` */
export function compare(a: Operand, b: Operand, direction: ComparisonDirection): Node {
  const [x, y] = liftAndBroadcast(API[direction] ?? "compare", [a, b]);
  return x!.graph.apply(comparePrim, [x!, y!], { direction });
}

/** a == b. `eq(x, y)` */
export const eq = (a: Operand, b: Operand): Node => compare(a, b, "EQ");
/** a != b (true where either is NaN). `ne(x, y)` */
export const ne = (a: Operand, b: Operand): Node => compare(a, b, "NE");
/** a < b. `lt(x, 0)` */
export const lt = (a: Operand, b: Operand): Node => compare(a, b, "LT");
/** a <= b. `le(x, 0)` */
export const le = (a: Operand, b: Operand): Node => compare(a, b, "LE");
/** a > b. `gt(x, 0)` */
export const gt = (a: Operand, b: Operand): Node => compare(a, b, "GT");
/** a >= b. `ge(x, 0)` */
export const ge = (a: Operand, b: Operand): Node => compare(a, b, "GE");

// ---------------------------------------------------------------- select, clamp

/** `stablehlo.select`: picks `onTrue` where `pred` holds, else `onFalse`. */
export const selectPrim: Primitive<Attrs> = {
  name: "select",
  api: "select",
  infer([p, t, f]) {
    if (p!.dtype !== "bool") throw new TsmlxError("select", `predicate must be bool, got ${p!.typeString}`);
    sameTypes("select", [t!, f!]);
    if (!p!.shape.equals(t!.shape)) {
      throw new TsmlxError(
        "select",
        `predicate ${p!.typeString} and values ${t!.typeString} differ in shape`,
      );
    }
    return { dtype: t!.dtype, shape: t!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  vjp(node, g) {
    const p = node.operands[0]!;
    return [undefined, select(p, g, 0), select(p, 0, g)];
  },
};

/**
 * `pred ? onTrue : onFalse` elementwise; all three broadcast together; the values must share
 * a dtype (JS scalars adopt it). `select(gt(x, 0), x, 0)`
 */
export function select(pred: Operand, onTrue: Operand, onFalse: Operand): Node {
  const graph = graphOf("select", [pred, onTrue, onFalse]);
  const typed = [onTrue, onFalse].filter((v): v is Node | Tensor => v instanceof Node || v instanceof Tensor);
  if (typed.length === 0) {
    throw new TsmlxError("select", "needs onTrue or onFalse to be a node or tensor, to fix the result dtype");
  }
  const dtype = typed[0]!.dtype;
  if (typed.some((v) => v.dtype !== dtype)) {
    throw new TsmlxError(
      "select",
      `value dtypes differ: ${typed.map((v) => `${v.dtype}${v.shape}`).join(" vs ")}`,
    );
  }
  const t = lift("select", graph, onTrue, dtype);
  const f = lift("select", graph, onFalse, dtype);
  const p = lift("select", graph, pred, "bool");
  const [pb, tb, fb] = broadcastAll("select", [p, t, f]);
  return graph.apply(selectPrim, [pb!, tb!, fb!], {});
}

/** `stablehlo.clamp(min, x, max)`. */
export const clampPrim: Primitive<Attrs> = {
  name: "clamp",
  api: "clamp",
  infer(xs) {
    sameTypes("clamp", xs);
    if (xs[0]!.dtype === "bool")
      throw new TsmlxError("clamp", `needs numeric operands, got ${xs[0]!.typeString}`);
    return { dtype: xs[1]!.dtype, shape: xs[1]!.shape };
  },
  lower(node, ctx) {
    emitOp(ctx, node);
  },
  // x gets the gradient where lo <= x <= hi (ties go to x); lo where x < lo; hi where x > hi.
  vjp(node, g) {
    const [lo, x, hi] = node.operands as [Node, Node, Node];
    const below = lt(x, lo);
    const above = gt(x, hi);
    const inside = and(not(below), not(above));
    return [select(and(below, not(above)), g, 0), select(inside, g, 0), select(above, g, 0)];
  },
};

/**
 * Clamps `x` into `[lo, hi]` (StableHLO's operand order: min, x, max); broadcasting.
 * `clamp(0, x, 6)` is relu6
 */
export function clamp(lo: Operand, x: Operand, hi: Operand): Node {
  const nodes = liftAndBroadcast("clamp", [lo, x, hi]);
  return nodes[0]!.graph.apply(clampPrim, nodes, {});
}
