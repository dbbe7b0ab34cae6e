/**
 * What a feature function sees of the repository, as BlueETL's `repo`: the five tables (`.df`)
 * and the helpers of its windows (`getBounds`, `getDuration`, `getNumberOfTrials`).
 */
import { CIRCUIT_ID, DURATION, GID, NEURON_CLASS, TRIAL, T_START, T_STOP, WINDOW } from "../extract/index.ts";
import { DataFrame, type NumericColumn, type Row, numeric } from "../frame/index.ts";

export interface RepoTables {
  simulations: DataFrame;
  neurons: DataFrame;
  neuron_classes: DataFrame;
  windows: DataFrame;
  report: DataFrame;
}

export class WindowsView {
  constructor(readonly df: DataFrame) {}

  /** (t_start, t_stop) of the window: the same for every trial, relative to its offset. */
  getBounds(window: string): [number, number] {
    const row = this.df.first({ [WINDOW]: window });
    return [row[T_START] as number, row[T_STOP] as number];
  }

  getDuration(window: string): number {
    return this.df.first({ [WINDOW]: window })[DURATION] as number;
  }

  /** The largest trial index of the window, plus one. */
  getNumberOfTrials(window: string): number {
    const trials = (this.df.q({ [WINDOW]: window }).column(TRIAL) as NumericColumn).values;
    let max = -1;
    for (const t of trials) if (t > max) max = t;
    return max + 1;
  }
}

export class NeuronsView {
  constructor(readonly df: DataFrame) {}

  /** Neurons per circuit and neuron class (observed combinations only). */
  countByNeuronClass(): DataFrame {
    const groups = this.df.groupBy([CIRCUIT_ID, NEURON_CLASS]);
    const first = groups.grouping.firstRows;
    return new DataFrame(
      {
        [CIRCUIT_ID]: this.df.column(CIRCUIT_ID).take(first),
        [NEURON_CLASS]: this.df.column(NEURON_CLASS).take(first),
        [GID]: numeric("int64", Array.from({ length: groups.count }, (_, g) => groups.rows(g).length)),
      },
      { index: [CIRCUIT_ID, NEURON_CLASS] },
    );
  }
}

export interface RepoView {
  simulations: { df: DataFrame };
  neurons: NeuronsView;
  neuron_classes: { df: DataFrame };
  windows: WindowsView;
  report: { df: DataFrame };
}

export function repoView(tables: RepoTables): RepoView {
  return {
    simulations: { df: tables.simulations },
    neurons: new NeuronsView(tables.neurons),
    neuron_classes: { df: tables.neuron_classes },
    windows: new WindowsView(tables.windows),
    report: { df: tables.report },
  };
}

/** What a feature function receives for each group: BlueETL's `repo`, `key`, `df` and `params`. */
export interface FeatureArgs {
  repo: RepoView;
  /** The values of the groupby columns for this group. */
  key: Row;
  /** The group's neurons x window trials, left-joined with their report rows. */
  df: DataFrame;
  params: Record<string, unknown>;
}

/** A feature function: a table (`type: single`) or an object of tables (`type: multi`), or a promise of it. */
export type FeatureFunction = (args: FeatureArgs) => unknown;
