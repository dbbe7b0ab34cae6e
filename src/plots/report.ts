/**
 * The report of a campaign: for each analysis, its tables and figures, written as
 * `<dir>/index.html` (one page that opens offline) and every figure as
 * `<dir>/<analysis>/<figure>.svg` and `.png`. The tables come from the analysis; nothing here
 * reads or writes a cache.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataFrame } from "../frame/index.ts";
import { featureLineFigure, heatmapFigure } from "./campaign.ts";
import { isiFigure } from "./isi.ts";
import { type PageFigure, type PageSection, reportPage } from "./page.ts";
import { psthFigure } from "./psth.ts";
import { rasterFigure } from "./raster.ts";
import { firingRatesFigure } from "./rates.ts";
import { svgToPng, toSvg } from "./render.ts";
import type { Spec } from "./style.ts";
import { CIRCUIT_ID, NEURON_CLASS, PlotError, SIMULATION_ID, type Tables, VALUE, WINDOW, campaignCoordinates, windowTrials } from "./tables.ts";
import { traceFigure } from "./traces.ts";

export interface ReportAnalysis {
  name: string;
  tables: Tables;
  /**
   * The features tables by name: `read` gives the table, `head` its first rows and its number of
   * rows (without reading a large table whole: the report shows the head of every table and
   * reads only the one it draws).
   */
  features: ReadonlyArray<{ name: string; read: () => DataFrame; head?: (rows: number) => Promise<{ head: DataFrame; rows: number }> }>;
}

export interface ReportOptions {
  /** The feature of the heat-maps: `column` or `table.column` (a per-class firing rate or mean by default). */
  feature?: string;
  /** Title of the page. */
  title?: string;
  /** Called after each features table is looked at and each figure is drawn. */
  progress?: (done: number, total: number, step: string, detail?: string) => void;
}

export interface ReportSummary {
  page: string;
  /** Every file written, the page last. */
  files: string[];
  /** For each figure: its id and the seconds taken by its spec, its SVG and its PNG (from the SVG, in the thread pool: waiting included). */
  timings: Array<{ id: string; spec: number; svg: number; png: number }>;
}

/** Features drawn over the campaign by default, when a table has them (BlueETL's bnac and soma features). */
const DEFAULT_FEATURES = ["mean_of_mean_firing_rates_per_second", "mean_firing_rates_per_second", "mean"];

interface Planned {
  id: string;
  build: () => Spec;
  /** PNG pixels per SVG pixel (2; 1 for a raster, whose image already has a pixel per bin). */
  scale?: number;
}

export async function writeReport(analyses: readonly ReportAnalysis[], dir: string, options: ReportOptions = {}): Promise<ReportSummary> {
  const featureTables = analyses.reduce((n, a) => n + a.features.length, 0);
  let read = 0;
  const onRead = () => options.progress?.(++read, featureTables, "report: reading the features tables");
  options.progress?.(0, featureTables, "report: reading the features tables");
  const plans: Array<ReturnType<typeof plan>> = [];
  for (const analysis of analyses) plans.push(plan(analysis, await summaries(analysis, onRead), options.feature));
  if (options.feature && plans.every((p) => !p.feature)) {
    throw new PlotError(`the feature '${options.feature}' is in no features table of ${analyses.map((a) => a.name).join(", ")}`);
  }
  const total = plans.reduce((n, p) => n + p.figures.length, 0);
  options.progress?.(0, total, "report: drawing the figures");
  const files: string[] = [];
  const timings: ReportSummary["timings"] = [];
  const pngs: Array<Promise<void>> = [];
  const sections: PageSection[] = [];
  for (const [i, analysis] of analyses.entries()) {
    const { figures, notes, tables } = plans[i]!;
    mkdirSync(join(dir, analysis.name), { recursive: true });
    const drawn: PageFigure[] = [];
    for (const figure of figures) {
      const started = performance.now();
      const spec = figure.build();
      const built = performance.now();
      const svg = await toSvg(spec);
      const rendered = performance.now();
      const timing = { id: `${analysis.name}/${figure.id}`, spec: (built - started) / 1000, svg: (rendered - built) / 1000, png: 0 };
      const [svgFile, pngFile] = [`${timing.id}.svg`, `${timing.id}.png`];
      writeFileSync(join(dir, svgFile), svg);
      // Rasterised in the thread pool while the next figures are drawn.
      const png = svgToPng(svg, { scale: figure.scale ?? 2 }).then((image) => {
        writeFileSync(join(dir, pngFile), image);
        timing.png = (performance.now() - rendered) / 1000;
      });
      pngs.push(png);
      timings.push(timing);
      files.push(join(dir, svgFile), join(dir, pngFile));
      drawn.push({ id: `${analysis.name}-${figure.id}`, spec, files: { svg: svgFile, png: pngFile } });
      options.progress?.(timings.length, total, "report: drawing the figures", timing.id);
    }
    sections.push({ title: `Analysis ${analysis.name}`, notes, tables, figures: drawn });
  }
  await Promise.all(pngs);
  const page = join(dir, "index.html");
  const temporary = `${page}.${process.pid}.tmp`;
  writeFileSync(temporary, reportPage(options.title ?? "BlueETL report", sections));
  renameSync(temporary, page);
  files.push(page);
  return { page, files, timings };
}

/** A features table looked at once: its rows and head (the whole table is not kept). */
interface FeaturesSummary {
  name: string;
  read: () => DataFrame;
  rows: number;
  head: DataFrame;
}

async function summaries(analysis: ReportAnalysis, onRead: () => void): Promise<FeaturesSummary[]> {
  const out: FeaturesSummary[] = [];
  for (const { name, read, head: headOf } of analysis.features) {
    const looked = headOf ? await headOf(5) : headAndRows(read());
    onRead();
    out.push({ name, read, ...looked });
  }
  return out;
}

function headAndRows(df: DataFrame): { head: DataFrame; rows: number } {
  return { head: head(df, 5), rows: df.length };
}

/** The first rows, copied (a slice would keep the whole table's memory). */
function head(df: DataFrame, n: number): DataFrame {
  return df.take(Uint32Array.from({ length: Math.min(n, df.length) }, (_, i) => i));
}

/** The figures of an analysis, the notes on what is not drawn, and its tables. */
function plan(analysis: ReportAnalysis, features: readonly FeaturesSummary[], feature: string | undefined) {
  const { tables } = analysis;
  // The campaign first, then the summaries, the rasters last.
  const figures: Planned[] = [];
  const notes: string[] = [];
  const chosen = chooseFeature(features, feature);
  const coordinates = campaignCoordinates(tables.simulations);
  if (!chosen) {
    notes.push(feature ? `No features table has '${feature}': no figure over the campaign.` : "No features table per simulation: no figure over the campaign.");
  } else if (coordinates.length === 0) {
    notes.push("The campaign has no coordinate that varies: no figure over the campaign.");
  } else {
    const input = () => ({ features: chosen.read(), simulations: tables.simulations });
    const options = { feature: chosen.column, table: chosen.name };
    figures.push(
      coordinates.length >= 2
        ? { id: "heatmap", build: () => heatmapFigure(input(), options) }
        : { id: "feature-line", build: () => featureLineFigure(input(), options) },
    );
  }
  if (tables.report.has(VALUE)) {
    figures.push({ id: "traces", build: () => traceFigure(tables) });
  } else {
    figures.push({ id: "firing-rates", build: () => firingRatesFigure(tables) }, { id: "psth", build: () => psthFigure(tables) }, { id: "isi", build: () => isiFigure(tables) });
    for (const w of windowTrials(tables.windows).values()) {
      figures.push({ id: `raster-${w.simulationId}-${w.window}`, scale: 1, build: () => rasterFigure(tables, { simulationId: w.simulationId, window: w.window }) });
    }
  }
  const neuronClasses = tables.neuron_classes.select(tables.neuron_classes.columnNames.filter((c) => c !== "gids"));
  const pageTables = [
    { title: "Simulations", df: head(tables.simulations, 50), rows: tables.simulations.length },
    { title: "Neuron classes", df: head(neuronClasses, 50), rows: neuronClasses.length },
    { title: "Windows", df: head(tables.windows, 50), rows: tables.windows.length },
    ...features.map((f) => ({ title: `Features: ${f.name}`, df: f.head, rows: f.rows })),
  ];
  return { figures, notes, feature: chosen, tables: pageTables };
}

/** The feature's table (per class before finer ones, then the smaller) and column: `column` or `table.column`, else a default. */
function chooseFeature(features: readonly FeaturesSummary[], feature: string | undefined): (FeaturesSummary & { column: string }) | undefined {
  const dot = feature?.indexOf(".") ?? -1;
  const [table, column] = feature && dot > 0 ? [feature.slice(0, dot), feature.slice(dot + 1)] : [undefined, feature];
  const candidates = features
    .filter((f) => (table === undefined || f.name === table) && f.head.has(SIMULATION_ID))
    .sort((a, b) => keysBeyondClass(a.head) - keysBeyondClass(b.head) || a.rows - b.rows);
  const isFloat = (f: FeaturesSummary, name: string) => f.head.has(name) && f.head.column(name).dtype.startsWith("float");
  for (const name of column ? [column] : DEFAULT_FEATURES) {
    const found = candidates.find((f) => isFloat(f, name));
    if (found) return { ...found, column: name };
  }
  if (column) return undefined;
  for (const f of candidates) {
    const first = f.head.columnNames.find((c) => isFloat(f, c));
    if (first) return { ...f, column: first };
  }
  return undefined;
}

/** Index levels beyond simulation, circuit, neuron class and window (a per-gid table has more). */
function keysBeyondClass(df: DataFrame): number {
  return df.indexNames.filter((n) => ![SIMULATION_ID, CIRCUIT_ID, NEURON_CLASS, WINDOW].includes(n)).length;
}
