/**
 * The cache never changes a value: a features table of every dtype, with the values that are
 * easy to lose (NaN, infinities, -0.0, the smallest subnormal, int64 near 2^63, empty strings,
 * null), is the same bit for bit when a second run reads it back, in Parquet and in Feather; and
 * a value a dtype cannot hold is refused where the table is made, naming the column.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CategoricalColumn, type DataFrame, DataFrame as Frame, NumericColumn, ObjectColumn, numeric, runFromFile } from "../../src/index.ts";
import { makeProject } from "./project.ts";

/** The user function: one table of every dtype, the same for every group. */
const MODULE = `
import { categorical, objects } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).href)};
export function everyDtype() {
  return new DataFrame({
    bool: numeric("bool", [0, 1, 1, 0, 1, 0]),
    int8: numeric("int8", [-128, 127, 0, -1, 1, 0]),
    int16: numeric("int16", [-32768, 32767, 0, -1, 1, 0]),
    int32: numeric("int32", [-(2 ** 31), 2 ** 31 - 1, 0, -1, 1, 0]),
    int64: numeric("int64", [-(2 ** 63), 2 ** 63 - 1024, 2 ** 53, -(2 ** 53) - 2, -1, 0]),
    uint8: numeric("uint8", [0, 255, 1, 2, 3, 4]),
    uint16: numeric("uint16", [0, 65535, 1, 2, 3, 4]),
    uint32: numeric("uint32", [0, 2 ** 32 - 1, 1, 2, 3, 4]),
    float32: numeric("float32", [NaN, Infinity, -Infinity, -0, 1.401298464324817e-45, 3.4028234663852886e38]),
    float64: numeric("float64", [NaN, Infinity, -Infinity, -0, 5e-324, 1.7976931348623157e308]),
    category: categorical(["b", null, "", "a", "b", "é"]),
    object: objects(["", null, "x", "ünïcode", "", "0"]),
  });
}
`;

/** The features table of the run, and the bytes (or values) of each column. */
async function features(config: string): Promise<{ table: DataFrame; columns: Record<string, unknown> }> {
  const ma = await runFromFile(config, { logLevel: "error" });
  try {
    const table = ma.analysis("spikes").features.get("dtypes").df;
    const columns = Object.fromEntries(table.names.map((name) => [name, content(table, name)]));
    return { table, columns };
  } finally {
    await ma.close();
  }
}

function content(table: DataFrame, name: string): unknown {
  const column = table.column(name);
  if (column instanceof NumericColumn) return { dtype: column.dtype, bytes: Buffer.from(column.values.buffer, column.values.byteOffset, column.values.byteLength).toString("hex") };
  if (column instanceof CategoricalColumn) return { dtype: "category", values: Array.from({ length: column.length }, (_, i) => column.get(i)) };
  if (column instanceof ObjectColumn) return { dtype: "object", values: [...column.values] };
  return column.dtype;
}

describe("the cache keeps every value", () => {
  for (const store of ["parquet", "feather"] as const) {
    test(`every dtype, bit for bit, through ${store}`, async () => {
      const project = await makeProject();
      project.writeModule(MODULE);
      project.edit((c) => {
        c.cache.store_type = store;
        c.analysis.spikes.features = [{ type: "single", name: "dtypes", groupby: ["simulation_id", "circuit_id"], function: "user-features.ts:everyDtype" }];
      });
      const first = await features(project.config);
      const second = await features(project.config);
      assert.deepEqual(second.columns, first.columns);
      // The values are those the function made (first run, computed in memory).
      const float64 = first.table.column("float64") as NumericColumn;
      assert.ok(Number.isNaN(float64.values[0]) && Object.is(float64.values[3], -0) && float64.values[4] === 5e-324);
      assert.equal((first.table.column("int64") as NumericColumn).values[1], 2 ** 63 - 1024);
      assert.deepEqual((second.table.column("object") as ObjectColumn).values.slice(0, 6), ["", null, "x", "ünïcode", "", "0"]);
      assert.deepEqual(Array.from({ length: 6 }, (_, i) => second.table.column("category").get(i)), ["b", null, "", "a", "b", "é"]);
    });
  }

  test("a value its dtype cannot hold is refused when the table is made, naming the column", () => {
    const refused: Array<[string, () => unknown, RegExp]> = [
      ["int64 2.5", () => numeric("int64", [1, 2.5]), /column 'x': 2\.5 \(row 1\) cannot be held by an int64 column/],
      ["int64 NaN", () => numeric("int64", new Float64Array([NaN])), /column 'x': NaN \(row 0\) cannot be held by an int64 column/],
      ["int64 2^63", () => numeric("int64", [2 ** 63]), /column 'x': 9223372036854776000 \(row 0\) cannot be held by an int64 column/],
      ["int8 300", () => numeric("int8", [300]), /column 'x': 300 \(row 0\) cannot be held by an int8 column: it holds integers from -128 to 127/],
      ["uint8 -1", () => numeric("uint8", [-1]), /column 'x': -1 \(row 0\) cannot be held by an uint8 column/],
      ["bool 2", () => numeric("bool", [2]), /column 'x': 2 \(row 0\) is not a bool/],
      ["float32 1e39", () => numeric("float32", [1e39]), /column 'x': 1e\+39 \(row 0\) does not fit in a float32/],
    ];
    for (const [what, make, message] of refused) assert.throws(() => new Frame({ x: make() as NumericColumn }), message, what);
    // What the dtypes hold passes, -0 of an integer dtype is 0, and a float32 is rounded as numpy does.
    const held = new Frame({ a: numeric("int64", [-0, 2 ** 53 + 2, 7]), b: numeric("float32", [0.1, Infinity, NaN]) });
    assert.ok(Object.is((held.column("a") as NumericColumn).values[0], 0));
    assert.equal((held.column("b") as NumericColumn).values[0], Math.fround(0.1));
    assert.throws(() => new Frame({ x: [1, 2] as never }), /column 'x' is an array, not a column: make it with numeric\(dtype, values\)/);
  });
});
