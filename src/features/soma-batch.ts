/**
 * `calculate_features_by_simulation_circuit` for every (simulation, circuit) group at once: the
 * mean (float32, pandas' Kahan sum) and standard deviation of the potential per neuron class and
 * window. The values are visited in the order of the per-group merged table (soma.ts): neuron
 * rows, then trials, then report rows, so the sums are the same to the last bit.
 */
import { GID, NEURON_CLASS, SIMULATION_ID, TRIAL, VALUE, WINDOW } from "../extract/index.ts";
import { CategoricalColumn, DataFrame, numeric } from "../frame/index.ts";
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
  const reportGid = float64Values(report, GID);
  const reportTrial = float64Values(report, TRIAL);
  const value = float64Values(report, VALUE);
  const out = { group: [] as number[], neuronClass: [] as number[], window: [] as number[], mean: [] as number[], std: [] as number[] };

  for (let g = 0; g < keys.length; g++) {
    const key = keys.row(g);
    const [nRows, wRows, rRows] = lookups.map((lookup) => lookup.rowsOf(key)) as [Uint32Array, Uint32Array, Uint32Array];
    // Cell of each report row: (neuron row, window row), by (class, gid) and (window, trial).
    const neuronOf = new Map<number, number>();
    nRows.forEach((row, j) => neuronOf.set(neuronClass.codes[row]! * 2 ** 32 + gid[row]!, j));
    const windowOf = new Map<number, number>();
    wRows.forEach((row, t) => windowOf.set(windowName.codes[row]! * 2 ** 16 + trial[row]!, t));
    const nT = wRows.length;
    const cellStarts = new Int32Array(nRows.length * nT + 1);
    const cellOf = new Int32Array(rRows.length);
    for (let k = 0; k < rRows.length; k++) {
      const r = rRows[k]!;
      const j = neuronOf.get(classCode[r]! * 2 ** 32 + reportGid[r]!);
      const t = windowOf.get(windowCode[r]! * 2 ** 16 + reportTrial[r]!);
      cellOf[k] = j === undefined || t === undefined ? -1 : j * nT + t;
      if (cellOf[k]! >= 0) cellStarts[cellOf[k]! + 1]!++;
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
    [NEURON_CLASS]: new CategoricalColumn(Int32Array.from(out.neuronClass), neuronClass.categories),
    [WINDOW]: new CategoricalColumn(Int32Array.from(out.window), windowName.categories),
    mean: numeric("float32", out.mean),
    std: numeric("float64", out.std),
  });
  return { by_neuron_class: { frame, groupOf: Int32Array.from(out.group) } };
}

function recode(column: CategoricalColumn, categories: readonly string[]): Int32Array {
  const position = new Map(categories.map((c, i) => [c, i]));
  const remap = column.categories.map((c) => position.get(c) ?? -1);
  return column.codes.map((code) => (code < 0 ? -1 : remap[code]!));
}
