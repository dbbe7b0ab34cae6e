/** The analyzers from TypeScript: filters in memory, missing simulations, one group to try a function on. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MultiAnalyzer, type NumericColumn, runFromFile } from "../../src/index.ts";
import { makeProject, recordingLogger } from "../cache/project.ts";

const openAgain = (config: string) => MultiAnalyzer.fromFile(config, { logger: recordingLogger() });
const ids = (df: { column(n: string): unknown }) => [...new Set((df.column("simulation_id") as NumericColumn).values)];

describe("the analysis API", () => {
  test("applyFilter: filtered copies in memory, the original untouched; missingSimulations; tryOne", async () => {
    const project = await makeProject();
    const unfiltered = await runFromFile(project.config, { logger: recordingLogger(), extract: false, calculate: false });
    assert.equal(await unfiltered.applyFilter(), unfiltered, "no filter anywhere: the same analyzers");
    await unfiltered.close();
    project.edit((c) => (c.simulations_filter_in_memory = { simulation_id: 1 }));
    const ma = await runFromFile(project.config, { logger: recordingLogger() });
    try {
      const spikes = ma.analysis("spikes");
      assert.equal((ma as unknown as Record<string, unknown>)["spikes"], spikes);
      const filtered = (await ma.applyFilter()).analysis("spikes");
      assert.deepEqual(ids(filtered.repo.simulations.df), [1]);
      assert.deepEqual(ids(filtered.repo.report.df), [1]);
      assert.deepEqual(ids(filtered.features.get("spike_counts").df), [1]);
      assert.deepEqual(ids(spikes.repo.report.df), [0, 1]);
      assert.equal(
        filtered.repo.report.df.length,
        spikes.repo.report.df.q({ simulation_id: 1 }).length,
      );
      const missing = await filtered.missingSimulations();
      assert.deepEqual(missing.indexNames, ["index"]);
      assert.deepEqual(missing.records().map((r) => r["index"]), [0]);
      assert.equal((await spikes.missingSimulations()).length, 0);

      const { key, df } = spikes.tryOne(["simulation_id", "neuron_class"]);
      assert.deepEqual(Object.keys(key), ["simulation_id", "neuron_class"]);
      assert.ok(df.length > 0);
      assert.equal(df.length, spikes.repo.report.df.q(key as Record<string, string | number>).length);
      assert.match(ma.show(), /Analysis: spikes[\s\S]*Extraction: report[\s\S]*Features: spike_counts/);
      await filtered.close();
      assert.throws(() => openAgain(project.config), /Another process is locking/, "closing the filtered copy kept the lock");
    } finally {
      await ma.close();
    }
  });
});
