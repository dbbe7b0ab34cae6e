/**
 * The groups of a table and their aggregations, as pandas' `groupby(keys, observed=True)`: one
 * row per group in sorted key order, indexed by the keys, the other index levels dropped. The
 * kernels follow pandas' own (Kahan-compensated sums and means, Welford's variance), in the
 * column's float precision, so the numbers are pandas' to the last bit.
 */
import { type Column, NumericColumn, type NumericDType, type NumericValues, type Value, numeric } from "./column.ts";
import { inferColumn } from "./concat.ts";
import { DataFrame, type Row } from "./dataframe.ts";
import { type Grouping, type RowRanges, rangesOf } from "./group.ts";
import { QueryError } from "./query.ts";

/** A built-in aggregation, by pandas' name. */
export type AggregationName = "mean" | "sum" | "count" | "min" | "max" | "std" | "var" | "size" | "first" | "last";
/** An aggregation: a built-in, or a function of a group's values (a typed array, NaN included). */
export type Aggregation = AggregationName | ((values: NumericValues) => number);
/**
 * What `agg` computes: one aggregation or a list of them for every value column, or named
 * aggregations `{ output: [column, aggregation] }` (pandas' `agg(output=(column, aggregation))`).
 */
export type AggregationSpec = Aggregation | readonly Aggregation[] | Record<string, readonly [string, Aggregation]>;

export interface AggregateOptions {
  /** Skip the columns that are not numeric (pandas' numeric_only) instead of failing on them. */
  numericOnly?: boolean | undefined;
}

/** The groups of a table: iterate them in sorted key order, each with its key and rows, or aggregate them. */
export class GroupBy implements Iterable<{ key: Row; rows: Uint32Array }> {
  constructor(
    readonly frame: DataFrame,
    readonly keys: readonly string[],
    readonly grouping: Grouping,
    /** The columns aggregated: every column but the keys unless `select`ed. */
    readonly valueColumns: readonly string[] = frame.columnNames.filter((n) => !keys.includes(n)),
  ) {}

  /** The number of groups (pandas' `ngroups`; the count aggregation is `counts()`). */
  get count(): number {
    return this.grouping.count;
  }

  key(g: number): Row {
    const row = this.grouping.firstRows[g]!;
    return Object.fromEntries(this.keys.map((k) => [k, this.frame.value(k, row)]));
  }

  rows(g: number): Uint32Array {
    const { starts, rows } = this.grouping;
    return rows.subarray(starts[g]!, starts[g + 1]!);
  }

  /** The rows of group `g` as ranges of consecutive rows. */
  ranges(g: number): RowRanges {
    return this.grouping.ranges?.(g) ?? rangesOf(this.rows(g));
  }

  /** The table of group `g`. */
  group(g: number): DataFrame {
    return this.frame.take(this.rows(g));
  }

  *[Symbol.iterator](): Iterator<{ key: Row; rows: Uint32Array }> {
    for (let g = 0; g < this.count; g++) yield { key: this.key(g), rows: this.rows(g) };
  }

  /** Only these columns aggregated (pandas' `groupby(...)[columns]`). */
  select(columns: readonly string[]): GroupBy {
    for (const name of columns) this.frame.column(name);
    return new GroupBy(this.frame, this.keys, this.grouping, columns);
  }

  /** The mean of each column per group, NaN skipped (float64; float32 stays float32). */
  mean(options?: AggregateOptions): DataFrame {
    return this.agg("mean", options);
  }

  /** The sum of each column per group, NaN skipped (0 for none); integers stay integers, booleans count. */
  sum(options?: AggregateOptions): DataFrame {
    return this.agg("sum", options);
  }

  /** The values that are not missing, per column and group (int64): pandas' `count()`. */
  counts(): DataFrame {
    return this.agg("count");
  }

  /** The standard deviation (ddof 1) of each column per group. */
  std(options?: AggregateOptions): DataFrame {
    return this.agg("std", options);
  }

  min(options?: AggregateOptions): DataFrame {
    return this.agg("min", options);
  }

  max(options?: AggregateOptions): DataFrame {
    return this.agg("max", options);
  }

  /** The rows of each group, in a column `size` (pandas' `size()`, as a table). */
  size(): DataFrame {
    return this.table([["size", aggregateSize(this.grouping)]]);
  }

  /**
   * Aggregations per group: `agg("mean")`; `agg(["mean", "std"])`, columns named
   * `<column>_<aggregation>` (just `<aggregation>` when one column is aggregated, as pandas'
   * `groupby(keys)[column].agg([...])`); `agg({ rate: ["spikes", "mean"] })`, columns named so.
   */
  agg(spec: AggregationSpec, options: AggregateOptions = {}): DataFrame {
    if (typeof spec === "string" || typeof spec === "function") {
      return this.table(this.aggregated(options).map((name) => [name, this.aggregate(name, spec)]));
    }
    if (Array.isArray(spec)) {
      const columns = this.aggregated(options);
      const label = (name: string, a: Aggregation) => (columns.length === 1 ? aggregationName(a) : `${name}_${aggregationName(a)}`);
      return this.table(columns.flatMap((name) => (spec as readonly Aggregation[]).map((a) => [label(name, a), this.aggregate(name, a)] as [string, Column])));
    }
    return this.table(Object.entries(spec as Record<string, readonly [string, Aggregation]>).map(([output, [name, a]]) => [output, this.aggregate(name, a)]));
  }

  /**
   * `fn` of each group's table, one row per group: a value (a column `value`) or a record of
   * values (a column each), indexed by the keys (pandas' `apply`).
   */
  apply(fn: (group: DataFrame) => Value | Record<string, Value>): DataFrame {
    const results = Array.from({ length: this.count }, (_, g) => fn(this.group(g)));
    const records = results.every((r) => typeof r === "object" && r !== null && !Array.isArray(r) && !ArrayBuffer.isView(r));
    if (!records) return this.table([["value", inferColumn(results)]]);
    const names = [...new Set(results.flatMap((r) => Object.keys(r as Record<string, Value>)))];
    return this.table(names.map((name) => [name, inferColumn(results.map((r) => (r as Record<string, Value>)[name] ?? null))]));
  }

  /** The value columns to aggregate, non-numeric ones left out with `numericOnly`. */
  private aggregated(options: AggregateOptions): string[] {
    return this.valueColumns.filter((name) => !options.numericOnly || this.frame.column(name) instanceof NumericColumn);
  }

  private aggregate(name: string, aggregation: Aggregation): Column {
    const column = this.frame.column(name);
    if (aggregation === "size") return aggregateSize(this.grouping);
    if (aggregation === "count") return aggregateCount(column, this.grouping);
    if (aggregation === "first" || aggregation === "last") return aggregateEnd(column, this.grouping, aggregation);
    if (!(column instanceof NumericColumn)) {
      throw new QueryError(`cannot compute the ${aggregationName(aggregation)} of '${name}', a column of ${column.dtype} (pass numericOnly: true to leave it out)`);
    }
    if (typeof aggregation === "function") return aggregateWith(column, this.grouping, aggregation);
    return KERNELS[aggregation](column, this.grouping);
  }

  /** A table of one row per group: the keys as its index, then `columns`. */
  private table(columns: Array<[string, Column]>): DataFrame {
    const first = this.grouping.firstRows;
    const keys = this.keys.map((k) => [k, this.frame.column(k).take(first)] as [string, Column]);
    return new DataFrame([...keys, ...columns], { index: this.keys });
  }
}

function aggregationName(a: Aggregation): string {
  return typeof a === "function" ? a.name || "lambda" : a;
}

type Kernel = (column: NumericColumn, grouping: Grouping) => Column;

/** Arithmetic in the column's precision: float32 columns round every step to float32, as pandas' kernels do. */
function rounding(column: NumericColumn): (x: number) => number {
  return column.dtype === "float32" ? Math.fround : (x) => x;
}

/** For each group, its values in row order (NaN skipped) handed to `each`. */
function forEachValue(column: NumericColumn, grouping: Grouping, each: (g: number, v: number) => void): void {
  const values = column.values;
  const groupOf = grouping.groupOf;
  for (let i = 0; i < values.length; i++) {
    const g = groupOf[i]!;
    const v = values[i]!;
    if (g >= 0 && !Number.isNaN(v)) each(g, v);
  }
}

/** pandas' group_sum / group_mean: Kahan-compensated sums in row order. */
function compensatedSums(column: NumericColumn, grouping: Grouping): { sums: Float64Array; counts: Float64Array } {
  const r = rounding(column);
  const sums = new Float64Array(grouping.count);
  const compensation = new Float64Array(grouping.count);
  const counts = new Float64Array(grouping.count);
  forEachValue(column, grouping, (g, v) => {
    counts[g]!++;
    const y = r(v - compensation[g]!);
    const t = r(sums[g]! + y);
    const c = r(r(t - sums[g]!) - y);
    compensation[g] = Number.isNaN(c) ? 0 : c; // an infinite value: no compensation
    sums[g] = t;
  });
  return { sums, counts };
}

const SUM_DTYPE: Partial<Record<NumericDType, NumericDType>> = { bool: "int64", float32: "float32", float64: "float64" };

const KERNELS: Record<Exclude<AggregationName, "size" | "count" | "first" | "last">, Kernel> = {
  sum(column, grouping) {
    return numeric(SUM_DTYPE[column.dtype] ?? column.dtype, compensatedSums(column, grouping).sums);
  },
  mean(column, grouping) {
    const r = rounding(column);
    const { sums, counts } = compensatedSums(column, grouping);
    return numeric(column.dtype === "float32" ? "float32" : "float64", sums.map((s, g) => (counts[g] === 0 ? NaN : r(s / counts[g]!))));
  },
  var: (column, grouping) => welford(column, grouping, false),
  std: (column, grouping) => welford(column, grouping, true),
  min: (column, grouping) => extreme(column, grouping, (a, b) => a < b),
  max: (column, grouping) => extreme(column, grouping, (a, b) => a > b),
};

/** pandas' group_var: Welford's online algorithm, ddof 1, in float64 (a float32 column's result is rounded to float32). */
function welford(column: NumericColumn, grouping: Grouping, std: boolean): Column {
  const counts = new Float64Array(grouping.count);
  const means = new Float64Array(grouping.count);
  const squares = new Float64Array(grouping.count);
  forEachValue(column, grouping, (g, v) => {
    counts[g]!++;
    const old = means[g]!;
    means[g] = old + (v - old) / counts[g]!;
    squares[g] = squares[g]! + (v - means[g]!) * (v - old);
  });
  const out = squares.map((s, g) => (counts[g]! <= 1 ? NaN : std ? Math.sqrt(s / (counts[g]! - 1)) : s / (counts[g]! - 1)));
  return numeric(column.dtype === "float32" ? "float32" : "float64", out);
}

/** min or max, NaN skipped (NaN for a group of NaN only); the column's dtype. */
function extreme(column: NumericColumn, grouping: Grouping, better: (a: number, b: number) => boolean): Column {
  const out = new Float64Array(grouping.count).fill(NaN);
  forEachValue(column, grouping, (g, v) => {
    if (Number.isNaN(out[g]!) || better(v, out[g]!)) out[g] = v;
  });
  return numeric(out.some(Number.isNaN) && column.isInteger ? "float64" : column.dtype, out);
}

function aggregateWith(column: NumericColumn, grouping: Grouping, fn: (values: NumericValues) => number): Column {
  const { starts, rows } = grouping;
  return inferColumn(Array.from({ length: grouping.count }, (_, g) => fn(column.take(rows.subarray(starts[g]!, starts[g + 1]!)).values)));
}

function aggregateSize(grouping: Grouping): Column {
  const { starts } = grouping;
  return numeric("int64", Float64Array.from({ length: grouping.count }, (_, g) => starts[g + 1]! - starts[g]!));
}

/** Values not missing (NaN, or null in categorical and object columns). */
function aggregateCount(column: Column, grouping: Grouping): Column {
  const counts = new Float64Array(grouping.count);
  const { groupOf } = grouping;
  for (let i = 0; i < column.length; i++) {
    const g = groupOf[i]!;
    if (g < 0) continue;
    const v = column.get(i);
    if (v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v))) counts[g]!++;
  }
  return numeric("int64", counts);
}

/** The first or last value of each group that is not missing. */
function aggregateEnd(column: Column, grouping: Grouping, end: "first" | "last"): Column {
  const { starts, rows } = grouping;
  const picked = Array.from({ length: grouping.count }, (_, g) => {
    const group = rows.subarray(starts[g]!, starts[g + 1]!);
    const order = end === "first" ? group : [...group].reverse();
    for (const row of order) {
      const v = column.get(row);
      if (v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v))) return row;
    }
    return -1;
  });
  if (picked.includes(-1)) return inferColumn(picked.map((row) => (row < 0 ? null : column.get(row))));
  return column.take(picked);
}
