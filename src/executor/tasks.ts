/**
 * The kinds of task an executor runs, by name, the same in every thread and on every node of a
 * cluster: each a function of a serialisable input.
 */
import { hostname } from "node:os";
import { SIMULATION_TASKS, prepareSimulationReport } from "../extract/index.ts";
import { featuresPart, reportOfSimulations } from "./cache-tasks.ts";

export const TASKS = {
  /** The rows of one simulation's frames, counted before they are read. */
  "report-rows-of-simulation": SIMULATION_TASKS["report-rows-of-simulation"],
  /** The report rows of one simulation. */
  "report-of-simulation": SIMULATION_TASKS["report-of-simulation"],
  /** The report rows of some simulations, from the cache's tables. */
  "report-of-simulations": reportOfSimulations,
  /** The features of a part of the groups, from the cache's tables. */
  "features-part": featuresPart,
  /** Where a task ran (blueetl cluster-test). */
  "where-am-i": async (_input: null) => ({ host: hostname(), node: process.version, cpus: Number(process.env["SLURM_CPUS_ON_NODE"] ?? 0) }),
};

export type TaskKind = keyof typeof TASKS;

/** What a thread loads, before its first task, to run tasks of a kind. */
export const PREPARE: Partial<Record<TaskKind, () => Promise<void>>> = {
  "report-rows-of-simulation": prepareSimulationReport,
  "report-of-simulation": prepareSimulationReport,
};
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[0];
export type TaskOutput<K extends TaskKind> = Awaited<ReturnType<(typeof TASKS)[K]>>;
