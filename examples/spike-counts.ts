/**
 * A feature function in TypeScript, as named in a config (`function: spike-counts.ts:spikeCounts`,
 * relative to the config's folder): the spikes of each group, times a scale.
 */
import { DataFrame, type FeatureArgs, type NumericColumn, numeric } from "blueetl";

export function spikeCounts({ df, params }: FeatureArgs): DataFrame {
  const time = (df.column("time") as NumericColumn).values; // NaN for a neuron without spikes
  let spikes = 0;
  for (const t of time) if (!Number.isNaN(t)) spikes++;
  return new DataFrame({ spikes: numeric("float64", [spikes * (params["scale"] as number)]) });
}
