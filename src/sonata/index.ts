/**
 * SONATA reader: circuit and simulation configs, node populations, node sets, spike and frame
 * reports, returned as typed arrays. It stands alone: it knows nothing of the analysis.
 */
export { SonataError } from "./errors.ts";
export { CircuitConfig, type NodePopulationConfig } from "./circuit-config.ts";
export {
  SimulationConfig,
  type OutputConfig,
  type ReportConfig,
  type RunConfig,
  type SpikesSortOrder,
} from "./simulation-config.ts";
export {
  NodeStorage,
  NodePopulation,
  type AttributeKind,
  type AttributeValues,
  type Enumeration,
} from "./nodes.ts";
export { EdgeStorage, EdgePopulation } from "./edges.ts";
export { NodeSets } from "./node-sets.ts";
export {
  SpikeReader,
  SpikePopulation,
  TIME_EPSILON,
  concatSpikes,
  type SpikeQuery,
  type SpikeReaderOptions,
  type SpikeSorting,
  type Spikes,
} from "./spikes.ts";
export {
  FrameReportReader,
  FrameReportPopulation,
  type FrameQuery,
  type Frames,
  type ReportTimes,
} from "./frame-report.ts";
export { Circuit } from "./circuit.ts";
export { Simulation } from "./simulation.ts";
export { type NumericArray, h5Ready as loadHdf5 } from "./hdf5.ts";
export type { FileBytes } from "./population-file.ts";
export * from "./selection.ts";
export { parseJson } from "./json-config.ts";
export { type FileStamp, FilesRead, stampOf } from "./files-read.ts";
