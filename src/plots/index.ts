/**
 * Figures of an analysis' tables (`blueetl/plots`): each function takes our tables and returns a
 * Vega-Lite spec; `toSvg` and `toPng` render one to a file's content; `writeReport` writes the
 * HTML report of a campaign with every figure.
 */
export { type CampaignTables, type FeatureLineOptions, type HeatmapOptions, featureLineFigure, heatmapFigure } from "./campaign.ts";
export { type IsiOptions, isiFigure } from "./isi.ts";
export { type OnsetDiagnostic, onsetFigure } from "./onset.ts";
export { type PageFigure, type PageSection, type PageTable, reportPage } from "./page.ts";
export { type PsthOptions, psthFigure } from "./psth.ts";
export { type RasterOptions, rasterFigure } from "./raster.ts";
export { firingRatesFigure } from "./rates.ts";
export { svgToPng, toPng, toSvg } from "./render.ts";
export { type ReportAnalysis, type ReportOptions, type ReportSummary, writeReport } from "./report.ts";
export { type Rows, type Spec, classColors } from "./style.ts";
export { PlotError, type Tables, campaignCoordinates } from "./tables.ts";
export { type TraceOptions, traceFigure } from "./traces.ts";
