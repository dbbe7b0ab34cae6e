/**
 * The simulations table: one row per complete simulation of the campaign, with its conditions,
 * `simulation_id` (the row's position in the whole campaign, stable under filtering) and
 * `circuit_id` (the id of the first simulation that used the same circuit).
 */
import { existsSync, statSync } from "node:fs";
import { SIMULATION_PATH, type SimulationCampaign } from "../campaign/index.ts";
import { checksumJson } from "../config/index.ts";
import { DataFrame, type NumericColumn, type Query, numeric } from "../frame/index.ts";
import { type Circuit, Simulation } from "../sonata/index.ts";
import { CIRCUIT_ID, SIMULATION_ID } from "./columns.ts";
import { ExtractionError } from "./errors.ts";

export type SimulationStatus = "complete" | "incomplete" | "missing";

/** The simulation and circuit of a row of the simulations table. */
export interface SimulationEntry {
  simulationId: number;
  circuitId: number;
  simulation: Simulation;
  circuit: Circuit;
}

export interface Simulations {
  table: DataFrame;
  /** By simulation id. */
  entries: Map<number, SimulationEntry>;
}

export interface SimulationsOptions {
  /** A cached simulations table: its ids are kept, and its missing or incomplete rows too. */
  cached?: DataFrame;
  /** Where the readers' warnings go (a spikes file that says it is sorted and is not). */
  warn?: (message: string) => void;
}

/** Open every simulation of the campaign, keep the complete ones matching `filter`. */
export function extractSimulations(campaign: SimulationCampaign, filter: Query, options: SimulationsOptions = {}): Simulations {
  const source = options.cached ?? campaign.table;
  const entries = new Map<number, SimulationEntry>();
  const circuitIds = new Map<string, number>();
  const circuits = new Map<number, Circuit>();
  const keep = new Uint8Array(source.length);
  const missing: string[] = [];
  let incomplete = 0;
  const simulationIds = new Float64Array(source.length);
  const circuitIdColumn = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const path = String(source.value(SIMULATION_PATH, i) ?? "");
    const simulationId = options.cached ? Number(source.value(SIMULATION_ID, i)) : i;
    let circuitId = options.cached ? Number(source.value(CIRCUIT_ID, i)) : simulationId;
    let status: SimulationStatus = "missing";
    if (isFile(path)) {
      const simulation = Simulation.open(path, options.warn ? { warn: options.warn } : {});
      const hash = checksumJson(simulation.circuit().config.json);
      const known = circuitIds.get(hash);
      if (known === undefined) circuitIds.set(hash, circuitId);
      else if (options.cached && known !== circuitId) {
        throw new ExtractionError(`Inconsistent hash and id for simulation ${simulationId}: delete the cache`);
      } else circuitId = known;
      if (!circuits.has(circuitId)) circuits.set(circuitId, simulation.circuit());
      status = simulation.isComplete() ? "complete" : "incomplete";
      entries.set(simulationId, { simulationId, circuitId, simulation, circuit: circuits.get(circuitId)! });
    }
    if (status === "missing") missing.push(path);
    if (status === "incomplete") incomplete++;
    simulationIds[i] = simulationId;
    circuitIdColumn[i] = circuitId;
    keep[i] = options.cached || status === "complete" ? 1 : 0;
  }
  const withIds = new DataFrame([
    ...source.entries().filter(([name]) => name !== SIMULATION_ID && name !== CIRCUIT_ID),
    [SIMULATION_ID, numeric("int16", simulationIds)],
    [CIRCUIT_ID, numeric("int16", circuitIdColumn)],
  ]);
  const complete = withIds.filter(keep);
  let table: DataFrame;
  try {
    table = complete.q(filter).resetIndex(true); // a range index again, as BlueETL resets it
  } catch (error) {
    throw new ExtractionError(`simulations_filter ${JSON.stringify(filter)}: ${(error as Error).message}`);
  }
  if (table.length === 0) {
    throw new ExtractionError(`No data extracted to Simulations: ${emptyReason(source.length, missing, incomplete, complete.length)}`);
  }
  return { table, entries };
}

/** A repo table cut to the given simulations: by circuit for neurons and neuron classes, by simulation id otherwise. */
export function restrictToSimulations(name: string, table: DataFrame, simulations: DataFrame): DataFrame {
  if (name === "simulations") return table;
  const column = name === "neurons" || name === "neuron_classes" ? CIRCUIT_ID : SIMULATION_ID;
  const ids = new Set((simulations.column(column) as NumericColumn).values);
  return table.q({ [column]: [...ids] }).resetIndex(true); // BlueETL resets a filtered table without index
}

/** Why no simulation is left: the campaign's size, and what removed its simulations. */
function emptyReason(total: number, missing: string[], incomplete: number, complete: number): string {
  if (total === 0) return "the campaign has no simulation";
  const parts = [`${total} simulations in the campaign`];
  if (missing.length > 0) {
    const named = missing.filter(Boolean).slice(0, 3);
    const excluded = missing.length - missing.filter(Boolean).length;
    const list = [...named, ...(excluded ? [`${excluded === 1 ? "an excluded one" : `${excluded} excluded ones`}`] : [])].join(", and ");
    parts.push(`${missing.length} missing (no simulation config: ${list})`);
  }
  if (incomplete > 0) parts.push(`${incomplete} incomplete (no spikes file)`);
  if (complete > 0) parts.push(`${complete} filtered out by simulations_filter`);
  return parts.join(", ");
}

function isFile(path: string): boolean {
  try {
    return path !== "" && existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
