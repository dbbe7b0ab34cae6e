// my-features.ts, next to the config: `function: my-features.ts:spikeCounts`
import { DataFrame, type FeatureArgs, numeric } from "blueetl";

/** The spikes of the group (neurons x trials, left-joined with their spikes), times a scale. */
export function spikeCounts({ df, params }: FeatureArgs): DataFrame {
  const time = df.column("time", "float64").values; // a Float64Array; NaN for a neuron without spikes
  const spikes = time.reduce((n, t) => (Number.isNaN(t) ? n : n + 1), 0);
  return new DataFrame({ spikes: numeric("float64", [spikes * (params["scale"] as number)]) });
}
