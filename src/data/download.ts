/**
 * Downloading datasets: a file fetched with Node's `fetch`, streamed to a temporary file,
 * checked (size, MD5) and renamed into place; CIFAR-10's official binary archive fetched
 * that way and its six record files extracted (with {@link TarReader}), again under
 * temporary names renamed at the end, so an interrupted or failed run leaves no half-written
 * file behind.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import process from "node:process";
import { createGunzip } from "node:zlib";
import { TsmlxError } from "../core/errors.js";
import { TarReader } from "./tar.js";

/** The official CIFAR-10 binary archive (https://www.cs.toronto.edu/~kriz/cifar.html). */
export const CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
/** Its MD5 as published on the CIFAR-10 page, and its size in bytes. */
export const CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
export const CIFAR10_ARCHIVE_BYTES = 170_052_171;
/** The record files the loader reads, each 10 000 records of 3073 bytes. */
export const CIFAR10_FILES = [
  "data_batch_1.bin",
  "data_batch_2.bin",
  "data_batch_3.bin",
  "data_batch_4.bin",
  "data_batch_5.bin",
  "test_batch.bin",
] as const;
const CIFAR10_FILE_BYTES = 10_000 * 3073;
/** The subdirectory the files go to (as in the archive), where `loadCifar10` looks first. */
export const CIFAR10_SUBDIR = "cifar-10-batches-bin";

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Expected MD5 (hex); `null` skips the check. */
  readonly md5?: string | null;
  /** Expected size in bytes; `null` skips the check. */
  readonly size?: number | null;
  /** Called as bytes arrive, with the total when the server says it. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Aborts the request. */
  readonly signal?: AbortSignal;
  /** Names the caller in errors (default `downloadFile`). */
  readonly api?: string;
}

/** A unique temporary name beside `path` (same directory, so renaming is atomic). */
function tempBeside(path: string): string {
  return join(path, "..", `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.part`);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function why(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string; code?: string } };
  const cause = err?.cause?.message ?? err?.cause?.code;
  return cause ? `${err.message}: ${cause}` : String(err?.message ?? e);
}

/**
 * Fetches `url` into `dest`: streamed to a temporary file, its size and MD5 checked, then
 * renamed to `dest`. On any failure the temporary file is removed and `dest` is untouched.
 * `await downloadFile("https://example.org/a.tar.gz", "/tmp/a.tar.gz", { md5: "…" })`
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadFileOptions = {},
): Promise<void> {
  const api = options.api ?? "downloadFile";
  let res: Response;
  try {
    res = await fetch(url, { signal: options.signal });
  } catch (e) {
    throw new TsmlxError(api, `could not fetch ${url}: ${why(e)}`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new TsmlxError(
      api,
      `got HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""} from ${url}`,
    );
  }
  const header = res.headers.get("content-length");
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  const tmp = tempBeside(dest);
  const file = await open(tmp, "wx");
  const md5 = createHash("md5");
  let received = 0;
  try {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        md5.update(chunk);
        received += chunk.length;
        await file.write(chunk);
        options.onProgress?.(received, total);
      }
    } catch (e) {
      throw new TsmlxError(api, `download of ${url} broke off after ${received} bytes: ${why(e)}`);
    }
    await file.close();
    const expected = options.size ?? total;
    if (expected !== undefined && expected !== null && received !== expected)
      throw new TsmlxError(api, `truncated archive: got ${received} bytes from ${url}, expected ${expected}`);
    const digest = md5.digest("hex");
    if (options.md5 && digest !== options.md5.toLowerCase())
      throw new TsmlxError(api, `checksum mismatch for ${url}: MD5 ${digest}, expected ${options.md5}`);
    renameSync(tmp, dest);
  } catch (e) {
    await file.close().catch(() => {});
    removeQuietly(tmp);
    throw e;
  }
}

/** Options of {@link extractCifar10}. */
export interface ExtractCifar10Options {
  /** Expected size of each record file (default 30 730 000, the official 10 000 records). */
  readonly fileSize?: number;
  /** Names the caller in errors (default `extractCifar10`). */
  readonly api?: string;
}

/**
 * Takes the six CIFAR-10 record files out of a `.tar.gz` archive into `dir/cifar-10-batches-bin`
 * (by base name only, whatever the path inside the archive): each is written under a temporary
 * name, and all are renamed only once every one is complete and of the expected size.
 * `await extractCifar10("/tmp/cifar-10-binary.tar.gz", "/data/cifar10")`
 */
export async function extractCifar10(
  archive: string,
  dir: string,
  options: ExtractCifar10Options = {},
): Promise<string> {
  const api = options.api ?? "extractCifar10";
  const fileSize = options.fileSize ?? CIFAR10_FILE_BYTES;
  const out = join(dir, CIFAR10_SUBDIR);
  mkdirSync(out, { recursive: true });
  const wanted = new Set<string>(CIFAR10_FILES);
  const written = new Map<string, { tmp: string; bytes: number }>();
  let current: { fd: number; name: string } | null = null;
  const closeCurrent = () => {
    if (current) closeSync(current.fd);
    current = null;
  };
  const reader = new TarReader(
    {
      entry(e) {
        const base = basename(e.name);
        if (e.type !== "file" || !wanted.has(base)) return;
        if (written.has(base)) throw new TsmlxError(api, `${archive} holds ${base} twice`);
        const tmp = join(out, `.${base}.${process.pid}-${randomBytes(4).toString("hex")}.part`);
        written.set(base, { tmp, bytes: 0 });
        current = { fd: openSync(tmp, "wx"), name: base };
      },
      data(chunk) {
        if (!current) return;
        writeSync(current.fd, chunk);
        written.get(current.name)!.bytes += chunk.length;
      },
      end() {
        closeCurrent();
      },
    },
    api,
  );
  try {
    const gunzip = createReadStream(archive).pipe(createGunzip());
    try {
      for await (const chunk of gunzip) {
        reader.push(chunk as Buffer);
        if (reader.done) break;
      }
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err instanceof TsmlxError) throw err;
      if (err.code === "Z_BUF_ERROR")
        throw new TsmlxError(api, `truncated archive: ${archive} ends inside its gzip stream`);
      if (err.code === "ENOENT") throw new TsmlxError(api, `${archive} does not exist`);
      throw new TsmlxError(api, `corrupt archive ${archive}: gunzip failed: ${err.message}`);
    }
    reader.finish();
    for (const name of CIFAR10_FILES) {
      const w = written.get(name);
      if (!w) throw new TsmlxError(api, `${archive} has no member ${name}`);
      if (w.bytes !== fileSize)
        throw new TsmlxError(api, `${archive}: member ${name} has ${w.bytes} bytes, expected ${fileSize}`);
    }
    for (const name of CIFAR10_FILES) renameSync(written.get(name)!.tmp, join(out, name));
    return out;
  } catch (e) {
    closeCurrent();
    for (const w of written.values()) removeQuietly(w.tmp);
    throw e;
  }
}

/**
 * True when `dir/cifar-10-batches-bin` (or `dir`) holds all six record files of the expected size.
 * `if (!cifar10Present(dir)) await downloadCifar10(dir)`
 */
export function cifar10Present(dir: string, fileSize = CIFAR10_FILE_BYTES): boolean {
  return [join(dir, CIFAR10_SUBDIR), dir].some((root) =>
    CIFAR10_FILES.every((name) => {
      try {
        const st = statSync(join(root, name));
        return st.isFile() && st.size === fileSize;
      } catch {
        return false;
      }
    }),
  );
}

/**
 * Where CIFAR-10 is kept by default: `$TSMLX_CIFAR10_DIR`, else `$XDG_CACHE_HOME/tsmlx/cifar-10`
 * (`~/.cache/tsmlx/cifar-10`). `loadCifar10(cifar10CacheDir())`
 */
export function cifar10CacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TSMLX_CIFAR10_DIR) return env.TSMLX_CIFAR10_DIR;
  const cache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "tsmlx", "cifar-10");
}

/** Options of {@link downloadCifar10}. */
export interface DownloadCifar10Options {
  /** Archive address (default {@link CIFAR10_URL}). */
  readonly url?: string;
  /** Expected archive MD5 (default {@link CIFAR10_MD5}); `null` skips the check. */
  readonly md5?: string | null;
  /** Expected archive size (default {@link CIFAR10_ARCHIVE_BYTES}); `null` takes the server's. */
  readonly size?: number | null;
  /** Expected size of each record file (default 30 730 000). */
  readonly fileSize?: number;
  /** Called as archive bytes arrive. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Aborts the download. */
  readonly signal?: AbortSignal;
}

/** What {@link downloadCifar10} did. */
export interface DownloadCifar10Result {
  /** The directory holding the six record files. */
  readonly dir: string;
  /** False when they were already there and nothing was fetched. */
  readonly downloaded: boolean;
}

/**
 * Makes sure `dir` holds CIFAR-10's binary record files: when they are missing (or of the
 * wrong size), downloads the official archive, checks its size and MD5, and extracts the six
 * files into `dir/cifar-10-batches-bin`. Nothing half-written is left behind on failure.
 * `await downloadCifar10(cifar10CacheDir()); const { train, test } = loadCifar10(cifar10CacheDir())`
 */
export async function downloadCifar10(
  dir: string,
  options: DownloadCifar10Options = {},
): Promise<DownloadCifar10Result> {
  const api = "downloadCifar10";
  const fileSize = options.fileSize ?? CIFAR10_FILE_BYTES;
  const out = join(dir, CIFAR10_SUBDIR);
  if (cifar10Present(dir, fileSize)) {
    return { dir: cifar10Present(out, fileSize) ? out : dir, downloaded: false };
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new TsmlxError(api, `cannot create ${dir}: ${why(e)}`);
  }
  const archive = join(dir, `.cifar-10-binary.${process.pid}-${randomBytes(4).toString("hex")}.tar.gz`);
  try {
    await downloadFile(options.url ?? CIFAR10_URL, archive, {
      api,
      md5: options.md5 === undefined ? CIFAR10_MD5 : options.md5,
      size: options.size === undefined ? CIFAR10_ARCHIVE_BYTES : options.size,
      onProgress: options.onProgress,
      signal: options.signal,
    });
    await extractCifar10(archive, dir, { fileSize, api });
    return { dir: out, downloaded: true };
  } finally {
    removeQuietly(archive);
  }
}
