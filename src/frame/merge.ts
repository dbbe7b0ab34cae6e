/**
 * pandas' `left.merge(right, how="left")` on the columns both tables share: every left row in
 * order, followed by its matching right rows in order; a left row without a match appears once,
 * with missing values in the right columns.
 */
import { CategoricalColumn, type Column, NumericColumn, ObjectColumn, concatColumns, numeric } from "./column.ts";
import { DataFrame } from "./dataframe.ts";
import { combinedRanks } from "./group.ts";

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
  if (column instanceof CategoricalColumn) return new CategoricalColumn(Int32Array.from(rows, (r) => (r < 0 ? -1 : column.codes[r]!)), column.categories);
  return new ObjectColumn(Array.from(rows, (r) => (r < 0 ? null : column.get(r))));
}
