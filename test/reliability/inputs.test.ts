/**
 * Bad SONATA inputs, made with the project's own writers: the run stops with a message naming
 * the file and what is wrong (or, for a by_time file that is not sorted, reads it exactly and
 * warns), never a silently wrong table; nothing outside the cache folder changes.
 */
import assert from "node:assert/strict";
import { copyFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FrameReportReader } from "../../src/sonata/index.ts";
import { FrameReportWriter } from "../../src/sonata/write/writers.ts";
import { POPULATION, type Scene, cachedTables, changes, makeScene, rewriteSpikes, snapshot } from "./scene.ts";

/** Run, and check that it failed with exit code 1, a message matching `message`, and nothing changed outside the cache. */
function assertRefused(scene: Scene, message: RegExp, args = ["run", scene.config]): string {
  const before = snapshot(scene.dir, [scene.cache]);
  const result = scene.run(args);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /HDF5-DIAG|at position \d/);
  assert.deepEqual(changes(before, snapshot(scene.dir, [scene.cache])), []);
  return result.stderr;
}

describe("bad SONATA inputs", () => {
  test("NaN timestamps in a by_time file: the file, the population and the first bad row", async () => {
    const scene = await makeScene();
    await rewriteSpikes(scene.spikesFile(1), (_, times) => {
      for (const row of [100, 2000, 2001]) times[row] = NaN;
    });
    assertRefused(scene, /campaign\/1\/reporting\/spikes\.h5: population 'S1nonbarrel_neurons': timestamp NaN at row 100 of 'timestamps' is not a finite number/);
  });

  test("a file that says by_time and is not sorted is read as unsorted, with a warning, to the same tables", async () => {
    const scene = await makeScene();
    const clean = scene.run(["run", scene.config]);
    assert.equal(clean.status, 0, clean.stderr);
    const expected = cachedTables(join(scene.cache, "spikes"));
    // The same spikes, in reverse order, still marked by_time.
    await rewriteSpikes(scene.spikesFile(0), (nodeIds, times) => {
      nodeIds.reverse();
      times.reverse();
    });
    const shuffled = scene.run(["run", "--clear-cache", scene.config]);
    assert.equal(shuffled.status, 0, shuffled.stderr);
    assert.match(shuffled.stderr, /WARNING blueetl: .*campaign\/0\/reporting\/spikes\.h5: population 'S1nonbarrel_neurons' says it is sorted by_time, but timestamp .* at row 1 comes after .*: it is read as unsorted/);
    const actual = cachedTables(join(scene.cache, "spikes"));
    // Spikes of equal times come in file order: compare the report as a set of rows, everything else exactly.
    const sortRows = (t: any) => ({ ...t, rows: [...t.rows].sort((a: any, b: any) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1) });
    assert.deepEqual(sortRows(actual["repo/report.parquet"]), sortRows(expected["repo/report.parquet"]));
    for (const name of Object.keys(expected).filter((n) => n.startsWith("features/"))) assert.deepEqual(actual[name], expected[name], name);
  });

  test("a node id beyond the node population: the file, the row and the population's size", async () => {
    const scene = await makeScene();
    await rewriteSpikes(scene.spikesFile(0), (nodeIds) => {
      nodeIds[7] = 300;
    });
    assertRefused(scene, /spikes\.h5: population 'S1nonbarrel_neurons': node id 300 at row 7 of 'node_ids' is not in the node population \(300 nodes\)/);
  });

  test("a truncated spikes file: one line saying so, no HDF5-DIAG, from run and from inspect", async () => {
    const scene = await makeScene();
    truncateSync(scene.spikesFile(0), 5000);
    assertRefused(scene, /spikes\.h5: the HDF5 file is truncated: it has 5000 bytes, its superblock says \d+/);
    const inspected = scene.run(["inspect", scene.spikesFile(0)]);
    assert.equal(inspected.status, 1);
    assert.equal(inspected.stderr.trim().split("\n").length, 1, inspected.stderr);
    assert.match(inspected.stderr, /the HDF5 file is truncated/);
  });

  test("a node sets file that is not JSON: the file, the line and the column", async () => {
    const scene = await makeScene();
    scene.edit((c) => (c.analysis.spikes.extraction.node_set = "All"));
    writeFileSync(join(scene.campaign, "circuit", "node_sets.json"), '{\n  "All": {"population": "S1nonbarrel_neurons"},\n  "Broken": {"layer": [1 2]}\n}\n');
    assertRefused(scene, /node_sets\.json: invalid JSON: .* at line 3, column 26/);
  });
});

describe("bad frame reports", () => {
  /** Rewrite the soma report of simulation 0 with the project's writer: same frames, the layout changed. */
  async function rewriteReport(scene: Scene, layout: (nodeIds: Uint32Array) => { nodeIds: Uint32Array; indexPointers?: BigUint64Array }): Promise<void> {
    const path = join(scene.campaign, "campaign", "0", "reporting", "soma.h5");
    copyFileSync(path, `${path}.orig`);
    const reader = await FrameReportReader.open(`${path}.orig`);
    const report = reader.population(POPULATION);
    const frames = report.get();
    const changed = layout(report.nodeIds);
    const writer = await FrameReportWriter.create(path, POPULATION, { ...changed, times: report.times });
    writer.appendFrames(frames.data);
    writer.close();
    reader.close();
  }

  const somaScene = () => makeScene({ somaNodes: 20, analyses: "soma" });

  test("index pointers past the data's columns", async () => {
    const scene = await somaScene();
    await rewriteReport(scene, (nodeIds) => {
      const pointers = BigUint64Array.from({ length: nodeIds.length + 1 }, (_, i) => BigInt(i));
      pointers[nodeIds.length] = 540957n;
      return { nodeIds, indexPointers: pointers };
    });
    assertRefused(scene, /soma\.h5: 'report\/S1nonbarrel_neurons\/mapping\/index_pointers' end at column 540957, but 'report\/S1nonbarrel_neurons\/data' has 20 columns/);
  });

  test("two index pointers swapped", async () => {
    const scene = await somaScene();
    await rewriteReport(scene, (nodeIds) => {
      const pointers = BigUint64Array.from({ length: nodeIds.length + 1 }, (_, i) => BigInt(i));
      [pointers[3], pointers[4]] = [pointers[4]!, pointers[3]!];
      return { nodeIds, indexPointers: pointers };
    });
    assertRefused(scene, /index_pointers' decrease at 4 \(4 then 3\)/);
  });

  test("a t_step that the report's dt cannot step: the window, the report and the simulation", async () => {
    const scene = await somaScene();
    scene.edit((c) => (c.analysis.soma.extraction.windows.spont.t_step = 0.001));
    assertRefused(scene, /window 'spont', report 'soma' of .*campaign\/0\/simulation_config\.json \(dt 0\.1\): Invalid t_step=0\.001\. It should be None or a multiple of 0\.1\./);
  });

  test("a node id twice in the mapping", async () => {
    const scene = await somaScene();
    await rewriteReport(scene, (nodeIds) => {
      const ids = nodeIds.slice();
      ids[5] = ids[2]!;
      return { nodeIds: ids };
    });
    assertRefused(scene, /soma\.h5: 'report\/S1nonbarrel_neurons\/mapping\/node_ids' holds node \d+ twice \(at 2 and 5\)/);
  });
});
