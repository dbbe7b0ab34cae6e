/**
 * Grouping a large table whose keys come in runs (as the report's: by simulation, class, window,
 * trial) takes the keys of each run's first row: the groups, their order and their rows must be
 * those of grouping row by row, here computed by a Map of the keys and a sort.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CategoricalColumn, type Column, NumericColumn, type RowRanges, groupRows, rangesOf, sortedRows, withRuns } from "../../src/frame/index.ts";

/** Groups by a Map of each row's keys (missing keys dropped), in sorted key order (categoricals by code). */
function naiveGroups(columns: Column[]): { keys: string[]; rows: number[][] } {
  const n = columns[0]!.length;
  const groups = new Map<string, { key: number[]; rows: number[] }>();
  for (let i = 0; i < n; i++) {
    const key = columns.map((c) => (c instanceof CategoricalColumn ? c.codes[i]! : (c as NumericColumn).values[i]!));
    if (key.some((k, j) => Number.isNaN(k) || (columns[j] instanceof CategoricalColumn && k < 0))) continue;
    const text = JSON.stringify(key);
    const group = groups.get(text) ?? { key, rows: [] };
    group.rows.push(i);
    groups.set(text, group);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let j = 0; j < a.key.length; j++) if (a.key[j] !== b.key[j]) return a.key[j]! - b.key[j]!;
    return 0;
  });
  return { keys: sorted.map((g) => JSON.stringify(g.key)), rows: sorted.map((g) => g.rows) };
}

/** The rows of ranges, one by one. */
function rowsOfRanges({ starts, ends }: RowRanges): number[] {
  return Array.from(starts).flatMap((start, i) => Array.from({ length: ends[i]! - start }, (_, k) => start + k));
}

/** The grouping's rows (and its ranges, when it found runs) are those of the naive grouping; whether it found runs. */
function check(columns: Column[]): boolean {
  const grouping = groupRows(columns);
  const expected = naiveGroups(columns);
  assert.equal(grouping.count, expected.rows.length);
  for (let g = 0; g < grouping.count; g++) {
    if (grouping.ranges) assert.deepEqual(rowsOfRanges(grouping.ranges(g)), expected.rows[g], `ranges of group ${g}`);
    assert.deepEqual(Array.from(grouping.rows.subarray(grouping.starts[g], grouping.starts[g + 1])), expected.rows[g], `group ${g}`);
    assert.deepEqual(rowsOfRanges(rangesOf(grouping.rows.subarray(grouping.starts[g], grouping.starts[g + 1]))), expected.rows[g], `rangesOf group ${g}`);
  }
  return grouping.ranges !== undefined;
}

const n = 200_000;
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
/** Runs of `length` rows, the run's value drawn from `values` in order `order` (ascending when increasing). */
const runs = (length: number, values: number, increasing: boolean) => Float64Array.from({ length: n }, (_, i) => (increasing ? Math.floor(i / length) % values : Math.floor(((Math.floor(i / length) * 7919) % 104729) % values)));

describe("grouping keys that come in runs", () => {
  test("every key in runs: simulations, classes (with missing codes), trials out of order", () => {
    const classCodes = Int8Array.from(runs(500, 5, true), (v, i) => (Math.floor(i / 500) % 37 === 3 ? -1 : v));
    const inRuns = check([
      new NumericColumn("int16", Int16Array.from(runs(50_000, 4, true))),
      new CategoricalColumn(classCodes, ["a", "b", "c", "d", "e"]),
      new NumericColumn("int16", Int16Array.from(runs(100, 10, false))),
    ]);
    assert.ok(inRuns, "grouped by runs, with the ranges of each group");
  });

  test("runs beside a key that changes on every row (gids), and NaN keys", () => {
    const time = runs(1000, 50, false).map((v, i) => (i % 9973 === 0 ? NaN : v * 0.5));
    check([
      new NumericColumn("int16", Int16Array.from(runs(40_000, 5, true))),
      new NumericColumn("float64", time),
      new NumericColumn("int64", Float64Array.from({ length: n }, () => Math.floor(random() * 3000))),
    ]);
  });

  test("runs declared by the table's builder, with starts where no value changes, group as the rows do", () => {
    // Runs of 300 rows; the declared starts every 100 rows: a superset of where the values change.
    const starts = Uint32Array.from({ length: n / 100 }, (_, r) => r * 100);
    const sim = withRuns(new NumericColumn("int16", Int16Array.from(runs(30_000, 3, true))), starts);
    const trial = withRuns(new NumericColumn("int16", Int16Array.from(runs(300, 9, false))), starts);
    const gid = new NumericColumn("int64", Float64Array.from({ length: n }, () => Math.floor(random() * 40)));
    check([sim, trial]);
    check([trial, gid, sim]);
  });

  test("declared runs too short on average are not taken as runs", () => {
    const starts = Uint32Array.from({ length: n / 2 }, (_, r) => r * 2);
    check([withRuns(new NumericColumn("int16", Int16Array.from(runs(2, 50, false))), starts), new NumericColumn("int16", Int16Array.from(runs(1000, 3, true)))]);
  });

  test("a sort by keys in runs is stable and ordered as by rows", () => {
    const sim = new NumericColumn("int16", Int16Array.from(runs(30_000, 7, false)));
    const gid = new NumericColumn("int64", Float64Array.from({ length: n }, () => Math.floor(random() * 50)));
    const order = Array.from(sortedRows([sim, gid]));
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => sim.values[a]! - sim.values[b]! || gid.values[a]! - gid.values[b]! || a - b);
    assert.deepEqual(order, expected);
  });
});
