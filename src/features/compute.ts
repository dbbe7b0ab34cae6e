/**
 * Computing features: configs sharing a groupby (and neuron classes and windows) are computed in
 * one pass over the groups; for each group, each function gets the merged table of the group's
 * neurons x window trials, left-joined with its report rows, as BlueETL builds it.
 */
import { type FeaturesConfig, featuresDump } from "../config/index.ts";
import { NEURON_CLASS, WINDOW, loadFunction } from "../extract/index.ts";
import { type DataFrame, type Row, leftMerge } from "../frame/index.ts";
import { bnacFeatures } from "./bnac.ts";
import { FeaturesError } from "./errors.ts";
import { RowLookup, groupKeys } from "./groups.ts";
import { type FeatureArgs, type FeatureFunction, type RepoTables, repoView } from "./repo-view.ts";
import { concatGroups, resultTables, withKey } from "./results.ts";
import { somaFeatures } from "./soma.ts";

/** BlueETL's built-in functions, by their Python names. */
export const FEATURE_FUNCTIONS: Record<string, FeatureFunction> = {
  "blueetl.external.bnac.calculate_features.calculate_features_multi": bnacFeatures,
  "blueetl.external.soma.calculate_features.calculate_features_by_simulation_circuit": somaFeatures,
};

export interface ComputeOptions {
  /** Folder that user module paths are relative to. */
  basePath: string;
  /** Called after each group of a batch of configs sharing their groups. */
  progress?: (done: number, total: number, message: string) => void;
}

/** The tables of each config, in the order of `configs`, named with their suffix. */
export async function computeFeatures(
  configs: readonly FeaturesConfig[],
  tables: RepoTables,
  options: ComputeOptions,
): Promise<Array<Record<string, DataFrame>>> {
  const results: Array<Record<string, DataFrame>> = configs.map(() => ({}));
  const batches = new Map<string, number[]>();
  configs.forEach((config, i) => {
    const key = JSON.stringify([config.groupby, config.neuron_classes, config.windows]);
    batches.set(key, [...(batches.get(key) ?? []), i]);
  });
  let b = 0;
  for (const indexes of batches.values()) {
    const batch = indexes.map((i) => configs[i]!);
    const label = `features ${++b}/${batches.size} (${batch.length} configs by ${batch[0]!.groupby.join(", ")})`;
    const progress = options.progress && ((done: number, total: number) => options.progress!(done, total, label));
    const tablesOfBatch = await computeBatch(batch, tables, { ...options, progress });
    indexes.forEach((i, k) => (results[i] = tablesOfBatch[k]!));
  }
  return results;
}

interface BatchOptions {
  basePath: string;
  progress?: ((done: number, total: number) => void) | undefined;
}

async function computeBatch(configs: FeaturesConfig[], tables: RepoTables, options: BatchOptions): Promise<Array<Record<string, DataFrame>>> {
  const { groupby, neuron_classes: classes, windows } = configs[0]!;
  const neurons = classes.length > 0 ? tables.neurons.q({ [NEURON_CLASS]: classes }) : tables.neurons;
  const windowsTable = windows.length > 0 ? tables.windows.q({ [WINDOW]: windows }) : tables.windows;
  const keys = groupKeys(groupby, [neurons, windowsTable, tables.report]);
  const lookups = [neurons, windowsTable, tables.report].map((t) => new RowLookup(t, groupby));
  const functions = await Promise.all(configs.map((c) => loadFunction(c.function, FEATURE_FUNCTIONS, options.basePath, "feature function")));
  const repo = repoView(tables);
  const parts = configs.map(() => new Map<string, DataFrame[]>());
  for (let k = 0; k < keys.length; k++) {
    const key = keys.row(k);
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(key)));
    const df = leftMerge(leftMerge(n!, w!), r!);
    for (let c = 0; c < configs.length; c++) {
      const config = configs[c]!;
      const output = await callFunction(functions[c]!, config, { repo, key, df, params: structuredClone(config.params) });
      for (const [name, table] of Object.entries(output)) {
        const list = parts[c]!.get(name + config.suffix) ?? [];
        list.push(withKey(table, key, config.multi_index));
        parts[c]!.set(name + config.suffix, list);
      }
    }
    options.progress?.(k + 1, keys.length);
  }
  return configs.map((config, c) => {
    const attrs = { config: structuredClone(featuresDump(config)) };
    return Object.fromEntries([...parts[c]!].map(([name, list]) => [name, concatGroups(list, attrs)]));
  });
}

async function callFunction(func: FeatureFunction, config: FeaturesConfig, args: FeatureArgs): Promise<Record<string, DataFrame>> {
  let result: unknown;
  try {
    result = await func(args);
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}' failed for the group ${describeKey(args.key)}: ${(error as Error).message}`);
  }
  try {
    return resultTables(result, config.type, config.name);
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}', group ${describeKey(args.key)}: ${(error as Error).message}`);
  }
}

function describeKey(key: Row): string {
  return `{${Object.entries(key).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")}}`;
}
