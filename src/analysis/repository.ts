/**
 * The repository of an analysis: its five tables, each extracted on first use after the tables
 * it depends on (simulations, neurons, neuron_classes, windows, report), or read from the cache
 * when the cache still holds it for this config.
 */
import { existsSync, statSync } from "node:fs";
import type { CacheManager, InputFiles } from "../cache/index.ts";
import type { SimulationCampaign } from "../campaign/index.ts";
import { type SingleAnalysisConfig, parseWindowReference } from "../config/index.ts";
import {
  type SimulationEntry,
  type SimulationTasksRunner,
  type Simulations,
  extractNeuronClasses,
  extractNeurons,
  extractReport,
  extractSimulations,
  extractWindows,
} from "../extract/index.ts";
import type { Executor } from "../executor/index.ts";
import type { DataFrame } from "../frame/index.ts";
import type { NumpyRandom } from "../numeric/index.ts";
import type { PythonPool } from "../python/index.ts";
import type { Logger } from "./log.ts";
import { writeOnsetFigures } from "./onset-figures.ts";
import { REPO_NAMES, RepoAccess, type RepoName, restrictToSimulations } from "./filtered.ts";
import { type ClusterRun, clusterReport } from "./cluster.ts";

/** What a repository needs from its multi-analyzer. */
export interface RepositoryContext {
  campaign: SimulationCampaign;
  random: NumpyRandom;
  cache: CacheManager;
  /** Folder of the analysis config: user function paths are relative to it. */
  basePath: string;
  /** The windows table of another analysis, for window references. */
  windowsOf(analysis: string): Promise<DataFrame>;
  /** The input files another analysis has read, for windows that refer to its windows. */
  filesReadOf(analysis: string): Promise<InputFiles>;
  /** Reports each table as it is ready (from the cache or extracted, rows, time) and the progress of the report. */
  logger: Logger;
  /** The Python workers of the run, for Python trial steps functions. */
  python?: PythonPool | undefined;
  /** Where `tasks` tasks of about `bytes` bytes of input each run (inline, worker threads). */
  executorFor: (tasks: number, bytes: number) => Executor;
  /** Where the report is extracted when not in this process (one task per chunk of simulations). */
  cluster?: ClusterRun | undefined;
}

export class Repository extends RepoAccess {
  private readonly loading = new Map<RepoName, Promise<void>>();
  private readonly extracted = new Map<RepoName, DataFrame>();
  /** Tables found in the cache, read on first use. */
  private readonly cached = new Map<RepoName, () => DataFrame>();
  private readers: Simulations | undefined;
  /** The files the tasks of the report read (in this thread or in others). */
  private readonly reportFiles: InputFiles = {};
  /** What forgets the files of the tasks that extracted the report elsewhere, once it is stored. */
  private forgetTasks: (() => void) | undefined;
  /** The executor of the report's tasks, started with the simulations so that its threads load while the neurons are extracted. */
  private reportExecutor: Executor | undefined;

  constructor(
    name: string,
    readonly config: SingleAnalysisConfig,
    private readonly context: RepositoryContext,
  ) {
    super(name, context.campaign.table);
  }

  /** The table `name`, extracted (with the tables before it) or read from the cache on first use. */
  async table(name: RepoName): Promise<DataFrame> {
    await this.ensure(name);
    return this.df(name);
  }

  /** An extracted table (a cached one is read on first use); an error if it has not been extracted yet. */
  df(name: RepoName): DataFrame {
    let table = this.extracted.get(name);
    const read = this.cached.get(name);
    if (!table && read) {
      this.extracted.set(name, (table = read()));
      this.cached.delete(name);
    }
    if (!table) throw new Error(`the table '${name}' of analysis '${this.name}' has not been extracted: call extractRepo() first`);
    return table;
  }

  /** Extract every table, in order; those in the cache are read when first used. */
  override async extract(): Promise<void> {
    for (const name of REPO_NAMES) await this.ensure(name);
  }

  isExtracted(): boolean {
    return REPO_NAMES.every((n) => this.extracted.has(n) || this.cached.has(n));
  }

  /** Whether every table is in the cache. */
  isCached(): boolean {
    return REPO_NAMES.every((n) => this.context.cache.isRepoCached(n));
  }

  /** The simulations with their SONATA readers (opened once per analysis, when first needed). */
  private openSimulations(): Simulations {
    if (!this.readers) {
      const { cache, campaign, logger } = this.context;
      const filter = this.config.simulations_filter;
      const warn = (message: string) => logger.warn(message);
      this.readers = cache.isRepoCached("simulations")
        ? extractSimulations(campaign, cache.narrowerFilter ? filter : {}, { cached: cache.loadRepo("simulations"), warn })
        : extractSimulations(campaign, filter, { warn });
    }
    return this.readers;
  }

  /** The input files read so far (simulation and circuit configs, nodes, node sets, spikes, reports), as they were when read. */
  async filesRead(): Promise<InputFiles> {
    const files: InputFiles = {};
    for (const { simulation, circuit } of this.openSimulations().entries.values()) Object.assign(files, simulation.filesRead(), circuit.filesRead());
    return files;
  }

  async close(): Promise<void> {
    await this.closeReportExecutor();
    for (const entry of this.readers?.entries.values() ?? []) await entry.simulation.close();
  }

  /** The table extracted, or found in the cache (then read on first use). */
  private ensure(name: RepoName): Promise<void> {
    let loading = this.loading.get(name);
    if (!loading) this.loading.set(name, (loading = this.load(name)));
    return loading;
  }

  private async load(name: RepoName): Promise<void> {
    const { cache } = this.context;
    if (name === "simulations" && !cache.isRepoCached("report") && !this.context.cluster) this.startReportExecutor();
    const cached = cache.isRepoCached(name);
    if (cached) {
      // Read on first use; the simulations (read with their readers) cut a cached table to a narrower filter.
      this.cached.set(name, () => {
        const started = performance.now();
        const table = name === "simulations" ? this.openSimulations().table : this.narrowed(name, cache.loadRepo(name));
        return this.logged(name, "read from the cache", table, started);
      });
      return;
    }
    const started = performance.now();
    const table = name === "simulations" ? this.openSimulations().table : await this.build(name);
    cache.dumpRepo(name, table, await this.inputsOf(name));
    if (this.forgetTasks) {
      // The tasks' parts go once their merge is safe in the cache.
      await cache.flush();
      this.forgetTasks();
      this.forgetTasks = undefined;
    }
    this.extracted.set(name, this.logged(name, "extracted", table, started, cache.repoReasons[name] ?? "not in the cache"));
  }

  /** What a table was built from: the files read so far, and those of the analyses its windows refer to. */
  private async inputsOf(name: RepoName): Promise<InputFiles> {
    const files = { ...(await this.filesRead()), ...(name === "report" ? this.reportFiles : {}) };
    if (name !== "windows") return files;
    for (const window of Object.values(this.config.extraction.windows)) {
      const target = typeof window === "string" ? parseWindowReference(window) : undefined;
      if (target) Object.assign(files, await this.context.filesReadOf(target.analysis));
    }
    return files;
  }

  private logged(name: RepoName, how: string, table: DataFrame, started: number, why?: string): DataFrame {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    this.context.logger.info(`${this.name}: ${name} ${how}: ${table.length} rows in ${seconds} s${why ? ` (${why})` : ""}`);
    return table;
  }

  /** A cached table cut to the simulations (or their circuits) of a narrower filter. */
  private narrowed(name: RepoName, table: DataFrame): DataFrame {
    if (!this.context.cache.narrowerFilter) return table;
    return restrictToSimulations(name, table, this.df("simulations"));
  }

  /** The executor of the report's task of each simulation: worker threads when the files to read are large enough to pay for them. */
  private startReportExecutor(): Executor {
    const report = this.config.extraction.report;
    const bytes = (entry: SimulationEntry) => {
      try {
        const file = report.type === "spikes" ? entry.simulation.config.output.spikesFile : entry.simulation.config.report(report.name).fileName;
        return existsSync(file) ? statSync(file).size : 0;
      } catch {
        return 0; // A report the simulation lacks: its task says so.
      }
    };
    const entries = [...this.openSimulations().entries.values()];
    const average = entries.reduce((total, entry) => total + bytes(entry), 0) / Math.max(entries.length, 1);
    this.reportExecutor = this.context.executorFor(entries.length, average);
    this.reportExecutor.start("report-of-simulation");
    return this.reportExecutor;
  }

  // The executor runs these kinds with SIMULATION_TASKS' own functions: their results are SimulationTaskResults'.
  private readonly runSimulationTasks: SimulationTasksRunner = (kind, tasks, onResult) =>
    (this.reportExecutor ?? this.startReportExecutor()).map(kind, tasks, onResult as (output: unknown, index: number) => void);

  private async closeReportExecutor(): Promise<void> {
    const executor = this.reportExecutor;
    this.reportExecutor = undefined;
    await executor?.close();
  }

  private async build(name: Exclude<RepoName, "simulations">): Promise<DataFrame> {
    const { extraction } = this.config;
    switch (name) {
      case "neurons":
        await this.table("simulations");
        return extractNeurons(this.openSimulations(), extraction.neuron_classes, this.context.random, (m) => this.context.logger.warn(`${this.name}: ${m}`));
      case "neuron_classes":
        return extractNeuronClasses(await this.table("neurons"), extraction.neuron_classes);
      case "windows": {
        await this.table("simulations");
        const { table, onsetFigures } = await extractWindows(this.openSimulations(), {
          windows: extraction.windows,
          trialSteps: extraction.trial_steps,
          random: this.context.random,
          windowsOf: (analysis) => this.context.windowsOf(analysis),
          basePath: this.context.basePath,
          python: this.context.python,
          warn: (m) => this.context.logger.warn(`${this.name}: ${m}`),
          progress: this.context.logger.progress,
        });
        await writeOnsetFigures(onsetFigures, this.context.logger);
        return table;
      }
      case "report": {
        if (this.context.cluster) {
          // The tables the tasks read must be in the cache first.
          for (const table of ["neurons", "neuron_classes", "windows"] as const) await this.table(table);
          const { table, files, forget } = await clusterReport(this.context.cluster, this.name, this.config, this.context.cache, await this.table("simulations"), this.context.logger);
          Object.assign(this.reportFiles, files);
          this.forgetTasks = forget;
          return table;
        }
        const simulations = this.openSimulations();
        try {
          return await extractReport(simulations, await this.table("neurons"), await this.table("neuron_classes"), await this.table("windows"), extraction.report, {
            progress: this.context.logger.progress,
            run: this.runSimulationTasks,
            filesRead: (files) => Object.assign(this.reportFiles, files),
            warn: (message) => this.context.logger.warn(message),
          });
        } finally {
          await this.closeReportExecutor();
        }
      }
    }
  }
}
