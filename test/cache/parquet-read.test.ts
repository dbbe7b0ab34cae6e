/**
 * The Parquet reader's way of decoding a table (its row groups read in place from parquet-wasm's
 * memory) gives the table the reader of before gives
 * (every row group exported as Arrow IPC and parsed by apache-arrow): same columns, dtypes,
 * categories in their order, index, nulls and attrs. On tables of every kind, written by our
 * writer and by pyarrow, in row groups of a few rows; the golden cases' files are compared in
 * test/golden/end-to-end.test.ts.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parquetJob } from "../../src/cache/parquet-job.ts";
import { encodeInWorker } from "../../src/cache/workers.ts";
import { CategoricalColumn, DataFrame, ListColumn, numeric, objects, withRangeIndex } from "../../src/frame/index.ts";
import { PYTHON_ENVS, needsPython } from "../python.ts";
import { tempDir } from "../tmp.ts";
import { assertEveryWay } from "./parquet-ways.ts";

function everyKind(rows: number): DataFrame {
  const at = (i: number) => i % 7;
  return new DataFrame(
    {
      simulation_id: numeric("int16", Array.from({ length: rows }, (_, i) => i % 3)),
      neuron_class: new CategoricalColumn(Int32Array.from({ length: rows }, (_, i) => (at(i) === 3 ? -1 : i % 2)), ["L23_EXC", "L4_EXC", "unused"]),
      count: numeric("int64", Array.from({ length: rows }, (_, i) => (at(i) === 1 ? 2 ** 40 + i : at(i) === 2 ? -(2 ** 52) : i))),
      rate: numeric("float64", Array.from({ length: rows }, (_, i) => (at(i) === 0 ? NaN : i / 3))),
      value: numeric("float32", Array.from({ length: rows }, (_, i) => Math.fround(-65.5 + i))),
      small: numeric("uint8", Array.from({ length: rows }, (_, i) => i % 256)),
      ok: numeric("bool", Array.from({ length: rows }, (_, i) => i % 2)),
      node_set: objects(Array.from({ length: rows }, () => null)),
      population: objects(Array.from({ length: rows }, (_, i) => (at(i) === 4 ? null : `pop${i % 3}`))),
      times: new ListColumn(Int32Array.from({ length: rows + 1 }, (_, i) => Math.floor(i * 1.5)), Float64Array.from({ length: Math.floor(rows * 1.5) }, (_, i) => i / 4)),
      ids: objects(Array.from({ length: rows }, (_, i) => (at(i) === 5 ? null : [i, i + 1]))),
    },
    { index: ["simulation_id", "neuron_class"], attrs: { config: { window: "w1", bins: [1, 2] } } },
  );
}

/** Lists of 0 to 4 items, none in rows 24-31. */
function timesList(rows: number): ListColumn {
  const lengths = Array.from({ length: rows }, (_, i) => (i >= 24 && i < 32 ? 0 : (i * 3) % 5));
  const offsets = Int32Array.from({ length: rows + 1 }, (_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
  return new ListColumn(offsets, Float64Array.from({ length: offsets[rows]! }, (_, i) => 1000 + i / 8));
}

async function written(frame: DataFrame, rowGroup: number): Promise<Uint8Array> {
  return (await encodeInWorker({ table: parquetJob(frame, rowGroup) })).bytes!;
}

describe("Parquet read in place, as through Arrow IPC", () => {
  test("our writer's files: every kind of column, nulls, attrs, several row groups", async () => {
    const frame = everyKind(50);
    const back = assertEveryWay(await written(frame, 8), 7);
    assert.deepEqual(back.records(), frame.records());
  });

  test("a RangeIndex table (params), a one-row-group table, an empty table", async () => {
    const params = withRangeIndex(new DataFrame({ params_id: numeric("int64", [0, 1, 2]), bin_size: numeric("float64", [1, 2, 5]) }, { index: ["params_id"] }));
    assertEveryWay(await written(params, 2), 2, "ffi", "threads");
    assertEveryWay(await written(everyKind(5), 8), 1);
    assertEveryWay(await written(everyKind(0), 8), 0);
  });

  test("int64 values from 2^63 - 2^32 up stay as the IPC reader reads them", async () => {
    // Their high word is 0x7fffffff: converted and checked as numbers like every other int64.
    const big = new DataFrame({ id: numeric("int64", [0, 2 ** 63 - 2 ** 32, 2 ** 62]) });
    assertEveryWay(await written(big, 2), 2, "ffi", "threads");
  });

  test("numbers of every width, categories and lists: read by reader threads, each row group's dictionary mapped onto the stored categories", async () => {
    const rows = 60;
    // The first row groups hold only the second and third categories: their dictionaries are not the stored order.
    const cls = Int8Array.from({ length: rows }, (_, i) => (i < 16 ? 1 + (i % 2) : i % 3));
    const frame = new DataFrame(
      {
        simulation_id: numeric("int16", Array.from({ length: rows }, (_, i) => i % 4)),
        neuron_class: new CategoricalColumn(cls, ["L1_INH", "L23_EXC", "L4_EXC", "unused"]),
        gid: numeric("int64", Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? 2 ** 40 + i : i % 5 === 1 ? -(2 ** 52) + i : i))),
        trial: numeric("int8", Array.from({ length: rows }, (_, i) => (i % 9) - 4)),
        count: numeric("int32", Array.from({ length: rows }, (_, i) => i * 1000 - 2 ** 30)),
        small: numeric("uint8", Array.from({ length: rows }, (_, i) => (i * 7) % 256)),
        wide: numeric("uint16", Array.from({ length: rows }, (_, i) => i * 1000)),
        big: numeric("uint32", Array.from({ length: rows }, (_, i) => 2 ** 32 - 1 - i)),
        time: numeric("float64", Array.from({ length: rows }, (_, i) => i / 3)),
        value: numeric("float32", Array.from({ length: rows }, (_, i) => Math.fround(-65.5 + i / 7))),
        // Empty lists (a whole row group of them, rows 24-31), which the footer counts as values too.
        times: timesList(rows),
      },
      { index: ["simulation_id", "neuron_class", "gid"], attrs: { config: { window: "w1" } } },
    );
    const back = assertEveryWay(await written(frame, 8), 8, "ffi", "threads");
    assert.deepEqual(back.records(), frame.records());
    assert.deepEqual((back.column("neuron_class") as CategoricalColumn).categories, ["L1_INH", "L23_EXC", "L4_EXC", "unused"]);
  });

  for (const python of PYTHON_ENVS) {
    test(`pyarrow's files (${python.label}): nulls in int64 and bool, dictionaries, lists, strings`, needsPython(python), () => {
      const path = join(tempDir("parquet-read"), "pyarrow.parquet");
      const script = `
import sys, pandas as pd, pyarrow as pa, pyarrow.parquet as pq
n = 40
df = pd.DataFrame({
  "gid": pd.array([None if i % 5 == 0 else i * 2**33 for i in range(n)], dtype="Int64"),
  "flag": pd.array([None if i % 6 == 0 else i % 2 == 0 for i in range(n)], dtype="boolean"),
  "cls": pd.Categorical([["b", "a", None][i % 3] for i in range(n)], categories=["b", "a", "unused"]),
  "name": [None if i % 4 == 0 else f"n{i}" for i in range(n)],
  "times": [[float(i), i / 2] if i % 3 else [] for i in range(n)],
  "counts": [[i, i + 1] if i % 7 else None for i in range(n)],
  "v": [float(i) / 3 for i in range(n)],
})
df.attrs = {"config": {"k": 1}}
pq.write_table(pa.Table.from_pandas(df), sys.argv[1], row_group_size=16)
`;
      const result = spawnSync(python.python, ["-c", script, path], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
      const back = assertEveryWay(new Uint8Array(readFileSync(path)), 3);
      assert.equal(back.column("gid").dtype, "float64");
      assert.ok(Number.isNaN(back.column("gid").get(0) as number));
      assert.deepEqual((back.column("cls") as CategoricalColumn).categories, ["b", "a", "unused"]);
    });

    test(`a missing value in a later row group (${python.label}): the reader threads give up, the table is read as without them`, needsPython(python), () => {
      const path = join(tempDir("parquet-read"), "missing.parquet");
      const script = `
import sys, pyarrow as pa, pyarrow.parquet as pq
v = [float(i) for i in range(40)]
v[29] = None
pq.write_table(pa.table({"n": list(range(40)), "v": v}), sys.argv[1], row_group_size=8)
`;
      const result = spawnSync(python.python, ["-c", script, path], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
      const back = assertEveryWay(new Uint8Array(readFileSync(path)), 5, "ffi", "ffi");
      assert.ok(Number.isNaN(back.column("v").get(29) as number));
      assert.equal(back.column("v").get(30), 30);
    });

    test(`a column of a type the in-place reader does not know (${python.label}): every row group as IPC`, needsPython(python), () => {
      const path = join(tempDir("parquet-read"), "timestamps.parquet");
      const script = `
import sys, pandas as pd, pyarrow as pa, pyarrow.parquet as pq
df = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=10, freq="h"), "v": range(10)})
pq.write_table(pa.Table.from_pandas(df), sys.argv[1], row_group_size=4)
`;
      const result = spawnSync(python.python, ["-c", script, path], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(assertEveryWay(new Uint8Array(readFileSync(path)), 3, "ipc").length, 10);
    });
  }
});
