/** Notebook display: Vega-Lite charts with PNG/SVG renderings, plots, image grids (the MIME bundle helpers live in core). */

export {
  CHART_COLORS,
  type ChartOptions,
  type ChartSeries,
  lineChartSvg,
  niceTicks,
  tickLabel,
} from "./chart.js";
export { ImageGrid, type ImageGridOptions, imageGrid } from "./image.js";
export { type LiveShow, LiveText } from "./live_text.js";
export {
  binEdges,
  type ConfusionPlotOptions,
  confusionMatrix,
  type HistogramPlotOptions,
  type PlotOptions,
  type PlotValues,
  plotConfusion,
  plotHistogram,
  plotLine,
  plotNumbers,
  plotScatter,
  type ScatterPlotOptions,
} from "./plot.js";
export {
  Chart,
  type ChartBundle,
  type ChartDisplay,
  chart,
  chartDisplay,
  type PngOptions,
  renderPng,
  renderSvg,
  svgSize,
  VEGALITE_MIME,
  VEGALITE_SCHEMA,
  type VegaLiteSpec,
} from "./vega.js";
