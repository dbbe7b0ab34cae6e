/**
 * User feature functions gone wrong: each mistake is a clear error naming the function (and the
 * group, when one group fails), the command line exits with 1, and nothing is cached for it.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FeaturesError, runFromFile } from "../../src/index.ts";
import { makeProject, recordingLogger } from "../cache/project.ts";
import { blueetl } from "../cli.ts";

async function failure(project: Awaited<ReturnType<typeof makeProject>>): Promise<Error> {
  try {
    const ma = await runFromFile(project.config, { logger: recordingLogger() });
    await ma.close();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the run did not fail");
}

describe("user feature functions: bad input", () => {
  test("a function that throws: the error names the function and the group key; the CLI exits with 1", async () => {
    const project = await makeProject();
    project.writeModule(`export function spikeCounts({ key }: any) {
  if (key.neuron_class === "L4_EXC") throw new Error("no spikes for you");
  return new DataFrame({ n: numeric("int64", [1]) });
}`);
    const error = await failure(project);
    assert.ok(error instanceof FeaturesError);
    assert.match(error.message, /feature function 'user-features\.ts:spikeCounts' failed for the group \{simulation_id: 0, circuit_id: 0, neuron_class: "L4_EXC"\}: no spikes for you/);
    const cli = blueetl(["run", project.config]);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /^blueetl: feature function 'user-features\.ts:spikeCounts' failed for the group .*L4_EXC.*no spikes for you/m);
    assert.ok(!existsSync(join(project.dir, "analysis_output", "spikes", "features", "spike_counts.parquet")));
  });

  test("a function that returns something other than a table", async () => {
    const project = await makeProject();
    project.writeModule("export const spikeCounts = () => [1, 2, 3];");
    assert.match((await failure(project)).message, /'user-features\.ts:spikeCounts', group \{simulation_id: 0, .*\}: Expected a DataFrame, not an array/);
    project.edit((c) => (c.analysis.spikes.features[1].type = "multi"));
    project.writeModule("export const spikeCounts = () => ({ counts: 42 });");
    assert.match((await failure(project)).message, /Expected a DataFrame, not number \(for 'counts'\)/);
  });

  test("two features configs that make tables of the same name", async () => {
    const project = await makeProject();
    project.edit((c) => c.analysis.spikes.features.push({ ...c.analysis.spikes.features[1], params: { scale: 3 } }));
    assert.match((await failure(project)).message, /Overlapping features dataframes aren't allowed: \["spike_counts"\]/);
  });

  test("a missing module, or a module without the export", async () => {
    const project = await makeProject();
    project.edit((c) => (c.analysis.spikes.features[1].function = "lost/features.ts:spikeCounts"));
    assert.match((await failure(project)).message, /'lost\/features\.ts:spikeCounts': the module .*lost\/features\.ts does not exist/);
    project.edit((c) => (c.analysis.spikes.features[1].function = "user-features.ts:spikeCount"));
    assert.match((await failure(project)).message, /user-features\.ts has no exported function 'spikeCount' \(it exports: spikeCounts\)/);
    project.edit((c) => (c.analysis.spikes.features[1].function = "calculate_features_multi"));
    assert.match((await failure(project)).message, /'calculate_features_multi' is not a built-in function .*name a module and its export as 'path\/to\/module\.ts:exportName'/);
    const cli = blueetl(["run", project.config]);
    assert.equal(cli.status, 1);
  });
});
