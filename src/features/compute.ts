/**
 * Computing features: configs sharing a groupby (and neuron classes and windows) are computed in
 * one pass over the groups; for each group, each function gets the merged table of the group's
 * neurons x window trials, left-joined with its report rows, as BlueETL builds it.
 */
import { type FeaturesConfig, featuresDump } from "../config/index.ts";
import { NEURON_CLASS, WINDOW, guardedCall, loadFunction } from "../extract/index.ts";
import { type DataFrame, type Row, leftMerge } from "../frame/index.ts";
import { PythonPool, isPythonName } from "../python/index.ts";
import { bnacFeatures } from "./bnac.ts";
import { bnacAllGroups, isBnacBatchable } from "./bnac-batch.ts";
import { isSomaBatchable, somaAllGroups } from "./soma-batch.ts";
import { FeaturesError, describeKey } from "./errors.ts";
import { RowLookup, groupKeys } from "./groups.ts";
import { MergedGroups } from "./merged.ts";
import { computePython } from "./python.ts";
import { type FeatureArgs, type FeatureFunction, type RepoTables, repoView } from "./repo-view.ts";
import { type GroupedTable, concatGroups, keyedTable, resultTables, withKey } from "./results.ts";
import { somaFeatures } from "./soma.ts";

const BNAC = "blueetl.external.bnac.calculate_features.calculate_features_multi";
const SOMA = "blueetl.external.soma.calculate_features.calculate_features_by_simulation_circuit";

/** BlueETL's built-in functions, by their Python names. */
export const FEATURE_FUNCTIONS: Record<string, FeatureFunction> = {
  [BNAC]: bnacFeatures,
  [SOMA]: somaFeatures,
};

/** Built-in functions computed for all groups at once (for their usual groupby), by name. */
type GroupsDone = (done: number, total: number) => void;
const BATCHED_FUNCTIONS: Record<string, { batchable(groupby: readonly string[]): boolean; compute(input: BatchInput, progress?: GroupsDone): Record<string, GroupedTable> }> = {
  [BNAC]: {
    batchable: isBnacBatchable,
    compute: (input, progress) => bnacAllGroups(input.keys, input.neurons, input.windows, input.tables.report, repoView(input.tables), progress),
  },
  [SOMA]: {
    batchable: isSomaBatchable,
    compute: (input, progress) => somaAllGroups(input.keys, input.neurons, input.windows, input.tables.report, progress),
  },
};

export interface ComputeOptions {
  /** Folder that user module paths are relative to. */
  basePath: string;
  /** The Python workers of the run, for Python functions (else started for this computation). */
  python?: PythonPool | undefined;
  /** Names the repository for the Python workers (the analysis). */
  repo?: string;
  /** Called as the groups of each step are computed (the step names its configs). */
  progress?: ((done: number, total: number, step: string) => void) | undefined;
  /** Call the built-in functions group by group, as user functions are (slower; for checks). */
  perGroup?: boolean;
  /** Only the part `index` of `count` of the groups of each batch (contiguous, in order), for a task; merged by `mergeFeatureParts`. */
  part?: { index: number; count: number } | undefined;
}

export interface ComputedFeatures {
  /** The tables of each config, in the order of the configs, named with their suffix. */
  tables: Array<Record<string, DataFrame>>;
  /** Groups computed, summed over the configs (BlueETL's number of feature function calls). */
  groups: number;
}

export async function computeFeatures(configs: readonly FeaturesConfig[], tables: RepoTables, options: ComputeOptions): Promise<ComputedFeatures> {
  const results: Array<Record<string, DataFrame>> = configs.map(() => ({}));
  let groups = 0;
  const batches = new Map<string, number[]>();
  configs.forEach((config, i) => {
    const key = JSON.stringify([config.groupby, config.neuron_classes, config.windows]);
    batches.set(key, [...(batches.get(key) ?? []), i]);
  });
  for (const indexes of batches.values()) {
    const batch = indexes.map((i) => configs[i]!);
    const computed = await computeBatch(batch, tables, options);
    indexes.forEach((i, k) => (results[i] = computed.tables[k]!));
    groups += computed.groups * batch.length;
  }
  return { tables: results, groups };
}

/** A features config as messages name it: its table (single) or its place in the config, and its function. */
export function describeFeatures(config: FeaturesConfig): string {
  const where = config.type === "single" ? `features '${config.name ?? "None"}${config.suffix}'` : `features[${config.id}]${config.suffix}`;
  return `${where} (${shortName(config.function)})`;
}

function shortName(name: string): string {
  return name in FEATURE_FUNCTIONS ? name.slice(name.lastIndexOf(".") + 1) : name;
}

/** The step of a progress bar computing these configs. */
function stepOf(configs: readonly FeaturesConfig[], how = ""): string {
  if (configs.length === 1) return `calculating ${describeFeatures(configs[0]!)}${how}`;
  const functions = [...new Set(configs.map((c) => shortName(c.function)))];
  return `calculating ${configs.length} features configs${how} (${functions.length === 1 ? functions[0] : `${functions.length} functions`})`;
}

type BatchOptions = ComputeOptions;

/** The groups of a batch: their keys, and the tables restricted to the config's classes and windows. */
interface BatchInput {
  keys: DataFrame;
  neurons: DataFrame;
  windows: DataFrame;
  tables: RepoTables;
}

async function computeBatch(configs: FeaturesConfig[], tables: RepoTables, options: BatchOptions): Promise<{ tables: Array<Record<string, DataFrame>>; groups: number }> {
  const { groupby, neuron_classes: classes, windows } = configs[0]!;
  const neurons = classes.length > 0 ? tables.neurons.q({ [NEURON_CLASS]: classes }) : tables.neurons;
  const windowsTable = windows.length > 0 ? tables.windows.q({ [WINDOW]: windows }) : tables.windows;
  if (neurons.length === 0) {
    // BlueETL then takes its groups from the report (groups it was not asked for, with no neurons): refused.
    throw new FeaturesError(`features ${configs.map((c) => `'${c.function}'`).join(", ")} have no group to compute: no neuron is in the neuron classes ${JSON.stringify(classes)} (empty classes are dropped by the extraction)`);
  }
  const input: BatchInput = { keys: partOf(groupKeys(groupby, [neurons, windowsTable, tables.report]), options.part), neurons, windows: windowsTable, tables };
  if (input.keys.length === 0) return { tables: configs.map(() => ({})), groups: 0 };
  const batched = configs.map((c) => !options.perGroup && BATCHED_FUNCTIONS[c.function]?.batchable(c.groupby) === true);
  const python = configs.map((c) => !(c.function in FEATURE_FUNCTIONS) && isPythonName(c.function));
  const results: Array<Record<string, DataFrame>> = configs.map(() => ({}));
  const perGroup = configs.filter((_, c) => !batched[c] && !python[c]);
  const computed = await computeGroupByGroup(perGroup, input, { ...options, progress: groupsDone(options, stepOf(perGroup)) });
  const inPython = configs.filter((_, c) => python[c]);
  const fromPython = inPython.length > 0 ? await withPython(options, (pool) => computePython(inPython, input, { python: pool, repo: options.repo ?? "repo", progress: groupsDone(options, stepOf(inPython, " in Python")) })) : [];
  configs.forEach((config, c) => {
    if (python[c]) results[c] = fromPython[inPython.indexOf(config)]!;
    else if (!batched[c]) results[c] = computed[perGroup.indexOf(config)]!;
  });
  // A built-in function reads no parameter that changes its tables: computed once for all its configs.
  const shared = new Map<string, SharedTables>();
  configs.forEach((config, c) => {
    if (!batched[c]) return;
    let entry = shared.get(config.function);
    if (!entry) {
      const progress = groupsDone(options, stepOf(configs.filter((other, o) => batched[o] && other.function === config.function)));
      progress?.(0, input.keys.length);
      shared.set(config.function, (entry = { grouped: BATCHED_FUNCTIONS[config.function]!.compute(input, progress), keyed: new Map() }));
    }
    results[c] = keyedTables(entry, input.keys, config);
  });
  return { tables: results, groups: input.keys.length };
}

/** The progress of a step over the groups, when there is a step and progress is shown. */
function groupsDone(options: BatchOptions, step: string): GroupsDone | undefined {
  const { progress } = options;
  return progress && ((done, total) => progress(done, total, step));
}

/** The groups of one part: the `index`-th of `count` contiguous ranges of the same size (give or take one). */
function partOf(keys: DataFrame, part: { index: number; count: number } | undefined): DataFrame {
  if (!part) return keys;
  const at = (i: number) => Math.floor((i * keys.length) / part.count);
  return keys.slice(at(part.index), at(part.index + 1));
}

/**
 * The features of all parts, as `computeFeatures` computes them at once: for each config, each
 * table's parts concatenated in order (the names in their order of first appearance) with
 * BlueETL's dtypes, as the groups' tables are.
 */
export function mergeFeatureParts(configs: readonly FeaturesConfig[], parts: readonly ComputedFeatures[]): ComputedFeatures {
  const tables = configs.map((config, c) => {
    const byName = new Map<string, DataFrame[]>();
    for (const part of parts) for (const [name, table] of Object.entries(part.tables[c]!)) byName.set(name, [...(byName.get(name) ?? []), table]);
    const attrs = { config: structuredClone(featuresDump(config)) };
    return Object.fromEntries([...byName].map(([name, list]) => [name, concatGroups(list, attrs)]));
  });
  return { tables, groups: parts.reduce((n, p) => n + p.groups, 0) };
}

/** The run's Python workers, or workers started for this computation only. */
async function withPython<T>(options: BatchOptions, compute: (pool: PythonPool) => Promise<T>): Promise<T> {
  if (options.python) return compute(options.python);
  const pool = new PythonPool({ configFolder: options.basePath });
  try {
    return await compute(pool);
  } finally {
    await pool.close();
  }
}

interface SharedTables {
  grouped: Record<string, GroupedTable>;
  /** The tables with keys and dtypes, by name and multi_index. */
  keyed: Map<string, DataFrame>;
}

/** The batched tables with their group keys and BlueETL's dtypes, shared by the configs that make the same. */
function keyedTables(shared: SharedTables, keys: DataFrame, config: FeaturesConfig): Record<string, DataFrame> {
  const attrs = { config: structuredClone(featuresDump(config)) };
  const out: Record<string, DataFrame> = {};
  for (const [name, grouped] of Object.entries(shared.grouped)) {
    const id = `${name}\u0000${config.multi_index}`;
    let table = shared.keyed.get(id);
    if (!table) shared.keyed.set(id, (table = keyedTable(grouped, keys, config.multi_index)));
    out[name + config.suffix] = table.withAttrs(attrs);
  }
  return out;
}

async function computeGroupByGroup(
  configs: FeaturesConfig[],
  input: BatchInput,
  options: { basePath: string; progress?: GroupsDone | undefined },
): Promise<Array<Record<string, DataFrame>>> {
  if (configs.length === 0) return [];
  const { keys, tables } = input;
  const functions = await Promise.all(configs.map((c) => loadFunction(c.function, FEATURE_FUNCTIONS, options.basePath, "feature function")));
  const tableOf = groupTables(input);
  const repo = repoView(tables);
  const parts = configs.map(() => new Map<string, { key: Row; tables: DataFrame[] }>());
  options.progress?.(0, keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys.row(k);
    const df = tableOf(k, key);
    for (let c = 0; c < configs.length; c++) {
      const config = configs[c]!;
      // Each call its own table, as in BlueETL: a function that sorts a column in place changes no other call's.
      const own = c < configs.length - 1 ? df.take(Uint32Array.from({ length: df.length }, (_, i) => i)) : df;
      const output = await callFunction(functions[c]!, config, { repo, key, df: own, params: structuredClone(config.params) });
      for (const [name, table] of Object.entries(output)) {
        const part = parts[c]!.get(name + config.suffix) ?? { key, tables: [] };
        const first = part.tables[0];
        const keyed = resultCheck(config, key, () => withKey(table, key, config.multi_index));
        if (first && keyed.names.join("\u0000") !== first.names.join("\u0000")) {
          throw new FeaturesError(
            `feature function '${config.function}' returned the table '${name}' with other columns for the group ${describeKey(key)} ([${table.names.join(", ")}]) than for the group ${describeKey(part.key)} ([${first.names.filter((n) => !(n in key)).join(", ")}]): every group must return the same columns, in the same order`,
          );
        }
        part.tables.push(keyed);
        parts[c]!.set(name + config.suffix, part);
      }
    }
    options.progress?.(k + 1, keys.length);
  }
  return configs.map((config, c) => {
    const attrs = { config: structuredClone(featuresDump(config)) };
    return Object.fromEntries([...parts[c]!].map(([name, part]) => [name, resultCheck(config, part.key, () => concatGroups(part.tables, attrs), name)]));
  });
}

/** A step on a function's result; its error names the function (and the table). */
function resultCheck<T>(config: FeaturesConfig, key: Row, step: () => T, table?: string): T {
  try {
    return step();
  } catch (error) {
    const what = table ? `the tables '${table}' of its groups cannot be put together` : `group ${describeKey(key)}`;
    throw new FeaturesError(`feature function '${config.function}', ${what}: ${(error as Error).message}`, { cause: error });
  }
}

/** The table of each group: a slice of all groups' merged table, or (for other groupbys) merged per group. */
function groupTables(input: BatchInput): (g: number, key: Row) => DataFrame {
  const { keys, neurons, windows, tables } = input;
  const merged = MergedGroups.build(keys, neurons, windows, tables.report);
  if (merged) return (g) => merged.group(g);
  const lookups = [neurons, windows, tables.report].map((t) => new RowLookup(t, keys.names));
  return (_, key) => {
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(key)));
    return leftMerge(leftMerge(n!, w!), r!);
  };
}

async function callFunction(func: FeatureFunction, config: FeaturesConfig, args: FeatureArgs): Promise<Record<string, DataFrame>> {
  let result: unknown;
  try {
    result = await guardedCall(() => func(args));
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}' failed for the group ${describeKey(args.key)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return resultTables(result, config.type, config.name);
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}', group ${describeKey(args.key)}: ${(error as Error).message}`);
  }
}
