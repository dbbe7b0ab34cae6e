/**
 * `calculate_features_by_simulation_circuit` for every (simulation, circuit) group at once: the
 * mean (float32, pandas' Kahan sum) and standard deviation of the potential per neuron class and
 * window. The values are visited in the order of the per-group merged table (soma.ts): neuron
 * rows, then trials, then report rows, so the sums are the same to the last bit.
 */
import { GID, NEURON_CLASS, SIMULATION_ID, TRIAL, VALUE, WINDOW } from "../extract/index.ts";
import { CategoricalColumn, type Codes, DataFrame, type NumericColumn, codesArray, narrowCodes, numeric } from "../frame/index.ts";
import { float64Values } from "./arrays.ts";
import { RowLookup } from "./groups.ts";
import type { GroupedTable } from "./results.ts";
import { KahanMean, WelfordStd } from "./stats.ts";

export const SOMA_GROUPBY = [SIMULATION_ID, "circuit_id"];

export function isSomaBatchable(groupby: readonly string[]): boolean {
  return groupby.join() === SOMA_GROUPBY.join();
}

export function somaAllGroups(
  keys: DataFrame,
  neurons: DataFrame,
  windows: DataFrame,
  report: DataFrame,
  progress?: (done: number, total: number) => void,
): Record<string, GroupedTable> {
  const lookups = [neurons, windows, report].map((table) => new RowLookup(table, keys.names));
  const neuronClass = neurons.column(NEURON_CLASS) as CategoricalColumn;
  const windowName = windows.column(WINDOW) as CategoricalColumn;
  const [reportClass, reportWindow] = [report.column(NEURON_CLASS), report.column(WINDOW)] as CategoricalColumn[];
  // Report codes in the neurons' and windows' categories (the tables may differ in categories).
  const classCode = recode(reportClass!, neuronClass.categories);
  const windowCode = recode(reportWindow!, windowName.categories);
  const gid = float64Values(neurons, GID);
  const trial = float64Values(windows, TRIAL);
  // The report's own arrays (int16 trials, float32 values read as the same doubles): no float64 copy of them.
  const [reportGid, reportTrial, value] = [GID, TRIAL, VALUE].map((name) => (report.column(name) as NumericColumn).values as ArrayLike<number>) as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
  const out = { group: [] as number[], neuronClass: [] as number[], window: [] as number[], mean: [] as number[], std: [] as number[] };

  for (let g = 0; g < keys.length; g++) {
    const key = keys.row(g);
    const [nRows, wRows, rRows] = lookups.map((lookup) => lookup.rowsOf(key)) as [Uint32Array, Uint32Array, Uint32Array];
    // Cell of each report row: (neuron row, window row), by (class, gid) and (window, trial), through dense tables.
    const neuronOf = new DenseKeys(nRows, (row) => neuronClass.codes[row]!, (row) => gid[row]!);
    const windowOf = new DenseKeys(wRows, (row) => windowName.codes[row]!, (row) => trial[row]!);
    const nT = wRows.length;
    const cellStarts = new Int32Array(nRows.length * nT + 1);
    const cellOf = new Int32Array(rRows.length);
    for (let k = 0; k < rRows.length; k++) {
      const r = rRows[k]!;
      const j = neuronOf.get(classCode[r]!, reportGid[r]!);
      const t = windowOf.get(windowCode[r]!, reportTrial[r]!);
      const cell = j < 0 || t < 0 ? -1 : j * nT + t;
      cellOf[k] = cell;
      if (cell >= 0) cellStarts[cell + 1]!++;
    }
    for (let c = 0; c < nRows.length * nT; c++) cellStarts[c + 1]! += cellStarts[c]!;
    const cellRows = new Int32Array(cellStarts[nRows.length * nT]!);
    const next = cellStarts.slice(0, -1);
    for (let k = 0; k < rRows.length; k++) if (cellOf[k]! >= 0) cellRows[next[cellOf[k]!]!++] = rRows[k]!;

    // Per (class, window), in category order: the values of its neurons x trials, in merged order.
    const classes = [...new Set(Array.from(nRows, (row) => neuronClass.codes[row]!))].sort((a, b) => a - b);
    const windowCodes = [...new Set(Array.from(wRows, (row) => windowName.codes[row]!))].sort((a, b) => a - b);
    for (const c of classes) {
      for (const w of windowCodes) {
        const mean = new KahanMean(true);
        const std = new WelfordStd();
        for (let j = 0; j < nRows.length; j++) {
          if (neuronClass.codes[nRows[j]!] !== c) continue;
          for (let t = 0; t < nT; t++) {
            if (windowName.codes[wRows[t]!] !== w) continue;
            const cell = j * nT + t;
            for (let k = cellStarts[cell]!; k < cellStarts[cell + 1]!; k++) {
              mean.add(value[cellRows[k]!]!);
              std.add(value[cellRows[k]!]!);
            }
          }
        }
        out.group.push(g);
        out.neuronClass.push(c);
        out.window.push(w);
        out.mean.push(mean.value);
        out.std.push(std.value);
      }
    }
    progress?.(g + 1, keys.length);
  }
  const frame = new DataFrame({
    [NEURON_CLASS]: new CategoricalColumn(narrowCodes(Int32Array.from(out.neuronClass), neuronClass.categories.length), neuronClass.categories),
    [WINDOW]: new CategoricalColumn(narrowCodes(Int32Array.from(out.window), windowName.categories.length), windowName.categories),
    mean: numeric("float32", out.mean),
    std: numeric("float64", out.std),
  });
  return { by_neuron_class: { frame, groupOf: Int32Array.from(out.group) } };
}

/**
 * Positions of rows by (code, id), the ids small non-negative integers (gids, trials): a table of
 * codes x ids, -1 where no row is (a Map per report row cost 3 s on SOMA's 42M rows).
 */
class DenseKeys {
  private readonly table: Int32Array;
  private readonly width: number;

  constructor(rows: Uint32Array, code: (row: number) => number, id: (row: number) => number) {
    let codes = 0;
    let ids = 0;
    for (const row of rows) {
      codes = Math.max(codes, code(row) + 1);
      ids = Math.max(ids, id(row) + 1);
    }
    this.width = ids;
    this.table = new Int32Array(codes * ids).fill(-1);
    rows.forEach((row, position) => (this.table[code(row) * ids + id(row)] = position));
  }

  /** The position of the row of (code, id), -1 when there is none. */
  get(code: number, id: number): number {
    if (!(code >= 0 && id >= 0 && id < this.width)) return -1;
    return this.table[code * this.width + id] ?? -1;
  }
}

function recode(column: CategoricalColumn, categories: readonly string[]): Codes {
  const position = new Map(categories.map((c, i) => [c, i]));
  const remap = column.categories.map((c) => position.get(c) ?? -1);
  if (remap.every((r, i) => r === i)) return column.codes;
  const source = column.codes;
  const out = codesArray(categories.length, source.length);
  for (let i = 0; i < source.length; i++) out[i] = source[i]! < 0 ? -1 : remap[source[i]!]!;
  return out;
}
