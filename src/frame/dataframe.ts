/**
 * The table type: named columns, some of which form the index (pandas' MultiIndex), with
 * `attrs`, BlueETL's query language and grouping in sorted key order.
 */
import { type Column, type Value, concatColumns } from "./column.ts";
import { formatFrame } from "./format.ts";
import { type Grouping, groupRows, sortedRows } from "./group.ts";
import { type Query, QueryError, queryMask } from "./query.ts";

export type Row = Record<string, Value>;

/** The name we give to pandas' unnamed index (row labels that are not 0..n-1). */
export const UNNAMED_INDEX = "index";

export interface FrameOptions {
  /** Names of the columns that form the index, outermost first. None: a default range index. */
  index?: readonly string[];
  attrs?: Record<string, unknown>;
}

export class DataFrame {
  /** Free metadata, as pandas' `attrs` (features keep their config in `attrs.config`). */
  readonly attrs: Record<string, unknown>;
  readonly indexNames: readonly string[];
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
      if (index.includes(name)) continue;
      if (byName.has(name)) throw new Error(`duplicate column '${name}'`);
      byName.set(name, column);
    }
    const lengths = new Set([...byName.values()].map((c) => c.length));
    if (lengths.size > 1) throw new Error(`columns of different lengths: ${[...lengths].join(", ")}`);
    this.byName = byName;
    this.indexNames = [...index];
    this.attrs = options.attrs ?? {};
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

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** A column or index level by name. */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (!column) {
      throw new QueryError(`unknown column or index level '${name}' (the table has: ${this.names.join(", ") || "none"})`);
    }
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

  take(rows: ArrayLike<number>): DataFrame {
    return this.map((column) => column.take(rows));
  }

  /** The rows [start, end), sharing the columns' memory. */
  slice(start: number, end: number): DataFrame {
    return this.map((column) => column.slice(start, end));
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
   * nothing to filter, the same table is returned.
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

  /** Groups by the key columns, in sorted key order; rows with a missing key are dropped. */
  groupBy(keys: readonly string[]): GroupBy {
    return new GroupBy(this, keys, groupRows(keys.map((k) => this.column(k))));
  }

  /** The rows sorted by the key columns (stable; missing values last). */
  sortBy(keys: readonly string[]): DataFrame {
    return this.take(sortedRows(keys.map((k) => this.column(k))));
  }

  /** The table with these columns as its index (the previous index becomes columns). */
  setIndex(names: readonly string[]): DataFrame {
    return new DataFrame([...names.map((n) => [n, this.column(n)] as [string, Column]), ...this.entries()], {
      index: names,
      attrs: this.attrs,
    });
  }

  /** The index turned into ordinary columns (or dropped), leaving a default range index. */
  resetIndex(drop = false): DataFrame {
    const entries = this.entries().filter(([n]) => !drop || !this.indexNames.includes(n));
    return new DataFrame(entries, { attrs: this.attrs });
  }

  /** Only these columns, in this order (the index is kept). */
  select(names: readonly string[]): DataFrame {
    const keep = [...this.indexNames, ...names.filter((n) => !this.indexNames.includes(n))];
    return new DataFrame(
      keep.map((n) => [n, this.column(n)] as [string, Column]),
      { index: this.indexNames, attrs: this.attrs },
    );
  }

  /** Columns added or replaced (new ones at the end). */
  assign(columns: Record<string, Column>): DataFrame {
    const entries = this.entries().map(([n, c]) => [n, columns[n] ?? c] as [string, Column]);
    for (const [n, c] of Object.entries(columns)) if (!this.has(n)) entries.push([n, c]);
    return new DataFrame(entries, { index: this.indexNames, attrs: this.attrs });
  }

  withAttrs(attrs: Record<string, unknown>): DataFrame {
    return new DataFrame(this.entries(), { index: this.indexNames, attrs });
  }

  entries(): Array<[string, Column]> {
    return [...this.byName];
  }

  /** Tables with the same names and index, one after the other. */
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

  toString(options?: { maxRows?: number }): string {
    return formatFrame(this, options?.maxRows ?? 60);
  }

  private map(fn: (column: Column) => Column): DataFrame {
    return new DataFrame(
      this.entries().map(([n, c]) => [n, fn(c)] as [string, Column]),
      { index: this.indexNames, attrs: this.attrs },
    );
  }
}

/** The groups of a table: iterate them in sorted key order, each with its key and rows. */
export class GroupBy implements Iterable<{ key: Row; rows: Uint32Array }> {
  constructor(
    readonly frame: DataFrame,
    readonly keys: readonly string[],
    readonly grouping: Grouping,
  ) {}

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

  /** The table of group `g`. */
  group(g: number): DataFrame {
    return this.frame.take(this.rows(g));
  }

  *[Symbol.iterator](): Iterator<{ key: Row; rows: Uint32Array }> {
    for (let g = 0; g < this.count; g++) yield { key: this.key(g), rows: this.rows(g) };
  }
}
