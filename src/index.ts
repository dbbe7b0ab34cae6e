/**
 * BlueETL for TypeScript: the public API. Load an analysis config and run it
 * (`runFromFile`), reach the tables of each analysis (`ma.analysis("spikes").repo.report.df`,
 * `.features.get("by_gid").df`), write them out (`exportTables`); write feature functions with
 * the table type (`DataFrame`, `numeric`, `categorical`).
 */
export {
  Analyzer,
  FilteredRepository,
  MultiAnalyzer,
  REPO_NAMES,
  RepoAccess,
  Repository,
  exportTables,
  runFromFile,
  stderrLogger,
  type AnalyzerOptions,
  type ClusterOptions,
  type LogLevel,
  type Logger,
  type Progress,
  type RepoName,
  type RunOptions,
} from "./analysis/index.ts";
export { Cancelled, Detached, type Executor, InlineExecutor, SlurmError, SlurmExecutor, TaskFailures, clusterTest } from "./executor/index.ts";
export { CacheError, readTable, writeTable, type StoreType, type TableFormat } from "./cache/index.ts";
export { ConfigError, copyConfig, loadAnalysisConfig, migrateConfig } from "./config/index.ts";
export { ExtractionError } from "./extract/index.ts";
export { ConcatenatedFeatures, Feature, FeaturesCollection, FeaturesError, type FeatureArgs, type FeatureFunction, type RepoView } from "./features/index.ts";
export {
  CategoricalColumn,
  Column,
  DataFrame,
  GroupBy,
  ListColumn,
  NumericColumn,
  ObjectColumn,
  QueryError,
  categorical,
  numeric,
  objects,
  smartConcat,
  type AggregationSpec,
  type ColumnOf,
  type DType,
  type FormatOptions,
  type FrameOptions,
  type MergeOptions,
  type NumericDType,
  type NumericValues,
  type Query,
  type Row,
  type Value,
} from "./frame/index.ts";
export { SonataError } from "./sonata/index.ts";
