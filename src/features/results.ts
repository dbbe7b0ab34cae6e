/**
 * What BlueETL does with each table a feature function returns: the group key added (as the
 * outermost index levels, or as the first columns with `multi_index: false`), then every group's
 * table of a name concatenated, with BlueETL's dtypes.
 */
import { checkPlainName } from "../config/index.ts";
import { type Column, DataFrame, type Row } from "../frame/index.ts";
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

/** The tables of all groups with their keys: the rows of `keys` at each row's group. */
function withGroupKeys({ frame, groupOf }: GroupedTable, keys: DataFrame, multiIndex: boolean): DataFrame {
  return withKeyColumns(frame, keys.names.map((f) => [f, keys.column(f).take(groupOf)]), multiIndex);
}

/**
 * The tables of all groups with their keys, with BlueETL's dtypes. The keys get theirs before they
 * are spread over the rows: an int16 key made int64 afterwards was one more copy of every row's key
 * (XL's by_gid_and_trial: 31M rows).
 */
export function keyedTable(grouped: GroupedTable, keys: DataFrame, multiIndex: boolean): DataFrame {
  const typedKeys = ensureDtypes(new DataFrame(keys.entries(), multiIndex ? { index: keys.names } : {}));
  return ensureDtypes(withGroupKeys(grouped, typedKeys, multiIndex));
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
