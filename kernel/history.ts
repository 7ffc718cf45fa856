/**
 * The input history of this kernel's cells, for history_request (tail, range, search).
 * Lives in memory: a restarted kernel starts a new session number.
 */

/** One executed cell. */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

/** A history_request's content. */
export interface HistoryQuery {
  hist_access_type: "tail" | "range" | "search";
  output?: boolean;
  raw?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

/** A history_reply row: [session, line, input] or [session, line, [input, output]]. */
export type HistoryRow = [number, number, string | [string, string | null]];

/**
 * Translates a glob (`*`, `?`, `[...]`, as IPython's history search uses) to a RegExp.
 * @example globToRegExp("a*b").test("axxb") // => true
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * The history store.
 * @example const h = new History(1); h.add(1, "1 + 1"); h.query({ hist_access_type: "tail", n: 1 })
 */
export class History {
  private readonly entries: HistoryEntry[] = [];

  constructor(readonly session: number) {}

  /** Records a cell; its output can be set later. */
  add(line: number, input: string): HistoryEntry {
    const e: HistoryEntry = { session: this.session, line, input, output: null };
    this.entries.push(e);
    return e;
  }

  /** The rows a history_request asks for. */
  query(q: HistoryQuery): HistoryRow[] {
    let rows: HistoryEntry[];
    if (q.hist_access_type === "tail") {
      rows = this.entries.slice(-(q.n ?? 10));
    } else if (q.hist_access_type === "range") {
      const session = q.session ?? 0;
      // Session 0 (and negative offsets from it) mean this session, as in IPython.
      if (session !== this.session && session > 0) return [];
      const start = q.start ?? 1;
      const stop = q.stop ?? Number.POSITIVE_INFINITY;
      rows = this.entries.filter((e) => e.line >= start && e.line < stop);
    } else {
      const re = globToRegExp(q.pattern ?? "*");
      rows = this.entries.filter((e) => re.test(e.input));
      if (q.unique) {
        const seen = new Set<string>();
        const kept: HistoryEntry[] = [];
        for (let i = rows.length - 1; i >= 0; i--) {
          const e = rows[i]!;
          if (!seen.has(e.input)) {
            seen.add(e.input);
            kept.unshift(e);
          }
        }
        rows = kept;
      }
      if (q.n != null) rows = rows.slice(-q.n);
    }
    return rows.map((e) => [e.session, e.line, q.output ? [e.input, e.output] : e.input]);
  }
}
