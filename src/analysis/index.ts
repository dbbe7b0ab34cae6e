/** The pipeline assembled: analyzers, their repositories, the cache; `runFromFile` as BlueETL's `run_from_file`. */
export { Analyzer, MultiAnalyzer, type AnalyzerOptions, type RunOptions, featuresChecksum, runFromFile } from "./analyzer.ts";
export { FilteredRepository, REPO_NAMES, RepoAccess, type RepoName } from "./filtered.ts";
export { Repository } from "./repository.ts";
export { type LogLevel, type Logger, type Progress, QUIET_LOGGER, analysisLogger, logLine, stderrLogger } from "./log.ts";
export { type ExportOptions, type ExportSummary, exportTables } from "./export.ts";
export { pythonUses } from "./python.ts";
export { type Validation, validateConfig } from "./functions.ts";
export { JOBS_VARIABLE, parallelJobs } from "../config/index.ts";
export { type ClusterOptions, runTask } from "./cluster.ts";
