/**
 * The batched kernel of BlueETL's calculate_features_multi gives exactly the tables of the
 * function called group by group (the golden cases check both against Python on small data;
 * this checks them against each other on a generated campaign with thousands of groups' rows).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeFeatures } from "../../src/features/index.ts";
import { CategoricalColumn, type DataFrame, runFromFile } from "../../src/index.ts";
import { makeProject, recordingLogger } from "../cache/project.ts";

function described(df: DataFrame) {
  return {
    index: df.indexNames,
    dtypes: df.names.map((n) => `${n}:${df.column(n).dtype}`),
    categories: df.names.map((n) => (df.column(n) instanceof CategoricalColumn ? (df.column(n) as CategoricalColumn).categories : null)),
    rows: df.records(),
    attrs: df.attrs,
  };
}

describe("calculate_features_multi batched", () => {
  test("equals the per-group function, with and without multi_index, for a subset of classes and windows", async () => {
    const project = await makeProject({ neurons: 1500, neuronClasses: 8, windows: 3 });
    project.edit((c) => {
      const bnac = c.analysis.spikes.features[0];
      c.analysis.spikes.features = [
        bnac,
        { ...bnac, params_product: {}, multi_index: false },
        { ...bnac, params_product: {}, neuron_classes: ["L4_EXC", "L1_INH"], windows: ["evoked"], params: { export_all_neurons: true, extra: 1 } },
      ];
    });
    const ma = await runFromFile(project.config, { calculate: false, logger: recordingLogger() });
    try {
      const spikes = ma.analysis("spikes");
      const tables = spikes.repo.tables();
      const configs = spikes.config.features;
      const batched = (await computeFeatures(configs, tables, { basePath: project.dir })).tables;
      const perGroup = (await computeFeatures(configs, tables, { basePath: project.dir, perGroup: true })).tables;
      assert.equal(batched.length, configs.length);
      batched.forEach((result, c) => {
        assert.deepEqual(Object.keys(result).sort(), Object.keys(perGroup[c]!).sort());
        for (const name of Object.keys(result)) assert.deepEqual(described(result[name]!), described(perGroup[c]![name]!), `${c}: ${name}`);
      });
      assert.ok(tables.report.length > 5000);
    } finally {
      await ma.close();
    }
  });
});
