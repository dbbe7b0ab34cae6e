/**
 * BlueETL's built-in dynamic offset, `onset_from_spikes`: the time after the trial offset at
 * which the smoothed spike histogram first rises above the pre-offset mean + k standard deviations.
 */
import { gaussianFilter, histogram, mean, std } from "../numeric/index.ts";
import { ExtractionError } from "./errors.ts";

/** What the onset was found from: the smoothed histogram (one value per bin from bounds[0]) and the threshold. */
export interface OnsetDiagnostic {
  bounds: [number, number];
  binsPerMs: number;
  smoothed: Float64Array;
  threshold: number;
  onset: number;
}

export function onsetFromSpikes(spikes: Float64Array[], params: Record<string, unknown>): number {
  return onsetDiagnostic(spikes, params).onset;
}

export function onsetDiagnostic(spikes: Float64Array[], params: Record<string, unknown>): OnsetDiagnostic {
  const [lo, hi] = params["bounds"] as [number, number];
  if (!(lo <= 0 && hi >= 0)) throw new ExtractionError(`onset_from_spikes: bounds must be [lower <= 0, upper >= 0], got [${lo}, ${hi}]`);
  const binsPerMs = numberParam(params, "histo_bins_per_ms");
  const all = Float64Array.from(spikes.flatMap((s) => Array.from(s)));
  const counts = histogram(all, lo, hi, Math.trunc((hi - lo) * binsPerMs));
  // scipy keeps the integer dtype of the histogram: the smoothed values are truncated.
  const smoothed = gaussianFilter(counts, numberParam(params, "smoothing_width"), true);
  const preBins = Math.trunc(-lo * binsPerMs);
  const pre = smoothed.subarray(0, preBins);
  const post = smoothed.subarray(preBins);
  const threshold = mean(pre) + numberParam(params, "threshold_std_multiple") * std(pre);
  const index = Math.max(post.findIndex((v) => v > threshold), 0);
  return { bounds: [lo, hi], binsPerMs, smoothed, threshold, onset: index / binsPerMs + numberParam(params, "ms_post_offset") };
}

function numberParam(params: Record<string, unknown>, key: string): number {
  const value = params[key];
  if (typeof value !== "number") throw new ExtractionError(`onset_from_spikes: the trial steps parameter '${key}' must be a number`);
  return value;
}
