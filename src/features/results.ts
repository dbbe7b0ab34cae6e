/**
 * What BlueETL does with each table a feature function returns: the group key added (as the
 * outermost index levels, or as the first columns with `multi_index: false`), then every group's
 * table of a name concatenated, with BlueETL's dtypes.
 */
import { checkPlainName } from "../config/index.ts";
import { CategoricalColumn, type Column, DataFrame, NumericColumn, type NumericValues, type Row, codesArray, columnArray, fillRuns } from "../frame/index.ts";
import { ensureDtypes, keyColumn } from "./dtypes.ts";
import { FeaturesError } from "./errors.ts";

/** The tables of many groups in one: each row's group (an index into the group keys). */
export interface GroupedTable {
  frame: DataFrame;
  groupOf: Int32Array;
}

/** The table of one group with its key. */
export function withKey(result: DataFrame, key: Row, multiIndex: boolean): DataFrame {
  const n = result.length;
  return withKeyColumns(result, Object.keys(key).map((f) => [f, keyColumn(f, key[f], n)]), multiIndex);
}

/**
 * The tables of all groups with their keys, with BlueETL's dtypes. The keys of the groups that
 * have rows get theirs (categories compacted to those groups), then each fills its group's run of
 * rows: a take of every row's key and a compaction over every row were 0.57 s of M's features, and
 * an int16 key made int64 after the spread one more copy of every row's key (XL: 31M rows).
 */
export function keyedTable(grouped: GroupedTable, keys: DataFrame, multiIndex: boolean): DataFrame {
  const runs = runsOf(grouped.groupOf);
  const present = ensureDtypes(new DataFrame(keys.entries(), multiIndex ? { index: keys.names } : {}).take(runs.groups));
  const spread = keys.names.map((f) => [f, spreadRuns(present.column(f), runs.starts, grouped.groupOf.length)] as [string, Column]);
  return ensureDtypes(withKeyColumns(grouped.frame, spread, multiIndex), new Set(keys.names));
}

/** The runs of equal groups in `groupOf`: the group of each, and where each starts. */
function runsOf(groupOf: Int32Array): { groups: Uint32Array; starts: Uint32Array } {
  const groups: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < groupOf.length; i++) {
    if (i > 0 && groupOf[i] === groupOf[i - 1]) continue;
    groups.push(groupOf[i]!);
    starts.push(i);
  }
  return { groups: Uint32Array.from(groups), starts: Uint32Array.from(starts) };
}

/** The column's value `r` repeated over the rows of run `r`, `rows` rows in all. */
function spreadRuns(column: Column, starts: Uint32Array, rows: number): Column {
  if (column instanceof NumericColumn) return new NumericColumn(column.dtype, fillRuns(columnArray(column.values.constructor as new (n: number) => NumericValues, rows), column.values, starts));
  if (column instanceof CategoricalColumn) return new CategoricalColumn(fillRuns(codesArray(column.categories.length, rows), column.codes, starts), column.categories);
  const runIndexes = Uint32Array.from({ length: starts.length }, (_, r) => r);
  return column.take(fillRuns(new Uint32Array(rows), runIndexes, starts));
}

/** The key columns first: as the outermost index levels, or (`multi_index: false`) as plain columns. */
function withKeyColumns(result: DataFrame, keys: Array<[string, Column]>, multiIndex: boolean): DataFrame {
  const fields = keys.map(([f]) => f);
  // An unnamed (default) index is dropped, a named one kept.
  const own = result.entries();
  const clash = fields.filter((f) => result.has(f));
  if (clash.length > 0) throw new FeaturesError(`the table returned has columns named like the groupby: ${clash.join(", ")}`);
  if (multiIndex) return new DataFrame([...keys, ...own], { index: [...fields, ...result.indexNames] });
  return new DataFrame([...keys, ...own]);
}

/** The tables of a name, one per group, as one table. */
export function concatGroups(parts: DataFrame[], attrs: Record<string, unknown>): DataFrame {
  return ensureDtypes(DataFrame.concat(parts)).withAttrs(attrs);
}

/** A function's result as named tables: a dict of tables (`multi`), or one table (`single`). */
export function resultTables(result: unknown, type: "single" | "multi", name: string | null): Record<string, DataFrame> {
  if (type === "single") {
    if (!(result instanceof DataFrame)) throw new FeaturesError(`Expected a DataFrame, not ${typeName(result)}`);
    return { [name ?? "None"]: result };
  }
  if (typeof result !== "object" || result === null || Array.isArray(result) || result instanceof DataFrame) {
    throw new FeaturesError(`The user function must return a dict of dataframes (an object of DataFrames), not ${typeName(result)}`);
  }
  for (const [key, value] of Object.entries(result)) {
    if (!(value instanceof DataFrame)) throw new FeaturesError(`Expected a DataFrame, not ${typeName(value)} (for '${key}')`);
    const badName = checkPlainName(key, "the table name");
    if (badName) throw new FeaturesError(badName);
  }
  return result as Record<string, DataFrame>;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof DataFrame) return "a DataFrame";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}
