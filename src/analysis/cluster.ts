/**
 * An analysis' work split into tasks that run elsewhere (SLURM job arrays, or any executor): the
 * report one task per chunk of simulations, the features one task per chunk of groups. A task
 * rebuilds what it needs from the config file and the cache's tables (each checked against its
 * checksum: the cache cannot have changed under it), and its part comes back here, where the
 * parts are merged, under the cache's lock, into the very tables of a local run.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { CacheFolder, type CacheManager, type InputFiles, fileChecksum, readTable } from "../cache/index.ts";
import { SimulationCampaign } from "../campaign/index.ts";
import { type ClusterConfig, type SingleAnalysisConfig, analysisDump, checksumJson, loadAnalysisConfig } from "../config/index.ts";
import { type Executor, type Job, type Json, SlurmExecutor, type SlurmOptions, type TaskOutput, type TaskRunner, runPlannedTask } from "../executor/index.ts";
import { extractReportPart, extractSimulations, mergeReportParts, reportSimulationOrder } from "../extract/index.ts";
import { type ComputedFeatures, FEATURE_FUNCTIONS, type RepoTables, computeFeatures, mergeFeatureParts } from "../features/index.ts";
import { type AnalyzerOptions, featuresChecksum } from "./analyzer.ts";
import type { DataFrame } from "../frame/index.ts";
import { checkPythonFunctions, isPythonName } from "../python/index.ts";
import { stampOf } from "../sonata/index.ts";
import { REPO_NAMES, type RepoName, restrictToSimulations } from "./filtered.ts";
import type { Logger } from "./log.ts";

/** Where the work of a run goes (the `cluster` section of the config, overridden by these). */
export interface ClusterOptions extends SlurmOptions {
  /** `local` (the default: this process, as always), `slurm`, or an executor of your own (its tasks split as SLURM's are). */
  executor?: "local" | "slurm" | Executor | undefined;
  /** Simulations per task of the report (1 by default). */
  simulationsPerTask?: number | undefined;
  /** Tasks per features computation, each a contiguous chunk of the groups (by default one per simulation, at most 16). */
  featureTasks?: number | undefined;
  /** false: submit the tasks and a job that carries the run on after them, and return (`--no-wait`). */
  wait?: boolean | undefined;
  /** This run carries on after SLURM job N (set on the job that `wait: false` submits): missing parts are failures. */
  afterJob?: string | undefined;
}

/** How a run sends its work out. */
export interface ClusterRun {
  executor: Executor;
  /** The config file the tasks load. */
  configPath: string;
  simulationsPerTask: number;
  featureTasks: number | undefined;
}

const MAX_DEFAULT_FEATURE_TASKS = 16;
/** The folder of the tasks' files in an analysis' cache folder. */
const CLUSTER_FOLDER = "cluster";

/** The options of the config's `cluster` section, overridden by those given. */
export function clusterOptions(config: ClusterConfig, options: ClusterOptions = {}): ClusterOptions {
  const pick = <T>(given: T | undefined, configured: T | undefined) => (given !== undefined ? given : configured);
  return {
    executor: pick(options.executor, config.executor),
    partition: pick(options.partition, config.partition),
    time: pick(options.time, config.time),
    mem: pick(options.mem, config.mem),
    arrayParallelism: pick(options.arrayParallelism, config.array_parallelism),
    sbatchArgs: [...(config.sbatch_args ?? []), ...(options.sbatchArgs ?? [])],
    simulationsPerTask: pick(options.simulationsPerTask, config.simulations_per_task),
    featureTasks: pick(options.featureTasks, config.feature_tasks),
    wait: pick(options.wait, config.wait),
    afterJob: options.afterJob,
  };
}

/**
 * The run's executor, or undefined for a local run. `continuation` is our command's arguments
 * that carry the run on after a detached array (`wait: false`).
 */
export function clusterRun(options: ClusterOptions, configPath: string | undefined, logger: Logger, continuation: () => string[]): ClusterRun | undefined {
  const chosen = options.executor ?? "local";
  if (chosen === "local") return undefined;
  if (!configPath) throw new Error("the work can be sent out to tasks only from a config file (MultiAnalyzer.fromFile or runFromFile): the tasks load it");
  const executor =
    chosen === "slurm" ? new SlurmExecutor({ ...options, logger, continuation: options.wait === false ? continuation() : undefined }) : chosen;
  return { executor, configPath, simulationsPerTask: options.simulationsPerTask ?? 1, featureTasks: options.featureTasks };
}

/** The arguments of `blueetl run` that carry this run on in a job of its own (after a detached array), with the same options. */
export function continuationArgs(configPath: string, options: AnalyzerOptions & { extract?: boolean | undefined; calculate?: boolean | undefined }, cluster: ClusterOptions): string[] {
  // -v: the job's log says what it did; never --clear-cache again.
  const args = ["run", configPath, "-v", "--executor", "slurm", "--no-wait", "--no-clear-cache", "--seed", String(options.seed ?? 0)];
  const flag = (value: boolean | null | undefined, name: string) => (value === undefined || value === null ? [] : [value ? `--${name}` : `--no-${name}`]);
  args.push(...flag(options.readonlyCache, "readonly-cache"), ...flag(options.skipFeaturesCache, "skip-features-cache"));
  if (options.extract === false) args.push("--no-extract");
  if (options.calculate === false) args.push("--no-calculate");
  const values: Array<[string, string | number | undefined]> = [
    ["--partition", cluster.partition],
    ["--time", cluster.time],
    ["--mem", cluster.mem],
    ["--array-parallelism", cluster.arrayParallelism],
    ["--simulations-per-task", cluster.simulationsPerTask],
    ["--feature-tasks", cluster.featureTasks],
  ];
  for (const [name, value] of values) if (value !== undefined) args.push(`${name}=${value}`);
  for (const arg of cluster.sbatchArgs ?? []) args.push(`--sbatch-arg=${arg}`);
  return args;
}

/** `--clear-cache` also forgets the tasks' parts of earlier runs (called under the cache's lock). */
export function clearClusterFolder(cache: CacheManager): void {
  new CacheFolder(cache.path).remove(join(cache.path, CLUSTER_FOLDER));
}

/** A cached table as a task finds it: its file and the checksum it must still have. */
interface TableFile {
  path: string;
  checksum: string;
}

interface FeaturesContext extends TaskContext {
  /** The features configs to compute: positions in the analysis' features, and their checksums. */
  features: number[];
  featuresChecksums: string[];
  /** Tasks of the job: each computes the groups of its part. */
  count: number;
  /** Whether the cache holds more simulations than this run's narrower filter keeps (the tables are then cut). */
  narrower: boolean;
}

interface TaskContext {
  config: string;
  analysis: string;
  /** The analysis config's checksum when the tasks were made: a task of an edited config fails. */
  checksum: string;
  store: "parquet" | "feather";
  tables: Partial<Record<RepoName, TableFile>>;
}

/** What the tasks compute from: the analysis config less its cache options (`--clear-cache` is the submitter's alone). */
function configChecksum(config: SingleAnalysisConfig): string {
  const { cache: _cache, ...rest } = analysisDump(config) as Record<string, unknown>;
  return checksumJson(rest);
}

/** The cached tables the tasks read: they must be in place (written and recorded) before the tasks start. */
async function cachedTables(cache: CacheManager, names: readonly RepoName[]): Promise<Partial<Record<RepoName, TableFile>>> {
  await cache.flush();
  const files: Partial<Record<RepoName, TableFile>> = {};
  for (const name of names) {
    const file = cache.repoTableFile(name);
    if (!file) throw new Error(`the table '${name}' must be in the cache ${cache.path} before tasks can read it (is the cache read-only?)`);
    files[name] = file;
  }
  return files;
}

/**
 * The report, extracted by tasks of `simulationsPerTask` simulations each, merged in order; the
 * input files the tasks read; and what forgets the tasks' files once the report is stored.
 */
export async function clusterReport(
  run: ClusterRun,
  analysis: string,
  config: SingleAnalysisConfig,
  cache: CacheManager,
  simulations: DataFrame,
): Promise<{ table: DataFrame; files: InputFiles; forget: () => void }> {
  const tables = await cachedTables(cache, ["simulations", "neurons", "neuron_classes", "windows"]);
  const ids = reportSimulationOrder(simulations);
  const chunks = Array.from({ length: Math.ceil(ids.length / run.simulationsPerTask) }, (_, i) => ids.slice(i * run.simulationsPerTask, (i + 1) * run.simulationsPerTask));
  const context: TaskContext = { config: run.configPath, analysis, checksum: configChecksum(config), store: config.cache.store_type, tables: tables };
  const job: Job = {
    kind: "report",
    label: `${analysis}: report`,
    context: context as unknown as Json,
    inputs: chunks,
    describe: (i) => `simulation${chunks[i]!.length > 1 ? "s" : ""} ${chunks[i]!.join(", ")}`,
    folder: join(cache.path, CLUSTER_FOLDER),
    key: checksumJson({ kind: "report", checksum: context.checksum, tables: checksumsOf(tables), chunks }),
    // A part made from a file that changed since (a spikes file replaced) is made again.
    reusable: (output) => unchanged((output.info as { files: InputFiles }).files),
  };
  const outputs = await run.executor.run(job, TASK_RUNNERS["report"]!);
  const files: InputFiles = {};
  for (const output of outputs) Object.assign(files, (output.info as { files: InputFiles }).files);
  const table = mergeReportParts(outputs.map((o) => o.tables["report"]!), config.extraction.report.type);
  return { table, files, forget: () => run.executor.forget?.(job) };
}

/** The features of `configs` (positions in the analysis' features), computed by tasks each taking a chunk of the groups, merged. */
export async function clusterFeatures(
  run: ClusterRun,
  analysis: string,
  config: SingleAnalysisConfig,
  cache: CacheManager,
  fresh: { positions: number[]; checksums: string[] },
  simulationIds: number[],
): Promise<{ computed: ComputedFeatures; forget: () => void }> {
  const tables = await cachedTables(cache, REPO_NAMES);
  const count = run.featureTasks ?? Math.max(1, Math.min(simulationIds.length, MAX_DEFAULT_FEATURE_TASKS));
  const context: FeaturesContext = {
    config: run.configPath,
    analysis,
    checksum: configChecksum(config),
    store: config.cache.store_type,
    tables,
    features: fresh.positions,
    featuresChecksums: fresh.checksums,
    count,
    narrower: cache.narrowerFilter,
  };
  const job: Job = {
    kind: "features",
    label: `${analysis}: features`,
    context: context as unknown as Json,
    inputs: Array.from({ length: count }, (_, i) => i),
    describe: (i) => `groups of part ${i + 1} of ${count}`,
    folder: join(cache.path, CLUSTER_FOLDER),
    key: checksumJson({ kind: "features", checksum: context.checksum, tables: checksumsOf(tables), features: fresh.checksums, count, narrower: context.narrower, simulations: simulationIds }),
  };
  const outputs = await run.executor.run(job, TASK_RUNNERS["features"]!);
  const configs = fresh.positions.map((p) => config.features[p]!);
  return { computed: mergeFeatureParts(configs, outputs.map((o) => featuresOfPart(o, configs.length))), forget: () => run.executor.forget?.(job) };
}

function checksumsOf(tables: Partial<Record<RepoName, TableFile>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tables).map(([name, file]) => [name, file.checksum]));
}

/** Whether every file is as it was recorded. */
function unchanged(files: InputFiles): boolean {
  return Object.entries(files).every(([path, then]) => {
    if (then && "exists" in then) return existsSync(path);
    return JSON.stringify(stampOf(path)) === JSON.stringify(then);
  });
}

/** A part's features: its tables are `<config>/<name>` (names are plain file names: no `/`). */
function featuresOfPart(output: TaskOutput, configs: number): ComputedFeatures {
  const tables: Array<Record<string, DataFrame>> = Array.from({ length: configs }, () => ({}));
  for (const [key, table] of Object.entries(output.tables)) {
    const at = key.indexOf("/");
    tables[Number(key.slice(0, at))]![key.slice(at + 1)] = table;
  }
  return { tables, groups: (output.info as { groups: number }).groups };
}

// The task side: what a task rebuilds from the plan's context.

interface Loaded {
  single: SingleAnalysisConfig;
  basePath: string;
  read(name: RepoName): DataFrame;
}

function loadForTask(context: TaskContext): Loaded {
  const { config } = loadAnalysisConfig(context.config);
  const single = config.analysis[context.analysis];
  if (!single) throw new Error(`${context.config}: the analysis '${context.analysis}' is gone from the config since the tasks were submitted`);
  if (configChecksum(single) !== context.checksum) {
    throw new Error(`${context.config}: the config of analysis '${context.analysis}' changed since the tasks were submitted: run again to submit new tasks`);
  }
  const read = (name: RepoName) => {
    const file = context.tables[name];
    if (!file) throw new Error(`the task has no table '${name}'`);
    if (!existsSync(file.path) || fileChecksum(file.path) !== file.checksum) {
      throw new Error(`${file.path} changed since the tasks were submitted (another run wrote the cache?): run again to submit new tasks`);
    }
    return readTable(file.path, context.store);
  };
  return { single, basePath: dirname(context.config), read };
}

const reportTask: TaskRunner = async (context, input) => {
  const { single, read } = loadForTask(context as unknown as TaskContext);
  const campaign = SimulationCampaign.load(single.simulation_campaign);
  const simulations = await extractSimulations(campaign, {}, { cached: read("simulations"), warn: (m) => process.stderr.write(`warning: ${m}\n`) });
  try {
    const ids = input as number[];
    const report = await extractReportPart(simulations, read("neurons"), read("neuron_classes"), read("windows"), single.extraction.report, ids);
    const files: InputFiles = {};
    for (const id of ids) {
      const entry = simulations.entries.get(id)!;
      Object.assign(files, entry.simulation.filesRead(), entry.circuit.filesRead());
    }
    return { tables: { report }, info: { files } as unknown as Json };
  } finally {
    for (const entry of simulations.entries.values()) await entry.simulation.close();
  }
};

const featuresTask: TaskRunner = async (context, input) => {
  const ctx = context as unknown as FeaturesContext;
  const { single, basePath, read } = loadForTask(ctx);
  const configs = ctx.features.map((p) => single.features[p]!);
  const python = configs.filter((c) => !(c.function in FEATURE_FUNCTIONS) && isPythonName(c.function));
  const files = python.length > 0 ? checkPythonFunctions(python.map((c) => ({ name: c.function, what: "feature function" })), basePath).files : undefined;
  configs.forEach((c, k) => {
    if (featuresChecksum(c, basePath, files) !== ctx.featuresChecksums[k]) {
      throw new Error(`the features config '${c.function}' (or its module) changed since the tasks were submitted: run again to submit new tasks`);
    }
  });
  const tables = await repoTables(single, read, ctx.narrower);
  const computed = await computeFeatures(configs, tables, { basePath, repo: ctx.analysis, part: { index: input as number, count: ctx.count } });
  const out: Record<string, DataFrame> = {};
  computed.tables.forEach((named, k) => Object.entries(named).forEach(([name, table]) => (out[`${k}/${name}`] = table)));
  return { tables: out, info: { groups: computed.groups } };
};

/** The five tables; cut, as the repository cuts them, to the simulations of a narrower filter when the cache holds more. */
async function repoTables(single: SingleAnalysisConfig, read: (name: RepoName) => DataFrame, narrower: boolean): Promise<RepoTables> {
  const all = Object.fromEntries(REPO_NAMES.map((n) => [n, read(n)])) as Record<RepoName, DataFrame>;
  if (!narrower) return all;
  const campaign = SimulationCampaign.load(single.simulation_campaign);
  const simulations = await extractSimulations(campaign, single.simulations_filter, { cached: all.simulations, warn: () => {} });
  for (const entry of simulations.entries.values()) await entry.simulation.close();
  return Object.fromEntries(REPO_NAMES.map((n) => [n, n === "simulations" ? simulations.table : restrictToSimulations(n, all[n], simulations.table)])) as Record<RepoName, DataFrame>;
}

const TASK_RUNNERS: Record<string, TaskRunner> = { report: reportTask, features: featuresTask };

/** `blueetl task <plan> <index>`: run one task of a plan and leave its part. */
export function runTask(planPath: string, index: number): Promise<void> {
  return runPlannedTask(planPath, index, TASK_RUNNERS);
}
