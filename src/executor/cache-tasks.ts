/**
 * Tasks that read their tables from the cache's files, each checked against the checksum the
 * cache recorded when the tasks were made (the cache cannot have changed under them): what a
 * task on another node of the cluster can read where the submitting process stored it.
 */
import { existsSync } from "node:fs";
import { type InputFiles, type StoreType, fileChecksum, readTable } from "../cache/index.ts";
import { SIMULATION_PATH } from "../campaign/index.ts";
import { type FeaturesConfig, type ReportConfig, type ValuePath, setFloatParams } from "../config/index.ts";
import { SIMULATION_ID, extractReportPart, restrictToSimulations } from "../extract/index.ts";
import { type RepoTables, computeFeatures } from "../features/index.ts";
import type { DataFrame } from "../frame/index.ts";
import { tableFromBytes, tableToBytes } from "./tables.ts";

/** A cached table as a task finds it: its file and the checksum it must still have. */
export interface TableFile {
  path: string;
  checksum: string;
}

type RepoName = keyof RepoTables;

/** The report rows of some simulations (in this order), from the cached simulations, neurons, neuron classes and windows. */
export interface ReportTaskInput {
  tables: Record<Exclude<RepoName, "report">, TableFile>;
  store: StoreType;
  simulationIds: number[];
  report: ReportConfig;
}

export interface ReportTaskOutput {
  /** The rows, as Arrow IPC. */
  report: Uint8Array;
  /** The input files read, as they were when read (for the cache). */
  filesRead: InputFiles;
  /** The readers' warnings. */
  warnings: string[];
}

export async function reportOfSimulations(input: ReportTaskInput): Promise<ReportTaskOutput> {
  const read = reader(input.tables, input.store);
  const table = read("simulations");
  // Each simulation is opened, read and closed by the report's own task of it.
  const entries = new Map(Array.from({ length: table.length }, (_, r) => [table.value(SIMULATION_ID, r) as number, { simulation: { path: String(table.value(SIMULATION_PATH, r)) } }] as const));
  const warnings: string[] = [];
  const filesRead: InputFiles = {};
  const report = await extractReportPart({ table, entries }, read("neurons"), read("neuron_classes"), read("windows"), input.report, input.simulationIds, {
    filesRead: (files) => Object.assign(filesRead, files),
    warn: (message) => warnings.push(message),
  });
  return { report: tableToBytes(report), filesRead, warnings };
}

/** The features of some configs for the part `index` of `count` of their groups, from the five cached tables. */
export interface FeaturesTaskInput {
  configs: FeaturesConfig[];
  /** The parameters of each config written as floats (`1.0`), for Python functions (a config's own is not serialisable). */
  floats: ValuePath[][];
  tables: Record<RepoName, TableFile>;
  store: StoreType;
  /** The folder of the analysis config: user modules are relative to it. */
  basePath: string;
  /** Names the repository for the Python workers. */
  repo: string;
  part: { index: number; count: number };
  /** The simulations of a filter narrower than the cache's (Arrow IPC): the tables are cut to them, as the repository cuts them. */
  narrowedTo: Uint8Array | null;
}

export interface FeaturesTaskOutput {
  /** The tables of each config, as Arrow IPC, named `<config>/<table>` (table names are plain file names: no `/`). */
  tables: Record<string, Uint8Array>;
  groups: number;
}

export async function featuresPart(input: FeaturesTaskInput): Promise<FeaturesTaskOutput> {
  const read = reader(input.tables, input.store);
  const names: RepoName[] = ["simulations", "neurons", "neuron_classes", "windows", "report"];
  const simulations = input.narrowedTo ? tableFromBytes(input.narrowedTo) : undefined;
  const tables = Object.fromEntries(names.map((name) => [name, simulations ? (name === "simulations" ? simulations : restrictToSimulations(name, read(name), simulations)) : read(name)])) as unknown as RepoTables;
  input.configs.forEach((config, k) => setFloatParams(config, input.floats[k]!));
  const computed = await computeFeatures(input.configs, tables, { basePath: input.basePath, repo: input.repo, part: input.part });
  const out: Record<string, Uint8Array> = {};
  computed.tables.forEach((named, k) => Object.entries(named).forEach(([name, table]) => (out[`${k}/${name}`] = tableToBytes(table))));
  return { tables: out, groups: computed.groups };
}

function reader<N extends string>(files: Record<N, TableFile>, store: StoreType): (name: N) => DataFrame {
  return (name) => {
    const file = files[name];
    if (!existsSync(file.path) || fileChecksum(file.path) !== file.checksum) {
      throw new Error(`${file.path} changed since the tasks were made (another run wrote the cache?): run again to make new tasks`);
    }
    return readTable(file.path, store);
  };
}
