/** The five repo tables, from a campaign and an analysis config, in BlueETL's format. */
export * from "./columns.ts";
export { ExtractionError } from "./errors.ts";
export type { SimulationReportPart } from "./report-part.ts";
export { Growable } from "./builder.ts";
export { loadFunction } from "./functions.ts";
export { guardedCall } from "./guard.ts";
export { type SimulationEntry, type Simulations, type SimulationsOptions, extractSimulations, restrictToSimulations } from "./simulations.ts";
export { extractNeurons, loadCells } from "./neurons.ts";
export { extractNeuronClasses } from "./neuron-classes.ts";
export { type OnsetFigure, TRIAL_STEPS_FUNCTIONS, type TrialStepsFunction, type WindowsOptions, extractWindows } from "./windows.ts";
export { type OnsetDiagnostic, onsetDiagnostic, onsetFromSpikes } from "./onset.ts";
export {
  type ExtractReportOptions,
  type ReportOptions,
  type SimulationReportTask,
  type SimulationTaskKind,
  type SimulationTaskResults,
  type SimulationTasksRunner,
  SIMULATION_TASKS,
  extractReport,
  extractReportPart,
  extractSimulationReport,
  simulationReportRows,
  prepareSimulationReport,
  mergeReportParts,
  reportSimulationOrder,
  stride,
} from "./report.ts";
