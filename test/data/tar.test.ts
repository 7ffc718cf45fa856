import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { TarReader } from "../../src/data/tar.js";

const dir = mkdtempSync(join(tmpdir(), "tsmlx-tar-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ from member to member and are not block-aligned. */
function content(n: number, salt: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + salt * 7 + (i >> 8)) % 251);
}

const longDir = `${"deep-directory-name-".repeat(4)}x`;
const longName = `${longDir}/${"a-file-with-a-long-name-".repeat(3)}end.bin`;
const files: Record<string, Uint8Array> = {
  "top/empty.txt": new Uint8Array(0),
  "top/odd.bin": content(1000, 1),
  "top/block.bin": content(512, 2),
  "top/big.bin": content(70_001, 3),
  [`top/${longName}`]: content(777, 4),
};

/** Writes `files` under a fresh directory and packs it with the system tar in `format`. */
function systemTar(format: string): Uint8Array {
  const src = join(dir, `src-${format}`);
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(src, name, ".."), { recursive: true });
    writeFileSync(join(src, name), bytes);
  }
  const out = join(dir, `${format}.tar`);
  execFileSync("tar", [`--format=${format}`, "-cf", out, "-C", src, "top"]);
  return readFileSync(out);
}

interface Read {
  files: Map<string, Uint8Array>;
  dirs: string[];
}

function readAll(tar: Uint8Array, chunkSize: number): Read {
  const out: Read = { files: new Map(), dirs: [] };
  let parts: Uint8Array[] = [];
  const reader = new TarReader({
    entry(e) {
      if (e.type === "directory") out.dirs.push(e.name);
      parts = [];
    },
    data(c) {
      parts.push(c.slice());
    },
    end(e) {
      if (e.type === "file") out.files.set(e.name, Buffer.concat(parts));
    },
  });
  for (let i = 0; i < tar.length; i += chunkSize) reader.push(tar.subarray(i, i + chunkSize));
  reader.finish();
  assert.ok(reader.done, "the end-of-archive block was seen");
  return out;
}

describe("TarReader", () => {
  for (const format of ["gnu", "pax", "ustar"]) {
    test(`reads every file of a ${format} archive written by the system tar, whole or in odd chunks`, () => {
      // The long name needs GNU's L member, a PAX path record, or ustar's prefix field.
      const tar = systemTar(format);
      for (const chunk of [tar.length, 4096, 700, 1]) {
        const got = readAll(tar, chunk);
        assert.deepEqual([...got.files.keys()].sort(), Object.keys(files).sort(), `chunks of ${chunk}`);
        for (const [name, bytes] of Object.entries(files))
          assert.deepEqual(got.files.get(name), Buffer.from(bytes), `${name} in chunks of ${chunk}`);
        assert.ok(got.dirs.some((d) => d.replace(/\/$/, "") === "top"));
      }
    });
  }

  test("an archive cut inside a member says which member and how many bytes it has", () => {
    const tar = systemTar("gnu");
    const reader = new TarReader({ entry() {}, data() {}, end() {} }, "unpack");
    // 512 header + 600 of top/big.bin's 70 001 bytes, wherever big.bin is in the archive.
    const names: string[] = [];
    const probe = new TarReader({ entry: (e) => names.push(e.name), data() {}, end() {} });
    let cut = -1;
    for (let i = 0; i < tar.length && cut < 0; i += 512) {
      probe.push(tar.subarray(i, i + 512));
      if (names.at(-1) === "top/big.bin") cut = i + 512 + 600;
    }
    reader.push(tar.subarray(0, cut));
    assert.throws(
      () => reader.finish(),
      /^TsmlxError: \[unpack\] truncated archive: member top\/big\.bin has 600 of its 70001 bytes$/,
    );
  });

  test("an archive cut inside a header, and an empty input, are errors", () => {
    const tar = systemTar("gnu");
    const r1 = new TarReader({ entry() {}, data() {}, end() {} });
    r1.push(tar.subarray(0, 100));
    assert.throws(() => r1.finish(), /truncated archive: it ends inside a tar header/);
    const r2 = new TarReader({ entry() {}, data() {}, end() {} });
    assert.throws(() => r2.finish(), /empty archive/);
  });

  test("a header whose bytes were changed fails its checksum", () => {
    const tar = Uint8Array.from(systemTar("gnu"));
    tar[10] = tar[10]! ^ 0x20;
    const reader = new TarReader({ entry() {}, data() {}, end() {} }, "unpack");
    assert.throws(
      () => reader.push(tar),
      /\[unpack\] corrupt tar archive: a header's checksum does not match/,
    );
  });
});
