/**
 * Each figure function on a generated campaign: the data of its spec equal what is computed here
 * again, independently, from the tables it was given (report rows counted with `q`, rates and
 * intervals from the records), and the files it renders to are what they claim to be.
 */
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { describe, test } from "node:test";
import type { DataFrame, Row } from "../../src/frame/index.ts";
import {
  campaignCoordinates,
  featureLineFigure,
  firingRatesFigure,
  heatmapFigure,
  isiFigure,
  psthFigure,
  rasterFigure,
  toPng,
  toSvg,
  traceFigure,
} from "../../src/plots/index.ts";
import { plotAnalyses } from "./campaign.ts";

type Rows = Array<Record<string, any>>;
const values = (node: any): Rows => node.data.values;

async function spikeTables() {
  const ma = await plotAnalyses(3);
  return ma.analysis("spikes").repo.tables();
}

/** For each key, its report rows (records grouped in plain JavaScript). */
function groupRecords(df: DataFrame, key: (row: Row) => string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of df.records()) {
    const k = key(row);
    out.set(k, [...(out.get(k) ?? []), row]);
  }
  return out;
}

function trialsOf(windows: DataFrame, simulationId: number, window: string): number {
  return windows.q({ simulation_id: simulationId, window }).length;
}

function neuronCount(tables: { neuron_classes: DataFrame }, neuronClass: string): number {
  return tables.neuron_classes.one({ neuron_class: neuronClass })["count"] as number;
}

/** numpy's default quantile: linear between the order statistics. */
function quantile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return lo + 1 < sorted.length ? sorted[lo]! + (sorted[lo + 1]! - sorted[lo]!) * (at - lo) : sorted[lo]!;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

/** The RGBA pixels of a PNG written without filters (ours). */
function pixels(png: Buffer): { width: number; height: number; alpha: (x: number, y: number) => number } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  return { width, height, alpha: (x, y) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3]! };
}

describe("figures of a generated campaign", () => {
  test("raster: the PSTH bins hold the report's spikes of each class, the image a pixel per neuron and time with spikes", async () => {
    const tables = await spikeTables();
    const spec: any = rasterFigure(tables, { simulationId: 2, window: "evoked", width: 300, height: 200 });
    const [raster, psth] = spec.vconcat;
    const selected = tables.report.q({ simulation_id: 2, window: "evoked" });
    const bins = values(psth);
    for (const bin of bins) {
      const inBin = selected.q({ neuron_class: bin["neuron_class"], time: { ge: bin["t"], lt: bin["t2"] } }).length;
      assert.equal(bin["count"], inBin, `${bin["neuron_class"]} [${bin["t"]}, ${bin["t2"]})`);
    }
    assert.equal(bins.reduce((n, b) => n + b["count"], 0), selected.length);
    assert.match(spec.title.subtitle, new RegExp(`^${selected.length} spikes, 3 trials pooled`));

    // Classes stacked in name order, each as many rows as it has neurons.
    const classes = tables.neuron_classes.records().sort((a, b) => ((a["neuron_class"] as string) < (b["neuron_class"] as string) ? -1 : 1));
    let first = 0;
    const base = new Map<string, number>();
    const expectedBands = classes.map((c) => {
      base.set(c["neuron_class"] as string, first);
      const band = { neuron_class: c["neuron_class"], first, end: first + (c["count"] as number), neurons: c["count"] };
      first += c["count"] as number;
      return band;
    });
    const [bands, image] = raster.layer;
    assert.deepEqual(values(bands), expectedBands);
    const neurons = new Map(tables.neurons.records().map((n) => [`${n["neuron_class"]} ${n["gid"]}`, n["neuron_class_index"] as number]));
    const [width, height, slots, duration] = [300, 200, first, 150];
    const expected = new Set<string>();
    for (const row of selected.records()) {
      const slot = base.get(row["neuron_class"] as string)! + neurons.get(`${row["neuron_class"]} ${row["gid"]}`)!;
      expected.add(`${Math.floor(((row["time"] as number) / duration) * width)} ${Math.floor((slot * height) / slots)}`);
    }
    const url = values(image)[0]!["url"] as string;
    const png = pixels(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
    assert.deepEqual([png.width, png.height], [width, height]);
    const drawn = new Set<string>();
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (png.alpha(x, y) > 0) drawn.add(`${x} ${y}`);
    assert.deepEqual([...drawn].sort(), [...expected].sort());
  });

  test("PSTH: spikes of each simulation, class, window and bin, and the rate per neuron and trial", async () => {
    const tables = await spikeTables();
    const rows = values(psthFigure(tables, { binMs: 5 }));
    const report = groupRecords(tables.report, (r) => `${r["simulation_id"]} ${r["neuron_class"]} ${r["window"]}`);
    const simulations = tables.simulations.length;
    // Every simulation, class and window, each bin of 5 ms over the window (spont: 400 ms, evoked: 150).
    assert.equal(rows.length, simulations * tables.neuron_classes.length * (400 / 5 + 150 / 5));
    for (const row of rows) {
      const times = (report.get(`${row["simulation_id"]} ${row["neuron_class"]} ${row["window"]}`) ?? []).map((r) => r["time"] as number);
      const count = times.filter((t) => t >= row["t"] && t < row["t2"]).length;
      assert.equal(row["count"], count);
      const cells = neuronCount(tables, row["neuron_class"]) * trialsOf(tables.windows, row["simulation_id"], row["window"]);
      close(row["rate"], (count / cells / 5) * 1000, "rate");
    }
  });

  test("firing rates: the quartiles of each neuron's rate over the trials, silent neurons included", async () => {
    const tables = await spikeTables();
    const rows = values(firingRatesFigure(tables));
    assert.equal(rows.length, tables.simulations.length * 2 * tables.neuron_classes.length);
    const spikes = new Map<string, number>();
    for (const r of tables.report.records()) {
      const key = `${r["simulation_id"]} ${r["window"]} ${r["neuron_class"]} ${r["gid"]}`;
      spikes.set(key, (spikes.get(key) ?? 0) + 1);
    }
    for (const row of rows) {
      const { simulation_id: id, window, neuron_class: neuronClass } = row;
      const duration = tables.windows.first({ window })["duration"] as number;
      const trials = trialsOf(tables.windows, id, window);
      const gids = tables.neurons.q({ neuron_class: neuronClass }).records().map((n) => n["gid"]);
      const rates = gids.map((g) => ((spikes.get(`${id} ${window} ${neuronClass} ${g}`) ?? 0) * 1000) / (trials * duration)).sort((a, b) => a - b);
      assert.equal(row["neurons"], neuronCount(tables, neuronClass));
      close(row["mean"], rates.reduce((a, b) => a + b, 0) / rates.length, "mean");
      for (const [name, p] of [["q1", 0.25], ["median", 0.5], ["q3", 0.75]] as const) close(row[name], quantile(rates, p), name);
      close(row["min"], rates[0]!, "min");
      close(row["max"], rates.at(-1)!, "max");
      const iqr = row["q3"] - row["q1"];
      close(row["upper"], Math.max(row["q3"], ...rates.filter((r) => r <= row["q3"] + 1.5 * iqr)), "upper whisker");
    }
  });

  test("ISI: intervals between successive spikes of a neuron within a trial, per class and window", async () => {
    const tables = await spikeTables();
    const rows = values(isiFigure(tables));
    const trains = groupRecords(tables.report, (r) => `${r["simulation_id"]} ${r["window"]} ${r["trial"]} ${r["neuron_class"]} ${r["gid"]}`);
    const intervals = new Map<string, number[]>();
    for (const spikes of trains.values()) {
      const times = spikes.map((s) => s["time"] as number).sort((a, b) => a - b);
      const key = `${spikes[0]!["neuron_class"]} ${spikes[0]!["window"]}`;
      for (let i = 1; i < times.length; i++) intervals.set(key, [...(intervals.get(key) ?? []), times[i]! - times[i - 1]!]);
    }
    const groups = groupRecords(
      { records: () => rows } as unknown as DataFrame,
      (r) => `${r["neuron_class"]} ${r["window"]}`,
    );
    assert.deepEqual([...groups.keys()].sort(), [...intervals.keys()].sort());
    for (const [key, bins] of groups) {
      const all = intervals.get(key)!;
      const last = bins.length - 1;
      bins.forEach((bin, b) => {
        // Shorter intervals than the first bin count in it, longer than the last in the last.
        const count = all.filter((isi) => (b === 0 || isi >= (bin["lo"] as number)) && (b === last || isi < (bin["hi"] as number))).length;
        assert.equal(bin["count"], count, `${key} bin ${b}`);
      });
      assert.equal(bins.reduce((n, b) => n + (b["count"] as number), 0), all.length, key);
      close(bins.reduce((n, b) => n + (b["fraction"] as number), 0), 1, "fractions");
    }
  });

  test("traces: the mean and standard deviation of the soma report in each bin, and single traces of the first trial", async () => {
    const ma = await plotAnalyses(1);
    const tables = ma.analysis("soma").repo.tables();
    const rows = values(traceFigure(tables, { binMs: 2, singleTraces: 2 }));
    const means = rows.filter((r) => r["kind"] === "mean");
    assert.equal(means.length, tables.neuron_classes.length * (400 / 2 + 1 + 150 / 2 + 1));
    for (const row of means.filter((_, i) => i % 29 === 0)) {
      const last = row["t"] === (row["window"] === "spont" ? 400 : 150);
      const time = last ? { ge: row["t"] } : { ge: row["t"], lt: row["t"] + 2 };
      const v = Array.from(tables.report.q({ neuron_class: row["neuron_class"], window: row["window"], time }).records(), (r) => r["value"] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      assert.equal(row["samples"], v.length);
      assert.ok(Math.abs(row["mean"] - mean) < 1e-9, `${row["mean"]} != ${mean}`);
      assert.ok(Math.abs(row["sd"] - Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length)) < 1e-6);
    }
    const traces = rows.filter((r) => r["kind"] === "trace");
    const named = new Set(traces.map((r) => `${r["neuron_class"]} ${r["window"]} ${r["trace"]}`));
    // Two traces per class and window, or fewer when the report has fewer neurons of the class.
    const recorded = tables.neuron_classes.records().map((c) => new Set(tables.report.q({ neuron_class: c["neuron_class"] }).records().map((r) => r["gid"])).size);
    assert.equal(named.size, recorded.reduce((n, gids) => n + 2 * Math.min(2, gids), 0));
    for (const row of traces.filter((_, i) => i % 97 === 0)) {
      const gid = Number((row["trace"] as string).split(" ")[1]);
      const last = row["t"] === (row["window"] === "spont" ? 400 : 150);
      const time = last ? { ge: row["t"] } : { ge: row["t"], lt: row["t"] + 2 };
      const v = tables.report.q({ simulation_id: 0, trial: 0, gid, neuron_class: row["neuron_class"], window: row["window"], time }).records().map((r) => r["value"] as number);
      assert.ok(Math.abs(row["value"] - v.reduce((a, b) => a + b, 0) / v.length) < 1e-9);
    }
  });

  test("heat-map: a row per features row with its simulation's coordinates, faceted by the third coordinate and the feature's keys", async () => {
    const ma = await plotAnalyses(3);
    const analysis = ma.analysis("spikes");
    const simulations = analysis.repo.df("simulations");
    const features = analysis.features.get("by_neuron_class_0_0").df;
    assert.deepEqual(campaignCoordinates(simulations), ["ca", "depol", "mg"]);
    const spec: any = heatmapFigure({ features, simulations }, { feature: "mean_of_mean_firing_rates_per_second" });
    const coordinates = new Map(simulations.records().map((s) => [s["simulation_id"], s]));
    const expected = features.records().map((f) => {
      const s = coordinates.get(f["simulation_id"])!;
      return {
        simulation_id: f["simulation_id"],
        value: f["mean_of_mean_firing_rates_per_second"],
        ca: s["ca"],
        depol: s["depol"],
        mg: s["mg"],
        neuron_class: f["neuron_class"],
        window: f["window"],
        column: `mg=${s["mg"]}`,
        row: `${f["neuron_class"]} · ${f["window"]}`,
      };
    });
    assert.deepEqual(values(spec), expected);
    assert.deepEqual([spec.facet.column.field, spec.facet.row.field, spec.spec.layer[0].encoding.x.field, spec.spec.layer[0].encoding.y.field], ["column", "row", "ca", "depol"]);

    // A feature per gid: its mean over the gids of each simulation, class and window.
    const perGid = analysis.features.get("by_gid_0_0").df;
    const averaged: any = heatmapFigure({ features: perGid, simulations }, { feature: "mean_firing_rates_per_second" });
    assert.match(averaged.title.subtitle, /mean over gid, neuron_class_index$/);
    const groups = groupRecords(perGid, (r) => `${r["simulation_id"]} ${r["neuron_class"]} ${r["window"]}`);
    assert.equal(values(averaged).length, groups.size);
    for (const row of values(averaged)) {
      const rates = groups.get(`${row["simulation_id"]} ${row["neuron_class"]} ${row["window"]}`)!.map((r) => r["mean_firing_rates_per_second"] as number);
      close(row["value"], rates.reduce((a, b) => a + b, 0) / rates.length, "mean over the gids");
    }
  });

  test("feature line: the feature against the only coordinate, a line per class", async () => {
    const ma = await plotAnalyses(1);
    const analysis = ma.analysis("spikes");
    const simulations = analysis.repo.df("simulations");
    assert.deepEqual(campaignCoordinates(simulations), ["ca"]);
    const features = analysis.features.get("by_neuron_class_1_1").df;
    const spec: any = featureLineFigure({ features, simulations }, { feature: "std_of_mean_firing_rates_per_second" });
    const ca = new Map(simulations.records().map((s) => [s["simulation_id"], s["ca"]]));
    const expected = features.records().map((f) => ({
      simulation_id: f["simulation_id"],
      value: f["std_of_mean_firing_rates_per_second"],
      ca: ca.get(f["simulation_id"]),
      neuron_class: f["neuron_class"],
      window: f["window"],
    }));
    assert.deepEqual(values(spec), expected);
    assert.deepEqual([spec.spec.encoding.x.field, spec.spec.encoding.color.field, spec.facet.column.field], ["ca", "neuron_class", "window"]);
    assert.throws(() => heatmapFigure({ features, simulations }, { feature: "std_of_mean_firing_rates_per_second" }), /a heat-map needs two campaign coordinates that vary \(the campaign has: ca\)/);
    assert.throws(() => featureLineFigure({ features, simulations }, { feature: "nope" }), /the features table has no column 'nope'/);
  });

  test("a figure as SVG and as PNG, twice the SVG's size", async () => {
    const tables = await spikeTables();
    const spec = psthFigure(tables);
    const svg = await toSvg(spec);
    const [, width, height] = svg.match(/<svg[^>]* width="(\d+)" height="(\d+)"/)!.map(Number);
    assert.ok(svg.includes("PSTH per neuron class and window"));
    const png = await toPng(spec);
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [width! * 2, height! * 2]);
    assert.throws(() => rasterFigure(tables, { simulationId: 9, window: "evoked" }), /the windows table has no window 'evoked' for simulation 9/);
  });
});
