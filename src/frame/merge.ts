/** Merging tables on key columns, as pandas' `merge`. */
import { CategoricalColumn, type Column, ListColumn, NumericColumn, ObjectColumn, codesArray, concatColumns, numeric } from "./column.ts";
import { DataFrame } from "./dataframe.ts";
import { combinedRanks } from "./group.ts";

/**
 * The merge of the pipeline, `left.merge(right, how="left")` on every name (columns and index
 * levels) both tables share: every left row in order, followed by its matching right rows in
 * order; a left row without a match appears once, with missing values in the right columns.
 */
export function leftMerge(left: DataFrame, right: DataFrame): DataFrame {
  const on = left.names.filter((n) => right.has(n));
  if (on.length === 0) throw new Error(`merge: the tables share no column (left: ${left.names.join(", ")}; right: ${right.names.join(", ")})`);
  const n = left.length;
  // Join keys as dense ids computed over both tables at once, so that equal values get equal ids.
  const ids = combinedRanks(on.map((name) => concatColumns([asComparable(left.column(name)), asComparable(right.column(name))])), "last").ids;
  const matches = new Map<number, number[]>();
  for (let r = 0; r < right.length; r++) {
    const id = ids[n + r]!;
    const list = matches.get(id);
    if (list) list.push(r);
    else matches.set(id, [r]);
  }
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const found = matches.get(ids[i]!);
    if (!found) {
      leftRows.push(i);
      rightRows.push(-1);
    } else {
      for (const r of found) {
        leftRows.push(i);
        rightRows.push(r);
      }
    }
  }
  const columns: Array<[string, Column]> = left.names.map((name) => [name, left.column(name).take(leftRows)]);
  for (const name of right.names) {
    if (!on.includes(name)) columns.push([name, takeOrMissing(right.column(name), rightRows)]);
  }
  return new DataFrame(columns);
}

/** Categoricals joined by their values, not their codes (the two tables may differ in categories). */
function asComparable(column: Column): Column {
  return column instanceof CategoricalColumn ? new ObjectColumn(Array.from({ length: column.length }, (_, i) => column.get(i))) : column;
}

/** Rows of `column` at `rows`; -1 is a missing value (integers become float64 then, as in pandas). */
export function takeOrMissing(column: Column, rows: ArrayLike<number>): Column {
  if (!Array.prototype.includes.call(rows, -1)) return column.take(rows);
  if (column instanceof NumericColumn) {
    const out = column.dtype === "float32" ? new Float32Array(rows.length) : new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = rows[i]! < 0 ? NaN : column.values[rows[i]!]!;
    return numeric(column.dtype === "float32" ? "float32" : "float64", out);
  }
  if (column instanceof CategoricalColumn) {
    const codes = codesArray(column.categories.length, rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = rows[i]! < 0 ? -1 : column.codes[rows[i]!]!;
    return new CategoricalColumn(codes, column.categories);
  }
  return new ObjectColumn(Array.from(rows, (r) => (r < 0 ? null : column.get(r))));
}

export interface MergeOptions {
  /** "inner" (default): matching rows only; "left", "right": every row of that table; "outer": every row of both. */
  how?: "inner" | "left" | "right" | "outer" | undefined;
  /** The key columns, in both tables; by default the columns both have. */
  on?: string | readonly string[] | undefined;
  /** Appended to the other columns that both tables have (default `_x`, `_y`). */
  suffixes?: readonly [string, string] | undefined;
}

/**
 * pandas' `left.merge(right, how, on)`: inner and left merges in the left table's order (each
 * row followed by its matches in the right's), right merges in the right's, outer merges in
 * sorted key order; missing keys match each other. The index is a new range index.
 */
export function merge(left: DataFrame, right: DataFrame, options: MergeOptions = {}): DataFrame {
  const how = options.how ?? "inner";
  const on = options.on === undefined ? left.columnNames.filter((n) => right.columnNames.includes(n)) : typeof options.on === "string" ? [options.on] : [...options.on];
  if (on.length === 0) throw new Error(`merge: no common columns to merge on (left: ${left.columnNames.join(", ")}; right: ${right.columnNames.join(", ")})`);
  for (const [side, frame] of [["left", left], ["right", right]] as const) {
    const absent = on.filter((n) => !frame.columnNames.includes(n));
    if (absent.length > 0) throw new Error(`merge: the ${side} table has no column ${absent.join(", ")} (its columns: ${frame.columnNames.join(", ")})`);
  }
  const [leftRows, rightRows] = matchRows(left, right, on, how);
  const [leftSuffix, rightSuffix] = options.suffixes ?? ["_x", "_y"];
  const shared = (name: string, other: DataFrame) => !on.includes(name) && other.columnNames.includes(name);
  const columns: Array<[string, Column]> = left.columnNames.map((name) => {
    if (on.includes(name)) return [name, coalesce(left.column(name), leftRows, right.column(name), rightRows)];
    return [shared(name, right) ? `${name}${leftSuffix}` : name, takeOrNaN(left.column(name), leftRows)];
  });
  for (const name of right.columnNames) {
    if (!on.includes(name)) columns.push([shared(name, left) ? `${name}${rightSuffix}` : name, takeOrNaN(right.column(name), rightRows)]);
  }
  return new DataFrame(columns);
}

/** The left and right row of each row of the merge, -1 for none. */
function matchRows(left: DataFrame, right: DataFrame, on: string[], how: NonNullable<MergeOptions["how"]>): [number[], number[]] {
  const n = left.length;
  const { ids, count } = combinedRanks(on.map((name) => concatColumns([asComparable(left.column(name)), asComparable(right.column(name))])), "last");
  const byId = (start: number, length: number) => {
    const lists = Array.from({ length: count }, () => [] as number[]);
    for (let r = 0; r < length; r++) lists[ids[start + r]!]!.push(r);
    return lists;
  };
  const lefts = byId(0, n);
  const rights = byId(n, right.length);
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  const pair = (l: number, r: number) => {
    leftRows.push(l);
    rightRows.push(r);
  };
  if (how === "right") {
    for (let r = 0; r < right.length; r++) {
      const found = lefts[ids[n + r]!]!;
      if (found.length === 0) pair(-1, r);
      for (const l of found) pair(l, r);
    }
  } else if (how === "outer") {
    for (let id = 0; id < count; id++) {
      const [ls, rs] = [lefts[id]!, rights[id]!];
      if (rs.length === 0) for (const l of ls) pair(l, -1);
      else if (ls.length === 0) for (const r of rs) pair(-1, r);
      else for (const l of ls) for (const r of rs) pair(l, r);
    }
  } else {
    for (let l = 0; l < n; l++) {
      const found = rights[ids[l]!]!;
      if (found.length === 0 && how === "left") pair(l, -1);
      for (const r of found) pair(l, r);
    }
  }
  return [leftRows, rightRows];
}

/** A key column: the left value where the left row exists, else the right one. */
function coalesce(left: Column, leftRows: number[], right: Column, rightRows: number[]): Column {
  if (!leftRows.includes(-1)) return left.take(leftRows);
  if (left instanceof NumericColumn && right instanceof NumericColumn && left.dtype === right.dtype) {
    return numeric(left.dtype, leftRows.map((l, i) => (l >= 0 ? left.values[l]! : right.values[rightRows[i]!]!)));
  }
  if (left instanceof CategoricalColumn && right instanceof CategoricalColumn && left.categories.join("\u0000") === right.categories.join("\u0000")) {
    const codes = codesArray(left.categories.length, leftRows.length);
    for (let i = 0; i < leftRows.length; i++) codes[i] = leftRows[i]! >= 0 ? left.codes[leftRows[i]!]! : right.codes[rightRows[i]!]!;
    return new CategoricalColumn(codes, left.categories);
  }
  const values = leftRows.map((l, i) => (l >= 0 ? left.get(l) : right.get(rightRows[i]!)));
  return left instanceof NumericColumn && right instanceof NumericColumn ? numeric("float64", values as number[]) : new ObjectColumn(values);
}

/** takeOrMissing as pandas fills a merge: booleans with a missing value become objects, and missing objects are NaN. */
function takeOrNaN(column: Column, rows: number[]): Column {
  if (!rows.includes(-1)) return column.take(rows);
  if (column instanceof NumericColumn && column.dtype === "bool") return new ObjectColumn(rows.map((r) => (r < 0 ? NaN : column.get(r))));
  if (column instanceof ObjectColumn || column instanceof ListColumn) return new ObjectColumn(rows.map((r) => (r < 0 ? NaN : column.get(r))));
  return takeOrMissing(column, rows);
}
