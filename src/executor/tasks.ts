/**
 * The kinds of task an executor runs, by name, the same in every thread (and later on every
 * node of a cluster): each a function of a serialisable input.
 */
import { type SimulationReportPart, type SimulationReportTask, extractSimulationReport } from "../extract/index.ts";

export const TASKS = {
  /** The report rows of one simulation. */
  "report-of-simulation": (input: SimulationReportTask): Promise<SimulationReportPart> => extractSimulationReport(input),
};

export type TaskKind = keyof typeof TASKS;
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[0];
export type TaskOutput<K extends TaskKind> = Awaited<ReturnType<(typeof TASKS)[K]>>;
