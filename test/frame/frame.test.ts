import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NumpyRandom } from "../../src/numeric/numpy-random.ts";
import { DataFrame, QueryError, categorical, numeric, objects } from "../../src/frame/index.ts";

/** The table of BlueETL's notebook "01 Core transformations", rebuilt with numpy's generator. */
function notebookTable(): DataFrame {
  const random = new NumpyRandom(0);
  const n = 200;
  const time = Float64Array.from({ length: n }, () => random.randomSample() + 2);
  const gid = Float64Array.from({ length: n }, () => random.randint(20));
  const simulationId = Float64Array.from({ length: n }, (_, i) => (i < 100 ? 0 : i < 175 ? 1 : 2));
  return new DataFrame({
    simulation_id: numeric("int64", simulationId),
    circuit_id: numeric("int64", new Float64Array(n)),
    neuron_class: objects(Array.from(gid, (g) => (g < 10 ? "L23_INH" : "L23_EXC"))),
    window: objects(new Array(n).fill("w1")),
    trial: numeric("int64", new Float64Array(n)),
    time: numeric("float64", time),
    gid: numeric("int64", gid),
    label: numeric("int64", Float64Array.from({ length: n }, (_, i) => i)),
  });
}

const df_col = notebookTable();
const df = df_col.setIndex(["simulation_id", "circuit_id", "neuron_class", "window", "trial"]);
const rounded = (frame: DataFrame) => frame.records().map((r) => [Math.round((r["time"] as number) * 1e6) / 1e6, r["gid"]]);
const labels = (frame: DataFrame) => frame.records().map((r) => r["label"]);

describe("q(): the notebook's examples, on index levels and columns alike", () => {
  test("the first row is the notebook's", () => {
    assert.deepEqual(df.row(0), { simulation_id: 0, circuit_id: 0, neuron_class: "L23_INH", window: "w1", trial: 0, time: 2.5488135039273248, gid: 6, label: 0 });
  });

  test("scalars and lists", () => {
    const expected = [[2.447125, 10], [2.581273, 10], [2.725254, 11], [2.290078, 10], [2.135474, 11], [2.011714, 11], [2.199997, 11]];
    assert.deepEqual(rounded(df.q({ simulation_id: 1, neuron_class: "L23_EXC", gid: [9, 10, 11] })), expected);
    assert.deepEqual(labels(df_col.q({ simulation_id: 1, neuron_class: "L23_EXC", gid: [9, 10, 11] })), [110, 117, 120, 129, 132, 166, 172]);
    assert.deepEqual(rounded(df.q({ simulation_id: 1, neuron_class: "L23_EXC", gid: { ge: 9, le: 11 } })), expected);
  });

  test("regex searches anywhere", () => {
    const found = df.q({ simulation_id: 1, neuron_class: { regex: "^L2" }, gid: [2, 15] });
    assert.deepEqual(new Set(rounded(found).map(String)), new Set([[2.881103, 15], [2.64399, 15], [2.618015, 2], [2.703889, 2]].map(String)));
    assert.equal(df.q({ neuron_class: { regex: "INH" } }).length, df.q({ neuron_class: "L23_INH" }).length);
  });

  test("a list of dicts is a union in the original row order; empty dicts are skipped", () => {
    const union = [
      { simulation_id: 1, neuron_class: "L23_EXC", gid: [10] },
      { simulation_id: 1, neuron_class: "L23_INH", gid: [9] },
    ];
    assert.deepEqual(labels(df_col.q(union)), [101, 103, 110, 117, 122, 129, 152, 167]);
    assert.deepEqual(labels(df_col.q([{}, union[0]!])), labels(df_col.q(union[0])));
  });

  test("comparisons combine with the other conditions", () => {
    const found = df.q({ simulation_id: 1, window: ["w1", "w2"], gid: { ge: 8, lt: 12 }, time: { lt: 2.1 } });
    assert.deepEqual(found.records().map((r) => [r["neuron_class"], Math.round((r["time"] as number) * 1e6) / 1e6, r["gid"]]), [["L23_EXC", 2.011714, 11], ["L23_INH", 2.054338, 8]]);
  });

  test("nothing to filter returns the same table", () => {
    assert.equal(df.q(), df);
    assert.equal(df.q({}), df);
    assert.equal(df.q([]), df);
    assert.equal(df.q([{}]), df);
  });

  test("values are compared without coercion", () => {
    assert.equal(df.q({ gid: "6" }).length, 0);
    assert.equal(df.q({ gid: 6.0 }).length, df.q({ gid: [6] }).length);
    assert.equal(df.q({ gid: { ne: 6 } }).length, 200 - df.q({ gid: 6 }).length);
    assert.equal(df.q({ gid: { isin: [6, 7] } }).length, df.q({ gid: [6, 7] }).length);
  });
});

describe("q(), one() and first(): errors as BlueETL's", () => {
  const table = new DataFrame({ window: categorical(["w1", "w2", null]), v: numeric("float64", [1, 2, 3]), s: objects(["a", null, "c"]) });
  const fails = (run: () => unknown, message: RegExp) => assert.throws(run, (e: Error) => e instanceof QueryError && message.test(e.message));

  test("unknown key, empty filter, unsupported operator, isin without a list", () => {
    fails(() => table.q({ nope: 1 }), /unknown column or index level 'nope' \(the table has: window, v, s\)/);
    fails(() => table.q({ v: {} }), /Empty filter for 'v'/);
    fails(() => table.q({ v: { between: [1, 2] } }), /Unsupported operator\(s\) for 'v': \["between"\]/);
    fails(() => table.q({ v: { isin: 2 } }), /'isin' for 'v' needs a list/);
  });

  test("ordering an unordered categorical, regex on missing values or numbers", () => {
    fails(() => table.q({ window: { lt: "w2" } }), /unordered categoricals can only be compared for equality/);
    fails(() => table.q({ s: { regex: "a" } }), /'regex' on 's': expected strings, found a missing value/);
    fails(() => table.q({ window: { regex: "1" } }), /the column has missing values/);
    fails(() => table.q({ v: { regex: "1" } }), /can only be used on string columns/);
  });

  test("one() and first()", () => {
    assert.deepEqual(table.one({ v: 2 }), { window: "w2", v: 2, s: null });
    assert.equal(table.first({ v: { ge: 2 } })["v"], 2);
    fails(() => table.one({ v: { ge: 2 } }), /The query returned 2 records instead of 1\./);
    fails(() => table.first({ v: 9 }), /The query returned 0 records\./);
  });

  test("NaN never equals, but isin([NaN]) finds it (pandas)", () => {
    const nan = new DataFrame({ x: numeric("float64", [1, NaN]), c: categorical(["a", null]) });
    assert.equal(nan.q({ x: NaN }).length, 0);
    assert.equal(nan.q({ x: [NaN] }).length, 1);
    assert.equal(nan.q({ c: [null] }).length, 1);
    assert.equal(nan.q({ c: { ne: "a" } }).length, 1);
  });
});

describe("grouping in sorted key order", () => {
  test("the notebook's groups and counts", () => {
    const groups = df.groupBy(["simulation_id", "circuit_id", "neuron_class", "window", "gid"]);
    const first = [...groups][0]!;
    assert.deepEqual(first.key, { simulation_id: 0, circuit_id: 0, neuron_class: "L23_EXC", window: "w1", gid: 10 });
    assert.deepEqual(labels(df.take(first.rows)), [17, 33, 51, 65, 70]);
    const counts = [...df.groupBy(["simulation_id", "circuit_id", "neuron_class"])].map(({ key, rows }) => [key["simulation_id"], key["neuron_class"], rows.length]);
    assert.deepEqual(counts, [[0, "L23_EXC", 52], [0, "L23_INH", 48], [1, "L23_EXC", 28], [1, "L23_INH", 47], [2, "L23_EXC", 12], [2, "L23_INH", 13]]);
  });

  test("categoricals group by category order (code point: uppercase first, w1 < w10 < w2); NaN keys are dropped", () => {
    const t = new DataFrame({ w: categorical(["w2", "w10", "W1", "w1", null, "w2"]), x: numeric("int16", [1, 2, 3, 4, 5, 6]) });
    assert.deepEqual([...t.groupBy(["w"])].map(({ key, rows }) => [key["w"], [...rows]]), [["W1", [2]], ["w1", [3]], ["w10", [1]], ["w2", [0, 5]]]);
    assert.deepEqual(t.sortBy(["w"]).records().map((r) => r["x"]), [3, 4, 2, 1, 6, 5]);
  });

  test("a sort of rows already in order keeps their columns and gives the labels a take gives; a row out of order, a NaN or a missing category sorts them", () => {
    const table = (c: Array<string | null>, k: number[], x: number[]) =>
      new DataFrame({ c: categorical(c), k: numeric("float64", k), x: numeric("int16", x) }, { rowLabels: [10, 11, 12, 13] });
    const sorted = table(["a", "a", "b", "b"], [1, 2, 0, 0], [1, 2, 3, 4]);
    const same = sorted.sortBy(["c", "k"]);
    assert.equal(same.column("x"), sorted.column("x"), "a column of rows in order was copied");
    assert.deepEqual(Array.from(same.rowLabels!), [10, 11, 12, 13]);
    const unlabelled = sorted.resetIndex(true);
    assert.deepEqual(unlabelled.sortBy(["c"]).rowLabels, unlabelled.take([0, 1, 2, 3]).rowLabels);
    const x = (t: DataFrame) => t.records().map((r) => r["x"]);
    assert.deepEqual(x(table(["a", "b", "a", "b"], [1, 0, 2, 0], [1, 2, 3, 4]).sortBy(["c", "k"])), [1, 3, 2, 4]);
    assert.deepEqual(x(table(["a", "a", "b", "b"], [NaN, 2, 0, 0], [1, 2, 3, 4]).sortBy(["c", "k"])), [2, 1, 3, 4]);
    assert.deepEqual(x(table([null, "a", "b", "b"], [1, 2, 0, 0], [1, 2, 3, 4]).sortBy(["c", "k"])), [2, 3, 4, 1]);
  });
});

describe("printing", () => {
  test("maxRows: longer tables show the first and last halves of min(10, maxRows) rows (pandas' max_rows, min_rows)", () => {
    const lines = (text: string) => text.split("\n");
    assert.equal(lines(df_col.toString()).length, 1 + 5 + 1 + 5 + 2);
    assert.match(df_col.toString(), /\[200 rows x 8 columns\]$/);
    assert.equal(lines(df_col.toString({ maxRows: 4 })).length, 1 + 2 + 1 + 2 + 2);
    assert.equal(lines(df_col.toString({ maxRows: Infinity })).length, 1 + 200);
  });
});
