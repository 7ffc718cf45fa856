/**
 * Projection nodes: result `i` of a multi-result node (see the module doc of ./primitive.ts).
 */
import { TsmlxError } from "../core/errors.js";
import type { Attributes, Inferred, Primitive } from "./primitive.js";

/** Attributes of a projection: which result it takes. */
export interface ResultAttrs extends Attributes {
  readonly index: number;
}

/**
 * Takes result `index` of a multi-result node. It emits no op: it is named `%5#1`.
 * Made by `node.result(i)`; autodiff routes its cotangent to the multi-result node.
 */
export const resultPrim: Primitive<ResultAttrs> = {
  name: "result",
  api: "result",
  infer([m], { index }): Inferred {
    const results = m!.results;
    if (!results) throw new TsmlxError("result", `${m!.typeString} ← ${m!.describeOp()} has a single result`);
    const r = results[index];
    if (!r)
      throw new TsmlxError("result", `${m!.describeOp()} has ${results.length} results, asked for #${index}`);
    return r;
  },
  lower(node, ctx) {
    ctx.alias(node, `${ctx.ref(node.operands[0]!)}#${String(node.attributes.index)}`);
  },
};
