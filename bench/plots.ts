/**
 * The figures of `blueetl report`, one at a time: for each, the seconds of its spec (computed
 * from the tables), its SVG (Vega) and its PNG (resvg), and their sizes; then the page's size.
 * The analyses are run first (from the cache when it is complete) and are not timed.
 *
 *   npm run bench:plots -- <analysis_config.yaml> [--feature <[table.]column>]
 */
import { parseArgs } from "node:util";
import { runFromFile } from "../src/analysis/index.ts";
import {
  featureLineFigure,
  firingRatesFigure,
  heatmapFigure,
  isiFigure,
  psthFigure,
  rasterFigure,
  reportPage,
  type Spec,
  svgToPng,
  toSvg,
  traceFigure,
} from "../src/plots/index.ts";
import { campaignCoordinates } from "../src/plots/tables.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { feature: { type: "string", default: "mean_of_mean_firing_rates_per_second" } } });
if (positionals.length !== 1) throw new Error("usage: npm run bench:plots -- <analysis_config.yaml> [--feature <[table.]column>]");
const ma = await runFromFile(positionals[0]!, { logLevel: "error" });

const rows = [["figure", "spec s", "SVG s", "PNG s", "SVG MB", "PNG MB"]];
const figures: Array<{ id: string; spec: Spec }> = [];
async function measure(id: string, build: () => Spec, scale = 2): Promise<void> {
  const started = performance.now();
  const spec = build();
  const built = performance.now();
  const svg = await toSvg(spec);
  const rendered = performance.now();
  const png = await svgToPng(svg, { scale });
  const done = performance.now();
  figures.push({ id, spec });
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(3);
  rows.push([id, s(started, built), s(built, rendered), s(rendered, done), (svg.length / 2 ** 20).toFixed(2), (png.length / 2 ** 20).toFixed(2)]);
  console.error(rows.at(-1)!.join("  "));
}

for (const name of ma.names) {
  const analysis = ma.analysis(name);
  const tables = analysis.repo.tables();
  if (tables.report.has("value")) await measure(`${name}/traces`, () => traceFigure(tables));
  else {
    const windows = tables.windows.records().filter((w) => w["trial"] === 0);
    for (const w of windows) {
      const [simulationId, window] = [w["simulation_id"] as number, w["window"] as string];
      await measure(`${name}/raster-${simulationId}-${window}`, () => rasterFigure(tables, { simulationId, window }), 1);
    }
    await measure(`${name}/psth`, () => psthFigure(tables));
    await measure(`${name}/firing-rates`, () => firingRatesFigure(tables));
    await measure(`${name}/isi`, () => isiFigure(tables));
  }
  const table = [...analysis.features.tables()].find(([, f]) => f.df.has(values.feature!));
  if (table) {
    const input = { features: table[1].df, simulations: tables.simulations };
    const options = { feature: values.feature!, table: table[0] };
    if (campaignCoordinates(tables.simulations).length >= 2) await measure(`${name}/heatmap`, () => heatmapFigure(input, options));
    else await measure(`${name}/feature-line`, () => featureLineFigure(input, options));
  }
}
await ma.close();

const started = performance.now();
const page = reportPage("bench", [{ title: "figures", notes: [], tables: [], figures: figures.map((f) => ({ id: f.id.replace("/", "-"), spec: f.spec })) }]);
console.log(`\n${rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(28) : c.padStart(8))).join("  ")).join("\n")}`);
console.log(`\npage: ${(page.length / 2 ** 20).toFixed(2)} MB (the libraries inlined: ${(reportPage("bench", []).length / 2 ** 20).toFixed(2)} MB), built in ${((performance.now() - started) / 1000).toFixed(3)} s`);
