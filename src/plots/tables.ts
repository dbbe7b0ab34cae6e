/**
 * What the figures read of an analysis' tables: columns checked by name and kind, as typed
 * arrays; the campaign coordinates; the windows; the neurons stacked by class (each report row
 * given its slot, once per report).
 */
import { CategoricalColumn, type DataFrame, type GroupBy, NumericColumn, type NumericValues, ObjectColumn, categorical } from "../frame/index.ts";

/** The repository tables of an analysis, as `repo.tables()` gives them. */
export interface Tables {
  simulations: DataFrame;
  neurons: DataFrame;
  neuron_classes: DataFrame;
  windows: DataFrame;
  report: DataFrame;
}

export class PlotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlotError";
  }
}

// BlueETL's column names, as extract/columns.ts has them: plots does not depend on extraction.
export const SIMULATION_ID = "simulation_id";
export const CIRCUIT_ID = "circuit_id";
export const NEURON_CLASS = "neuron_class";
export const NEURON_CLASS_INDEX = "neuron_class_index";
export const GID = "gid";
export const WINDOW = "window";
export const TRIAL = "trial";
export const TIME = "time";
export const VALUE = "value";

/** Columns of the simulations table that are not campaign coordinates. */
const NOT_COORDINATES = new Set(["simulation_path", SIMULATION_ID, CIRCUIT_ID, "simulation", "circuit"]);

/** The values of a numeric column; a clear error naming the table otherwise. */
export function numbers(df: DataFrame, name: string, table: string): NumericValues {
  const column = required(df, name, table);
  if (!(column instanceof NumericColumn)) throw new PlotError(`the ${table} table's column '${name}' must be numeric, not ${column.dtype}`);
  return column.values;
}

/** A column of names as codes into categories (object columns of strings are converted). */
export function labels(df: DataFrame, name: string, table: string): CategoricalColumn {
  const column = required(df, name, table);
  if (column instanceof CategoricalColumn) return column;
  if (column instanceof ObjectColumn) return categorical(Array.from({ length: column.length }, (_, i) => (column.get(i) === null ? null : String(column.get(i)))));
  throw new PlotError(`the ${table} table's column '${name}' must hold names (categorical or strings), not ${column.dtype}`);
}

function required(df: DataFrame, name: string, table: string) {
  if (!df.has(name)) throw new PlotError(`the ${table} table has no column '${name}' (it has: ${df.names.join(", ")})`);
  return df.column(name);
}

/** The campaign coordinates that take more than one value, in the simulations table's order. */
export function campaignCoordinates(simulations: DataFrame): string[] {
  return simulations.names.filter((name) => {
    if (NOT_COORDINATES.has(name)) return false;
    const column = simulations.column(name);
    const values = new Set(Array.from({ length: column.length }, (_, i) => JSON.stringify(column.get(i))));
    return values.size > 1;
  });
}

/** Each simulation's coordinates as `ca=1.05, seed=8`, for titles. */
export function coordinatesLabel(simulations: DataFrame | undefined, simulationId: number): string {
  if (!simulations) return "";
  const found = simulations.q({ [SIMULATION_ID]: simulationId });
  if (found.length === 0) return "";
  return campaignCoordinates(simulations)
    .map((name) => `${name}=${String(found.value(name, 0))}`)
    .join(", ");
}

/** A window of one simulation: its bounds relative to each trial's offset, its trials, its circuit. */
export interface WindowTrials {
  simulationId: number;
  window: string;
  tStart: number;
  tStop: number;
  trials: number;
  circuit: number;
}

/** The windows of each simulation, by `${simulation_id} ${window}`, in the windows table's order. */
export function windowTrials(windows: DataFrame): Map<string, WindowTrials> {
  const simulation = numbers(windows, SIMULATION_ID, "windows");
  const circuit = numbers(windows, CIRCUIT_ID, "windows");
  const name = labels(windows, WINDOW, "windows");
  const start = numbers(windows, "t_start", "windows");
  const stop = numbers(windows, "t_stop", "windows");
  const out = new Map<string, WindowTrials>();
  for (let i = 0; i < windows.length; i++) {
    const window = name.get(i) as string;
    const key = `${simulation[i]} ${window}`;
    const found = out.get(key);
    if (found) found.trials++;
    else out.set(key, { simulationId: simulation[i]!, window, tStart: start[i]!, tStop: stop[i]!, trials: 1, circuit: circuit[i]! });
  }
  return out;
}

/** The window of a simulation; an error naming what the windows table has. */
export function windowOf(trials: Map<string, WindowTrials>, simulationId: number, window: string): WindowTrials {
  const found = trials.get(`${simulationId} ${window}`);
  if (!found) throw new PlotError(`the windows table has no window '${window}' for simulation ${simulationId} (it has: ${[...trials.keys()].join("; ")})`);
  return found;
}

/** The window names in their order in the windows table (the config's order). */
export function windowNames(windows: DataFrame): string[] {
  const column = labels(windows, WINDOW, "windows");
  const seen = new Set<string>();
  for (let i = 0; i < column.length; i++) seen.add(column.get(i) as string);
  return [...seen];
}

/** The stacked neurons of a window's circuit. */
export function stackOf(index: SpikeIndex, window: WindowTrials): Stack {
  const stack = index.circuits.get(window.circuit);
  if (!stack) throw new PlotError(`the neurons table has no neuron of circuit ${window.circuit} (simulation ${window.simulationId})`);
  return stack;
}

/**
 * The neurons stacked: circuit after circuit, class after class, in neuron_class_index order
 * within a class; a neuron in two classes has two slots. `slot[row]` is the slot of each report
 * row (-1: not a neuron of the neurons table).
 */
export interface SpikeIndex {
  /** Neuron classes, in the neurons table's category order (the stacking order). */
  classes: string[];
  /** For each report row: its class, as an index into `classes`. */
  classOf: Int32Array;
  slot: Int32Array;
  /** The neurons of each circuit id. */
  circuits: Map<number, Stack>;
  /** Number of slots over every circuit. */
  slots: number;
}

/** The neurons of a circuit: its first slot, each class' first slot in it and number of neurons, its slots. */
export interface Stack {
  first: number;
  base: Int32Array;
  count: Int32Array;
  slots: number;
}

const spikeIndexes = new WeakMap<DataFrame, WeakMap<DataFrame, SpikeIndex>>();

/** The report rows placed on the stacked neurons (computed once per pair of tables). */
export function spikeIndex(report: DataFrame, neurons: DataFrame): SpikeIndex {
  let byNeurons = spikeIndexes.get(report);
  if (!byNeurons) spikeIndexes.set(report, (byNeurons = new WeakMap()));
  let index = byNeurons.get(neurons);
  if (!index) byNeurons.set(neurons, (index = buildSpikeIndex(report, neurons)));
  return index;
}

function buildSpikeIndex(report: DataFrame, neurons: DataFrame): SpikeIndex {
  const neuronClass = labels(neurons, NEURON_CLASS, "neurons");
  const classes = [...neuronClass.categories];
  const circuitOf = numbers(neurons, CIRCUIT_ID, "neurons");
  const gidOf = numbers(neurons, GID, "neurons");
  const positionOf = numbers(neurons, NEURON_CLASS_INDEX, "neurons");
  const groups = neurons.groupBy([CIRCUIT_ID, NEURON_CLASS]);
  const circuits: SpikeIndex["circuits"] = new Map();
  const slotOf = new Int32Array(neurons.length);
  let slots = 0;
  for (let g = 0; g < groups.count; g++) {
    const rows = groups.rows(g);
    const circuit = circuitOf[rows[0]!]!;
    const k = neuronClass.codes[rows[0]!]!;
    let entry = circuits.get(circuit);
    if (!entry) circuits.set(circuit, (entry = { first: slots, base: new Int32Array(classes.length), count: new Int32Array(classes.length), slots: 0 }));
    entry.base[k] = entry.slots;
    entry.count[k] = rows.length;
    // Stacked in neuron_class_index order.
    const first = entry.first + entry.slots;
    Array.from(rows)
      .sort((a, b) => positionOf[a]! - positionOf[b]!)
      .forEach((r, i) => (slotOf[r] = first + i));
    entry.slots += rows.length;
    slots += rows.length;
  }
  const reportClass = labels(report, NEURON_CLASS, "report");
  const toClass = Int32Array.from(reportClass.categories, (name) => classes.indexOf(name));
  const classOf = new Int32Array(report.length);
  for (let i = 0; i < report.length; i++) {
    const code = reportClass.codes[i]!;
    classOf[i] = code < 0 ? -1 : toClass[code]!;
  }
  const slot = new Int32Array(report.length).fill(-1);
  const gid = numbers(report, GID, "report");
  const circuit = numbers(report, CIRCUIT_ID, "report");
  const members = new Map([...circuits.keys()].map((c) => [c, neuronsByGid(circuitOf, gidOf, c)]));
  let current = Number.NaN;
  let byGid: ReturnType<typeof neuronsByGid> | undefined;
  for (let i = 0; i < report.length; i++) {
    if (circuit[i] !== current) byGid = members.get((current = circuit[i]!));
    const g = gid[i]!;
    if (!byGid || !(g < byGid.starts.length - 1)) continue;
    // The neurons rows of this gid (one per class it belongs to): the one of the row's class.
    for (let m = byGid.starts[g]!; m < byGid.starts[g + 1]!; m++) {
      const r = byGid.rows[m]!;
      if (neuronClass.codes[r] === classOf[i]) {
        slot[i] = slotOf[r]!;
        break;
      }
    }
  }
  return { classes, classOf, slot, circuits, slots };
}

/** The neurons rows of a circuit by gid (node ids are dense from 0): rows[starts[g]] .. rows[starts[g + 1] - 1]. */
function neuronsByGid(circuitOf: NumericValues, gidOf: NumericValues, circuit: number): { starts: Uint32Array; rows: Uint32Array } {
  let max = -1;
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit && gidOf[r]! > max) max = gidOf[r]!;
  const starts = new Uint32Array(max + 2);
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit) starts[gidOf[r]! + 1]!++;
  for (let g = 0; g <= max; g++) starts[g + 1]! += starts[g]!;
  const next = starts.slice(0, max + 1);
  const rows = new Uint32Array(starts[max + 1]!);
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit) rows[next[gidOf[r]!]!++] = r;
  return { starts, rows };
}

const groupings = new WeakMap<DataFrame, Map<string, { groups: GroupBy; byKey: Map<string, number> }>>();

/** The table grouped by `keys` (computed once per table), and each group by its key values. */
export function groupsOf(df: DataFrame, keys: readonly string[]): { groups: GroupBy; byKey: Map<string, number> } {
  let byKeys = groupings.get(df);
  if (!byKeys) groupings.set(df, (byKeys = new Map()));
  const id = keys.join("\u0000");
  let found = byKeys.get(id);
  if (!found) {
    const groups = df.groupBy(keys);
    const byKey = new Map(Array.from({ length: groups.count }, (_, g) => [keyString(Object.values(groups.key(g))), g]));
    byKeys.set(id, (found = { groups, byKey }));
  }
  return found;
}

/** The rows of the table whose `keys` have these values (none when no row has). */
export function rowsOf(df: DataFrame, keys: readonly string[], values: readonly unknown[]): Uint32Array {
  const { groups, byKey } = groupsOf(df, keys);
  const g = byKey.get(keyString(values));
  return g === undefined ? new Uint32Array(0) : groups.rows(g);
}

function keyString(values: readonly unknown[]): string {
  return values.map(String).join("\u0000");
}

/** The smallest of 1, 2, 5 x 10^k that is at least `x`. */
export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/**
 * The bin [start + b * width, start + (b + 1) * width) holding `t`, exactly against those edges
 * (the division alone can land a value on an edge in the wrong bin); clamped to [0, bins).
 */
export function binOf(t: number, start: number, width: number, bins: number): number {
  let b = Math.floor((t - start) / width);
  if (t < start + b * width) b--;
  else if (t >= start + (b + 1) * width) b++;
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}
