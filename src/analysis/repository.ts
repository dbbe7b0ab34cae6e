/**
 * The repository of an analysis: its five tables, each extracted on first use after the tables
 * it depends on (simulations, neurons, neuron_classes, windows, report), or read from the cache
 * when the cache still holds it for this config.
 */
import type { CacheManager } from "../cache/index.ts";
import type { SimulationCampaign } from "../campaign/index.ts";
import type { SingleAnalysisConfig } from "../config/index.ts";
import {
  type Simulations,
  extractNeuronClasses,
  extractNeurons,
  extractReport,
  extractSimulations,
  extractWindows,
} from "../extract/index.ts";
import type { DataFrame } from "../frame/index.ts";
import type { NumpyRandom } from "../numeric/index.ts";
import type { Logger } from "./log.ts";
import { REPO_NAMES, RepoAccess, type RepoName, restrictToSimulations } from "./filtered.ts";

/** What a repository needs from its multi-analyzer. */
export interface RepositoryContext {
  campaign: SimulationCampaign;
  random: NumpyRandom;
  cache: CacheManager;
  /** Folder of the analysis config: user function paths are relative to it. */
  basePath: string;
  /** The windows table of another analysis, for window references. */
  windowsOf(analysis: string): Promise<DataFrame>;
  /** Reports each table as it is ready (from the cache or extracted, rows, time) and the progress of the report. */
  logger: Logger;
}

export class Repository extends RepoAccess {
  private readonly loading = new Map<RepoName, Promise<DataFrame>>();
  private readonly extracted = new Map<RepoName, DataFrame>();
  private readers: Promise<Simulations> | undefined;

  constructor(
    name: string,
    readonly config: SingleAnalysisConfig,
    private readonly context: RepositoryContext,
  ) {
    super(name, context.campaign.table);
  }

  /** The table `name`, extracted (with the tables before it) or read from the cache on first use. */
  table(name: RepoName): Promise<DataFrame> {
    let table = this.loading.get(name);
    if (!table) {
      table = this.load(name);
      this.loading.set(name, table);
    }
    return table;
  }

  /** An extracted table; an error if it has not been extracted yet. */
  df(name: RepoName): DataFrame {
    const table = this.extracted.get(name);
    if (!table) throw new Error(`the table '${name}' of analysis '${this.name}' has not been extracted: call extractRepo() first`);
    return table;
  }

  isExtracted(): boolean {
    return REPO_NAMES.every((n) => this.extracted.has(n));
  }

  /** Whether every table is in the cache. */
  isCached(): boolean {
    return REPO_NAMES.every((n) => this.context.cache.isRepoCached(n));
  }

  /** The simulations with their SONATA readers (opened once per analysis). */
  private openSimulations(): Promise<Simulations> {
    this.readers ??= Promise.resolve().then(() => {
      const { cache, campaign } = this.context;
      const filter = this.config.simulations_filter;
      if (!cache.isRepoCached("simulations")) return extractSimulations(campaign, filter);
      return extractSimulations(campaign, cache.narrowerFilter ? filter : {}, { cached: cache.loadRepo("simulations") });
    });
    return this.readers;
  }

  async close(): Promise<void> {
    const simulations = await this.readers?.catch(() => undefined);
    for (const entry of simulations?.entries.values() ?? []) await entry.simulation.close();
  }

  private async load(name: RepoName): Promise<DataFrame> {
    const started = performance.now();
    const { cache } = this.context;
    const cached = cache.isRepoCached(name);
    let table: DataFrame;
    if (name === "simulations") table = (await this.openSimulations()).table;
    else if (cached) table = await this.narrowed(name, cache.loadRepo(name));
    else table = await this.build(name);
    if (!cached) cache.dumpRepo(name, table);
    this.extracted.set(name, table);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    this.context.logger.info(`${this.name}: ${name} ${cached ? "read from the cache" : "extracted"}: ${table.length} rows in ${seconds} s`);
    return table;
  }

  /** A cached table cut to the simulations (or their circuits) of a narrower filter. */
  private async narrowed(name: RepoName, table: DataFrame): Promise<DataFrame> {
    if (!this.context.cache.narrowerFilter) return table;
    return restrictToSimulations(name, table, await this.table("simulations"));
  }

  private async build(name: Exclude<RepoName, "simulations">): Promise<DataFrame> {
    const { extraction } = this.config;
    switch (name) {
      case "neurons":
        await this.table("simulations");
        return extractNeurons(await this.openSimulations(), extraction.neuron_classes, this.context.random);
      case "neuron_classes":
        return extractNeuronClasses(await this.table("neurons"), extraction.neuron_classes);
      case "windows":
        await this.table("simulations");
        return extractWindows(await this.openSimulations(), {
          windows: extraction.windows,
          trialSteps: extraction.trial_steps,
          random: this.context.random,
          windowsOf: (analysis) => this.context.windowsOf(analysis),
          basePath: this.context.basePath,
        });
      case "report":
        return extractReport(
          await this.openSimulations(),
          await this.table("neurons"),
          await this.table("neuron_classes"),
          await this.table("windows"),
          extraction.report,
          this.context.logger.progress,
        );
    }
  }
}
