import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  CIFAR10_FILES,
  cifar10CacheDir,
  cifar10Present,
  downloadCifar10,
  extractCifar10,
  loadCifar10,
} from "../../src/data/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-download-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const RECORDS = 3;
const FILE_SIZE = RECORDS * 3073;

/** `n` CIFAR records of file `f`: label (f + r) % 10, pixel bytes (f * 13 + r + i) % 256. */
function records(f: number, n = RECORDS): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    out[r * 3073] = (f + r) % 10;
    for (let i = 0; i < 3072; i++) out[r * 3073 + 1 + i] = (f * 13 + r + i) % 256;
  }
  return out;
}

/**
 * A CIFAR-like .tar.gz laid out as the official one (cifar-10-batches-bin/ with the six files
 * and a text file), packed by the system tar and gzipped by node's zlib. `omit` leaves a file out.
 */
function archive(name: string, omit?: string): Uint8Array {
  const src = join(dir, `src-${name}`, "cifar-10-batches-bin");
  mkdirSync(src, { recursive: true });
  CIFAR10_FILES.forEach((f, i) => {
    if (f !== omit) writeFileSync(join(src, f), records(i));
  });
  writeFileSync(join(src, "batches.meta.txt"), "airplane\nautomobile\n");
  const tar = execFileSync("tar", ["-cf", "-", "-C", join(src, ".."), "cifar-10-batches-bin"], {
    maxBuffer: 1 << 26,
  });
  return gzipSync(tar);
}

const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("hex");

/** Every file under `d`, recursively (to prove nothing half-written stays behind). */
function listing(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as any).path, e.name).slice(d.length + 1))
    .sort();
}

const good = archive("good");

describe("extractCifar10", () => {
  test("takes the six record files out of a tar.gz made by the system tar, readable by loadCifar10", async () => {
    const path = join(dir, "good.tar.gz");
    writeFileSync(path, good);
    const out = join(dir, "extract-good");
    const where = await extractCifar10(path, out, { fileSize: FILE_SIZE });
    assert.equal(where, join(out, "cifar-10-batches-bin"));
    assert.deepEqual(listing(out), CIFAR10_FILES.map((f) => `cifar-10-batches-bin/${f}`).sort());
    CIFAR10_FILES.forEach((f, i) => {
      assert.deepEqual(readFileSync(join(where, f)), Buffer.from(records(i)), f);
    });
    const { train, test: testSplit } = loadCifar10(out);
    assert.deepEqual(train.images.shape.dims, [5 * RECORDS, 32, 32, 3]);
    assert.deepEqual(testSplit.labels.values(), [5, 6, 7]);
    assert.ok(cifar10Present(out, FILE_SIZE));
    assert.ok(!cifar10Present(out), "the official size is 30 730 000 bytes per file");
  });

  test("a truncated archive is an error and leaves no file behind", async () => {
    const path = join(dir, "cut.tar.gz");
    writeFileSync(path, good.subarray(0, Math.floor(good.length * 0.6)));
    const out = join(dir, "extract-cut");
    await assert.rejects(
      extractCifar10(path, out, { fileSize: FILE_SIZE }),
      /^TsmlxError: \[extractCifar10\] truncated archive: .*cut\.tar\.gz ends inside its gzip stream$/,
    );
    assert.deepEqual(listing(out), []);
  });

  test("a corrupted archive is an error and leaves no file behind", async () => {
    const bad = Uint8Array.from(good);
    for (let i = 200; i < 260; i++) bad[i] = bad[i]! ^ 0x5a;
    const path = join(dir, "bad.tar.gz");
    writeFileSync(path, bad);
    const out = join(dir, "extract-bad");
    await assert.rejects(extractCifar10(path, out, { fileSize: FILE_SIZE }), /\[extractCifar10\] corrupt/);
    assert.deepEqual(listing(out), []);
  });

  test("an archive without one of the six files names it and leaves no file behind", async () => {
    const path = join(dir, "partial.tar.gz");
    writeFileSync(path, archive("partial", "data_batch_4.bin"));
    const out = join(dir, "extract-partial");
    await assert.rejects(
      extractCifar10(path, out, { fileSize: FILE_SIZE }),
      /\[extractCifar10\] .*partial\.tar\.gz has no member data_batch_4\.bin/,
    );
    assert.deepEqual(listing(out), []);
  });

  test("members of an unexpected size are rejected with both sizes", async () => {
    const path = join(dir, "good2.tar.gz");
    writeFileSync(path, good);
    const out = join(dir, "extract-size");
    await assert.rejects(
      extractCifar10(path, out, { fileSize: 2 * FILE_SIZE }),
      new RegExp(`member data_batch_1\\.bin has ${FILE_SIZE} bytes, expected ${2 * FILE_SIZE}`),
    );
    assert.deepEqual(listing(out), []);
  });
});

describe("downloadCifar10 through a local HTTP server", () => {
  let server: Server;
  let base = "";
  const requests: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === "/cifar.tar.gz") {
        res.writeHead(200, { "content-type": "application/gzip", "content-length": good.length });
        // In pieces, as a real transfer arrives.
        for (let i = 0; i < good.length; i += 4000) res.write(good.subarray(i, i + 4000));
        res.end();
      } else if (req.url === "/cut.tar.gz") {
        // Announces the whole archive, sends half and hangs up.
        res.writeHead(200, { "content-length": good.length });
        res.write(good.subarray(0, good.length >> 1), () => res.socket?.destroy());
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not here");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const opts = (extra: Record<string, unknown> = {}) => ({
    url: `${base}/cifar.tar.gz`,
    md5: md5(good),
    size: good.length,
    fileSize: FILE_SIZE,
    ...extra,
  });

  test("downloads, checks and extracts the archive, then skips the download when the files are there", async () => {
    const out = join(dir, "dl");
    const progress: number[] = [];
    const r = await downloadCifar10(out, opts({ onProgress: (n: number) => progress.push(n) }));
    assert.deepEqual(r, { dir: join(out, "cifar-10-batches-bin"), downloaded: true });
    assert.equal(progress.at(-1), good.length);
    assert.deepEqual(
      listing(out),
      CIFAR10_FILES.map((f) => `cifar-10-batches-bin/${f}`).sort(),
      "the archive itself is not kept",
    );
    assert.deepEqual(loadCifar10(out).test.labels.values(), [5, 6, 7]);
    const before = requests.length;
    const again = await downloadCifar10(out, opts());
    assert.deepEqual(again, { dir: join(out, "cifar-10-batches-bin"), downloaded: false });
    assert.equal(requests.length, before, "no request when the files are present");
  });

  test("an HTTP error names the status and the address, and leaves nothing", async () => {
    const out = join(dir, "dl-404");
    await assert.rejects(
      downloadCifar10(out, opts({ url: `${base}/missing.tar.gz` })),
      new RegExp(
        `^TsmlxError: \\[downloadCifar10\\] got HTTP 404 Not Found from ${base}/missing\\.tar\\.gz$`,
      ),
    );
    assert.deepEqual(listing(out), []);
  });

  test("a checksum that does not match is an error, and nothing is extracted", async () => {
    const out = join(dir, "dl-md5");
    const wrong = "0123456789abcdef0123456789abcdef";
    await assert.rejects(
      downloadCifar10(out, opts({ md5: wrong })),
      new RegExp(`\\[downloadCifar10\\] checksum mismatch for .*: MD5 ${md5(good)}, expected ${wrong}`),
    );
    assert.deepEqual(listing(out), []);
  });

  test("an archive of the wrong size is reported as truncated", async () => {
    const out = join(dir, "dl-size");
    await assert.rejects(
      downloadCifar10(out, opts({ size: good.length + 10 })),
      new RegExp(
        `\\[downloadCifar10\\] truncated archive: got ${good.length} bytes from .*, expected ${good.length + 10}`,
      ),
    );
    assert.deepEqual(listing(out), []);
  });

  test("a transfer that breaks off is an error, and leaves nothing", async () => {
    const out = join(dir, "dl-cut");
    await assert.rejects(
      downloadCifar10(out, opts({ url: `${base}/cut.tar.gz`, size: null })),
      /\[downloadCifar10\] (download of .*cut\.tar\.gz broke off after \d+ bytes|truncated archive)/,
    );
    assert.deepEqual(listing(out), []);
  });

  test("an unreachable server is an error naming the address", async () => {
    const out = join(dir, "dl-refused");
    // A port that was just free: nobody listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await assert.rejects(
      downloadCifar10(out, opts({ url: `http://127.0.0.1:${port}/x.tar.gz` })),
      new RegExp(
        `\\[downloadCifar10\\] could not fetch http://127\\.0\\.0\\.1:${port}/x\\.tar\\.gz: .*ECONNREFUSED`,
      ),
    );
    assert.deepEqual(listing(out), []);
  });
});

test("cifar10CacheDir prefers TSMLX_CIFAR10_DIR, then XDG_CACHE_HOME", () => {
  assert.equal(cifar10CacheDir({ TSMLX_CIFAR10_DIR: "/data/c10", XDG_CACHE_HOME: "/c" }), "/data/c10");
  assert.equal(cifar10CacheDir({ XDG_CACHE_HOME: "/c" }), "/c/tsmlx/cifar-10");
  assert.match(cifar10CacheDir({}), /\/\.cache\/tsmlx\/cifar-10$/);
});
