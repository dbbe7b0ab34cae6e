/**
 * `MultiAnalyzer` (one per analysis config) and `Analyzer` (one per analysis): the pipeline
 * assembled. Analyses are reachable by name: `ma.analysis("spikes")`, or `ma.spikes` from
 * JavaScript.
 */
import { dirname } from "node:path";
import { SimulationCampaign } from "../campaign/index.ts";
import { type CacheOverrides, type MultiAnalysisConfig, type SingleAnalysisConfig, loadAnalysisConfig } from "../config/index.ts";
import { FeaturesCollection, computeFeatures } from "../features/index.ts";
import type { DataFrame } from "../frame/index.ts";
import { NumpyRandom } from "../numeric/index.ts";
import { Repository } from "./repository.ts";

export interface AnalyzerOptions extends CacheOverrides {
  /** Seed of numpy's generator, used for `limit` (0, as BlueETL's default). */
  seed?: number;
  /** Called with each config deprecation warning (stderr by default). */
  warn?: (message: string) => void;
}

export class Analyzer {
  readonly repo: Repository;
  private featuresCollection: FeaturesCollection | undefined;

  constructor(
    readonly name: string,
    readonly config: SingleAnalysisConfig,
    repo: Repository,
    private readonly basePath: string,
  ) {
    this.repo = repo;
  }

  async extractRepo(): Promise<void> {
    await this.repo.extract();
  }

  /** Compute (or load) every features table; the repository is extracted first. */
  async calculateFeatures(): Promise<void> {
    if (this.featuresCollection) return;
    await this.repo.extract();
    const tables = {
      simulations: this.repo.df("simulations"),
      neurons: this.repo.df("neurons"),
      neuron_classes: this.repo.df("neuron_classes"),
      windows: this.repo.df("windows"),
      report: this.repo.df("report"),
    };
    const results = await computeFeatures(this.config.features, tables, { basePath: this.basePath });
    const collection = new FeaturesCollection();
    this.config.features.forEach((config, i) => collection.add(config, results[i]!));
    this.featuresCollection = collection;
  }

  /** The features; an error before `calculateFeatures()`. */
  get features(): FeaturesCollection {
    if (!this.featuresCollection) throw new Error(`the features of analysis '${this.name}' have not been calculated: call calculateFeatures() first`);
    return this.featuresCollection;
  }

  async close(): Promise<void> {
    await this.repo.close();
  }
}

export class MultiAnalyzer {
  readonly names: readonly string[];
  readonly analyses: Readonly<Record<string, Analyzer>>;

  constructor(
    readonly config: MultiAnalysisConfig,
    basePath: string,
    options: AnalyzerOptions = {},
  ) {
    const random = new NumpyRandom(options.seed ?? 0);
    const analyses: Record<string, Analyzer> = {};
    const campaigns = new Map<string, SimulationCampaign>();
    for (const [name, single] of Object.entries(config.analysis)) {
      let campaign = campaigns.get(single.simulation_campaign);
      if (!campaign) {
        campaign = SimulationCampaign.load(single.simulation_campaign);
        campaigns.set(single.simulation_campaign, campaign);
      }
      const repo = new Repository(name, single, {
        campaign,
        random,
        basePath,
        windowsOf: (other) => this.windowsOf(other, name),
      });
      analyses[name] = new Analyzer(name, single, repo, basePath);
    }
    this.names = Object.keys(analyses);
    this.analyses = analyses;
    for (const name of this.names) {
      if (!(name in this)) Object.defineProperty(this, name, { get: () => analyses[name], enumerable: false });
    }
  }

  static fromFile(path: string, options: AnalyzerOptions = {}): MultiAnalyzer {
    const { config, warnings } = loadAnalysisConfig(path, options);
    for (const warning of warnings) (options.warn ?? ((m: string) => console.warn(`warning: ${m}`)))(warning);
    return new MultiAnalyzer(config, dirname(path), options);
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

  async close(): Promise<void> {
    for (const name of this.names) await this.analysis(name).close();
  }

  private windowsOf(analysis: string, from: string): Promise<DataFrame> {
    if (analysis === from) {
      throw new Error(`analysis '${from}': a window cannot refer to a window of its own analysis`);
    }
    return this.analysis(analysis).repo.table("windows");
  }
}
