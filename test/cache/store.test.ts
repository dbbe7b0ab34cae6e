/**
 * Tables on disk as pyarrow writes them for pandas (the layout read off the Parquet files of
 * BlueETL's own tests): the index as columns named in the `pandas` metadata, categoricals as
 * int8 dictionaries, a column of None as null; and every table read back as it was written.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { join } from "node:path";
import { decodeTable, encodeTable, readTableHead, writeTable } from "../../src/cache/index.ts";
import { CategoricalColumn, DataFrame, ListColumn, numeric, objects } from "../../src/frame/index.ts";
import { described } from "../features/describe.ts";
import { tempDir } from "../tmp.ts";

function sample(): DataFrame {
  return new DataFrame(
    {
      simulation_id: numeric("int16", [0, 0, 1]),
      neuron_class: new CategoricalColumn(Int32Array.from([1, 0, 1]), ["L23_EXC", "L4_EXC", "unused"]),
      count: numeric("int64", [3, 0, 2 ** 40]),
      rate: numeric("float64", [0.1, NaN, 1e-300]),
      value: numeric("float32", [Math.fround(-65.5), 0, 1]),
      ok: numeric("bool", [1, 0, 1]),
      node_set: objects([null, null, null]),
      population: objects(["a", null, "c"]),
      times: new ListColumn(Int32Array.from([0, 2, 2, 3]), Float64Array.from([1.5, 2.5, 7])),
    },
    { index: ["simulation_id", "neuron_class"] },
  );
}

function pandasMetadata(bytes: Uint8Array) {
  const table = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  return { table, pandas: JSON.parse(table.schema.metadata.get("pandas")!) };
}

function assertSameTable(actual: DataFrame, expected: DataFrame): void {
  assert.deepEqual(actual.indexNames, expected.indexNames);
  assert.deepEqual(actual.names, expected.names);
  assert.deepEqual(actual.names.map((n) => actual.column(n).dtype), expected.names.map((n) => expected.column(n).dtype));
  assert.deepEqual((actual.column("neuron_class") as CategoricalColumn).categories, ["L23_EXC", "L4_EXC", "unused"]);
  assert.deepEqual(actual.records(), expected.records());
}

describe("tables on disk", () => {
  test("Parquet: the pandas metadata and Arrow types pyarrow writes", async () => {
    const { table, pandas } = pandasMetadata(await encodeTable(sample(), "parquet"));
    assert.deepEqual(pandas.index_columns, ["simulation_id", "neuron_class"]);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ["count", "rate", "value", "ok", "node_set", "population", "times", "simulation_id", "neuron_class"]);
    const column = (name: string) => pandas.columns.find((c: { name: string }) => c.name === name);
    assert.deepEqual(column("neuron_class"), { name: "neuron_class", field_name: "neuron_class", pandas_type: "categorical", numpy_type: "int8", metadata: { num_categories: 3, ordered: false } });
    assert.equal(column("node_set").pandas_type, "empty");
    assert.equal(column("simulation_id").pandas_type, "int16");
    assert.equal(column("times").pandas_type, "list[float64]");
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    assert.deepEqual(types, {
      count: "Int64",
      rate: "Float64",
      value: "Float32",
      ok: "Bool",
      node_set: "Null",
      population: "Utf8",
      times: "List<Float64>",
      simulation_id: "Int16",
      neuron_class: "Dictionary<Int8, Utf8>",
    });
  });

  test("Parquet and Feather: read back equal, categories and their order included", async () => {
    for (const type of ["parquet", "feather"] as const) assertSameTable(decodeTable(await encodeTable(sample(), type), type), sample());
  });

  test("the head of a stored table and its number of rows, without reading it whole", async () => {
    const dir = tempDir("head");
    for (const type of ["parquet", "feather"] as const) {
      const path = join(dir, `sample.${type}`);
      await writeTable(path, sample(), type);
      const { head, rows } = await readTableHead(path, type, 2);
      assert.equal(rows, 3);
      assert.deepEqual(described(head), described(sample().take([0, 1])));
    }
  });

  test("a table without index has a range index; an unnamed index is __index_level_0__", async () => {
    const plain = sample().resetIndex();
    assert.deepEqual(pandasMetadata(await encodeTable(plain, "parquet")).pandas.index_columns, [{ kind: "range", name: null, start: 0, stop: 3, step: 1 }]);
    const labelled = new DataFrame({ index: numeric("int64", [5, 7]), x: numeric("float64", [1, 2]) }, { index: ["index"] });
    const { table, pandas } = pandasMetadata(await encodeTable(labelled, "parquet"));
    assert.deepEqual(pandas.index_columns, ["__index_level_0__"]);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ["x", "__index_level_0__"]);
    const back = decodeTable(await encodeTable(labelled, "parquet"), "parquet");
    assert.deepEqual(back.indexNames, ["index"]);
    assert.deepEqual(back.records(), labelled.records());
  });
});
