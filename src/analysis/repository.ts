/**
 * The repository of an analysis: its five tables, each extracted on first use after the tables
 * it depends on (simulations, neurons, neuron_classes, windows, report).
 */
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

export const REPO_NAMES = ["simulations", "neurons", "neuron_classes", "windows", "report"] as const;
export type RepoName = (typeof REPO_NAMES)[number];

/** What a repository needs from its multi-analyzer. */
export interface RepositoryContext {
  campaign: SimulationCampaign;
  random: NumpyRandom;
  /** Folder of the analysis config: user function paths are relative to it. */
  basePath: string;
  /** The windows table of another analysis, for window references. */
  windowsOf(analysis: string): Promise<DataFrame>;
}

export class Repository {
  readonly names: readonly RepoName[] = REPO_NAMES;
  private readonly tables = new Map<RepoName, Promise<DataFrame>>();
  private readonly extracted = new Map<RepoName, DataFrame>();
  private simulationsData: Promise<Simulations> | undefined;

  constructor(
    readonly name: string,
    readonly config: SingleAnalysisConfig,
    private readonly context: RepositoryContext,
  ) {}

  /** The table `name`, extracted (with the tables before it) on first use. */
  table(name: RepoName): Promise<DataFrame> {
    let table = this.tables.get(name);
    if (!table) {
      table = this.build(name).then((df) => {
        this.extracted.set(name, df);
        return df;
      });
      this.tables.set(name, table);
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

  /** Extract every table, in order. */
  async extract(): Promise<void> {
    for (const name of REPO_NAMES) await this.table(name);
  }

  /** The simulations with their SONATA readers (opened once per analysis). */
  simulations(): Promise<Simulations> {
    this.simulationsData ??= Promise.resolve().then(() =>
      extractSimulations(this.context.campaign, this.config.simulations_filter),
    );
    return this.simulationsData;
  }

  async close(): Promise<void> {
    const simulations = await this.simulationsData?.catch(() => undefined);
    for (const entry of simulations?.entries.values() ?? []) await entry.simulation.close();
  }

  private async build(name: RepoName): Promise<DataFrame> {
    const { extraction } = this.config;
    switch (name) {
      case "simulations":
        return (await this.simulations()).table;
      case "neurons":
        await this.table("simulations");
        return extractNeurons(await this.simulations(), extraction.neuron_classes, this.context.random);
      case "neuron_classes":
        return extractNeuronClasses(await this.table("neurons"), extraction.neuron_classes);
      case "windows":
        await this.table("simulations");
        return extractWindows(await this.simulations(), {
          windows: extraction.windows,
          trialSteps: extraction.trial_steps,
          random: this.context.random,
          windowsOf: (analysis) => this.context.windowsOf(analysis),
          basePath: this.context.basePath,
        });
      case "report":
        return extractReport(
          await this.simulations(),
          await this.table("neurons"),
          await this.table("neuron_classes"),
          await this.table("windows"),
          extraction.report,
        );
    }
  }
}
