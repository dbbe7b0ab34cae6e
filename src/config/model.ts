/**
 * The resolved analysis config: every default filled in, global values propagated, paths
 * absolute, parameters expanded. Keys keep BlueETL's names and order, so that the config dumps
 * and checksums like BlueETL's models.
 */
import type { Query } from "../frame/index.ts";

export type ReportType = "spikes" | "soma" | "compartment";

export interface CacheConfig {
  path: string;
  clear: boolean;
  readonly: boolean;
  skip_features: boolean;
  store_type: "parquet" | "feather";
}

export interface ReportConfig {
  type: ReportType;
  /** The report's key in the simulation config's `reports` (soma and compartment). */
  name: string;
}

export interface NeuronClassConfig {
  query: Query | Query[];
  population: string | null;
  node_set: string | null;
  node_sets_file: string | null;
  node_sets_checksum: string | null;
  limit: number | null;
  node_id: number[] | null;
}

export interface WindowConfig {
  initial_offset: number;
  bounds: [number, number];
  t_step: number;
  n_trials: number;
  trial_steps_value: number;
  trial_steps_list: number[];
  trial_steps_label: string;
  window_type: string;
}

export interface TrialStepsConfig {
  function: string;
  bounds: [number, number];
  population: string | null;
  node_set: string | null;
  node_sets_file: string | null;
  node_sets_checksum: string | null;
  limit: number | null;
  base_path: string | null;
  /** Any other key is passed to the function. */
  [extra: string]: unknown;
}

export interface ExtractionConfig {
  report: ReportConfig;
  neuron_classes: Record<string, NeuronClassConfig>;
  /** A window config, or a reference `<analysis>.extraction.windows.<window>#<checksum>`. */
  windows: Record<string, WindowConfig | string>;
  trial_steps: Record<string, TrialStepsConfig>;
}

export interface FeaturesConfig {
  /** Position of the config in the analysis' `features` before expansion (not checksummed). */
  id: number;
  type: "single" | "multi";
  name: string | null;
  groupby: string[];
  function: string;
  neuron_classes: string[];
  windows: string[];
  params: Record<string, unknown>;
  params_product: Record<string, unknown>;
  params_zip: Record<string, unknown>;
  suffix: string;
  multi_index: boolean;
}

export interface SingleAnalysisConfig {
  /** Absolute path of the campaign config (or its cached copy). Not part of dumps. */
  simulation_campaign: string;
  cache: CacheConfig;
  simulations_filter: Query;
  simulations_filter_in_memory: Query;
  extraction: ExtractionConfig;
  features: FeaturesConfig[];
  /** Free user data. Not part of dumps. */
  custom: Record<string, unknown>;
}

/**
 * Where the work runs (ours, not BlueETL's: kept out of every dump and checksum): the executor
 * (`local` by default, or `slurm`), the options of the SLURM jobs, and how the work is split.
 */
export interface ClusterConfig {
  executor?: "local" | "slurm" | undefined;
  partition?: string | undefined;
  time?: string | undefined;
  mem?: string | undefined;
  array_parallelism?: number | undefined;
  sbatch_args?: string[] | undefined;
  /** Simulations per task of the report extraction (1 by default). */
  simulations_per_task?: number | undefined;
  /** Tasks of each features computation, each a contiguous chunk of the groups. */
  feature_tasks?: number | undefined;
  /** false: submit and return (`--no-wait`), a dependent job carries the run on. */
  wait?: boolean | undefined;
}

export interface MultiAnalysisConfig {
  version: number;
  simulation_campaign: string;
  cache: CacheConfig;
  simulations_filter: Query;
  simulations_filter_in_memory: Query;
  analysis: Record<string, SingleAnalysisConfig>;
  custom: Record<string, unknown>;
  cluster: ClusterConfig;
}

/** A features config as BlueETL dumps it (its `attrs.config`): without the id. */
export function featuresDump(config: FeaturesConfig): Omit<FeaturesConfig, "id"> {
  const { id: _id, ...rest } = config;
  return rest;
}

/** An analysis config as BlueETL dumps and checksums it: without campaign path and custom. */
export function analysisDump(config: SingleAnalysisConfig): object {
  const { simulation_campaign: _campaign, custom: _custom, features, ...rest } = config;
  return { ...rest, features: features.map(featuresDump) };
}
