/**
 * What the cache may write and what it keeps: names that are not plain file names are refused
 * when the config loads, empty features tables are stored and read back, a changed input file
 * rebuilds the tables made from it, and bad configs fail with the key and the rule.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type Scene, cachedTables, changes, makeScene, rewriteSpikes, snapshot } from "./scene.ts";

/** A failed run: exit code 1, the message, and nothing changed in the scene (its cache included, when it had none). */
function assertRefused(scene: Scene, message: RegExp, args = ["run", scene.config]): void {
  const before = snapshot(scene.dir, [scene.cache]);
  const result = scene.run(args);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, message);
  assert.deepEqual(changes(before, snapshot(scene.dir, [scene.cache])), []);
}

describe("names and configs", () => {
  test("analysis and features names with '..' or '/' are refused when the config loads, nothing is written", async () => {
    const scene = await makeScene();
    const original = (c: any) => c.analysis.spikes;
    scene.edit((c) => {
      c.analysis["../../bystander"] = original(c);
      delete c.analysis.spikes;
    });
    assertRefused(scene, /analysis\.\.\.\/\.\.\/bystander: the analysis name '\.\.\/\.\.\/bystander' cannot be used as a file name in the cache: it holds a '\/'/, ["run", "--clear-cache", scene.config]);
    assert.ok(!existsSync(scene.cache), "the cache folder was created");
    scene.edit((c) => {
      c.analysis.spikes = c.analysis["../../bystander"];
      delete c.analysis["../../bystander"];
      c.analysis.spikes.features.push({ type: "single", name: "../../../../x", groupby: ["simulation_id"], function: "f.ts:f" });
    });
    assertRefused(scene, /features\[1\]: the features name '\.\.\/\.\.\/\.\.\/\.\.\/x' cannot be used as a file name/);
    scene.edit((c) => (c.analysis.spikes.features[1].name = "a/b"));
    assertRefused(scene, /the features name 'a\/b' cannot be used as a file name in the cache: it holds a '\/'/);
    scene.edit((c) => (c.analysis.spikes.features[1].name = ".hidden"));
    assertRefused(scene, /the features name '\.hidden' cannot be used as a file name in the cache: it starts with '\.'/);
    scene.edit((c) => {
      c.analysis.spikes.features.pop();
      c.analysis.spikes.features[0].suffix = "/../../x";
    });
    assertRefused(scene, /features\[0\]\.suffix: '\/\.\.\/\.\.\/x_0' cannot end a file name in the cache: it holds a '\/'/);
  });

  test("features naming windows or neuron classes the extraction lacks are refused (BlueETL: 'The query returned 0 records.')", async () => {
    const scene = await makeScene();
    scene.edit((c) => (c.analysis.spikes.features[0].windows = ["spont", "nope"]));
    assertRefused(scene, /analysis\.spikes\.features\[0\]\.windows: 'nope' is not in extraction\.windows \(defined: spont, evoked\)/);
    scene.edit((c) => {
      delete c.analysis.spikes.features[0].windows;
      c.analysis.spikes.features[0].neuron_classes = ["L9_EXC"];
    });
    assertRefused(scene, /features\[0\]\.neuron_classes: 'L9_EXC' is not in extraction\.neuron_classes \(defined: L1_INH, /);
  });

  test("a negative limit or n_trials, a bad simulations_filter, a cache path that is a file: the key and the rule", async () => {
    const scene = await makeScene();
    scene.edit((c) => (c.analysis.spikes.extraction.limit = -5));
    assertRefused(scene, /analysis\.spikes\.extraction\.limit: expected an integer >= 0/);
    scene.edit((c) => {
      delete c.analysis.spikes.extraction.limit;
      c.analysis.spikes.extraction.windows.evoked.n_trials = -3;
    });
    assertRefused(scene, /analysis\.spikes\.extraction\.windows\.evoked\.n_trials: expected an integer >= 0/);
    scene.edit((c) => {
      c.analysis.spikes.extraction.windows.evoked.n_trials = 3;
      c.simulations_filter = { nope: 1 };
    });
    assertRefused(scene, /simulations_filter \{"nope":1\}: unknown column or index level 'nope'/);
    scene.edit((c) => {
      delete c.simulations_filter;
      c.cache.path = "bystander/notes.txt";
    });
    assertRefused(scene, /cannot create the cache folder .*bystander\/notes\.txt.*ENOTDIR/);
  });
});

describe("what the cache keeps", () => {
  test("empty features tables are stored and read back, by a warm run and by an export", async () => {
    const scene = await makeScene();
    const source = JSON.stringify(join(import.meta.dirname, "..", "..", "src", "index.ts"));
    writeFileSync(
      join(scene.dir, "empty.ts"),
      `import { DataFrame, numeric } from ${source};
export const nothing = () => new DataFrame({ count: numeric("int64", []), rate: numeric("float64", []) });
export const some = () => ({ none: new DataFrame({ x: numeric("float64", []) }), one: new DataFrame({ x: numeric("float64", [1]) }) });
`,
    );
    scene.edit((c) => {
      const groupby = ["simulation_id", "circuit_id", "neuron_class"];
      c.analysis.spikes.features.push({ type: "single", name: "nothing", groupby, function: "empty.ts:nothing" });
      c.analysis.spikes.features.push({ type: "multi", groupby, function: "empty.ts:some" });
    });
    const cold = scene.run(["run", scene.config]);
    assert.equal(cold.status, 0, cold.stderr);
    const tables = cachedTables(join(scene.cache, "spikes")) as Record<string, { rows: unknown[]; names: string[]; index: string[] }>;
    assert.deepEqual(tables["features/nothing.parquet"]!.rows, []);
    assert.deepEqual(tables["features/nothing.parquet"]!.names, ["simulation_id", "circuit_id", "neuron_class", "count", "rate"]);
    assert.deepEqual(tables["features/nothing.parquet"]!.index, ["simulation_id", "circuit_id", "neuron_class"]);
    assert.deepEqual(tables["features/none.parquet"]!.rows, []);
    assert.equal(tables["features/one.parquet"]!.rows.length, 12);
    const warm = scene.run(["export", "-v", scene.config, "--to", join(scene.dir, "exported")]);
    assert.equal(warm.status, 0, warm.stderr);
    assert.match(warm.stderr, /features configs read from the cache, 0 calculated/);
    assert.ok(readdirSync(join(scene.dir, "exported", "spikes", "features")).includes("nothing.parquet"));
  });

  test("a spikes file changed after the run rebuilds the report and what follows, says which file with -v, and equals a clean run", async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    await rewriteSpikes(scene.spikesFile(1), (_, times) => {
      for (let i = 0; i < times.length; i++) times[i] = times[i]! * 0.5;
    });
    const rerun = scene.run(["run", "-v", scene.config]);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stderr, /spikes: .*campaign\/1\/reporting\/spikes\.h5 changed since the cache was written \(size .* bytes, modified .* -> .*\): 'report' and the tables after it are rebuilt/);
    assert.match(rerun.stderr, /spikes: windows read from the cache/);
    const rebuilt = cachedTables(join(scene.cache, "spikes"));
    assert.equal(scene.run(["run", "--clear-cache", scene.config]).status, 0);
    assert.deepEqual(rebuilt, cachedTables(join(scene.cache, "spikes")));
    // A touched circuit file (same bytes, new time) rebuilds from the neurons on; the simulations stay.
    const nodes = join(scene.campaign, "circuit", "nodes.h5");
    utimesSync(nodes, new Date(), new Date(Date.now() + 5000));
    const touched = scene.run(["run", "-v", scene.config]);
    assert.match(touched.stderr, /circuit\/nodes\.h5 changed since the cache was written .*: 'neurons' and the tables after it are rebuilt/);
    assert.match(touched.stderr, /spikes: simulations read from the cache/);
    assert.match(touched.stderr, /spikes: neurons extracted/);
  });

  test("--clear-cache deletes the cache's own folders only; a folder of the cache that links elsewhere is never written", async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    writeFileSync(join(scene.cache, "spikes", "my-notes.txt"), "kept");
    const cleared = scene.run(["run", "--clear-cache", scene.config]);
    assert.equal(cleared.status, 0, cleared.stderr);
    assert.ok(existsSync(join(scene.cache, "spikes", "my-notes.txt")));
    rmSync(join(scene.cache, "spikes", "features"), { recursive: true });
    symlinkSync(join(scene.dir, "bystander"), join(scene.cache, "spikes", "features"));
    assertRefused(scene, /refusing to write .*cache\/spikes\/features\/.*: .*cache\/spikes\/features leads to .*bystander, outside the cache folder/);
  });

  test("a read-only run on a cache that does not match names the files and the reason", async () => {
    const scene = await makeScene();
    assert.equal(scene.run(["run", scene.config]).status, 0);
    await rewriteSpikes(scene.spikesFile(0), () => {});
    const before = snapshot(scene.dir, []);
    const result = scene.run(["run", "--readonly-cache", scene.config]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /is read-only, but it does not match the config \(\d+ invalid files: repo\/report\.parquet, features\/.*, \.\.\.\); .*spikes\.h5 changed since the cache was written/);
    assert.deepEqual(changes(before, snapshot(scene.dir, [])), []);
  });
});
