/**
 * BlueETL's built-in `soma.calculate_features_by_simulation_circuit`: mean (float32) and standard
 * deviation of the potential per neuron class and window, for a group of one simulation.
 */
import { NEURON_CLASS, VALUE, WINDOW } from "../extract/index.ts";
import { CategoricalColumn, DataFrame, type NumericColumn, groupRows, numeric } from "../frame/index.ts";
import type { FeatureArgs } from "./repo-view.ts";
import { FeaturesError } from "./errors.ts";
import { kahanMean, welfordStd } from "./stats.ts";

export function somaFeatures({ key, df }: FeatureArgs): Record<string, DataFrame> {
  const fields = Object.keys(key);
  if (fields.join() !== "simulation_id,circuit_id") {
    throw new FeaturesError(`calculate_features_by_simulation_circuit needs groupby [simulation_id, circuit_id], got [${fields.join(", ")}]`);
  }
  const groups = groupRows([df.column(NEURON_CLASS), df.column(WINDOW)]);
  const value = (df.column(VALUE) as NumericColumn).values;
  const rows = (g: number) => groups.rows.subarray(groups.starts[g]!, groups.starts[g + 1]!);
  const firsts = groups.firstRows;
  return {
    by_neuron_class: new DataFrame({
      [NEURON_CLASS]: (df.column(NEURON_CLASS) as CategoricalColumn).take(firsts),
      [WINDOW]: (df.column(WINDOW) as CategoricalColumn).take(firsts),
      mean: numeric("float32", Float32Array.from({ length: groups.count }, (_, g) => kahanMean(value, rows(g), true))),
      std: numeric("float64", Float64Array.from({ length: groups.count }, (_, g) => welfordStd(value, rows(g)))),
    }),
  };
}
