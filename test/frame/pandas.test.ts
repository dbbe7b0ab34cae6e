/**
 * The table methods against pandas, on the same data. Every expected value here was printed by
 * pandas 2.3.3 (numpy 2.3, pyarrow 25.0.1) and, for the `etl` helpers, blueetl-core 0.2.4 run
 * from its repository (https://github.com/BlueBrain/blueetl-core), in a venv made from the
 * machine's pip index (`python3 -m venv /tmp/pd && /tmp/pd/bin/pip install pandas pyarrow`).
 * The pandas expression is written above each expectation; `desc(d)` is
 *
 *   {"index": names (None for an unnamed level), "dtypes": {c: str(d.dtypes[c])},
 *    "rows": [list(r) for r in d.itertuples(index=False)], "indexValues": list(d.index),
 *    "indexDtypes": d.index.dtypes (a MultiIndex's, as {level: dtype}) or str(d.index.dtype)}
 *
 * with NaN written null. Floats are Python's repr, which reads back as the same double: the
 * comparisons are exact. Printed tables are `repr(df)` with a terminal 80 columns wide (60
 * where said).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import { tableFromIPC } from "apache-arrow";
import {
  type Column,
  DataFrame,
  ListColumn,
  NumericColumn,
  UNNAMED_INDEX,
  type Value,
  categorical,
  numeric,
  objects,
  smartConcat,
} from "../../src/frame/index.ts";

/** pandas' dtype names: our list columns are object columns of lists. */
const dtypeOf = (column: Column) => (column.dtype === "list" ? "object" : column.dtype);
const plain = (v: Value) => (typeof v === "number" && Number.isNaN(v) ? null : v);

/** Our table described as `desc(d)` describes pandas'. */
function desc(df: DataFrame) {
  const names = df.indexNames;
  const levels = names.map((n) => df.column(n));
  const labels = Array.from({ length: df.length }, (_, r) =>
    names.length === 0 ? (df.rowLabels?.[r] ?? r) : levels.length === 1 ? plain(levels[0]!.get(r)) : levels.map((l) => plain(l.get(r))),
  );
  return {
    index: names.map((n) => (n === UNNAMED_INDEX ? null : n)),
    dtypes: Object.fromEntries(df.columnNames.map((n) => [n, dtypeOf(df.column(n))])),
    rows: df.records().map((r) => df.columnNames.map((n) => plain(r[n]))),
    indexValues: labels,
    indexDtypes:
      names.length === 0 ? "int64" : names.length === 1 ? dtypeOf(levels[0]!) : Object.fromEntries(names.map((n, i) => [n === UNNAMED_INDEX ? `level_${i}` : n, dtypeOf(levels[i]!)])),
  };
}

/**
 * pd.DataFrame({"sim": np.array([1,0,1,0,1,0,1,0], dtype="int16"),
 *   "w": pd.Categorical(["w2","w1","w1","w2",None,"w1","w2","w1"]), "gid": np.array([3,1,2,1,5,2,3,4]),
 *   "x": [1.5, np.nan, 2.25, 4.0, 8.0, 0.1, 1/3, 2**-11], "y": np.array([1,...,8], dtype="int32"),
 *   "f": np.array([0.1,...,0.8], dtype="float32"), "b": [True, False, True, True, False, False, True, True],
 *   "s": ["a", None, "c", "d", "e", "f", "g", "h"]})
 */
function table(): DataFrame {
  return new DataFrame({
    sim: numeric("int16", [1, 0, 1, 0, 1, 0, 1, 0]),
    w: categorical(["w2", "w1", "w1", "w2", null, "w1", "w2", "w1"]),
    gid: numeric("int64", [3, 1, 2, 1, 5, 2, 3, 4]),
    x: numeric("float64", [1.5, NaN, 2.25, 4.0, 8.0, 0.1, 1 / 3, 2 ** -11]),
    y: numeric("int32", [1, 2, 3, 4, 5, 6, 7, 8]),
    f: numeric("float32", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
    b: numeric("bool", [1, 0, 1, 1, 0, 0, 1, 1]),
    s: objects(["a", null, "c", "d", "e", "f", "g", "h"]),
  });
}

/** pd.DataFrame({"v0": [0, 1, 2, 3], "v1": [4, 5, 6, 7]}, index=pd.MultiIndex.from_product([["a", "b"], ["c", "d"]], names=["i0", "i1"])) */
function leveled(): DataFrame {
  return new DataFrame(
    { i0: objects(["a", "a", "b", "b"]), i1: objects(["c", "d", "c", "d"]), v0: numeric("int64", [0, 1, 2, 3]), v1: numeric("int64", [4, 5, 6, 7]) },
    { index: ["i0", "i1"] },
  );
}

const df = table();
const print = (frame: DataFrame) => frame.toString({ width: 80 });

describe("head, tail, dtypes; q() keeps the rows' labels", () => {
  test("dtypes", () => {
    // {k: str(v) for k, v in df.dtypes.items()}
    assert.deepEqual(df.dtypes, {"sim": "int16", "w": "category", "gid": "int64", "x": "float64", "y": "int32", "f": "float32", "b": "bool", "s": "object"});
  });

  test("head and tail, with negative counts", () => {
    // repr(df.head(3)), repr(df.tail(3)), repr(df.head(-6)), repr(df.tail(-6))
    assert.equal(print(df.head(3)), [
      "   sim   w  gid     x  y    f      b     s",
      "0    1  w2    3  1.50  1  0.1   True     a",
      "1    0  w1    1   NaN  2  0.2  False  None",
      "2    1  w1    2  2.25  3  0.3   True     c",
    ].join("\n"));
    assert.equal(print(df.tail(3)), [
      "   sim   w  gid         x  y    f      b  s",
      "5    0  w1    2  0.100000  6  0.6  False  f",
      "6    1  w2    3  0.333333  7  0.7   True  g",
      "7    0  w1    4  0.000488  8  0.8   True  h",
    ].join("\n"));
    assert.equal(print(df.head(-6)), [
      "   sim   w  gid    x  y    f      b     s",
      "0    1  w2    3  1.5  1  0.1   True     a",
      "1    0  w1    1  NaN  2  0.2  False  None",
    ].join("\n"));
    assert.equal(print(df.tail(-6)), [
      "   sim   w  gid         x  y    f     b  s",
      "6    1  w2    3  0.333333  7  0.7  True  g",
      "7    0  w1    4  0.000488  8  0.8  True  h",
    ].join("\n"));
  });

  test("q() keeps the labels, and so does what follows; reset_index makes them a column", () => {
    // repr(df.etl.q(sim=1)), repr(df.etl.q(sim=1).tail(2))
    assert.equal(print(df.q({ sim: 1 })), [
      "   sim    w  gid         x  y    f      b  s",
      "0    1   w2    3  1.500000  1  0.1   True  a",
      "2    1   w1    2  2.250000  3  0.3   True  c",
      "4    1  NaN    5  8.000000  5  0.5  False  e",
      "6    1   w2    3  0.333333  7  0.7   True  g",
    ].join("\n"));
    assert.equal(print(df.q({ sim: 1 }).tail(2)), [
      "   sim    w  gid         x  y    f      b  s",
      "4    1  NaN    5  8.000000  5  0.5  False  e",
      "6    1   w2    3  0.333333  7  0.7   True  g",
    ].join("\n"));
    // desc(df.etl.q(sim=1).reset_index())
    assert.deepEqual(desc(df.q({ sim: 1 }).resetIndex()), {"index": [], "dtypes": {"index": "int64", "sim": "int16", "w": "category", "gid": "int64", "x": "float64", "y": "int32", "f": "float32", "b": "bool", "s": "object"}, "rows": [[0, 1, "w2", 3, 1.5, 1, 0.10000000149011612, true, "a"], [2, 1, "w1", 2, 2.25, 3, 0.30000001192092896, true, "c"], [4, 1, null, 5, 8.0, 5, 0.5, false, "e"], [6, 1, "w2", 3, 0.3333333333333333, 7, 0.699999988079071, true, "g"]], "indexValues": [0, 1, 2, 3], "indexDtypes": "int64"});
  });
});

describe("groupBy aggregations", () => {
  const groups = df.groupBy(["sim", "w"]);
  // g = df.groupby(["sim", "w"], observed=True); desc(g.mean(numeric_only=True)), and so on
  for (const [name, expected] of Object.entries({ mean: {"index": ["sim", "w"], "dtypes": {"gid": "float64", "x": "float64", "y": "float64", "f": "float32", "b": "float64"}, "rows": [[2.3333333333333335, 0.050244140625, 5.333333333333333, 0.5333333611488342, 0.3333333333333333], [1.0, 4.0, 4.0, 0.4000000059604645, 1.0], [2.0, 2.25, 3.0, 0.30000001192092896, 1.0], [3.0, 0.9166666666666666, 4.0, 0.4000000059604645, 1.0]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}}, sum: {"index": ["sim", "w"], "dtypes": {"gid": "int64", "x": "float64", "y": "int32", "f": "float32", "b": "int64"}, "rows": [[7, 0.10048828125, 16, 1.600000023841858, 1], [1, 4.0, 4, 0.4000000059604645, 1], [2, 2.25, 3, 0.30000001192092896, 1], [6, 1.8333333333333333, 8, 0.800000011920929, 2]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}}, min: {"index": ["sim", "w"], "dtypes": {"gid": "int64", "x": "float64", "y": "int32", "f": "float32", "b": "bool"}, "rows": [[1, 0.00048828125, 2, 0.20000000298023224, false], [1, 4.0, 4, 0.4000000059604645, true], [2, 2.25, 3, 0.30000001192092896, true], [3, 0.3333333333333333, 1, 0.10000000149011612, true]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}}, max: {"index": ["sim", "w"], "dtypes": {"gid": "int64", "x": "float64", "y": "int32", "f": "float32", "b": "bool"}, "rows": [[4, 0.1, 8, 0.800000011920929, true], [1, 4.0, 4, 0.4000000059604645, true], [2, 2.25, 3, 0.30000001192092896, true], [3, 1.5, 7, 0.699999988079071, true]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}}, std: {"index": ["sim", "w"], "dtypes": {"gid": "float64", "x": "float64", "y": "float64", "f": "float32", "b": "float64"}, "rows": [[1.5275252316519465, 0.0703654111356535, 3.0550504633038935, 0.30550506711006165, 0.5773502691896258], [null, null, null, null, null], [null, null, null, null, null], [0.0, 0.8249579113843054, 4.242640687119285, 0.4242640733718872, 0.0]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}} })) {
    test(`${name}: values to the last bit, dtypes, the keys as index`, () => {
      assert.deepEqual(desc(groups[name as "mean"]({ numericOnly: true })), expected);
    });
  }

  test("counts (pandas' count) and size", () => {
    // desc(g.count()), desc(g.size().rename("size").to_frame())
    assert.deepEqual(desc(groups.counts()), {"index": ["sim", "w"], "dtypes": {"gid": "int64", "x": "int64", "y": "int64", "f": "int64", "b": "int64", "s": "int64"}, "rows": [[3, 2, 3, 3, 3, 2], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}});
    assert.deepEqual(desc(groups.size()), {"index": ["sim", "w"], "dtypes": {"size": "int64"}, "rows": [[3], [1], [1], [2]], "indexValues": [[0, "w1"], [0, "w2"], [1, "w1"], [1, "w2"]], "indexDtypes": {"sim": "int16", "w": "category"}});
  });

  test("agg: a list of aggregations, named aggregations; keys that are index levels", () => {
    // desc(df.groupby("sim")[["x"]].agg(["mean", "std"]).droplevel(0, axis=1))
    assert.deepEqual(desc(df.groupBy(["sim"]).select(["x"]).agg(["mean", "std"])), {"index": ["sim"], "dtypes": {"mean": "float64", "std": "float64"}, "rows": [[1.3668294270833332, 2.2809353553088387], [3.0208333333333335, 3.4118360159890453]], "indexValues": [0, 1], "indexDtypes": "int16"});
    // desc(df.groupby("sim")[["x", "y"]].agg(["mean", "max"]).set_axis(["x_mean", "x_max", "y_mean", "y_max"], axis=1))
    assert.deepEqual(desc(df.groupBy(["sim"]).select(["x", "y"]).agg(["mean", "max"])), {"index": ["sim"], "dtypes": {"x_mean": "float64", "x_max": "float64", "y_mean": "float64", "y_max": "int32"}, "rows": [[1.3668294270833332, 4.0, 5.0, 8], [3.0208333333333335, 8.0, 4.0, 7]], "indexValues": [0, 1], "indexDtypes": "int16"});
    // desc(df.groupby("sim").agg(m=("x", "mean"), n=("s", "count"), top=("f", "max")))
    assert.deepEqual(desc(df.groupBy(["sim"]).agg({ m: ["x", "mean"], n: ["s", "count"], top: ["f", "max"] })), {"index": ["sim"], "dtypes": {"m": "float64", "n": "int64", "top": "float32"}, "rows": [[1.3668294270833332, 3, 0.800000011920929], [3.0208333333333335, 4, 0.699999988079071]], "indexValues": [0, 1], "indexDtypes": "int16"});
    // desc(df.set_index(["sim", "gid"]).groupby("gid")[["y"]].sum())
    assert.deepEqual(desc(df.setIndex(["sim", "gid"]).groupBy(["gid"]).select(["y"]).sum()), {"index": ["gid"], "dtypes": {"y": "int32"}, "rows": [[6], [9], [8], [8], [5]], "indexValues": [1, 2, 3, 4, 5], "indexDtypes": "int64"});
  });

  test("float32 columns are summed in float32, as pandas' kernels do (Kahan-compensated)", () => {
    // v = ((np.arange(10001) * 0.37) % 1000).astype("float32"); g = np.arange(10001) % 3
    // pd.DataFrame({"g": g, "v": v}).groupby("g")["v"].agg(["mean", "sum", "std"]): float32 columns
    const g = numeric("int64", Array.from({ length: 10001 }, (_, i) => i % 3));
    const v = numeric("float32", Array.from({ length: 10001 }, (_, i) => (i * 0.37) % 1000));
    const found = new DataFrame({ g, v }).groupBy(["g"]).select(["v"]).agg(["mean", "sum", "std"]);
    assert.deepEqual(desc(found).dtypes, { mean: "float32", sum: "float32", std: "float32" });
    assert.deepEqual(desc(found).rows, [
      [471.29071044921875, 1571283.25, 280.6645202636719],
      [471.66070556640625, 1572516.75, 280.6645202636719],
      [471.9621887207031, 1573050.0, 280.67877197265625],
    ]);
  });

  test("a function of the values, and errors on columns that are not numbers", () => {
    const spread = (values: ArrayLike<number>) => Math.max(...Array.from(values)) - Math.min(...Array.from(values));
    assert.deepEqual(desc(df.groupBy(["sim"]).agg({ spread: ["y", spread] })).rows, [[6], [6]]);
    assert.throws(() => groups.mean(), /cannot compute the mean of 's', a column of object \(pass numericOnly: true/);
  });

  test("printed", () => {
    // repr(g.mean(numeric_only=True))
    assert.equal(print(groups.mean({ numericOnly: true })), [
      "             gid         x         y         f         b",
      "sim w                                                   ",
      "0   w1  2.333333  0.050244  5.333333  0.533333  0.333333",
      "    w2  1.000000  4.000000  4.000000  0.400000  1.000000",
      "1   w1  2.000000  2.250000  3.000000  0.300000  1.000000",
      "    w2  3.000000  0.916667  4.000000  0.400000  1.000000",
    ].join("\n"));
  });
});

describe("merge", () => {
  // L = pd.DataFrame({"k": [2, 1, 2, 3], "c": pd.Categorical(["a","b","a","c"]), "v": [10, 20, 30, 40], "s": ["x","y","z","w"]}, index=pd.Index([7,8,9,10], name="i"))
  // R = pd.DataFrame({"k": [1, 2, 2, 4], "c": pd.Categorical(["b","a","a","d"]), "w": np.array([1.5, 2.5, 3.5, 4.5], dtype="float32"),
  //                   "v": np.array([1,2,3,4], dtype="int16"), "flag": [True, False, True, False]})
  const left = new DataFrame(
    { i: numeric("int64", [7, 8, 9, 10]), k: numeric("int64", [2, 1, 2, 3]), c: categorical(["a", "b", "a", "c"]), v: numeric("int64", [10, 20, 30, 40]), s: objects(["x", "y", "z", "w"]) },
    { index: ["i"] },
  );
  const right = new DataFrame({
    k: numeric("int64", [1, 2, 2, 4]),
    c: categorical(["b", "a", "a", "d"]),
    w: numeric("float32", [1.5, 2.5, 3.5, 4.5]),
    v: numeric("int16", [1, 2, 3, 4]),
    flag: numeric("bool", [1, 0, 1, 0]),
  });
  const expected = { inner: [{"index": [], "dtypes": {"k": "int64", "c_x": "category", "v_x": "int64", "s": "object", "c_y": "category", "w": "float32", "v_y": "int16", "flag": "bool"}, "rows": [[2, "a", 10, "x", "a", 2.5, 2, false], [2, "a", 10, "x", "a", 3.5, 3, true], [1, "b", 20, "y", "b", 1.5, 1, true], [2, "a", 30, "z", "a", 2.5, 2, false], [2, "a", 30, "z", "a", 3.5, 3, true]], "indexValues": [0, 1, 2, 3, 4], "indexDtypes": "int64"}, [
      "   k c_x  v_x  s c_y    w  v_y   flag",
      "0  2   a   10  x   a  2.5    2  False",
      "1  2   a   10  x   a  3.5    3   True",
      "2  1   b   20  y   b  1.5    1   True",
      "3  2   a   30  z   a  2.5    2  False",
      "4  2   a   30  z   a  3.5    3   True",
    ].join("\n")], left: [{"index": [], "dtypes": {"k": "int64", "c_x": "category", "v_x": "int64", "s": "object", "c_y": "category", "w": "float32", "v_y": "float64", "flag": "object"}, "rows": [[2, "a", 10, "x", "a", 2.5, 2.0, false], [2, "a", 10, "x", "a", 3.5, 3.0, true], [1, "b", 20, "y", "b", 1.5, 1.0, true], [2, "a", 30, "z", "a", 2.5, 2.0, false], [2, "a", 30, "z", "a", 3.5, 3.0, true], [3, "c", 40, "w", null, null, null, null]], "indexValues": [0, 1, 2, 3, 4, 5], "indexDtypes": "int64"}, [
      "   k c_x  v_x  s  c_y    w  v_y   flag",
      "0  2   a   10  x    a  2.5  2.0  False",
      "1  2   a   10  x    a  3.5  3.0   True",
      "2  1   b   20  y    b  1.5  1.0   True",
      "3  2   a   30  z    a  2.5  2.0  False",
      "4  2   a   30  z    a  3.5  3.0   True",
      "5  3   c   40  w  NaN  NaN  NaN    NaN",
    ].join("\n")], right: [{"index": [], "dtypes": {"k": "int64", "c_x": "category", "v_x": "float64", "s": "object", "c_y": "category", "w": "float32", "v_y": "int16", "flag": "bool"}, "rows": [[1, "b", 20.0, "y", "b", 1.5, 1, true], [2, "a", 10.0, "x", "a", 2.5, 2, false], [2, "a", 30.0, "z", "a", 2.5, 2, false], [2, "a", 10.0, "x", "a", 3.5, 3, true], [2, "a", 30.0, "z", "a", 3.5, 3, true], [4, null, null, null, "d", 4.5, 4, false]], "indexValues": [0, 1, 2, 3, 4, 5], "indexDtypes": "int64"}, [
      "   k  c_x   v_x    s c_y    w  v_y   flag",
      "0  1    b  20.0    y   b  1.5    1   True",
      "1  2    a  10.0    x   a  2.5    2  False",
      "2  2    a  30.0    z   a  2.5    2  False",
      "3  2    a  10.0    x   a  3.5    3   True",
      "4  2    a  30.0    z   a  3.5    3   True",
      "5  4  NaN   NaN  NaN   d  4.5    4  False",
    ].join("\n")], outer: [{"index": [], "dtypes": {"k": "int64", "c_x": "category", "v_x": "float64", "s": "object", "c_y": "category", "w": "float32", "v_y": "float64", "flag": "object"}, "rows": [[1, "b", 20.0, "y", "b", 1.5, 1.0, true], [2, "a", 10.0, "x", "a", 2.5, 2.0, false], [2, "a", 10.0, "x", "a", 3.5, 3.0, true], [2, "a", 30.0, "z", "a", 2.5, 2.0, false], [2, "a", 30.0, "z", "a", 3.5, 3.0, true], [3, "c", 40.0, "w", null, null, null, null], [4, null, null, null, "d", 4.5, 4.0, false]], "indexValues": [0, 1, 2, 3, 4, 5, 6], "indexDtypes": "int64"}, [
      "   k  c_x   v_x    s  c_y    w  v_y   flag",
      "0  1    b  20.0    y    b  1.5  1.0   True",
      "1  2    a  10.0    x    a  2.5  2.0  False",
      "2  2    a  10.0    x    a  3.5  3.0   True",
      "3  2    a  30.0    z    a  2.5  2.0  False",
      "4  2    a  30.0    z    a  3.5  3.0   True",
      "5  3    c  40.0    w  NaN  NaN  NaN    NaN",
      "6  4  NaN   NaN  NaN    d  4.5  4.0  False",
    ].join("\n")] } as const;
  for (const [how, [described, printed]] of Object.entries(expected)) {
    test(`how: "${how}": rows in pandas' order, suffixes, dtypes of missing values`, () => {
      // desc(L.merge(R, on="k", how=how)), repr(L.merge(R, on="k", how=how))
      const merged = left.merge(right, { on: "k", how: how as "inner" });
      assert.deepEqual(desc(merged), described);
      assert.equal(print(merged), printed);
    });
  }

  test("on two keys (categoricals of different categories become objects); on the shared columns by default", () => {
    // desc(L.merge(R, on=["k", "c"], how="outer"))
    assert.deepEqual(desc(left.merge(right, { on: ["k", "c"], how: "outer" })), {"index": [], "dtypes": {"k": "int64", "c": "object", "v_x": "float64", "s": "object", "w": "float32", "v_y": "float64", "flag": "object"}, "rows": [[1, "b", 20.0, "y", 1.5, 1.0, true], [2, "a", 10.0, "x", 2.5, 2.0, false], [2, "a", 10.0, "x", 3.5, 3.0, true], [2, "a", 30.0, "z", 2.5, 2.0, false], [2, "a", 30.0, "z", 3.5, 3.0, true], [3, "c", 40.0, "w", null, null, null], [4, "d", null, null, 4.5, 4.0, false]], "indexValues": [0, 1, 2, 3, 4, 5, 6], "indexDtypes": "int64"});
    // desc(L.merge(R[["k", "w"]]))
    assert.deepEqual(desc(left.merge(right.select(["k", "w"]))), {"index": [], "dtypes": {"k": "int64", "c": "category", "v": "int64", "s": "object", "w": "float32"}, "rows": [[2, "a", 10, "x", 2.5], [2, "a", 10, "x", 3.5], [1, "b", 20, "y", 1.5], [2, "a", 30, "z", 2.5], [2, "a", 30, "z", 3.5]], "indexValues": [0, 1, 2, 3, 4], "indexDtypes": "int64"});
    assert.throws(() => left.merge(right.select(["w"])), /merge: no common columns to merge on/);
  });
});

describe("blueetl-core's etl helpers", () => {
  const m = leveled();

  test("addConditions: outermost, with dtypes, innermost, dropping the others, on a table without index", () => {
    // desc(m.etl.add_conditions(["x", "y"], [1, "s"])), (..., dtypes=["int16", "category"])
    assert.deepEqual(desc(m.addConditions(["x", "y"], [1, "s"])), {"index": ["x", "y", "i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": [[1, "s", "a", "c"], [1, "s", "a", "d"], [1, "s", "b", "c"], [1, "s", "b", "d"]], "indexDtypes": {"x": "int64", "y": "object", "i0": "object", "i1": "object"}});
    assert.deepEqual(desc(m.addConditions(["x", "y"], [1, "s"], { dtypes: ["int16", "category"] })), {"index": ["x", "y", "i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": [[1, "s", "a", "c"], [1, "s", "a", "d"], [1, "s", "b", "c"], [1, "s", "b", "d"]], "indexDtypes": {"x": "int16", "y": "category", "i0": "object", "i1": "object"}});
    // desc(m.etl.add_conditions(["x"], [2.5], inner=True)), desc(m.etl.add_conditions(["x"], [True], drop=True))
    assert.deepEqual(desc(m.addConditions(["x"], [2.5], { inner: true })), {"index": ["i0", "i1", "x"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": [["a", "c", 2.5], ["a", "d", 2.5], ["b", "c", 2.5], ["b", "d", 2.5]], "indexDtypes": {"i0": "object", "i1": "object", "x": "float64"}});
    assert.deepEqual(desc(m.addConditions(["x"], [true], { drop: true })), {"index": ["x"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": [true, true, true, true], "indexDtypes": "bool"});
    // desc(df[["gid"]].head(2).etl.add_conditions("sim", 7))
    assert.deepEqual(desc(df.select(["gid"]).head(2).addConditions("sim", 7)), {"index": ["sim", null], "dtypes": {"gid": "int64"}, "rows": [[3], [1]], "indexValues": [[7, 0], [7, 1]], "indexDtypes": {"sim": "int64", "level_1": "int64"}});
    assert.throws(() => m.addConditions(["x", "y"], [1]), /Conditions and values must have the same length/);
  });

  test("removeConditions, keepConditions, labels, labelsOf", () => {
    // desc(m.etl.remove_conditions("i0")), desc(m.etl.keep_conditions("i0")), m.etl.labels()
    assert.deepEqual(desc(m.removeConditions("i0")), {"index": ["i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": ["c", "d", "c", "d"], "indexDtypes": "object"});
    assert.deepEqual(desc(m.keepConditions("i0")), {"index": ["i0"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7]], "indexValues": ["a", "a", "b", "b"], "indexDtypes": "object"});
    assert.deepEqual(m.labels(), [["a", "b"], ["c", "d"]]);
    // i3 = df.set_index(["w", "sim"]); i3.etl.labels_of("w"), i3.etl.labels_of("sim")
    const i3 = df.setIndex(["w", "sim"]);
    assert.deepEqual(i3.labelsOf("w"), ["w2", "w1", null]);
    assert.deepEqual(i3.labelsOf("sim"), [1, 0]);
    assert.throws(() => m.labelsOf("v0"), /Level v0 not found/);
    assert.throws(() => m.removeConditions(["i0", "i1"]), /Cannot remove 2 levels from an index with 2 levels/);
  });

  test("xs (blueetl-core's select)", () => {
    // desc(m.etl.select(i1="c")), desc(m.etl.select(i1="c", drop_level=False)), desc(m.etl.select(i0="b", i1="d"))
    assert.deepEqual(desc(m.xs({ i1: "c" })), {"index": ["i0"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [2, 6]], "indexValues": ["a", "b"], "indexDtypes": "object"});
    assert.deepEqual(desc(m.xs({ i1: "c" }, { dropLevel: false })), {"index": ["i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [2, 6]], "indexValues": [["a", "c"], ["b", "c"]], "indexDtypes": {"i0": "object", "i1": "object"}});
    assert.deepEqual(desc(m.xs({ i0: "b", i1: "d" })), {"index": ["i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[3, 7]], "indexValues": [["b", "d"]], "indexDtypes": {"i0": "object", "i1": "object"}});
    assert.equal(m.xs({}), m);
  });

  test("groupByExcept, pool, unpool", () => {
    // desc(m.etl.groupby_except("i1").sum())
    assert.deepEqual(desc(m.groupByExcept("i1").sum()), {"index": ["i0"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[1, 9], [5, 13]], "indexValues": ["a", "b"], "indexDtypes": "object"});
    // desc(m.etl.pool(["i1"], lambda x: x.to_numpy().sum()).rename("value").to_frame())
    const sumAll = (g: DataFrame) => g.columnNames.reduce((total, n) => total + g.column(n, "int64").values.reduce((a, b) => a + b, 0), 0);
    assert.deepEqual(desc(m.pool(["i1"], sumAll)), {"index": ["i0"], "dtypes": {"value": "int64"}, "rows": [[10], [18]], "indexValues": ["a", "b"], "indexDtypes": "object"});
    // desc(m.etl.pool(["i1"], lambda x: pd.Series([x["v0"].sum(), x["v1"].max()], index=["v0_sum", "v1_max"])))
    const both = (g: DataFrame) => ({ v0_sum: g.column("v0", "int64").values.reduce((a, b) => a + b, 0), v1_max: Math.max(...g.column("v1", "int64").values) });
    assert.deepEqual(desc(m.pool(["i1"], both)), {"index": ["i0"], "dtypes": {"v0_sum": "int64", "v1_max": "int64"}, "rows": [[1, 5], [5, 7]], "indexValues": ["a", "b"], "indexDtypes": "object"});
    // s = m["v0"].rename("v"); desc(s.etl.unpool(lambda x: pd.Series([x, x + 20], index=pd.Index(["x0", "x2"], name="func"))).rename("v").to_frame())
    const series = m.select(["v0"]).assign({ v: m.column("v0") }).select(["v"]);
    assert.deepEqual(desc(series.unpool((x) => ({ x0: x, x2: (x as number) + 20 }), "func")), {"index": ["i0", "i1", "func"], "dtypes": {"v": "int64"}, "rows": [[0], [20], [1], [21], [2], [22], [3], [23]], "indexValues": [["a", "c", "x0"], ["a", "c", "x2"], ["a", "d", "x0"], ["a", "d", "x2"], ["b", "c", "x0"], ["b", "c", "x2"], ["b", "d", "x0"], ["b", "d", "x2"]], "indexDtypes": {"i0": "object", "i1": "object", "func": "object"}});
  });

  test("iter (iterdict), on an index and on row labels", () => {
    // [(i, r) for i, r in m.etl.iterdict()], [(i, r) for i, r in df.etl.q(sim=0)[["gid"]].etl.iterdict()]
    assert.deepEqual([...m.iter()], [[{"i0": "a", "i1": "c"}, {"v0": 0, "v1": 4}], [{"i0": "a", "i1": "d"}, {"v0": 1, "v1": 5}], [{"i0": "b", "i1": "c"}, {"v0": 2, "v1": 6}], [{"i0": "b", "i1": "d"}, {"v0": 3, "v1": 7}]]);
    assert.deepEqual([...df.q({ sim: 0 }).select(["gid"]).iter()], [[{"ilevel_0": 1}, {"gid": 1}], [{"ilevel_0": 3}, {"gid": 1}], [{"ilevel_0": 5}, {"gid": 2}], [{"ilevel_0": 7}, {"gid": 4}]]);
  });

  test("insertColumns", () => {
    // ins = m.copy(); ins.etl.insert_columns(1, ["a", "b"], [9, ["p", "q", "r", "t"]]); desc(ins)
    assert.deepEqual(desc(m.insertColumns(1, ["a", "b"], [9, ["p", "q", "r", "t"]])), {"index": ["i0", "i1"], "dtypes": {"v0": "int64", "a": "int64", "b": "object", "v1": "int64"}, "rows": [[0, 9, "p", 4], [1, 9, "q", 5], [2, 9, "r", 6], [3, 9, "t", 7]], "indexValues": [["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"]], "indexDtypes": {"i0": "object", "i1": "object"}});
    assert.throws(() => m.insertColumns(0, ["a"], []), /columns and values must have the same length/);
    assert.throws(() => m.insertColumns(0, ["v0"], [1]), /cannot insert v0, already exists/);
  });

  test("smartConcat: levels reordered, keys, missing columns, row labels, dtypes promoted", () => {
    // m2 = m.reorder_levels(["i1", "i0"]) * 10; desc(smart_concat([m, m2]))
    const m2 = new DataFrame(
      { i1: m.column("i1"), i0: m.column("i0"), v0: numeric("int64", [0, 10, 20, 30]), v1: numeric("int64", [40, 50, 60, 70]) },
      { index: ["i1", "i0"] },
    );
    assert.deepEqual(desc(smartConcat([m, m2])), {"index": ["i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7], [0, 40], [10, 50], [20, 60], [30, 70]], "indexValues": [["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"], ["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"]], "indexDtypes": {"i0": "object", "i1": "object"}});
    // desc(smart_concat({"first": m, "second": m2.head(2)}, names=["part"]))
    assert.deepEqual(desc(smartConcat({ first: m, second: m2.head(2) }, { names: ["part"] })), {"index": ["part", "i0", "i1"], "dtypes": {"v0": "int64", "v1": "int64"}, "rows": [[0, 4], [1, 5], [2, 6], [3, 7], [0, 40], [10, 50]], "indexValues": [["first", "a", "c"], ["first", "a", "d"], ["first", "b", "c"], ["first", "b", "d"], ["second", "a", "c"], ["second", "a", "d"]], "indexDtypes": {"part": "object", "i0": "object", "i1": "object"}});
    // desc(smart_concat([m, m2.rename(columns={"v1": "z"})]))
    const renamed = new DataFrame([...m2.entries().filter(([n]) => n !== "v1"), ["z", m2.column("v1")]], { index: ["i1", "i0"] });
    assert.deepEqual(desc(smartConcat([m, renamed])), {"index": ["i0", "i1"], "dtypes": {"v0": "int64", "v1": "float64", "z": "float64"}, "rows": [[0, 4.0, null], [1, 5.0, null], [2, 6.0, null], [3, 7.0, null], [0, null, 40.0], [10, null, 50.0], [20, null, 60.0], [30, null, 70.0]], "indexValues": [["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"], ["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"]], "indexDtypes": {"i0": "object", "i1": "object"}});
    // desc(smart_concat([df[["gid", "w"]].head(2), df[["gid", "w"]].tail(2)]))
    assert.deepEqual(desc(smartConcat([df.select(["gid", "w"]).head(2), df.select(["gid", "w"]).tail(2)])), {"index": [], "dtypes": {"gid": "int64", "w": "category"}, "rows": [[3, "w2"], [1, "w1"], [3, "w2"], [4, "w1"]], "indexValues": [0, 1, 6, 7], "indexDtypes": "int64"});
    // c1 = pd.DataFrame({"w": pd.Categorical(["a"]), "n": np.array([1], dtype="int16")}); c2 = pd.DataFrame({"w": pd.Categorical(["b"]), "n": [2.5]})
    // desc(smart_concat([c1, c2]))
    const c1 = new DataFrame({ w: categorical(["a"]), n: numeric("int16", [1]) });
    const c2 = new DataFrame({ w: categorical(["b"]), n: numeric("float64", [2.5]) });
    assert.deepEqual(desc(smartConcat([c1, c2])), {"index": [], "dtypes": {"w": "object", "n": "float64"}, "rows": [["a", 1.0], ["b", 2.5]], "indexValues": [0, 0], "indexDtypes": "int64"});
    assert.throws(() => smartConcat([m, m.removeConditions("i1")]), /Length of order must be same as number of levels \(1\), got 2/);
  });
});

describe("printing as pandas' repr", () => {
  test("a named index on its own line, dtypes, long tables, scientific notation, empty tables", () => {
    // pd.DataFrame({"sim": np.array([0,0,1], dtype="int16"), "w": pd.Categorical(["w1","w2","w1"]), "rate": [0, 14.285714285714286, 0.5]}).set_index(["sim","w"])
    const named = new DataFrame({ sim: numeric("int16", [0, 0, 1]), w: categorical(["w1", "w2", "w1"]), rate: numeric("float64", [0, 14.285714285714286, 0.5]) }, { index: ["sim", "w"] });
    assert.equal(print(named), [
      "             rate",
      "sim w            ",
      "0   w1   0.000000",
      "    w2  14.285714",
      "1   w1   0.500000",
    ].join("\n"));
    // pd.DataFrame({"abcdef": [1, 2], "s": ["x", "long string"], "b": [True, False], "f": [1.5, np.nan], "o": [None, "a"]})
    const types = new DataFrame({ abcdef: numeric("int64", [1, 2]), s: objects(["x", "long string"]), b: numeric("bool", [1, 0]), f: numeric("float64", [1.5, NaN]), o: objects([null, "a"]) });
    assert.equal(print(types), [
      "   abcdef            s      b    f     o",
      "0       1            x   True  1.5  None",
      "1       2  long string  False  NaN     a",
    ].join("\n"));
    // x = np.arange(100); pd.DataFrame({"x": x, "y": x * 0.1})
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    assert.equal(print(new DataFrame({ x: numeric("int64", x), y: numeric("float64", x.map((v) => v * 0.1)) })), [
      "     x    y",
      "0    0  0.0",
      "1    1  0.1",
      "2    2  0.2",
      "3    3  0.3",
      "4    4  0.4",
      "..  ..  ...",
      "95  95  9.5",
      "96  96  9.6",
      "97  97  9.7",
      "98  98  9.8",
      "99  99  9.9",
      "",
      "[100 rows x 2 columns]",
    ].join("\n"));
    // pd.DataFrame({"x": [1e-7, 1.0], "y": [1e7, 2.0], "z": [123456789.123, 1.0]})
    assert.equal(print(new DataFrame({ x: numeric("float64", [1e-7, 1]), y: numeric("float64", [1e7, 2]), z: numeric("float64", [123456789.123, 1]) })), [
      "              x           y             z",
      "0  1.000000e-07  10000000.0  1.234568e+08",
      "1  1.000000e+00         2.0  1.000000e+00",
    ].join("\n"));
    // pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="key")), pd.DataFrame({"a": [], "b": []})
    assert.equal(print(new DataFrame({ key: objects(["x", "y"]), a: numeric("int64", [1, 2]) }, { index: ["key"] })), [
      "     a",
      "key   ",
      "x    1",
      "y    2",
    ].join("\n"));
    assert.equal(print(new DataFrame({ a: numeric("float64", []), b: numeric("float64", []) })), [
      "Empty DataFrame",
      "Columns: [a, b]",
      "Index: []",
    ].join("\n"));
  });

  test("halves rounded to even, lists, categorical NaN, long strings cut", () => {
    // pd.DataFrame({"a": [0.0078125, 1/3, 2**-11], "b": [1.5, 2.5, 0.5], "c": [[1.0, 2.0], [], [3.5]], "d": pd.Categorical(["x", None, "y"]), "s": ["a" * 60, "b", None]})
    const lists = new DataFrame({
      a: numeric("float64", [0.0078125, 1 / 3, 2 ** -11]),
      b: numeric("float64", [1.5, 2.5, 0.5]),
      c: new ListColumn(Int32Array.from([0, 2, 2, 3]), Float64Array.from([1, 2, 3.5])),
      d: categorical(["x", null, "y"]),
      s: objects(["a".repeat(60), "b", null]),
    });
    assert.equal(print(lists), [
      "          a    b  ...    d                                                  s",
      "0  0.007812  1.5  ...    x  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...",
      "1  0.333333  2.5  ...  NaN                                                  b",
      "2  0.000488  0.5  ...    y                                               None",
      "",
      "[3 rows x 5 columns]",
    ].join("\n"));
  });

  /** pandas' wide example: 70 rows x 12 columns on a MultiIndex (sim, gid), col<i> = arange(70) * i. */
  const wide = () => {
    const columns: Record<string, Column> = {
      sim: numeric("int64", Array.from({ length: 70 }, (_, i) => (i < 35 ? 0 : 1))),
      gid: numeric("int64", Array.from({ length: 70 }, (_, i) => i % 35)),
    };
    for (let c = 0; c < 12; c++) columns[`col${c}`] = numeric("int64", Array.from({ length: 70 }, (_, i) => i * c));
    return new DataFrame(columns, { index: ["sim", "gid"] });
  };

  // repr(wide) with COLUMNS=60
  const WIDE_60 = [
    "         col0  col1  col2  col3  ...  col8  col9  col10  col11",
    "sim gid                          ...                          ",
    "0   0       0     0     0     0  ...     0     0      0      0",
    "    1       0     1     2     3  ...     8     9     10     11",
    "    2       0     2     4     6  ...    16    18     20     22",
    "    3       0     3     6     9  ...    24    27     30     33",
    "    4       0     4     8    12  ...    32    36     40     44",
    "...       ...   ...   ...   ...  ...   ...   ...    ...    ...",
    "1   30      0    65   130   195  ...   520   585    650    715",
    "    31      0    66   132   198  ...   528   594    660    726",
    "    32      0    67   134   201  ...   536   603    670    737",
    "    33      0    68   136   204  ...   544   612    680    748",
    "    34      0    69   138   207  ...   552   621    690    759",
    "",
    "[70 rows x 12 columns]",
    ].join("\n");

  test("columns dropped from the middle to fit the width, or beyond maxColumns", () => {
    // repr(wide) with COLUMNS=80, and within pd.option_context("display.max_columns", 4)
    assert.equal(print(wide()), [
      "         col0  col1  col2  col3  col4  ...  col7  col8  col9  col10  col11",
      "sim gid                                ...                                ",
      "0   0       0     0     0     0     0  ...     0     0     0      0      0",
      "    1       0     1     2     3     4  ...     7     8     9     10     11",
      "    2       0     2     4     6     8  ...    14    16    18     20     22",
      "    3       0     3     6     9    12  ...    21    24    27     30     33",
      "    4       0     4     8    12    16  ...    28    32    36     40     44",
      "...       ...   ...   ...   ...   ...  ...   ...   ...   ...    ...    ...",
      "1   30      0    65   130   195   260  ...   455   520   585    650    715",
      "    31      0    66   132   198   264  ...   462   528   594    660    726",
      "    32      0    67   134   201   268  ...   469   536   603    670    737",
      "    33      0    68   136   204   272  ...   476   544   612    680    748",
      "    34      0    69   138   207   276  ...   483   552   621    690    759",
      "",
      "[70 rows x 12 columns]",
    ].join("\n"));
    assert.equal(wide().toString({ width: 60 }), WIDE_60);
    assert.equal(wide().toString({ maxColumns: 4 }), [
      "         col0  col1  ...  col10  col11",
      "sim gid              ...              ",
      "0   0       0     0  ...      0      0",
      "    1       0     1  ...     10     11",
      "    2       0     2  ...     20     22",
      "    3       0     3  ...     30     33",
      "    4       0     4  ...     40     44",
      "...       ...   ...  ...    ...    ...",
      "1   30      0    65  ...    650    715",
      "    31      0    66  ...    660    726",
      "    32      0    67  ...    670    737",
      "    33      0    68  ...    680    748",
      "    34      0    69  ...    690    759",
      "",
      "[70 rows x 12 columns]",
    ].join("\n"));
  });

  test("console.log and the REPL print the table so, within the terminal's width ($COLUMNS when not a terminal)", () => {
    const columns = process.env["COLUMNS"];
    try {
      process.env["COLUMNS"] = "60";
      assert.equal(inspect(wide()), WIDE_60);
      assert.equal(inspect({ table: new DataFrame({ a: numeric("int64", [1, 2]) }) }), "{\n  table:    a\n  0  1\n  1  2\n}");
    } finally {
      if (columns === undefined) delete process.env["COLUMNS"];
      else process.env["COLUMNS"] = columns;
    }
  });
});

describe("typed columns", () => {
  test("a numeric column's values are typed by its dtype", () => {
    const time: Float64Array = df.column("x", "float64").values;
    const ids: Int16Array = df.column("sim", "int16").values;
    assert.equal(time.reduce((a, b) => (Number.isNaN(b) ? a : a + b), 0), 1.5 + 2.25 + 4 + 8 + 0.1 + 1 / 3 + 2 ** -11);
    assert.equal(ids.reduce((a, b) => a + b, 0), 4);
    assert.ok(df.column("f") instanceof NumericColumn && (df.column("f") as NumericColumn).is("float32"));
    assert.throws(() => df.column("x", "int64"), /column 'x' is float64, not int64/);
  });
});

describe("Arrow, as pyarrow writes and reads it", () => {
  // The files in from-pandas/ are Arrow IPC streams that pyarrow wrote:
  //   t = pa.Table.from_pandas(df.set_index(["sim", "w"]))  -> indexed.arrows
  //   t = pa.Table.from_pandas(df[df.sim == 1])            -> labels.arrows (an index of row labels)
  //   with pa.ipc.new_stream(sink, t.schema) as w: w.write_table(t)
  // and their pandas metadata (json.loads(t.schema.metadata[b"pandas"])), columns as [name, field_name, pandas_type, numpy_type, metadata]:
  const PANDAS_INDEXED = {"index_columns": ["sim", "w"], "columns": [["gid", "gid", "int64", "int64", null], ["x", "x", "float64", "float64", null], ["y", "y", "int32", "int32", null], ["f", "f", "float32", "float32", null], ["b", "b", "bool", "bool", null], ["s", "s", "unicode", "object", null], ["sim", "sim", "int16", "int16", null], ["w", "w", "categorical", "int8", {"num_categories": 2, "ordered": false}]]};
  const PANDAS_LABELS = {"index_columns": ["__index_level_0__"], "columns": [["sim", "sim", "int16", "int16", null], ["w", "w", "categorical", "int8", {"num_categories": 2, "ordered": false}], ["gid", "gid", "int64", "int64", null], ["x", "x", "float64", "float64", null], ["y", "y", "int32", "int32", null], ["f", "f", "float32", "float32", null], ["b", "b", "bool", "bool", null], ["s", "s", "unicode", "object", null], [null, "__index_level_0__", "int64", "int64", null]]};
  const read = (name: string) => DataFrame.fromArrow(tableFromIPC(readFileSync(join(import.meta.dirname, "from-pandas", name))));
  const metadata = (frame: DataFrame) => {
    const pandas = JSON.parse(frame.toArrow().schema.metadata.get("pandas")!);
    return { index_columns: pandas.index_columns, columns: pandas.columns.map((c: any) => [c.name, c.field_name, c.pandas_type, c.numpy_type, c.metadata]) };
  };

  test("fromArrow: pyarrow's table with its index levels, categories and dtypes", () => {
    const indexed = read("indexed.arrows");
    assert.deepEqual(desc(indexed), desc(df.setIndex(["sim", "w"])));
    assert.deepEqual((indexed.column("w", "category")).categories, ["w1", "w2"]);
    const labels = read("labels.arrows");
    assert.deepEqual(desc(labels).indexValues, [0, 2, 4, 6]);
    assert.deepEqual(desc(labels).rows, desc(df.q({ sim: 1 })).rows);
  });

  test("toArrow: the metadata pyarrow writes for the same tables, and back", () => {
    assert.deepEqual(metadata(df.setIndex(["sim", "w"])), PANDAS_INDEXED);
    assert.deepEqual(metadata(df.q({ sim: 1 })), PANDAS_LABELS);
    assert.deepEqual(desc(DataFrame.fromArrow(df.setIndex(["sim", "w"]).toArrow())), desc(df.setIndex(["sim", "w"])));
    const back = DataFrame.fromArrow(df.q({ sim: 1 }).toArrow());
    assert.deepEqual([back.indexNames, desc(back).indexValues, desc(back).rows], [[UNNAMED_INDEX], [0, 2, 4, 6], desc(df.q({ sim: 1 })).rows]);
  });
});
