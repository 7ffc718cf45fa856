/**
 * The package entry (src/index.ts) and the shape of the public API, read from the sources with
 * TypeScript's own checker, so that types count as well as values:
 * - the everyday surface is flat; primitives are `tm.lax`, the MLIR text helpers `tm.stablehlo`;
 * - every name a file of src/ exports is public exactly once (flat or in one namespace), or is
 *   plumbing between modules listed in PLUMBING with its reason;
 * - no primitive and no lowering internal is flat;
 * - every exported function has a doc comment with a one-line example.
 * Each checker is a function of what it reads, and a test gives it a case it must flag.
 */
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";
import * as tm from "../src/index.js";

const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");

const root = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!statSync(join(dir, "package.json"), { throwIfNoEntry: false })) dir = dirname(dir);
  return dir;
})();

/**
 * Exports of src/ files that no public name reaches, on purpose: plumbing between modules.
 * Keyed by file; an entry that becomes public, or no longer exists, is an error (no stale lines).
 */
const PLUMBING: Readonly<Record<string, { readonly why: string; readonly names: readonly string[] }>> = {
  "src/core/dtype.ts": {
    why: "the dtype table's MLIR and PJRT columns, read by the MLIR text helpers and the runtime",
    names: ["dtypeFromPjrt", "mlirElementType", "pjrtBufferType"],
  },
  "src/core/elements.ts": {
    why: "element access below readElement/storedValue",
    names: ["readNumber", "toF32RoundToOdd", "writeElement"],
  },
  "src/core/format.ts": {
    why: "number formatting inside Tensor.toString",
    names: ["EDGE_ITEMS", "SUMMARIZE_THRESHOLD", "shortestDecimal", "shownIndices"],
  },
  "src/graph/primitive.ts": { why: "the autodiff engine handed to control-flow VJPs", names: ["Autodiff"] },
  "src/ops/operand.ts": {
    why: "lifting and broadcasting inside the op families",
    names: [
      "broadcastAll",
      "broadcastToShape",
      "lift",
      "liftAndBroadcast",
      "liftSameDType",
      "normAxis",
      "zerosOf",
    ],
  },
  "src/ops/region.ts": {
    why: "tracing, lowering and replaying the regions of control-flow ops",
    names: ["Body", "lowerRegion", "replayRegion", "traceRegion", "typeOf"],
  },
  "src/checkpoint/checkpoint.ts": {
    why: "reading files inside a checkpoint directory",
    names: ["readConfined"],
  },
  "src/context/initializers.ts": {
    why: "the seed of a variable's initializer from its path",
    names: ["hashString"],
  },
  "src/data/download.ts": {
    why: "the CIFAR-10 download's fetch and the archive's published size and MD5",
    names: ["CIFAR10_ARCHIVE_BYTES", "CIFAR10_MD5", "DownloadFileOptions", "downloadFile"],
  },
  "src/data/idx.ts": { why: "the IDX reader's header and gzip sniffing", names: ["idxHeader", "isGzip"] },
  "src/data/tar.ts": {
    why: "the tar reader of the CIFAR-10 download",
    names: ["TarEntry", "TarHandlers", "TarReader"],
  },
  "src/runtime/addon.ts": {
    why: "the native addon and its handle types, wrapped by Client",
    names: [
      "NamedValue",
      "NativeAddon",
      "NativeBuffer",
      "NativeClient",
      "NativeDevice",
      "NativeExecutable",
      "NativePlugin",
      "loadAddon",
      "packageRoot",
    ],
  },
  "src/runtime/cancel.ts": {
    why: "launch ids and deadlines inside exec",
    names: ["checkStopOptions", "launchId", "stoppable"],
  },
  "src/runtime/exec.ts": {
    why: "argument and result handling inside exec",
    names: ["callableOf", "splitOutputs", "toValue"],
  },
  "src/runtime/system_libs.ts": {
    why: "the missing-library report of the runtime's load and of `tsmlx check`",
    names: [
      "DEBIAN_PACKAGES",
      "LibraryProblem",
      "OPENED_AT_RUN_TIME",
      "librariesNamedIn",
      "libraryProblems",
      "libraryReport",
      "loadFailureHint",
      "missingOpenedLibraries",
      "platformProblem",
      "withOpened",
    ],
  },
};

/** Names public twice on purpose: the module printer is flat and in tm.stablehlo. */
const ALSO_FLAT: readonly string[] = ["stablehlo.StableHLOOptions", "stablehlo.toStableHLO"];

/** Lowering internals named in the API's design; none may be flat. */
const LOWERING_INTERNALS = [
  "LowerContext",
  "Primitive",
  "attrDict",
  "compareType",
  "denseAttr",
  "elementLiteral",
  "emitOp",
  "floatDecimal",
  "floatHex",
  "i64Array",
  "i64Attr",
  "mlirElementType",
  "nodeType",
  "resultType",
  "scalarConstant",
  "symbolName",
  "tensorType",
];

/** One exported name of one src/ file. */
interface ModuleExport {
  readonly file: string;
  readonly name: string;
  /** The public names that reach it: "add", "lax.addPrim", "layers.dense". */
  readonly paths: readonly string[];
}

/** What is wrong with the exports: unexported names, names public twice, stale plumbing. */
function exportProblems(
  exports: readonly ModuleExport[],
  plumbing: typeof PLUMBING,
  alsoFlat: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const e of exports) {
    const listed = plumbing[e.file]?.names.includes(e.name) ?? false;
    if (e.paths.length === 0 && !listed) {
      problems.push(
        `${e.file}: ${e.name} is not exported from src/index.ts (add it to a barrel, or to PLUMBING)`,
      );
    }
    if (e.paths.length > 0 && listed)
      problems.push(`${e.file}: ${e.name} is public as ${e.paths[0]}: not plumbing`);
    const twice = e.paths.filter((p) => !alsoFlat.includes(p));
    if (e.paths.length > 1 && twice.length > 1) {
      problems.push(`${e.file}: ${e.name} is public ${e.paths.length} times: ${e.paths.join(", ")}`);
    }
  }
  for (const [file, { names }] of Object.entries(plumbing)) {
    for (const name of names) {
      if (!exports.some((e) => e.file === file && e.name === name)) {
        problems.push(`${file}: ${name} is in PLUMBING but the file does not export it`);
      }
    }
  }
  return problems;
}

/** A flat public name, the file that declares it, and its value (undefined for a type). */
interface FlatName {
  readonly name: string;
  readonly file: string;
  readonly value: unknown;
}

/** Primitives and lowering internals among the flat names. */
function flatInternals(flat: readonly FlatName[], namespaced: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const { name, file, value } of flat) {
    const isPrimitive =
      typeof value === "object" && value !== null && "infer" in value && "lower" in value && "name" in value;
    if (name.endsWith("Prim") || isPrimitive)
      problems.push(`${name} (${file}) is a primitive: export it in tm.lax`);
    else if (LOWERING_INTERNALS.includes(name)) problems.push(`${name} (${file}) is a lowering internal`);
    else if (namespaced.has(name)) problems.push(`${name} (${file}) is flat and in tm.lax or tm.stablehlo`);
  }
  return problems;
}

/** A program of src/ (every file, so that unreferenced exports are seen too). */
function srcProgram(): TS.Program {
  const files = (function walk(dir: string): string[] {
    return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [join(root, dir, e.name)] : [],
    );
  })("src");
  return ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    types: ["node"],
    noEmit: true,
  });
}

/** Every public name of an entry file by the symbol it names, walking `export * as ns` namespaces. */
function publicPaths(program: TS.Program, entry: string): Map<TS.Symbol, string[]> {
  const checker = program.getTypeChecker();
  const paths = new Map<TS.Symbol, string[]>();
  const walk = (module: TS.Symbol, prefix: string) => {
    for (const s of checker.getExportsOfModule(module)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      if (target.declarations?.some(ts.isSourceFile)) {
        walk(target, `${prefix}${s.name}.`);
        continue;
      }
      paths.set(target, [...(paths.get(target) ?? []), `${prefix}${s.name}`]);
    }
  };
  walk(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!, "");
  return paths;
}

/** The repository path of the file that declares a symbol. */
function fileOf(s: TS.Symbol): string {
  return relative(root, s.declarations![0]!.getSourceFile().fileName);
}

/** The exports each src/ file declares itself (barrels, lax.ts and the tsmlx command left out). */
function moduleExports(program: TS.Program, paths: Map<TS.Symbol, string[]>): ModuleExport[] {
  const checker = program.getTypeChecker();
  const out: ModuleExport[] = [];
  for (const sf of program.getSourceFiles()) {
    const file = relative(root, sf.fileName);
    if (!file.startsWith("src/") || file.startsWith("src/cli/") || /\/(index|lax)\.ts$/.test(file)) continue;
    const module = checker.getSymbolAtLocation(sf);
    if (!module || file === "src/index.ts") continue;
    for (const s of checker.getExportsOfModule(module)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      if (fileOf(target) !== file) continue; // a re-export: counted where it is declared
      out.push({ file, name: s.name, paths: paths.get(target) ?? [] });
    }
  }
  return out;
}

/** Whether a symbol is a function: a function declaration, or a const bound to a function. */
function isFunction(checker: TS.TypeChecker, s: TS.Symbol): boolean {
  const d = s.valueDeclaration;
  if (!d) return false;
  if (ts.isFunctionDeclaration(d)) return true;
  if (!ts.isVariableDeclaration(d) || !d.initializer) return false;
  const init = d.initializer;
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return true;
  return ts.isIdentifier(init) && checker.getTypeOfSymbolAtLocation(s, d).getCallSignatures().length > 0;
}

/** Public functions without a doc comment, or whose comment has no example (`code` or @example). */
function undocumentedFunctions(program: TS.Program, paths: Map<TS.Symbol, string[]>): string[] {
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const [s, names] of paths) {
    if (!isFunction(checker, s)) continue;
    const doc = ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
    const example = /`[^`]+`/.test(doc) || s.getJsDocTags(checker).some((t) => t.name === "example");
    if (!doc) problems.push(`${names[0]} (${fileOf(s)}) has no doc comment`);
    else if (!example) problems.push(`${names[0]} (${fileOf(s)}) has no example in its doc comment`);
  }
  return problems.sort();
}

const program = srcProgram();
const ENTRY = join(root, "src", "index.ts");
const paths = publicPaths(program, ENTRY);

test("the public entry exports core, graph, ops, lowering, display, runtime and training flat", () => {
  for (const name of [
    "Shape",
    "Tensor",
    "tensor",
    "TsmlxError",
    "Graph",
    "Node",
    "add",
    "matmul",
    "dotGeneral",
    "reduceSum",
    "select",
    "toStableHLO",
    "JUPYTER_DISPLAY",
    "exec",
    "DeviceArray",
    "session",
    "Trainer",
    "Loop",
    "TrainingCurves",
    "adam",
    "softmaxCrossEntropy",
  ]) {
    assert.ok(name in tm, `tsmlx exports ${name}`);
  }
  for (const ns of [tm.lax, tm.layers, tm.models, tm.stablehlo, tm.text]) assert.equal(typeof ns, "object");
});

test("a graph built through the public entry runs through exec", async () => {
  const f = tm.exec((a: tm.Node, b: tm.Node) => tm.add(a, b).mul(2));
  const out = await f([1, 2], [3, 4]);
  const t = await out.toTensor();
  out.dispose();
  assert.deepEqual(t.toArray(), [8, 12]);
  assert.equal(t.dtype, "f32");
});

test("every name src/ exports is public once (flat or in one namespace), or is listed plumbing", () => {
  const exports = moduleExports(program, paths);
  assert.ok(exports.length > 500, `read only ${exports.length} exports`);
  assert.deepEqual(exportProblems(exports, PLUMBING, ALSO_FLAT), []);
});

test("the export check flags a name no barrel exports, a name public twice and stale plumbing", () => {
  const plumbing = { "src/a.ts": { why: "test", names: ["gone", "shown"] } };
  const problems = exportProblems(
    [
      { file: "src/a.ts", name: "lost", paths: [] },
      { file: "src/a.ts", name: "twice", paths: ["twice", "lax.twice"] },
      { file: "src/a.ts", name: "shown", paths: ["shown"] },
      { file: "src/b.ts", name: "printer", paths: ["printer", "stablehlo.printer"] },
    ],
    plumbing,
    ["stablehlo.printer"],
  );
  assert.deepEqual(problems, [
    "src/a.ts: lost is not exported from src/index.ts (add it to a barrel, or to PLUMBING)",
    "src/a.ts: twice is public 2 times: twice, lax.twice",
    "src/a.ts: shown is public as shown: not plumbing",
    "src/a.ts: gone is in PLUMBING but the file does not export it",
  ]);
});

test("no primitive and no lowering internal is exported flat; they are in tm.lax and tm.stablehlo", () => {
  const flat: FlatName[] = [];
  const namespaced = new Set<string>();
  for (const [s, names] of paths) {
    for (const name of names) {
      const [head, rest] = name.split(".", 2);
      if (rest === undefined)
        flat.push({ name, file: fileOf(s), value: (tm as Record<string, unknown>)[name] });
      else if ((head === "lax" || head === "stablehlo") && !ALSO_FLAT.includes(name)) namespaced.add(rest);
    }
  }
  assert.ok(flat.length > 300, `only ${flat.length} flat names`);
  assert.deepEqual(flatInternals(flat, namespaced), []);
  const prims = Object.entries(tm.lax).filter(([name]) => name.endsWith("Prim"));
  assert.ok(prims.length >= 60, `tm.lax holds only ${prims.length} primitives`);
  for (const [name, p] of prims) {
    assert.ok(typeof p === "object" && "infer" in p && "lower" in p, `tm.lax.${name} is a primitive`);
  }
  for (const name of ["emitOp", "denseAttr", "floatDecimal", "i64Array", "tensorType", "nodeType"]) {
    assert.equal(typeof (tm.stablehlo as Record<string, unknown>)[name], "function", `tm.stablehlo.${name}`);
  }
  assert.equal(tm.toStableHLO, tm.stablehlo.toStableHLO);
});

test("the flat check flags a primitive by name and by shape, a lowering internal and a namespaced name", () => {
  const prim = { name: "negate", infer: () => undefined, lower: () => undefined };
  const problems = flatInternals(
    [
      { name: "negatePrim", file: "src/ops/unary.ts", value: prim },
      { name: "negation", file: "src/ops/unary.ts", value: prim },
      { name: "emitOp", file: "src/stablehlo/emit.ts", value: () => undefined },
      { name: "graphOf", file: "src/ops/operand.ts", value: () => undefined },
      { name: "neg", file: "src/ops/unary.ts", value: () => undefined },
    ],
    new Set(["graphOf"]),
  );
  assert.deepEqual(problems, [
    "negatePrim (src/ops/unary.ts) is a primitive: export it in tm.lax",
    "negation (src/ops/unary.ts) is a primitive: export it in tm.lax",
    "emitOp (src/stablehlo/emit.ts) is a lowering internal",
    "graphOf (src/ops/operand.ts) is flat and in tm.lax or tm.stablehlo",
  ]);
});

test("every exported function, flat or in a namespace, has a doc comment with an example", () => {
  const functions = [...paths.keys()].filter((s) => isFunction(program.getTypeChecker(), s));
  assert.ok(functions.length > 250, `found only ${functions.length} public functions`);
  assert.deepEqual(undocumentedFunctions(program, paths), []);
});

test("the doc check flags a function without a comment and one whose comment has no example", () => {
  const file = join(root, "src", "__doc_check__.ts");
  const text = [
    "/** Adds one. `inc(1) === 2` */ export function inc(x: number) { return x + 1; }",
    "/** Doubles. @example twice(2) // 4 */ export const twice = (x: number) => 2 * x;",
    "/** Halves. */ export const half = (x: number) => x / 2;",
    "export function bare() {}",
    "/** A number, not a function. */ export const answer = 42;",
  ].join("\n");
  const host = ts.createCompilerHost({});
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version);
  const probe = ts.createProgram([file], { noEmit: true, types: [] }, host);
  assert.deepEqual(undocumentedFunctions(probe, publicPaths(probe, file)), [
    "bare (src/__doc_check__.ts) has no doc comment",
    "half (src/__doc_check__.ts) has no example in its doc comment",
  ]);
});
