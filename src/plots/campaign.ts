/**
 * A feature over the campaign's coordinates: a heat-map over two coordinates, faceted by the
 * others, or a line against the only one. The feature's other keys (neuron class, window,
 * parameter set) become facets, colours or lines; finer keys (gid, trial) are averaged over.
 */
import type { DataFrame, Value } from "../frame/index.ts";
import { CONFIG, type Rows, SCHEMA, type Spec } from "./style.ts";
import { CIRCUIT_ID, NEURON_CLASS, PlotError, SIMULATION_ID, WINDOW, campaignCoordinates, numbers } from "./tables.ts";

export interface CampaignTables {
  /** A features table with a simulation_id (index level or column). */
  features: DataFrame;
  simulations: DataFrame;
}

export interface HeatmapOptions {
  /** The feature: a numeric column of the features table. */
  feature: string;
  /** The coordinates on x and y (the first two varying coordinates by default). */
  x?: string;
  y?: string;
  /** A name for the table in titles. */
  table?: string;
}

/** Keys of a features table that split a figure (facets or colours); the others are averaged over. */
const SPLITTING_KEYS = [NEURON_CLASS, WINDOW, "params_id"];

/** The features rows with their simulation's coordinates: one row per features row. */
interface Joined {
  values: Rows;
  /** Splitting keys with more than one value. */
  keys: string[];
  /** Keys averaged over. */
  averaged: string[];
}

function join(tables: CampaignTables, feature: string, coordinates: readonly string[]): Joined {
  const { features, simulations } = tables;
  const value = numbers(features, feature, "features");
  const simulationOf = numbers(features, SIMULATION_ID, "features");
  const bySimulation = new Map<number, number>();
  const ids = numbers(simulations, SIMULATION_ID, "simulations");
  ids.forEach((id, row) => bySimulation.set(id, row));
  const present = [...features.indexNames, ...features.columnNames].filter((n) => n !== SIMULATION_ID && n !== CIRCUIT_ID && n !== feature);
  const candidates = SPLITTING_KEYS.filter((k) => present.includes(k));
  const keys = candidates.filter((k) => distinct(features, k) > 1);
  const averaged = features.indexNames.filter((n) => n !== SIMULATION_ID && n !== CIRCUIT_ID && !SPLITTING_KEYS.includes(n));
  // One row per simulation and keys: the mean of the feature over the finer keys (NaN left out).
  const rows = new Map<string, { out: Record<string, unknown>; sum: number; n: number }>();
  for (let i = 0; i < features.length; i++) {
    const row = bySimulation.get(simulationOf[i]!);
    if (row === undefined) continue;
    const id = [simulationOf[i], ...keys.map((k) => features.value(k, i))].join("\u0000");
    let found = rows.get(id);
    if (!found) {
      const out: Record<string, unknown> = { [SIMULATION_ID]: simulationOf[i] };
      for (const c of coordinates) out[c] = simulations.value(c, row);
      for (const k of keys) out[k] = features.value(k, i);
      rows.set(id, (found = { out, sum: 0, n: 0 }));
    }
    if (Number.isNaN(value[i])) continue;
    found.sum += value[i]!;
    found.n++;
  }
  const values = [...rows.values()].map(({ out, sum, n }) => ({ ...out, value: n > 0 ? sum / n : null }));
  return { values, keys, averaged };
}

function distinct(df: DataFrame, name: string): number {
  const column = df.column(name);
  const seen = new Set<Value>();
  for (let i = 0; i < column.length; i++) seen.add(column.get(i));
  return seen.size;
}

/** A field naming the combination of `fields` in each row ("L5_EXC · evoked"). */
function combine(values: Rows, fields: readonly string[], into: string): void {
  for (const row of values) row[into] = fields.map((f) => (f === NEURON_CLASS || f === WINDOW ? String(row[f]) : `${f}=${String(row[f])}`)).join(" · ");
}

/** Facet rows by the combined `row` field, when some fields are left for rows. */
function rowFacet(fields: readonly string[]): object {
  if (fields.length === 0) return {};
  return { row: { field: "row", type: "nominal", title: fields.map((f) => f.replaceAll("_", " ")).join(" · "), header: { labelAngle: 0, labelAlign: "left" } } };
}

function subtitle(table: string | undefined, averaged: readonly string[]): string {
  const from = table ? `from ${table}` : "";
  const over = averaged.length > 0 ? `mean over ${averaged.join(", ")}` : "";
  return [from, over].filter(Boolean).join("; ");
}

/**
 * The feature over two coordinates (needs two varying coordinates): one cell per pair of values,
 * its colour the mean of the feature's rows there; facet columns by a third coordinate, rows by
 * the remaining coordinates and the feature's keys. Rows: simulation_id, the coordinates, the
 * keys, value (the feature), and `column` and `row` (the facets' labels).
 */
export function heatmapFigure(tables: CampaignTables, options: HeatmapOptions): Spec {
  const coordinates = campaignCoordinates(tables.simulations);
  const x = options.x ?? coordinates[0];
  const y = options.y ?? coordinates.find((c) => c !== x);
  if (!x || !y || x === y) {
    throw new PlotError(`a heat-map needs two campaign coordinates that vary (the campaign has: ${coordinates.join(", ") || "none"})`);
  }
  for (const c of [x, y]) if (!tables.simulations.has(c)) throw new PlotError(`'${c}' is not a coordinate of the campaign (it has: ${coordinates.join(", ")})`);
  const others = coordinates.filter((c) => c !== x && c !== y);
  const { values, keys, averaged } = join(tables, options.feature, [x, y, ...others]);
  // Columns by a third coordinate, else by window; rows by the rest.
  const columnBy = others[0] ?? keys.find((k) => k === WINDOW);
  const rowBy = [...others, ...keys].filter((k) => k !== columnBy);
  if (columnBy) combine(values, [columnBy], "column");
  if (rowBy.length > 0) combine(values, rowBy, "row");
  const cells = new Set(values.map((v) => `${String(v[x])}\u0000${String(v[y])}`)).size;
  const cell = {
    width: { step: 36 },
    height: { step: 22 },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          x: { field: x, type: "ordinal", title: x, axis: { labelAngle: 0 } },
          y: { field: y, type: "ordinal", title: y },
          color: { aggregate: "mean", field: "value", type: "quantitative", title: options.feature, scale: { scheme: "viridis" }, legend: { titleLimit: 400 } },
          tooltip: [{ field: x }, { field: y }, { aggregate: "mean", field: "value", title: options.feature, format: ".4g" }, { aggregate: "count", title: "rows" }],
        },
      },
      ...(cells <= 64
        ? [
            {
              mark: { type: "text", fontSize: 8 },
              encoding: {
                x: { field: x, type: "ordinal" },
                y: { field: y, type: "ordinal" },
                text: { aggregate: "mean", field: "value", type: "quantitative", format: ".3g" },
                color: { value: "white" },
              },
            },
          ]
        : []),
    ],
  };
  const facet = {
    ...(columnBy ? { column: { field: "column", type: "nominal", title: columnBy } } : {}),
    ...rowFacet(rowBy),
  };
  const faceted = Object.keys(facet).length > 0;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${options.feature} over ${x} and ${y}`, subtitle: subtitle(options.table, averaged) },
    data: { values },
    ...(faceted ? { facet, spec: cell } : cell),
  } as Spec;
}

export interface FeatureLineOptions {
  feature: string;
  /** The coordinate on x (the only varying one by default). */
  coordinate?: string;
  table?: string;
}

/**
 * The feature against one coordinate: a line per neuron class (the mean of the feature's rows at
 * each value), facet columns by window and rows by the other keys. Rows as `heatmapFigure`'s.
 */
export function featureLineFigure(tables: CampaignTables, options: FeatureLineOptions): Spec {
  const coordinates = campaignCoordinates(tables.simulations);
  const coordinate = options.coordinate ?? coordinates[0];
  if (!coordinate || !tables.simulations.has(coordinate)) {
    throw new PlotError(`a line against a coordinate needs a campaign coordinate that varies (the campaign has: ${coordinates.join(", ") || "none"})`);
  }
  const { values, keys, averaged } = join(tables, options.feature, [coordinate]);
  const colorBy = keys.includes(NEURON_CLASS) ? NEURON_CLASS : undefined;
  const columnBy = keys.includes(WINDOW) ? WINDOW : undefined;
  const rowBy = keys.filter((k) => k !== colorBy && k !== columnBy);
  if (rowBy.length > 0) combine(values, rowBy, "row");
  const numeric = values.every((v) => typeof v[coordinate] === "number");
  const line = {
    width: 260,
    height: 160,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: coordinate, type: numeric ? "quantitative" : "ordinal", scale: numeric ? { zero: false } : undefined },
      y: { aggregate: "mean", field: "value", type: "quantitative", title: options.feature },
      ...(colorBy ? { color: { field: colorBy, type: "nominal", title: "neuron class" } } : {}),
      tooltip: [{ field: coordinate }, ...(colorBy ? [{ field: colorBy }] : []), { aggregate: "mean", field: "value", title: options.feature, format: ".4g" }],
    },
  };
  const facet = {
    ...(columnBy ? { column: { field: columnBy, type: "nominal", title: "window" } } : {}),
    ...rowFacet(rowBy),
  };
  const faceted = Object.keys(facet).length > 0;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${options.feature} against ${coordinate}`, subtitle: subtitle(options.table, averaged) },
    data: { values },
    ...(faceted ? { facet, spec: line } : line),
  } as Spec;
}
