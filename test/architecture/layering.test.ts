/**
 * The layering of src/, checked on every import (value and type imports, re-exports and
 * dynamic imports) as TypeScript's own pre-processor reads them.
 *
 * LAYERS below is the one place the order is stated (README's layout section describes it):
 * a file may import files of its own directory and of layers below its own, nothing else.
 * Directories that share a layer are peers and do not import each other.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, normalize, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");

/** Layers from the bottom up; each entry lists the paths (directories end in `/`) in it. */
const LAYERS: readonly (readonly [name: string, paths: readonly string[]])[] = [
  ["core: dtype, shape, Tensor, errors, MIME bundles", ["src/core/"]],
  ["display: charts, image grids (core only)", ["src/display/"]],
  ["MLIR text: types, attributes, one op", ["src/stablehlo/text.ts", "src/stablehlo/emit.ts"]],
  ["graph: Graph, Node, Primitive, parameter/constant/projection", ["src/graph/"]],
  ["ops: primitives and composites", ["src/ops/"]],
  ["autodiff", ["src/autodiff/"]],
  ["lowering: Graph to a StableHLO module", ["src/stablehlo/"]],
  ["runtime: client, compiled-function core, exec, session, eager", ["src/runtime/"]],
  ["context: variables, hyperparameters, ctx.exec", ["src/context/"]],
  ["data, checkpoints, tokenizers", ["src/data/", "src/checkpoint/", "src/text/"]],
  ["layers, training, testing helpers", ["src/layers/", "src/train/", "src/testing/"]],
  ["models", ["src/models/"]],
  ["the public entry", ["src/index.ts"]],
  ["the notebook kernel", ["kernel/"]],
  ["the tsmlx command (an application over the library and the kernel)", ["src/cli/"]],
];

/** Imports that go against the order on purpose, each with its reason. */
const EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [
  {
    from: "src/graph/node.ts",
    to: "src/ops/fluent.ts",
    why: "Node's fluent methods (x.add(y)) build ops; the one upward edge, through one module",
  },
];

/** Only the compiled-function core lowers graphs: nothing else imports the printer. */
const LOWERING = "src/stablehlo/printer.ts";
const MAY_LOWER = ["src/runtime/compiled.ts", "src/stablehlo/index.ts"];

interface Import {
  readonly from: string;
  readonly to: string;
}

/** The layer index of a repository path and the path prefix that placed it (longest wins). */
function layerOf(path: string): { index: number; prefix: string } | undefined {
  let best: { index: number; prefix: string } | undefined;
  LAYERS.forEach(([, paths], index) => {
    for (const p of paths) {
      const hit = p.endsWith("/") ? path.startsWith(p) : path === p;
      if (hit && (!best || p.length > best.prefix.length)) best = { index, prefix: p };
    }
  });
  return best;
}

/** The directory a path counts as its own (for a file placed by name: that file's directory). */
function unitOf(path: string): string {
  return dirname(path);
}

/** What is wrong with a set of imports: one line per import against the layering. */
function layeringProblems(imports: readonly Import[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of imports) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!a) {
      problems.push(`${from} is in no layer: add its directory to LAYERS`);
      continue;
    }
    if (!b) {
      problems.push(`${from} imports ${to}, which is in no layer`);
      continue;
    }
    if (EXCEPTIONS.some((e) => e.from === from && e.to === to)) continue;
    if (to === LOWERING && !MAY_LOWER.includes(from)) {
      problems.push(
        `${from} imports ${to}: only the compiled-function core (src/runtime/compiled.ts) lowers graphs`,
      );
    }
    if (unitOf(from) === unitOf(to) && a.index === b.index) continue;
    if (b.index < a.index) continue;
    const what = b.index === a.index ? "a peer in its own layer" : "a layer above it";
    problems.push(`${from} (${LAYERS[a.index]![0]}) imports ${to} (${LAYERS[b.index]![0]}): ${what}`);
  }
  return problems;
}

const root = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!statSync(join(dir, "package.json"), { throwIfNoEntry: false })) dir = dirname(dir);
  return dir;
})();

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import of every file under src/, as repository paths of .ts files. */
function srcImports(): Import[] {
  return sourceFiles("src").flatMap((from) => {
    const info = ts.preProcessFile(readFileSync(join(root, from), "utf8"), true, true);
    return info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => ({
        from,
        to: relative(root, normalize(join(root, dirname(from), name))).replace(/\.js$/, ".ts"),
      }));
  });
}

test("every import in src/ goes down the declared layers (or stays in its directory)", () => {
  const imports = srcImports();
  assert.ok(imports.length > 300, `read ${imports.length} imports`);
  assert.deepEqual(layeringProblems(imports), []);
});

test("every exception to the layering still occurs (a stale one is removed)", () => {
  const imports = srcImports();
  for (const e of EXCEPTIONS) {
    assert.ok(
      imports.some((i) => i.from === e.from && i.to === e.to),
      `${e.from} → ${e.to} no longer occurs: remove it from EXCEPTIONS`,
    );
  }
});

test("the checker flags an upward import, a peer import, a stray lowering and a file in no layer", () => {
  assert.deepEqual(layeringProblems([{ from: "src/core/tensor.ts", to: "src/core/shape.ts" }]), []);
  assert.deepEqual(layeringProblems([{ from: "src/train/trainer.ts", to: "src/runtime/compiled.ts" }]), []);
  const problems = layeringProblems([
    { from: "src/core/tensor.ts", to: "src/display/image.ts" },
    { from: "src/graph/graph.ts", to: "src/runtime/client.ts" },
    { from: "src/train/trainer.ts", to: "src/layers/dense.ts" },
    { from: "src/models/gemma.ts", to: "src/stablehlo/printer.ts" },
    { from: "src/stablehlo/emit.ts", to: "src/stablehlo/printer.ts" },
    { from: "src/widgets/w.ts", to: "src/core/tensor.ts" },
  ]);
  assert.equal(problems.length, 7, problems.join("\n"));
  assert.match(
    problems[0]!,
    /src\/core\/tensor\.ts \(core.*\) imports src\/display\/image\.ts \(display.*\): a layer above it/,
  );
  assert.match(
    problems[1]!,
    /src\/graph\/graph\.ts .* imports src\/runtime\/client\.ts .*: a layer above it/,
  );
  assert.match(
    problems[2]!,
    /src\/train\/trainer\.ts .* imports src\/layers\/dense\.ts .*: a peer in its own layer/,
  );
  assert.match(
    problems[3]!,
    /src\/models\/gemma\.ts imports src\/stablehlo\/printer\.ts: only the compiled-function core/,
  );
  assert.match(problems[4]!, /only the compiled-function core/);
  assert.match(
    problems[5]!,
    /src\/stablehlo\/emit\.ts \(MLIR text.*\) imports src\/stablehlo\/printer\.ts \(lowering.*\): a layer above it/,
  );
  assert.match(problems[6]!, /src\/widgets\/w\.ts is in no layer/);
});
