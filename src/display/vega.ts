/**
 * Charts as Vega-Lite v5 specs. A {@link Chart} shows in a notebook as one MIME bundle: the spec
 * itself (`application/vnd.vegalite.v5+json`, drawn interactively by JupyterLab, Notebook 7 and
 * VS Code), and the same picture rendered here in Node — SVG by `vega`, PNG from that SVG by
 * `@resvg/resvg-js` — for front ends and converters without a Vega renderer (nbconvert, GitHub's
 * viewer, the classic Notebook), plus a line of text.
 *
 * Rendering is synchronous: the spec's data is inline, so vega's dataflow runs to completion in
 * `view.run()` and the SVG string renderer draws the scene at once.
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { TsmlxError } from "../core/errors.js";
import { JUPYTER_DISPLAY } from "../core/mime.js";

/** The MIME type JupyterLab 4 renders Vega-Lite v5 specs from. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** The `$schema` every spec made here carries. */
export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Vega-Lite v5 specification (JSON). */
export type VegaLiteSpec = TopLevelSpec;

/** What a chart shows as: the spec, its PNG (base64) and SVG renderings, and a line of text. */
export interface ChartBundle {
  readonly "text/plain": string;
  readonly "application/vnd.vegalite.v5+json": VegaLiteSpec;
  readonly "image/png": string;
  readonly "image/svg+xml": string;
}

/** A rendered chart's bundle with the PNG's display size (it is drawn at twice that). */
export interface ChartDisplay {
  readonly data: ChartBundle;
  readonly metadata: { readonly "image/png": { readonly width: number; readonly height: number } };
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2, so that the picture stays sharp on high-density screens). */
  readonly scale?: number;
}

/** Where Debian's fonts-dejavu-core puts its sans-serif face (resvg draws the text with it). */
const DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

interface HeadlessView {
  readonly _viewWidth: number;
  readonly _viewHeight: number;
  readonly _origin: readonly [number, number];
}

interface StringRenderer {
  initialize(
    el: null,
    width: number,
    height: number,
    origin: readonly number[],
    scale: number,
  ): StringRenderer;
  background(color: unknown): StringRenderer;
  render(scene: unknown): StringRenderer;
  svg(): string;
}

const SVGStringRenderer = (vega as unknown as { SVGStringRenderer: new (loader: unknown) => StringRenderer })
  .SVGStringRenderer;

/** A vega logger that keeps errors (to throw them) and drops warnings and info. */
function collectingLogger(errors: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as vega.LoggerInterface;
}

/** Parsed vega runtimes by spec structure (a spec with its named datasets emptied), newest last. */
const runtimes = new Map<string, vega.Runtime>();
const RUNTIME_CACHE = 16;

/**
 * The vega runtime of a spec: compiled and parsed once per structure. Named datasets
 * (`datasets: { metrics: [...] }`) are left out of the key and fed to each view instead, so a
 * chart redrawn with new data (live training curves) skips compiling and parsing.
 */
function runtimeOf(spec: VegaLiteSpec): vega.Runtime {
  const datasets = (spec as { datasets?: Record<string, unknown[]> }).datasets;
  const shape = datasets
    ? { ...spec, datasets: Object.fromEntries(Object.keys(datasets).map((k) => [k, []])) }
    : spec;
  const key = JSON.stringify(shape);
  const hit = runtimes.get(key);
  if (hit) {
    runtimes.delete(key);
    runtimes.set(key, hit);
    return hit;
  }
  let compiled: vega.Spec;
  try {
    compiled = compile(shape as VegaLiteSpec, { config: { background: "white" } }).spec;
  } catch (e) {
    throw new TsmlxError("chart", `the Vega-Lite spec does not compile: ${(e as Error).message}`);
  }
  let runtime: vega.Runtime;
  try {
    runtime = vega.parse(compiled);
  } catch (e) {
    throw new TsmlxError("chart", `vega could not parse the compiled spec: ${(e as Error).message}`);
  }
  runtimes.set(key, runtime);
  if (runtimes.size > RUNTIME_CACHE) runtimes.delete(runtimes.keys().next().value!);
  return runtime;
}

/**
 * The SVG text of a Vega-Lite spec, drawn by vega (white background, the spec's own size).
 * `writeFileSync("loss.svg", renderSvg(plotLine([1, 2, 3], [3, 1, 2]).spec))`
 */
export function renderSvg(spec: VegaLiteSpec): string {
  const runtime = runtimeOf(spec);
  const errors: string[] = [];
  const view = new vega.View(runtime, { renderer: "none", logger: collectingLogger(errors) });
  try {
    const datasets = (spec as { datasets?: Record<string, unknown[]> }).datasets ?? {};
    for (const [name, values] of Object.entries(datasets)) view.data(name, values as object[]);
    view.run();
    if (errors.length > 0)
      throw new TsmlxError("chart", `vega could not draw the spec: ${errors.join("; ")}`);
    const v = view as unknown as HeadlessView;
    const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
    const width = Math.max(1, v._viewWidth + pad.left + pad.right);
    const height = Math.max(1, v._viewHeight + pad.top + pad.bottom);
    if (!Number.isFinite(width) || !Number.isFinite(height))
      throw new TsmlxError("chart", "vega could not size the chart (is a layer without data?)");
    const origin = [pad.left + v._origin[0], pad.top + v._origin[1]];
    const renderer = new SVGStringRenderer(view.loader())
      .initialize(null, width, height, origin, 1)
      .background(view.background());
    return renderer.render((view.scenegraph() as unknown as { root: unknown }).root).svg();
  } finally {
    view.finalize();
  }
}

let fontOptions: { fontFiles?: string[]; loadSystemFonts: boolean; defaultFontFamily?: string } | undefined;

function fonts() {
  fontOptions ??= existsSync(DEJAVU)
    ? { fontFiles: [DEJAVU], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" }
    : { loadSystemFonts: true };
  return fontOptions;
}

/**
 * An SVG document drawn as a PNG by resvg (text in DejaVu Sans where Debian's fonts-dejavu-core
 * is installed, else in a system font).
 * `writeFileSync("loss.png", renderPng(renderSvg(spec)))`
 */
export function renderPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new TsmlxError("renderPng", `scale must be in (0, 8], got ${scale}`);
  const f = fonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { ...f, sansSerifFamily: f.defaultFontFamily ?? "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

/** The width and height of an SVG document from its root element's attributes. `svgSize(chart.svg()).width` */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new TsmlxError("svgSize", "the SVG has no width and height");
  return { width, height };
}

/**
 * A Vega-Lite chart to show in a notebook: the spec for interactive front ends, with PNG and SVG
 * renderings (made on first display and kept) and a text line.
 * `display(new Chart({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { x: { field: "a" } } }))`
 */
export class Chart {
  /** The Vega-Lite spec (with `$schema`). */
  readonly spec: VegaLiteSpec;
  readonly #text: string;
  #svg: string | undefined;
  #png: Uint8Array | undefined;

  constructor(spec: VegaLiteSpec, text = "chart") {
    if (spec === null || typeof spec !== "object" || Array.isArray(spec))
      throw new TsmlxError(
        "chart",
        `a spec is a Vega-Lite JSON object, got ${Array.isArray(spec) ? "an array" : typeof spec}`,
      );
    this.spec = { $schema: VEGALITE_SCHEMA, ...spec } as VegaLiteSpec;
    this.#text = text;
  }

  /** The chart as SVG text (rendered once). `chart.svg()` */
  svg(): string {
    this.#svg ??= renderSvg(this.spec);
    return this.#svg;
  }

  /** The chart as PNG bytes at twice the SVG's size (rendered once). `writeFileSync("c.png", chart.png())` */
  png(): Uint8Array {
    this.#png ??= renderPng(this.svg());
    return this.#png;
  }

  /** The notebook bundle: spec, PNG, SVG and text. */
  bundle(): ChartDisplay {
    return chartDisplay(this.spec, this.svg(), this.png(), this.#text);
  }

  toString(): string {
    return this.#text;
  }

  [JUPYTER_DISPLAY](): ChartDisplay {
    return this.bundle();
  }
}

/**
 * The display of a spec and its renderings, the PNG shown at the SVG's size.
 * `chartDisplay(spec, svg, renderPng(svg), "loss 0.3")`
 */
export function chartDisplay(spec: VegaLiteSpec, svg: string, png: Uint8Array, text: string): ChartDisplay {
  const { width, height } = svgSize(svg);
  return {
    data: {
      "text/plain": text,
      [VEGALITE_MIME]: spec,
      "image/png": Buffer.from(png).toString("base64"),
      "image/svg+xml": svg,
    } as ChartBundle,
    metadata: { "image/png": { width, height } },
  };
}

/**
 * A chart from any Vega-Lite v5 spec (the `$schema` is added when missing).
 * `tm.chart({ data: { values: [{ x: 1, y: 2 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } })`
 */
export function chart(spec: VegaLiteSpec, text?: string): Chart {
  return new Chart(spec, text);
}
