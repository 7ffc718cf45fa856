/** Notebook display: charts and image grids (the MIME bundle helpers live in core). */

export {
  CHART_COLORS,
  type ChartOptions,
  type ChartSeries,
  lineChartSvg,
  niceTicks,
  tickLabel,
} from "./chart.js";
export { encodePng, ImageGrid, type ImageGridOptions, imageGrid } from "./image.js";
export { type LiveShow, LiveText } from "./live_text.js";
