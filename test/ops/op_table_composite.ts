/**
 * Op-table rows of composite ops (functions of primitives): values against a plain-TS
 * reference, golden lowering, and a gradient check.
 */
import type { OpCase } from "./op_table.js";

const cases: OpCase[] = [];

/** The composite rows of the op table. */
export const COMPOSITE_CASES: readonly OpCase[] = cases;
