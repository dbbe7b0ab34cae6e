/**
 * The batched kernels of BlueETL's built-in functions (calculate_features_multi,
 * calculate_features_by_simulation_circuit) give exactly the tables of the functions called group
 * by group (the golden cases check both against Python on small data; this checks them against
 * each other on generated campaigns with thousands of rows per group).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeFeatures } from "../../src/features/index.ts";
import { runFromFile } from "../../src/index.ts";
import { described } from "./describe.ts";
import { makeProject, recordingLogger } from "../cache/project.ts";
import { fixtureCampaign } from "../fixtures.ts";


async function assertBatchedEqualsPerGroup(configs: Parameters<typeof computeFeatures>[0], tables: Parameters<typeof computeFeatures>[1], basePath: string) {
  const batched = (await computeFeatures(configs, tables, { basePath })).tables;
  const perGroup = (await computeFeatures(configs, tables, { basePath, perGroup: true })).tables;
  assert.equal(batched.length, configs.length);
  batched.forEach((result, c) => {
    assert.deepEqual(Object.keys(result).sort(), Object.keys(perGroup[c]!).sort());
    for (const name of Object.keys(result)) assert.deepEqual(described(result[name]!), described(perGroup[c]![name]!), `${c}: ${name}`);
  });
}

describe("built-in feature functions batched", () => {
  test("calculate_features_multi: equals the per-group function, with and without multi_index, for a subset of classes and windows", async () => {
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
      await assertBatchedEqualsPerGroup(spikes.config.features, tables, project.dir);
      assert.ok(tables.report.length > 5000);
    } finally {
      await ma.close();
    }
  });

  test("calculate_features_by_simulation_circuit: equals the per-group function, neurons without a report included, rows in any order", async () => {
    const campaign = await fixtureCampaign({ neurons: 800, somaNodes: 60, analyses: "both" });
    const ma = await runFromFile(campaign.analysisConfig, { calculate: false, clearCache: true, logger: recordingLogger() });
    try {
      const soma = ma.analysis("soma");
      const tables = soma.repo.tables();
      assert.ok(tables.report.length > 50000);
      await assertBatchedEqualsPerGroup(soma.config.features, tables, campaign.out);
      const subset = { ...soma.config.features[0]!, neuron_classes: ["L4_EXC", "ALL_INH"], windows: ["evoked"] };
      await assertBatchedEqualsPerGroup([subset], tables, campaign.out);
      // A report in time order: a neuron's frames of a trial are no longer rows one after the other.
      await assertBatchedEqualsPerGroup(soma.config.features, { ...tables, report: tables.report.sortBy(["time", "gid"]) }, campaign.out);
    } finally {
      await ma.close();
    }
  });
});
