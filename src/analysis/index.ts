/** The pipeline assembled: analyzers, their repositories, the cache; `runFromFile` as BlueETL's `run_from_file`. */
export { Analyzer, MultiAnalyzer, type AnalyzerOptions, type RunOptions, featuresChecksum, runFromFile } from "./analyzer.ts";
export { FilteredRepository, REPO_NAMES, RepoAccess, type RepoName } from "./filtered.ts";
export { Repository } from "./repository.ts";
export { type LogLevel, type Logger, type Progress, QUIET_LOGGER, stderrLogger } from "./log.ts";
export { exportTables } from "./export.ts";
export { pythonUses, validateConfig } from "./python.ts";
export { type ClusterOptions, runTask } from "./cluster.ts";
