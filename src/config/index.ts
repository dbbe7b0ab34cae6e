/** Analysis configs (version 4): load, validate, resolve paths and references, expand params. */
export { ConfigError } from "./errors.ts";
export { JOBS_VARIABLE, parallelJobs } from "./jobs.ts";
export { CACHED_CAMPAIGN, CONFIG_VERSION, loadAnalysisConfig, parseYaml, readConfigYaml, resolveAnalysisConfig, validateSchema, type CacheOverrides, type LoadedConfig } from "./load.ts";
export { CHECKSUM_SEPARATOR, parseWindowReference, type WindowReference } from "./references.ts";
export { checksumJson, checksumString, pythonJson } from "./checksum.ts";
export { MAX_NAME_BYTES, checkPlainName, plainNameProblem } from "./names.ts";
export * from "./model.ts";
export { type Migration, migrateConfig } from "./migrate.ts";
export { copyConfig, dumpConfigYaml } from "./copy.ts";
export { type ValuePath, floatParams, setFloatParams } from "./floats.ts";
