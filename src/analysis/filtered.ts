/**
 * What an analyzer needs of a repository, whether extracted (`Repository`) or a filtered copy
 * held in memory (`FilteredRepository`, made by `applyFilter`): the tables by name, and BlueETL's
 * views of them (`repo.report.df`, `repo.windows.getDuration(...)`).
 */
import { SIMULATION_PATH } from "../campaign/index.ts";
import { SIMULATION_ID, restrictToSimulations } from "../extract/index.ts";
import { NeuronsView, type RepoTables, WindowsView } from "../features/index.ts";
import { DataFrame, type NumericColumn, type Query, UNNAMED_INDEX, numeric } from "../frame/index.ts";

export { restrictToSimulations };

export const REPO_NAMES = ["simulations", "neurons", "neuron_classes", "windows", "report"] as const;
export type RepoName = (typeof REPO_NAMES)[number];

export abstract class RepoAccess {
  readonly names: readonly RepoName[] = REPO_NAMES;

  constructor(
    readonly name: string,
    /** The campaign's table: conditions and simulation_path, one row per campaign simulation. */
    protected readonly campaign: DataFrame,
  ) {}

  /** The table `name`, extracted first if needed. */
  abstract table(name: RepoName): Promise<DataFrame>;
  /** An extracted table; an error if it has not been extracted yet. */
  abstract df(name: RepoName): DataFrame;
  abstract close(): Promise<void>;

  /** Extract every table, in order. */
  async extract(): Promise<void> {
    for (const name of REPO_NAMES) await this.table(name);
  }

  /** The five extracted tables. */
  tables(): RepoTables {
    return {
      simulations: this.df("simulations"),
      neurons: this.df("neurons"),
      neuron_classes: this.df("neuron_classes"),
      windows: this.df("windows"),
      report: this.df("report"),
    };
  }

  get simulations(): { df: DataFrame } {
    return { df: this.df("simulations") };
  }

  get neurons(): NeuronsView {
    return new NeuronsView(this.df("neurons"));
  }

  get neuron_classes(): { df: DataFrame } {
    return { df: this.df("neuron_classes") };
  }

  get windows(): WindowsView {
    return new WindowsView(this.df("windows"));
  }

  get report(): { df: DataFrame } {
    return { df: this.df("report") };
  }

  /** Campaign rows that were not extracted (missing, incomplete or filtered out), indexed by campaign position. */
  async missingSimulations(): Promise<DataFrame> {
    const simulations = await this.table("simulations");
    const extractedPaths = simulations.column(SIMULATION_PATH);
    const extracted = new Set(Array.from({ length: simulations.length }, (_, i) => extractedPaths.get(i)));
    const paths = this.campaign.column(SIMULATION_PATH);
    const rows = Array.from({ length: this.campaign.length }, (_, i) => i).filter((i) => !extracted.has(paths.get(i)));
    const missing = this.campaign.take(rows);
    return new DataFrame([[UNNAMED_INDEX, numeric("int64", rows)], ...missing.entries()], { index: [UNNAMED_INDEX] });
  }

  get campaignTable(): DataFrame {
    return this.campaign;
  }

  /** The ids of the extracted simulations. */
  get simulationIds(): number[] {
    return Array.from((this.df("simulations").column(SIMULATION_ID) as NumericColumn).values);
  }
}

export class FilteredRepository extends RepoAccess {
  private readonly filtered: RepoTables;

  /** The tables of `parent` with only the simulations matching `query`; `parent` must be extracted. */
  constructor(parent: RepoAccess, query: Query) {
    super(parent.name, parent.campaignTable);
    const simulations = parent.df("simulations").q(query).resetIndex(true);
    const entries = REPO_NAMES.map((n) => [n, restrictToSimulations(n, n === "simulations" ? simulations : parent.df(n), simulations)]);
    this.filtered = Object.fromEntries(entries) as RepoTables;
  }

  async table(name: RepoName): Promise<DataFrame> {
    return this.df(name);
  }

  df(name: RepoName): DataFrame {
    return this.filtered[name];
  }

  /** The parent owns the readers and the cache. */
  async close(): Promise<void> {}
}
