/**
 * A small streaming reader of tar archives (POSIX ustar, with GNU long names and PAX
 * `path`/`size` records), enough to take regular files out of a dataset archive. Bytes are
 * pushed in as they arrive (e.g. from a gunzip stream); entries and their data come out
 * through callbacks, so a member of any size passes through without being held in memory.
 */
import { TsmlxError } from "../core/errors.js";

const BLOCK = 512;

/** What the reader knows of one member when its data begins. */
export interface TarEntry {
  /** The member's path inside the archive (`cifar-10-batches-bin/test_batch.bin`). */
  readonly name: string;
  /** Its size in bytes. */
  readonly size: number;
  /** "file", "directory", "symlink" or "other" (links, devices, fifos). */
  readonly type: "file" | "directory" | "symlink" | "other";
}

/** Callbacks of a {@link TarReader}. */
export interface TarHandlers {
  /** A member starts; its data follows through `data`, then `end`. */
  entry(entry: TarEntry): void;
  /** The next piece of the current member's data. */
  data(chunk: Uint8Array): void;
  /** The current member's data is complete. */
  end(entry: TarEntry): void;
}

function text(b: Uint8Array, start: number, length: number): string {
  const field = b.subarray(start, start + length);
  const nul = field.indexOf(0);
  return Buffer.from(nul < 0 ? field : field.subarray(0, nul)).toString("utf8");
}

/** An octal field, or GNU's base-256 form (high bit of the first byte set) for large sizes. */
function number(b: Uint8Array, start: number, length: number, what: string, api: string): number {
  if (b[start]! & 0x80) {
    let v = b[start]! & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + b[start + i]!;
    return v;
  }
  const s = text(b, start, length).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s))
    throw new TsmlxError(api, `corrupt tar header: ${what} field is "${s}", not octal`);
  return Number.parseInt(s, 8);
}

function headerChecksumOk(b: Uint8Array, stored: number): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[i]!;
  return sum === stored;
}

/** PAX extended header records: "<len> <key>=<value>\n" repeated. */
function paxRecords(b: Uint8Array, api: string): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < b.length) {
    const space = b.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number.parseInt(Buffer.from(b.subarray(pos, space)).toString("ascii"), 10);
    if (!Number.isFinite(len) || len <= 0 || pos + len > b.length)
      throw new TsmlxError(api, "corrupt tar archive: bad PAX record length");
    const record = Buffer.from(b.subarray(space + 1, pos + len - 1)).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/**
 * Push-style tar parser: `push(chunk)` as bytes arrive, `finish()` at the end of input
 * (which throws if the archive stopped inside a member or header).
 * `const r = new TarReader({ entry: (e) => names.push(e.name), data() {}, end() {} }); r.push(bytes); r.finish()`
 */
export class TarReader {
  readonly #handlers: TarHandlers;
  readonly #api: string;
  /** Bytes of an incomplete header (or of a long-name/PAX body being collected). */
  #pending = new Uint8Array(0);
  #entry: TarEntry | null = null;
  /** Data bytes of the current member still to come, then padding to skip. */
  #remaining = 0;
  #padding = 0;
  /** Metadata member being collected ("L" or "x"), and what it tells about the next header. */
  #meta: { kind: "L" | "x" | "g"; size: number } | null = null;
  #longName: string | null = null;
  #pax = new Map<string, string>();
  #done = false;
  #members = 0;

  /** `api` prefixes error messages (`[downloadCifar10] truncated archive: ...`). */
  constructor(handlers: TarHandlers, api = "TarReader") {
    this.#handlers = handlers;
    this.#api = api;
  }

  /** True once the end-of-archive marker (a zero block) was read. */
  get done(): boolean {
    return this.#done;
  }

  /** Feeds the next bytes of the archive. */
  push(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length && !this.#done) {
      if (this.#entry) {
        const n = Math.min(this.#remaining, chunk.length - pos);
        if (n > 0) this.#handlers.data(chunk.subarray(pos, pos + n));
        pos += n;
        this.#remaining -= n;
        if (this.#remaining === 0) {
          const e = this.#entry;
          this.#entry = null;
          this.#handlers.end(e);
        }
        continue;
      }
      if (this.#padding > 0) {
        const n = Math.min(this.#padding, chunk.length - pos);
        pos += n;
        this.#padding -= n;
        continue;
      }
      // Collect a header block, or a metadata member's whole body (rounded to blocks).
      const want = this.#meta ? Math.ceil(this.#meta.size / BLOCK) * BLOCK : BLOCK;
      const n = Math.min(want - this.#pending.length, chunk.length - pos);
      const grown = new Uint8Array(this.#pending.length + n);
      grown.set(this.#pending);
      grown.set(chunk.subarray(pos, pos + n), this.#pending.length);
      this.#pending = grown;
      pos += n;
      if (this.#pending.length === want) {
        const block = this.#pending;
        this.#pending = new Uint8Array(0);
        if (this.#meta) this.#metaBody(block.subarray(0, this.#meta.size));
        else this.#header(block);
      }
    }
  }

  /** Ends the input: throws unless the archive ended between members. */
  finish(): void {
    if (this.#entry) {
      const e = this.#entry;
      throw new TsmlxError(
        this.#api,
        `truncated archive: member ${e.name} has ${e.size - this.#remaining} of its ${e.size} bytes`,
      );
    }
    if (this.#pending.length > 0 || this.#meta)
      throw new TsmlxError(this.#api, "truncated archive: it ends inside a tar header");
    if (this.#members === 0 && !this.#done)
      throw new TsmlxError(this.#api, "empty archive: no tar header found");
  }

  #metaBody(body: Uint8Array): void {
    const kind = this.#meta!.kind;
    this.#meta = null;
    if (kind === "L") this.#longName = text(body, 0, body.length);
    else if (kind === "x") this.#pax = paxRecords(body, this.#api);
  }

  #header(b: Uint8Array): void {
    if (b.every((x) => x === 0)) {
      this.#done = true;
      return;
    }
    const stored = number(b, 148, 8, "checksum", this.#api);
    if (!headerChecksumOk(b, stored))
      throw new TsmlxError(this.#api, "corrupt tar archive: a header's checksum does not match");
    this.#members++;
    const flag = String.fromCharCode(b[156]!);
    let size = number(b, 124, 12, "size", this.#api);
    if (flag === "L" || flag === "x" || flag === "g") {
      if (size === 0) return;
      this.#meta = { kind: flag, size };
      return;
    }
    const prefix = b[257] === 0x75 /* "u" of ustar */ ? text(b, 345, 155) : "";
    let name = this.#longName ?? (prefix ? `${prefix}/${text(b, 0, 100)}` : text(b, 0, 100));
    if (this.#pax.has("path")) name = this.#pax.get("path")!;
    if (this.#pax.has("size")) size = Number(this.#pax.get("size"));
    this.#longName = null;
    this.#pax = new Map();
    const type =
      flag === "0" || flag === "\0" || flag === "7"
        ? "file"
        : flag === "5"
          ? "directory"
          : flag === "2"
            ? "symlink"
            : "other";
    // Only regular files (and GNU sparse-free types) carry data here; links and dirs have size 0.
    const dataSize = type === "file" || type === "other" ? size : 0;
    const entry: TarEntry = { name, size: dataSize, type };
    this.#handlers.entry(entry);
    this.#padding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
    if (dataSize === 0) this.#handlers.end(entry);
    else {
      this.#entry = entry;
      this.#remaining = dataSize;
    }
  }
}
