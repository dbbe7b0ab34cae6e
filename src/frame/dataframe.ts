/**
 * The table type: named columns, some of which form the index (pandas' MultiIndex), with
 * `attrs`, BlueETL's query language and grouping in sorted key order.
 */
import type * as arrow from "apache-arrow";
import { fromArrow, toArrow } from "./arrow.ts";
import { type Column, type ColumnOf, type DType, type Value, checkDtype, concatColumns, refusedValues } from "./column.ts";
import * as etl from "./etl.ts";
import { type FormatOptions, formatFrame, terminalWidth } from "./format.ts";
import { groupRows, inKeyOrder, sortedRows } from "./group.ts";
import { GroupBy } from "./groupby.ts";
import { type MergeOptions, merge } from "./merge.ts";
import { type Query, QueryError, queryMask } from "./query.ts";

export type Row = Record<string, Value>;

/** The name we give to pandas' unnamed index (row labels that are not 0..n-1). */
export const UNNAMED_INDEX = "index";

export interface FrameOptions {
  /** Names of the columns that form the index, outermost first. None: a default range index. */
  index?: readonly string[] | undefined;
  attrs?: Record<string, unknown> | undefined;
  /**
   * Without an index: the rows' labels when they are not 0..n-1, as pandas keeps them in a
   * filtered table (`q`, `take`, `tail`...). They are printed, and written as pandas' unnamed index.
   */
  rowLabels?: ArrayLike<number> | undefined;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export class DataFrame {
  /** Free metadata, as pandas' `attrs` (features keep their config in `attrs.config`). */
  readonly attrs: Record<string, unknown>;
  readonly indexNames: readonly string[];
  /** The labels of the rows of a table without index, when they are not 0..n-1 (see FrameOptions). */
  readonly rowLabels: ArrayLike<number> | undefined;
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(columns: Record<string, Column> | Iterable<[string, Column]>, options: FrameOptions = {}) {
    const entries = Symbol.iterator in columns ? [...(columns as Iterable<[string, Column]>)] : Object.entries(columns);
    const index = options.index ?? [];
    const byName = new Map<string, Column>();
    // Index columns first, then the others in their order.
    for (const name of index) {
      const column = entries.find(([n]) => n === name)?.[1];
      if (!column) throw new Error(`index '${name}' is not one of the columns`);
      byName.set(name, column);
    }
    for (const [name, column] of entries) {
      checkColumn(name, column);
      if (index.includes(name)) continue;
      if (byName.has(name)) throw new Error(`duplicate column '${name}'`);
      byName.set(name, column);
    }
    const lengths = new Set([...byName.values()].map((c) => c.length));
    if (lengths.size > 1) throw new Error(`columns of different lengths: ${[...lengths].join(", ")}`);
    this.byName = byName;
    this.indexNames = [...index];
    this.attrs = options.attrs ?? {};
    if (options.rowLabels && index.length > 0) throw new Error("row labels are for a table without index");
    if (options.rowLabels && byName.size > 0 && options.rowLabels.length !== this.length) {
      throw new Error(`${options.rowLabels.length} row labels for ${this.length} rows`);
    }
    this.rowLabels = options.rowLabels;
  }

  /** A table from Arrow, with the index, categoricals and dtypes of its `pandas` metadata (as pyarrow writes them). */
  static fromArrow(table: arrow.Table): DataFrame {
    return fromArrow(table);
  }

  get length(): number {
    const first = this.byName.values().next();
    return first.done ? 0 : first.value.length;
  }

  /** Index names then column names, in order. */
  get names(): string[] {
    return [...this.byName.keys()];
  }

  get columnNames(): string[] {
    return this.names.filter((n) => !this.indexNames.includes(n));
  }

  /** The dtype of each column (not of the index levels: see `column(name).dtype`), as pandas' `df.dtypes`. */
  get dtypes(): Record<string, DType> {
    return Object.fromEntries(this.columnNames.map((n) => [n, this.column(n).dtype]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * A column or index level by name; with `dtype`, checked to be of that dtype and typed so:
   * `df.column("time", "float64").values` is a Float64Array.
   */
  column(name: string): Column;
  column<D extends DType>(name: string, dtype: D): ColumnOf<D>;
  column(name: string, dtype?: DType): Column {
    const column = this.byName.get(name);
    if (!column) {
      throw new QueryError(`unknown column or index level '${name}' (the table has: ${this.names.join(", ") || "none"})`);
    }
    if (dtype !== undefined) checkDtype(column, dtype, name);
    return column;
  }

  /** The value of column `name` at row `row`. */
  value(name: string, row: number): Value {
    return this.column(name).get(row);
  }

  row(i: number): Row {
    const row: Row = {};
    for (const [name, column] of this.byName) row[name] = column.get(i);
    return row;
  }

  /** Every row as a record: for small tables (one object per row). */
  records(): Row[] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }

  /** The rows at `rows`, in that order; they keep their labels (pandas' `iloc`). */
  take(rows: ArrayLike<number>): DataFrame {
    return this.derive((column) => column.take(rows), () => takeLabels(this.rowLabels, rows));
  }

  /** The rows [start, end), sharing the columns' memory. */
  slice(start: number, end: number): DataFrame {
    return this.derive(
      (column) => column.slice(start, end),
      () => (this.rowLabels ? sliceLabels(this.rowLabels, start, end) : start === 0 ? undefined : rangeLabels(start, Math.max(start, Math.min(end, this.length)))),
    );
  }

  /** The first `n` rows (all but the last -n for a negative n), as pandas' `head`. */
  head(n = 5): DataFrame {
    return this.slice(0, n >= 0 ? Math.min(n, this.length) : Math.max(this.length + n, 0));
  }

  /** The last `n` rows (all but the first -n for a negative n), as pandas' `tail`. */
  tail(n = 5): DataFrame {
    return this.slice(n >= 0 ? Math.max(this.length - n, 0) : Math.min(-n, this.length), this.length);
  }

  filter(mask: Uint8Array): DataFrame {
    let n = 0;
    for (let i = 0; i < mask.length; i++) n += mask[i]!;
    if (n === this.length) return this;
    const rows = new Uint32Array(n);
    for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) rows[k++] = i;
    return this.take(rows);
  }

  /**
   * BlueETL's `etl.q`: a dict (keys ANDed) or a list of dicts (ORed, empty ones skipped). With
   * nothing to filter, the same table is returned. The rows keep their labels, as in pandas.
   */
  q(query?: Query | readonly Query[]): DataFrame {
    const queries = query === undefined ? [] : Array.isArray(query) ? query : [query as Query];
    const mask = queryMask(this.length, (key) => this.column(key), queries);
    return mask ? this.filter(mask) : this;
  }

  /** The only row matching the query; an error for 0 or several. */
  one(query?: Query | readonly Query[]): Row {
    const found = this.q(query);
    if (found.length !== 1) throw new QueryError(`The query returned ${found.length} records instead of 1.`);
    return found.row(0);
  }

  /** The first row matching the query; an error when none does. */
  first(query?: Query | readonly Query[]): Row {
    const found = this.q(query);
    if (found.length === 0) throw new QueryError("The query returned 0 records.");
    return found.row(0);
  }

  /**
   * Groups by the key columns or index levels, in sorted key order; rows with a missing key are
   * dropped. Aggregate them with `mean()`, `sum()`, `count()`, `agg(...)`, or iterate them.
   */
  groupBy(keys: readonly string[]): GroupBy {
    return new GroupBy(this, keys, groupRows(keys.map((k) => this.column(k))));
  }

  /** The rows sorted by the key columns (stable; missing values last), keeping their labels unless `ignoreIndex`. */
  sortBy(keys: readonly string[], options: { ignoreIndex?: boolean | undefined } = {}): DataFrame {
    const columns = keys.map((k) => this.column(k));
    // In order already: the columns and labels are kept (those a take of every row in order gives).
    const sorted = inKeyOrder(columns) ? this.derive((c) => c, () => this.rowLabels) : this.take(sortedRows(columns));
    return options.ignoreIndex ? sorted.resetIndex(true) : sorted;
  }

  /** The table with these columns as its index (the previous index becomes columns). */
  setIndex(names: readonly string[]): DataFrame {
    return new DataFrame([...names.map((n) => [n, this.column(n)] as [string, Column]), ...this.entries()], {
      index: names,
      attrs: this.attrs,
    });
  }

  /**
   * The index turned into ordinary columns (or dropped), leaving a default range index. Row
   * labels become a column `index` (pandas' reset_index); a range index adds no column.
   */
  resetIndex(drop = false): DataFrame {
    const entries = this.entries().filter(([n]) => !drop || !this.indexNames.includes(n));
    if (this.rowLabels && !drop) entries.unshift([UNNAMED_INDEX, etl.labelsColumn(this.rowLabels)]);
    return new DataFrame(entries, { attrs: this.attrs });
  }

  /** Only these columns, in this order (the index is kept). */
  select(names: readonly string[]): DataFrame {
    const keep = [...this.indexNames, ...names.filter((n) => !this.indexNames.includes(n))];
    return this.withEntries(keep.map((n) => [n, this.column(n)]));
  }

  /** Columns added or replaced (new ones at the end). */
  assign(columns: Record<string, Column>): DataFrame {
    const entries = this.entries().map(([n, c]) => [n, columns[n] ?? c] as [string, Column]);
    for (const [n, c] of Object.entries(columns)) if (!this.has(n)) entries.push([n, c]);
    return this.withEntries(entries);
  }

  withAttrs(attrs: Record<string, unknown>): DataFrame {
    return new DataFrame(this.entries(), { index: this.indexNames, attrs, rowLabels: this.rowLabels });
  }

  entries(): Array<[string, Column]> {
    return [...this.byName];
  }

  /**
   * pandas' `merge`: rows of both tables whose `on` columns are equal (by default the columns
   * both have), `how` "inner" (the default), "left", "right" or "outer"; a new range index.
   */
  merge(right: DataFrame, options: MergeOptions = {}): DataFrame {
    return merge(this, right, options);
  }

  /** Tables with the same names and index, one after the other (row labels are not kept). */
  static concat(frames: readonly DataFrame[]): DataFrame {
    const first = frames[0];
    if (!first) throw new Error("concat: no table");
    if (frames.length === 1) return first;
    const names = first.names;
    for (const frame of frames) {
      if (frame.names.join("\u0000") !== names.join("\u0000")) {
        throw new Error(`concat: different columns: [${frame.names.join(", ")}] and [${names.join(", ")}]`);
      }
    }
    return new DataFrame(
      names.map((n) => [n, concatColumns(frames.map((f) => f.column(n)))] as [string, Column]),
      { index: first.indexNames, attrs: first.attrs },
    );
  }

  /** The table as Arrow, with pandas' metadata: index levels, categories and dtypes come back with `fromArrow`. */
  toArrow(): arrow.Table {
    return toArrow(this);
  }

  // blueetl-core's `etl` accessor (conditions are index levels, labels their values).

  /** The index levels (blueetl-core's `conditions()`). */
  conditions(): string[] {
    return [...this.indexNames];
  }

  /** The index levels other than `conditions`, in the index's order. */
  complementaryConditions(conditions: string | readonly string[]): string[] {
    return etl.complementaryConditions(this, conditions);
  }

  /** The distinct labels of each level (or of `conditions`), in order of first appearance. */
  labels(conditions?: readonly string[]): Value[][] {
    return (conditions ?? this.indexNames).map((c) => this.labelsOf(c));
  }

  /** The distinct labels of one index level, in order of first appearance. */
  labelsOf(condition: string): Value[] {
    return etl.labelsOf(this, condition);
  }

  /** The table without these index levels (pandas' droplevel: their values are gone). */
  removeConditions(conditions: string | readonly string[]): DataFrame {
    return etl.removeConditions(this, conditions);
  }

  /** The table with only these index levels. */
  keepConditions(conditions: string | readonly string[]): DataFrame {
    return etl.removeConditions(this, this.complementaryConditions(conditions));
  }

  /** New constant index levels, outermost (or innermost with `inner`), the others dropped with `drop`. */
  addConditions(conditions: string | readonly string[], values: Value | readonly Value[], options: etl.AddConditionsOptions = {}): DataFrame {
    return etl.addConditions(this, conditions, values, options);
  }

  /** pandas' `xs` on index levels (blueetl-core's `select`): the rows with these labels, the levels dropped unless `dropLevel` is false. */
  xs(labels: Record<string, Value>, options: { dropLevel?: boolean | undefined } = {}): DataFrame {
    return etl.xs(this, labels, options.dropLevel ?? true);
  }

  /** Grouped by every index level except `conditions`. */
  groupByExcept(conditions: string | readonly string[]): GroupBy {
    return this.groupBy(this.complementaryConditions(conditions));
  }

  /**
   * The table pooled over `conditions`: `fn` gets each group of the other levels and returns a
   * number (a column `value`) or a record of values (one column each); indexed by those levels.
   */
  pool(conditions: string | readonly string[], fn: (group: DataFrame) => Value | Record<string, Value>): DataFrame {
    return this.groupByExcept(conditions).apply(fn);
  }

  /**
   * blueetl-core's `unpool` of the one column of the table (a Series): `fn` turns each value into
   * a record label -> value, whose labels become a new innermost index level `level`.
   */
  unpool(fn: (value: Value) => Record<string, Value>, level: string): DataFrame {
    return etl.unpool(this, fn, level);
  }

  /**
   * Each row as `[index, values]`: the index levels (unnamed ones as `ilevel_0`...) and the
   * columns, each by name (blueetl-core's `iter` and `iterdict` alike).
   */
  *iter(): Generator<[Row, Row]> {
    yield* etl.iter(this);
  }

  /** Columns inserted at position `loc` among the columns (pandas' insert); a value is repeated down the column. */
  insertColumns(loc: number, columns: readonly string[], values: ReadonlyArray<Column | Value>): DataFrame {
    return etl.insertColumns(this, loc, columns, values);
  }

  /**
   * The table as pandas prints it: with `maxRows` (default 60) the first and last 5 rows of a
   * longer one; with `maxColumns` or `width`, the middle columns replaced by `...`.
   */
  toString(options?: FormatOptions): string {
    return formatFrame(this, options);
  }

  /** How `console.log` and the REPL show the table: as pandas, cut to the terminal's width. */
  [INSPECT](): string {
    return formatFrame(this, { width: terminalWidth() });
  }

  private withEntries(entries: Array<[string, Column]>): DataFrame {
    return new DataFrame(entries, { index: this.indexNames, attrs: this.attrs, rowLabels: this.rowLabels });
  }

  private derive(fn: (column: Column) => Column, labels: () => ArrayLike<number> | undefined): DataFrame {
    return new DataFrame(
      this.entries().map(([n, c]) => [n, fn(c)] as [string, Column]),
      { index: this.indexNames, attrs: this.attrs, rowLabels: this.indexNames.length === 0 ? labels() : undefined },
    );
  }
}

/**
 * Labels of the rows `rows` of a table whose labels are `labels` (0..n-1 when undefined): `rows`
 * itself then, not a copy (a take must not cost a second array of the table's length).
 */
function takeLabels(labels: ArrayLike<number> | undefined, rows: ArrayLike<number>): ArrayLike<number> | undefined {
  if (labels) {
    // Loops, not Float64Array.from with a function (15 times slower).
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = labels[rows[i]!]!;
    return out;
  }
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return rows;
  return undefined;
}

export function sliceLabels(labels: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return ArrayBuffer.isView(labels) ? (labels as Float64Array).subarray(start, end) : Array.prototype.slice.call(labels, start, end);
}

function rangeLabels(start: number, end: number): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** A column that a table can hold: a Column (not an array, as a forgotten `numeric()` leaves), with values its dtype holds. */
function checkColumn(name: string, column: Column): void {
  const value = column as unknown;
  if (typeof value !== "object" || value === null || Array.isArray(value) || ArrayBuffer.isView(value) || typeof (value as Column).get !== "function") {
    const what = Array.isArray(value) ? "an array" : ArrayBuffer.isView(value) ? `a ${value.constructor.name}` : value === null ? "null" : typeof value;
    throw new TypeError(`column '${name}' is ${what}, not a column: make it with numeric(dtype, values), categorical(values) or objects(values)`);
  }
  const refused = refusedValues(column);
  if (refused) throw new RangeError(`column '${name}': ${refused}`);
}
