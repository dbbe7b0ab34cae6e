/**
 * Features of the user's Python functions: the merged table of all groups goes to the Python
 * workers once; their tables come back with each row's group, and get the group keys and
 * BlueETL's dtypes here, as the tables of the batched built-in functions do.
 */
import { type FeaturesConfig, featuresDump, floatParams } from "../config/index.ts";
import { type DataFrame, leftMerge } from "../frame/index.ts";
import { PythonCallError, type PythonPool, PythonWorkerDied } from "../python/index.ts";
import { FeaturesError, describeKey } from "./errors.ts";
import { RowLookup } from "./groups.ts";
import { MergedGroups } from "./merged.ts";
import type { RepoTables } from "./repo-view.ts";
import { keyedTable } from "./results.ts";

export interface PythonBatch {
  keys: DataFrame;
  neurons: DataFrame;
  windows: DataFrame;
  tables: RepoTables;
}

export interface PythonOptions {
  python: PythonPool;
  /** Names the repository for the workers, which keep its tables for the run. */
  repo: string;
  progress?: ((done: number, total: number) => void) | undefined;
}

export async function computePython(configs: FeaturesConfig[], batch: PythonBatch, options: PythonOptions): Promise<Array<Record<string, DataFrame>>> {
  const { keys, tables } = batch;
  if (keys.length === 0) return configs.map(() => ({}));
  let results;
  options.progress?.(0, keys.length);
  try {
    results = await options.python.features({
      repo: options.repo,
      tables: { ...tables },
      configs: configs.map((c) => ({ function: c.function, type: c.type, name: c.name, params: c.params, floats: floatParams(c), suffix: c.suffix })),
      keys,
      merged: mergedTable(batch).parts(),
      progress: options.progress && ((done) => options.progress!(done, keys.length)),
    });
  } catch (error) {
    throw featuresError(error, configs, keys);
  }
  return configs.map((config, c) => {
    const attrs = { config: structuredClone(featuresDump(config)) };
    const entries = Object.entries(results[c]!).map(([name, grouped]) => {
      try {
        return [name, keyedTable(grouped, keys, config.multi_index).withAttrs(attrs)] as const;
      } catch (error) {
        throw new FeaturesError(`feature function '${config.function}': ${(error as Error).message}`);
      }
    });
    return Object.fromEntries(entries);
  });
}

/** All groups' tables as one: merged at once for the usual groupbys, else merged group by group. */
function mergedTable({ keys, neurons, windows, tables }: PythonBatch): MergedGroups {
  const merged = MergedGroups.build(keys, neurons, windows, tables.report);
  if (merged) return merged;
  const lookups = [neurons, windows, tables.report].map((t) => new RowLookup(t, keys.names));
  const groups = Array.from({ length: keys.length }, (_, g) => {
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(keys.row(g))));
    return leftMerge(leftMerge(n!, w!), r!);
  });
  return MergedGroups.fromGroups(groups, tables.report);
}

function featuresError(error: unknown, configs: FeaturesConfig[], keys: DataFrame): Error {
  if (!(error instanceof PythonCallError || error instanceof PythonWorkerDied)) return error as Error;
  const config = error.config !== undefined ? configs[error.config] : configs.length === 1 ? configs[0] : undefined;
  const name = config ? `feature function '${config.function}'` : `one of the feature functions ${configs.map((c) => `'${c.function}'`).join(", ")}`;
  const group = error.group !== undefined ? describeKey(keys.row(error.group)) : undefined;
  if (error instanceof PythonWorkerDied || error.kind === "result") return new FeaturesError(`${name}${group ? `, group ${group}` : ""}: ${error.detail}`);
  return new FeaturesError(`${name} failed for the group ${group}:\n${error.detail}`);
}
