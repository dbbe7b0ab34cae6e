/**
 * Grouping and sorting by key columns: each key becomes dense ranks in its sort order
 * (categoricals by category order, numbers and strings ascending), the ranks are combined into
 * one group id, and a counting sort orders the rows, stable within a group.
 */
import { CategoricalColumn, type Codes, type Column, NumericColumn, ObjectColumn, compareStrings } from "./column.ts";

/** Rows of each group: rows[starts[g]] .. rows[starts[g + 1] - 1], groups in sorted key order. */
export interface Grouping {
  /** Number of groups. */
  count: number;
  starts: Uint32Array;
  rows: Uint32Array;
  /** The first row of each group (to read its key). */
  firstRows: Uint32Array;
  /** Group of each row, -1 for rows dropped because a key is missing. */
  groupOf: Int32Array;
  /** The rows of group `g` as ranges of consecutive rows, where the grouping found them so (keys in runs). */
  ranges?: (g: number) => RowRanges;
}

/** Rows as ranges: starts[i] .. ends[i] - 1 for each i, in order. */
export interface RowRanges {
  starts: Uint32Array;
  ends: Uint32Array;
}

/** Ranks of a column's values in sort order; missing values get -1. */
export function ranks(column: Column): { ranks: Codes; cardinality: number } {
  const n = column.length;
  if (column instanceof CategoricalColumn) return { ranks: column.codes, cardinality: column.categories.length };
  if (column instanceof NumericColumn) return numericRanks(column.values, column.isInteger);
  if (column instanceof ObjectColumn) {
    const distinct: unknown[] = [...new Set(column.values.filter((v) => v !== null && v !== undefined))];
    distinct.sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : compareStrings(String(a), String(b))));
    const rank = new Map(distinct.map((v, i) => [v, i]));
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = rank.get(column.values[i]) ?? -1;
    return { ranks: out, cardinality: distinct.length };
  }
  throw new Error(`cannot group or sort by a column of ${column.dtype}`);
}

function numericRanks(values: ArrayLike<number>, integer: boolean): { ranks: Int32Array; cardinality: number } {
  // Each loop sees one type of array (one loop over every type of typed array is many times
  // slower): small integers as int32, anything else as float64.
  const small = smallIntegers(values);
  if (small) return smallIntegerRanks(small);
  const numbers = values instanceof Float64Array ? values : Float64Array.from(values);
  const [min, max] = float64Range(numbers);
  if (integer && numbers.length > 0 && max - min < 1 << 24) return lookupRanks(numbers, min, max);
  return numericRanksSorted(numbers);
}

const SMALL_INTEGER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array];

/** The values as an Int32Array when they are of a typed array of integers that one holds (null otherwise). */
function smallIntegers(values: ArrayLike<number>): Int32Array | null {
  if (values instanceof Int32Array) return values;
  if (!SMALL_INTEGER_ARRAYS.some((Typed) => values instanceof Typed)) return null;
  const out = new Int32Array(values.length);
  out.set(values);
  return out;
}

function float64Range(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Ranks of int32 values: a lookup table instead of a sort when their range is small. */
function smallIntegerRanks(values: Int32Array): { ranks: Int32Array; cardinality: number } {
  const n = values.length;
  let min = 0;
  let max = -1;
  if (n > 0) {
    min = values[0]!;
    max = min;
    for (let i = 1; i < n; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
  }
  if (max - min >= 1 << 24) return numericRanksSorted(Float64Array.from(values));
  return lookupRanks(values, min, max);
}

/** Ranks of integers (int32, or held as float64) of a small range: a lookup table instead of a sort. */
function lookupRanks(values: Int32Array | Float64Array, min: number, max: number): { ranks: Int32Array; cardinality: number } {
  const n = values.length;
  const seen = new Int32Array(max - min + 1);
  for (let i = 0; i < n; i++) seen[values[i]! - min] = 1;
  let r = 0;
  for (let k = 0; k < seen.length; k++) seen[k] = seen[k] ? r++ : -1;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = seen[values[i]! - min]!;
  return { ranks: out, cardinality: r };
}

/** Ranks by a sort of the distinct values (NaN: -1). */
function numericRanksSorted(numbers: Float64Array): { ranks: Int32Array; cardinality: number } {
  const n = numbers.length;
  const out = new Int32Array(n);
  const sorted = Float64Array.from(numbers).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (Number.isNaN(v)) break;
    if (unique === 0 || v !== sorted[unique - 1]) sorted[unique++] = v;
  }
  const distinct = sorted.subarray(0, unique);
  for (let i = 0; i < n; i++) out[i] = Number.isNaN(numbers[i]!) ? -1 : lowerBound(distinct, numbers[i]!);
  return { ranks: out, cardinality: unique };
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One dense id per distinct combination of keys, in lexicographic key order (-1: missing key). */
export function combinedRanks(columns: Column[], missing: "drop" | "last"): { ids: Int32Array; count: number } {
  return combinedRanksOf(columns, missing, columnRuns(columns));
}

function combinedRanksOf(columns: Column[], missing: "drop" | "last", runs: Array<Uint32Array | null>): { ids: Int32Array; count: number } {
  const n = columns[0]?.length ?? 0;
  const ranked = rankedRuns(columns, runs, missing);
  if (ranked) return { ids: expandRuns(ranked.ids, ranked.starts, n), count: ranked.count };
  // The usual case (a few simulations x classes x windows): every combined id fits an int32
  // (int32 arithmetic, the same ids); beyond DENSE_TABLE possible ids, float64 ids.
  let small: Int32Array | undefined = new Int32Array(n);
  let ids: Float64Array = new Float64Array(0);
  let count = 1;
  for (const [i, column] of columns.entries()) {
    const starts = runs[i];
    const { ranks: r, cardinality } = starts ? runRanks(column, starts) : ranks(column);
    const width = missing === "last" ? cardinality + 1 : cardinality;
    if (small && count * Math.max(width, 1) > DENSE_TABLE) {
      ids = Float64Array.from(small);
      small = undefined;
    }
    if (small) combineInt32(small, r, width, missing === "last" ? cardinality : -1);
    else {
      for (let i = 0; i < n; i++) {
        const k = r[i]!;
        if (ids[i]! < 0) continue;
        ids[i] = k < 0 ? (missing === "drop" ? -1 : ids[i]! * width + cardinality) : ids[i]! * width + k;
      }
    }
    count *= Math.max(width, 1);
    if (!small && count > 2 ** 40) ({ ids, count } = densify(ids));
  }
  if (small) return { ids: small, count: densifyInt32(small, count) };
  const dense = count <= DENSE_TABLE ? densifyByTable(ids, count) : densify(ids);
  return { ids: Int32Array.from(dense.ids), count: dense.count };
}

/** From this many rows, keys are looked at for runs; a column is taken by runs when they average MIN_RUN rows or more. */
const RUNS_FROM = 1 << 16;
const MIN_RUN = 16;

/** The run starts of each key column (none for small tables). */
function columnRuns(columns: Column[]): Array<Uint32Array | null> {
  return (columns[0]?.length ?? 0) >= RUNS_FROM ? columns.map(runStarts) : [];
}

/**
 * Tables built in key order (the report: by simulation, then class, window, trial) hold their
 * keys in long runs: when every key does, the ids of the first row of each run (null otherwise).
 */
function rankedRuns(columns: Column[], runs: Array<Uint32Array | null>, missing: "drop" | "last"): { starts: Uint32Array; ids: Int32Array; count: number } | null {
  if (runs.length === 0 || !runs.every((r) => r !== null)) return null;
  const starts = runs.reduce((a, b) => mergeStarts(a!, b!))!;
  return { starts, ...combinedRanks(columns.map((c) => c.take(starts)), missing) };
}

/** Columns whose runs of equal values are known to the code that built them (the first row of each). */
const knownRuns = new WeakMap<Column, Uint32Array>();

/**
 * `column`, declared to change value only at the rows of `starts` (sorted, the first 0; a start
 * where the value does not change is allowed): grouping by it finds its runs without reading it.
 */
export function withRuns<C extends Column>(column: C, starts: Uint32Array): C {
  knownRuns.set(column, starts);
  return column;
}

/** The first row of each run of equal values (NaN: a run each), or null when the runs are shorter than MIN_RUN on average. */
function runStarts(column: Column): Uint32Array | null {
  const most = Math.ceil(column.length / MIN_RUN);
  const known = knownRuns.get(column);
  if (known) return known.length <= most ? known : null;
  const values = column instanceof CategoricalColumn ? column.codes : column instanceof NumericColumn ? column.values : null;
  if (!values) return null;
  const n = values.length;
  const starts = new Uint32Array(most);
  let count = 1;
  for (let i = 1; i < n; i++) {
    if (values[i] !== values[i - 1]) {
      if (count === most) return null;
      starts[count++] = i;
    }
  }
  return starts.slice(0, count);
}

/** The union of two sorted lists of run starts. */
function mergeStarts(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (i < a.length && a[i] === next) i++;
    if (j < b.length && b[j] === next) j++;
    out[k++] = next;
  }
  return out.slice(0, k);
}

/** The value of each run given to its rows. */
function expandRuns(values: ArrayLike<number>, starts: Uint32Array, n: number): Int32Array {
  return fillRuns(new Int32Array(n), values, starts);
}

/** `out` with value `r` over the rows of run `r`: from `starts[r]` to the next start, the last to the end. */
export function fillRuns<T extends { length: number; fill(value: number, start: number, end: number): unknown }>(out: T, values: ArrayLike<number>, starts: Uint32Array): T {
  for (let r = 0; r < starts.length; r++) out.fill(values[r]!, starts[r]!, r + 1 < starts.length ? starts[r + 1]! : out.length);
  return out;
}

/** A column's ranks from those of the first row of each run (every distinct value starts a run). */
function runRanks(column: Column, starts: Uint32Array): { ranks: Int32Array; cardinality: number } {
  const { ranks: r, cardinality } = ranks(column.take(starts));
  return { ranks: expandRuns(r, starts, column.length), cardinality };
}

/** ids * width + rank, in place; a missing rank gives `absent` (-1: the row is dropped). */
function combineInt32(ids: Int32Array, ranks: Codes, width: number, absent: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0) continue;
    const k = ranks[i]!;
    ids[i] = k < 0 ? (absent < 0 ? -1 : id * width + absent) : id * width + k;
  }
}

/** The ids (below `count`) made dense in place, in their order; the number of distinct ids. */
function densifyInt32(ids: Int32Array, count: number): number {
  const rank = new Int32Array(count);
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) rank[ids[i]!] = 1;
  let unique = 0;
  for (let k = 0; k < count; k++) rank[k] = rank[k] ? unique++ : -1;
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) ids[i] = rank[ids[i]!]!;
  return unique;
}

/** Up to this many possible ids, they are made dense through a table rather than a sort. */
const DENSE_TABLE = 1 << 24;

function densifyByTable(ids: Float64Array, count: number): { ids: Float64Array; count: number } {
  const rank = new Int32Array(count);
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) rank[ids[i]!] = 1;
  let unique = 0;
  for (let k = 0; k < count; k++) rank[k] = rank[k] ? unique++ : -1;
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i]! < 0 ? -1 : rank[ids[i]!]!;
  return { ids: out, count: unique };
}

function densify(ids: Float64Array): { ids: Float64Array; count: number } {
  const sorted = Float64Array.from(ids).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v < 0) continue;
    if (unique === 0 || v !== sorted[unique - 1]) sorted[unique++] = v;
  }
  const distinct = sorted.subarray(0, unique);
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i]! < 0 ? -1 : lowerBound(distinct, ids[i]!);
  return { ids: out, count: unique };
}

/** Rows grouped by the key columns (rows with a missing key are dropped, as pandas does). */
export function groupRows(columns: Column[]): Grouping {
  const n = columns[0]?.length ?? 0;
  const runs = columnRuns(columns);
  const ranked = rankedRuns(columns, runs, "drop");
  if (ranked) return groupRuns(ranked, n);
  const { ids, count } = combinedRanksOf(columns, "drop", runs);
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < n; i++) if (ids[i]! >= 0) starts[ids[i]! + 1]!++;
  for (let g = 0; g < count; g++) starts[g + 1]! += starts[g]!;
  const next = starts.slice(0, count);
  const rows = new Uint32Array(starts[count]!);
  for (let i = 0; i < n; i++) {
    const g = ids[i]!;
    if (g >= 0) rows[next[g]!++] = i;
  }
  const firstRows = Uint32Array.from({ length: count }, (_, g) => rows[starts[g]!]!);
  return { count, starts, rows, firstRows, groupOf: ids };
}

/**
 * groupRows of keys in runs: each group's runs, in order. Its rows are made on first use: a caller
 * that reads the ranges needs no array of every row (L's report: 43M rows, 0.87 s and 173 MB).
 */
function groupRuns({ starts: runStart, ids: runIds, count }: { starts: Uint32Array; ids: Int32Array; count: number }, n: number): Grouping {
  const end = (r: number) => (r + 1 < runStart.length ? runStart[r + 1]! : n);
  const starts = new Uint32Array(count + 1);
  const runsBefore = new Uint32Array(count + 1);
  for (let r = 0; r < runStart.length; r++) {
    const g = runIds[r]!;
    if (g < 0) continue;
    starts[g + 1]! += end(r) - runStart[r]!;
    runsBefore[g + 1]!++;
  }
  for (let g = 0; g < count; g++) {
    starts[g + 1]! += starts[g]!;
    runsBefore[g + 1]! += runsBefore[g]!;
  }
  // The runs by group, stable: a group's runs in row order.
  const next = runsBefore.slice(0, count);
  const rangeStarts = new Uint32Array(runsBefore[count]!);
  const rangeEnds = new Uint32Array(runsBefore[count]!);
  for (let r = 0; r < runStart.length; r++) {
    const g = runIds[r]!;
    if (g < 0) continue;
    rangeStarts[next[g]!] = runStart[r]!;
    rangeEnds[next[g]!++] = end(r);
  }
  const firstRows = Uint32Array.from({ length: count }, (_, g) => rangeStarts[runsBefore[g]!]!);
  const ranges = (g: number): RowRanges => ({ starts: rangeStarts.subarray(runsBefore[g]!, runsBefore[g + 1]!), ends: rangeEnds.subarray(runsBefore[g]!, runsBefore[g + 1]!) });
  // The group of each row, made on first use too (SOMA's report: 168 MB).
  let groupOf: Int32Array | undefined;
  let rows: Uint32Array | undefined;
  return {
    count,
    starts,
    firstRows,
    ranges,
    get rows() {
      return (rows ??= rowsOfRanges(rangeStarts, rangeEnds, starts[count]!));
    },
    get groupOf() {
      return (groupOf ??= expandRuns(runIds, runStart, n));
    },
  };
}

/** Rows (ascending or not) as ranges of consecutive rows. */
export function rangesOf(rows: Uint32Array): RowRanges {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && rows[i] === rows[i - 1]! + 1) {
      ends[ends.length - 1] = rows[i]! + 1;
      continue;
    }
    starts.push(rows[i]!);
    ends.push(rows[i]! + 1);
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** Every row of the ranges, in order. */
function rowsOfRanges(starts: Uint32Array, ends: Uint32Array, total: number): Uint32Array {
  const rows = new Uint32Array(total);
  let at = 0;
  for (let i = 0; i < starts.length; i++) for (let row = starts[i]!; row < ends[i]!; row++) rows[at++] = row;
  return rows;
}

/**
 * Whether the rows are already in the order of the key columns (numbers and categories without a
 * missing value; any other column says no): one pass, where ranking them for a sort takes several.
 */
export function inKeyOrder(columns: Column[]): boolean {
  const keys: Array<ArrayLike<number>> = [];
  for (const column of columns) {
    if (column instanceof NumericColumn && !hasNaN(column.values)) keys.push(column.values);
    else if (column instanceof CategoricalColumn && !hasNegative(column.codes)) keys.push(column.codes);
    else return false;
  }
  const n = columns[0]?.length ?? 0;
  for (let i = 1; i < n; i++) {
    for (const key of keys) {
      const before = key[i - 1]!;
      const now = key[i]!;
      if (before < now) break;
      if (before > now) return false;
    }
  }
  return true;
}

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
}

function hasNegative(codes: ArrayLike<number>): boolean {
  for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) return true;
  return false;
}

/** A stable ordering of the rows by the key columns, missing values last. */
export function sortedRows(columns: Column[]): Uint32Array {
  const { ids, count } = combinedRanks(columns, "last");
  const starts = new Uint32Array(count + 1);
  for (const g of ids) starts[g + 1]!++;
  for (let g = 0; g < count; g++) starts[g + 1]! += starts[g]!;
  const rows = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) rows[starts[ids[i]!]!++] = i;
  return rows;
}
