/**
 * Checks a chart bundle against things tsmlx did not write: its Vega-Lite spec against the JSON
 * schema that ships with the vega-lite package (validated by Ajv), and its PNG decoded by
 * Debian's Pillow.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import type { ChartDisplay } from "../../src/display/vega.js";

const require = createRequire(import.meta.url);
const Ajv = require("ajv") as typeof import("ajv").default;

const schema = JSON.parse(readFileSync(require.resolve("vega-lite/build/vega-lite-schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true });
const validate = ajv.compile(schema);

/** Ajv's complaints about a spec (none when it is valid Vega-Lite v5). */
export function specErrors(spec: unknown): string[] {
  if (validate(spec)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

const dir = mkdtempSync(join(tmpdir(), "tsmlx-chart-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What Pillow makes of a PNG: its size, mode, distinct colours and the share of non-white pixels. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly mode: string;
  readonly colors: number;
  readonly inked: number;
}

/** Decodes PNG bytes with Debian's Pillow. */
export function decodePng(png: Uint8Array): DecodedPng {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(path, png);
  const script = [
    "import sys, json",
    "from PIL import Image",
    "im = Image.open(sys.argv[1]); im.load(); rgb = im.convert('RGB')",
    "px = list(rgb.getdata())",
    "inked = sum(1 for p in px if min(p) < 240) / len(px)",
    "print(json.dumps(dict(width=im.width, height=im.height, mode=im.mode, colors=len(set(px)), inked=inked)))",
  ].join("\n");
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8" }));
}

/**
 * Asserts what every chart display must be: the four MIME types, a spec valid against the
 * vega-lite schema, an SVG document, and a PNG that decodes to a picture of twice the display
 * size with something drawn in it. Returns the decoded PNG.
 */
export function checkChartDisplay(display: ChartDisplay): DecodedPng {
  const { data, metadata } = display;
  assert.deepEqual(Object.keys(data).sort(), [
    "application/vnd.vegalite.v5+json",
    "image/png",
    "image/svg+xml",
    "text/plain",
  ]);
  const spec = data["application/vnd.vegalite.v5+json"];
  assert.equal((spec as { $schema?: string }).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(specErrors(JSON.parse(JSON.stringify(spec))), []);
  assert.match(data["image/svg+xml"], /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(data["text/plain"].length > 0);
  const png = decodePng(Buffer.from(data["image/png"], "base64"));
  const size = metadata["image/png"];
  assert.deepEqual(
    [png.width, png.height],
    [size.width * 2, size.height * 2],
    "the PNG is drawn at twice its display size",
  );
  assert.ok(png.colors > 8, `the PNG has ${png.colors} colours`);
  assert.ok(png.inked > 0.01, `only ${(png.inked * 100).toFixed(2)}% of the PNG is drawn on`);
  return png;
}
