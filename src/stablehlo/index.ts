/**
 * StableHLO text: the module printer (`toStableHLO`) and the helpers a primitive's lowering
 * writes with (types, attributes, one op). Public as `tm.stablehlo`; `tm.toStableHLO` is flat.
 */
export * from "./emit.js";
export * from "./printer.js";
export * from "./text.js";
