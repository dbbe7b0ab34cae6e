/**
 * `calculate_features_multi` for every group at once, grouped by simulation, circuit, neuron
 * class and window: the report is split by group once, each spike lands in its (trial, neuron)
 * cell by array lookups, and the five tables of all groups are filled in typed arrays. The
 * arithmetic is the per-group function's (bnac.ts), in the same order, so the numbers are the
 * same to the last bit; only the tables around it are never built.
 */
import { CIRCUIT_ID, GID, NEURON_CLASS, NEURON_CLASS_INDEX, TIME, TRIAL, WINDOW } from "../extract/index.ts";
import { type Column, DataFrame, ListColumn, NumericColumn, type RowRanges, columnArray, numeric } from "../frame/index.ts";
import { bottleneckStd, mean, nanmean } from "../numeric/index.ts";
import { float64Values, maxId } from "./arrays.ts";
import { histogramFeatures } from "./bnac.ts";
import { RowLookup } from "./groups.ts";
import type { RepoView } from "./repo-view.ts";
import type { GroupedTable } from "./results.ts";
import { kahanMeanStrided } from "./stats.ts";

/** The groupby the batch computes; other groupbys go through the per-group function. */
export const BNAC_GROUPBY = [CIRCUIT_ID, NEURON_CLASS, WINDOW, "simulation_id"];

export function isBnacBatchable(groupby: readonly string[]): boolean {
  return groupby.length === BNAC_GROUPBY.length && BNAC_GROUPBY.every((c) => groupby.includes(c));
}

interface Group {
  /** Rows of the group's neurons, by gid; rows of its trials, by trial; its report's rows, as ranges (no array of the report's rows), and how many. */
  neurons: Uint32Array;
  trials: Uint32Array;
  report: RowRanges;
  spikes: number;
  window: string;
  /** Neurons of the class in the circuit (all of them, not only those of the features config). */
  targetCells: number;
}

/** The position of each trial among `rows`, by trial number (-1: not a trial of them); trials are small integers. */
function positions(rows: Uint32Array, trial: Float64Array): Int32Array {
  let size = 0;
  for (const row of rows) size = Math.max(size, trial[row]! + 1);
  const position = new Int32Array(size).fill(-1);
  rows.forEach((row, t) => (position[trial[row]!] = t));
  return position;
}

/** The five tables of `calculate_features_multi` for the groups of `keys`, each row tagged with its group. */
export function bnacAllGroups(
  keys: DataFrame,
  neurons: DataFrame,
  windows: DataFrame,
  report: DataFrame,
  repo: RepoView,
  progress?: (done: number, total: number) => void,
): Record<string, GroupedTable> {
  const groups = groupsOf(keys, neurons, windows, report, repo);
  const neuronGid = float64Values(neurons, GID);
  const neuronIndex = float64Values(neurons, NEURON_CLASS_INDEX);
  const windowTrial = float64Values(windows, TRIAL);
  const reportGid = float64Values(report, GID);
  // The report's own int16 trials (a float64 copy was 8 bytes a spike: 0.8 GB for 100M spikes).
  const reportTrial = (report.column(TRIAL) as NumericColumn).values;
  const reportTime = float64Values(report, TIME);

  let cellTotal = 0;
  let spikeTotal = 0;
  let neuronTotal = 0;
  let trialTotal = 0;
  let binTotal = 0;
  const durations = groups.map((group) => repo.windows.getDuration(group.window));
  groups.forEach((group, g) => {
    cellTotal += group.neurons.length * group.trials.length;
    spikeTotal += group.spikes;
    neuronTotal += group.neurons.length;
    trialTotal += group.trials.length;
    binTotal += Math.max(Math.trunc(durations[g]!), 0);
  });

  const cells = new CellTable(cellTotal, spikeTotal);
  const byGid = new Rows(neuronTotal, 5);
  const byTrial = new Rows(trialTotal, 2);
  const byClass = new Rows(groups.length, 7);
  const hist = new Rows(binTotal, 4);
  const position = new Int32Array(maxId(neuronGid) + 1).fill(-1);

  groups.forEach((group, g) => {
    const nN = group.neurons.length;
    const nT = group.trials.length;
    const base = cells.length;
    const trialPosition = positions(group.trials, windowTrial);
    group.neurons.forEach((row, j) => (position[neuronGid[row]!] = j));
    // Spikes into their (trial, neuron) cell, in report order; cells are trial-major, as sorted by (trial, gid).
    const cellOf = new Int32Array(group.spikes);
    const { starts, ends } = group.report;
    for (let i = 0, k = 0; i < starts.length; i++) {
      for (let row = starts[i]!; row < ends[i]!; row++, k++) {
        const t = trialPosition[reportTrial[row]!] ?? -1;
        const j = position[reportGid[row]!]!;
        cellOf[k] = t < 0 || j < 0 ? -1 : base + t * nN + j;
      }
    }
    cells.add(nT * nN, g, cellOf, group.report, reportTime);
    cells.setKeys(base, Array.from(group.trials, (row) => windowTrial[row]!), group.neurons, neuronGid, neuronIndex);
    group.neurons.forEach((row) => (position[neuronGid[row]!] = -1));

    // Means over the trials of each neuron, and over the neurons of each trial (pandas' Kahan sums).
    const gidStart = byGid.add(g, nN);
    const [gidOut, nciOut, firstOut, countOut, rateOut] = byGid.columns;
    for (let j = 0; j < nN; j++) {
      const i = gidStart + j;
      gidOut![i] = neuronGid[group.neurons[j]!]!;
      nciOut![i] = neuronIndex[group.neurons[j]!]!;
      firstOut![i] = kahanMeanStrided(cells.first, base + j, nT, nN);
      countOut![i] = kahanMeanStrided(cells.count, base + j, nT, nN);
      rateOut![i] = (countOut![i]! * 1000) / durations[g]!;
    }
    const trialStart = byTrial.add(g, nT);
    for (let t = 0; t < nT; t++) {
      byTrial.columns[0]![trialStart + t] = windowTrial[group.trials[t]!]!;
      byTrial.columns[1]![trialStart + t] = kahanMeanStrided(cells.count, base + t * nN, nN, 1);
    }

    const meanCounts = countOut!.subarray(gidStart, gidStart + nN);
    const rates = rateOut!.subarray(gidStart, gidStart + nN);
    const histograms = histogramFeatures(repo, group.window, cells.timesOfGroup(base, base + nT * nN), group.targetCells);
    const summary = [nanmean(meanCounts), mean(rates), bottleneckStd(rates), mean(histograms.hist), histograms.min, histograms.max, histograms.argmax];
    const classRow = byClass.add(g, 1);
    summary.forEach((value, c) => (byClass.columns[c]![classRow] = value));
    const binStart = hist.add(g, histograms.hist.length);
    for (let b = 0; b < histograms.hist.length; b++) hist.columns[0]![binStart + b] = b;
    hist.columns[1]!.set(histograms.hist, binStart);
    hist.columns[2]!.set(histograms.normalised, binStart);
    hist.columns[3]!.set(histograms.smoothed, binStart);
    progress?.(g + 1, groups.length);
  });

  return {
    by_gid: byGid.table(
      [
        [GID, "int64"],
        [NEURON_CLASS_INDEX, "int64"],
        ["first_spike_time_means_cort_zeroed", "float64"],
        ["mean_spike_counts", "float64"],
        ["mean_firing_rates_per_second", "float64"],
      ],
      [GID, NEURON_CLASS_INDEX],
    ),
    by_gid_and_trial: cells.table(),
    by_neuron_class: byClass.table(
      [
        ["mean_of_mean_spike_counts", "float64"],
        ["mean_of_mean_firing_rates_per_second", "float64"],
        ["std_of_mean_firing_rates_per_second", "float64"],
        ["mean_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["min_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["max_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["argmax_spike_times_hist_1ms_bin", "int64"],
      ],
      [],
    ),
    by_neuron_class_and_trial: byTrial.table(
      [
        [TRIAL, "int64"],
        ["mean_of_spike_counts_for_each_trial", "float64"],
      ],
      [TRIAL],
    ),
    histograms: hist.table(
      [
        ["bin", "int64"],
        ["spike_times_normalised_hist_1ms_bin", "float64"],
        ["spike_times_max_normalised_hist_1ms_bin", "float64"],
        ["smoothed_3ms_spike_times_max_normalised_hist_1ms_bin", "float64"],
      ],
      ["bin"],
    ),
  };
}

/** For each group key, the rows of its neurons (by gid), trials (by trial) and report. */
function groupsOf(keys: DataFrame, neurons: DataFrame, windows: DataFrame, report: DataFrame, repo: RepoView): Group[] {
  const groupby = keys.names;
  const [neuronRows, trialRows, reportRows] = [neurons, windows, report].map((table) => new RowLookup(table, groupby));
  const gid = float64Values(neurons, GID);
  const trial = float64Values(windows, TRIAL);
  const targetCells = new Map<string, number>();
  const all = repo.neurons.df;
  for (const { key, rows } of all.groupBy([CIRCUIT_ID, NEURON_CLASS])) targetCells.set(`${key[CIRCUIT_ID]}\u0000${key[NEURON_CLASS]}`, rows.length);
  return Array.from({ length: keys.length }, (_, g) => {
    const key = keys.row(g);
    const report = reportRows!.rangesOf(key);
    return {
      neurons: sortedBy(neuronRows!.rowsOf(key), gid),
      trials: sortedBy(trialRows!.rowsOf(key), trial),
      report,
      spikes: report.ends.reduce((n, end, i) => n + end - report.starts[i]!, 0),
      window: key[WINDOW] as string,
      targetCells: targetCells.get(`${key[CIRCUIT_ID]}\u0000${key[NEURON_CLASS]}`) ?? 0,
    };
  });
}

/** Rows ordered by their values (a stable sort), looked at first: the neurons' rows usually are (a sort by a comparator cost L 0.7 s). */
function sortedBy(rows: ArrayLike<number>, values: Float64Array): Uint32Array {
  const out = Uint32Array.from(rows);
  for (let i = 1; i < out.length; i++) if (values[out[i]!]! < values[out[i - 1]!]!) return out.sort((a, b) => values[a]! - values[b]!);
  return out;
}

/** by_gid_and_trial: one row per (trial, neuron) cell with its spike count, first spike and times. */
class CellTable {
  length = 0;
  readonly trial: Float64Array;
  readonly gid: Float64Array;
  readonly index: Float64Array;
  readonly count: Float64Array;
  readonly first: Float64Array;
  readonly groupOf: Int32Array;
  private readonly offsets: Int32Array;
  private readonly times: Float64Array;

  constructor(cells: number, spikes: number) {
    this.trial = columnArray(Float64Array, cells);
    this.gid = columnArray(Float64Array, cells);
    this.index = columnArray(Float64Array, cells);
    this.count = columnArray(Float64Array, cells);
    this.first = columnArray(Float64Array, cells).fill(NaN);
    this.groupOf = new Int32Array(cells);
    this.offsets = columnArray(Int32Array, cells + 1);
    this.times = columnArray(Float64Array, spikes);
  }

  /** `n` cells of group `g`, and the spikes landing in them (`cellOf` -1: in none). */
  add(n: number, g: number, cellOf: Int32Array, rows: RowRanges, time: Float64Array): void {
    const base = this.length;
    this.groupOf.fill(g, base, base + n);
    // The arrays in locals: read through `this` in the loops, they cost 40% more.
    const { count, offsets, times, first } = this;
    for (let k = 0; k < cellOf.length; k++) {
      const cell = cellOf[k]!;
      if (cell >= 0) count[cell]!++;
    }
    for (let c = base; c < base + n; c++) offsets[c + 1] = offsets[c]! + count[c]!;
    const next = offsets.slice(base, base + n);
    const { starts, ends } = rows;
    for (let i = 0, k = 0; i < starts.length; i++) {
      for (let row = starts[i]!; row < ends[i]!; row++, k++) {
        const cell = cellOf[k]!;
        if (cell < 0) continue;
        const t = time[row]!;
        times[next[cell - base]!++] = t;
        if (!(t >= first[cell]!)) first[cell] = t;
      }
    }
    this.length += n;
  }

  /** The keys of a group's cells from `base`: each trial's block has the neurons' gids and indexes, in order. */
  setKeys(base: number, trials: ArrayLike<number>, neurons: Uint32Array, gid: Float64Array, index: Float64Array): void {
    const n = neurons.length;
    for (let j = 0; j < n; j++) {
      this.gid[base + j] = gid[neurons[j]!]!;
      this.index[base + j] = index[neurons[j]!]!;
    }
    // The other trials' blocks copied from the first (one store a cell at a time was 0.2 s of M's 8M cells).
    for (let t = 0; t < trials.length; t++) {
      const start = base + t * n;
      this.trial.fill(trials[t]!, start, start + n);
      if (t === 0) continue;
      this.gid.copyWithin(start, base, base + n);
      this.index.copyWithin(start, base, base + n);
    }
  }

  /** Every spike time of the cells [from, to), in cell order. */
  timesOfGroup(from: number, to: number): Float64Array {
    return this.times.subarray(this.offsets[from]!, this.offsets[to]!);
  }

  table(): GroupedTable {
    const n = this.length;
    // Keys copied from int64 columns and counts: integers by construction, no value to check
    // (checking them was 0.55 s of L's 16M cells).
    const int64 = (values: Float64Array) => new NumericColumn("int64", values.subarray(0, n));
    const frame = new DataFrame(
      {
        [TRIAL]: int64(this.trial),
        [GID]: int64(this.gid),
        [NEURON_CLASS_INDEX]: int64(this.index),
        count: int64(this.count),
        first: numeric("float64", this.first.subarray(0, n)),
        times: new ListColumn(this.offsets.subarray(0, n + 1), this.times.subarray(0, this.offsets[n]!)),
      },
      { index: [TRIAL, GID, NEURON_CLASS_INDEX] },
    );
    return { frame, groupOf: this.groupOf.subarray(0, n) };
  }
}

/** A table of float64 columns filled group by group, each row tagged with its group. */
class Rows {
  length = 0;
  readonly columns: Float64Array[];
  private readonly groupOf: Int32Array;

  constructor(capacity: number, width: number) {
    this.columns = Array.from({ length: width }, () => columnArray(Float64Array, capacity));
    this.groupOf = new Int32Array(capacity);
  }

  /** Reserve `n` rows of group `g`; the index of the first. */
  add(g: number, n: number): number {
    const start = this.length;
    this.groupOf.fill(g, start, start + n);
    this.length += n;
    return start;
  }

  table(columns: Array<[string, "int64" | "float64"]>, index: string[]): GroupedTable {
    const entries = columns.map(([name, dtype], c) => [name, numeric(dtype, this.columns[c]!.subarray(0, this.length))] as [string, Column]);
    return { frame: new DataFrame(entries, { index }), groupOf: this.groupOf.subarray(0, this.length) };
  }
}
