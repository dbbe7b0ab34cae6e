/**
 * The diagnostic figure of BlueETL's `onset_from_spikes` (its `figures_path`): the smoothed
 * histogram of the spikes around the trials' offset, the threshold (pre-offset mean + k
 * standard deviations) and the onset found, drawn at the threshold as BlueETL draws it.
 */
import { CONFIG, SCHEMA, type Spec } from "./style.ts";

/** What one call of the trial steps function computed. */
export interface OnsetDiagnostic {
  /** [lower <= 0, upper >= 0], ms around the offset. */
  bounds: readonly [number, number];
  binsPerMs: number;
  /** The smoothed histogram, one value per bin from `bounds[0]`. */
  smoothed: ArrayLike<number>;
  threshold: number;
  /** The onset returned (ms_post_offset included). */
  onset: number;
}

/** Rows: t (bin start, ms) and count (the smoothed histogram); the threshold and onset as rules. */
export function onsetFigure(diagnostic: OnsetDiagnostic, title = "onset_from_spikes"): Spec {
  const [lo, hi] = diagnostic.bounds;
  const values = Array.from(diagnostic.smoothed, (count, b) => ({ t: lo + b / diagnostic.binsPerMs, count }));
  const x = { type: "quantitative" as const, scale: { domain: [lo, hi], nice: false, zero: false } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: `threshold ${diagnostic.threshold.toPrecision(4)} spikes, onset ${diagnostic.onset} ms` },
    width: 480,
    height: 240,
    layer: [
      {
        data: { values },
        mark: { type: "line", interpolate: "step-after" },
        encoding: { x: { ...x, field: "t", title: "Time (ms)" }, y: { field: "count", type: "quantitative", title: "Number of spikes" } },
      },
      {
        data: { values: [{ threshold: diagnostic.threshold }] },
        mark: { type: "rule", strokeDash: [4, 3], color: "#e45756" },
        encoding: { y: { field: "threshold", type: "quantitative" } },
      },
      {
        data: { values: [{ onset: diagnostic.onset, threshold: diagnostic.threshold }] },
        mark: { type: "point", filled: true, size: 60, color: "#e45756" },
        encoding: { x: { ...x, field: "onset" }, y: { field: "threshold", type: "quantitative" } },
      },
    ],
  } as Spec;
}
