/**
 * `MultiAnalyzer` (one per analysis config) and `Analyzer` (one per analysis): the pipeline
 * assembled. Analyses are reachable by name: `ma.analysis("spikes")`, or `ma.spikes` from
 * JavaScript.
 */
import { dirname } from "node:path";
import { SimulationCampaign } from "../campaign/index.ts";
import { type CacheOverrides, type MultiAnalysisConfig, type SingleAnalysisConfig, loadAnalysisConfig } from "../config/index.ts";
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

  constructor(
    readonly name: string,
    readonly config: SingleAnalysisConfig,
    repo: Repository,
  ) {
    this.repo = repo;
  }

  async extractRepo(): Promise<void> {
    await this.repo.extract();
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
      analyses[name] = new Analyzer(name, single, repo);
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
