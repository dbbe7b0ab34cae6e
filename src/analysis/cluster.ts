/**
 * An analysis' work sent out as tasks (SLURM job arrays, or any executor): the report one task
 * per chunk of simulations, the features one task per chunk of groups. The tasks read the tables
 * they need from the cache's files (stored and recorded first, checked by their checksums), and
 * their outputs come back in task order, to be merged here, under the cache's lock, into the very
 * tables of a local run.
 */
import { join } from "node:path";
import { CacheFolder, type CacheManager, type InputFiles } from "../cache/index.ts";
import { type ClusterConfig, type SingleAnalysisConfig, floatParams } from "../config/index.ts";
import {
  type Executor,
  type FeaturesTaskInput,
  type ReportTaskInput,
  SlurmExecutor,
  type SlurmOptions,
  type TableFile,
  type TaskInput,
  type TaskKind,
  type TaskOutput,
  runJobTask,
  tableFromBytes,
  tableToBytes,
} from "../executor/index.ts";
import { mergeReportParts, reportSimulationOrder } from "../extract/index.ts";
import { type ComputedFeatures, mergeFeatureParts } from "../features/index.ts";
import type { DataFrame } from "../frame/index.ts";
import type { AnalyzerOptions } from "./analyzer.ts";
import { REPO_NAMES, type RepoName } from "./filtered.ts";
import type { Logger } from "./log.ts";

/** Where the work of a run goes (the `cluster` section of the config, overridden by these). */
export interface ClusterOptions extends SlurmOptions {
  /** `local` (the default: this process, as always), `slurm`, or an executor of your own (the work split as for SLURM). */
  executor?: "local" | "slurm" | Executor | undefined;
  /** Simulations per task of the report (1 by default). */
  simulationsPerTask?: number | undefined;
  /** Tasks per features computation, each a contiguous chunk of the groups (by default one per simulation, at most 16). */
  featureTasks?: number | undefined;
  /** false: submit the tasks and a job that carries the run on after them, and return (`--no-wait`). */
  wait?: boolean | undefined;
  /** This run carries on after SLURM job N (set on the job that `wait: false` submits): its missing parts are failures. */
  afterJob?: string | undefined;
}

/** How a run sends its work out. */
export interface ClusterRun {
  /** The executor of the tasks of one step: its files in `folder` (the shared file system), its messages naming `label`. */
  executorFor(folder: string, label: string, describe: (index: number) => string): Executor;
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
 * The run's way of sending work out, or undefined for a local run. `continuation` gives our
 * command's arguments that carry the run on after a detached array (`wait: false`).
 */
export function clusterRun(options: ClusterOptions, logger: Logger, continuation: () => string[]): ClusterRun | undefined {
  const chosen = options.executor ?? "local";
  if (chosen === "local") return undefined;
  const detached = options.wait === false && chosen === "slurm" ? continuation() : undefined;
  const executorFor =
    chosen === "slurm"
      ? (folder: string, label: string, describe: (index: number) => string) => new SlurmExecutor({ ...options, folder, label, describe, logger, continuation: detached })
      : () => chosen;
  return { executorFor, simulationsPerTask: options.simulationsPerTask ?? 1, featureTasks: options.featureTasks };
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

/** The cached tables the tasks read: stored and recorded before the tasks start. */
async function cachedTables<N extends RepoName>(cache: CacheManager, names: readonly N[]): Promise<Record<N, TableFile>> {
  await cache.flush();
  const files = {} as Record<N, TableFile>;
  for (const name of names) {
    const file = cache.repoTableFile(name);
    if (!file) throw new Error(`the table '${name}' must be in the cache ${cache.path} before tasks can read it (is the cache read-only?)`);
    files[name] = file;
  }
  return files;
}

/** Run the tasks of one step, their outputs in task order; what forgets the executor's files once their merge is stored. */
async function runTasks<K extends TaskKind>(
  run: ClusterRun,
  cache: CacheManager,
  label: string,
  kind: K,
  inputs: Array<TaskInput<K>>,
  describe: (index: number) => string,
): Promise<{ outputs: Array<TaskOutput<K>>; forget: () => void }> {
  const executor = run.executorFor(join(cache.path, CLUSTER_FOLDER), label, describe);
  const outputs: Array<TaskOutput<K>> = [];
  try {
    await executor.map(kind, inputs, (output, i) => (outputs[i] = output));
  } finally {
    await executor.close();
  }
  return { outputs, forget: () => (executor as { forget?: () => void }).forget?.() };
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
  logger: Logger,
): Promise<{ table: DataFrame; files: InputFiles; forget: () => void }> {
  const tables = await cachedTables(cache, ["simulations", "neurons", "neuron_classes", "windows"] as const);
  const ids = reportSimulationOrder(simulations);
  const size = run.simulationsPerTask;
  const chunks = Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
  const inputs: ReportTaskInput[] = chunks.map((simulationIds) => ({ tables, store: config.cache.store_type, simulationIds, report: config.extraction.report }));
  const describe = (i: number) => `simulation${chunks[i]!.length > 1 ? "s" : ""} ${chunks[i]!.join(", ")}`;
  const { outputs, forget } = await runTasks(run, cache, `${analysis}: report`, "report-of-simulations", inputs, describe);
  const files: InputFiles = {};
  for (const output of outputs) {
    Object.assign(files, output.filesRead);
    for (const warning of output.warnings) logger.warn(warning);
  }
  const table = mergeReportParts(outputs.map((o) => tableFromBytes(o.report)), config.extraction.report.type);
  return { table, files, forget };
}

/** The features of the configs at `positions` (of the analysis' features), computed by tasks each taking a chunk of the groups, merged. */
export async function clusterFeatures(
  run: ClusterRun,
  analysis: string,
  config: SingleAnalysisConfig,
  cache: CacheManager,
  positions: number[],
  repo: { basePath: string; simulations: DataFrame },
): Promise<{ computed: ComputedFeatures; forget: () => void }> {
  const tables = await cachedTables(cache, REPO_NAMES);
  const configs = positions.map((p) => config.features[p]!);
  const count = run.featureTasks ?? Math.max(1, Math.min(repo.simulations.length, MAX_DEFAULT_FEATURE_TASKS));
  const input = {
    configs,
    floats: configs.map((c) => floatParams(c)),
    tables,
    store: config.cache.store_type,
    basePath: repo.basePath,
    repo: analysis,
    // The cache holds more simulations than this run's narrower filter keeps: the tasks cut the tables to these.
    narrowedTo: cache.narrowerFilter ? tableToBytes(repo.simulations) : null,
  };
  const inputs: FeaturesTaskInput[] = Array.from({ length: count }, (_, index) => ({ ...input, part: { index, count } }));
  const describe = (i: number) => `part ${i + 1} of ${count} of the groups`;
  const { outputs, forget } = await runTasks(run, cache, `${analysis}: features`, "features-part", inputs, describe);
  const parts = outputs.map((output) => {
    const named: Array<Record<string, DataFrame>> = configs.map(() => ({}));
    for (const [key, bytes] of Object.entries(output.tables)) {
      const at = key.indexOf("/");
      named[Number(key.slice(0, at))]![key.slice(at + 1)] = tableFromBytes(bytes);
    }
    return { tables: named, groups: output.groups };
  });
  return { computed: mergeFeatureParts(configs, parts), forget };
}

/** `blueetl task <job folder> <index>`: run one task of a SLURM job and leave its part. */
export function runTask(dir: string, index: number): Promise<void> {
  return runJobTask(dir, index);
}
