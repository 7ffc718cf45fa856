/**
 * A reader for version 3 source maps (the `mappings` VLQ encoding), enough to map a
 * position in transpiled cell code back to the TypeScript the user wrote.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map<string, number>([...BASE64].map((c, i) => [c, i]));

/** A source position, zero-based line and column. */
export interface Position {
  line: number;
  column: number;
}

interface Segment {
  genCol: number;
  srcLine: number;
  srcCol: number;
}

function decodeVlq(text: string, at: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const digit = DIGIT.get(text[at.i++] ?? "");
    if (digit === undefined) throw new Error(`[sourceMap] bad VLQ digit at offset ${at.i - 1}`);
    result += (digit & 31) << shift;
    shift += 5;
    if ((digit & 32) === 0) break;
  }
  return result & 1 ? -(result >>> 1) : result >>> 1;
}

/**
 * Maps generated positions to original ones for one source map.
 * @example new SourceMap(map.mappings).original({ line: 3, column: 4 }) // => { line: 2, column: 0 }
 */
export class SourceMap {
  private readonly lines: Segment[][] = [];

  constructor(mappings: string) {
    let srcLine = 0;
    let srcCol = 0;
    for (const lineText of mappings.split(";")) {
      const segments: Segment[] = [];
      let genCol = 0;
      for (const seg of lineText.split(",")) {
        if (seg === "") continue;
        const at = { i: 0 };
        const fields: number[] = [];
        while (at.i < seg.length) fields.push(decodeVlq(seg, at));
        genCol += fields[0] ?? 0;
        if (fields.length >= 4) {
          srcLine += fields[2]!;
          srcCol += fields[3]!;
          segments.push({ genCol, srcLine, srcCol });
        }
      }
      this.lines.push(segments);
    }
  }

  /** The original position of a generated one, or undefined when nothing maps near it. */
  original(pos: Position): Position | undefined {
    for (let line = pos.line; line >= 0; line--) {
      const segs = this.lines[line];
      if (!segs || segs.length === 0) continue;
      if (line !== pos.line) {
        const last = segs[segs.length - 1]!;
        return { line: last.srcLine, column: last.srcCol };
      }
      let best = segs[0]!;
      for (const s of segs) {
        if (s.genCol <= pos.column) best = s;
        else break;
      }
      return { line: best.srcLine, column: best.srcCol };
    }
    return undefined;
  }
}
