/**
 * The report table: for each simulation, neuron class and window trial, the spikes (half-open
 * window, BlueETL's `[t_start, t_stop)`) or the frames of a soma or compartment report (closed
 * window, t_step as a stride), with times relative to the trial's offset. Built one simulation
 * at a time into typed arrays, in BlueETL's row order.
 */
import type { ReportType } from "../config/index.ts";
import { CategoricalColumn, type Codes, type Column, DataFrame, codesType, NumericColumn, narrowCodes, numeric, sharedArray, withRuns } from "../frame/index.ts";
import { type Circuit, type FrameReportPopulation, Simulation, type SpikePopulation, loadHdf5 } from "../sonata/index.ts";
import {
  CIRCUIT_ID,
  GID,
  NEURON_CLASS,
  OFFSET,
  SECTION,
  SIMULATION_ID,
  TIME,
  TRIAL,
  T_START,
  T_STEP,
  T_STOP,
  VALUE,
  WINDOW,
} from "./columns.ts";
import { Growable } from "./builder.ts";
import { type FrameColumns, FrameRows, type FrameTarget, type PartColumns, PartRows, type SimulationReportPart, appendPart } from "./report-part.ts";
import { ExtractionError, checkNotEmpty } from "./errors.ts";
import type { Simulations } from "./simulations.ts";

/** What the report's tasks need of the simulations: their table, and where each one's config is (each task opens its own). */
export type ReportSimulations = { table: Simulations["table"]; entries: ReadonlyMap<number, { simulation: { path: string } }> };

/** The readers of a simulation. */
interface SimulationEntry {
  simulation: Simulation;
  circuit: Circuit;
}

export interface ReportOptions {
  type: ReportType;
  /** The report's name in the simulation config (soma and compartment reports). */
  name: string;
}

const TABLE_NAMES: Record<ReportType, string> = { spikes: "Spikes", soma: "SomaReport", compartment: "CompartmentReport" };

/** One trial of one window of a simulation: its absolute interval and offset. */
export interface Trial {
  window: number;
  windowName: string;
  trial: number;
  offset: number;
  start: number;
  stop: number;
  tStep: number;
}

/** The report's room for rows, as a multiple of the rows expected from the simulations so far. */
const ROOM = 1.5;

/** The spikes of the report table, accumulated column by column (on shared memory, for the Parquet writers). */
class SpikeRows implements PartColumns {
  readonly time = new Growable(Float64Array, 1024, true);
  readonly gid = new Growable(Float64Array, 1024, true);
  readonly window: Growable<Codes>;
  readonly trial = new Growable(Int16Array, 1024, true);
  readonly simulationId = new Growable(Int16Array, 1024, true);
  readonly circuitId = new Growable(Int16Array, 1024, true);
  readonly neuronClass: Growable<Codes>;
  readonly runStarts = new Growable(Uint32Array, 64);

  /** Codes as narrow as the names (windows, classes) allow: int8 below 128 names, as the table keeps them. */
  constructor(names: ReportNames) {
    this.window = new Growable(codesType(names.windows.length), 1024, true);
    this.neuronClass = new Growable(codesType(names.classes.length), 1024, true);
  }

  /** Room for `total` rows in all. */
  expect(total: number): void {
    for (const column of [this.time, this.gid, this.window, this.trial, this.simulationId, this.circuitId, this.neuronClass]) column.expect(total);
  }

  /** The report's columns. */
  columns(): ReportColumns {
    const empty = new Float64Array(0);
    const { time, gid, window, trial, simulationId, circuitId, neuronClass } = this;
    const keys = { window: window.values(), trial: trial.values(), simulationId: simulationId.values(), circuitId: circuitId.values(), neuronClass: neuronClass.values() };
    return { time: time.values(), value: new Float32Array(0), gid: gid.values(), section: empty, ...keys, runStarts: this.runStarts.values() };
  }
}

/** The names of the report's windows and classes, which its codes are into. */
interface ReportNames {
  windows: readonly string[];
  classes: readonly string[];
}

/** The report's columns, and the first row of each run of one class's trial. */
type ReportColumns = FrameColumns & { runStarts: Uint32Array };

/** One simulation's share of the report: serialisable, so that a worker thread (or a cluster's node) can run it. */
export interface SimulationReportTask {
  simulationPath: string;
  /** The neuron classes of the simulation's circuit, in class order. */
  classes: Array<{ code: number; population: string; gids: Float64Array }>;
  trials: Trial[];
  options: ReportOptions;
  /** Frame reports: where the rows go (counted first by `report-rows-of-simulation`). */
  into?: FrameTarget | undefined;
}

/** What each kind of a simulation's task gives. */
export interface SimulationTaskResults {
  /** The rows the simulation's frames will take (frame reports). */
  "report-rows-of-simulation": number;
  "report-of-simulation": SimulationReportPart;
}
export type SimulationTaskKind = keyof SimulationTaskResults;

/** Runs tasks of the simulations (inline, or elsewhere), handing each result on in task order. */
export type SimulationTasksRunner = <K extends SimulationTaskKind>(
  kind: K,
  tasks: SimulationReportTask[],
  onResult: (result: SimulationTaskResults[K], index: number) => void,
) => Promise<void>;

/** The functions of each kind of a simulation's task, as an executor runs them. */
export const SIMULATION_TASKS: { [K in SimulationTaskKind]: (task: SimulationReportTask) => Promise<SimulationTaskResults[K]> } = {
  "report-rows-of-simulation": (task) => simulationReportRows(task),
  "report-of-simulation": (task) => extractSimulationReport(task),
};

export interface ExtractReportOptions {
  progress?: ((done: number, total: number, step: string, detail?: string) => void) | undefined;
  /** Where the simulations' tasks run (by default one after the other, here). */
  run?: SimulationTasksRunner | undefined;
  /** Told the files each simulation read, and the readers' warnings. */
  filesRead?: ((files: Record<string, unknown>) => void) | undefined;
  warn?: ((message: string) => void) | undefined;
}

export async function extractReport(
  simulations: ReportSimulations,
  neurons: DataFrame,
  neuronClasses: DataFrame,
  windows: DataFrame,
  options: ReportOptions,
  extract: ExtractReportOptions = {},
): Promise<DataFrame> {
  const ids = reportSimulationOrder(simulations.table);
  const part = await extractReportPart(simulations, neurons, neuronClasses, windows, options, ids, extract);
  return mergeReportParts([part], options.type);
}

/** The simulation ids in the order of the report's rows (by simulation, then circuit). */
export function reportSimulationOrder(simulations: DataFrame): number[] {
  const ordered = simulations.sortBy([SIMULATION_ID, CIRCUIT_ID]);
  return Array.from({ length: ordered.length }, (_, s) => ordered.value(SIMULATION_ID, s) as number);
}

/**
 * The rows of some simulations of the report (a task's part): in the order given, which is the
 * report's order when the parts are taken in turn; a part may have no row.
 */
export async function extractReportPart(
  simulations: ReportSimulations,
  neurons: DataFrame,
  neuronClasses: DataFrame,
  windows: DataFrame,
  options: ReportOptions,
  simulationIds: readonly number[],
  extract: ExtractReportOptions = {},
): Promise<DataFrame> {
  const windowNames = (windows.column(WINDOW) as CategoricalColumn).categories;
  const classNames = (neurons.column(NEURON_CLASS) as CategoricalColumn).categories;
  for (const [what, names] of [["windows", windowNames], ["neuron classes", classNames]] as const) {
    if (names.length > 0x7fff) throw new Error(`the report cannot have ${names.length} ${what}: at most ${0x7fff}`);
  }
  const circuits = new Map(simulations.table.records().map((r) => [r[SIMULATION_ID] as number, r[CIRCUIT_ID] as number]));
  const tasks: SimulationReportTask[] = [];
  const ids: Array<[number, number]> = [];
  const step = `extracting the ${options.type} report`;
  for (const simulationId of simulationIds) {
    const circuitId = circuits.get(simulationId)!;
    const entry = simulations.entries.get(simulationId)!;
    const trials = trialsOf(windows.q({ [SIMULATION_ID]: simulationId, [CIRCUIT_ID]: circuitId }));
    const classes = classesOf(neurons.q({ [CIRCUIT_ID]: circuitId }), neuronClasses, circuitId).map(({ code, population, gids }) => ({ code, population, gids }));
    tasks.push({ simulationPath: entry.simulation.path, classes, trials, options });
    ids.push([simulationId, circuitId]);
  }
  const run: SimulationTasksRunner =
    extract.run ??
    (async (kind, all, onResult) => {
      for (let i = 0; i < all.length; i++) onResult(await SIMULATION_TASKS[kind](all[i]!), i);
    });
  const detail = (s: number) => (s < ids.length ? `simulation ${ids[s]![0]}` : undefined);
  const done = (part: SimulationReportPart, s: number) => {
    extract.filesRead?.(part.filesRead);
    for (const warning of part.warnings) extract.warn?.(warning);
    extract.progress?.(s + 1, tasks.length, step, detail(s + 1));
  };
  const names = { windows: windowNames, classes: classNames };
  const columns = options.type === "spikes" ? await spikeColumns(tasks, ids, run, names, done) : await frameColumns(tasks, ids, run, names, options.type, done);
  return reportTable(columns, options.type, names);
}

/** A simulation's task done: its part handed on, in task order. */
type PartDone = (part: SimulationReportPart, index: number) => void;

/** The spikes of each simulation, appended to the report's columns as they come, their keys filled. */
async function spikeColumns(tasks: SimulationReportTask[], ids: Array<[number, number]>, run: SimulationTasksRunner, names: ReportNames, done: PartDone): Promise<ReportColumns> {
  const rows = new SpikeRows(names);
  await run("report-of-simulation", tasks, (part, s) => {
    const [simulationId, circuitId] = ids[s]!;
    // When a part does not fit: room for the mean of the rows so far in each simulation, and half
    // as much again. Room never written takes no memory (the pages are not touched), and a
    // campaign's simulations differ (L's last five have 22% more spikes): growing late copies the
    // whole report, with both copies held at once.
    const needed = rows.time.length + part.time.length;
    if (needed > rows.time.capacity) rows.expect(Math.ceil((needed / (s + 1)) * tasks.length * ROOM));
    appendPart(rows, part);
    // The rows were added class by class: tag each class' block.
    tasks[s]!.classes.forEach((c, k) => {
      rows.simulationId.fill(simulationId, part.classRows[k]!);
      rows.circuitId.fill(circuitId, part.classRows[k]!);
      rows.neuronClass.fill(c.code, part.classRows[k]!);
    });
    done(part, s);
  });
  return rows.columns();
}

/**
 * The frames of each simulation, written by its task straight into the report's columns: the rows
 * are counted first (the reports' shapes, no data read), the columns made once at their size on
 * shared memory, and each task fills its own rows (in another thread, or here), so that no
 * simulation's frames are held twice or copied by this thread.
 */
async function frameColumns(
  tasks: SimulationReportTask[],
  ids: Array<[number, number]>,
  run: SimulationTasksRunner,
  names: ReportNames,
  type: ReportType,
  done: PartDone,
): Promise<ReportColumns> {
  const counts: number[] = [];
  await run("report-rows-of-simulation", tasks, (count, s) => (counts[s] = count));
  let total = 0;
  const offsets = counts.map((count) => (total += count) - count);
  const columns: FrameColumns = {
    time: sharedArray(Float64Array, total),
    value: sharedArray(Float32Array, total),
    gid: sharedArray(Float64Array, total),
    section: sharedArray(Float64Array, type === "compartment" ? total : 0),
    window: sharedArray(codesType(names.windows.length), total),
    trial: sharedArray(Int16Array, total),
    simulationId: sharedArray(Int16Array, total),
    circuitId: sharedArray(Int16Array, total),
    neuronClass: sharedArray(codesType(names.classes.length), total),
  };
  const targets = tasks.map((task, s) => ({ ...task, into: { columns, offset: offsets[s]!, rows: counts[s]!, simulationId: ids[s]![0], circuitId: ids[s]![1] } }));
  const runStarts = new Growable(Uint32Array, 64);
  await run("report-of-simulation", targets, (part, s) => {
    let start = offsets[s]!;
    for (const rows of part.trialRuns.rows) {
      runStarts.push(start);
      start += rows;
    }
    done(part, s);
  });
  return { ...columns, runStarts: runStarts.values() };
}

/** What a simulation's report task needs loaded (h5wasm), loaded now: a thread that will run such tasks starts on it while the caller works. */
export async function prepareSimulationReport(): Promise<void> {
  await loadHdf5();
}

/** The report rows of one simulation: its files opened, read, closed. */
export function extractSimulationReport(task: SimulationReportTask): Promise<SimulationReportPart> {
  return withSimulation(task, async (entry, classes) => {
    if (task.options.type === "spikes") {
      const rows = new PartRows();
      await addSpikes(rows, entry, classes, task.trials);
      return (rest) => rows.part(rest);
    }
    if (!task.into) throw new Error(`the frames of ${task.simulationPath} need their place in the report's columns (counted first)`);
    const rows = new FrameRows(task.into);
    await addFrames(rows, entry, classes, task.trials, task.options);
    return (rest) => rows.part(rest);
  });
}

/** The rows a simulation's frames will take in the report (counted from the report's shape, no data read). */
export async function simulationReportRows(task: SimulationReportTask): Promise<number> {
  const simulation = Simulation.open(task.simulationPath);
  try {
    return (await framePlan({ simulation, circuit: simulation.circuit() }, task.classes, task.trials, task.options)).rows;
  } finally {
    await simulation.close();
  }
}

/** A simulation opened for a task, its part made by `add` (given the classes, their rows counted), the simulation closed. */
async function withSimulation(
  task: SimulationReportTask,
  add: (entry: SimulationEntry, classes: ClassNeurons[]) => Promise<(rest: Pick<SimulationReportPart, "classRows" | "filesRead" | "warnings">) => SimulationReportPart>,
): Promise<SimulationReportPart> {
  const warnings: string[] = [];
  const simulation = Simulation.open(task.simulationPath, { warn: (message) => warnings.push(message) });
  try {
    const entry = { simulation, circuit: simulation.circuit() };
    const classes: ClassNeurons[] = task.classes.map((c) => ({ ...c, rows: 0 }));
    const part = await add(entry, classes);
    return part({ classRows: Int32Array.from(classes, (c) => c.rows), filesRead: { ...simulation.filesRead(), ...entry.circuit.filesRead() }, warnings });
  } finally {
    await simulation.close();
  }
}

/**
 * The report from its parts, in order: the same table as one extraction of all of them (each
 * part's categories are those it uses, sorted; their union is sorted too).
 */
export function mergeReportParts(parts: readonly DataFrame[], type: ReportType): DataFrame {
  const report = DataFrame.concat(parts);
  checkNotEmpty(report.length, TABLE_NAMES[type]);
  return report;
}

interface ClassNeurons {
  code: number;
  population: string;
  /** Sorted gids of the class. */
  gids: Float64Array;
  /** Rows added for this class in the current simulation. */
  rows: number;
}

function classesOf(neurons: DataFrame, neuronClasses: DataFrame, circuitId: number): ClassNeurons[] {
  const codes = (neurons.column(NEURON_CLASS) as CategoricalColumn).codes;
  const gids = neurons.column(GID) as NumericColumn;
  return [...neurons.groupBy([NEURON_CLASS])].map(({ key, rows }) => {
    const name = key[NEURON_CLASS] as string;
    const population = neuronClasses.one({ [CIRCUIT_ID]: circuitId, [NEURON_CLASS]: name })["population"] as string;
    return { code: codes[rows[0]!]!, population, gids: new Float64Array(gids.take(rows).values), rows: 0 };
  });
}

function trialsOf(windows: DataFrame): Trial[] {
  const codes = (windows.column(WINDOW) as CategoricalColumn).codes;
  return windows.records().map((r, i) => ({
    window: codes[i]!,
    windowName: r[WINDOW] as string,
    trial: r[TRIAL] as number,
    offset: r[OFFSET] as number,
    start: (r[OFFSET] as number) + (r[T_START] as number),
    stop: (r[OFFSET] as number) + (r[T_STOP] as number),
    tStep: r[T_STEP] as number,
  }));
}

/**
 * Spikes: each trial's interval is read once per population (a slice found by binary search on
 * files sorted by time), and each spike is given to every class its node belongs to.
 */
async function addSpikes(rows: PartRows, entry: SimulationEntry, classes: ClassNeurons[], trials: Trial[]): Promise<void> {
  const reader = await entry.simulation.spikes();
  const perClass: TrialSpikes[][] = classes.map(() => []);
  for (const population of new Set(classes.map((c) => c.population))) {
    const members = classes.map((c, k) => [c, k] as const).filter(([c]) => c.population === population);
    const membership = classMembership(members.map(([c, k]) => [c.gids, k] as const));
    const nodeCount = (await entry.circuit.nodePopulation(population)).size;
    const source = spikeSource(reader.population(population), membership.nodes, nodeCount);
    for (const trial of trials) {
      if (!(trial.start < trial.stop)) continue;
      const { nodeIds, times } = source(trial.start, trial.stop);
      spikesByClass(membership, classes.length, nodeIds, times, trial).forEach((spikes, k) => {
        if (spikes.time.length > 0) perClass[k]!.push(spikes);
      });
    }
  }
  rows.expectSpikes(perClass.flat().reduce((n, s) => n + s.time.length, 0));
  classes.forEach((c, k) => {
    c.rows = 0;
    for (const { time, gid, trial } of perClass[k]!) {
      rows.appendSpikes(time, gid);
      rows.endRun(trial.window, trial.trial);
      c.rows += time.length;
    }
  });
}

/** One class's spikes of one trial, in the order found. */
interface TrialSpikes {
  trial: Trial;
  time: Float64Array;
  gid: Float64Array;
}

/**
 * A trial's spikes given to every class their node belongs to, counted first so that each class
 * gets arrays of its exact size (pushed into arrays that grow, they cost L's extraction threads
 * twice as much), looked up directly for a node of one class.
 */
function spikesByClass(membership: Membership, classCount: number, nodeIds: Uint32Array, times: Float64Array, trial: Trial): TrialSpikes[] {
  const { only, starts, classes } = membership;
  const { start, stop, offset } = trial;
  const counts = new Int32Array(classCount);
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!(t >= start && t < stop)) continue;
    const id = nodeIds[i]!;
    const k = only[id]!;
    if (k >= 0) counts[k]!++;
    else for (let m = starts[id]!; m < starts[id + 1]!; m++) counts[classes[m]!]!++;
  }
  const time = Array.from(counts, (n) => new Float64Array(n));
  const gid = Array.from(counts, (n) => new Float64Array(n));
  const at = new Int32Array(classCount);
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!(t >= start && t < stop)) continue;
    const id = nodeIds[i]!;
    const k = only[id]!;
    if (k >= 0) {
      const j = at[k]!++;
      time[k]![j] = t - offset;
      gid[k]![j] = id;
    } else {
      for (let m = starts[id]!; m < starts[id + 1]!; m++) {
        const c = classes[m]!;
        const j = at[c]!++;
        time[c]![j] = t - offset;
        gid[c]![j] = id;
      }
    }
  }
  return time.map((values, k) => ({ trial, time: values, gid: gid[k]! }));
}

/**
 * The classes of each node: `classes[starts[id]]` to `classes[starts[id + 1] - 1]`, and `only[id]`
 * the class of a node in exactly one (-1 for a node in none or several).
 */
interface Membership {
  starts: Uint32Array;
  classes: Uint32Array;
  only: Int32Array;
  /** The nodes in at least one class, sorted. */
  nodes: Uint32Array;
}

function classMembership(classGids: ReadonlyArray<readonly [Float64Array, number]>): Membership {
  let max = -1;
  for (const [gids] of classGids) for (const g of gids) if (g > max) max = g;
  const starts = new Uint32Array(max + 2);
  for (const [gids] of classGids) for (const g of gids) starts[g + 1]!++;
  for (let i = 0; i <= max; i++) starts[i + 1]! += starts[i]!;
  const next = starts.slice(0, max + 1);
  const classes = new Uint32Array(starts[max + 1]!);
  for (const [gids, k] of classGids) for (const g of gids) classes[next[g]!++] = k;
  let count = 0;
  for (let i = 0; i <= max; i++) if (starts[i + 1]! > starts[i]!) count++;
  const nodes = new Uint32Array(count);
  const only = new Int32Array(max + 1).fill(-1);
  for (let i = 0, n = 0; i <= max; i++) {
    const memberships = starts[i + 1]! - starts[i]!;
    if (memberships > 0) nodes[n++] = i;
    if (memberships === 1) only[i] = classes[starts[i]!]!;
  }
  return { starts, classes, only, nodes };
}

/**
 * Spikes of `nodes` in [start, stop]: read from the file per interval when sorted by time (as the
 * reader has checked), otherwise read once, ordered by time (stable) and cut in memory.
 */
function spikeSource(spikes: SpikePopulation, nodes: Uint32Array, nodeCount: number) {
  if (spikes.isSortedByTime) {
    return (start: number, stop: number) => spikes.get({ nodeIds: nodes, tStart: Math.max(start, 0), tStop: Math.max(stop, 0), nodeCount });
  }
  const all = spikes.get({ nodeIds: nodes, nodeCount });
  const order = Uint32Array.from({ length: all.times.length }, (_, i) => i).sort((a, b) => all.times[a]! - all.times[b]! || a - b);
  const times = Float64Array.from(order, (i) => all.times[i]!);
  const nodeIds = Uint32Array.from(order, (i) => all.nodeIds[i]!);
  return (start: number, stop: number) => {
    const lo = firstIndex(times, (t) => t >= start);
    const hi = firstIndex(times, (t) => t > stop);
    return { nodeIds: nodeIds.subarray(lo, hi), times: times.subarray(lo, hi) };
  };
}

/** The first index of a sorted array where `test` holds (it holds from there on). */
function firstIndex(sorted: Float64Array, test: (value: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Frames of a soma or compartment report, class by class and trial by trial, into the report's columns. */
async function addFrames(rows: FrameRows, entry: SimulationEntry, classes: ClassNeurons[], trials: Trial[], options: ReportOptions): Promise<void> {
  const { plan, steps } = await framePlan(entry, classes, trials, options);
  for (const { c, report, nodeIds } of plan) {
    const nodeCount = (await entry.circuit.nodePopulation(c.population)).size;
    trials.forEach((trial, t) => addTrialFrames(rows, report, nodeIds, trial, steps[t]!, options.type, nodeCount));
    c.rows = rows.endClass(c.code);
  }
}

/** Each class's report and nodes, each trial's stride, and the rows they make (known before any frame is read). */
async function framePlan<C extends SimulationReportTask["classes"][number]>(entry: SimulationEntry, classes: readonly C[], trials: Trial[], options: ReportOptions) {
  const config = entry.simulation.config.report(options.name);
  const isSoma = config.sections === "soma";
  if (isSoma !== (options.type === "soma")) {
    throw new ExtractionError(
      `report '${options.name}' of ${entry.simulation.path} has sections '${config.sections}': it is a ${isSoma ? "soma" : "compartment"} report, not a ${options.type} report`,
    );
  }
  const reader = await entry.simulation.report(options.name);
  const steps = trials.map((trial) => {
    try {
      return stride(trial.tStep, config.dt);
    } catch (error) {
      throw new ExtractionError(`window '${trial.windowName}', report '${options.name}' of ${entry.simulation.path} (dt ${config.dt}): ${(error as Error).message}`);
    }
  });
  const plan = classes.map((c) => ({ c, report: reader.population(c.population), nodeIds: Uint32Array.from(c.gids) }));
  let rows = 0;
  for (const { report, nodeIds } of plan) {
    trials.forEach((trial, t) => {
      const { frames, columns } = report.shape({ nodeIds, tStart: trial.start, tStop: trial.stop, stride: steps[t]! });
      rows += frames * columns;
    });
  }
  return { plan, steps, rows };
}

/** bluepysnap's stride: t_step / dt rounded half to even; 0 (no t_step) is every frame. */
export function stride(tStep: number, dt: number): number {
  if (!tStep) return 1;
  const ratio = tStep / dt;
  const floor = Math.floor(ratio);
  const diff = ratio - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  if (rounded < 1) throw new ExtractionError(`Invalid t_step=${tStep}. It should be None or a multiple of ${dt}.`);
  return rounded;
}

function addTrialFrames(rows: FrameRows, report: FrameReportPopulation, nodeIds: Uint32Array, trial: Trial, step: number, type: ReportType, nodeCount: number): void {
  const frames = report.get({ nodeIds, tStart: trial.start, tStop: trial.stop, stride: step, nodeCount });
  const columns = frames.nodeIds.length;
  if (columns === 0 || frames.times.length === 0) return;
  // Columns in (node id, element id) order, stable: long format is column by column, then time.
  const order = Uint32Array.from({ length: columns }, (_, i) => i).sort(
    (a, b) => frames.nodeIds[a]! - frames.nodeIds[b]! || frames.elementIds[a]! - frames.elementIds[b]! || a - b,
  );
  const relative = frames.times.map((t) => t - trial.offset);
  for (const c of order) rows.appendCell(frames.nodeIds[c]!, type === "compartment" ? frames.elementIds[c]! : undefined, relative, frames.data, c, columns);
  rows.endRun(trial.window, trial.trial);
}

function reportTable(columns: ReportColumns, type: ReportType, names: ReportNames): DataFrame {
  const time = numeric("float64", columns.time);
  // Node ids (and sections) as read, integers by construction: no value to check.
  const gid = new NumericColumn("int64", columns.gid);
  // The keys change only from one class's trial to the next: grouping by them need not read them.
  const starts = columns.runStarts;
  const tail: Record<string, Column> = {
    [WINDOW]: withRuns(compactCodes(columns.window, names.windows, starts), starts),
    [TRIAL]: withRuns(new NumericColumn("int16", columns.trial), starts),
    [SIMULATION_ID]: withRuns(new NumericColumn("int16", columns.simulationId), starts),
    [CIRCUIT_ID]: withRuns(new NumericColumn("int16", columns.circuitId), starts),
    [NEURON_CLASS]: withRuns(compactCodes(columns.neuronClass, names.classes, starts), starts),
  };
  if (type === "spikes") return new DataFrame({ [TIME]: time, [GID]: gid, ...tail });
  const value = new NumericColumn("float32", columns.value);
  if (type === "soma") return new DataFrame({ [GID]: gid, [TIME]: time, [VALUE]: value, ...tail });
  return new DataFrame({ [GID]: gid, [SECTION]: new NumericColumn("int64", columns.section), [TIME]: time, [VALUE]: value, ...tail });
}

/**
 * Codes into `names` as a categorical whose categories are the names present, sorted. The usual
 * case (every name present, in order) is seen at the first row of each run, without a pass over
 * the rows (0.47 s of L's main thread).
 */
function compactCodes(codes: Codes, names: readonly string[], starts: Uint32Array): CategoricalColumn {
  const column = new CategoricalColumn(codes, names);
  const present = column.take(starts).compact().categories;
  if (present.length === names.length && present.every((name, i) => name === names[i])) return new CategoricalColumn(narrowCodes(codes, names.length), names);
  return column.compact();
}
