/**
 * The table handed to a feature function for each group (the group's neurons x its window's
 * trials, left-joined with its report rows) built for all groups at once, as one table whose
 * groups are consecutive rows: each call then gets a slice, not a merge. Rows, columns and
 * dtypes are those of `leftMerge(leftMerge(neurons, windows), report)` on each group.
 */
import { GID, Growable, TRIAL } from "../extract/index.ts";
import { type Column, DataFrame, NumericColumn, type Row, numeric, takeOrMissing } from "../frame/index.ts";
import { maxId } from "./arrays.ts";
import { RowLookup } from "./groups.ts";

export class MergedGroups {
  private constructor(
    private readonly table: DataFrame,
    /** Rows of group g: starts[g] .. starts[g + 1]. */
    private readonly starts: Uint32Array,
    /** Whether a row of the group has no report row (its report columns are then missing). */
    private readonly missing: Uint8Array,
    /** Integer report columns: as in pandas, they become float64 only in groups with missing rows. */
    private readonly integers: Map<string, NumericColumn>,
  ) {}

  /**
   * For a groupby that fixes everything the report joins on but the neuron and the trial (the
   * usual simulation, circuit, neuron class and window, with or without the gid); undefined
   * otherwise (merge per group).
   */
  static build(keys: DataFrame, neurons: DataFrame, windows: DataFrame, report: DataFrame): MergedGroups | undefined {
    const groupby = keys.names;
    const left = [...neurons.names, ...windows.names.filter((n) => !neurons.has(n))];
    const joined = left.filter((n) => report.has(n) && !groupby.includes(n));
    if (!joined.every((n) => n === GID || n === TRIAL) || !report.has(GID) || !report.has(TRIAL)) return undefined;
    if (windows.names.some((n) => neurons.has(n) && !groupby.includes(n))) return undefined;
    const rows = joinRows(keys, neurons, windows, report);
    const reportOnly = report.names.filter((n) => !left.includes(n));
    const columns: Array<[string, Column]> = [
      ...neurons.names.map((n) => [n, neurons.column(n).take(rows.neuron)] as [string, Column]),
      ...windows.names.filter((n) => !neurons.has(n)).map((n) => [n, windows.column(n).take(rows.window)] as [string, Column]),
      ...reportOnly.map((n) => [n, takeOrMissing(report.column(n), rows.report)] as [string, Column]),
    ];
    const integers = new Map(
      reportOnly.flatMap((n) => {
        const column = report.column(n);
        return column instanceof NumericColumn && column.isInteger ? [[n, column.take(rows.report.map((r) => Math.max(r, 0)))] as const] : [];
      }),
    );
    return new MergedGroups(new DataFrame(columns), rows.starts, rows.missing, integers);
  }

  /** The tables of groups merged one by one (for other groupbys), as one. */
  static fromGroups(groups: readonly DataFrame[], report: DataFrame): MergedGroups {
    const integers = report.names.filter((n) => {
      const column = report.column(n);
      return column instanceof NumericColumn && column.isInteger && groups.some((g) => g.column(n).dtype !== column.dtype);
    });
    const starts = new Uint32Array(groups.length + 1);
    groups.forEach((g, i) => (starts[i + 1] = starts[i]! + g.length));
    // As in pandas, an integer report column is float64 in the groups with a missing report row.
    const missing = Uint8Array.from(groups, (g) => (integers.some((n) => g.column(n).dtype === "float64") ? 1 : 0));
    const asFloat = (g: DataFrame) => g.assign(Object.fromEntries(integers.map((n) => [n, numeric("float64", Float64Array.from((g.column(n) as NumericColumn).values))])));
    const table = DataFrame.concat(groups.map(asFloat));
    const whole = new Map(integers.map((n) => [n, numeric((report.column(n) as NumericColumn).dtype, (table.column(n) as NumericColumn).values.map((v) => (Number.isNaN(v) ? 0 : v)))] as const));
    return new MergedGroups(table, starts, missing, whole);
  }

  /** The merged table, each group's first row, and what turns a slice into its group's table (for the Python worker). */
  parts(): { table: DataFrame; starts: Uint32Array; missing: Uint8Array; integers: DataFrame | undefined } {
    const integers = this.integers.size > 0 ? new DataFrame([...this.integers]) : undefined;
    return { table: this.table, starts: this.starts, missing: this.missing, integers };
  }

  /** The table of group `g`. */
  group(g: number): DataFrame {
    const start = this.starts[g]!;
    const end = this.starts[g + 1]!;
    const slice = this.table.slice(start, end);
    if (this.missing[g] || this.integers.size === 0) return slice;
    return slice.assign(Object.fromEntries([...this.integers].map(([n, column]) => [n, column.slice(start, end)])));
  }
}

/** For every merged row: its neuron, window and report row (-1: none), groups one after the other. */
function joinRows(keys: DataFrame, neurons: DataFrame, windows: DataFrame, report: DataFrame) {
  const lookups = [neurons, windows, report].map((table) => new RowLookup(table, keys.names));
  const neuronGid = (neurons.column(GID) as NumericColumn).values;
  const windowTrial = (windows.column(TRIAL) as NumericColumn).values;
  const reportGid = (report.column(GID) as NumericColumn).values;
  const reportTrial = (report.column(TRIAL) as NumericColumn).values;
  const position = new Int32Array(maxId(neuronGid) + 1).fill(-1);
  const out = { neuron: new Growable(Int32Array), window: new Growable(Int32Array), report: new Growable(Int32Array) };
  const starts = new Uint32Array(keys.length + 1);
  const missing = new Uint8Array(keys.length);
  for (let g = 0; g < keys.length; g++) {
    const key: Row = keys.row(g);
    const [nRows, wRows, rRows] = lookups.map((lookup) => lookup.rowsOf(key)) as [Uint32Array, Uint32Array, Uint32Array];
    const nN = nRows.length;
    const nT = wRows.length;
    const trialPosition = new Map<number, number>();
    for (let t = 0; t < nT; t++) trialPosition.set(windowTrial[wRows[t]!]!, t);
    for (let j = 0; j < nN; j++) position[neuronGid[nRows[j]!]!] = j;
    // The report rows of each (neuron, trial) cell, in report order (a counting sort).
    const cellStarts = new Int32Array(nN * nT + 1);
    const cellOf = new Int32Array(rRows.length);
    for (let k = 0; k < rRows.length; k++) {
      const j = position[reportGid[rRows[k]!]!] ?? -1;
      const t = trialPosition.get(reportTrial[rRows[k]!]!);
      const cell = j < 0 || t === undefined ? -1 : j * nT + t;
      cellOf[k] = cell;
      if (cell >= 0) cellStarts[cell + 1]!++;
    }
    for (let c = 0; c < nN * nT; c++) cellStarts[c + 1]! += cellStarts[c]!;
    const cellRows = new Int32Array(cellStarts[nN * nT]!);
    const next = cellStarts.slice(0, -1);
    for (let k = 0; k < rRows.length; k++) if (cellOf[k]! >= 0) cellRows[next[cellOf[k]!]!++] = rRows[k]!;
    // Neuron-major, then trial, then the cell's spikes (or one row without).
    for (let j = 0; j < nN; j++) {
      for (let t = 0; t < nT; t++) {
        const cell = j * nT + t;
        const count = cellStarts[cell + 1]! - cellStarts[cell]!;
        out.neuron.fill(nRows[j]!, Math.max(count, 1));
        out.window.fill(wRows[t]!, Math.max(count, 1));
        if (count === 0) {
          out.report.push(-1);
          missing[g] = 1;
        } else out.report.append(cellRows.subarray(cellStarts[cell]!, cellStarts[cell + 1]!));
      }
    }
    for (let j = 0; j < nN; j++) position[neuronGid[nRows[j]!]!] = -1;
    starts[g + 1] = out.report.length;
  }
  return { neuron: out.neuron.values(), window: out.window.values(), report: out.report.values(), starts, missing };
}
