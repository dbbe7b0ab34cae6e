/**
 * `calculate_features_by_simulation_circuit` for every (simulation, circuit) group at once: the
 * mean (float32, pandas' Kahan sum) and standard deviation of the potential per neuron class and
 * window. The values are visited in the order of the per-group merged table (soma.ts): neuron
 * rows, then trials, then report rows, so the sums are the same to the last bit.
 */
import { GID, NEURON_CLASS, SIMULATION_ID, TRIAL, VALUE, WINDOW } from "../extract/index.ts";
import { CategoricalColumn, type Codes, DataFrame, type NumericColumn, type RowRanges, codesArray, narrowCodes, numeric } from "../frame/index.ts";
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
    const [nRows, wRows] = lookups.slice(0, 2).map((lookup) => lookup.rowsOf(key)) as [Uint32Array, Uint32Array];
    const rRows = lookups[2]!.rangesOf(key);
    // Cell of a report row: (neuron row, window row), by (class, gid) and (window, trial), through dense tables.
    const neuronOf = new DenseKeys(nRows, (row) => neuronClass.codes[row]!, (row) => gid[row]!);
    const windowOf = new DenseKeys(wRows, (row) => windowName.codes[row]!, (row) => trial[row]!);
    const report = { classCode, gid: reportGid, windowCode, trial: reportTrial };
    const cells = cellSegments(rRows, report, (c, id, w, t) => {
      const j = neuronOf.get(c, id);
      const k = windowOf.get(w, t);
      return j < 0 || k < 0 ? -1 : j * wRows.length + k;
    }, nRows.length * wRows.length);

    // Per (class, window), in category order: the values of its neurons x trials, in merged order.
    const trialsOf = positionsByCode(wRows, windowName.codes);
    for (const [c, js] of positionsByCode(nRows, neuronClass.codes)) {
      for (const [w, ts] of trialsOf) {
        const [mean, std] = meanAndStd(value, cells, js.flatMap((j) => ts.map((t) => j * wRows.length + t)));
        out.group.push(g);
        out.neuronClass.push(c);
        out.window.push(w);
        out.mean.push(mean);
        out.std.push(std);
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

/** The report's columns that place a row in its cell. */
interface CellColumns {
  classCode: ArrayLike<number>;
  gid: ArrayLike<number>;
  windowCode: ArrayLike<number>;
  trial: ArrayLike<number>;
}

/**
 * The report rows of each cell, as segments of consecutive rows: segments `order[segmentStarts[c]
 * .. segmentStarts[c + 1])` of cell c, in the rows' order, each `length[s]` rows from `start[s]`.
 */
interface Segments {
  segmentStarts: Int32Array;
  order: Int32Array;
  start: number[];
  length: number[];
}

/**
 * The cells of `rows` (ranges of ascending report rows), found once per run of rows of the same
 * keys: the report holds a neuron's frames of a trial one after the other (a soma report's 42M
 * rows make 85K segments).
 */
function cellSegments(rows: RowRanges, report: CellColumns, cellOf: (code: number, gid: number, window: number, trial: number) => number, cells: number): Segments {
  const { classCode, gid, windowCode, trial } = report;
  const cell: number[] = [];
  const start: number[] = [];
  const length: number[] = [];
  for (let i = 0; i < rows.starts.length; i++) {
    const [from, end] = [rows.starts[i]!, rows.ends[i]!];
    let [c, id, w, t] = [0, 0, 0, 0];
    for (let r = from; r < end; r++) {
      if (r > from && classCode[r] === c && gid[r] === id && windowCode[r] === w && trial[r] === t) continue;
      if (r > from) length.push(r - start[start.length - 1]!);
      [c, id, w, t] = [classCode[r]!, gid[r]!, windowCode[r]!, trial[r]!];
      cell.push(cellOf(c, id, w, t));
      start.push(r);
    }
    if (end > from) length.push(end - start[start.length - 1]!);
  }
  // Segments by cell (a counting sort, stable; the rows of no cell left out).
  const segmentStarts = new Int32Array(cells + 1);
  for (const c of cell) if (c >= 0) segmentStarts[c + 1]!++;
  for (let c = 0; c < cells; c++) segmentStarts[c + 1]! += segmentStarts[c]!;
  const next = segmentStarts.slice(0, -1);
  const order = new Int32Array(segmentStarts[cells]!);
  cell.forEach((c, s) => {
    if (c >= 0) order[next[c]!++] = s;
  });
  return { segmentStarts, order, start, length };
}

/** The positions of the rows by their code, the codes in order. */
function positionsByCode(rows: Uint32Array, codes: Codes): Map<number, number[]> {
  const byCode = new Map<number, number[]>();
  rows.forEach((row, position) => {
    const code = codes[row]!;
    if (!byCode.has(code)) byCode.set(code, []);
    byCode.get(code)!.push(position);
  });
  return new Map([...byCode].sort(([a], [b]) => a - b));
}

/** The float32 Kahan mean and the standard deviation of the values of the cells, in the cells' order. */
function meanAndStd(values: ArrayLike<number>, segments: Segments, cells: number[]): [number, number] {
  const { segmentStarts, order, start, length } = segments;
  const mean = new KahanMean(true);
  const std = new WelfordStd();
  for (const c of cells) {
    for (let s = segmentStarts[c]!; s < segmentStarts[c + 1]!; s++) {
      const from = start[order[s]!]!;
      const to = from + length[order[s]!]!;
      for (let r = from; r < to; r++) {
        mean.add(values[r]!);
        std.add(values[r]!);
      }
    }
  }
  return [mean.value, std.value];
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
