/**
 * BlueETL's built-in `bnac.calculate_features_multi`, on the table of one group (neurons x
 * trials, with their spikes): spike counts, first spikes, rates, the PSTH and its smoothing. The
 * sums and means follow pandas' and numpy's orders so that the numbers are BlueETL's.
 */
import { GID, NEURON_CLASS_INDEX, TIME, TRIAL } from "../extract/index.ts";
import { DataFrame, ListColumn, groupRows, numeric } from "../frame/index.ts";
import { bottleneckStd, gaussianFilter, histogram, mean, nanmean } from "../numeric/index.ts";
import { float64Values } from "./arrays.ts";
import { FeaturesError } from "./errors.ts";
import type { FeatureArgs, RepoView } from "./repo-view.ts";
import { kahanMean } from "./stats.ts";

export function bnacFeatures({ repo, key, df }: FeatureArgs): Record<string, DataFrame> {
  for (const field of ["window", "circuit_id", "neuron_class"]) {
    if (!(field in key)) throw new FeaturesError(`calculate_features_multi needs '${field}' in the groupby`);
  }
  const window = key["window"] as string;
  const trial = float64Values(df, TRIAL);
  const gid = float64Values(df, GID);
  const nci = float64Values(df, NEURON_CLASS_INDEX);
  const time = float64Values(df, TIME);

  // Spikes by (trial, gid, neuron_class_index): count, first and times, sorted by the keys.
  const byTrial = groupRows([df.column(TRIAL), df.column(GID), df.column(NEURON_CLASS_INDEX)]);
  const n = byTrial.count;
  const count = new Float64Array(n);
  const first = new Float64Array(n).fill(NaN);
  const offsets = new Int32Array(n + 1);
  const kept: number[] = [];
  for (let g = 0; g < n; g++) {
    for (let k = byTrial.starts[g]!; k < byTrial.starts[g + 1]!; k++) {
      const t = time[byTrial.rows[k]!]!;
      if (Number.isNaN(t)) continue;
      count[g]!++;
      if (!(t >= first[g]!)) first[g] = t;
      kept.push(t);
    }
    offsets[g + 1] = kept.length;
  }
  const at = (array: Float64Array) => Float64Array.from(byTrial.firstRows, (r) => array[r]!);
  const trials = at(trial);
  const gids = at(gid);
  const ncis = at(nci);
  const spikesByTrial = new DataFrame(
    {
      [TRIAL]: numeric("int64", trials),
      [GID]: numeric("int64", gids),
      [NEURON_CLASS_INDEX]: numeric("int64", ncis),
      count: numeric("int64", count),
      first: numeric("float64", first),
      times: new ListColumn(offsets, Float64Array.from(kept)),
    },
    { index: [TRIAL, GID, NEURON_CLASS_INDEX] },
  );

  // Means over trials per (gid, neuron_class_index), and over neurons per trial (pandas' Kahan sums).
  const byGid = groupRows([numeric("int64", gids), numeric("int64", ncis)]);
  const firstMeans = meansOf(byGid, first);
  const meanCounts = meansOf(byGid, count);
  const duration = repo.windows.getDuration(window);
  const rates = meanCounts.map((c) => (c * 1000) / duration);
  const perTrial = groupRows([numeric("int64", trials)]);
  const countsPerTrial = meansOf(perTrial, count);

  const cells = repo.neurons.df.q({ circuit_id: key["circuit_id"] as number, neuron_class: key["neuron_class"] as string }).length;
  const histograms = histogramFeatures(repo, window, time, cells);
  const gidIndex = (column: Float64Array) => numeric("int64", Float64Array.from(byGid.firstRows, (r) => column[r]!));
  return {
    by_gid: new DataFrame(
      {
        [GID]: gidIndex(gids),
        [NEURON_CLASS_INDEX]: gidIndex(ncis),
        first_spike_time_means_cort_zeroed: numeric("float64", firstMeans),
        mean_spike_counts: numeric("float64", meanCounts),
        mean_firing_rates_per_second: numeric("float64", rates),
      },
      { index: [GID, NEURON_CLASS_INDEX] },
    ),
    by_gid_and_trial: spikesByTrial,
    by_neuron_class: new DataFrame({
      mean_of_mean_spike_counts: numeric("float64", [nanmean(meanCounts)]),
      mean_of_mean_firing_rates_per_second: numeric("float64", [mean(rates)]),
      // np.std of a pandas Series is Series.std, which goes through bottleneck when installed.
      std_of_mean_firing_rates_per_second: numeric("float64", [bottleneckStd(rates)]),
      mean_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [mean(histograms.hist)]),
      min_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [histograms.min]),
      max_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [histograms.max]),
      argmax_spike_times_hist_1ms_bin: numeric("int64", [histograms.argmax]),
    }),
    by_neuron_class_and_trial: new DataFrame(
      {
        [TRIAL]: numeric("int64", Float64Array.from(perTrial.firstRows, (r) => trials[r]!)),
        mean_of_spike_counts_for_each_trial: numeric("float64", countsPerTrial),
      },
      { index: [TRIAL] },
    ),
    histograms: new DataFrame(
      {
        bin: numeric("int64", Float64Array.from(histograms.hist, (_, i) => i)),
        spike_times_normalised_hist_1ms_bin: numeric("float64", histograms.hist),
        spike_times_max_normalised_hist_1ms_bin: numeric("float64", histograms.normalised),
        smoothed_3ms_spike_times_max_normalised_hist_1ms_bin: numeric("float64", histograms.smoothed),
      },
      { index: ["bin"] },
    ),
  };
}

/** The PSTH of every spike of the group (all trials), per target cell and trial. */
export function histogramFeatures(repo: RepoView, window: string, times: ArrayLike<number>, cells: number) {
  const trials = repo.windows.getNumberOfTrials(window);
  const duration = repo.windows.getDuration(window);
  const [tStart, tStop] = repo.windows.getBounds(window);
  let counts: Float64Array;
  try {
    counts = histogram(times, tStart, tStop, Math.trunc(duration));
  } catch (error) {
    throw new FeaturesError(`window '${window}' lasts ${duration} ms: ${(error as Error).message} (its histogram has 1 ms bins)`);
  }
  const hist = divided(counts, cells * trials);
  let argmax = 0;
  let min = Infinity;
  for (let i = 0; i < hist.length; i++) {
    if (hist[i]! > hist[argmax]!) argmax = i;
    if (hist[i]! < min) min = hist[i]!;
  }
  const max = hist[argmax]!;
  const smoothed = gaussianFilter(hist, 4);
  let maxSmoothed = -Infinity;
  for (let i = 0; i < smoothed.length; i++) if (smoothed[i]! > maxSmoothed) maxSmoothed = smoothed[i]!;
  return { hist, min, max, argmax, normalised: divided(hist, max || 1), smoothed: divided(smoothed, maxSmoothed || 1) };
}

/** Each value divided by `by`, in a loop: a typed array's map with a function is 4 times slower (M's 1.2M bins). */
function divided(values: Float64Array, by: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / by;
  return out;
}

function meansOf(grouping: ReturnType<typeof groupRows>, values: Float64Array): Float64Array {
  return Float64Array.from({ length: grouping.count }, (_, g) =>
    kahanMean(values, grouping.rows.subarray(grouping.starts[g]!, grouping.starts[g + 1]!)),
  );
}
