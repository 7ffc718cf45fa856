/**
 * Completion and inspection through the TypeScript language service, over every cell
 * run so far plus the code being edited, so names from earlier cells and imported
 * modules (`tm.` after `import * as tm from "tsmlx"`) complete with their types and docs.
 */
import { dirname, join } from "node:path";
import type * as TS from "typescript";
import { CELL_API_DECLARATIONS } from "./cell_api.js";
import { REPO_ROOT } from "./exec/importer.js";
import { typescript } from "./exec/typescript.js";

/** A complete_reply's content. */
export interface Completion {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

/** An inspect_reply's data part. */
export interface Inspection {
  found: boolean;
  data: Record<string, string>;
}

/**
 * The node_modules/@types folders of `dir` and of every folder above it, where TypeScript looks
 * by default: an installed tsmlx finds @types/node hoisted beside it in the project's node_modules.
 */
function typeRootsFrom(dir: string): string[] {
  const roots: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    roots.push(join(d, "node_modules", "@types"));
    if (dirname(d) === d) return roots;
  }
}

const IDENT_CHAR = /[\p{L}\p{N}_$]/u;

/** One type error in a cell (line and column 1-based). */
export interface CellTypeError {
  line: number;
  column: number;
  code: number;
  message: string;
}

/** Diagnostics that re-running or redefining a cell's declarations causes on purpose. */
const REDECLARATION_CODES = new Set([2300, 2323, 2393, 2451, 2528, 2567]);

/**
 * A language service over the session's cells.
 * @example const ls = new CellLanguage(process.cwd()); ls.addCell("const abc = 1"); ls.complete("ab", 2).matches // => ["abc", ...]
 */
export class CellLanguage {
  private readonly cells: string[] = [];
  private prelude = "";
  private current = "";
  private version = 0;
  private readonly cellsFile: string;
  private readonly apiFile: string;
  private service: TS.LanguageService | undefined;

  constructor(readonly dir: string) {
    this.cellsFile = join(dir, "__tsmlx_cells__.ts");
    this.apiFile = join(dir, "__tsmlx_kernel_api__.d.ts");
  }

  /** Adds a cell that ran; an identical earlier cell is replaced (re-runs do not pile up). */
  addCell(source: string): void {
    const at = this.cells.indexOf(source);
    if (at >= 0) this.cells.splice(at, 1);
    this.cells.push(source);
    this.prelude = this.cells.map((c) => `${c}\n;\n`).join("");
  }

  private ls(): TS.LanguageService {
    if (this.service) return this.service;
    const ts = typescript();
    const options: TS.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2023.d.ts"],
      types: ["node"],
      typeRoots: [...new Set([...typeRootsFrom(this.dir), ...typeRootsFrom(REPO_ROOT)])],
      strict: false,
      skipLibCheck: true,
      allowJs: true,
      checkJs: false,
      esModuleInterop: true,
      allowImportingTsExtensions: true,
      noEmit: true,
    };
    const tsmlxTypes = join(REPO_ROOT, "dist", "src", "index.d.ts");
    const text = (f: string) =>
      f === this.cellsFile
        ? this.prelude + this.current
        : f === this.apiFile
          ? CELL_API_DECLARATIONS
          : undefined;
    const moduleHost: TS.ModuleResolutionHost = {
      fileExists: (f) => text(f) !== undefined || ts.sys.fileExists(f),
      readFile: (f) => text(f) ?? ts.sys.readFile(f),
      directoryExists: (d) => ts.sys.directoryExists(d),
      getDirectories: (d) => ts.sys.getDirectories(d),
      realpath: ts.sys.realpath,
    };
    const cache = ts.createModuleResolutionCache(this.dir, (s) => s, options);
    const resolveOne = (name: string, containing: string): TS.ResolvedModuleWithFailedLookupLocations => {
      if (name === "tsmlx" && ts.sys.fileExists(tsmlxTypes)) {
        return {
          resolvedModule: {
            resolvedFileName: tsmlxTypes,
            extension: ts.Extension.Dts,
            isExternalLibraryImport: false,
          },
        };
      }
      const here = ts.resolveModuleName(name, containing, options, moduleHost, cache);
      if (here.resolvedModule || containing.startsWith(REPO_ROOT)) return here;
      // Packages the kernel itself carries (esbuild, zeromq ...) are importable from any notebook.
      return ts.resolveModuleName(name, join(REPO_ROOT, "index.ts"), options, moduleHost, cache);
    };
    const host: TS.LanguageServiceHost = {
      getScriptFileNames: () => [this.apiFile, this.cellsFile],
      getScriptVersion: (f) => (f === this.cellsFile ? String(this.version) : "0"),
      getScriptSnapshot: (f) => {
        const t = text(f) ?? (ts.sys.fileExists(f) ? ts.sys.readFile(f) : undefined);
        return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t);
      },
      getCurrentDirectory: () => this.dir,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: moduleHost.fileExists,
      readFile: moduleHost.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: moduleHost.directoryExists,
      getDirectories: moduleHost.getDirectories,
      realpath: ts.sys.realpath,
      resolveModuleNameLiterals: (literals, containing) =>
        literals.map((l) => resolveOne(l.text, containing)),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
    return this.service;
  }

  private withCode<T>(code: string, f: (ls: TS.LanguageService, offset: number) => T): T {
    this.current = `${code}\n;export {};\n`;
    this.version++;
    return f(this.ls(), this.prelude.length);
  }

  /** Completions at a cursor in `code`. */
  complete(code: string, cursor: number): Completion {
    let start = cursor;
    while (start > 0 && IDENT_CHAR.test(code[start - 1]!)) start--;
    const prefix = code.slice(start, cursor);
    const entries = this.withCode(code, (ls, offset) => {
      const info = ls.getCompletionsAtPosition(this.cellsFile, offset + cursor, {
        includeCompletionsForModuleExports: false,
        includeCompletionsWithInsertText: false,
      });
      return info?.entries ?? [];
    });
    const matching = entries
      .filter((e) => e.name.startsWith(prefix) && !e.name.startsWith("__tsmlx"))
      .sort((a, b) =>
        a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : a.name.localeCompare(b.name),
      );
    const seen = new Set<string>();
    const unique = matching.filter((e) => !seen.has(e.name) && seen.add(e.name));
    return {
      matches: unique.map((e) => e.name),
      cursor_start: start,
      cursor_end: cursor,
      metadata: {
        _jupyter_types_experimental: unique.map((e) => ({ start, end: cursor, text: e.name, type: e.kind })),
      },
    };
  }

  /**
   * Type errors in `code` read as the cell after those run so far, for warnings. Complaints about
   * names declared again (re-running a cell redeclares on purpose) are left out.
   */
  typeErrors(code: string): CellTypeError[] {
    const ts = typescript();
    return this.withCode(code, (ls, offset) => {
      const out: CellTypeError[] = [];
      for (const d of ls.getSemanticDiagnostics(this.cellsFile)) {
        if (d.start === undefined || d.start < offset || d.start > offset + code.length) continue;
        if (d.category !== ts.DiagnosticCategory.Error || REDECLARATION_CODES.has(d.code)) continue;
        const before = code.slice(0, d.start - offset).split("\n");
        out.push({
          line: before.length,
          column: before[before.length - 1]!.length + 1,
          code: d.code,
          message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        });
      }
      return out;
    });
  }

  /** What is known about the name at (or just before) the cursor: its type and doc comment. */
  inspect(code: string, cursor: number): Inspection {
    const ts = typescript();
    return this.withCode(code, (ls, offset): Inspection => {
      let info: TS.QuickInfo | undefined;
      for (const at of [cursor, cursor - 1]) {
        if (at < 0) continue;
        info = ls.getQuickInfoAtPosition(this.cellsFile, offset + at);
        if (info) break;
      }
      if (!info) return { found: false, data: {} };
      const signature = ts.displayPartsToString(info.displayParts);
      const doc = ts.displayPartsToString(info.documentation);
      const tags = (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim());
      const plain = [signature, doc, ...tags].filter((s) => s !== "").join("\n\n");
      const markdown = [`\`\`\`typescript\n${signature}\n\`\`\``, doc, ...tags.map((t) => `*${t}*`)]
        .filter((s) => s !== "")
        .join("\n\n");
      return { found: true, data: { "text/plain": plain, "text/markdown": markdown } };
    });
  }
}
