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
  /** The features tables by name, each read when called. */
  features: ReadonlyArray<{ name: string; read: () => DataFrame }>;
}

export interface ReportOptions {
  /** The feature of the heat-maps: `column` or `table.column` (a per-class firing rate or mean by default). */
  feature?: string;
  /** Title of the page. */
  title?: string;
  /** Called after each figure is drawn. */
  progress?: (done: number, total: number, message: string) => void;
  /** Told how long each figure took. */
  info?: (message: string) => void;
}

export interface ReportSummary {
  page: string;
  /** Every file written, the page last. */
  files: string[];
  /** For each figure: its id and the seconds taken by its spec, its SVG and its PNG. */
  timings: Array<{ id: string; spec: number; svg: number; png: number }>;
}

/** Features drawn over the campaign by default, when a table has them (BlueETL's bnac and soma features). */
const DEFAULT_FEATURES = ["mean_of_mean_firing_rates_per_second", "mean_firing_rates_per_second", "mean"];

interface Planned {
  id: string;
  build: () => Spec;
}

export async function writeReport(analyses: readonly ReportAnalysis[], dir: string, options: ReportOptions = {}): Promise<ReportSummary> {
  const plans = analyses.map((analysis) => plan(analysis, options.feature));
  if (options.feature && plans.every((p) => !p.feature)) {
    throw new PlotError(`--feature ${options.feature}: no features table of ${analyses.map((a) => a.name).join(", ")} has it`);
  }
  const total = plans.reduce((n, p) => n + p.figures.length, 0);
  const files: string[] = [];
  const timings: ReportSummary["timings"] = [];
  const pngs: Array<Promise<void>> = [];
  const sections: PageSection[] = [];
  let done = 0;
  for (const [i, analysis] of analyses.entries()) {
    const { figures, notes, tables } = plans[i]!;
    const folder = join(dir, analysis.name);
    mkdirSync(folder, { recursive: true });
    const drawn: PageFigure[] = [];
    for (const figure of figures) {
      const started = performance.now();
      const spec = figure.build();
      const built = performance.now();
      const svg = await toSvg(spec);
      const rendered = performance.now();
      const [svgFile, pngFile] = ["svg", "png"].map((ext) => join(folder, `${figure.id}.${ext}`)) as [string, string];
      writeFileSync(svgFile, svg);
      const timing = { id: `${analysis.name}/${figure.id}`, spec: (built - started) / 1000, svg: (rendered - built) / 1000, png: 0 };
      timings.push(timing);
      // PNGs are rasterised in the thread pool while the next figures are drawn.
      pngs.push(
        svgToPng(svg).then((png) => {
          writeFileSync(pngFile, png);
          timing.png = (performance.now() - rendered) / 1000;
        }),
      );
      files.push(svgFile, pngFile);
      drawn.push({ id: `${analysis.name}-${figure.id}`, spec, files: { svg: `${analysis.name}/${figure.id}.svg`, png: `${analysis.name}/${figure.id}.png` } });
      options.progress?.(++done, total, `report: ${analysis.name} ${figure.id}`);
    }
    sections.push({ title: `Analysis ${analysis.name}`, notes, tables: tables(), figures: drawn });
  }
  await Promise.all(pngs);
  for (const t of timings) options.info?.(`${t.id}: spec ${t.spec.toFixed(3)} s, SVG ${t.svg.toFixed(3)} s, PNG ${t.png.toFixed(3)} s`);
  const page = join(dir, "index.html");
  const temporary = `${page}.${process.pid}.tmp`;
  writeFileSync(temporary, reportPage(options.title ?? "BlueETL report", sections));
  renameSync(temporary, page);
  files.push(page);
  return { page, files, timings };
}

/** The figures of an analysis, the notes on what is not drawn, and its tables. */
function plan(analysis: ReportAnalysis, feature: string | undefined) {
  const { tables } = analysis;
  const frames = tables.report.has(VALUE);
  const figures: Planned[] = [];
  const notes: string[] = [];
  if (frames) {
    figures.push({ id: "traces", build: () => traceFigure(tables) });
  } else {
    for (const w of windowTrials(tables.windows).values()) {
      figures.push({ id: `raster-${w.simulationId}-${w.window}`, build: () => rasterFigure(tables, { simulationId: w.simulationId, window: w.window }) });
    }
    figures.push({ id: "psth", build: () => psthFigure(tables) }, { id: "firing-rates", build: () => firingRatesFigure(tables) }, { id: "isi", build: () => isiFigure(tables) });
  }
  const chosen = chooseFeature(analysis, feature);
  const coordinates = campaignCoordinates(tables.simulations);
  if (!chosen) {
    notes.push(feature ? `No features table has '${feature}': no figure over the campaign.` : "No features table per simulation: no figure over the campaign.");
  } else if (coordinates.length === 0) {
    notes.push("The campaign has no coordinate that varies: no figure over the campaign.");
  } else {
    const input = () => ({ features: chosen.read(), simulations: tables.simulations });
    const options = { feature: chosen.column, table: chosen.table };
    figures.push(
      coordinates.length >= 2
        ? { id: "heatmap", build: () => heatmapFigure(input(), options) }
        : { id: "feature-line", build: () => featureLineFigure(input(), options) },
    );
  }
  return { figures, notes, feature: chosen, tables: () => pageTables(analysis) };
}

/** Per-class tables first, then the smaller: the feature's table and column. */
function chooseFeature(analysis: ReportAnalysis, feature: string | undefined) {
  const [table, column] = feature?.includes(".") ? [feature.slice(0, feature.indexOf(".")), feature.slice(feature.indexOf(".") + 1)] : [undefined, feature];
  const candidates = analysis.features
    .filter((f) => table === undefined || f.name === table)
    .map((f) => ({ ...f, df: f.read() }))
    .filter(({ df }) => df.has(SIMULATION_ID))
    .sort((a, b) => keysBeyondClass(a.df) - keysBeyondClass(b.df) || a.df.length - b.df.length);
  const wanted = column ? [column] : DEFAULT_FEATURES;
  for (const name of wanted) {
    const found = candidates.find(({ df }) => df.has(name) && df.column(name).dtype.startsWith("float"));
    if (found) return { table: found.name, column: name, read: () => found.df };
  }
  if (column) return undefined;
  // Else the first float column of the first table.
  for (const { name, df } of candidates) {
    const first = df.columnNames.find((c) => df.column(c).dtype.startsWith("float"));
    if (first) return { table: name, column: first, read: () => df };
  }
  return undefined;
}

/** Index levels beyond simulation, circuit, neuron class and window (a per-gid table has more). */
function keysBeyondClass(df: DataFrame): number {
  return df.indexNames.filter((n) => ![SIMULATION_ID, CIRCUIT_ID, NEURON_CLASS, WINDOW].includes(n)).length;
}

/** The repository tables (the simulations, neuron classes and windows in full up to 50 rows) and each features table's head. */
function pageTables(analysis: ReportAnalysis) {
  const { tables } = analysis;
  const neuronClasses = tables.neuron_classes.select(tables.neuron_classes.columnNames.filter((c) => c !== "gids"));
  return [
    { title: "Simulations", df: tables.simulations, shown: 50 },
    { title: "Neuron classes", df: neuronClasses, shown: 50 },
    { title: "Windows", df: tables.windows, shown: 50 },
    ...analysis.features.map((f) => ({ title: `Features: ${f.name}`, df: f.read(), shown: 5 })),
  ];
}
