/**
 * Category codes take the width pandas gives them (int8 below 128 categories, int16 below 32768):
 * the report of a real campaign, a categorical built from strings, and a table read back from
 * Parquet all hold codes of that width and the same values.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeTable, encodeTable } from "../../src/cache/index.ts";
import { CategoricalColumn, DataFrame, categorical, numeric } from "../../src/frame/index.ts";
import { runFromFile } from "../../src/index.ts";
import { fixtureCampaign } from "../fixtures.ts";

const names = (n: number) => Array.from({ length: n }, (_, i) => `class_${String(i).padStart(4, "0")}`);

describe("category codes", () => {
  test("int8 below 128 categories, int16 from 128, with the values they had", () => {
    const few = categorical(["b", null, "a", "b"]);
    assert.ok(few.codes instanceof Int8Array);
    assert.deepEqual(Array.from({ length: 4 }, (_, i) => few.get(i)), ["b", null, "a", "b"]);
    const many = categorical(names(200));
    assert.ok(many.codes instanceof Int16Array);
    assert.equal(many.get(199), "class_0199");
    assert.ok(many.take([199, 0]).codes instanceof Int16Array);
  });

  test("a table read back from Parquet has codes as narrow as its categories", async () => {
    const values = names(300);
    const frame = new DataFrame({
      wide: new CategoricalColumn(Int32Array.from(values, (_, i) => (i % 7 === 0 ? -1 : i)), values),
      narrow: new CategoricalColumn(Int32Array.from(values, (_, i) => i % 3), ["x", "y", "z"]),
      n: numeric("int64", values.map((_, i) => i)),
    });
    const read = decodeTable(await encodeTable(frame, "parquet"), "parquet");
    const [wide, narrow] = [read.column("wide"), read.column("narrow")] as CategoricalColumn[];
    assert.ok(wide!.codes instanceof Int16Array, wide!.codes.constructor.name);
    assert.ok(narrow!.codes instanceof Int8Array, narrow!.codes.constructor.name);
    assert.deepEqual(read.records(), frame.records());
  });

  test("the report's neuron_class and window codes are int8", async () => {
    const campaign = await fixtureCampaign();
    const ma = await runFromFile(campaign.analysisConfig, { calculate: false });
    try {
      const report = ma.analysis("spikes").repo.df("report");
      for (const name of ["neuron_class", "window"]) assert.ok((report.column(name) as CategoricalColumn).codes instanceof Int8Array, name);
    } finally {
      await ma.close();
    }
  });
});
