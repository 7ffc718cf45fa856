/**
 * Turns a TypeScript cell into a script for the kernel's persistent global scope.
 *
 * esbuild strips the types (with a source map back to the cell). The JavaScript is then
 * rewritten, without adding or removing lines, so that the source map still holds:
 *   - `const/let/var` at top level become assignments to globals, so a re-run redeclares freely;
 *   - `class C` becomes `C = class C`, `function f` is published as a global at the start;
 *   - static `import` becomes an awaited call of the kernel's importer, and so does `import()`;
 *   - `export` disappears; the last expression statement (found in the TypeScript source, before
 *     esbuild folds or drops it) is passed to the kernel's `result` hook as the cell's value;
 *   - the whole is wrapped in a generator function whose top-level `await e` became `(yield e)`:
 *     the executor resumes it after each awaited value, every step inside vm's breakOnSigint, so
 *     an interrupt stops synchronous code between awaits too, and no step runs after it. A cell
 *     with a top-level `for await` is wrapped in an async function instead.
 */
import { transformSync } from "esbuild";
import type * as TS from "typescript";

type TSModule = typeof import("typescript");

import { SourceMap } from "./source_map.js";
import { typescript } from "./typescript.js";

/** The name of the global through which cell code reaches the kernel (imports). */
export const KERNEL_GLOBAL = "__tsmlxKernel";

/** A cell ready to run. */
export interface CompiledCell {
  /** The file name that stack traces show for this cell, e.g. `In[3]`. */
  filename: string;
  /** The cell as the user wrote it. */
  source: string;
  /** How the cell runs: `generator` (the script gives a generator to drive) or `async` (a promise). */
  mode: "generator" | "async";
  /** The script to evaluate; see `mode` for what it evaluates to. */
  script: string;
  /** Top-level names the cell binds; they must exist as globals before it runs. */
  names: string[];
  /** Maps esbuild's output positions to cell positions (see `scriptToEsbuildColumn`). */
  map: SourceMap;
  /** How many characters the wrapper adds in front of the cell's first line. */
  prefixLength: number;
  /** The single-line edits of the rewrite per line: where (esbuild column), and how long before and after. */
  shifts: Map<number, Shift[]>;
  /** Where the result hook's opening text was inserted into the source (zero-based), if it was. */
  resultInsert?: { line: number; column: number; length: number };
}

/** One in-line edit of the rewrite: at esbuild column `col`, `oldLen` characters became `newLen`. */
export interface Shift {
  col: number;
  oldLen: number;
  newLen: number;
}

/**
 * The column in esbuild's output of a column in the rewritten script (zero-based), undoing the
 * rewrite's in-line edits; a column inside inserted text maps to where the insertion was made.
 * @example scriptToEsbuildColumn(cell, 3, 12) // => 8 when `const ` became `;(` earlier on line 3
 */
export function scriptToEsbuildColumn(cell: CompiledCell, line: number, col: number): number {
  let shift = 0;
  for (const e of cell.shifts.get(line) ?? []) {
    const startHere = e.col + shift;
    if (col < startHere) break;
    if (col < startHere + e.newLen) return e.col + Math.min(col - startHere, e.oldLen);
    shift += e.newLen - e.oldLen;
  }
  return col - shift;
}

/** A syntax error in a cell, with the cell position esbuild reported. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly filename: string,
    readonly line: number,
    readonly column: number,
    readonly lineText: string,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const newlines = (s: string) => s.replace(/[^\n]/g, "");

/**
 * Transpiles one cell; throws CellSyntaxError when it does not parse.
 * @example compileCell("const x: number = 1\nx + 1", "In[1]").names // => ["x"]
 */
export function compileCell(source: string, filename: string, runId = 0): CompiledCell {
  const ts = typescript();
  const tsFile = ts.createSourceFile(
    `${filename}.ts`,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const lastStatement = tsFile.statements[tsFile.statements.length - 1];
  let input = source;
  let resultInsert: CompiledCell["resultInsert"];
  if (lastStatement && ts.isExpressionStatement(lastStatement)) {
    const start = lastStatement.expression.getStart(tsFile);
    const end = lastStatement.expression.end;
    const open = `${KERNEL_GLOBAL}.result(${runId}, (`;
    input = `${source.slice(0, start)}${open}${source.slice(start, end)}))${source.slice(end)}`;
    const lc = tsFile.getLineAndCharacterOfPosition(start);
    resultInsert = { line: lc.line, column: lc.character, length: open.length };
  }
  let js: string;
  let mapJson: string;
  try {
    const out = transformSync(input, {
      loader: "ts",
      format: "esm",
      target: "es2022",
      sourcemap: "external",
      sourcefile: filename,
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, experimentalDecorators: false } },
    });
    js = out.code;
    mapJson = out.map;
  } catch (e: any) {
    const first = e?.errors?.[0];
    if (!first) throw e;
    const loc = first.location ?? { line: 1, column: 0, lineText: "" };
    let column = loc.column;
    if (resultInsert && loc.line - 1 === resultInsert.line && column >= resultInsert.column) {
      column = Math.max(resultInsert.column, column - resultInsert.length);
    }
    const lineText = source.split("\n")[loc.line - 1] ?? loc.lineText ?? "";
    throw new CellSyntaxError(first.text, filename, loc.line, column, lineText);
  }
  const { script, names, prefixLength, shifts, mode } = rewrite(js, filename);
  return {
    filename,
    source,
    mode,
    script,
    names,
    map: new SourceMap(JSON.parse(mapJson).mappings),
    prefixLength,
    shifts,
    resultInsert,
  };
}

function bindingNames(ts: TSModule, name: TS.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    bindingNames(ts, el.name, into);
  }
}

function rewrite(
  js: string,
  filename: string,
): {
  script: string;
  names: string[];
  prefixLength: number;
  shifts: Map<number, Shift[]>;
  mode: CompiledCell["mode"];
} {
  const ts = typescript();
  // Parsed as a module, so that a top-level `await (x)` is an await, not a call of a function `await`.
  const asModule = (f: TS.SourceFile) => {
    (f as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
  };
  const sf = ts.createSourceFile(
    `${filename}.js`,
    js,
    { languageVersion: ts.ScriptTarget.Latest, setExternalModuleIndicator: asModule },
    true,
    ts.ScriptKind.JS,
  );
  const edits: Edit[] = [];
  // Top-level awaits: those not inside a nested function or class.
  const topAwaits: TS.AwaitExpression[] = [];
  let forAwait = false;
  const findAwaits = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) topAwaits.push(node);
    if (ts.isForOfStatement(node) && node.awaitModifier) forAwait = true;
    ts.forEachChild(node, findAwaits);
  };
  for (const st of sf.statements) findAwaits(st);
  const mode: CompiledCell["mode"] = forAwait ? "async" : "generator";
  const awaitText = (e: string) => (mode === "generator" ? `(yield ${e})` : `await ${e}`);
  if (mode === "generator") {
    for (const a of topAwaits) {
      const start = a.getStart(sf);
      edits.push({ start, end: start + "await".length, text: "(yield" });
      edits.push({ start: a.end, end: a.end, text: ")" });
    }
  }
  const names = new Set<string>();
  const hoisted: string[] = [];
  const replace = (node: TS.Node, text: string) => {
    const start = node.getStart(sf);
    edits.push({ start, end: node.end, text: text + newlines(js.slice(start, node.end)) });
  };
  const eraseModifiers = (node: TS.Node) => {
    const mods = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
    for (const m of mods) {
      if (m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) {
        edits.push({ start: m.getStart(sf), end: m.end, text: "" });
      }
    }
  };
  const statements = sf.statements;
  const K = KERNEL_GLOBAL;
  statements.forEach((st) => {
    if (ts.isImportDeclaration(st)) {
      const spec = (st.moduleSpecifier as TS.StringLiteral).text;
      const attrs = st.attributes
        ? `, { with: { ${st.attributes.elements.map((a) => `${a.name.getText(sf)}: ${a.value.getText(sf)}`).join(", ")} } }`
        : "";
      const call = awaitText(`${K}.import(${JSON.stringify(spec)}${attrs})`);
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) {
        replace(st, clause ? ";" : `${call};`);
        return;
      }
      const parts: string[] = [];
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.add(bindings.name.text);
        parts.push(`${bindings.name.text} = ${call}`);
        if (clause.name) {
          names.add(clause.name.text);
          parts.push(`${clause.name.text} = ${bindings.name.text}.default`);
        }
      } else {
        const props: string[] = [];
        if (clause.name) {
          names.add(clause.name.text);
          props.push(`default: ${clause.name.text}`);
        }
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.isTypeOnly) continue;
            names.add(el.name.text);
            const from = el.propertyName ? el.propertyName.getText(sf) : el.name.text;
            props.push(`${from}: ${el.name.text}`);
          }
        }
        parts.push(`{ ${props.join(", ")} } = ${call}`);
      }
      replace(st, `;(${parts.join(", ")});`);
    } else if (ts.isExportDeclaration(st)) {
      if (st.moduleSpecifier) {
        replace(
          st,
          `${awaitText(`${K}.import(${JSON.stringify((st.moduleSpecifier as TS.StringLiteral).text)})`)};`,
        );
      } else {
        replace(st, ";");
      }
    } else if (ts.isExportAssignment(st)) {
      const start = st.getStart(sf);
      const exprStart = st.expression.getStart(sf);
      edits.push({
        start,
        end: exprStart,
        text: ";(",
      });
      edits.push({ start: st.expression.end, end: st.expression.end, text: ")" });
    } else if (ts.isVariableStatement(st)) {
      eraseModifiers(st);
      const list = st.declarationList;
      const kw = list.getStart(sf);
      const firstDecl = list.declarations[0];
      if (!firstDecl) return;
      const isVar = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
      edits.push({ start: kw, end: firstDecl.getStart(sf), text: ";(" });
      for (const d of list.declarations) {
        bindingNames(ts, d.name, names);
        if (!d.initializer && !isVar) edits.push({ start: d.name.end, end: d.name.end, text: " = void 0" });
      }
      const lastDecl = list.declarations[list.declarations.length - 1]!;
      edits.push({ start: lastDecl.end, end: lastDecl.end, text: ")" });
    } else if (ts.isFunctionDeclaration(st)) {
      eraseModifiers(st);
      if (st.name) {
        hoisted.push(`globalThis[${JSON.stringify(st.name.text)}] = ${st.name.text};`);
      } else {
        edits.push({ start: st.getStart(sf), end: st.getStart(sf), text: ";(" });
        edits.push({ start: st.end, end: st.end, text: ");" });
      }
    } else if (ts.isClassDeclaration(st)) {
      eraseModifiers(st);
      const start = st.getStart(sf);
      if (st.name) {
        names.add(st.name.text);
        edits.push({ start, end: start, text: `;${st.name.text} = ` });
      } else {
        edits.push({ start, end: start, text: ";(" });
        edits.push({ start: st.end, end: st.end, text: ")" });
      }
      edits.push({ start: st.end, end: st.end, text: ";" });
    }
  });

  // `import(x)` and `import.meta` anywhere in the cell go through the kernel too.
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      edits.push({ start: node.expression.getStart(sf), end: node.expression.end, text: `${K}.import` });
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      edits.push({ start: node.getStart(sf), end: node.end, text: `${K}.meta` });
      return;
    }
    ts.forEachChild(node, visit);
  };
  for (const st of statements) {
    if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) visit(st);
  }

  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const fn = mode === "generator" ? "function*" : "async function";
  const prefix = `(${fn} () { "use strict"; ${hoisted.join(" ")} `;
  const shifts = new Map<number, Shift[]>([[0, [{ col: 0, oldLen: 0, newLen: prefix.length }]]]);
  let body = "";
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue; // overlapping edits cannot happen for top-level statements; be safe
    body += js.slice(at, e.start) + e.text;
    at = e.end;
    if (!js.slice(e.start, e.end).includes("\n") && !e.text.includes("\n")) {
      const lc = sf.getLineAndCharacterOfPosition(e.start);
      const list = shifts.get(lc.line) ?? [];
      list.push({ col: lc.character, oldLen: e.end - e.start, newLen: e.text.length });
      shifts.set(lc.line, list);
    }
  }
  body += js.slice(at);
  return { script: `${prefix}${body}\n})()`, names: [...names], prefixLength: prefix.length, shifts, mode };
}
