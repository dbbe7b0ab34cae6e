/**
 * The windows table: for each simulation and window, one row per trial with its offset and
 * bounds. Offsets come from the config, from the window of another analysis, or from a
 * function of the spikes (trial steps).
 */
import { resolve } from "node:path";
import type { TrialStepsConfig, WindowConfig } from "../config/index.ts";
import { floatParams, parseWindowReference } from "../config/index.ts";
import { type Column, DataFrame, categorical, numeric, objects } from "../frame/index.ts";
import type { NumpyRandom } from "../numeric/index.ts";
import {
  CIRCUIT_ID,
  DURATION,
  OFFSET,
  SIMULATION_ID,
  TRIAL,
  T_START,
  T_STEP,
  T_STOP,
  WINDOW,
  WINDOW_TYPE,
} from "./columns.ts";
import { ExtractionError, checkNotEmpty } from "./errors.ts";
import { loadFunction } from "./functions.ts";
import { guardedCall } from "./guard.ts";
import { nodeSetIds, requirePopulation } from "./neurons.ts";
import { type OnsetDiagnostic, onsetDiagnostic, onsetFromSpikes } from "./onset.ts";
import { PythonCallError, PythonPool, PythonWorkerDied, isPythonName } from "../python/index.ts";
import type { SimulationEntry, Simulations } from "./simulations.ts";

export type TrialStepsFunction = (spikes: Float64Array[], params: Record<string, unknown>) => unknown;

const ONSET_FROM_SPIKES = "blueetl.external.bnac.calculate_trial_step.onset_from_spikes";

export const TRIAL_STEPS_FUNCTIONS: Record<string, TrialStepsFunction> = {
  [ONSET_FROM_SPIKES]: onsetFromSpikes,
};

/** A call of the built-in onset_from_spikes with `figures_path`: what its figure shows, and where it goes. */
export interface OnsetFigure {
  simulationId: number;
  window: string;
  /** `<base_path>/<figures_path>`, the only folder the figure may be written to. */
  folder: string;
  diagnostic: OnsetDiagnostic;
}

export interface WindowsOptions {
  windows: Record<string, WindowConfig | string>;
  trialSteps: Record<string, TrialStepsConfig>;
  random: NumpyRandom;
  /** The windows table of another analysis, for windows that refer to one. */
  windowsOf: (analysis: string) => Promise<DataFrame>;
  /** Folder that user function paths are relative to. */
  basePath: string;
  /** The Python workers of the run, for a Python trial steps function (else started for it). */
  python?: PythonPool | undefined;
  /** Where a window that ends after its simulation is said (BlueETL says nothing). */
  warn?: (message: string) => void;
  /** The simulations done, when trial steps functions are called for each. */
  progress?: ((done: number, total: number, step: string, detail?: string) => void) | undefined;
}

interface WindowRow {
  window: string;
  trial: number;
  offset: number;
  tStart: number;
  tStop: number;
  tStep: number;
  duration: number;
  windowType: string;
}

/** The windows table, and the figures that `onset_from_spikes` calls with `figures_path` ask for (drawn by the caller). */
export async function extractWindows(simulations: Simulations, options: WindowsOptions): Promise<{ table: DataFrame; onsetFigures: OnsetFigure[] }> {
  const rows: Array<WindowRow & { simulationId: number; circuitId: number }> = [];
  const onsetFigures: OnsetFigure[] = [];
  const table = simulations.table;
  const progress = Object.keys(options.trialSteps).length > 0 ? options.progress : undefined;
  for (let i = 0; i < table.length; i++) {
    const simulationId = table.value(SIMULATION_ID, i) as number;
    progress?.(i, table.length, "calling the trial steps functions", `simulation ${simulationId}`);
    const circuitId = table.value(CIRCUIT_ID, i) as number;
    const entry = simulations.entries.get(simulationId)!;
    for (const [name, window] of Object.entries(options.windows)) {
      const trials =
        typeof window === "string"
          ? await referencedRows(name, window, simulationId, circuitId, options)
          : await configuredRows(name, window, entry, options, onsetFigures);
      for (const row of trials) rows.push({ ...row, simulationId, circuitId });
    }
  }
  progress?.(table.length, table.length, "calling the trial steps functions");
  checkNotEmpty(rows.length, "Windows");
  const columns: Record<string, Column> = {
    [SIMULATION_ID]: numeric("int16", rows.map((r) => r.simulationId)),
    [CIRCUIT_ID]: numeric("int16", rows.map((r) => r.circuitId)),
    [WINDOW]: categorical(rows.map((r) => r.window)),
    [TRIAL]: numeric("int16", rows.map((r) => r.trial)),
    [OFFSET]: numeric("float64", rows.map((r) => r.offset)),
    [T_START]: numeric("float64", rows.map((r) => r.tStart)),
    [T_STOP]: numeric("float64", rows.map((r) => r.tStop)),
    [T_STEP]: numeric("float64", rows.map((r) => r.tStep)),
    [DURATION]: numeric("float64", rows.map((r) => r.duration)),
    [WINDOW_TYPE]: objects(rows.map((r) => r.windowType)),
  };
  checkWindows(rows);
  if (options.warn) warnAfterEnd(rows, simulations, options.warn);
  return { table: new DataFrame(columns), onsetFigures };
}

async function configuredRows(
  name: string,
  window: WindowConfig,
  entry: SimulationEntry,
  options: WindowsOptions,
  onsetFigures: OnsetFigure[],
): Promise<WindowRow[]> {
  const [tStart, tStop] = window.bounds;
  const steps = window.trial_steps_list.length > 0
    ? window.trial_steps_list
    : Array.from({ length: Math.max(window.n_trials || 1, 0) }, (_, i) => window.trial_steps_value * i);
  const dynamic = window.trial_steps_label
    ? await dynamicOffset(entry, window.initial_offset, steps, options.trialSteps[window.trial_steps_label]!, options)
    : { offset: 0 };
  if (dynamic.figure) onsetFigures.push({ simulationId: entry.simulationId, window: name, ...dynamic.figure });
  return steps.map((step, trial) => ({
    window: name,
    trial,
    offset: window.initial_offset + dynamic.offset + step,
    tStart,
    tStop,
    tStep: window.t_step,
    duration: tStop - tStart,
    windowType: window.window_type,
  }));
}

/** The rows of the referenced window for this simulation, renamed. */
async function referencedRows(
  name: string,
  reference: string,
  simulationId: number,
  circuitId: number,
  options: WindowsOptions,
): Promise<WindowRow[]> {
  const target = parseWindowReference(reference)!;
  const windows = await options.windowsOf(target.analysis);
  const found = windows.q({ [SIMULATION_ID]: simulationId, [CIRCUIT_ID]: circuitId, [WINDOW]: target.window });
  if (found.length === 0) {
    throw new ExtractionError(`The window referenced by ${reference.split("#")[0]} is empty or undefined for simulation ${simulationId}`);
  }
  return found.records().map((r) => ({
    window: name,
    trial: r[TRIAL] as number,
    offset: r[OFFSET] as number,
    tStart: r[T_START] as number,
    tStop: r[T_STOP] as number,
    tStep: r[T_STEP] as number,
    duration: r[DURATION] as number,
    windowType: r[WINDOW_TYPE] as string,
  }));
}

/** The trial steps function of the spikes around each trial, added to every trial's offset; with the figure it asks for. */
async function dynamicOffset(
  entry: SimulationEntry,
  initialOffset: number,
  steps: number[],
  config: TrialStepsConfig,
  options: WindowsOptions,
): Promise<{ offset: number; figure?: Omit<OnsetFigure, "simulationId" | "window"> }> {
  const population = requirePopulation(config.population);
  const nodes = await entry.circuit.nodePopulation(population);
  let gids: ArrayLike<number> = config.node_set ? nodeSetIds(entry.circuit, nodes, config.node_set, config.node_sets_file) : nodes.selectAll();
  if (config.limit && gids.length > config.limit) gids = options.random.choice(gids, config.limit);
  const spikes = (await entry.simulation.spikes()).population(population);
  const [lo, hi] = config.bounds;
  const nodeIds = Uint32Array.from(gids);
  const perTrial = steps.map((step) => {
    const offset = initialOffset + step;
    const { times } = spikes.get({ nodeIds, tStart: offset + lo, tStop: offset + hi, nodeCount: nodes.size });
    return times.map((t) => t - offset);
  });
  const figures = config["figures_path"];
  if (config.function === ONSET_FROM_SPIKES && typeof figures === "string" && figures) {
    // As BlueETL draws it, at <base_path>/<figures_path>.
    const diagnostic = onsetDiagnostic(perTrial, { ...config });
    return { offset: diagnostic.onset, figure: { diagnostic, folder: resolve(config.base_path ?? options.basePath, figures) } };
  }
  let result: unknown;
  if (isPython(config.function)) result = await pythonTrialSteps(config.function, perTrial, config, options, entry);
  else {
    const func = await loadFunction(config.function, TRIAL_STEPS_FUNCTIONS, options.basePath, "trial steps function");
    try {
      result = await guardedCall(() => func(perTrial, { ...config }));
    } catch (error) {
      throw new ExtractionError(`The trial steps function ${config.function} failed for the simulation ${entry.simulationId}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (typeof result !== "number" || Number.isNaN(result)) {
    throw new ExtractionError(`The function ${config.function} must return a number, got ${JSON.stringify(result)}`);
  }
  return { offset: result };
}

function isPython(name: string): boolean {
  return !(name in TRIAL_STEPS_FUNCTIONS) && isPythonName(name);
}

async function pythonTrialSteps(name: string, spikes: Float64Array[], config: TrialStepsConfig, options: WindowsOptions, entry: SimulationEntry): Promise<number> {
  const pool = options.python ?? new PythonPool({ configFolder: options.basePath });
  try {
    return await pool.trialSteps(name, spikes, { ...config }, floatParams(config));
  } catch (error) {
    if (!(error instanceof PythonCallError || error instanceof PythonWorkerDied)) throw error;
    const failed = error instanceof PythonCallError && error.kind === "call";
    const where = `simulation ${entry.simulationId}`;
    throw new ExtractionError(failed ? `trial steps function '${name}' failed for the ${where}:\n${error.detail}` : `trial steps function '${name}', ${where}: ${error.detail}`);
  } finally {
    if (!options.python) await pool.close();
  }
}

/** Windows whose trials end after their simulation (`run.tstop`): nothing is recorded there, yet their duration counts it. */
function warnAfterEnd(rows: Array<WindowRow & { simulationId: number }>, simulations: Simulations, warn: (message: string) => void): void {
  const late = new Map<string, Array<WindowRow & { simulationId: number; tstop: number }>>();
  for (const row of rows) {
    const tstop = simulations.entries.get(row.simulationId)!.simulation.config.run.tstop;
    if (row.offset + row.tStop > tstop) late.set(row.window, [...(late.get(row.window) ?? []), { ...row, tstop }]);
  }
  for (const [window, [first, ...others]] of late) {
    const more = others.length > 0 ? ` (and ${others.length} more trial${others.length > 1 ? "s" : ""})` : "";
    warn(
      `window '${window}' ends after the end of the simulation: trial ${first!.trial} of simulation ${first!.simulationId} ends at ${first!.offset + first!.tStop} ms, tstop is ${first!.tstop} ms${more}; nothing is recorded after tstop, but the window's duration (and so its rates) counts that time`,
    );
  }
}

/** BlueETL's checks: one t_start, t_stop and duration per window; trials 0..n-1 per simulation. */
function checkWindows(rows: Array<WindowRow & { simulationId: number }>): void {
  const bounds = new Map<string, Set<string>>();
  const trials = new Map<string, number[]>();
  for (const row of rows) {
    const set = bounds.get(row.window) ?? new Set<string>();
    set.add(`${row.tStart} ${row.tStop} ${row.duration}`);
    bounds.set(row.window, set);
    const key = `${row.simulationId}\u0000${row.window}`;
    trials.set(key, [...(trials.get(key) ?? []), row.trial]);
  }
  for (const [window, values] of bounds) {
    if (values.size > 1) {
      throw new ExtractionError(`Inconsistent window t_start, t_stop, or duration in some trial(s) of window '${window}'`);
    }
  }
  for (const [key, list] of trials) {
    const sorted = [...list].sort((a, b) => a - b);
    if (sorted.some((t, i) => t !== i)) {
      throw new ExtractionError(`Inconsistent trial index in some window(s): window '${key.split("\u0000")[1]}' has trials ${list.join(", ")}`);
    }
  }
}
