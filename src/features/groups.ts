/**
 * The groups of a features computation (BlueETL's `merge_filter`): the distinct values of the
 * groupby columns, taken from neurons then windows then the report (so that a neuron class or a
 * window without any spike still has its groups), sorted; and, for each group, the rows of each
 * table that match it.
 */
import { type Column, DataFrame, type GroupBy, type Row, type RowRanges, groupRows } from "../frame/index.ts";
import { FeaturesError } from "./errors.ts";

/** The rows of one table per distinct value of some of the groupby columns. */
export class RowLookup {
  private readonly groups: GroupBy | undefined;
  private readonly index = new Map<string, number>();
  readonly columns: string[];

  constructor(
    readonly table: DataFrame,
    groupby: readonly string[],
  ) {
    this.columns = groupby.filter((c) => table.has(c));
    if (this.columns.length === 0) return;
    this.groups = table.groupBy(this.columns);
    for (let g = 0; g < this.groups.count; g++) this.index.set(encode(this.groups.key(g), this.columns), g);
  }

  /** The rows matching the key on the columns this table has (every row when it has none). */
  rowsOf(key: Row): Uint32Array {
    if (!this.groups) return Uint32Array.from({ length: this.table.length }, (_, i) => i);
    const g = this.index.get(encode(key, this.columns));
    return g === undefined ? new Uint32Array(0) : this.groups.rows(g);
  }

  /** `rowsOf` as ranges of consecutive rows (a table in key order needs no array of its rows). */
  rangesOf(key: Row): RowRanges {
    if (!this.groups) return { starts: Uint32Array.of(0), ends: Uint32Array.of(this.table.length) };
    const g = this.index.get(encode(key, this.columns));
    return g === undefined ? { starts: new Uint32Array(0), ends: new Uint32Array(0) } : this.groups.ranges(g);
  }
}

export function encode(key: Row, columns: readonly string[]): string {
  return JSON.stringify(columns.map((c) => key[c]));
}

/** The sorted distinct group keys, as a table of the groupby columns. */
export function groupKeys(groupby: readonly string[], tables: readonly DataFrame[]): DataFrame {
  let keys: DataFrame | undefined;
  const covered = new Set<string>();
  for (const table of tables) {
    const columns = groupby.filter((c) => table.has(c) && !covered.has(c));
    const shared = groupby.filter((c) => table.has(c) && covered.has(c));
    if (columns.length === 0) continue;
    const distinct = distinctRows(table.select([...shared, ...columns]).resetIndex(true), [...shared, ...columns]);
    if (!keys) keys = distinct;
    else {
      if (shared.length === 0) {
        throw new FeaturesError(`the groupby columns ${JSON.stringify(groupby)} cannot be combined: the tables share none of them`);
      }
      keys = innerCombine(keys, distinct, shared, columns);
    }
    for (const c of columns) covered.add(c);
    if (groupby.every((c) => covered.has(c))) break;
  }
  const unknown = groupby.filter((c) => !covered.has(c));
  if (unknown.length > 0) throw new FeaturesError(`Unknown columns in groupby: ${JSON.stringify(unknown)}`);
  return keys!.select(groupby).sortBy(groupby);
}

/** One row per distinct combination of `columns`, in order of first appearance. */
function distinctRows(table: DataFrame, columns: string[]): DataFrame {
  const { firstRows } = groupRows(columns.map((c) => table.column(c)));
  return table.select(columns).take(Uint32Array.from(firstRows).sort());
}

/** Each key row extended with the matching rows of `other` (on `shared`), adding `added`. */
function innerCombine(keys: DataFrame, other: DataFrame, shared: string[], added: string[]): DataFrame {
  const lookup = new RowLookup(other, shared);
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (const r of lookup.rowsOf(keys.row(i))) {
      left.push(i);
      right.push(r);
    }
  }
  const base = keys.take(left);
  const extra = other.take(right);
  return new DataFrame([...base.entries(), ...added.map((c) => [c, extra.column(c)] as [string, Column])]);
}
