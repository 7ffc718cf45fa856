/**
 * einsum for one or two operands, lowered to reduce-sum, dot_general and transpose.
 *
 * Supported: letters a-z/A-Z, each at most once per operand (no diagonals such as `ii`); one
 * `...` per operand for leading dims (aligned at the right; shared ones must have equal
 * sizes, there is no size-1 broadcasting; an output without `...` sums them); an explicit `->output` or the implicit one (the
 * `...` dims, then the letters used once in alphabetical order). A letter in both operands and in the output is a batch dim; in both but not the
 * output, a contracted dim; in one operand only and not the output, summed out first.
 */
import { TsmlxError } from "../core/errors.js";
import { Node } from "../graph/node.js";
import { dotGeneral } from "./dot.js";
import { reduceSum } from "./reduce.js";
import { transpose } from "./shaping.js";

/** Names for ellipsis dims: characters that are never letters (Greek α, β, ...). */
const ellipsisName = (k: number) => String.fromCharCode(0x3b1 + k);

function parse(spec: string, ranks: readonly number[]): { ins: string[]; out: string } {
  const n = ranks.length;
  const s = spec.replace(/\s+/g, "");
  const [lhs, out, extra] = s.split("->");
  if (extra !== undefined) throw new TsmlxError("einsum", `"${spec}" has more than one "->"`);
  const raw = lhs!.split(",");
  if (raw.length !== n) {
    throw new TsmlxError("einsum", `"${spec}" names ${raw.length} operands but got ${n}`);
  }
  if (n < 1 || n > 2) throw new TsmlxError("einsum", `supports 1 or 2 operands, got ${n}`);
  for (const t of [...raw, out ?? ""]) {
    if (!/^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/.test(t)) {
      throw new TsmlxError(
        "einsum",
        `"${spec}": subscripts must be letters and at most one "...", got "${t}"`,
      );
    }
    const letters = t.replace("...", "");
    if (new Set(letters).size !== letters.length) {
      throw new TsmlxError(
        "einsum",
        `"${spec}": repeated subscript in "${t}" (diagonals/traces) is not supported`,
      );
    }
  }
  // "..." stands for the leading dims not named by letters, aligned at the right.
  const counts = raw.map((t, i) => (t.includes("...") ? ranks[i]! - (t.length - 3) : 0));
  counts.forEach((c, i) => {
    if (c < 0)
      throw new TsmlxError(
        "einsum",
        `"${spec}": operand ${i} has rank ${ranks[i]}, fewer dims than "${raw[i]}" names`,
      );
  });
  const total = Math.max(0, ...counts);
  const names = (c: number) => Array.from({ length: c }, (_, k) => ellipsisName(total - c + k)).join("");
  const ins = raw.map((t, i) => t.replace("...", names(counts[i]!)));
  const all = ins.join("");
  const once = [...new Set(all)].filter((c) => all.indexOf(c) === all.lastIndexOf(c) && /[a-zA-Z]/.test(c));
  let o: string;
  if (out === undefined) o = names(total) + once.sort().join("");
  else o = out.replace("...", names(total)); // without "...", those dims are summed out
  for (const c of o) {
    if (!all.includes(c)) throw new TsmlxError("einsum", `"${spec}": output subscript ${c} is in no operand`);
  }
  return { ins, out: o };
}

/** Sums out the letters of `x` not in `keep`; returns the node and its remaining letters. */
function sumOut(x: Node, labels: string, keep: (c: string) => boolean): [Node, string] {
  const axes = [...labels].map((c, i) => (keep(c) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return [x, labels];
  return [reduceSum(x, axes), [...labels].filter((c) => keep(c)).join("")];
}

function permuteTo(x: Node, labels: string, out: string): Node {
  if (labels === out) return x;
  return transpose(
    x,
    [...out].map((c) => labels.indexOf(c)),
  );
}

/**
 * Einstein summation over one or two operands.
 * `einsum("bhqd,bhkd->bhqk", q, k)` is attention scores; `einsum("ij->ji", m)` a transpose
 */
export function einsum(spec: string, ...operands: Node[]): Node {
  for (const x of operands)
    if (!(x instanceof Node)) throw new TsmlxError("einsum", "operands must be graph nodes");
  const { ins, out } = parse(
    spec,
    operands.map((x) => x.rank),
  );
  operands.forEach((x, i) => {
    if (ins[i]!.length !== x.rank) {
      throw new TsmlxError(
        "einsum",
        `"${spec}": operand ${i} ${x.typeString} has rank ${x.rank}, subscripts "${ins[i]}"`,
      );
    }
  });
  const size = new Map<string, number>();
  operands.forEach((x, i) => {
    [...ins[i]!].forEach((c, k) => {
      const d = x.shape.dims[k]!;
      const prev = size.get(c);
      if (prev !== undefined && prev !== d) {
        throw new TsmlxError(
          "einsum",
          `"${spec}": subscript ${c} is ${prev} in one place and ${d} in another`,
        );
      }
      size.set(c, d);
    });
  });
  if (operands.length === 1) {
    const [x, labels] = sumOut(operands[0]!, ins[0]!, (c) => out.includes(c));
    return permuteTo(x, labels, out);
  }
  const [a0, b0] = operands as [Node, Node];
  const [la0, lb0] = ins as [string, string];
  const [a, la] = sumOut(a0, la0, (c) => out.includes(c) || lb0.includes(c));
  const [b, lb] = sumOut(b0, lb0, (c) => out.includes(c) || la.includes(c));
  const batch = [...la].filter((c) => lb.includes(c) && out.includes(c));
  const contract = [...la].filter((c) => lb.includes(c) && !out.includes(c));
  const r = dotGeneral(a, b, {
    lhsBatch: batch.map((c) => la.indexOf(c)),
    rhsBatch: batch.map((c) => lb.indexOf(c)),
    lhsContracting: contract.map((c) => la.indexOf(c)),
    rhsContracting: contract.map((c) => lb.indexOf(c)),
  });
  const rl = [
    ...batch,
    ...[...la].filter((c) => !lb.includes(c)),
    ...[...lb].filter((c) => !la.includes(c)),
  ].join("");
  return permuteTo(r, rl, out);
}
