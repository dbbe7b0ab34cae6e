/**
 * The group keys put on the rows of a batched (or Python) result: each row gets its group's key,
 * with BlueETL's dtypes, the categories only those of the groups that have rows, sorted.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keyedTable } from "../../src/features/results.ts";
import { CategoricalColumn, DataFrame, numeric, objects } from "../../src/frame/index.ts";
import { described } from "./describe.ts";

const keys = new DataFrame({
  simulation_id: numeric("int64", Float64Array.of(0, 0, 1)),
  // Categories not sorted, as a table built by hand may have them.
  neuron_class: new CategoricalColumn(Int8Array.of(1, 0, 2), ["L9", "L2", "L1"]),
  label: objects(["a", "b", "c"]),
});

describe("keyedTable", () => {
  test("rows in any group order; a group without rows leaves no category behind", () => {
    const frame = new DataFrame({ x: numeric("float64", Float64Array.of(10, 11, 12, 13, 14)) });
    const groupOf = Int32Array.of(2, 2, 0, 2, 0);
    const table = keyedTable({ frame, groupOf }, keys, true);
    assert.deepEqual(described(table), {
      index: ["simulation_id", "neuron_class", "label"],
      columns: ["simulation_id:int64", "neuron_class:category", "label:object", "x:float64"],
      categories: [null, ["L1", "L2"], null, null],
      rows: [
        { simulation_id: 1, neuron_class: "L1", label: "c", x: 10 },
        { simulation_id: 1, neuron_class: "L1", label: "c", x: 11 },
        { simulation_id: 0, neuron_class: "L2", label: "a", x: 12 },
        { simulation_id: 1, neuron_class: "L1", label: "c", x: 13 },
        { simulation_id: 0, neuron_class: "L2", label: "a", x: 14 },
      ],
      attrs: {},
    });
  });

  test("multi_index: false keeps BlueETL's dtype of a key column (int16), and no rows gives an empty table", () => {
    const frame = new DataFrame({ x: numeric("float64", Float64Array.of(1, 2)) });
    const table = keyedTable({ frame, groupOf: Int32Array.of(1, 1) }, keys, false);
    assert.deepEqual(described(table).columns, ["simulation_id:int16", "neuron_class:category", "label:object", "x:float64"]);
    assert.deepEqual(described(table).categories[1], ["L9"]);
    assert.deepEqual(table.records(), [
      { simulation_id: 0, neuron_class: "L9", label: "b", x: 1 },
      { simulation_id: 0, neuron_class: "L9", label: "b", x: 2 },
    ]);
    const empty = keyedTable({ frame: frame.slice(0, 0), groupOf: new Int32Array(0) }, keys, true);
    assert.equal(empty.length, 0);
    assert.deepEqual(described(empty).columns, ["simulation_id:int64", "neuron_class:category", "label:object", "x:float64"]);
  });
});
