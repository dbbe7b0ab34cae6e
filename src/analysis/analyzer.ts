/**
 * `MultiAnalyzer` (one per analysis config) and `Analyzer` (one per analysis): the pipeline
 * assembled, deciding what is read from or written to the cache. Analyses are reachable by name:
 * `ma.analysis("spikes")`, or `ma.spikes` from JavaScript.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CacheManager, type InputFiles } from "../cache/index.ts";
import { SimulationCampaign } from "../campaign/index.ts";
import {
  type CacheOverrides,
  type FeaturesConfig,
  type MultiAnalysisConfig,
  type SingleAnalysisConfig,
  analysisDump,
  checksumJson,
  checksumString,
  featuresDump,
  loadAnalysisConfig,
  resolveAnalysisConfig,
} from "../config/index.ts";
import { type Executor, executorFor } from "../executor/index.ts";
import { SIMULATION_ID } from "../extract/index.ts";
import { type ComputedFeatures, FEATURE_FUNCTIONS, FeaturesCollection, type TableReader, computeFeatures, describeFeatures } from "../features/index.ts";
import type { DataFrame, Query, Row } from "../frame/index.ts";
import { NumpyRandom } from "../numeric/index.ts";
import { type LogLevel, type Logger, QUIET_LOGGER, analysisLogger, stderrLogger } from "./log.ts";
import { FilteredRepository, REPO_NAMES, type RepoAccess } from "./filtered.ts";
import { Repository } from "./repository.ts";
import { pythonUses } from "./python.ts";
import { analysisFunctionUses, checkBuiltinNames, loadTypeScriptFunctions } from "./functions.ts";
import { PythonPool, checkPythonFunctions } from "../python/index.ts";
import { Detached } from "../executor/index.ts";
import { type ClusterOptions, type ClusterRun, clearClusterFolder, clusterFeatures, clusterOptions, clusterRun, continuationArgs } from "./cluster.ts";

export interface AnalyzerOptions extends CacheOverrides {
  /** Seed of numpy's generator, used for `limit` (0, as BlueETL's default). */
  seed?: number | undefined;
  logger?: Logger | undefined;
  /**
   * Where `tasks` tasks of about `bytes` bytes of input each run: by default on worker threads
   * (BLUEETL_JOBLIB_JOBS or the cores) when the inputs are large enough, else inline.
   */
  executorFor?: ((tasks: number, bytes: number) => Executor) | undefined;
  /** Where the work runs: locally (the default) or as SLURM job arrays; overrides the config's `cluster` section. */
  cluster?: ClusterOptions | undefined;
}

export class Analyzer {
  private featuresCollection: FeaturesCollection | undefined;

  constructor(
    readonly name: string,
    readonly config: SingleAnalysisConfig,
    readonly repo: RepoAccess,
    private readonly context: { basePath: string; cache?: CacheManager; logger: Logger; python?: PythonContext | undefined; cluster?: ClusterRun | undefined },
    features?: FeaturesCollection,
  ) {
    this.featuresCollection = features;
  }

  /** The input files this analysis has read so far. */
  async repoFilesRead(): Promise<InputFiles> {
    return this.repo instanceof Repository ? this.repo.filesRead() : {};
  }

  /** Alias of `repo`, as in BlueETL. */
  get extraction(): RepoAccess {
    return this.repo;
  }

  async extractRepo(): Promise<void> {
    await this.repo.extract();
  }

  /** Compute every features table, or read it from the cache; the repository is extracted first. */
  async calculateFeatures(): Promise<void> {
    if (this.featuresCollection) return;
    await this.repo.extract();
    const configs = this.config.features;
    const { cache, basePath, logger } = this.context;
    const checksums = configs.map((c) => featuresChecksum(c, basePath, this.context.python?.files));
    const results: Array<Record<string, DataFrame | TableReader> | undefined> = configs.map((config, i) =>
      cache?.isFeaturesCached(checksums[i]!) ? this.fromCache(cache, checksums[i]!, config) : undefined,
    );
    const fresh = configs.map((_, i) => i).filter((i) => results[i] === undefined);
    configs.forEach((config, i) => {
      const why = results[i] ? undefined : cache?.featuresReason(checksums[i]!);
      const how = results[i] ? "read from the cache" : why ? `${why.recomputed ? "recomputed" : "calculated"}: ${why.reason}` : "calculated";
      logger.info(`${this.name}: ${describeFeatures(config)} ${how}`);
    });
    const started = performance.now();
    const tables = fresh.length > 0 ? this.repo.tables() : undefined;
    const options = { basePath, progress: logger.progress, python: this.context.python?.pool, repo: this.name };
    const { cluster } = this.context;
    let forgetTasks: (() => void) | undefined;
    let computed: ComputedFeatures = { tables: [], groups: 0 };
    if (tables && cluster && cache) {
      ({ computed, forget: forgetTasks } = await clusterFeatures(cluster, this.name, this.config, cache, fresh, { basePath, simulations: this.repo.df("simulations") }));
    } else if (tables) computed = await computeFeatures(fresh.map((i) => configs[i]!), tables, options);
    fresh.forEach((i, k) => (results[i] = computed.tables[k]!));
    // Names checked (no two configs writing the same table) before anything is written, as BlueETL does.
    const collection = new FeaturesCollection();
    configs.forEach((config, i) => collection.add(config, results[i]!));
    fresh.forEach((i, k) => cache?.dumpFeatures(checksums[i]!, computed.tables[k]!));
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    logger.info(`${this.name}: ${configs.length - fresh.length} features configs read from the cache, ${fresh.length} calculated (${computed.groups} groups) in ${seconds} s`);
    await cache?.flush(logger.progress);
    forgetTasks?.();
    this.featuresCollection = collection;
  }

  /**
   * The TypeScript functions this analysis will call (of features not in the cache, of trial
   * steps while the windows are not), imported now: a missing export fails before any extraction.
   */
  async loadFunctions(calculate: boolean): Promise<void> {
    const { cache, basePath, python } = this.context;
    const uses = analysisFunctionUses(this.name, this.config).filter((use) =>
      use.features === undefined
        ? !cache?.isRepoCached("windows")
        : calculate && !cache?.isFeaturesCached(featuresChecksum(this.config.features[use.features]!, basePath, python?.files)),
    );
    await loadTypeScriptFunctions(uses, basePath);
  }

  /** The Python functions this analysis will call: those of features not in the cache, and of trial steps while windows are not. */
  pythonPending(): string[] {
    const { cache, basePath, python, cluster } = this.context;
    if (!python) return [];
    // Features sent out to tasks are computed there, by the tasks' own workers.
    const features = cluster ? [] : this.config.features.filter((c) => python.files.has(c.function) && !cache?.isFeaturesCached(featuresChecksum(c, basePath, python.files)));
    const steps = cache?.isRepoCached("windows") ? [] : Object.values(this.config.extraction.trial_steps).filter((t) => python.files.has(t.function));
    return [...features, ...steps].map((c) => c.function);
  }

  get isCalculated(): boolean {
    return this.featuresCollection !== undefined;
  }

  /** The features; an error before `calculateFeatures()`. */
  get features(): FeaturesCollection {
    if (!this.featuresCollection) {
      throw new Error(`the features of analysis '${this.name}' have not been calculated: call calculateFeatures() first`);
    }
    return this.featuresCollection;
  }

  /** The first group of the report by `groupby`, and its rows: to try a feature function on. */
  tryOne(groupby: readonly string[]): { key: Row; df: DataFrame } {
    const report = this.repo.df("report");
    const groups = report.groupBy(groupby);
    if (groups.count === 0) throw new Error(`the report of analysis '${this.name}' has no group by ${groupby.join(", ")}`);
    return { key: groups.key(0), df: groups.group(0) };
  }

  /** Campaign rows that were not extracted: missing, incomplete or filtered out. */
  async missingSimulations(): Promise<DataFrame> {
    return this.repo.missingSimulations();
  }

  /** The analysis with only the simulations matching `filter` (in memory, never written). */
  async applyFilter(filter?: Query): Promise<Analyzer> {
    const query = filter && Object.keys(filter).length > 0 ? filter : this.config.simulations_filter_in_memory;
    if (Object.keys(query).length === 0) return this;
    await this.calculateFeatures();
    const repo = new FilteredRepository(this.repo, query);
    const features = new FeaturesCollection();
    for (const config of this.config.features) {
      features.add(config, onlySimulations(this.features.tablesOf(config), repo.simulationIds));
    }
    // Without the cache: a filtered copy never writes, and closing it leaves the original's lock alone.
    return new Analyzer(this.name, this.config, repo, { basePath: this.context.basePath, logger: this.context.logger }, features);
  }

  /** Every table as text, as BlueETL's `show()` prints them. */
  show(): string {
    const lines: string[] = [];
    for (const name of REPO_NAMES) lines.push("~".repeat(80), `Extraction: ${name}`, this.repo.df(name).toString());
    if (this.featuresCollection) {
      for (const name of this.featuresCollection.names) {
        const feature = this.featuresCollection.get(name);
        lines.push("~".repeat(80), `Features: ${name}`, feature.df.toString());
      }
    }
    return lines.join("\n");
  }

  /** Wait until the tables being written to the cache are in place (errors of the writes surface here). */
  async flush(): Promise<void> {
    await this.context.cache?.flush(this.context.logger.progress);
  }

  async close(): Promise<void> {
    await this.repo.close();
    await this.context.cache?.close();
  }

  /** Cached features (read when first used), with the config of this run, cut to the simulations of a narrower filter. */
  private fromCache(cache: CacheManager, checksum: string, config: FeaturesConfig): Record<string, TableReader> {
    const attrs = { config: featuresDump(config) };
    const readers = Object.entries(cache.featuresReaders(checksum)).map(([name, read]) => {
      const narrowed = () => (cache.narrowerFilter ? onlySimulations({ [name]: read() }, this.repo.simulationIds)[name]! : read());
      const reader: TableReader = () => narrowed().withAttrs(attrs);
      // The head of a table cut to a narrower filter is that of the cut table, read whole.
      if (!cache.narrowerFilter) reader.head = (rows) => cache.featuresHead(name, rows);
      return [name, reader] as const;
    });
    return Object.fromEntries(readers);
  }
}

/** The Python workers of a run, and the module file of each Python function its config names. */
interface PythonContext {
  pool: PythonPool;
  files: ReadonlyMap<string, string | null>;
}

/**
 * The features config's cache key; for a user function, the source of its module counts too
 * (a TypeScript module relative to the config, or the file a Python function was imported from).
 */
export function featuresChecksum(config: FeaturesConfig, basePath: string, pythonFiles?: ReadonlyMap<string, string | null>): string {
  const dump = featuresDump(config);
  const separator = config.function.lastIndexOf(":");
  const python = pythonFiles?.get(config.function);
  if (config.function in FEATURE_FUNCTIONS || (separator <= 0 && python === undefined)) return checksumJson(dump);
  const module = python === undefined ? resolve(basePath, config.function.slice(0, separator)) : python;
  const source = module && existsSync(module) && statSync(module).isFile() ? checksumString(readFileSync(module, "utf8")) : "";
  return checksumJson({ config: dump, source });
}

/**
 * The Python functions of the config checked, and the workers of the run: started before the
 * check, so that they import pandas and the functions while it runs (stopped if the check fails).
 */
function pythonContext(config: MultiAnalysisConfig, basePath: string, logger: Logger): PythonContext | undefined {
  const uses = pythonUses(config);
  if (uses.length === 0) return undefined;
  const levels = { error: "ERROR", warning: "WARNING", info: "INFO", debug: "DEBUG" } as const;
  const pool = new PythonPool({ configFolder: basePath, logLevel: levels[logger.level ?? "warning"] });
  pool.prestart([...new Set(uses.map((u) => u.name))]);
  try {
    return { pool, files: checkPythonFunctions(uses, basePath).files };
  } catch (error) {
    void pool.close();
    throw error;
  }
}

/** Features tables with only the rows of the given simulations. */
function onlySimulations(tables: Record<string, DataFrame>, ids: number[]): Record<string, DataFrame> {
  const entries = Object.entries(tables).map(([name, df]) => {
    if (!df.has(SIMULATION_ID)) throw new Error(`the features '${name}' have no ${SIMULATION_ID}: they cannot be filtered by simulation`);
    const filtered = df.q({ [SIMULATION_ID]: ids });
    return [name, filtered.indexNames.length === 0 ? filtered.resetIndex(true) : filtered] as const; // as BlueETL's from_pandas
  });
  return Object.fromEntries(entries);
}

export class MultiAnalyzer {
  readonly names: readonly string[];
  readonly analyses: Readonly<Record<string, Analyzer>>;
  /** Set by `runFromFile` with `cluster.wait: false`: the SLURM jobs that carry the run on (this multi-analyzer is closed). */
  detached: Detached | undefined;

  constructor(
    readonly config: MultiAnalysisConfig,
    analyses: Record<string, Analyzer>,
    /** The Python workers this multi-analyzer started (closed with it). */
    private readonly python?: PythonPool,
  ) {
    this.names = Object.keys(analyses);
    this.analyses = analyses;
    for (const name of this.names) {
      if (!(name in this)) Object.defineProperty(this, name, { get: () => analyses[name], enumerable: false });
    }
  }

  /** Load the config, open (and lock) the cache of each analysis. */
  static fromFile(path: string, options: AnalyzerOptions = {}): MultiAnalyzer {
    const { config, warnings } = loadAnalysisConfig(path, options);
    return MultiAnalyzer.create(config, warnings, dirname(resolve(path)), options, resolve(path));
  }

  /** From a config object whose relative paths are relative to `basePath`. */
  static fromConfig(input: unknown, basePath: string, options: AnalyzerOptions = {}): MultiAnalyzer {
    const { config, warnings } = resolveAnalysisConfig(input, basePath, options);
    return MultiAnalyzer.create(config, warnings, basePath, options);
  }

  private static create(config: MultiAnalysisConfig, warnings: string[], basePath: string, options: AnalyzerOptions, file?: string): MultiAnalyzer {
    const logger = options.logger ?? QUIET_LOGGER;
    for (const warning of warnings) logger.warn(warning);
    checkBuiltinNames(config, file);
    const clustered = clusterOptions(config.cluster, options.cluster);
    const cluster = clusterRun(clustered, logger, () => {
      if (!file) throw new Error("a run detached from its SLURM jobs (wait: false) is carried on by `blueetl run <config>`: it needs a config file (MultiAnalyzer.fromFile or runFromFile)");
      return continuationArgs(file, options, clustered);
    });
    const random = new NumpyRandom(options.seed ?? 0);
    const python = pythonContext(config, basePath, logger);
    const analyses: Record<string, Analyzer> = {};
    const campaigns = new Map<string, SimulationCampaign>();
    let multi: MultiAnalyzer | undefined;
    try {
      for (const [name, single] of Object.entries(config.analysis)) {
        let campaign = campaigns.get(single.simulation_campaign);
        if (!campaign) {
          campaign = SimulationCampaign.load(single.simulation_campaign);
          campaigns.set(single.simulation_campaign, campaign);
        }
        const cache = CacheManager.open(single.cache, {
          analysisConfig: analysisDump(single) as Record<string, unknown>,
          campaign: campaign.toDict(),
          simulationsFilter: single.simulations_filter,
          featuresChecksums: single.features.map((f) => featuresChecksum(f, basePath, python?.files)),
          repoNames: REPO_NAMES,
          debug: logger.debug && ((m) => logger.debug!(`${name}: ${m}`)),
        });
        for (const note of cache.notes) logger.info(`${name}: ${note}`);
        if (cluster && single.cache.clear) clearClusterFolder(cache);
        const own = analysisLogger(logger, name);
        const repo = new Repository(name, single, {
          campaign,
          random,
          cache,
          basePath,
          windowsOf: (other) => multi!.windowsOf(other, name),
          filesReadOf: (other) => multi!.analysis(other).repoFilesRead(),
          logger: own,
          python: python?.pool,
          executorFor: options.executorFor ?? ((tasks, bytes) => executorFor(tasks, bytes)),
          cluster,
        });
        analyses[name] = new Analyzer(name, single, repo, { basePath, cache, logger: own, python, cluster });
      }
    } catch (error) {
      for (const analyzer of Object.values(analyses)) void analyzer.close();
      void python?.pool.close();
      throw error;
    }
    // Nothing to compute in Python: the workers started ahead are stopped.
    if (python && Object.values(analyses).every((a) => a.pythonPending().length === 0)) void python.pool.close();
    multi = new MultiAnalyzer(config, analyses, python?.pool);
    return multi;
  }

  analysis(name: string): Analyzer {
    const analyzer = this.analyses[name];
    if (!analyzer) throw new Error(`unknown analysis '${name}' (the config has: ${this.names.join(", ")})`);
    return analyzer;
  }

  async extractRepo(): Promise<void> {
    for (const name of this.names) await this.analysis(name).extractRepo();
  }

  async calculateFeatures(): Promise<void> {
    for (const name of this.names) await this.analysis(name).calculateFeatures();
  }

  /** Every analysis with only the simulations matching `filter` (the config's in-memory filter by default). */
  async applyFilter(filter?: Query): Promise<MultiAnalyzer> {
    const query = filter && Object.keys(filter).length > 0 ? filter : this.config.simulations_filter_in_memory;
    if (Object.keys(query).length === 0) return this;
    const analyses: Record<string, Analyzer> = {};
    for (const name of this.names) analyses[name] = await this.analysis(name).applyFilter(query);
    return new MultiAnalyzer(this.config, analyses);
  }

  async flush(): Promise<void> {
    for (const name of this.names) await this.analysis(name).flush();
  }

  show(): string {
    return this.names.map((name) => ["#".repeat(80), `Analysis: ${name}`, this.analysis(name).show()].join("\n")).join("\n");
  }

  /** Close the readers, release the locks of the caches, end the Python workers. */
  async close(): Promise<void> {
    for (const name of this.names) await this.analysis(name).close();
    await this.python?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private windowsOf(analysis: string, from: string): Promise<DataFrame> {
    if (analysis === from) throw new Error(`analysis '${from}': a window cannot refer to a window of its own analysis`);
    return this.analysis(analysis).repo.table("windows");
  }
}

export interface RunOptions extends AnalyzerOptions {
  /** Extract the repository (true by default). */
  extract?: boolean | undefined;
  /** Calculate the features (true by default). */
  calculate?: boolean | undefined;
  /** Print every table on stdout at the end. */
  show?: boolean | undefined;
  /** Log to stderr from this level on (unless a `logger` is given); warnings only by default. */
  logLevel?: LogLevel | undefined;
}

/** BlueETL's `run_from_file`: load the config, then extract and calculate as asked. */
export async function runFromFile(path: string, options: RunOptions = {}): Promise<MultiAnalyzer> {
  const logger = options.logger ?? (options.logLevel ? stderrLogger(options.logLevel) : undefined);
  const ma = MultiAnalyzer.fromFile(path, logger ? { ...options, logger } : options);
  try {
    const extract = options.extract ?? true;
    const calculate = options.calculate ?? true;
    if (extract || calculate) for (const name of ma.names) await ma.analysis(name).loadFunctions(calculate);
    if (options.extract ?? true) await ma.extractRepo();
    if (options.calculate ?? true) await ma.calculateFeatures();
    await ma.flush();
    if (options.show) console.log(ma.show());
  } catch (error) {
    await ma.close();
    if (!(error instanceof Detached)) throw error;
    ma.detached = error;
  }
  return ma;
}
